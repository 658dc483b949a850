//! What the signed-in person may do to another, mirroring the portal's own rules (reference §3
//! and §5), so that a button is disabled, with the reason, before the portal would refuse.
//! The portal still decides: a refusal from it is shown as it words it.

use crate::api::{Person, UserStatus, UserType};

pub use super::validation::{email_problem, name_problem, EMAIL_LOCAL_MAX, EMAIL_MAX, NAME_MAX};

#[cfg(test)]
mod tests;

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
