//! Moving a leaver's data before deleting them (reference §3.11).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{json, Value};

use super::list::{type_from_number, TYPE_NAMES};
use super::{body, lock, me, parse_guid, Reply};
use crate::envelope::{success, validation, RequestLink};
use crate::model::EmployeeType;
use crate::params::{parse_enum, Params};
use crate::portal::{Portal, ReassignTask, TaskState};
use crate::rules::{can_reassign_from, can_reassign_to, is_admin, Refusal};
use crate::SharedPortal;

/// `TaskProgressResponseDto`, or nothing (the `response` key omitted) when there is no job.
pub fn progress(portal: &Portal, task: Option<&ReassignTask>) -> Value {
    match task {
        None => Value::Null,
        Some(task) => json!({
            "id": format!(
                "1_{}_{}",
                task.from,
                if task.retype_to.is_some() { "UpdateUserTypeProgressItem" } else { "ReassignProgressItem" }
            ),
            "percentage": portal.task_percentage(task),
            "isCompleted": task.state != TaskState::Running,
            "status": task.state as u8,
        }),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartRequest {
    from_user_id: Option<String>,
    to_user_id: Option<String>,
    #[serde(default)]
    delete_profile: bool,
}

pub fn required_guid(
    link: &RequestLink,
    field: &str,
    value: Option<&str>,
) -> Result<String, axum::response::Response> {
    let Some(value) = value else {
        return Err(validation(
            link,
            field,
            &format!("The {field} field is required."),
        ));
    };
    parse_guid(field, value).map_err(|b| b.into_response(link))
}

/// `POST /people/reassign/start`: starts moving a terminated user's data to an admin or room
/// admin; with `deleteProfile` the profile is deleted when the move completes. Starting again
/// while a job runs answers with that job.
pub async fn start(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: StartRequest = body(&link, &bytes)?;
    let from = required_guid(&link, "FromUserId", request.from_user_id.as_deref())?;
    let to = required_guid(&link, "ToUserId", request.to_user_id.as_deref())?;
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    if !portal
        .user(&to)
        .is_some_and(|u| can_reassign_to(u) && u.id != from)
    {
        return Err(
            Refusal::BadRequest(format!("Can not reassign data to user with id = {to}")).into(),
        );
    }
    if !portal
        .user(&from)
        .is_some_and(|u| can_reassign_from(&me, u))
    {
        return Err(Refusal::BadRequest(format!(
            "Can not reassign data from user with id = {from}"
        ))
        .into());
    }
    let running = portal
        .tasks
        .get(&from)
        .is_some_and(|t| t.state == TaskState::Running);
    if !running {
        let name = portal.name_of(&from).unwrap_or_default();
        portal.record(
            &me.id,
            crate::audit::action::USER_DATA_REASSIGNS,
            &[&from],
            &name,
        );
        portal.tasks.insert(
            from.clone(),
            ReassignTask {
                from: from.clone(),
                to,
                delete_profile: request.delete_profile,
                started: std::time::Instant::now(),
                state: TaskState::Running,
                stopped_at: None,
                ended: None,
                retype_to: None,
            },
        );
    }
    Ok(success(
        &link,
        progress(&portal, portal.tasks.get(&from)),
        None,
    ))
}

/// `GET /people/reassign/progress/{userid}`.
pub async fn get_progress(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(userid): Path<String>,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let id = parse_guid("userid", &userid).map_err(|b| b.into_response(&link))?;
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    if portal
        .user(&id)
        .is_some_and(|u| crate::rules::is_admin(u) && !me.is_owner)
    {
        return Err(Refusal::AccessDenied.into());
    }
    Ok(success(
        &link,
        progress(&portal, portal.tasks.get(&id)),
        None,
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TerminateRequest {
    user_id: Option<String>,
}

/// Cancels `{userId}`'s running job: a reassignment, or (with `retype`) a type change.
pub fn cancel(
    shared: &SharedPortal,
    headers: &HeaderMap,
    link: &RequestLink,
    bytes: &[u8],
    retype: bool,
) -> Reply {
    let mut portal = lock(shared);
    let me = me(&portal, headers)?;
    let request: TerminateRequest = body(link, bytes)?;
    let id = required_guid(link, "UserId", request.user_id.as_deref())?;
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    let canceled = portal.cancel_task(retype, &id);
    Ok(success(link, progress(&portal, canceled.as_ref()), None))
}

/// `PUT /people/reassign/terminate` with `{userId}`: cancels a running job.
pub async fn terminate(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    cancel(&shared, &headers, &link, &bytes, false)
}

/// `GET /people/reassign/necessary?userId=&type=` (3.1 and later): whether the user has data
/// that must move first (`ReassignController.NecessaryReassign` in
/// `products/ASC.People/Server/Api/ReassignController.cs`): rooms they own, for any type; for
/// `type=Guest` also their shared files and folders (since 3.1; 3.1 and 3.2 count files only,
/// the simulator one number for both).
pub async fn necessary(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let params = Params::parse(query.as_deref());
    let id = required_guid(&link, "UserId", params.get("userid"))?;
    let as_type = match params.get("type") {
        Some(t) => parse_enum("Type", t, TYPE_NAMES).map_err(|b| b.into_response(&link))?,
        None => 0,
    };
    // `AddRemoveUser` for the type asked about: admins, and room admins for users and guests
    // (`Security.cs`); a DocSpace admin's data only by the owner (`NecessaryReassign`).
    let room_admin_may = me.employee_type == EmployeeType::RoomAdmin
        && matches!(
            type_from_number(as_type),
            Some(EmployeeType::User | EmployeeType::Guest)
        );
    if !is_admin(&me) && !room_admin_may {
        return Err(Refusal::AccessDenied.into());
    }
    let target = portal.user(&id);
    if !me.is_owner && target.is_some_and(|u| u.employee_type == EmployeeType::DocSpaceAdmin) {
        return Err(Refusal::AccessDenied.into());
    }
    // `AnyRoomsAsync`, then for a guest-to-be `GetSharedEntriesCountAsync > 0`: a guest has
    // no "My documents", so what they shared from there must go too.
    let necessary = target.is_some_and(|u| {
        u.rooms_owned > 0
            || (type_from_number(as_type) == Some(EmployeeType::Guest) && u.shared_files > 0)
    });
    Ok(success(&link, necessary.into(), None))
}
