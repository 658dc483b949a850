//! A profile as an administrator uses it (issue 15): its actions grouped (status, type, a danger
//! zone), feedback as a toast with "Enable again" after Disable, "← People" back to the list as
//! it was left, "Offboard…" into the wizard with the person picked, nothing offered on the
//! owner, and the Change type menu by keyboard alone, checked by axe in light and dark.

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    at_profile, button, field_value, find, journey, lit, path_and_query, screenshot, set_theme,
    sign_in_with_key, toast, until, until_count, Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::{Role, SharedPortal};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

const THEMES: [&str; 2] = ["light", "dark"];

/// The profile's "Change type" menu button.
const CHANGE_TYPE: &str =
    "//button[@aria-haspopup='menu' and starts-with(normalize-space(.),'Change type')]";

fn status_of(portal: &SharedPortal, id: &str) -> Option<EmployeeStatus> {
    portal.lock().unwrap().user(id).map(|u| u.status)
}

/// The wizard's verified name, once it reads `name`.
fn verified(name: &str) -> String {
    format!(
        "//dd[contains(@class,'verified-name')][normalize-space(.)={}]",
        lit(name)
    )
}

/// Presses `key` where the focus is.
async fn press(c: &Client, key: &str) {
    c.active_element()
        .await
        .unwrap()
        .send_keys(key)
        .await
        .unwrap();
}

