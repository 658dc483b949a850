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
}
