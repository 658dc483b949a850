//! Endpoints outside People that the panel uses: sign-in and sign-out
//! (`/api/2.0/authentication`) and the core user record by ID (`/api/2.0/portal/users/{id}`).

use serde::Deserialize;
use serde_json::json;

use super::call::{segment, Call};
use super::error::ApiError;
use super::transport::PortalClient;

/// `POST /authentication` with an email and password.
pub fn login_call(user_name: &str, password: &str) -> Call {
    Call::post(
        "/api/2.0/authentication",
        json!({ "userName": user_name, "password": password }),
    )
}

/// `POST /authentication/logout`: the login token stops working.
pub fn logout() -> Call {
    Call::post("/api/2.0/authentication/logout", json!({}))
}

/// `GET /portal/users/{id}`: the core record of the account with this ID. The route takes only a
/// GUID, so a user name cannot answer for it; a key needs portal-wide read access.
pub fn user_by_id(id: &str) -> Call {
    Call::get(format!("/api/2.0/portal/users/{}", segment(id)))
}

/// What `POST /authentication` gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Login {
    Token(String),
    /// The account has two-factor sign-in; the panel cannot complete it.
    SecondFactorRequired,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticationToken {
    token: Option<String>,
    #[serde(default)]
    tfa: bool,
    #[serde(default)]
    sms: bool,
}

/// `POST /api/2.0/authentication` with an email (or user name) and password; never logged.
pub async fn login(portal: &str, user_name: &str, password: &str) -> Result<Login, ApiError> {
    let probe = PortalClient::new(portal, "");
    let answer: AuthenticationToken = probe.send(&login_call(user_name, password)).await?;
    match answer.token.filter(|t| !t.is_empty()) {
        Some(token) if !answer.tfa && !answer.sms => Ok(Login::Token(token)),
        _ => Ok(Login::SecondFactorRequired),
    }
}