/// The text of the focused element.
async fn focused_text(c: &Client) -> String {
    c.active_element().await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_from_a_profile_is_undone_from_its_toast() {
    let sim = Sim::start(40).await;
    let target = sim.active_users(1).remove(0);
    let name = target.display_name();
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("profile-undo", move |c| async move {
        c.goto(&format!("{base}/people/{}", target.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &name).await;
        find(
            &c,
            "//section[contains(@class,'action-group')]//button[normalize-space(.)='Disable']",
        )
        .await
        .click()
        .await
        .unwrap();
        find(
            &c,
            &format!(
                "//dialog[@open]//button[normalize-space(.)={}]",
                lit(&format!("Disable {name}"))
            ),
        )
        .await
        .click()
        .await
        .unwrap();
        // Feedback is a toast, not a line written into the page.
        let shown = toast(&c, &format!("{name} is disabled.")).await;
        find(&c, &field_value("Status", "Disabled")).await;
        assert_eq!(
            status_of(&portal, &target.id),
            Some(EmployeeStatus::Terminated)
        );
        let lines = c
            .find_all(Locator::XPath(
                "//main//*[starts-with(normalize-space(.),'Done: ')]",
            ))
            .await
            .unwrap();
        assert!(lines.is_empty(), "no \"Done: …\" line in the page");
        // The dialog closed itself; the profile now offers Enable.
        assert!(c
            .find_all(Locator::XPath("//dialog[@open]"))
            .await
            .unwrap()
            .is_empty());
        find(&c, &button("Enable")).await;
        screenshot(&c, "profile-toast").await;
        shown
            .find(Locator::XPath(
                ".//button[normalize-space(.)='Enable again']",
            ))
            .await
            .expect("the toast offers Enable again")
            .click()
            .await
            .unwrap();
        toast(&c, &format!("{name} is enabled again.")).await;
        let (p2, id) = (portal.clone(), target.id.clone());
        until("the portal holds them active again", move || {
            let active = status_of(&p2, &id) == Some(EmployeeStatus::Active);
            async move { active }
        })
        .await;
        // The profile follows without a reload, and a reload agrees.
        find(&c, &field_value("Status", "Active")).await;
        c.refresh().await.unwrap();
        at_profile(&c, &name).await;
        find(&c, &field_value("Status", "Active")).await;
        find(&c, &button("Disable")).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_from_a_profile_returns_to_the_list_with_its_search_and_filters() {
    let sim = Sim::start(40).await;
    let team = sim.active_users(3);
    {
        let mut p = sim.portal.lock().unwrap();
        for (i, u) in team.iter().enumerate() {
            let user = p.user_mut(&u.id).unwrap();
            user.last_name = "Annerud".into();
            // Two of the three disabled: the filter leaves out the third.
            if i < 2 {
                user.status = EmployeeStatus::Terminated;
            }
        }
    }
    let (base, key) = (sim.base.clone(), sim.key(Role::Admin));
    journey("profile-back", move |c| async move {
        c.goto(&format!("{base}/people?q=Annerud&status=disabled"))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 2 of 2 people").await;
        let list = path_and_query(&c).await;
        find(&c, "//table//a[contains(@class,'name')]")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//h2[@id='can-do']").await;
        assert!(path_and_query(&c).await.starts_with("/people/"));
        find(
            &c,
            "//p[contains(@class,'back')]/a[normalize-space(.)='← People']",
        )
        .await
        .click()
        .await
        .unwrap();
        until_count(&c, "Showing 2 of 2 people").await;
        let back = path_and_query(&c).await;
        assert_eq!(back, list, "the list's URL state survives the profile");
        assert!(
            back.contains("q=Annerud") && back.contains("status=disabled"),
            "{back}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offboard_from_a_profile_opens_the_wizard_with_them_picked() {
    let sim = Sim::start(40).await;
    let team = sim.active_users(2);
    let (first, second) = (team[0].clone(), team[1].clone());
    let (base, key) = (sim.base.clone(), sim.key(Role::Admin));
    journey("profile-offboard", move |c| async move {
        c.goto(&format!("{base}/people/{}", first.id)).await.unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &first.display_name()).await;
        c.execute(
            "document.querySelector('section.danger-zone').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
        screenshot(&c, "profile-danger-zone").await;
        find(&c, "//section[contains(@class,'danger-zone')]//a[normalize-space(.)='Offboard…']")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//section[contains(@class,'step')]/h2[normalize-space(.)='2. Verify: read the account back']").await;
        find(&c, &verified(&first.display_name())).await;
        // Picked: the address no longer asks for them, so a reload resumes instead.
        let c2 = c.clone();
        until("the address is the wizard's own", move || {
            let c = c2.clone();
            async move { path_and_query(&c).await == "/lifecycle" }
        })
        .await;

        // Another profile's Offboard… does not drop the wizard in progress: it says who is
        // being offboarded and asks before starting with the other person.
        c.goto(&format!("{base}/people/{}", second.id)).await.unwrap();
        at_profile(&c, &second.display_name()).await;
        find(&c, "//a[normalize-space(.)='Offboard…']").await.click().await.unwrap();
        let busy = format!("{} is being offboarded here", first.display_name());
        find(&c, &format!("//section[contains(@class,'arrival')]/h2[normalize-space(.)={}]", lit(&busy))).await;
        let discard = find(&c, &button(&format!("Discard it and start with {}", second.display_name()))).await;
        find(&c, &verified(&first.display_name())).await;
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the wizard opened for someone else ({theme})")).await;
        }
        screenshot(&c, "wizard-arrival").await;
        discard.click().await.unwrap();
        let dialog = find(&c, "//dialog[@open]").await;
        let text = dialog.text().await.unwrap();
        assert!(text.contains(&second.email), "{text}");
        find(&c, "//dialog[@open]//button[normalize-space(.)='Cancel the offboarding']")
            .await
            .click()
            .await
            .unwrap();
        find(&c, &verified(&second.display_name())).await;
        assert!(c
            .find_all(Locator::XPath("//section[contains(@class,'arrival')]"))
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_s_profile_offers_no_actions_and_says_why() {
    let sim = Sim::start(20).await;
    let owner = sim
        .portal
        .lock()
        .unwrap()
        .role_user(Role::Owner)
        .cloned()
        .unwrap();
    let (base, key) = (sim.base.clone(), sim.key(Role::Admin));
    journey("profile-owner", move |c| async move {
        c.goto(&format!("{base}/people/{}", owner.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &owner.display_name()).await;
        let note = find(
            &c,
            "//section[contains(@class,'eligibility')]//p[contains(@class,'owner-note')]",
        )
        .await
        .text()
        .await
        .unwrap();
        assert!(
            note.contains("ownership moves in the portal's settings"),
            "{note}"
        );
        let offered = c
            .find_all(Locator::XPath(
                "//section[contains(@class,'eligibility')]//*[self::button or self::a]",
            ))
            .await
            .unwrap();
        assert!(
            offered.is_empty(),
            "no action on the owner, not even unavailable"
        );
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the owner's profile ({theme})")).await;
        }
        screenshot(&c, "profile-owner").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_change_type_menu_by_keyboard_alone_and_axe_on_the_profile_and_the_wizard() {
    let sim = Sim::start(40).await;
    let target = sim.active_users(1).remove(0);
    let name = target.display_name();
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey("profile-keyboard", move |c| async move {
        c.goto(&format!("{base}/people/{}", target.id)).await.unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &name).await;
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("a profile ({theme})")).await;
            find(&c, CHANGE_TYPE).await.click().await.unwrap();
            find(&c, "//ul[@role='menu']").await;
            screenshot(&c, &format!("profile-menu-{theme}")).await;
            assert_accessible(&c, &format!("a profile with its Change type menu open ({theme})")).await;
            press(&c, &Key::Escape.to_string()).await;
            let c2 = c.clone();
            until("the menu closes", move || {
                let c = c2.clone();
                async move { c.find_all(Locator::XPath("//ul[@role='menu']")).await.unwrap().is_empty() }
            })
            .await;
        }
        set_theme(&c, "light").await;

        // Enter opens the menu on its first entry; a user is a user already, so that one is
        // unavailable, with its reason.
        find(&c, CHANGE_TYPE).await.send_keys(&Key::Enter.to_string()).await.unwrap();
        find(&c, "//ul[@role='menu']").await;
        assert_eq!(focused_text(&c).await, "Make user");
        let first = c.active_element().await.unwrap();
        assert_eq!(first.attr("aria-disabled").await.unwrap().as_deref(), Some("true"));
        press(&c, &Key::Down.to_string()).await;
        assert_eq!(focused_text(&c).await, "Make room admin");
        press(&c, &Key::Enter.to_string()).await;
        let title = format!("Make {name} a room admin?");
        find(&c, &format!("//dialog[@open]//h2[normalize-space(.)={}]", lit(&title))).await;
        // The dialog confirms from the keyboard too: Tab to its confirm button, Enter.
        for _ in 0..4 {
            if focused_text(&c).await == "Make room admin" {
                break;
            }
            press(&c, &Key::Tab.to_string()).await;
        }
        assert_eq!(focused_text(&c).await, "Make room admin");
        press(&c, &Key::Enter.to_string()).await;
        toast(&c, &format!("{name} is now a room admin.")).await;
        find(&c, &field_value("Type", "Room admin")).await;
        let now = portal.lock().unwrap().user(&target.id).map(|u| u.employee_type);
        assert_eq!(now, Some(EmployeeType::RoomAdmin));

        // The wizard's first step: picking an existing account comes before the creation form.
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, "//section[contains(@class,'step')]/h2[normalize-space(.)='1. Pick the account, or create one']").await;
        let order = c
            .execute(
                "const s = document.querySelector('section.step');
                 const pick = s.querySelector('#pick-email'), create = s.querySelector('form:not(.pick) input');
                 return !!(pick && create && (pick.compareDocumentPosition(create) & Node.DOCUMENT_POSITION_FOLLOWING));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(order, json!(true), "the pick field comes before the creation form");
        for theme in THEMES {
            set_theme(&c, theme).await;
            screenshot(&c, &format!("wizard-first-step-{theme}")).await;
            assert_accessible(&c, &format!("the wizard's first step ({theme})")).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_everywhere_ends_their_sessions_and_keeps_their_api_key() {
    let sim = Sim::start(40).await;
    let person = sim.active_users(1).remove(0);
    // The person signed in twice (two browsers), and has an API key of their own.
    let (first, second, their_key) = {
        let mut p = sim.portal.lock().unwrap();
        (
            p.issue_token(&person.id),
            p.issue_token(&person.id),
            p.issue_key(&person.id),
        )
    };
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("sign-out-everywhere", move |c| async move {
        c.goto(&format!("{base}/people/{}", person.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &person.display_name()).await;
        find(&c, &button("Sign out everywhere…"))
            .await
            .click()
            .await
            .unwrap();
        let dialog = find(&c, "//dialog[@open]").await;
        let said = dialog.text().await.unwrap();
        assert!(said.contains("Their API keys keep working"), "{said}");
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the sign-out dialog ({theme})")).await;
        }
        {
            let p = portal.lock().unwrap();
            assert!(
                p.token_works(&first) && p.token_works(&second),
                "not before the confirmation"
            );
        }
        find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Sign out everywhere']",
        )
        .await
        .click()
        .await
        .unwrap();
        toast(
            &c,
            &format!(
                "{} is signed out everywhere: their sessions have ended.",
                person.display_name()
            ),
        )
        .await;
        let p = portal.lock().unwrap();
        assert!(
            !p.token_works(&first) && !p.token_works(&second),
            "their sessions are refused"
        );
        assert!(
            p.token_works(&format!("Bearer {their_key}")),
            "their API key still works"
        );
        assert_eq!(p.sign_outs.len(), 1, "recorded once");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_not_accepted_is_sent_again_from_the_profile() {
    let sim = Sim::start(40).await;
    let invitee = sim
        .people(1, |u| {
            u.status == EmployeeStatus::Pending && u.employee_type == EmployeeType::User
        })
        .remove(0);
    let confirmed = sim.active_users(1).remove(0);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("resend-invitation", move |c| async move {
        // Someone whose email is confirmed is offered nothing of the kind.
        c.goto(&format!("{base}/people/{}", confirmed.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        at_profile(&c, &confirmed.display_name()).await;
        find(&c, &button("Sign out everywhere…")).await;
        assert!(c
            .find(Locator::XPath(&button("Send the invitation again…")))
            .await
            .is_err());

        c.goto(&format!("{base}/people/{}", invitee.id))
            .await
            .unwrap();
        find(&c, &button("Send the invitation again…"))
            .await
            .click()
            .await
            .unwrap();
        let said = find(&c, "//dialog[@open]").await.text().await.unwrap();
        assert!(said.contains(&invitee.email), "{said}");
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the resend dialog ({theme})")).await;
        }
        assert!(
            portal.lock().unwrap().resends.is_empty(),
            "not before the confirmation"
        );
        find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Send the invitation again']",
        )
        .await
        .click()
        .await
        .unwrap();
        toast(
            &c,
            &format!("The invitation was sent again to {}.", invitee.email),
        )
        .await;
        let sent = portal.lock().unwrap().resends.clone();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0].to, invitee.id);
    })
    .await;
}
