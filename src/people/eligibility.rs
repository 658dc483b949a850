//! What the signed-in person may do to another, mirroring the portal's own rules (reference §3
//! and §5), so that a button is disabled, with the reason, before the portal would refuse.
//! The portal still decides: a refusal from it is shown as it words it.

use crate::api::{Person, UserStatus, UserType};

pub use super::validation::{
    email_problem, first_name_problem, name_problem, EMAIL_LOCAL_MAX, EMAIL_MAX, NAME_MAX,
};

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

/// "Room admins cannot {what} on DocSpace: only {who} can.", naming the caller's role.
macro_rules! refused {
    ($me:expr, $what:literal, $who:literal) => {
        refused!(@$me, $what, $who, [Owner "The owner", DocSpaceAdmin "DocSpace admins",
            RoomAdmin "Room admins", User "Users", Guest "Guests"])
    };
    (@$me:expr, $what:literal, $who:literal, [$($role:ident $name:literal),*]) => {
        match $me.user_type() {
            $(UserType::$role => concat!($name, " cannot ", $what, " on DocSpace: only ", $who, " can."),)*
        }
    };
}

/// The owner and DocSpace admins pass; anyone else is told `why`.
fn admins_only(me: &Person, why: &'static str) -> Verdict {
    if is_admin(me) {
        Ok(())
    } else {
        Err(why)
    }
}

/// Changing anyone's status (`PUT /people/status/{status}`): the portal-wide EditUser right,
/// which only the owner and DocSpace admins have (`UserController.UpdateUserStatus`).
pub fn can_change_status_at_all(me: &Person) -> Verdict {
    let why = refused!(
        me,
        "disable or enable accounts",
        "the owner and DocSpace admins"
    );
    admins_only(me, why)
}

/// Deleting anyone (`DELETE /people/{id}`, `PUT /people/delete`): AddRemoveUser with no
/// target type, which only the owner and DocSpace admins have (`UserController.DeleteMember`,
/// `RemoveUsers`; `Security.cs` gives room admins AddRemoveUser for users and guests only).
pub fn can_delete_at_all(me: &Person) -> Verdict {
    let why = refused!(me, "delete accounts", "the owner and DocSpace admins");
    admins_only(me, why)
}

/// Lowering anyone's type and waiting for the move of their rooms: `GET /people/type/progress`
/// needs AddRemoveUser with no target type, so only the owner and DocSpace admins can follow
/// the move to its end (`UserController.GetUserTypeUpdateProgress`).
/// (Room admins may start it, `POST /people/type` being AddRemoveUser for the User type, but
/// not see it end, so the panel does not offer it to them.)
pub fn can_lower_types_at_all(me: &Person) -> Verdict {
    let why = match me.user_type() {
        UserType::RoomAdmin => "Room admins cannot lower someone's type from this panel: only the owner and DocSpace admins can follow the move of the rooms to its end.",
        _ => refused!(me, "lower someone's type", "the owner and DocSpace admins"),
    };
    admins_only(me, why)
}

/// Raising anyone to `to` (`PUT /people/type/{type}`): AddRemoveUser for that type, which room
/// admins have for users only (`Security.cs`), then the upgrade paths of
/// `UserManagerWrapper.UpdateUserTypeAsync` (a DocSpace admin by the owner only, a room admin
/// by a DocSpace admin).
pub fn can_make_type_at_all(me: &Person, to: UserType) -> Verdict {
    let me_type = me.user_type();
    match to {
        UserType::Owner => Err("Ownership is transferred in the portal's settings."),
        UserType::Guest => Err("Nobody can be made a guest here."),
        UserType::DocSpaceAdmin if me_type != UserType::Owner => {
            Err(refused!(me, "make someone a DocSpace admin", "the owner"))
        }
        UserType::RoomAdmin if !is_admin(me) => Err(refused!(
            me,
            "make someone a room admin",
            "the owner and DocSpace admins"
        )),
        UserType::User if matches!(me_type, UserType::User | UserType::Guest) => Err(refused!(
            me,
            "change types",
            "the owner, DocSpace admins and room admins"
        )),
        _ => Ok(()),
    }
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
    can_change_status_at_all(me)?;
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
    can_change_status_at_all(me)?;
    if target.is_owner {
        return Err("The portal owner's account is never disabled, so there is nothing to enable.");
    }
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
    can_lower_types_at_all(me)?;
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
    can_delete_at_all(me)?;
    if target.is_owner {
        return Err("The portal owner's account cannot be deleted.");
    }
    if target.id == me.id {
        return Err("You cannot delete your own account here.");
    }
    // The portal refuses an LDAP account before it looks at the status (`DeleteMember`).
    if target.is_ldap {
        return Err("This account is managed by LDAP.");
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
    can_make_type_at_all(me, to)?;
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
            // Pointing to "Lower to user" only for those who may use it.
            can_lower_types_at_all(me)?;
            Err("Lowering a type moves the person's rooms first: use \"Lower to user\".")
        }
        UserType::Guest => Err("Nobody can be made a guest here."),
        _ => Ok(()),
    }
}

