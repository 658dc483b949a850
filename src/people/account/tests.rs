use super::*;

fn person(id: &str, t: &str, status: u8) -> Person {
    serde_json::from_value(serde_json::json!({
        "id": id, "displayName": id, "email": format!("{id}@example.com"), "status": status,
        "activationStatus": if status == 4 { 2 } else { 1 },
        "isOwner": t == "owner", "isAdmin": t == "admin", "isRoomAdmin": t == "room",
        "isCollaborator": t == "user", "isVisitor": t == "guest",
    }))
    .unwrap()
}

fn roles() -> (Person, Person, Person, Person, Person) {
    (
        person("o", "owner", 1),
        person("a", "admin", 1),
        person("r", "room", 1),
        person("u", "user", 1),
        person("g", "guest", 1),
    )
}

#[test]
fn an_admin_changes_an_email_at_once_and_anyone_else_only_their_own_by_a_link() {
    let (owner, admin, room, user, guest) = roles();
    let other_admin = person("a2", "admin", 1);
    assert_eq!(can_change_email(&admin, &user), Ok(EmailChange::Immediate));
    assert_eq!(can_change_email(&admin, &room), Ok(EmailChange::Immediate));
    assert_eq!(can_change_email(&admin, &admin), Ok(EmailChange::Immediate));
    assert_eq!(can_change_email(&owner, &owner), Ok(EmailChange::Immediate));
    assert_eq!(
        can_change_email(&owner, &other_admin),
        Ok(EmailChange::Immediate)
    );
    for me in [&room, &user, &guest] {
        assert_eq!(can_change_email(me, me), Ok(EmailChange::ConfirmationLink));
    }
    assert!(can_change_email(&admin, &owner)
        .unwrap_err()
        .contains("Only the owner"));
    assert!(can_change_email(&admin, &other_admin)
        .unwrap_err()
        .contains("Only the portal owner"));
    assert!(can_change_email(&room, &user)
        .unwrap_err()
        .contains("Only DocSpace admins"));
    assert!(can_change_email(&owner, &person("p", "user", 4))
        .unwrap_err()
        .contains("invitation"));
    assert!(can_change_email(&owner, &person("d", "user", 2))
        .unwrap_err()
        .starts_with("Disabled"));
}

#[test]
fn the_email_change_says_what_happens() {
    let other = EmailChange::Immediate.effect("Ana", false);
    assert!(other.contains("at once") && other.contains("session") && other.contains("API keys"));
    assert!(other.contains("activation email"));
    assert!(EmailChange::Immediate
        .effect("Ana", true)
        .contains("you sign in again"));
    assert!(EmailChange::ConfirmationLink
        .effect("Ana", true)
        .contains("Nothing changes until you follow it"));
    assert!(EmailChange::Immediate
        .done("Ana", "n@example.com")
        .starts_with("Ana's email is now n@example.com"));
}

#[test]
fn a_reset_link_by_the_portals_rules_and_the_invitation_to_an_invitee() {
    let (owner, admin, room, user, guest) = roles();
    let other_admin = person("a2", "admin", 1);
    assert_eq!(
        can_send_password_reset(&admin, &user),
        Ok(PasswordReset::Link)
    );
    assert_eq!(
        can_send_password_reset(&admin, &guest),
        Ok(PasswordReset::Link)
    );
    assert_eq!(
        can_send_password_reset(&user, &user),
        Ok(PasswordReset::Link)
    );
    assert_eq!(
        can_send_password_reset(&owner, &other_admin),
        Ok(PasswordReset::Link)
    );
    assert_eq!(
        can_send_password_reset(&admin, &person("p", "user", 4)),
        Ok(PasswordReset::Invitation)
    );
    // An active person who did not confirm their email gets a reset link, not an invitation.
    let mut unconfirmed = person("n", "user", 1);
    unconfirmed.activation_status = 2;
    assert_eq!(
        can_send_password_reset(&admin, &unconfirmed),
        Ok(PasswordReset::Link)
    );
    assert!(can_send_password_reset(&admin, &owner)
        .unwrap_err()
        .contains("owner"));
    assert!(can_send_password_reset(&admin, &other_admin)
        .unwrap_err()
        .contains("Only the portal owner"));
    assert!(can_send_password_reset(&room, &user)
        .unwrap_err()
        .contains("Only DocSpace admins"));
    assert!(can_send_password_reset(&admin, &person("d", "user", 2))
        .unwrap_err()
        .contains("Your profile is suspended"));
    let mut ldap = person("l", "user", 1);
    ldap.is_ldap = true;
    assert!(can_send_password_reset(&admin, &ldap)
        .unwrap_err()
        .contains("prohibited for an LDAP user"));
    let mut sso = person("s", "user", 1);
    sso.is_sso = true;
    assert!(can_send_password_reset(&admin, &sso)
        .unwrap_err()
        .contains("prohibited for an SSO user"));
    // The permission comes first, as on the portal.
    assert!(can_send_password_reset(&room, &ldap)
        .unwrap_err()
        .contains("Only DocSpace admins"));
    let link = PasswordReset::Link.effect("Ana", "ana@example.com");
    assert!(link.contains("ana@example.com") && link.contains("keeps working until then"));
    assert!(PasswordReset::Invitation
        .effect("Ana", "ana@example.com")
        .contains("invitation again instead"));
}

#[test]
fn an_authenticator_reset_only_where_the_portal_reports_an_app_and_only_by_the_owner() {
    let (owner, admin, _, mut user, _) = roles();
    assert_eq!(can_reset_authenticator(&owner, &user), None, "not reported");
    user.tfa_app_enabled = Some(false);
    assert_eq!(can_reset_authenticator(&owner, &user), None, "no app");
    user.tfa_app_enabled = Some(true);
    assert_eq!(can_reset_authenticator(&owner, &user), Some(Ok(())));
    assert_eq!(
        can_reset_authenticator(&admin, &user),
        Some(Err(
            "Only the portal owner can reset someone else's authenticator app."
        ))
    );
    let mut me = owner.clone();
    me.tfa_app_enabled = Some(true);
    assert!(matches!(can_reset_authenticator(&owner, &me), Some(Err(_))));
    let mut disabled = person("d", "user", 2);
    disabled.tfa_app_enabled = Some(true);
    assert!(can_reset_authenticator(&owner, &disabled)
        .unwrap()
        .unwrap_err()
        .starts_with("Disabled"));
    assert!(authenticator_effect("Ana").contains("every session"));
}

#[test]
fn a_rate_limit_says_the_portal_limits_these_and_when_to_try_again() {
    let limited = |s| ApiError::RateLimited { retry_after: s };
    assert_eq!(
        refusal_text(&limited(Some(600))),
        "The portal allows only a few of these per person every 15 minutes (email changes, password links, invitations): try again in 10 min."
    );
    assert!(refusal_text(&limited(None)).ends_with("try again later."));
    assert!(refusal_text(&limited(Some(42))).ends_with("try again in 42 s."));
    assert_eq!(
        refusal_text(&ApiError::Validation {
            message: "User with this email is already registered".into(),
            fields: Default::default()
        }),
        "User with this email is already registered"
    );
    assert_eq!(
        limited(Some(61)).to_string(),
        "The portal is receiving too many requests; try again in 2 min"
    );
}
