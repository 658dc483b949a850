//! An unpaid portal (`--unpaid`). While the tariff is not paid, the server's `PaymentFilter`
//! (`common/ASC.Api.Core/Middleware/PaymentFilter.cs`, registered for every controller in
//! `BaseStartup`) answers 402 with an empty body to every action that does not carry
//! `[AllowNotPayment]`, reads included. It runs after authentication (an anonymous request still
//! gets its 401), and is skipped when the request says `Payment-Info: false`. It is not the seat
//! limit, whose 402 carries the portal's message.

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::SharedPortal;

/// The simulator's routes whose actions carry `[AllowNotPayment]` on the server (3.7.2:
/// `AuthenticationController`, `UserController`'s `filter`, `@self`, `{userid}`, `POST email`
/// and `POST password`, and
/// `VersionController.GetBuildVersions`).
/// `GET /people`, `GET /people/email`, `GET /portal/users/{id}` and every change are refused.
const ALLOWED: &[(&str, &str)] = &[
    ("GET", "/api/2.0/authentication"),
    ("POST", "/api/2.0/authentication"),
    ("POST", "/api/2.0/authentication/logout"),
    ("GET", "/api/2.0/people/filter"),
    ("POST", "/api/2.0/people/email"),
    ("POST", "/api/2.0/people/password"),
    ("GET", "/api/2.0/people/@self"),
    ("GET", "/api/2.0/people/{userid}"),
    ("GET", "/api/2.0/settings/version/build"),
    ("GET", "/api/2.0/settings"),
    ("GET", "/api/2.0/portal/payment/quota"),
    ("GET", "/api/2.0/portal/quota"),
];

/// Whether an unpaid portal still runs `method` on the route template `route`.
pub fn allowed_unpaid(method: &str, route: &str) -> bool {
    ALLOWED.iter().any(|(m, r)| *m == method && *r == route)
}

/// The payment filter, for the API's routes.
pub async fn filter(State(portal): State<SharedPortal>, request: Request, next: Next) -> Response {
    let skipped = request
        .headers()
        .get("Payment-Info")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
    let refused = !skipped && {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map(|p| p.as_str());
        let p = portal.lock().unwrap_or_else(|e| e.into_inner());
        p.is_unpaid()
            && route.is_some_and(|r| !allowed_unpaid(request.method().as_str(), r))
            && crate::caller(&p, request.headers()).is_some()
    };
    if refused {
        return StatusCode::PAYMENT_REQUIRED.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_of_lists_and_profiles_stay_open_and_changes_do_not() {
        use super::allowed_unpaid;
        assert!(allowed_unpaid("GET", "/api/2.0/people/filter"));
        assert!(allowed_unpaid("GET", "/api/2.0/people/{userid}"));
        assert!(!allowed_unpaid("PUT", "/api/2.0/people/{userid}"));
        assert!(!allowed_unpaid("GET", "/api/2.0/people/email"));
        assert!(!allowed_unpaid("PUT", "/api/2.0/people/status/{status}"));
    }
}
