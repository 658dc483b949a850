//! docspace-sim: a local stand-in for an ONLYOFFICE DocSpace portal's People and Groups API.
//!
//! It answers as a DocSpace 3.7 portal does according to `shared/docspace-api/README.md` (groups:
//! `more-endpoints.md` §1) and the official OpenAPI spec, refusals included, so that the panel,
//! its demo and its tests run without a real portal; or as an older release when asked (`PortalSpec::version`,
//! `--portal-version`, see `version`). It can also serve the built panel (`--dist`) on the same origin.

// Handlers return `Result<Response, Response>`: the error is the portal's own answer, built once
// per refused request, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod authentication;
pub mod dto;
pub mod envelope;
pub mod faults;
pub mod groups;
pub mod guid;
pub mod invitation_caps;
pub mod invitation_links;
pub mod model;
pub mod params;
pub mod payment;
pub mod payment_quota;
pub mod people;
pub mod portal;
pub mod portal_quota;
pub mod portal_users;
pub mod query;
pub mod requests;
pub mod rng;
pub mod rules;
pub mod security;
pub mod seed;
pub mod sensitive;
pub mod settings;
pub mod tfa;
pub mod time;
pub mod unicode;
pub mod version;

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::State;
/// The statuses `Faults::outage_with` takes.
pub use axum::http::StatusCode;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use axum::Router;
use tower_http::cors::{AllowHeaders, AllowMethods, Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

pub use crate::faults::{FaultSpec, Faults};
use crate::model::User;
use crate::portal::Portal;
pub use crate::portal::{PortalSpec, Role};
pub use crate::requests::{RecordedRequest, RequestChecker, RequestViolation, REQUEST_LOG_LEN};

pub type SharedPortal = Arc<Mutex<Portal>>;

/// The portal's sign-in cookie (`CookiesManager.GetAscCookiesName`).
pub const AUTH_COOKIE: &str = "asc_auth_key";

/// The calling user (`None`: answer 401), chosen as the server's scheme selector does
/// (`BaseStartup`, `ForwardDefaultSelector`): `Bearer sk-…` goes to the API key handler; anything
/// else to `CookieAuthHandler`, which reads the portal's `asc_auth_key` cookie BEFORE the
/// `Authorization` header (`Request.Cookies[…] ?? Request.Headers.Authorization`). So a browser
/// that holds a portal session and calls the API on the portal's own origin with a login token
/// runs as the cookie's user, whoever the token belongs to.
pub fn caller<'a>(portal: &'a Portal, headers: &HeaderMap) -> Option<&'a User> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let api_key = authorization.is_some_and(|v| {
        v.trim()
            .strip_prefix("Bearer ")
            .is_some_and(|key| key.trim().starts_with("sk-"))
    }) && portal.version().has_api_keys();
    if !api_key {
        if let Some(cookie) = auth_cookie(headers) {
            return portal.authenticate(&cookie);
        }
    }
    portal.authenticate(authorization?)
}

/// The value of the `asc_auth_key` cookie, if the request carries one.
fn auth_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == AUTH_COOKIE)
        .map(|(_, value)| value.trim().to_string())
}

/// A simulated portal: its people and its fault injection.
#[derive(Clone)]
pub struct Simulator {
    pub portal: SharedPortal,
    pub faults: Faults,
    /// The "SensitiveApi" windows (`FaultSpec::sensitive`).
    pub sensitive: sensitive::Sensitive,
}

impl Simulator {
    pub fn new(spec: &PortalSpec, faults: FaultSpec) -> Simulator {
        Simulator {
            portal: Arc::new(Mutex::new(Portal::new(spec))),
            sensitive: sensitive::Sensitive::new(faults.sensitive),
            faults: Faults::new(faults),
        }
    }

