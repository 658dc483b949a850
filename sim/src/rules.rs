//! Who may do what to whom, as the portal decides it (reference §3 and the §5 checklist).
//! Pure functions of the caller and the target, so that each rule is unit-tested per role.

use crate::model::{EmployeeStatus, EmployeeType, User};

/// Why the portal refuses, and so what it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 403 "Access denied" (a SecurityException; the original message is always replaced).
    AccessDenied,
    /// 403 with the message kept (an InvalidOperationException).
    Invalid(String),
    /// 404 "The user could not be found".
    NotFound,
    /// 404 "The record could not be found": an `ItemNotFoundException` without a message (an
    /// invitation link that is not there).
    RecordNotFound,
    /// 404 "The group could not be found" (`Resource.ErrorGroupNotFound`).
    GroupNotFound,
    /// 400 with the message (an ArgumentException).
    BadRequest(String),
    /// 500 with the message (a plain Exception, e.g. a reassignment still running).
    Internal(String),
    /// 402: the portal's paid seats are all taken.
    PaymentRequired(String),
}

/// Admins and room admins take a paid seat; users and guests are free (reference §3.2,
/// `payments`).
pub fn is_paid(t: EmployeeType) -> bool {
    matches!(t, EmployeeType::DocSpaceAdmin | EmployeeType::RoomAdmin)
}

pub fn is_admin(user: &User) -> bool {
    user.is_owner || user.employee_type == EmployeeType::DocSpaceAdmin
}

/// The type a user counts as for permissions: the owner is a DocSpace admin.
pub fn effective_type(user: &User) -> EmployeeType {
    if user.is_owner {
        EmployeeType::DocSpaceAdmin
    } else {
        user.employee_type
    }
}

/// A guest is "related" to a room admin who invited them.
fn related(caller: &User, guest: &User) -> bool {
    guest.created_by.as_deref() == Some(caller.id.as_str())
}

/// Lists (`/people`, `/people/filter`): admins and room admins; users and guests get 403.
pub fn can_list(caller: &User) -> Result<(), Refusal> {
    if is_admin(caller) || caller.employee_type == EmployeeType::RoomAdmin {
        Ok(())
    } else {
        Err(Refusal::AccessDenied)
    }
}

/// Whether a list shows `target` to `caller` (who may list at all): room admins see no
/// terminated users and only the guests related to them.
pub fn listed_for(caller: &User, target: &User) -> bool {
    is_admin(caller)
        || (target.status != EmployeeStatus::Terminated
            && (target.employee_type != EmployeeType::Guest || related(caller, target)))
}

/// Another user's profile (`UserExtensions.CanUserViewAnotherUserAsync`).
pub fn can_view(caller: &User, target: &User) -> Result<(), Refusal> {
    let allowed = caller.id == target.id
        || is_admin(caller)
        || (caller.employee_type == EmployeeType::RoomAdmin
            && (target.employee_type != EmployeeType::Guest || related(caller, target)));
    if allowed {
        Ok(())
    } else {
        Err(Refusal::AccessDenied)
    }
}

/// `CanUserViewAnotherUserAsync` asked about an id before it is looked up, as `GET
/// /portal/users/{userID}` asks (`PortalController.GetUserById`): `target` is the user with
/// `id`, if any. Oneself and admins always pass; users and guests are refused whoever it is; a
/// room admin is refused only an unrelated guest. An id that is nobody's (or a deleted user's)
/// is in no group, so it counts as a room admin's: room admins pass too, and the lookup then
/// answers 404.
pub fn can_view_id(caller: &User, id: &str, target: Option<&User>) -> Result<(), Refusal> {
    match target {
        Some(target) => can_view(caller, target),
        None if caller.id == id
            || is_admin(caller)
            || caller.employee_type == EmployeeType::RoomAdmin =>
        {
            Ok(())
        }
        None => Err(Refusal::AccessDenied),
    }
}

