//! more-endpoints.md §3.1, §3.2, §3.5: account actions on a person. `POST /people/email` sets an
//! address at once for an admin (unconfirmed, sessions ended) and sends a link to anyone else;
//! `POST /people/password` sends a reset link (the invitation to an invitee), anonymous too;
//! `PUT /settings/tfaappnewapp` unlinks an authenticator app, someone else's only by the owner.

use docspace_sim::model::{ActivationStatus, EmployeeStatus, EmployeeType, User};
use docspace_sim::portal::account::{EmailChangeKind, PasswordEmailKind};
use docspace_sim::Role;
use serde_json::{json, Value};

use crate::harness::{portal, Portal};

const SENT: &str = "The email change instructions have been successfully sent";
const TAKEN: &str = "User with this email is already registered";
const NO_PERMISSION: &str = "No permissions to perform this action";
const NO_APP: &str = "TFA application settings are not available";

async fn login(p: &Portal, user: &User) -> String {
    let answer = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": user.email, "password": user.password})),
        )
        .await;
    answer.expect(200);
    answer.response()["token"]
        .as_str()
        .expect("a token")
        .to_string()
}

async fn change_email(p: &Portal, auth: &str, id: &str, email: &str) -> crate::harness::Answer {
    p.post(
        "/api/2.0/people/email",
        auth,
        json!({"userId": id, "email": email}),
    )
    .await
}

async fn send_password(p: &Portal, auth: Option<&str>, body: Value) -> crate::harness::Answer {
    p.call("POST", "/api/2.0/people/password", auth, Some(body))
        .await
}

async fn reset_tfa(p: &Portal, auth: &str, body: Value) -> crate::harness::Answer {
    p.put("/api/2.0/settings/tfaappnewapp", auth, body).await
}

fn active(u: &User) -> bool {
    u.status == EmployeeStatus::Active && u.activation == ActivationStatus::Activated
}

#[tokio::test]
async fn an_admin_sets_an_email_at_once_unconfirmed_and_the_persons_sessions_end() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let (token, admin_token) = (
        login(&p, &user).await,
        login(&p, &p.role_user(Role::Admin)).await,
    );
    let answer = change_email(&p, &p.key(Role::Admin), &user.id, " moved@example.com ").await;
    answer.expect(200);
    assert_eq!(answer.response(), SENT);
    let after = p.user(&user.id).unwrap();
    assert_eq!(after.email, "moved@example.com", "trimmed");
    assert_eq!(after.activation, ActivationStatus::NotActivated);
    p.get("/api/2.0/people/@self", &token).await.expect(401);
    // Their API key, and the admin's own session, keep working.
    let me = p.get("/api/2.0/people/@self", &p.key(Role::User)).await;
    assert_eq!(me.expect(200).response()["email"], "moved@example.com");
    assert_eq!(me.response()["activationStatus"], 0);
    p.get("/api/2.0/people/@self", &admin_token)
        .await
        .expect(200);
    let changes = p.sim.portal.lock().unwrap().accounts.email_changes.clone();
    assert_eq!(changes.len(), 1);
    let admin = p.role_user(Role::Admin);
    assert_eq!(
        (
            changes[0].by.as_str(),
            changes[0].of.as_str(),
            changes[0].email.as_str(),
            changes[0].kind
        ),
        (
            admin.id.as_str(),
            user.id.as_str(),
            "moved@example.com",
            EmailChangeKind::Set
        )
    );
    // The old address is free again; the new one is taken.
    change_email(&p, &p.key(Role::Admin), &user.id, &user.email)
        .await
        .expect(200);
    change_email(&p, &p.key(Role::Owner), &user.id, "moved@example.com")
        .await
        .expect(200);
    let other = p.find(|u| active(u) && u.employee_type == EmployeeType::Guest);
    change_email(&p, &p.key(Role::Admin), &other.id, "MOVED@example.com")
        .await
        .refused(400, TAKEN);
}

