//! `PUT /security/activeconnections/logoutall/{userId}` (more-endpoints.md §3.4,
//! `ConnectionsController.LogOutAllActiveConnectionsForUser`): every login session of a person
//! ends. The caller may be the person, or any DocSpace admin (the owner included, and with no
//! protection of the owner or other admins); anyone else gets 403 "Access denied". An unknown
//! id is not refused. The person's API keys keep working (`ApiKeyBearerAuthHandler` does not
//! look at the cookie index the server bumps). No body; the answer has no `response`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;

use crate::envelope::{success, RequestLink};
use crate::groups::route_guid;
use crate::people::{lock, me, Reply};
use crate::rules::{is_admin, Refusal};
use crate::SharedPortal;

pub async fn logout_all(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    link: RequestLink,
) -> Reply {
    let user_id = route_guid(&user_id)?;
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    if me.id != user_id && !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    portal.revoke_sessions(&user_id);
    portal.record_logout_all(&me.id, &user_id);
    Ok(success(&link, serde_json::Value::Null, None))
}
