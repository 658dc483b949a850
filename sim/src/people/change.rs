//! Changing people: `PUT /people/{userid}` (§3.6), `PUT /people/status/{status}` (§3.7) and
//! `PUT /people/type/{type}` (§3.9).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;

use super::list::{type_from_number, STATUS_NAMES, TYPE_NAMES};
use super::{body, full_dto, lock, me, target_of, Reply, UserIds};
use crate::envelope::{success, RequestLink};
use crate::model::{EmployeeStatus, EmployeeType, User};
use crate::params::parse_enum;
use crate::portal::Portal;
use crate::rules::{
    can_change_status, can_change_type, is_admin, is_paid, is_valid_user_name, Refusal,
    INCORRECT_USER_NAME,
};
use crate::time::now;
use crate::SharedPortal;

/// `UpdateMemberRequestDto`, the fields that take effect.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateMember {
    first_name: Option<String>,
    last_name: Option<String>,
    location: Option<String>,
    disable: Option<bool>,
}

/// Which route changes a status: they differ in what they write (reference §3.6, §3.7).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    /// `PUT /people/{id}` with `disable`: stamps `terminated`; re-enabling makes Active.
    Disable,
    /// `PUT /people/status/{status}`: no stamp; someone who never finished signing up goes
    /// back to Pending.
    Status,
}

fn set_status(portal: &mut Portal, id: &str, terminate: bool, route: Route) {
    let at = now();
    if let Some(user) = portal.user_mut(id) {
        // Both routes save the profile, which stamps `LastModified`.
        user.modified = at;
        if terminate {
            user.status = EmployeeStatus::Terminated;
            if route == Route::Disable {
                user.terminated = Some(at);
            }
        } else {
            let never_signed_up = user.first_name.is_empty() && user.last_name.is_empty();
            user.status = if route == Route::Status && never_signed_up {
                EmployeeStatus::Pending
            } else {
                EmployeeStatus::Active
            };
            user.terminated = None;
        }
    }
    if terminate {
        portal.revoke_sessions(id);
    }
}

/// `PUT /people/{userid}`: profile fields apply only to oneself, names under the portal's rule
/// (`rules::is_valid_user_name`); for anyone else only `disable` takes effect, under the
/// status rules. `userid` is read as a GUID first, then as a
/// user name (`target_of`).
pub async fn update(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(userid): Path<String>,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: UpdateMember = body(&link, &bytes)?;
    super::create::check_name_lengths(&link, &request.first_name, &request.last_name)?;
    let target = target_of(&portal, &userid)?;
    if target.id == me.id {
        if request.disable.is_some() {
            return Err(Refusal::AccessDenied.into());
        }
        // `UpdateMember`: the names sent, or the stored ones, are checked together (so a
        // stored name that breaks the rule refuses any self-update); stored as sent.
        let first = request.first_name.unwrap_or_else(|| me.first_name.clone());
        let last = request.last_name.unwrap_or_else(|| me.last_name.clone());
        if !is_valid_user_name(&first, &last) {
            return Err(Refusal::BadRequest(INCORRECT_USER_NAME.into()).into());
        }
        if let Some(user) = portal.user_mut(&me.id) {
            user.modified = now();
            user.first_name = first;
            user.last_name = last;
            if let Some(location) = request.location {
                user.location = Some(location).filter(|l| !l.trim().is_empty());
            }
        }
    } else {
        can_change_status(&me, &target)?;
        if let Some(disable) = request.disable {
            if !disable && target.status == EmployeeStatus::Terminated {
                portal.check_seats(usize::from(is_paid(target.employee_type)))?;
            }
            set_status(&mut portal, &target.id, disable, Route::Disable);
        }
    }
    let updated = portal.user(&target.id).cloned().ok_or(Refusal::NotFound)?;
    portal.record(
        &me.id,
        crate::audit::action::USER_UPDATED,
        &[&updated.id],
        &updated.display_name(),
    );
    Ok(success(
        &link,
        full_dto(&portal, &updated, &me, &link),
        None,
    ))
}

fn dtos(portal: &Portal, ids: &[String], me: &User, link: &RequestLink) -> Value {
    Value::Array(
        ids.iter()
            .filter_map(|id| portal.user(id))
            .map(|u| full_dto(portal, u, me, link))
            .collect(),
    )
}

/// `PUT /people/status/{status}` with `{userIds}`: 1 re-enables, 2 terminates. Every id is
/// checked for the right to change it first (one refusal and nothing changes); then each person
/// is saved before the next (`UserController.UpdateUserStatus`): a re-enable checks the seats
/// person by person (`countPaidUserChecker.CheckAppend` for admins and room admins), so past the
/// limit it answers 402 with the ones before it already enabled.
pub async fn set_statuses(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(status): Path<String>,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let status = parse_enum("status", &status, STATUS_NAMES).map_err(|b| b.into_response(&link))?;
    let ids = body::<UserIds>(&link, &bytes)?.parse(&link)?;
    if status != 1 && status != 2 {
        return Err(Refusal::BadRequest("Incorrect status".into()).into());
    }
    // The route needs the portal-wide EditUser right, whatever the ids.
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    for id in &ids {
        // Unknown ids resolve to the system "LostUser": refused like any system user.
        let target = portal.user(id).ok_or(Refusal::AccessDenied)?;
        can_change_status(&me, target)?;
    }
    for id in &ids {
        let returning = portal
            .user(id)
            .is_some_and(|u| u.status == EmployeeStatus::Terminated && is_paid(u.employee_type));
        if status == 1 && returning {
            portal.check_seats(1)?;
        }
        set_status(&mut portal, id, status == 2, Route::Status);
    }
    // One event for everyone (`UsersUpdatedStatus`, the ids joined).
    let names: Vec<String> = ids.iter().filter_map(|id| portal.name_of(id)).collect();
    let targets: Vec<&str> = ids.iter().map(String::as_str).collect();
    portal.record(
        &me.id,
        crate::audit::action::USERS_UPDATED_STATUS,
        &targets,
        &names.join(", "),
    );
    Ok(success(&link, dtos(&portal, &ids, &me, &link), None))
}

/// `PUT /people/type/{type}` with `{userIds}`: upgrades only, one user after another (not
/// atomic: users changed before a refusal stay changed).
pub async fn set_types(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(new_type): Path<String>,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let number = parse_enum("type", &new_type, TYPE_NAMES).map_err(|b| b.into_response(&link))?;
    let ids = body::<UserIds>(&link, &bytes)?.parse(&link)?;
    let to = type_from_number(number).ok_or(Refusal::AccessDenied)?;
    // Users and guests may retype nobody, whatever the ids.
    if !is_admin(&me) && me.employee_type != EmployeeType::RoomAdmin {
        return Err(Refusal::AccessDenied.into());
    }
    for id in &ids {
        let target = portal.user(id).ok_or(Refusal::AccessDenied)?;
        can_change_type(&me, target, to)?;
        portal.check_seats(usize::from(is_paid(to) && !is_paid(target.employee_type)))?;
        let changed = portal.user(id).is_some_and(|u| u.employee_type != to);
        if let Some(user) = portal.user_mut(id) {
            user.employee_type = to;
        }
        // One event per person (`UsersUpdatedType`).
        if changed {
            let name = portal.name_of(id).unwrap_or_default();
            portal.record(
                &me.id,
                crate::audit::action::USERS_UPDATED_TYPE,
                &[id],
                &name,
            );
        }
    }
    Ok(success(&link, dtos(&portal, &ids, &me, &link), None))
}