/// `ReadGroups` (`GET /group`, `/group/{id}`, `/group/user/{userid}`): the owner and DocSpace
/// admins always, room admins by the ACL's allow; the ACL denies the User group, and guests have
/// no allow (more-endpoints.md §1.0).
pub fn can_read_groups(caller: &User) -> Result<(), Refusal> {
    can_list(caller)
}

/// `EditGroups` with `AddRemoveUser` and no object (every group write): no ACL entry, so only
/// the owner and DocSpace admins. The room admins' extra rule of `Security.cs` applies only to
/// the system User and Guest groups (`UserGroupObject.GetTargetRoles`), never to a group of the
/// portal.
pub fn can_edit_groups(caller: &User) -> Result<(), Refusal> {
    if is_admin(caller) {
        Ok(())
    } else {
        Err(Refusal::AccessDenied)
    }
}

/// Creating or inviting a user of `new_type` (reference §3.4, §3.5, §5.7).
pub fn can_add(caller: &User, new_type: EmployeeType) -> Result<(), Refusal> {
    let allowed = match new_type {
        // Guests come only through an invite link.
        EmployeeType::Guest => false,
        EmployeeType::DocSpaceAdmin => caller.is_owner,
        EmployeeType::RoomAdmin => is_admin(caller),
        EmployeeType::User => is_admin(caller) || caller.employee_type == EmployeeType::RoomAdmin,
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::AccessDenied)
    }
}

/// Terminating or re-enabling `target` (`PUT /people/status`, the `disable` field): admins
/// only, never the owner or oneself, and DocSpace admins only by the owner.
pub fn can_change_status(caller: &User, target: &User) -> Result<(), Refusal> {
    let allowed = is_admin(caller)
        && !target.is_owner
        && caller.id != target.id
        && (target.employee_type != EmployeeType::DocSpaceAdmin || caller.is_owner);
    if allowed {
        Ok(())
    } else {
        Err(Refusal::AccessDenied)
    }
}

/// `PUT /people/type/{type}`: only the upgrade paths (reference §3.9); downgrades go through
/// the asynchronous `POST /people/type`.
pub fn can_change_type(caller: &User, target: &User, to: EmployeeType) -> Result<(), Refusal> {
    if target.is_owner || caller.id == target.id || target.status == EmployeeStatus::Terminated {
        return Err(Refusal::AccessDenied);
    }
    can_view(caller, target)?;
    let from = target.employee_type;
    let allowed = match to {
        EmployeeType::DocSpaceAdmin => caller.is_owner && from != EmployeeType::DocSpaceAdmin,
        EmployeeType::RoomAdmin => match from {
            EmployeeType::User | EmployeeType::Guest => is_admin(caller),
            EmployeeType::DocSpaceAdmin => caller.is_owner,
            EmployeeType::RoomAdmin => false,
        },
        EmployeeType::User => {
            from == EmployeeType::Guest
                && (is_admin(caller) || caller.employee_type == EmployeeType::RoomAdmin)
        }
        EmployeeType::Guest => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::AccessDenied)
    }
}

/// `DELETE /people/{id}`: admins only; the target must be terminated first; a DocSpace admin
/// only by the owner.
pub fn can_delete(caller: &User, target: &User) -> Result<(), Refusal> {
    if !is_admin(caller) {
        return Err(Refusal::AccessDenied);
    }
    // The owner can never be terminated, so this refuses the owner too.
    if target.status != EmployeeStatus::Terminated {
        return Err(Refusal::Invalid("The user is not suspended".into()));
    }
    if target.employee_type == EmployeeType::DocSpaceAdmin && !caller.is_owner {
        return Err(Refusal::AccessDenied);
    }
    Ok(())
}

/// `POST /people/reassign/start`: where the data may go: an admin or room admin who is not
/// terminated.
pub fn can_reassign_to(to: &User) -> bool {
    matches!(
        effective_type(to),
        EmployeeType::DocSpaceAdmin | EmployeeType::RoomAdmin
    ) && to.status != EmployeeStatus::Terminated
}

