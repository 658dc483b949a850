//! Ending someone's sessions ("log out everywhere", `PUT
//! /security/activeconnections/logoutall/{userId}`, more-endpoints.md §3.4): who may, and what it
//! does, as the portal has it.

use crate::api::{Person, UserStatus, UserType};

/// What "Sign out everywhere" does, as the confirmation says it.
pub const EFFECT: &str = "Every session they have open ends: browsers and the desktop and mobile apps must sign in again. Their API keys keep working (the portal does not end those), and nothing else changes.";

/// Whether `me` may end `target`'s sessions: oneself, or any DocSpace admin for anyone (the
/// portal does not protect the owner or other admins from it).
pub fn can_sign_out_everywhere(me: &Person, target: &Person) -> Result<(), &'static str> {
    let admin = matches!(me.user_type(), UserType::Owner | UserType::DocSpaceAdmin);
    if !(admin || crate::api::same_id(&me.id, &target.id)) {
        Err("Only DocSpace admins can end someone else's sessions.")
    } else if target.status() == UserStatus::Pending {
        Err("They have not accepted their invitation: they have no sessions yet.")
    } else {
        Ok(())
    }
}

/// What sending the invitation again does for `target`, or why it cannot be sent
/// (`UserController.ResendUserInvites` and its `HasAccessInviteAsync`): the invitation to whoever
/// never registered, the activation email to whoever did not confirm their address.
pub fn resend_invitation(me: &Person, target: &Person) -> Result<Resend, &'static str> {
    use crate::api::Activation;
    let resend = match target.activation() {
        Activation::Pending => Resend::Invitation,
        Activation::NotActivated => Resend::Activation,
        _ => return Err("Their email is confirmed: there is no invitation to send again."),
    };
    if target.status() == UserStatus::Disabled {
        return Err("Disabled: the portal sends nothing to disabled accounts.");
    }
    if crate::api::same_id(&me.id, &target.id) {
        return Ok(resend);
    }
    let allowed = match (me.user_type(), target.user_type()) {
        (UserType::Owner, _) => true,
        (UserType::DocSpaceAdmin, UserType::RoomAdmin | UserType::User | UserType::Guest) => true,
        (UserType::RoomAdmin, UserType::User) => true,
        // A room admin's guests: only those they invited (the portal also counts guests they
        // share rooms with, which the panel cannot see).
        (UserType::RoomAdmin, UserType::Guest) => target
            .created_by
            .as_ref()
            .is_some_and(|by| crate::api::same_id(&by.id, &me.id)),
        _ => false,
    };
    if allowed {
        Ok(resend)
    } else {
        Err("Your role cannot invite this type of account: the portal would skip them.")
    }
}

/// What is sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    Invitation,
    Activation,
}

impl Resend {
    pub fn button(self) -> &'static str {
        match self {
            Resend::Invitation => "Send the invitation again…",
            Resend::Activation => "Send the activation email again…",
        }
    }

    pub fn effect(self, email: &str) -> String {
        match self {
            Resend::Invitation => format!(
                "The portal emails {email} a new invitation to join. They have not accepted the one before."
            ),
            Resend::Activation => format!(
                "The portal emails {email} the instructions to confirm their address again."
            ),
        }
    }

    pub fn done(self, email: &str) -> String {
        match self {
            Resend::Invitation => format!("The invitation was sent again to {email}."),
            Resend::Activation => format!("The activation email was sent again to {email}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, t: &str, status: u8) -> Person {
        serde_json::from_value(serde_json::json!({
            "id": id, "displayName": id, "email": format!("{id}@example.com"), "status": status,
            "isOwner": t == "owner", "isAdmin": t == "admin", "isRoomAdmin": t == "room",
            "isCollaborator": t == "user", "isVisitor": t == "guest",
        }))
        .unwrap()
    }

    #[test]
    fn oneself_or_any_docspace_admin_and_the_owner_is_not_protected() {
        let (owner, admin, room, user) = (
            person("o", "owner", 1),
            person("a", "admin", 1),
            person("r", "room", 1),
            person("u", "user", 1),
        );
        assert!(can_sign_out_everywhere(&admin, &owner).is_ok());
        assert!(can_sign_out_everywhere(&admin, &user).is_ok());
        assert!(can_sign_out_everywhere(&owner, &admin).is_ok());
        assert!(can_sign_out_everywhere(&user, &user).is_ok());
        assert!(can_sign_out_everywhere(&room, &user)
            .unwrap_err()
            .contains("Only DocSpace admins"));
        assert!(can_sign_out_everywhere(&admin, &person("p", "user", 4)).is_err());
    }

    fn invited(id: &str, t: &str, activation: u8) -> Person {
        let mut p = person(id, t, if activation == 2 { 4 } else { 1 });
        p.activation_status = activation;
        p
    }

    #[test]
    fn the_invitation_again_to_the_pending_and_the_activation_to_the_unconfirmed() {
        let (owner, admin, room) = (
            person("o", "owner", 1),
            person("a", "admin", 1),
            person("r", "room", 1),
        );
        assert_eq!(
            resend_invitation(&admin, &invited("p", "user", 2)),
            Ok(Resend::Invitation)
        );
        assert_eq!(
            resend_invitation(&admin, &invited("n", "user", 0)),
            Ok(Resend::Activation)
        );
        assert!(
            resend_invitation(&admin, &invited("c", "user", 1)).is_err(),
            "confirmed"
        );
        // By type, as the portal skips: admins only by the owner, room admins by admins.
        assert!(resend_invitation(&admin, &invited("x", "admin", 2)).is_err());
        assert!(resend_invitation(&owner, &invited("x", "admin", 2)).is_ok());
        assert!(resend_invitation(&room, &invited("y", "room", 2)).is_err());
        assert!(resend_invitation(&room, &invited("z", "user", 2)).is_ok());
        // A room admin's guest: only one they invited.
        assert!(resend_invitation(&room, &invited("g", "guest", 2)).is_err());
        let mut theirs = invited("g2", "guest", 2);
        theirs.created_by = Some(
            serde_json::from_value(serde_json::json!({"id": "r", "displayName": "r"})).unwrap(),
        );
        assert!(resend_invitation(&room, &theirs).is_ok());
    }
}
