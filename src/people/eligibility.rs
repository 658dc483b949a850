//! What the signed-in person may do to another, mirroring the portal's own rules (reference §3
//! and §5), so that a button is disabled, with the reason, before the portal would refuse.
//! The portal still decides: a refusal from it is shown as it words it.

use crate::api::{Person, UserStatus, UserType};

/// Why an action is not possible, in words for the person looking at the button.
pub type Verdict = Result<(), &'static str>;

fn is_admin(person: &Person) -> bool {
    matches!(
        person.user_type(),
        UserType::Owner | UserType::DocSpaceAdmin
    )
}

/// The list of people: DocSpace admins and room admins (users and guests get 403).
pub fn can_list(me: &Person) -> Verdict {
    match me.user_type() {
        UserType::Owner | UserType::DocSpaceAdmin | UserType::RoomAdmin => Ok(()),
        UserType::User | UserType::Guest => {
            Err("Only DocSpace admins and room admins can see the people of the portal.")
        }
    }
}

/// The types `me` may create or invite (reference §3.4: guests only come by invite link).
pub fn creatable_types(me: &Person) -> Vec<UserType> {
    match me.user_type() {
        UserType::Owner => vec![UserType::User, UserType::RoomAdmin, UserType::DocSpaceAdmin],
        UserType::DocSpaceAdmin => vec![UserType::User, UserType::RoomAdmin],
        UserType::RoomAdmin => vec![UserType::User],
        UserType::User | UserType::Guest => Vec::new(),
    }
}

/// The longest first or last name the portal stores (`MemberRequestDto`: `maxLength: 255`,
/// reference §3.4). The portal is .NET, so it counts UTF-16 code units, and so do we.
pub const NAME_MAX: usize = 255;
/// The longest email address: RFC 5321's path limit. The portal's own field takes 255
/// (reference §3.4), so every address we let through fits it, and none that mail can't carry.
pub const EMAIL_MAX: usize = 254;
/// The longest part before the `@` (RFC 5321 §4.5.3.1.1).
pub const EMAIL_LOCAL_MAX: usize = 64;

/// Characters that are invisible or reorder text: C0/C1 controls, and the bidirectional
/// overrides and isolates that can make a name read as something else.
fn is_control_like(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What is wrong with a first or last name before the portal sees it: empty, control
/// characters, or longer than [`NAME_MAX`]. (Which letters the portal accepts is its own
/// `IsValidUserName`; a refusal from it is shown next to the field as it words it.)
pub fn name_problem(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if name.is_empty() {
        Some("Enter a name.")
    } else if name.chars().any(is_control_like) {
        Some("A name cannot contain control characters or invisible direction marks.")
    } else if name.encode_utf16().count() > NAME_MAX {
        Some("A name is at most 255 characters.")
    } else {
        None
    }
}

/// What is wrong with an email address, as the portal's `MailAddress` parsing and mail itself
/// would refuse it; each message says which rule, so that it stands alone next to a field or
/// beside a row of a pasted list. Surrounding spaces are ignored (and trimmed when sent).
pub fn email_problem(email: &str) -> Option<&'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Some("Enter an email address.");
    }
    if email.chars().any(is_control_like) {
        return Some("An email address cannot contain control characters.");
    }
    if email.chars().any(char::is_whitespace) {
        return Some("An email address cannot contain spaces.");
    }
    if email.chars().any(|c| {
        matches!(
            c,
            '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '\\' | '"'
        )
    }) {
        return Some("An email address cannot contain < > ( ) [ ] , ; : \\ or \".");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some("An email address needs an @, as in name@example.com.");
    };
    if domain.contains('@') {
        return Some("An email address has only one @.");
    }
    if local.is_empty() {
        return Some("An email address needs a name before the @.");
    }
    if domain.is_empty() {
        return Some("An email address needs a domain after the @, as in example.com.");
    }
    if email.chars().count() > EMAIL_MAX {
        return Some("An email address is at most 254 characters.");
    }
    if local.chars().count() > EMAIL_LOCAL_MAX {
        return Some("The part before the @ is at most 64 characters.");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("Dots before the @ cannot come first, last or twice in a row.");
    }
    if !domain.contains('.') {
        return Some("The domain after the @ needs a dot, as in example.com.");
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if !domain.split('.').all(label_ok) {
        return Some(
            "The domain after the @ is not valid: letters, digits and hyphens between dots.",
        );
    }
    None
}