    /// The API under `/api/2.0`, with CORS as a self-hosted portal sets it (`*`, no
    /// credentials, preflight answered before authentication), and `/__sim` for tests.
    pub fn api_router(&self) -> Router {
        use people::{account, change, create, delete, list, profile, reassign, resend, retype};
        let version = self
            .portal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .version()
            .clone();
        let api = Router::new()
            .route(
                "/authentication",
                post(authentication::login).get(authentication::is_authenticated),
            )
            .route("/authentication/logout", post(authentication::logout))
            .route("/people", get(list::all_profiles).post(create::create))
            .route("/people/filter", get(list::filter))
            .route("/people/@self", get(profile::get_self))
            .route(
                "/people/email",
                get(profile::get_by_email).post(account::change_email),
            )
            .route("/people/password", post(account::send_password))
            .route("/people/invite", post(create::invite).put(resend::resend))
            .route("/people/delete", put(delete::delete_users))
            .route("/people/status/{status}", put(change::set_statuses))
            .route("/people/type/{type}", put(change::set_types))
            .route("/people/reassign/start", post(reassign::start))
            .route(
                "/people/reassign/progress/{userid}",
                get(reassign::get_progress),
            )
            .route("/people/reassign/terminate", put(reassign::terminate))
            .route("/settings", get(settings::portal_settings))
            .route("/portal/payment/quota", get(payment_quota::payment_quota))
            .route("/settings/version/build", get(settings::build_version))
            .route("/settings/tfaappnewapp", put(tfa::unlink_tfa_app))
            .route(
                "/people/{userid}",
                get(profile::get_user)
                    .put(change::update)
                    .delete(delete::delete_user),
            )
            .route("/portal/users/{userID}", get(portal_users::get_user_by_id))
            .route(
                "/group",
                get(groups::list::list).post(groups::change::create),
            )
            .route("/group/user/{userid}", get(groups::list::of_user))
            .route(
                "/group/{id}",
                get(groups::list::get)
                    .put(groups::change::update)
                    .delete(groups::change::delete),
            )
            .route(
                "/group/{id}/members",
                put(groups::members::add)
                    .post(groups::members::replace)
                    .delete(groups::members::remove),
            )
            .route(
                "/group/{fromId}/members/{toId}",
                put(groups::members::move_all),
            )
            .route("/group/{id}/manager", put(groups::members::set_manager))
            .route(
                "/security/activeconnections/logoutall/{userId}",
                put(security::logout_all),
            )
            .route("/portal/quota", get(portal_quota::portal_quota))
            .route(
                "/security/audit/login/filter",
                get(audit::routes::login_filter),
            )
            .route("/security/audit/login/last", get(audit::routes::login_last))
            .route(
                "/security/audit/events/filter",
                get(audit::routes::events_filter),
            )
            .route(
                "/security/audit/events/last",
                get(audit::routes::events_last),
            )
            .route(
                "/security/audit/settings/lifetime",
                get(audit::routes::lifetime).post(audit::routes::set_lifetime),
            );
        // 3.1 routes. Without them (`--portal-version 3.0`) each path answers as the rest of the
        // table makes it: `POST people/type` matches `people/{userid}` (GET, PUT and DELETE
        // only), so a bare 405; `PUT people/type/terminate` is `people/type/{type}` with a type
        // that does not parse, so a validation 400; the other two match nothing, so a bare 404.
        let api = if version.has_type_change_jobs() {
            api.route("/people/type", post(retype::start))
                .route("/people/type/progress/{userid}", get(retype::get_progress))
                .route("/people/type/terminate", put(retype::terminate))
                .route("/people/reassign/necessary", get(reassign::necessary))
        } else {
            api
        };
        // 3.7.1 routes. Before, `portal/users/invitationlink` matches no route
        // (`portal/users/{userID:guid}` wants a GUID), so every method gets a bare 404.
        let api = if version.has_invitation_links() {
            api.route(
                "/portal/users/invitationlink",
                post(invitation_links::create)
                    .put(invitation_links::update)
                    .delete(invitation_links::delete),
            )
            .route(
                "/portal/users/invitationlink/{employeeType}",
                get(invitation_links::get),
            )
        } else {
            api.route(
                "/portal/users/invitationlink",
                any(|| async { StatusCode::NOT_FOUND }),
            )
        };
        let api = api
            // No action runs for an unknown route, so no envelope either: a bare 404.
            .fallback(|| async { StatusCode::NOT_FOUND })
            .layer(axum::middleware::from_fn_with_state(
                self.portal.clone(),
                payment::filter,
            ))
            // After authentication, before the action and its filters, as ASP.NET's rate
            // limiter runs.
            .layer(axum::middleware::from_fn_with_state(
                (self.portal.clone(), self.sensitive.clone()),
                sensitive::limit,
            ))
            .layer(axum::middleware::from_fn_with_state(
                self.faults.clone(),
                faults::apply,
            ))
            // Where each request came from, for the events it records.
            .layer(axum::middleware::from_fn(audit::context::keep))
            .with_state(self.portal.clone());
        let control = Router::new()
            .route("/stats", get(stats))
            .route("/reset", post(reset))
            .route("/outage", post(outage))
            .route("/requests", get(requests).delete(clear_requests))
            .with_state(self.clone());
        Router::new()
            .nest("/api/2.0", api)
            .nest("/__sim", control)
            // ASP.NET's AllowAnyOrigin/AllowAnyMethod/AllowAnyHeader (`core:cors` "*"): `*` for
            // the origin, the preflight's own method and headers echoed, no header exposed
            // (so `Retry-After` is unreadable from another origin).
            .layer(
                CorsLayer::new()
                    .allow_origin(Any)
                    .allow_methods(AllowMethods::mirror_request())
                    .allow_headers(AllowHeaders::mirror_request()),
            )
    }