/// `POST /people/reassign/start`: whose data may be moved: a terminated user, not the owner nor
/// the caller, and an admin's only by the owner.
pub fn can_reassign_from(caller: &User, from: &User) -> bool {
    from.status == EmployeeStatus::Terminated
        && !from.is_owner
        && from.id != caller.id
        && (from.employee_type != EmployeeType::DocSpaceAdmin || caller.is_owner)
}

/// One name against the portal's default `core:username:regex`, `^[\p{L}\p{M}' \-]+$`
/// (DocSpace-buildtools `config/appsettings.json`; `UserFormatter.UserNameRegex` in
/// `common/ASC.Core.Common/Users/UserFormatter.cs`): one or more letters, marks, apostrophes,
/// spaces and hyphens, nothing else: no dots, no digits, no other punctuation. As in .NET, `$`
/// also matches before a final line feed, and a character outside the Basic Multilingual Plane
/// never matches (`unicode::is_letter_or_mark`).
pub fn is_valid_name(name: &str) -> bool {
    let name = name.strip_suffix('\n').unwrap_or(name);
    !name.is_empty()
        && name
            .chars()
            .all(|c| matches!(c, '\'' | ' ' | '-') || crate::unicode::is_letter_or_mark(c))
}

/// `UserFormatter.IsValidUserName(firstName, lastName)`: the first name must match the rule;
/// the last name may be empty (or absent), else it must match too. What `POST /people`
/// (`UserManagerWrapper.AddUserAsync`) and a self-update through `PUT /people/{userid}`
/// (`UserController.UpdateMember`, with the stored names for the fields not sent) check; a
/// failure is an ArgumentException, 400 "Incorrect firstname or lastname"
/// (`Resource.ErrorIncorrectUserName`). Names already stored are never checked on their own.
pub fn is_valid_user_name(first: &str, last: &str) -> bool {
    is_valid_name(first) && (last.is_empty() || is_valid_name(last))
}

/// `Resource.ErrorIncorrectUserName`.
pub const INCORRECT_USER_NAME: &str = "Incorrect firstname or lastname";

/// `[StringLength(255)]` on `MemberRequestDto` and `UpdateMemberRequestDto` `FirstName` and
/// `LastName`: .NET counts UTF-16 code units.
pub fn too_long(name: &str) -> bool {
    name.encode_utf16().count() > 255
}

/// What `MailAddress` accepts, near enough: one `@`, a non-empty local part, a dotted domain,
/// no spaces or angle brackets, at most 255 characters.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 255
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| {
            c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | ':' | '"')
        })
}

