//! `/api/2.0/authentication` (reference §1.2).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;

use crate::audit::{action, GUEST_ID};
use crate::envelope::{error, success, RequestLink};
use crate::model::{EmployeeStatus, Instant, User};
use crate::time::{api_date_time, now};
use crate::{caller, SharedPortal};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Credentials {
    user_name: Option<String>,
    password: Option<String>,
    /// A session token: no `expires` (the client mock shows the zero date).
    #[serde(default)]
    session: bool,
}

/// Failed logins allowed per user name in `LOGIN_WINDOW` before a block (`LoginSettings`).
const LOGIN_ATTEMPTS: usize = 5;
const LOGIN_WINDOW: Duration = Duration::from_secs(60);

/// Whom a login names: `DbUserService.GetUserByPasswordHashAsync`
/// (`common/ASC.Core.Common/Data/DbUserService.cs`) reads it as a user id when
/// `Guid.TryParse` takes it (any form .NET reads, `guid::parse`; an `X`-form overflow is just
/// not a GUID), and otherwise as an email (`r.Email == login`, case-insensitive under the
/// database's collation). Never as a user name: `john.smith` signs nobody in, and is refused as
/// a wrong password is. A GUID is looked up as an id only, even when it is also somebody's
/// email local part.
fn login_user<'a>(portal: &'a crate::portal::Portal, login: &str) -> Option<&'a User> {
    match crate::guid::parse(login) {
        Ok(id) => portal.user(&id),
        Err(_) => portal.user_by_email(login),
    }
}

/// `POST /authentication` with `{userName, password}` → `{token, expires, sms, tfa}`. The
/// `userName` is an email or a user id (`login_user`).
pub async fn login(
    State(portal): State<SharedPortal>,
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    link: RequestLink,
    bytes: Bytes,
) -> Response {
    let credentials: Credentials = match crate::people::body(&link, &bytes) {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let user_name = credentials.user_name.unwrap_or_default();
    let password = credentials.password.unwrap_or_default();
    let mut portal = crate::people::lock(&portal);
    let attempt_key = user_name.to_lowercase();
    let now_instant = std::time::Instant::now();
    let failures = portal
        .login_failures
        .entry(attempt_key.clone())
        .or_default();
    failures.retain(|t| now_instant.duration_since(*t) < LOGIN_WINDOW);
    if failures.len() >= LOGIN_ATTEMPTS {
        portal.record_login(GUEST_ID, Some(&user_name), action::LOGIN_FAIL_BRUTE_FORCE);
        return error(
            StatusCode::FORBIDDEN,
            "Too many login attempts. Please try again later",
            None,
        );
    }
    let found = login_user(&portal, &user_name)
        .filter(|u| {
            !password.is_empty() && u.password == password && u.status != EmployeeStatus::Pending
        })
        .map(|u| (u.id.clone(), u.status));
    let Some((id, status)) = found else {
        portal
            .login_failures
            .entry(attempt_key)
            .or_default()
            .push(now_instant);
        // Recorded under the Guest account, with what was typed (`LoginFailViaApi`).
        portal.record_login(GUEST_ID, Some(&user_name), action::LOGIN_FAIL_VIA_API);
        return error(StatusCode::UNAUTHORIZED, "User authentication failed", None);
    };
    portal.login_failures.remove(&attempt_key);
    if status == EmployeeStatus::Terminated {
        portal.record_login(GUEST_ID, Some(&user_name), action::LOGIN_FAIL_VIA_API);
        return error(StatusCode::FORBIDDEN, "User disabled", None);
    }
    let peer = peer.map(|axum::Extension(ConnectInfo(addr))| addr.ip());
    if portal.accounts.asks_for_code(peer) {
        return second_factor(&mut portal, &link, &id);
    }
    let token = portal.issue_token(&id);
    portal.record_login(&id, None, action::LOGIN_SUCCESS_VIA_API);
    let expires = if credentials.session {
        "0001-01-01T00:00:00".to_string()
    } else {
        api_date_time(Instant {
            unix_seconds: now().unix_seconds + 365 * 86_400,
        })
    };
    success(
        &link,
        json!({ "token": token, "expires": expires, "sms": false, "tfa": false }),
        None,
    )
}

/// `AuthenticateMe` when the authenticator-app setting asks this login for a code: no token,
/// `tfa: true` and where to go on: to give the code (`confirm/TfaAuth`), or, for someone with no
/// app yet, to set one up (`confirm/TfaActivation`, with the secret to type into the app as
/// `tfaKey`). The key of that link goes into a confirm cookie, which the simulator does not
/// set; the code itself (`POST /authentication/{code}`) is not simulated.
fn second_factor(portal: &mut crate::portal::Portal, link: &RequestLink, id: &str) -> Response {
    let has_app = portal.accounts.has_tfa_app(id);
    let kind = if has_app { "TfaAuth" } else { "TfaActivation" };
    let mut answer = json!({
        "sms": false,
        "tfa": true,
        "confirmUrl": format!("{}/confirm/{kind}?type={kind}&uid={id}", link.origin),
    });
    if !has_app {
        // A base32 secret, as `GenerateSetupCodeAsync(…).ManualEntryKey` writes one.
        const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let secret: String = format!("{}{}", portal.new_password(), portal.new_password())
            .bytes()
            .map(|b| BASE32[usize::from(b % 32)] as char)
            .collect();
        answer["tfaKey"] = secret.into();
    }
    success(link, answer, None)
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
        if let Some((id, name)) = portal
            .authenticate(value)
            .map(|u| (u.id.clone(), u.display_name()))
        {
            portal.record_login(&id, Some(&name), action::LOGOUT);
        }
        portal.revoke_token(token);
    }
    success(&link, serde_json::Value::Null, None)
}
