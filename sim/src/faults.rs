//! What a real network and a real portal do to requests, on demand and reproducibly: latency,
//! failures and rate limits, all drawn from the seeded RNG; counts of what was asked, and the
//! last requests themselves (`requests`), each also shown to a test's checker
//! (`check_requests`, `request_violations`).

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, MatchedPath, OriginalUri, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::envelope;
use crate::requests::{
    recorded_body, RecordedRequest, RequestChecker, RequestLog, RequestViolation,
};
use crate::rng::Rng;

/// The most a handler reads of a body (axum's default limit; the routes set no other).
const BODY_LIMIT: u64 = 2 * 1024 * 1024;

/// `--latency-ms`, `--jitter-ms`, `--fault-rate`, `--rate-limit`.
#[derive(Debug, Clone, Default)]
pub struct FaultSpec {
    pub latency_ms: u64,
    pub jitter_ms: u64,
    /// Share of API requests answered 500, 502 or 503, 0.0..=1.0.
    pub fault_rate: f64,
    /// Requests per window before 429s; `None`: no limit (the self-hosted default).
    pub rate_limit: Option<u32>,
    /// The rate limit's sliding window; `None`: a minute, as on a portal.
    pub rate_window: Option<Duration>,
    /// The server's "SensitiveApi" policy on resends, email and password requests
    /// (`sensitive.rs`); `None`: off, as on a self-hosted portal.
    pub sensitive: Option<crate::sensitive::SensitiveLimit>,
    pub seed: u64,
}

#[derive(Debug)]
struct FaultState {
    rng: Rng,
    window: VecDeque<Instant>,
    counts: BTreeMap<String, u64>,
    requests: RequestLog,
    /// Until then every API request gets this status (`POST /__sim/outage`): 503 from the
    /// "proxy" that lost the portal, or 500 from a portal that fails every request.
    outage_until: Option<(Instant, StatusCode)>,
    checker: Option<Checker>,
    /// Every request the checker found problems with, oldest first: all of them, not the last
    /// `REQUEST_LOG_LEN`, since a test reads them once at its end.
    violations: Vec<RequestViolation>,
}

/// The installed checker (a closure, so `Debug` by hand).
#[derive(Clone)]
struct Checker(RequestChecker);

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestChecker")
    }
}

/// Shared by the middleware and `/__sim`.
#[derive(Debug, Clone)]
pub struct Faults {
    spec: FaultSpec,
    state: Arc<Mutex<FaultState>>,
}

impl Faults {
    pub fn new(spec: FaultSpec) -> Faults {
        let state = FaultState {
            rng: Rng::new(spec.seed ^ 0xFA17_5EED),
            window: VecDeque::new(),
            counts: BTreeMap::new(),
            requests: RequestLog::default(),
            outage_until: None,
            checker: None,
            violations: Vec::new(),
        };
        Faults {
            spec,
            state: Arc::new(Mutex::new(state)),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Requests so far, by `"METHOD /route/{template}"`.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.state().counts.clone()
    }

    /// The last API requests received under `/api/2.0` (at most
    /// [`REQUEST_LOG_LEN`](crate::requests::REQUEST_LOG_LEN)), oldest first: those the faults
    /// then delayed, refused or failed included, `/__sim` and the panel's files not. What a
    /// client sent, to compare with what it meant to send: method, path, raw query, body (JSON
    /// when it is JSON) and route template. No header is kept, so never a credential, and
    /// passwords in bodies read `"********"` (see [`RecordedRequest::body`]). Also
    /// `GET /__sim/requests`; `reset` and `clear_requests` empty it.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.to_vec()
    }

    /// Forgets the recorded requests only (`DELETE /__sim/requests`), keeping counts, the rate
    /// window, the random draws and the request violations.
    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// From now on every API request under `/api/2.0` is shown to `checker` as it is recorded
    /// (the same [`RecordedRequest`] as [`requests`](Faults::requests) keeps, faulted, refused
    /// and unmatched ones included), and each one it finds problems with is kept for
    /// [`request_violations`](Faults::request_violations). Replaces an earlier checker.
    ///
    /// For tests: the e2e harness installs one that checks each request against the official
    /// spec, so that a journey fails when the panel sends what a portal does not define, even
    /// where the simulator, as lenient as the portal, answers it. The checker runs outside the
    /// simulator's lock, on the request's task, before the request is delayed or answered.
    pub fn check_requests(&self, checker: RequestChecker) {
        self.state().checker = Some(Checker(checker));
    }

    /// The requests the checker found problems with since it was installed, oldest first, with
    /// what it said. Every one is kept (never cut to `REQUEST_LOG_LEN`), and neither
    /// [`reset`](Faults::reset) nor [`clear_requests`](Faults::clear_requests) forgets them: a
    /// test that resets the portal half-way must still see what was sent before.
    pub fn request_violations(&self) -> Vec<RequestViolation> {
        self.state().violations.clone()
    }

    /// Counts and records one request, then shows it to the checker, if any.
    fn record(&self, key: String, recorded: RecordedRequest) {
        let checker = {
            let mut state = self.state();
            *state.counts.entry(key).or_default() += 1;
            state.requests.push(recorded.clone());
            state.checker.clone()
        };
        if let Some(Checker(check)) = checker {
            let problems = check(&recorded);
            if !problems.is_empty() {
                self.state().violations.push(RequestViolation {
                    request: recorded,
                    problems,
                });
            }
        }
    }