/// The steps of offboarding one person, in the portal's order, as the wizard takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffboardStep {
    Create,
    Verify,
    Disable,
    HandOver,
    Delete,
}

impl OffboardStep {
    pub const ALL: [OffboardStep; 5] = [
        OffboardStep::Create,
        OffboardStep::Verify,
        OffboardStep::Disable,
        OffboardStep::HandOver,
        OffboardStep::Delete,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OffboardStep::Create => "Create the account",
            OffboardStep::Verify => "Verify it, and whether it owns rooms",
            OffboardStep::Disable => "Disable it",
            OffboardStep::HandOver => "Hand its rooms to someone",
            OffboardStep::Delete => "Delete it",
        }
    }
}

/// Whether `me` may take `step` at all, whoever the person (the portal's checks that do not
/// depend on them; [`can_offboard`] adds those that do).
/// - Create: `POST /people` needs AddRemoveUser for the new type (`creatable_types`).
/// - Verify: `GET /people/{id}` (room admins see non-guests and related guests) and
///   `GET /people/reassign/necessary?type=User`, AddRemoveUser for the User type, which room
///   admins have (`ReassignController.NecessaryReassign`, `Security.cs`).
/// - Disable: `PUT /people/status/2`, the portal-wide EditUser right (`UpdateUserStatus`).
/// - Hand over: `POST /people/reassign/start`, EditUser too (`ReassignController.StartReassign`).
/// - Delete: `DELETE /people/{id}`, AddRemoveUser with no type (`DeleteMember`).
pub fn can_take_step(me: &Person, step: OffboardStep) -> Verdict {
    match step {
        OffboardStep::Create if creatable_types(me).is_empty() => Err(refused!(
            me,
            "create accounts",
            "the owner, DocSpace admins and room admins"
        )),
        OffboardStep::Verify if can_list(me).is_err() => Err(refused!(
            me,
            "read other people's accounts",
            "the owner, DocSpace admins and room admins"
        )),
        OffboardStep::Create | OffboardStep::Verify => Ok(()),
        OffboardStep::Disable => can_change_status_at_all(me),
        OffboardStep::HandOver if !is_admin(me) => Err(refused!(
            me,
            "hand over someone's rooms",
            "the owner and DocSpace admins"
        )),
        OffboardStep::HandOver => Ok(()),
        OffboardStep::Delete => can_delete_at_all(me),
    }
}

/// Each step of offboarding one person, with whether `me` may take it: what the wizard says up
/// front, before anything is created.
pub fn offboard_steps(me: &Person) -> Vec<(OffboardStep, Verdict)> {
    OffboardStep::ALL
        .into_iter()
        .map(|step| (step, can_take_step(me, step)))
        .collect()
}

/// Disabling and deleting, which every offboarding ends with, and the handover between them.
fn can_disable_and_delete(me: &Person) -> Verdict {
    if !is_admin(me) {
        return Err(refused!(
            me,
            "disable or delete accounts",
            "the owner and DocSpace admins"
        ));
    }
    [
        OffboardStep::Verify,
        OffboardStep::Disable,
        OffboardStep::HandOver,
        OffboardStep::Delete,
    ]
    .into_iter()
    .try_for_each(|step| can_take_step(me, step))
}

/// The single-person wizard (`/lifecycle`) to its end: verify, disable, hand over, delete (an
/// existing account can be picked, so creating is not needed).
pub fn can_offboard_one(me: &Person) -> Verdict {
    can_disable_and_delete(me)
}

/// Offboarding many (`/offboard`): `PUT /people/status/2`, `POST /people/reassign/start` and
/// `PUT /people/delete`, the same rights as the wizard's.
pub fn can_offboard_many(me: &Person) -> Verdict {
    can_disable_and_delete(me)
}

/// Offboarding `target` to the end: what disabling (`UpdateUserStatus`), the check of their
/// rooms (`NecessaryReassign`: a DocSpace admin's only by the owner), the handover
/// (`StartReassign`) and deleting (`DeleteMember`) ask of them. An account already disabled
/// can still be offboarded: disabling it again changes nothing.
pub fn can_offboard(me: &Person, target: &Person) -> Verdict {
    can_offboard_one(me)?;
    if target.is_owner || target.user_type() == UserType::Owner {
        return Err("The portal owner's account cannot be disabled or deleted.");
    }
    if target.id == me.id {
        return Err("You cannot offboard your own account.");
    }
    if target.user_type() == UserType::DocSpaceAdmin && me.user_type() != UserType::Owner {
        return Err("Only the portal owner can offboard a DocSpace admin.");
    }
    if target.is_ldap {
        return Err("This account is managed by LDAP.");
    }
    Ok(())
}

/// Who `me` may offboard, said before anything is created or picked, when not everyone.
pub fn offboard_scope(me: &Person) -> Option<&'static str> {
    match me.user_type() {
        UserType::DocSpaceAdmin => Some("As a DocSpace admin, you can offboard users, room admins and guests: only the portal owner can offboard a DocSpace admin."),
        _ => None,
    }
}
