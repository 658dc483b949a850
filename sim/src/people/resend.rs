//! `PUT /people/invite` with `{userIds}` or `{resendAll: true}` (more-endpoints.md §2.2,
//! `UserController.ResendUserInvites`): invitations sent again to people who never registered,
//! activation instructions to those whose email is not confirmed; everyone else skipped without
//! a word. Answers with every person processed whom the caller may see, the skipped included.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde_json::Value;

use super::{body, full_dto, lock, me, Reply, UserIds};
use crate::envelope::{success, RequestLink};
use crate::model::{ActivationStatus, EmployeeStatus, EmployeeType, User};
use crate::rules::{effective_type, listed_for, Refusal};
use crate::SharedPortal;

/// What a resend did for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resent {
    /// A new invitation email (`SendDocSpaceInviteAsync`, audit `SendJoinInvite`).
    Invitation,
    /// The email-activation instructions again.
    Activation,
}

/// `HasAccessInviteAsync`: whether `caller` may resend to `target`, by the target's type. A
/// guest someone else created is skipped for a caller who is not a DocSpace admin (the server
/// then asks the caller's relations, which the simulator does not keep).
fn may_invite(caller: &User, target: &User) -> bool {
    let caller_type = effective_type(caller);
    if caller_type == EmployeeType::Guest {
        return false;
    }
    let target_type = effective_type(target);
    if caller_type != EmployeeType::DocSpaceAdmin
        && target_type == EmployeeType::Guest
        && target
            .created_by
            .as_deref()
            .is_some_and(|by| by != caller.id)
    {
        return false;
    }
    match target_type {
        EmployeeType::DocSpaceAdmin => caller.is_owner,
        EmployeeType::RoomAdmin => caller_type == EmployeeType::DocSpaceAdmin,
        EmployeeType::User => caller_type != EmployeeType::User,
        EmployeeType::Guest => true,
    }
}

pub async fn resend(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: UserIds = body(&link, &bytes)?;
    let not_admin = matches!(
        effective_type(&me),
        EmployeeType::User | EmployeeType::Guest
    );
    let ids: Vec<String> = if request.resend_all == Some(true) {
        if not_admin {
            return Err(Refusal::AccessDenied.into());
        }
        portal
            .users
            .iter()
            .filter(|u| u.activation == ActivationStatus::Pending)
            .map(|u| u.id.clone())
            .collect()
    } else {
        if request.user_ids.is_none() {
            // `inDto.UserIds.Any(…)` on a null list: an ArgumentNullException.
            return Err(
                Refusal::BadRequest("Value cannot be null. (Parameter 'source')".into()).into(),
            );
        }
        let ids = request.parse(&link)?;
        if not_admin && ids.iter().any(|id| *id != me.id) {
            return Err(Refusal::AccessDenied.into());
        }
        ids
    };
    let mut activated: Vec<(String, String)> = Vec::new();
    for id in &ids {
        let Some(user) = portal.user(id).cloned() else {
            continue;
        };
        if user.activation == ActivationStatus::Activated
            || user.status == EmployeeStatus::Terminated
        {
            continue;
        }
        if user.id != me.id && !may_invite(&me, &user) {
            continue;
        }
        let what = if user.activation == ActivationStatus::Pending {
            Resent::Invitation
        } else {
            Resent::Activation
        };
        portal.record_resend(&me.id, &user.id, what);
        if user.status == EmployeeStatus::Pending {
            portal.record(
                &me.id,
                crate::audit::action::SEND_JOIN_INVITE,
                &[&user.id],
                &user.email,
            );
        } else {
            activated.push((user.id.clone(), user.display_name()));
        }
    }
    // The activation emails are one event for all (`UsersSentActivationInstructions`).
    if !activated.is_empty() {
        let ids: Vec<&str> = activated.iter().map(|(id, _)| id.as_str()).collect();
        let names: Vec<&str> = activated.iter().map(|(_, n)| n.as_str()).collect();
        portal.record(
            &me.id,
            crate::audit::action::USERS_SENT_ACTIVATION_INSTRUCTIONS,
            &ids,
            &names.join(", "),
        );
    }
    let answer: Vec<Value> = ids
        .iter()
        .filter_map(|id| portal.user(id))
        .filter(|u| listed_for(&me, u))
        .map(|u| full_dto(&portal, u, &me, &link))
        .collect();
    Ok(success(&link, Value::Array(answer), None))
}