    /// The portal goes dark for `length`: every API request is answered 503, and nothing in
    /// the portal changes meanwhile.
    pub fn outage(&self, length: Duration) {
        self.outage_with(length, StatusCode::SERVICE_UNAVAILABLE);
    }

    /// Every API request is answered `status` (500, 502, 503 or 504) for `length`; nothing in
    /// the portal changes meanwhile.
    pub fn outage_with(&self, length: Duration, status: StatusCode) {
        self.state().outage_until = Some((Instant::now() + length, status));
    }

    /// Forgets counts, recorded requests and the rate window, and restarts the random draws. The
    /// checker and the request violations stay (see [`request_violations`](Faults::request_violations)).
    pub fn reset(&self) {
        let mut state = self.state();
        state.rng = Rng::new(self.spec.seed ^ 0xFA17_5EED);
        state.window.clear();
        state.counts.clear();
        state.requests.clear();
        state.outage_until = None;
    }
}

/// The body as recorded, and the request again with the same bytes for the handler. A body
/// declared longer than a handler reads is left unread (a handler refuses it, 413, as before);
/// one that fails to arrive, or turns out too long, gets the refusal a handler's `Bytes` would
/// have given (400 or 413).
async fn read_body(
    route: &str,
    request: Request,
) -> Result<(Request, serde_json::Value), Response> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(length) = declared.filter(|l| *l > BODY_LIMIT) {
        let note = serde_json::Value::String(format!("({length} bytes, not recorded)"));
        return Ok((request, note));
    }
    let (parts, body) = request.into_parts();
    // A request without extensions: the default limit, as the handlers' `Bytes` apply it.
    let bytes = Bytes::from_request(Request::new(body), &())
        .await
        .map_err(IntoResponse::into_response)?;
    let recorded = recorded_body(route, &bytes);
    Ok((Request::from_parts(parts, Body::from(bytes)), recorded))
}

/// What one request draws, decided under the lock, acted on after it.
enum Fate {
    Limited { retry_after: u64 },
    Fail(StatusCode),
    Pass,
}

/// The middleware on every API route: counts and records, then delays, rate-limits or fails
/// the request.
pub async fn apply(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(unmatched)".into());
    let key = format!("{} {route}", request.method());
    let (method, uri) = {
        let original = request.extensions().get::<OriginalUri>().map(|o| &o.0);
        (
            request.method().clone(),
            original.unwrap_or(request.uri()).clone(),
        )
    };
    let (request, body) = match read_body(&route, request).await {
        Ok(read) => read,
        Err(refusal) => {
            // Counted and recorded all the same, as a handler's refusal would be.
            let note = format!("(body not read: {})", refusal.status().as_u16());
            let recorded = RecordedRequest::new(&method, &uri, &route, note.into());
            faults.record(key, recorded);
            return refusal;
        }
    };
    faults.record(key, RecordedRequest::new(&method, &uri, &route, body));
    let (delay, fate) = {
        let spec = &faults.spec;
        let mut state = faults.state();
        let jitter = if spec.jitter_ms > 0 {
            state.rng.below(spec.jitter_ms + 1)
        } else {
            0
        };
        let delay = Duration::from_millis(spec.latency_ms + jitter);
        let now = Instant::now();
        let window = spec.rate_window.unwrap_or(Duration::from_secs(60));
        let fate = match spec.rate_limit {
            Some(limit) => {
                while state
                    .window
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= window)
                {
                    state.window.pop_front();
                }
                if state.window.len() >= limit as usize {
                    let oldest = state.window.front().copied().unwrap_or(now);
                    let wait = window.saturating_sub(now.duration_since(oldest));
                    Fate::Limited {
                        retry_after: wait.as_secs_f64().ceil().max(1.0) as u64,
                    }
                } else {
                    state.window.push_back(now);
                    Fate::Pass
                }
            }
            None => Fate::Pass,
        };
        let dark = state
            .outage_until
            .and_then(|(until, status)| (now < until).then_some(status));
        let fate = match fate {
            Fate::Pass if dark.is_some() => {
                Fate::Fail(dark.unwrap_or(StatusCode::SERVICE_UNAVAILABLE))
            }
            Fate::Pass if spec.fault_rate > 0.0 => {
                let draw = state.rng.below(1_000_000) as f64 / 1_000_000.0;
                if draw < spec.fault_rate {
                    let code = [
                        StatusCode::INTERNAL_SERVER_ERROR,
                        StatusCode::BAD_GATEWAY,
                        StatusCode::SERVICE_UNAVAILABLE,
                    ][state.rng.below(3) as usize];
                    Fate::Fail(code)
                } else {
                    Fate::Pass
                }
            }
            other => other,
        };
        (delay, fate)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match fate {
        Fate::Pass => next.run(request).await,
        Fate::Limited { retry_after } => {
            let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
            let headers = response.headers_mut();
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            response
        }
        // The portal's exception handler writes a 500; 502 and 503 come from the reverse
        // proxy, as HTML (the spec warns the body "may be HTML and not JSON").
        Fate::Fail(StatusCode::INTERNAL_SERVER_ERROR) => envelope::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error (simulated fault)",
            Some("System.Exception"),
        ),
        Fate::Fail(code) => {
            let reason = code.canonical_reason().unwrap_or("Error");
            let html = format!(
                "<html>\r\n<head><title>{} {reason}</title></head>\r\n<body>\r\n<center><h1>{} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                code.as_u16(),
                code.as_u16()
            );
            let mut response = (code, html).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            response
        }
    }
}
