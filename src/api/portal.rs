//! Endpoints outside People that the panel uses: sign-in and sign-out
//! (`/api/2.0/authentication`) and the core user record by ID (`/api/2.0/portal/users/{id}`).

use serde_json::json;

use super::call::{segment, Call};

/// `POST /authentication` with an email and password.
pub fn login(user_name: &str, password: &str) -> Call {
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
