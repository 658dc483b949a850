//! Deleting people: `DELETE /people/{userid}` and `PUT /people/delete` (reference §3.10).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::Value;

use super::{body, full_dto, lock, me, target_of, Reply, UserIds};
use crate::envelope::{success, RequestLink};
use crate::model::{EmployeeStatus, EmployeeType, User};
use crate::portal::{Portal, TaskState};
use crate::rules::{can_delete, is_admin, Refusal};
use crate::time::now;
use crate::SharedPortal;

/// A reassignment still moving this user's data blocks the deletion (a plain exception: 500).
fn reassign_running(portal: &Portal, user: &User) -> Result<(), Refusal> {
    match portal.tasks.get(&user.id) {
        Some(task) if task.state == TaskState::Running => Err(Refusal::Internal(format!(
            "Data reassign process for {} is not complete.",
            user.display_name()
        ))),
        _ => Ok(()),
    }
}

/// Deletes and answers with the deleted user as they were, `terminated` stamped.
fn delete_one(portal: &mut Portal, id: &str, me: &User, link: &RequestLink) -> Option<Value> {
    let mut user = portal.remove_user(id)?;
    user.terminated = Some(now());
    Some(full_dto(portal, &user, me, link))
}

/// `DELETE /people/{userid}`: only a terminated user can be deleted. `userid` is read as a GUID
/// first, then as a user name (`target_of`).
pub async fn delete_user(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(userid): Path<String>,
    link: RequestLink,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    let target = target_of(&portal, &userid)?;
    can_delete(&me, &target)?;
    reassign_running(&portal, &target)?;
    let dto = delete_one(&mut portal, &target.id, &me, &link).ok_or(Refusal::NotFound)?;
    portal.record(
        &me.id,
        crate::audit::action::USER_DELETED,
        &[&target.id],
        &target.display_name(),
    );
    Ok(success(&link, dto, None))
}

/// `PUT /people/delete` with `{userIds}`: unknown ids are dropped; any user not terminated
/// refuses the whole call; users the caller may not delete are skipped but still listed.
pub async fn delete_users(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let ids = body::<UserIds>(&link, &bytes)?.parse(&link)?;
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    let targets: Vec<User> = ids
        .iter()
        .filter_map(|id| portal.user(id))
        .cloned()
        .collect();
    for target in &targets {
        reassign_running(&portal, target)?;
    }
    if targets
        .iter()
        .any(|u| u.status != EmployeeStatus::Terminated)
    {
        return Err(Refusal::Invalid("Users are not suspended".into()).into());
    }
    let mut answered = Vec::with_capacity(targets.len());
    let mut deleted: Vec<&User> = Vec::new();
    for target in &targets {
        let may = target.employee_type != EmployeeType::DocSpaceAdmin || me.is_owner;
        let dto = if may {
            deleted.push(target);
            delete_one(&mut portal, &target.id, &me, &link)
        } else {
            Some(full_dto(&portal, target, &me, &link))
        };
        answered.extend(dto);
    }
    // One event for everyone deleted (`UsersDeleted`).
    if !deleted.is_empty() {
        let ids: Vec<&str> = deleted.iter().map(|u| u.id.as_str()).collect();
        let names: Vec<String> = deleted.iter().map(|u| u.display_name()).collect();
        portal.record(
            &me.id,
            crate::audit::action::USERS_DELETED,
            &ids,
            &names.join(", "),
        );
    }
    Ok(success(&link, Value::Array(answered), None))
}