#[tokio::test]
async fn someone_not_an_admin_gets_a_link_for_their_own_and_nothing_changes() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let token = login(&p, &user).await;
    let answer = change_email(&p, &token, &user.id, "new.me@example.com").await;
    assert_eq!(answer.expect(200).response(), SENT);
    let after = p.user(&user.id).unwrap();
    assert_eq!(
        (after.email.as_str(), after.activation),
        (user.email.as_str(), user.activation)
    );
    p.get("/api/2.0/people/@self", &token).await.expect(200);
    let changes = p.sim.portal.lock().unwrap().accounts.email_changes.clone();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].kind, EmailChangeKind::ConfirmationLink);
    assert_eq!(changes[0].email, "new.me@example.com");
    // An admin changing their own: set at once, and their own sessions end too.
    let admin = p.role_user(Role::Admin);
    let admin_token = login(&p, &admin).await;
    change_email(&p, &admin_token, &admin.id, "admin.moved@example.com")
        .await
        .expect(200);
    assert_eq!(p.user(&admin.id).unwrap().email, "admin.moved@example.com");
    p.get("/api/2.0/people/@self", &admin_token)
        .await
        .expect(401);
}

#[tokio::test]
async fn an_email_change_is_refused_in_the_servers_order() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let user = p.role_user(Role::User);
    let owner = p.role_user(Role::Owner);
    let pending = p.find(|u| u.status == EmployeeStatus::Pending);
    let terminated = p.find(|u| u.status == EmployeeStatus::Terminated);
    let bad_id = "Value cannot be null. (Parameter 'UserId')";
    for body in [
        json!({"email": "a@example.com"}),
        json!({"userId": "nope", "email": "a@example.com"}),
        json!({"userId": "00000000-0000-0000-0000-000000000000", "email": "a@example.com"}),
    ] {
        let answer = p.post("/api/2.0/people/email", &admin, body).await;
        answer.refused(400, bad_id);
        assert_eq!(answer.body["error"]["type"], "System.ArgumentNullException");
    }
    p.post("/api/2.0/people/email", &admin, json!({"userId": user.id}))
        .await
        .refused(400, "Email field is empty");
    // `[EmailAddress]` first (one @, inside), then the portal's own regex.
    let answer = change_email(&p, &admin, &user.id, "nope").await;
    answer.expect(400);
    assert_eq!(answer.validation_fields(), ["Email"]);
    change_email(&p, &admin, &user.id, "a@b")
        .await
        .refused(400, "Incorrect email");
    // The address is checked before the person: a pending one with a bad address is a 400.
    change_email(&p, &admin, &pending.id, "a@b")
        .await
        .refused(400, "Incorrect email");
    for id in [
        pending.id.as_str(),
        terminated.id.as_str(),
        "9f0a3c1e-0000-4000-8000-000000000001",
    ] {
        change_email(&p, &admin, id, "free@example.com")
            .await
            .refused(404, "The user could not be found");
    }
    // Not an admin, someone else: 403 before the address is found taken.
    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        change_email(&p, &p.key(role), &owner.id, &user.email)
            .await
            .refused(403, "Access denied");
    }
    // The owner only by the owner; another admin only by the owner.
    change_email(&p, &admin, &owner.id, "free@example.com")
        .await
        .refused(403, "Access denied");
    let other_admin = p.create("DocSpaceAdmin").await;
    change_email(&p, &admin, &other_admin.id, "free@example.com")
        .await
        .refused(403, "Access denied");
    // Taken: anyone's address, the person's own included, whatever its case.
    change_email(&p, &admin, &user.id, &user.email.to_uppercase())
        .await
        .refused(400, TAKEN);
    change_email(&p, &admin, &user.id, &terminated.email)
        .await
        .refused(400, TAKEN);
    change_email(&p, &admin, &user.id, &pending.email)
        .await
        .refused(400, TAKEN);
    change_email(&p, &p.key(Role::Owner), &other_admin.id, "free@example.com")
        .await
        .expect(200);
    p.call(
        "POST",
        "/api/2.0/people/email",
        None,
        Some(json!({"userId": user.id, "email": "x@example.com"})),
    )
    .await
    .expect(401);
    let changes = p.sim.portal.lock().unwrap().accounts.email_changes.len();
    assert_eq!(changes, 1, "only the owner's change went through");
}

