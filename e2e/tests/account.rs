//! Account actions on a profile (more-endpoints.md §3.1, §3.2, §3.5): an admin changes
//! someone's email (at once: unconfirmed, their sessions ended), with a malformed and a taken
//! address refused next to the field and the typed text kept; a password reset link for an
//! active person and, for an invitee, the invitation instead; an authenticator app reset by the
//! owner, and refused with the reason to a DocSpace admin. Each dialog checked by axe in light
//! and dark.

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    at_profile, button, field, field_value, find, journey, lit, screenshot, set_theme,
    sign_in_with_key, until, Sim,
};
use docspace_sim::model::{ActivationStatus, EmployeeStatus, EmployeeType, User};
use docspace_sim::portal::account::{EmailChangeKind, PasswordEmailKind};
use docspace_sim::{Role, SharedPortal};
use fantoccini::{Client, Locator};
use serde_json::json;

const THEMES: [&str; 2] = ["light", "dark"];

/// Waits for the toast saying `text` (which may hold an apostrophe).
async fn toast(c: &Client, text: &str) {
    find(
        c,
        &format!(
            "//ol[contains(@class,'toasts')]/li[.//span[contains(@class,'toast-message') and normalize-space(.)={}]]",
            lit(text)
        ),
    )
    .await;
}

/// The open dialog's button named `name`.
fn dialog_button(name: &str) -> String {
    format!("//dialog[@open]//button[normalize-space(.)='{name}']")
}

async fn click(c: &Client, xpath: &str) {
    find(c, xpath).await.click().await.unwrap();
}

/// Signs `user` in with their password through the portal's API, from the page (a real
/// `POST /api/2.0/authentication`), and returns the login token.
async fn sign_in_by_api(c: &Client, user: &User) -> String {
    let answer = c
        .execute_async(
            "const [email, password, done] = arguments;
             fetch('/api/2.0/authentication', {method: 'POST',
                 headers: {'Content-Type': 'application/json'},
                 body: JSON.stringify({userName: email, password})})
               .then(r => r.json()).then(b => done(b.response.token), e => done(String(e)));",
            vec![json!(user.email), json!(user.password)],
        )
        .await
        .unwrap();
    answer.as_str().expect("a token").to_string()
}

