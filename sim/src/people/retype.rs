//! Lowering a type, which moves the person's rooms first: `POST /people/type`, its progress and
//! cancellation (reference §3.9, "Downgrade with room reassignment").

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;

use super::reassign::{progress, required_guid};
use super::{body, employee_type, lock, me, parse_guid, Reply};
use crate::envelope::{success, validation, RequestLink};
use crate::model::{EmployeeStatus, EmployeeType};
use crate::portal::{ReassignTask, TaskState};
use crate::rules::{can_reassign_to, is_admin, Refusal};
use crate::SharedPortal;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartUpdateUserType {
    #[serde(rename = "type")]
    to: Option<Value>,
    user_id: Option<String>,
    reassign_user_id: Option<String>,
}

/// `POST /people/type` with `{type: Guest|User, userId, reassignUserId?}`: starts moving the
/// person's rooms to `reassignUserId` (default: the caller); the type changes when it completes.
pub async fn start(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: StartUpdateUserType = body(&link, &bytes)?;
    let id = required_guid(&link, "UserId", request.user_id.as_deref())?;
    let heir = match request.reassign_user_id.as_deref() {
        Some(h) => parse_guid("ReassignUserId", h).map_err(|b| b.into_response(&link))?,
        None => me.id.clone(),
    };
    let to = match request.to.as_ref().map(employee_type) {
        Some(Some(t)) => t,
        _ => {
            return Err(validation(
                &link,
                "$.type",
                "The JSON value could not be converted to ASC.Core.Users.EmployeeType.",
            ))
        }
    };
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    let Some(to) = to.filter(|t| matches!(t, EmployeeType::User | EmployeeType::Guest)) else {
        return Err(Refusal::BadRequest(format!(
            "Can not update to {}",
            request.to.map(|v| v.to_string()).unwrap_or_default()
        ))
        .into());
    };
    let target = portal.user(&id).cloned().ok_or(Refusal::NotFound)?;
    if target.is_owner || (target.employee_type == EmployeeType::DocSpaceAdmin && !me.is_owner) {
        return Err(Refusal::AccessDenied.into());
    }
    let rank = |t: EmployeeType| t.rank();
    let lowers = rank(to) > rank(target.employee_type);
    if target.status == EmployeeStatus::Terminated
        || target.id == me.id
        || target.id == heir
        || !lowers
    {
        return Err(
            Refusal::BadRequest(format!("Can not update type of user with id = {id}")).into(),
        );
    }
    if !portal.user(&heir).is_some_and(can_reassign_to) {
        return Err(
            Refusal::BadRequest(format!("Can not reassign data to user with id = {heir}")).into(),
        );
    }
    let running = portal
        .type_tasks
        .get(&id)
        .is_some_and(|t| t.state == TaskState::Running);
    if !running {
        portal.type_tasks.insert(
            id.clone(),
            ReassignTask {
                from: id.clone(),
                to: heir,
                delete_profile: false,
                started: std::time::Instant::now(),
                state: TaskState::Running,
                stopped_at: None,
                ended: None,
                retype_to: Some(to),
            },
        );
    }
    Ok(success(
        &link,
        progress(&portal, portal.type_tasks.get(&id)),
        None,
    ))
}

/// `GET /people/type/progress/{userid}`.
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
    Ok(success(
        &link,
        progress(&portal, portal.type_tasks.get(&id)),
        None,
    ))
}

/// `PUT /people/type/terminate` with `{userId}`: cancels; the type stays as it was.
pub async fn terminate(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    super::reassign::cancel(&shared, &headers, &link, &bytes, true)
}