#[tokio::test]
async fn a_reset_link_goes_to_an_active_person_and_the_invitation_to_an_invitee() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let token = login(&p, &user).await;
    let pending = p.find(|u| u.status == EmployeeStatus::Pending);
    let admin = p.role_user(Role::Admin);
    let answer = send_password(&p, Some(&p.key(Role::Admin)), json!({"email": user.email})).await;
    assert_eq!(
        answer.expect(200).response().as_str(),
        Some(
            format!(
                "The password change instruction has been sent to {} email address.",
                user.email
            )
            .as_str()
        )
    );
    send_password(
        &p,
        Some(&p.key(Role::Admin)),
        json!({"email": pending.email}),
    )
    .await
    .expect(200);
    // Nothing else changes: their sessions and password still work.
    p.get("/api/2.0/people/@self", &token).await.expect(200);
    login(&p, &user).await;
    let sent = p
        .sim
        .portal
        .lock()
        .unwrap()
        .accounts
        .password_emails
        .clone();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        (sent[0].by.as_deref(), sent[0].to.as_str(), sent[0].kind),
        (
            Some(admin.id.as_str()),
            user.id.as_str(),
            PasswordEmailKind::ResetLink
        )
    );
    assert_eq!(
        (sent[1].to.as_str(), sent[1].kind),
        (pending.id.as_str(), PasswordEmailKind::Invitation)
    );
    // Oneself, whatever one's type.
    let guest = p.role_user(Role::Guest);
    send_password(&p, Some(&p.key(Role::Guest)), json!({"email": guest.email}))
        .await
        .expect(200);
}

#[tokio::test]
async fn a_reset_link_is_refused_as_the_server_refuses_it() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let owner = p.role_user(Role::Owner);
    let user = p.role_user(Role::User);
    let other_admin = p.create("DocSpaceAdmin").await;
    let terminated = p.find(|u| u.status == EmployeeStatus::Terminated);
    for role in [Role::RoomAdmin, Role::User] {
        send_password(&p, Some(&p.key(role)), json!({"email": owner.email}))
            .await
            .refused(403, "Access denied");
        // Before the address is even read: a malformed one is a 403 too.
        send_password(&p, Some(&p.key(role)), json!({"email": "a@b"}))
            .await
            .refused(403, "Access denied");
    }
    send_password(&p, Some(&admin), json!({"email": owner.email}))
        .await
        .refused(403, "Access denied");
    send_password(&p, Some(&admin), json!({"email": other_admin.email}))
        .await
        .refused(403, "Access denied");
    send_password(
        &p,
        Some(&p.key(Role::Owner)),
        json!({"email": other_admin.email}),
    )
    .await
    .expect(200);
    send_password(&p, Some(&admin), json!({"email": terminated.email}))
        .await
        .refused(403, "Your profile is suspended");
    send_password(&p, Some(&admin), json!({"email": "nobody@example.com"}))
        .await
        .refused(
            403,
            "The user with \"nobody@example.com\" email could not be found",
        );
    send_password(&p, Some(&admin), json!({"email": "a@b"}))
        .await
        .refused(400, "email (Parameter 'Incorrect email')");
    for body in [json!({}), json!({"email": "nope"}), json!({"email": ""})] {
        let answer = send_password(&p, Some(&admin), body).await;
        answer.expect(400);
        assert_eq!(answer.validation_fields(), ["Email"], "{}", answer.raw);
    }
    let sent = p.sim.portal.lock().unwrap().accounts.password_emails.len();
    assert_eq!(sent, 1, "only the owner's");
    assert_eq!(p.user(&user.id).unwrap().email, user.email);
}

