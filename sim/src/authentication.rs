//! `/api/2.0/authentication` (reference §1.2).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::envelope::{error, success, validation, RequestLink};
use crate::model::{EmployeeStatus, Instant};
use crate::time::{api_date_time, now};
use crate::{caller, SharedPortal};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Credentials {
    user_name: Option<String>,
    password: Option<String>,
}

/// `POST /authentication` with `{userName, password}` → `{token, expires, sms, tfa}`.
pub async fn login(State(portal): State<SharedPortal>, link: RequestLink, body: Bytes) -> Response {
    let credentials: Credentials = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => {
            return validation(
                &link,
                "$",
                &format!("The JSON value could not be converted: {e}"),
            )
        }
    };
    let failed = || error(StatusCode::UNAUTHORIZED, "User authentication failed", None);
    let (Some(user_name), Some(password)) = (credentials.user_name, credentials.password) else {
        return failed();
    };
    let mut portal = crate::people::lock(&portal);
    let Some(user) = portal.user_by_email(&user_name).or_else(|| {
        portal
            .users
            .iter()
            .find(|u| u.user_name.eq_ignore_ascii_case(&user_name))
    }) else {
        return failed();
    };
    if user.password != password || user.status == EmployeeStatus::Pending {
        return failed();
    }
    if user.status == EmployeeStatus::Terminated {
        return error(StatusCode::FORBIDDEN, "User disabled", None);
    }
    let id = user.id.clone();
    let token = portal.issue_token(&id);
    let expires = Instant {
        unix_seconds: now().unix_seconds + 365 * 86_400,
    };
    success(
        &link,
        json!({ "token": token, "expires": api_date_time(expires), "sms": false, "tfa": false }),
        None,
    )
}

/// `GET /authentication`: whether the request is authenticated; never a 401.
pub async fn is_authenticated(
    State(portal): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Response {
    let portal = crate::people::lock(&portal);
    success(&link, caller(&portal, &headers).is_some().into(), None)
}

/// `POST /authentication/logout`: the login token stops working.
pub async fn logout(
    State(portal): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Response {
    let mut portal = crate::people::lock(&portal);
    if let Some(value) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = value.trim().strip_prefix("Bearer ").unwrap_or(value.trim());
        portal.revoke_token(token);
    }
    success(&link, serde_json::Value::Null, None)
}
