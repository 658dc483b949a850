//! The server's "SensitiveApi" rate-limit policy (`common/ASC.Api.Core/Core/BaseStartup.cs`,
//! `common/ASC.Common/Utils/RateLimiterSettings.cs`): 5 requests per 15 minutes, a sliding
//! window per caller (the user's SID, or the remote address of an anonymous caller) **and
//! path** (`Request.Path`, so `PUT /people/{id}/password` counts per id), on the actions that
//! carry `[EnableRateLimiting(SensitiveApi)]`. Rejection is the `RedisRateLimiting` package's
//! `RateLimitMetadata.OnRejected`: 429, an empty body, `Retry-After` (seconds) and the
//! `X-RateLimit-Limit`/`X-RateLimit-Remaining` headers. The request never reaches its action.
//!
//! Off by default, as on a self-hosted portal (`core:hosting:rateLimiterOptions:enable` is
//! false in the stock config, and 127.0.0.1 is exempt); `--sensitive-limit N
//! --sensitive-window-secs S` turn it on, loopback included, as a cloud portal would have it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, OriginalUri, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::SharedPortal;

/// The routes of the simulator under the policy (3.7.2: `UserController.ResendUserInvites`,
/// `SendEmailChangeInstructions`, `SendUserPassword`, `ChangeUserPassword`, `ChangeUserEmail`,
/// `SendInstructionsToDelete`, `ApiKeysController.CreateApiKey`), as route templates.
pub const ROUTES: &[(&str, &str)] = &[
    ("PUT", "/api/2.0/people/invite"),
    ("POST", "/api/2.0/people/email"),
    ("POST", "/api/2.0/people/password"),
    ("PUT", "/api/2.0/people/{userid}/password"),
    ("PUT", "/api/2.0/people/{userid}/email"),
    ("PUT", "/api/2.0/people/self/delete"),
    ("POST", "/api/2.0/keys"),
];

/// How many requests per window (`SensitiveApiLimit`, `SensitiveApiWindowMinutes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SensitiveLimit {
    pub permits: u32,
    pub window: Duration,
}

impl SensitiveLimit {
    /// The server's defaults: 5 per 15 minutes.
    pub const SERVER: SensitiveLimit = SensitiveLimit {
        permits: 5,
        window: Duration::from_secs(15 * 60),
    };
}

/// The windows of every caller and path, shared by the middleware and `/__sim/reset`.
#[derive(Debug, Clone, Default)]
pub struct Sensitive {
    limit: Option<SensitiveLimit>,
    windows: Arc<Mutex<HashMap<String, VecDeque<Instant>>>>,
}

impl Sensitive {
    pub fn new(limit: Option<SensitiveLimit>) -> Sensitive {
        Sensitive {
            limit,
            windows: Arc::default(),
        }
    }

    /// Forgets every window.
    pub fn reset(&self) {
        self.windows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Takes a permit for `partition` at `now`, or says how many whole seconds until one is
    /// free (at least 1).
    pub fn acquire(&self, partition: &str, now: Instant) -> Result<(), u64> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let window = windows.entry(partition.to_string()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.window)
        {
            window.pop_front();
        }
        if window.len() < limit.permits as usize {
            window.push_back(now);
            return Ok(());
        }
        let oldest = window.front().copied().unwrap_or(now);
        let wait = limit.window.saturating_sub(now.duration_since(oldest));
        Err(wait.as_secs_f64().ceil().max(1.0) as u64)
    }
}

/// The middleware on the API's routes: the policy's routes take a permit of the caller's
/// window for their path, or are answered 429.
pub async fn limit(
    State((portal, sensitive)): State<(SharedPortal, Sensitive)>,
    request: Request,
    next: Next,
) -> Response {
    let Some(limit) = sensitive.limit else {
        return next.run(request).await;
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let method = request.method().as_str().to_string();
    let covered = route
        .as_deref()
        .is_some_and(|r| ROUTES.iter().any(|(m, t)| *m == method && *t == r));
    if !covered {
        return next.run(request).await;
    }
    let path = request
        .extensions()
        .get::<OriginalUri>()
        .map(|o| o.0.path().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let who = {
        let portal = portal.lock().unwrap_or_else(|e| e.into_inner());
        // An anonymous caller by the peer's address (`serve` hands it to every request).
        crate::caller(&portal, request.headers())
            .map(|u| u.id.clone())
            .unwrap_or_else(|| {
                request
                    .extensions()
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map_or_else(|| "127.0.0.1".to_string(), |c| c.0.ip().to_string())
            })
    };
    match sensitive.acquire(&format!("SensitiveApi_{who}|{path}"), Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => too_many_requests(retry_after, limit.permits),
    }
}

/// A rate-limit policy's rejection (`RateLimitMetadata.OnRejected`): 429, no body, `Retry-After`
/// in seconds and the policy's `X-RateLimit-*` headers.
pub fn too_many_requests(retry_after: u64, permits: u32) -> Response {
    let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    headers.insert("X-RateLimit-Limit", HeaderValue::from(permits));
    headers.insert("X-RateLimit-Remaining", HeaderValue::from_static("0"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sliding_window_per_partition() {
        let limit = SensitiveLimit {
            permits: 2,
            window: Duration::from_secs(10),
        };
        let s = Sensitive::new(Some(limit));
        let t0 = Instant::now();
        assert_eq!(s.acquire("a", t0), Ok(()));
        assert_eq!(s.acquire("a", t0 + Duration::from_secs(4)), Ok(()));
        // Full: the first permit frees 10 s after it was taken.
        assert_eq!(s.acquire("a", t0 + Duration::from_secs(5)), Err(5));
        assert_eq!(s.acquire("b", t0 + Duration::from_secs(5)), Ok(()));
        assert_eq!(s.acquire("a", t0 + Duration::from_secs(10)), Ok(()));
        assert_eq!(s.acquire("a", t0 + Duration::from_millis(10_500)), Err(4));
        assert!(Sensitive::new(None).acquire("a", t0).is_ok());
    }
}