#[tokio::test]
async fn anonymously_the_answer_is_the_same_whoever_the_address_is() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let terminated = p.find(|u| u.status == EmployeeStatus::Terminated);
    let maybe = |email: &str| {
        format!("If a user with the {email} email exists, the password change instruction has been sent to this email address.")
    };
    for email in [
        user.email.as_str(),
        terminated.email.as_str(),
        "nobody@example.com",
    ] {
        let answer = send_password(&p, None, json!({"email": email})).await;
        assert_eq!(answer.expect(200).response(), maybe(email).as_str());
    }
    // A login token that signs nobody in is no one: anonymous.
    send_password(&p, Some("not-a-token"), json!({"email": user.email}))
        .await
        .expect(200);
    // An API key that signs nobody in has no scope: 403 without a body (3.7.1+).
    let refused = send_password(&p, Some("Bearer sk-nobody"), json!({"email": user.email})).await;
    assert_eq!((refused.status, refused.raw.as_str()), (403, ""));
    send_password(&p, None, json!({"email": "a@b"}))
        .await
        .refused(400, "email (Parameter 'Incorrect email')");
    let sent = p
        .sim
        .portal
        .lock()
        .unwrap()
        .accounts
        .password_emails
        .clone();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent.iter().all(|s| s.by.is_none() && s.to == user.id));
}

#[tokio::test]
async fn the_owner_unlinks_someones_authenticator_app_and_their_sessions_end() {
    let p = portal().await;
    let admin = p.role_user(Role::Admin);
    let token = login(&p, &admin).await;
    assert!(p.sim.portal.lock().unwrap().accounts.has_tfa_app(&admin.id));
    let answer = reset_tfa(&p, &p.key(Role::Owner), json!({"id": admin.id})).await;
    assert_eq!(answer.expect(200).response(), "");
    assert!(!p.sim.portal.lock().unwrap().accounts.has_tfa_app(&admin.id));
    p.get("/api/2.0/people/@self", &token).await.expect(401);
    p.get("/api/2.0/people/@self", &p.key(Role::Admin))
        .await
        .expect(200);
    let resets = p.sim.portal.lock().unwrap().accounts.tfa_resets.clone();
    assert_eq!(resets.len(), 1);
    assert_eq!(
        (resets[0].by.as_str(), resets[0].of.as_str()),
        (p.role_user(Role::Owner).id.as_str(), admin.id.as_str())
    );
    // No app any more: nothing to reset.
    reset_tfa(&p, &p.key(Role::Owner), json!({"id": admin.id}))
        .await
        .refused(403, NO_APP);
    // Oneself: the address to set up a new app.
    let user = p.role_user(Role::User);
    let own = reset_tfa(&p, &p.key(Role::User), json!({"id": user.id})).await;
    let url = own.expect(200).response().as_str().unwrap_or_default();
    assert!(
        url.ends_with(&format!(
            "/confirm/TfaActivation?type=TfaActivation&uid={}",
            user.id
        )),
        "{url}"
    );
}

#[tokio::test]
async fn only_the_owner_may_reset_someone_elses_app_and_only_one_that_is_there() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let owner = p.key(Role::Owner);
    for role in [Role::Admin, Role::RoomAdmin, Role::Guest] {
        reset_tfa(&p, &p.key(role), json!({"id": user.id}))
            .await
            .refused(403, NO_PERMISSION);
    }
    // No app: the room admin (seeded without), an unknown id, an empty id (oneself, looked up
    // as nobody).
    let room = p.role_user(Role::RoomAdmin);
    for body in [
        json!({"id": room.id}),
        json!({"id": "9f0a3c1e-0000-4000-8000-000000000001"}),
        json!({}),
    ] {
        reset_tfa(&p, &owner, body).await.refused(403, NO_APP);
    }
    reset_tfa(&p, &p.key(Role::User), json!({}))
        .await
        .refused(403, NO_APP);
    // Disabled with an app: "Not available.".
    let terminated = p.find(|u| u.status == EmployeeStatus::Terminated);
    p.sim
        .portal
        .lock()
        .unwrap()
        .accounts
        .tfa_apps
        .insert(terminated.id.clone());
    reset_tfa(&p, &owner, json!({"id": terminated.id}))
        .await
        .refused(403, "Not available.");
    let answer = reset_tfa(&p, &owner, json!({"id": "nope"})).await;
    answer.expect(400);
    assert_eq!(answer.validation_fields(), ["$.id"]);
    p.call(
        "PUT",
        "/api/2.0/settings/tfaappnewapp",
        None,
        Some(json!({"id": user.id})),
    )
    .await
    .expect(401);
    assert!(p.sim.portal.lock().unwrap().accounts.tfa_resets.is_empty());
}