/// `StringExtension.TestEmailRegex` (`common/ASC.Core.Common/Core/StringExtension.cs`), the
/// check of `POST /people/email` and `POST /people/password`: the trimmed text matches the
/// server's `_reStrict`, `^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$`,
/// written out: neither form of the domain holds an `@`, so the last one splits the address.
pub fn test_email_regex(email: &str) -> bool {
    let email = email.trim();
    let Some(at) = email.rfind('@') else {
        return false;
    };
    let (local, domain) = (&email[..at], &email[at + 1..]);
    let atom = |part: &str| {
        !part.is_empty()
            && !part.chars().any(|c| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '<' | '>'
                            | '('
                            | ')'
                            | '['
                            | ']'
                            | '\\'
                            | '.'
                            | ','
                            | ';'
                            | ':'
                            | '@'
                            | '"'
                    )
            })
    };
    let quoted =
        local.len() >= 3 && local.starts_with('"') && local.ends_with('"') && !local.contains('\n');
    let local_ok = local.split('.').all(atom) || quoted;
    let octet =
        |part: &str| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    let literal = domain
        .strip_prefix('[')
        .and_then(|d| d.strip_suffix(']'))
        .is_some_and(|d| d.split('.').count() == 4 && d.split('.').all(octet));
    let labels: Vec<&str> = domain.split('.').collect();
    let named = labels.len() >= 2
        && labels[..labels.len() - 1]
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && labels[labels.len() - 1].len() >= 2
        && labels[labels.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_alphabetic());
    local_ok && (literal || named)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActivationStatus, Instant};

    fn user(id: &str, t: EmployeeType) -> User {
        User {
            id: id.into(),
            user_name: id.into(),
            first_name: "A".into(),
            last_name: "B".into(),
            email: format!("{id}@example.com"),
            password: String::new(),
            employee_type: t,
            is_owner: false,
            status: EmployeeStatus::Active,
            activation: ActivationStatus::Activated,
            registered: Instant { unix_seconds: 0 },
            terminated: None,
            modified: Instant { unix_seconds: 0 },
            groups: vec![],
            location: None,
            created_by: None,
            rooms_owned: 0,
            shared_files: 0,
        }
    }

    struct Cast {
        owner: User,
        admin: User,
        room_admin: User,
        user: User,
        guest: User,
    }

    fn cast() -> Cast {
        let mut owner = user("owner", EmployeeType::DocSpaceAdmin);
        owner.is_owner = true;
        Cast {
            owner,
            admin: user("admin", EmployeeType::DocSpaceAdmin),
            room_admin: user("roomadmin", EmployeeType::RoomAdmin),
            user: user("user", EmployeeType::User),
            guest: user("guest", EmployeeType::Guest),
        }
    }

    fn terminated(mut u: User) -> User {
        u.status = EmployeeStatus::Terminated;
        u
    }

    #[test]
    fn listing_is_for_admins_and_room_admins() {
        let c = cast();
        assert!(
            can_list(&c.owner).is_ok()
                && can_list(&c.admin).is_ok()
                && can_list(&c.room_admin).is_ok()
        );
        assert_eq!(can_list(&c.user), Err(Refusal::AccessDenied));
        assert_eq!(can_list(&c.guest), Err(Refusal::AccessDenied));
        let gone = terminated(c.user.clone());
        assert!(listed_for(&c.admin, &gone));
        assert!(!listed_for(&c.room_admin, &gone));
        assert!(!listed_for(&c.room_admin, &c.guest));
        let mut invited = c.guest.clone();
        invited.created_by = Some(c.room_admin.id.clone());
        assert!(listed_for(&c.room_admin, &invited));
    }

    #[test]
    fn groups_are_read_by_room_admins_and_changed_by_admins() {
        let c = cast();
        for caller in [&c.owner, &c.admin, &c.room_admin] {
            assert!(can_read_groups(caller).is_ok());
        }
        for caller in [&c.user, &c.guest] {
            assert_eq!(can_read_groups(caller), Err(Refusal::AccessDenied));
        }
        assert!(can_edit_groups(&c.owner).is_ok() && can_edit_groups(&c.admin).is_ok());
        for caller in [&c.room_admin, &c.user, &c.guest] {
            assert_eq!(can_edit_groups(caller), Err(Refusal::AccessDenied));
        }
    }

    #[test]
    fn viewing_profiles() {
        let c = cast();
        assert!(can_view(&c.user, &c.user).is_ok(), "self");
        assert_eq!(can_view(&c.user, &c.admin), Err(Refusal::AccessDenied));
        assert_eq!(can_view(&c.guest, &c.user), Err(Refusal::AccessDenied));
        assert!(can_view(&c.room_admin, &c.user).is_ok());
        assert_eq!(
            can_view(&c.room_admin, &c.guest),
            Err(Refusal::AccessDenied)
        );
        assert!(can_view(&c.admin, &c.guest).is_ok());
    }

    #[test]
    fn viewing_by_id_before_the_lookup() {
        let c = cast();
        let nobody = "00000000-0000-4000-8000-000000000000";
        for caller in [&c.owner, &c.admin, &c.room_admin] {
            assert_eq!(can_view_id(caller, nobody, None), Ok(()));
        }
        for caller in [&c.user, &c.guest] {
            assert_eq!(
                can_view_id(caller, nobody, None),
                Err(Refusal::AccessDenied)
            );
            assert_eq!(can_view_id(caller, &caller.id, Some(caller)), Ok(()));
            assert_eq!(
                can_view_id(caller, &c.admin.id, Some(&c.admin)),
                Err(Refusal::AccessDenied)
            );
        }
        assert_eq!(
            can_view_id(&c.room_admin, &c.guest.id, Some(&c.guest)),
            Err(Refusal::AccessDenied)
        );
        assert_eq!(
            can_view_id(&c.room_admin, &c.user.id, Some(&c.user)),
            Ok(())
        );
    }

    #[test]
    fn who_may_add_whom() {
        let c = cast();
        assert!(can_add(&c.owner, EmployeeType::DocSpaceAdmin).is_ok());
        assert!(can_add(&c.admin, EmployeeType::DocSpaceAdmin).is_err());
        assert!(can_add(&c.admin, EmployeeType::RoomAdmin).is_ok());
        assert!(can_add(&c.room_admin, EmployeeType::RoomAdmin).is_err());
        assert!(can_add(&c.room_admin, EmployeeType::User).is_ok());
        for caller in [&c.user, &c.guest] {
            assert!(can_add(caller, EmployeeType::User).is_err());
        }
        for caller in [&c.owner, &c.admin, &c.room_admin] {
            assert!(
                can_add(caller, EmployeeType::Guest).is_err(),
                "guests only by link"
            );
        }
    }

    #[test]
    fn status_changes() {
        let c = cast();
        assert!(can_change_status(&c.owner, &c.admin).is_ok());
        assert!(can_change_status(&c.owner, &c.user).is_ok());
        assert!(can_change_status(&c.admin, &c.user).is_ok());
        assert!(can_change_status(&c.admin, &c.owner).is_err(), "owner");
        assert!(can_change_status(&c.admin, &c.admin).is_err(), "self");
        assert!(
            can_change_status(&c.owner, &c.owner).is_err(),
            "owner is self"
        );
        let other_admin = user("admin2", EmployeeType::DocSpaceAdmin);
        assert!(
            can_change_status(&c.admin, &other_admin).is_err(),
            "admin by non-owner"
        );
        for caller in [&c.room_admin, &c.user, &c.guest] {
            assert!(can_change_status(caller, &c.guest).is_err());
        }
    }

    #[test]
    fn type_changes_are_upgrades_only() {
        let c = cast();
        assert!(can_change_type(&c.owner, &c.user, EmployeeType::DocSpaceAdmin).is_ok());
        assert!(can_change_type(&c.admin, &c.user, EmployeeType::DocSpaceAdmin).is_err());
        assert!(can_change_type(&c.admin, &c.user, EmployeeType::RoomAdmin).is_ok());
        assert!(can_change_type(&c.admin, &c.guest, EmployeeType::User).is_ok());
        assert!(can_change_type(&c.room_admin, &c.user, EmployeeType::RoomAdmin).is_err());
        assert!(
            can_change_type(&c.admin, &c.room_admin, EmployeeType::User).is_err(),
            "downgrade"
        );
        assert!(
            can_change_type(&c.owner, &c.admin, EmployeeType::RoomAdmin).is_ok(),
            "owner may"
        );
        assert!(
            can_change_type(&c.admin, &c.owner, EmployeeType::RoomAdmin).is_err(),
            "owner"
        );
        assert!(
            can_change_type(&c.admin, &c.admin, EmployeeType::RoomAdmin).is_err(),
            "self"
        );
        assert!(can_change_type(&c.user, &c.guest, EmployeeType::User).is_err());
        let gone = terminated(c.guest.clone());
        assert!(
            can_change_type(&c.admin, &gone, EmployeeType::User).is_err(),
            "terminated"
        );
    }

    #[test]
    fn only_terminated_users_can_be_deleted() {
        let c = cast();
        assert_eq!(
            can_delete(&c.admin, &c.user),
            Err(Refusal::Invalid("The user is not suspended".into()))
        );
        assert!(can_delete(&c.admin, &terminated(c.user.clone())).is_ok());
        assert!(can_delete(
            &c.admin,
            &terminated(user("a2", EmployeeType::DocSpaceAdmin))
        )
        .is_err());
        assert!(can_delete(
            &c.owner,
            &terminated(user("a2", EmployeeType::DocSpaceAdmin))
        )
        .is_ok());
        assert!(can_delete(&c.room_admin, &terminated(c.user.clone())).is_err());
        assert_eq!(
            can_delete(&c.admin, &c.owner),
            Err(Refusal::Invalid("The user is not suspended".into()))
        );
    }

    #[test]
    fn reassignment_ends() {
        let c = cast();
        assert!(can_reassign_to(&c.owner) && can_reassign_to(&c.room_admin));
        assert!(!can_reassign_to(&c.user) && !can_reassign_to(&terminated(c.room_admin.clone())));
        assert!(can_reassign_from(&c.admin, &terminated(c.user.clone())));
        assert!(!can_reassign_from(&c.admin, &c.user), "not terminated");
        assert!(!can_reassign_from(
            &c.admin,
            &terminated(user("a2", EmployeeType::DocSpaceAdmin))
        ));
    }

    #[test]
    fn names_and_emails() {
        assert!(is_valid_name("Zoë") && is_valid_name("O'Brien-Smith") && is_valid_name("Łukasz"));
        assert!(!is_valid_name("") && !is_valid_name("<img>") && !is_valid_name("R2D2"));
        // NFD input (a base letter and a combining mark), Devanagari with a virama, Thai with a
        // tone mark, Japanese with the long-vowel mark.
        for good in [
            "Zoe\u{308}",
            "अर्जुन",
            "สมชาย่",
            "ユーキ",
            "Jean Luc",
            " Anna",
            "Anna\n",
        ] {
            assert!(is_valid_name(good), "{good:?}");
        }
        for bad in [
            "J.",
            "Mr. Smith",
            "Anna2",
            "Anna_B",
            "Anna\n\n",
            "\n",
            "𞤀𞤁",
            "Ⓐnna",
            "Anna\t",
        ] {
            assert!(!is_valid_name(bad), "{bad:?}");
        }
        assert!(is_valid_user_name("Anna", "") && !is_valid_user_name("", "Smith"));
        assert!(!is_valid_user_name("Anna", "Smith Jr."));
        assert!(too_long(&"a".repeat(256)) && !too_long(&"a".repeat(255)));
        assert!(too_long(&"😀".repeat(128)), "two UTF-16 units each");
        assert!(is_valid_email("a.b@example.com"));
        for bad in [
            "", "a", "a@", "@b.c", "a@b", "a b@c.d", "a@b@c.d", "<a@b.c>",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn the_servers_email_regex() {
        for good in [
            "a.b@example.com",
            " a.b@example.com ",
            "o'brien+tag@mail.example.co",
            "x@[10.0.0.1]",
            "\"odd @ local\"@example.org",
            "zoë@example.com",
            "a@b-c.example.museum",
        ] {
            assert!(test_email_regex(good), "{good}");
        }
        for bad in [
            "",
            "plain",
            "a@b",
            "a@b.c",
            "a..b@example.com",
            ".a@example.com",
            "a@example.com.",
            "a b@example.com",
            "a@exa_mple.com",
            "a@example.c0m",
            "a@zoë.com",
            "a@b@example.com",
            "a@[1.2.3]",
            "a@[1234.2.3.4]",
            "<a>@example.com",
        ] {
            assert!(!test_email_regex(bad), "{bad}");
        }
    }
}