/// What terminating and re-enabling share: the EditUser right and the protected accounts.
fn can_change_status(me: &Person, target: &Person) -> Verdict {
    if !is_admin(me) {
        return Err("Only the owner and DocSpace admins can disable or enable accounts.");
    }
    if target.is_owner {
        return Err("The portal owner's account cannot be disabled.");
    }
    if target.id == me.id {
        return Err("You cannot change the status of your own account.");
    }
    if target.user_type() == UserType::DocSpaceAdmin && me.user_type() != UserType::Owner {
        return Err("Only the portal owner can disable or enable a DocSpace admin.");
    }
    if target.is_ldap {
        return Err("This account is managed by LDAP.");
    }
    Ok(())
}

/// Terminating ("Disable" in the portal's words).
pub fn can_terminate(me: &Person, target: &Person) -> Verdict {
    can_change_status(me, target)?;
    if target.status() == UserStatus::Disabled {
        return Err("The account is already disabled.");
    }
    Ok(())
}

/// Re-enabling a terminated account.
pub fn can_enable(me: &Person, target: &Person) -> Verdict {
    can_change_status(me, target)?;
    if target.status() != UserStatus::Disabled {
        return Err("Only a disabled account can be enabled.");
    }
    Ok(())
}

/// Lowering a type to user or guest with `POST /people/type`, which first moves the person's
/// rooms to an admin or room admin.
pub fn can_lower_type(me: &Person, target: &Person, to: UserType) -> Verdict {
    let from = target.user_type();
    if !is_admin(me) {
        return Err("Only the owner and DocSpace admins can lower a type.");
    }
    if target.is_owner {
        return Err("The portal owner's type cannot change.");
    }
    if target.id == me.id {
        return Err("You cannot change your own type.");
    }
    if target.status() == UserStatus::Disabled {
        return Err("Enable the account first.");
    }
    if from == UserType::DocSpaceAdmin && me.user_type() != UserType::Owner {
        return Err("Only the portal owner can change a DocSpace admin's type.");
    }
    let lower = match to {
        UserType::User => matches!(from, UserType::DocSpaceAdmin | UserType::RoomAdmin),
        UserType::Guest => matches!(
            from,
            UserType::DocSpaceAdmin | UserType::RoomAdmin | UserType::User
        ),
        _ => false,
    };
    if lower {
        Ok(())
    } else {
        Err("Only admins and room admins can be lowered to user.")
    }
}

/// Deleting for good: only a disabled account, and an admin's only by the owner.
pub fn can_delete(me: &Person, target: &Person) -> Verdict {
    if !is_admin(me) {
        return Err("Only the owner and DocSpace admins can delete accounts.");
    }
    if target.is_owner {
        return Err("The portal owner's account cannot be deleted.");
    }
    if target.id == me.id {
        return Err("You cannot delete your own account here.");
    }
    if target.status() != UserStatus::Disabled {
        return Err("Disable the account first: only disabled accounts can be deleted.");
    }
    if target.user_type() == UserType::DocSpaceAdmin && me.user_type() != UserType::Owner {
        return Err("Only the portal owner can delete a DocSpace admin.");
    }
    Ok(())
}