#[tokio::test]
async fn admins_see_tfa_app_enabled_while_the_setting_is_on_and_nobody_else_does() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let room = p.role_user(Role::RoomAdmin);
    let path = |id: &str| format!("/api/2.0/people/{id}");
    for role in [Role::Owner, Role::Admin] {
        let seen = p.get(&path(&user.id), &p.key(role)).await;
        assert_eq!(seen.expect(200).response()["tfaAppEnabled"], true);
        let seen = p.get(&path(&room.id), &p.key(role)).await;
        assert_eq!(seen.expect(200).response()["tfaAppEnabled"], false);
    }
    let seen = p.get(&path(&user.id), &p.key(Role::RoomAdmin)).await;
    assert!(seen.expect(200).response().get("tfaAppEnabled").is_none());
    let own = p.get("/api/2.0/people/@self", &p.key(Role::User)).await;
    assert!(own.expect(200).response().get("tfaAppEnabled").is_none());
    p.sim.portal.lock().unwrap().accounts.tfa_app_setting = false;
    let seen = p.get(&path(&user.id), &p.key(Role::Owner)).await;
    assert!(seen.expect(200).response().get("tfaAppEnabled").is_none());
    // The setting off does not stop a reset of an app that is there.
    reset_tfa(&p, &p.key(Role::Owner), json!({"id": user.id}))
        .await
        .expect(200);
}

#[tokio::test]
async fn an_unpaid_portal_still_changes_emails_and_sends_links_but_resets_no_app() {
    let p = portal().await;
    p.sim.portal.lock().unwrap().set_unpaid(true);
    let user = p.role_user(Role::User);
    change_email(&p, &p.key(Role::Admin), &user.id, "unpaid@example.com")
        .await
        .expect(200);
    send_password(
        &p,
        Some(&p.key(Role::Admin)),
        json!({"email": "unpaid@example.com"}),
    )
    .await
    .expect(200);
    let refused = reset_tfa(&p, &p.key(Role::Owner), json!({"id": user.id})).await;
    assert_eq!((refused.status, refused.raw.as_str()), (402, ""));
}

#[tokio::test]
async fn a_login_from_an_address_that_is_not_trusted_is_asked_for_the_apps_code() {
    let p = portal().await;
    let login_answer = |user: User| {
        let p = &p;
        async move {
            p.call(
                "POST",
                "/api/2.0/authentication",
                None,
                Some(json!({"userName": user.email, "password": user.password})),
            )
            .await
        }
    };
    // The seeded portal trusts the loopback addresses, which this test calls from.
    let user = p.role_user(Role::User);
    assert!(login_answer(user.clone()).await.response()["token"].is_string());
    p.sim
        .portal
        .lock()
        .unwrap()
        .accounts
        .tfa_trusted_ips
        .clear();
    let asked = login_answer(user.clone()).await;
    let answer = asked.expect(200).response();
    assert_eq!(answer["tfa"], true);
    assert!(answer.get("token").is_none(), "{}", asked.raw);
    assert!(
        answer["confirmUrl"]
            .as_str()
            .is_some_and(|u| u.ends_with(&format!("/confirm/TfaAuth?type=TfaAuth&uid={}", user.id))),
        "{}",
        asked.raw
    );
    // No app yet: where to set one up, with its secret.
    let room = p.role_user(Role::RoomAdmin);
    let setup = login_answer(room).await;
    let answer = setup.expect(200).response();
    assert!(answer["confirmUrl"]
        .as_str()
        .is_some_and(|u| u.contains("/confirm/TfaActivation?type=TfaActivation&uid=")));
    assert!(answer["tfaKey"].as_str().is_some_and(|k| k.len() == 32));
    // A wrong password is still refused as one.
    p.call(
        "POST",
        "/api/2.0/authentication",
        None,
        Some(json!({"userName": user.email, "password": "wrong"})),
    )
    .await
    .expect(401);
    // The setting off: a token again.
    p.sim.portal.lock().unwrap().accounts.tfa_app_setting = false;
    assert!(login_answer(user).await.response()["token"].is_string());
}
