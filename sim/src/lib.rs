//! docspace-sim: a local stand-in for an ONLYOFFICE DocSpace portal's People API.
//!
//! It answers as a DocSpace 3.7 portal does according to `shared/docspace-api/README.md` and the
//! official OpenAPI spec, so that the panel, its demo and its tests run without a real portal.
//! It can also serve the built panel (`--dist`), so that both share one origin.

pub mod authentication;
pub mod dto;
pub mod envelope;
pub mod model;
pub mod params;
pub mod people;
pub mod portal;
pub mod query;
pub mod rng;
pub mod seed;
pub mod time;

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

use crate::model::User;
use crate::portal::Portal;
pub use crate::portal::{PortalSpec, Role};

pub type SharedPortal = Arc<RwLock<Portal>>;

/// The calling user, from the `Authorization` header (`None`: answer 401).
pub fn caller<'a>(portal: &'a Portal, headers: &HeaderMap) -> Option<&'a User> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    portal.authenticate(value)
}

/// The API under `/api/2.0`, with CORS as a self-hosted portal sets it (`*`, no credentials,
/// preflight answered before authentication).
pub fn api_router(portal: SharedPortal) -> Router {
    let api = Router::new()
        .route(
            "/authentication",
            post(authentication::login).get(authentication::is_authenticated),
        )
        .route("/authentication/logout", post(authentication::logout))
        .route("/people/@self", get(people::get_self))
        .route("/people/filter", get(people::filter))
        .fallback(|| async { envelope::error(StatusCode::NOT_FOUND, "Not found", None) })
        .with_state(portal);
    Router::new().nest("/api/2.0", api).layer(
        CorsLayer::new()
            .allow_origin(Any)
            .allow_methods(Any)
            .allow_headers(Any),
    )
}

/// The whole site: the API, and the built panel from `dist` (its `index.html` for any other
/// path, so that the panel's client-side routes survive a reload).
pub fn site_router(portal: SharedPortal, dist: Option<PathBuf>) -> Router {
    let api = api_router(portal);
    match dist {
        Some(dist) => {
            let index = dist.join("index.html");
            api.fallback_service(ServeDir::new(dist).fallback(ServeFile::new(index)))
        }
        None => api,
    }
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// A new portal behind a lock, ready for the routers.
pub fn new_portal(spec: &PortalSpec) -> SharedPortal {
    Arc::new(RwLock::new(Portal::new(spec)))
}