    /// The API and the built panel from `dist` (its `index.html` for any other path, so
    /// that the panel's client-side routes survive a reload).
    pub fn router(&self, dist: Option<PathBuf>) -> Router {
        self.router_under(dist, "/")
    }

    /// The same, with the panel under `base` (e.g. `/admin-panel/`, for a panel built with
    /// `cargo xtask dist --base /admin-panel/`), as a portal's proxy would serve it.
    pub fn router_under(&self, dist: Option<PathBuf>, base: &str) -> Router {
        let api = self.api_router();
        let Some(dist) = dist else {
            return api;
        };
        let index = dist.join("index.html");
        let panel = ServeDir::new(dist).fallback(ServeFile::new(index));
        match base.trim_end_matches('/') {
            "" => api.fallback_service(panel),
            base => api.nest_service(base, panel),
        }
    }
}

/// `GET /__sim/stats`: requests so far by method and route template.
async fn stats(State(sim): State<Simulator>) -> Response {
    let counts = sim.faults.counts();
    let total: u64 = counts.values().sum();
    axum::Json(serde_json::json!({ "total": total, "requests": counts })).into_response()
}

/// `GET /__sim/requests`: the last API requests received, oldest first, as a JSON array of
/// `{method, path, query, target, body, route}` ([`RecordedRequest`]; no headers, passwords
/// masked).
async fn requests(State(sim): State<Simulator>) -> Response {
    axum::Json(sim.faults.requests()).into_response()
}

/// `DELETE /__sim/requests`: forgets the recorded requests, and nothing else.
async fn clear_requests(State(sim): State<Simulator>) -> StatusCode {
    sim.faults.clear_requests();
    StatusCode::NO_CONTENT
}

/// `POST /__sim/reset`: the seeded portal again, fresh counters and no recorded requests.
async fn reset(State(sim): State<Simulator>) -> StatusCode {
    sim.portal.lock().unwrap_or_else(|e| e.into_inner()).reset();
    sim.faults.reset();
    sim.sensitive.reset();
    StatusCode::NO_CONTENT
}

/// `POST /__sim/outage?seconds=N[&status=S]`: every API request is answered 503 for N seconds
/// (at most an hour), as a portal behind a proxy that lost it would be; `status` 500, 502 or
/// 504 instead. The portal's state is kept.
async fn outage(
    State(sim): State<Simulator>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> StatusCode {
    let params = params::Params::parse(query.as_deref());
    let status = match params.get("status") {
        None => Some(StatusCode::SERVICE_UNAVAILABLE),
        Some(s) => s
            .parse::<u16>()
            .ok()
            .filter(|s| matches!(s, 500 | 502 | 503 | 504))
            .and_then(|s| StatusCode::from_u16(s).ok()),
    };
    match (
        params.get("seconds").and_then(|s| s.parse::<f64>().ok()),
        status,
    ) {
        (Some(seconds), Some(status)) if (0.0..=3600.0).contains(&seconds) => {
            sim.faults
                .outage_with(std::time::Duration::from_secs_f64(seconds), status);
            StatusCode::NO_CONTENT
        }
        _ => StatusCode::BAD_REQUEST,
    }
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // With the peer's address, which sign-in reads (the trusted addresses of the
    // authenticator-app setting).
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