/// How many `method path` requests the simulator has received.
fn sent(sim_requests: &[docspace_sim::RecordedRequest], method: &str, path: &str) -> usize {
    sim_requests
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

/// The error shown next to the field labelled `label`.
async fn field_error(c: &Client, label: &str, text: &str) {
    find(
        c,
        &format!(
            "//p[@id=concat({}, '-error')][normalize-space(.)={}]",
            format_args!("{}/@id", field(label)),
            lit(text)
        ),
    )
    .await;
}

async fn typed(c: &Client, label: &str) -> String {
    find(c, &field(label))
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn type_new_email(c: &Client, text: &str) {
    let input = find(c, &field("New email")).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

fn with_app(portal: &SharedPortal) -> User {
    let p = portal.lock().unwrap();
    p.users
        .iter()
        .skip(5)
        .find(|u| {
            u.status == EmployeeStatus::Active
                && u.employee_type == EmployeeType::User
                && p.accounts.has_tfa_app(&u.id)
        })
        .cloned()
        .expect("a seeded person with an authenticator app")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_changes_an_email_and_the_persons_sessions_end() {
    let sim = Sim::start(40).await;
    let mut people = sim.active_users(2);
    let (person, other) = (people.remove(0), people.remove(0));
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey("account-email", move |c| async move {
        c.goto(&format!("{base}/people/{}", person.id))
            .await
            .unwrap();
        let token = sign_in_by_api(&c, &person).await;
        assert!(portal.lock().unwrap().token_works(&token));
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &person.display_name()).await;
        click(&c, &button("Change email…")).await;
        let said = find(&c, "//dialog[@open]").await.text().await.unwrap();
        assert!(
            said.contains("at once") && said.contains("Their API keys keep working"),
            "{said}"
        );
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the change-email dialog ({theme})")).await;
        }

        // Malformed: refused next to the field, nothing sent, the text kept.
        type_new_email(&c, "moved.example.com").await;
        click(&c, &dialog_button("Change email")).await;
        field_error(
            &c,
            "New email",
            "An email address needs an @, as in name@example.com.",
        )
        .await;
        assert_eq!(typed(&c, "New email").await, "moved.example.com");
        assert_eq!(
            sent(&faults.requests(), "POST", "/api/2.0/people/email"),
            0
        );

        // Taken: the portal's refusal next to the field, the text kept.
        type_new_email(&c, &other.email).await;
        click(&c, &dialog_button("Change email")).await;
        field_error(
            &c,
            "New email",
            "User with this email is already registered",
        )
        .await;
        assert_eq!(typed(&c, "New email").await, other.email);
        screenshot(&c, "account-email-taken").await;
        assert_eq!(portal.lock().unwrap().user(&person.id).unwrap().email, person.email);

        type_new_email(&c, "moved.person@example.com").await;
        click(&c, &dialog_button("Change email")).await;
        toast(
            &c,
            &format!(
                "{}'s email is now moved.person@example.com: their sessions have ended and the portal sent the activation email to the new address.",
                person.display_name()
            ),
        )
        .await;
        {
            let p = portal.lock().unwrap();
            let after = p.user(&person.id).unwrap();
            assert_eq!(after.email, "moved.person@example.com");
            assert_eq!(after.activation, ActivationStatus::NotActivated);
            assert!(!p.token_works(&token), "their login token is refused");
            let changes = &p.accounts.email_changes;
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].kind, EmailChangeKind::Set);
        }
        // Read back from the portal.
        find(&c, &field_value("Email", "moved.person@example.com")).await;
        find(&c, &field_value("Activation", "Email not confirmed")).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_for_an_active_person_and_the_invitation_for_an_invitee() {
    let sim = Sim::start(40).await;
    let person = sim.active_users(1).remove(0);
    let invitee = sim
        .people(1, |u| {
            u.status == EmployeeStatus::Pending && u.employee_type == EmployeeType::User
        })
        .remove(0);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("account-password", move |c| async move {
        c.goto(&format!("{base}/people/{}", person.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &person.display_name()).await;
        click(&c, &button("Send password reset link…")).await;
        let said = find(&c, "//dialog[@open]").await.text().await.unwrap();
        assert!(
            said.contains(&person.email) && said.contains("keeps working until then"),
            "{said}"
        );
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the password-reset dialog ({theme})")).await;
        }
        assert!(portal.lock().unwrap().accounts.password_emails.is_empty());
        click(&c, &dialog_button("Send reset link")).await;
        toast(
            &c,
            &format!(
                "The password change instruction has been sent to {} email address.",
                person.email
            ),
        )
        .await;

        c.goto(&format!("{base}/people/{}", invitee.id))
            .await
            .unwrap();
        at_profile(&c, &invitee.email).await;
        click(&c, &button("Send password reset link…")).await;
        let said = find(&c, "//dialog[@open]").await.text().await.unwrap();
        assert!(
            said.contains("has not joined yet: the portal sends the invitation again instead"),
            "{said}"
        );
        click(&c, &dialog_button("Send the invitation")).await;
        toast(
            &c,
            &format!(
                "The password change instruction has been sent to {} email address.",
                invitee.email
            ),
        )
        .await;
        let sent = portal.lock().unwrap().accounts.password_emails.clone();
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert_eq!(
            (sent[0].to.as_str(), sent[0].kind),
            (person.id.as_str(), PasswordEmailKind::ResetLink)
        );
        assert_eq!(
            (sent[1].to.as_str(), sent[1].kind),
            (invitee.id.as_str(), PasswordEmailKind::Invitation)
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_resets_an_authenticator_app_and_their_sessions_end() {
    let sim = Sim::start(40).await;
    let person = with_app(&sim.portal);
    let token = sim.portal.lock().unwrap().issue_token(&person.id);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey("account-tfa-owner", move |c| async move {
        c.goto(&format!("{base}/people/{}", person.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &person.display_name()).await;
        find(&c, &field_value("Authenticator app", "Set up")).await;
        screenshot(&c, "account-section-owner").await;
        click(&c, &button("Reset authenticator app…")).await;
        let said = find(&c, "//dialog[@open]").await.text().await.unwrap();
        assert!(
            said.contains("every session they have open ends")
                && said.contains("they set up an app again"),
            "{said}"
        );
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the authenticator-reset dialog ({theme})")).await;
        }
        assert!(portal.lock().unwrap().accounts.has_tfa_app(&person.id));
        click(&c, &dialog_button("Reset authenticator app")).await;
        toast(
            &c,
            &format!(
                "{}'s authenticator app was reset: their sessions have ended, and they set up an app at their next sign-in.",
                person.display_name()
            ),
        )
        .await;
        {
            let p = portal.lock().unwrap();
            assert!(!p.accounts.has_tfa_app(&person.id), "no app any more");
            assert!(!p.token_works(&token), "their sessions ended");
            assert_eq!(p.accounts.tfa_resets.len(), 1);
        }
        // Read back: nothing left to reset.
        find(&c, &field_value("Authenticator app", "Not set up")).await;
        until("the reset button to go", || async {
            c.find(Locator::XPath(&button("Reset authenticator app…")))
                .await
                .is_err()
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_docspace_admin_is_told_only_the_owner_resets_someone_elses_app() {
    let sim = Sim::start(40).await;
    let person = with_app(&sim.portal);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("account-tfa-admin", move |c| async move {
        c.goto(&format!("{base}/people/{}", person.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &person.display_name()).await;
        let reset = find(&c, &button("Reset authenticator app…")).await;
        assert_eq!(
            reset.attr("disabled").await.unwrap().as_deref(),
            Some("true")
        );
        let why = reset.attr("aria-describedby").await.unwrap().unwrap();
        let reason = find(&c, &format!("//*[@id='{why}']"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            reason.trim(),
            "Only the portal owner can reset someone else's authenticator app."
        );
        c.execute(
            "document.querySelector('section.account').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
        screenshot(&c, "account-section-admin").await;
        assert!(portal.lock().unwrap().accounts.tfa_resets.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_not_an_admin_changes_their_own_email_by_a_link() {
    let sim = Sim::start(40).await;
    let me = sim
        .portal
        .lock()
        .unwrap()
        .role_user(Role::RoomAdmin)
        .cloned()
        .unwrap();
    let other = sim.active_users(1).remove(0);
    let (base, key, portal) = (
        sim.base.clone(),
        sim.key(Role::RoomAdmin),
        sim.portal.clone(),
    );
    journey("account-email-self", move |c| async move {
        // Someone else's: not offered, with the reason.
        c.goto(&format!("{base}/people/{}", other.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &other.display_name()).await;
        let change = find(&c, &button("Change email…")).await;
        assert_eq!(change.attr("disabled").await.unwrap().as_deref(), Some("true"));
        find(
            &c,
            "//span[@id='change-email-why'][normalize-space(.)=\"Only DocSpace admins can change someone else's email.\"]",
        )
        .await;

        c.goto(&format!("{base}/people/{}", me.id)).await.unwrap();
        at_profile(&c, &me.display_name()).await;
        click(&c, &button("Change email…")).await;
        let said = find(&c, "//dialog[@open]").await.text().await.unwrap();
        assert!(
            said.contains("a confirmation link to the new address. Nothing changes until you follow it."),
            "{said}"
        );
        type_new_email(&c, "my.new.address@example.com").await;
        click(&c, &dialog_button("Send confirmation link")).await;
        toast(
            &c,
            "The portal sent a confirmation link to my.new.address@example.com: your email changes when you follow it.",
        )
        .await;
        let p = portal.lock().unwrap();
        assert_eq!(p.user(&me.id).unwrap().email, me.email, "nothing changed yet");
        let changes = &p.accounts.email_changes;
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, EmailChangeKind::ConfirmationLink);
        assert_eq!(changes[0].email, "my.new.address@example.com");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_that_limits_these_actions_says_when_to_try_again() {
    // One per 15 minutes per person and path: the second link is refused by the portal.
    let sim = Sim::start_with(
        40,
        docspace_sim::FaultSpec {
            sensitive: Some(docspace_sim::sensitive::SensitiveLimit {
                permits: 1,
                window: std::time::Duration::from_secs(15 * 60),
            }),
            ..docspace_sim::FaultSpec::default()
        },
    )
    .await;
    let person = sim.active_users(1).remove(0);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("account-rate-limited", move |c| async move {
        c.goto(&format!("{base}/people/{}", person.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &person.display_name()).await;
        for _ in 0..2 {
            click(&c, &button("Send password reset link…")).await;
            click(&c, &dialog_button("Send reset link")).await;
            until("the dialog to close or to say why", || async {
                let open = c.find(Locator::XPath("//dialog[@open]")).await.is_ok();
                let why = c
                    .find(Locator::XPath("//dialog[@open]//p[@role='alert'][normalize-space(.)!='']"))
                    .await
                    .is_ok();
                !open || why
            })
            .await;
        }
        find(
            &c,
            "//dialog[@open]//p[@role='alert'][normalize-space(.)='The portal allows only a few of these per person every 15 minutes (email changes, password links, invitations): try again in 15 min.']",
        )
        .await;
        assert_eq!(
            portal.lock().unwrap().accounts.password_emails.len(),
            1,
            "the second never reached the action"
        );
    })
    .await;
}