/// Changing the type to `to` with `PUT /people/type/{type}`: only the portal's upgrade paths.
pub fn can_change_type(me: &Person, target: &Person, to: UserType) -> Verdict {
    let from = target.user_type();
    if from == UserType::Owner || target.is_owner {
        return Err("The portal owner's type cannot change.");
    }
    if target.id == me.id {
        return Err("You cannot change your own type.");
    }
    if target.status() == UserStatus::Disabled {
        return Err("Enable the account first.");
    }
    if from == to {
        return Err("The account already has this type.");
    }
    let rank = |t: UserType| match t {
        UserType::Owner | UserType::DocSpaceAdmin => 3,
        UserType::RoomAdmin => 2,
        UserType::User => 1,
        UserType::Guest => 0,
    };
    let me_type = me.user_type();
    match to {
        UserType::Owner => Err("Ownership is transferred in the portal's settings."),
        UserType::DocSpaceAdmin if me_type != UserType::Owner => {
            Err("Only the portal owner can make someone a DocSpace admin.")
        }
        UserType::RoomAdmin if from == UserType::DocSpaceAdmin && me_type != UserType::Owner => {
            Err("Only the portal owner can change a DocSpace admin's type.")
        }
        UserType::RoomAdmin if !is_admin(me) => {
            Err("Only the owner and DocSpace admins can make someone a room admin.")
        }
        UserType::User if !(is_admin(me) || me_type == UserType::RoomAdmin) => {
            Err("Only admins and room admins can change types.")
        }
        _ if rank(to) < rank(from)
            && !(from == UserType::DocSpaceAdmin && to == UserType::RoomAdmin) =>
        {
            Err("Lowering a type moves the person's rooms first: use \"Lower to user\".")
        }
        UserType::Guest => Err("Nobody can be made a guest here."),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, t: UserType, status: u8) -> Person {
        let json = serde_json::json!({
            "id": id, "displayName": id, "email": format!("{id}@example.com"), "status": status,
            "isOwner": t == UserType::Owner, "isAdmin": t == UserType::DocSpaceAdmin,
            "isRoomAdmin": t == UserType::RoomAdmin, "isCollaborator": t == UserType::User,
            "isVisitor": t == UserType::Guest,
        });
        serde_json::from_value(json).unwrap()
    }

    struct Cast {
        owner: Person,
        admin: Person,
        room_admin: Person,
        user: Person,
        guest: Person,
    }

    fn cast() -> Cast {
        Cast {
            owner: person("owner", UserType::Owner, 1),
            admin: person("admin", UserType::DocSpaceAdmin, 1),
            room_admin: person("room", UserType::RoomAdmin, 1),
            user: person("user", UserType::User, 1),
            guest: person("guest", UserType::Guest, 1),
        }
    }

    fn disabled(mut p: Person) -> Person {
        p.status = 2;
        p
    }

    #[test]
    fn who_creates_which_types() {
        let c = cast();
        assert_eq!(
            creatable_types(&c.owner),
            [UserType::User, UserType::RoomAdmin, UserType::DocSpaceAdmin]
        );
        assert_eq!(
            creatable_types(&c.admin),
            [UserType::User, UserType::RoomAdmin]
        );
        assert_eq!(creatable_types(&c.room_admin), [UserType::User]);
        assert!(creatable_types(&c.user).is_empty() && creatable_types(&c.guest).is_empty());
    }

    #[test]
    fn a_name_is_refused_when_empty() {
        assert_eq!(name_problem("John"), None);
        assert_eq!(name_problem("  Jean-Luc O'Brien  "), None);
        for empty in ["", "   ", "\t\n"] {
            assert_eq!(name_problem(empty), Some("Enter a name."), "{empty:?}");
        }
    }

    #[test]
    fn a_name_is_refused_past_255_characters() {
        assert_eq!(name_problem(&"x".repeat(255)), None);
        assert_eq!(
            name_problem(&format!("  {}  ", "x".repeat(255))),
            None,
            "trimmed first"
        );
        assert!(name_problem(&"x".repeat(256)).unwrap().contains("255"));
        // The portal counts UTF-16 units: 128 characters outside the BMP are 256 of them.
        assert!(name_problem(&"𝒜".repeat(128)).is_some());
        assert_eq!(name_problem(&"é".repeat(255)), None);
    }

    #[test]
    fn a_name_is_refused_with_control_characters() {
        for bad in [
            "Jo\u{0}hn",
            "Jo\u{7}hn",
            "Jo\u{1b}[31mhn",
            "Jo\u{85}hn",
            "\u{202e}nhoJ",
            "Jo\u{2066}hn",
        ] {
            assert!(name_problem(bad).unwrap().contains("control"), "{bad:?}");
        }
    }

    #[test]
    fn an_email_is_accepted_when_well_formed() {
        for good in [
            "john.doe@example.com",
            "  john@example.com  ",
            "o'brien+tag@mail.example.co.uk",
            "a@b.io",
            "jürgen@bücher.de",
            &format!("{}@example.com", "l".repeat(64)),
            &format!(
                "x@{}.{}.{}.com",
                "d".repeat(63),
                "d".repeat(63),
                "d".repeat(63)
            ),
        ] {
            assert_eq!(email_problem(good), None, "{good}");
        }
    }

    #[test]
    fn an_email_is_refused_with_the_rule_it_breaks() {
        let cases = [
            ("", "Enter an email"),
            ("   ", "Enter an email"),
            ("john", "needs an @"),
            ("john.example.com", "needs an @"),
            ("a@@b.c", "only one @"),
            ("a@b@c.d", "only one @"),
            ("@example.com", "name before the @"),
            ("anna@", "domain after the @"),
            ("x@y", "needs a dot"),
            ("john@example", "needs a dot"),
            ("jo hn@example.com", "spaces"),
            ("john@exa mple.com", "spaces"),
            ("jo\u{0}hn@example.com", "control"),
            ("john@example.com\u{7}", "control"),
            ("jo\u{202e}hn@example.com", "control"),
            ("<john@example.com>", "cannot contain <"),
            ("john,ann@example.com", "cannot contain <"),
            ("\"john\"@example.com", "cannot contain <"),
            (".john@example.com", "Dots"),
            ("john.@example.com", "Dots"),
            ("jo..hn@example.com", "Dots"),
            ("john@.example.com", "not valid"),
            ("john@example.com.", "not valid"),
            ("john@example..com", "not valid"),
            ("john@-example.com", "not valid"),
            ("john@exa_mple.com", "not valid"),
            ("john@example.c/m", "not valid"),
        ];
        for (bad, why) in cases {
            let problem = email_problem(bad).unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(problem.contains(why), "{bad:?}: {problem}");
        }
    }

    #[test]
    fn an_email_is_refused_past_the_lengths_mail_allows() {
        let local_65 = format!("{}@example.com", "l".repeat(65));
        assert!(email_problem(&local_65).unwrap().contains("64"));
        // 254 in all is the most; the portal's field would take 255.
        let domain = |n: usize| {
            let labels: Vec<String> = (0..n / 50).map(|_| "d".repeat(49)).collect();
            format!("{}.{}", labels.join("."), "e".repeat(n % 50))
        };
        let at = |total: usize| {
            let mut e = format!("a@{}", domain(total - 6));
            e.push_str(".com");
            e
        };
        assert_eq!(at(254).chars().count(), 254);
        assert_eq!(email_problem(&at(254)), None, "{}", at(254));
        assert!(email_problem(&at(255)).unwrap().contains("254"));
        assert!(email_problem(&format!("{}@example.com", "a".repeat(300))).is_some());
    }

    #[test]
    fn lowering_types() {
        let c = cast();
        assert_eq!(
            can_lower_type(&c.admin, &c.room_admin, UserType::User),
            Ok(())
        );
        assert!(
            can_lower_type(&c.admin, &c.user, UserType::User).is_err(),
            "not lower"
        );
        assert!(can_lower_type(
            &c.admin,
            &person("a2", UserType::DocSpaceAdmin, 1),
            UserType::User
        )
        .is_err());
        assert_eq!(
            can_lower_type(
                &c.owner,
                &person("a2", UserType::DocSpaceAdmin, 1),
                UserType::User
            ),
            Ok(())
        );
        assert!(can_lower_type(&c.room_admin, &c.room_admin, UserType::User).is_err());
        assert!(
            can_lower_type(
                &c.room_admin,
                &person("r2", UserType::RoomAdmin, 1),
                UserType::User
            )
            .is_err(),
            "admins only"
        );
        assert!(can_lower_type(&c.admin, &c.owner, UserType::User).is_err());
        assert!(can_lower_type(&c.admin, &disabled(c.room_admin.clone()), UserType::User).is_err());
    }

    #[test]
    fn listing() {
        let c = cast();
        assert!(
            can_list(&c.owner).is_ok()
                && can_list(&c.admin).is_ok()
                && can_list(&c.room_admin).is_ok()
        );
        assert!(can_list(&c.user).is_err() && can_list(&c.guest).is_err());
    }

    #[test]
    fn terminating_for_each_caller() {
        let c = cast();
        let other_admin = person("admin2", UserType::DocSpaceAdmin, 1);
        // Owner: anyone but themselves.
        for target in [&c.admin, &c.room_admin, &c.user, &c.guest] {
            assert_eq!(can_terminate(&c.owner, target), Ok(()), "{}", target.id);
        }
        assert!(can_terminate(&c.owner, &c.owner).is_err());
        // Admin: not the owner, not themselves, not other admins.
        assert!(can_terminate(&c.admin, &c.owner)
            .unwrap_err()
            .contains("owner"));
        assert!(can_terminate(&c.admin, &c.admin)
            .unwrap_err()
            .contains("your own"));
        assert!(can_terminate(&c.admin, &other_admin)
            .unwrap_err()
            .contains("owner can"));
        assert_eq!(can_terminate(&c.admin, &c.user), Ok(()));
        // Room admins, users and guests: nobody.
        for me in [&c.room_admin, &c.user, &c.guest] {
            assert!(can_terminate(me, &c.guest).is_err());
        }
        assert!(can_terminate(&c.owner, &disabled(c.user.clone()))
            .unwrap_err()
            .contains("already"));
    }

    #[test]
    fn enabling() {
        let c = cast();
        assert_eq!(can_enable(&c.admin, &disabled(c.user.clone())), Ok(()));
        assert!(can_enable(&c.admin, &c.user).is_err(), "not disabled");
        assert!(can_enable(
            &c.admin,
            &disabled(person("a2", UserType::DocSpaceAdmin, 1))
        )
        .is_err());
        assert_eq!(
            can_enable(
                &c.owner,
                &disabled(person("a2", UserType::DocSpaceAdmin, 1))
            ),
            Ok(())
        );
        assert!(can_enable(&c.room_admin, &disabled(c.user.clone())).is_err());
    }

    #[test]
    fn deleting_needs_a_disabled_account() {
        let c = cast();
        assert!(can_delete(&c.admin, &c.user)
            .unwrap_err()
            .contains("Disable the account first"));
        assert_eq!(can_delete(&c.admin, &disabled(c.user.clone())), Ok(()));
        assert_eq!(can_delete(&c.admin, &disabled(c.guest.clone())), Ok(()));
        assert!(can_delete(
            &c.admin,
            &disabled(person("a2", UserType::DocSpaceAdmin, 1))
        )
        .is_err());
        assert_eq!(
            can_delete(
                &c.owner,
                &disabled(person("a2", UserType::DocSpaceAdmin, 1))
            ),
            Ok(())
        );
        assert!(can_delete(&c.admin, &c.owner).is_err());
        for me in [&c.room_admin, &c.user, &c.guest] {
            assert!(can_delete(me, &disabled(c.user.clone())).is_err());
        }
    }

    #[test]
    fn type_changes_follow_the_upgrade_paths() {
        let c = cast();
        assert_eq!(
            can_change_type(&c.owner, &c.user, UserType::DocSpaceAdmin),
            Ok(())
        );
        assert!(can_change_type(&c.admin, &c.user, UserType::DocSpaceAdmin).is_err());
        assert_eq!(
            can_change_type(&c.admin, &c.user, UserType::RoomAdmin),
            Ok(())
        );
        assert_eq!(can_change_type(&c.admin, &c.guest, UserType::User), Ok(()));
        assert_eq!(
            can_change_type(&c.room_admin, &c.guest, UserType::User),
            Ok(())
        );
        assert!(can_change_type(&c.room_admin, &c.user, UserType::RoomAdmin).is_err());
        assert!(can_change_type(&c.admin, &c.room_admin, UserType::User)
            .unwrap_err()
            .contains("Lowering"));
        assert!(can_change_type(&c.admin, &c.user, UserType::Guest).is_err());
        assert_eq!(
            can_change_type(&c.owner, &c.admin, UserType::RoomAdmin),
            Ok(())
        );
        assert!(can_change_type(
            &c.admin,
            &person("a2", UserType::DocSpaceAdmin, 1),
            UserType::RoomAdmin
        )
        .is_err());
        assert!(can_change_type(&c.admin, &c.owner, UserType::RoomAdmin)
            .unwrap_err()
            .contains("owner"));
        assert!(can_change_type(&c.admin, &c.admin, UserType::RoomAdmin)
            .unwrap_err()
            .contains("your own"));
        assert!(
            can_change_type(&c.admin, &disabled(c.guest.clone()), UserType::User)
                .unwrap_err()
                .contains("Enable")
        );
        for me in [&c.user, &c.guest] {
            assert!(can_change_type(me, &c.guest, UserType::User).is_err());
        }
    }
}
