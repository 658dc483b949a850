//! The last API requests the portal received, for tests that check what a client actually sent
//! (`Faults::requests`, `GET /__sim/requests`). Credentials are never kept: no header is
//! recorded, and passwords in bodies are masked.
//!
//! A test can also have every request checked as it arrives (`Faults::check_requests`): the
//! simulator answers what a real portal would, and a portal is lenient (ASP.NET drops unknown
//! query parameters, binds what it can and ignores the rest), so a client's mistake often goes
//! unseen in its answers. The checker is the test's, not the simulator's: the simulator carries
//! no copy of the official spec (the contract tests and the e2e harness load it, see
//! `tests/support/openapi.rs`), it only calls the checker and keeps what it found.

use std::collections::VecDeque;
use std::sync::Arc;

use axum::http::{Method, Uri};
use serde::Serialize;
use serde_json::Value;

/// How many requests the log keeps; older ones are dropped first.
pub const REQUEST_LOG_LEN: usize = 200;

/// What replaces a password in a recorded body.
pub const MASK: &str = "********";

/// One API request under `/api/2.0`, as received: no headers (so never the `Authorization`
/// header or a cookie), and the body with every password masked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as received, prefix included and percent-escapes kept, without the query:
    /// `/api/2.0/people/filter`.
    pub path: String,
    /// The raw query string, without the `?`: `Some("count=5&startIndex=0")`; `None` when the
    /// request had no `?`.
    pub query: Option<String>,
    /// The path and the query as the request line carried them: `/api/2.0/people/filter?count=5`.
    pub target: String,
    /// The body parsed as JSON when it is JSON, else its text (lossy UTF-8); `Value::Null` when
    /// empty. The value of every object key containing "password" (any case, any depth) is
    /// `"********"`; a body that is not JSON is replaced by `"********"` whole when it goes to
    /// `/authentication` or mentions a password. A body declared longer than the handlers'
    /// limit (2 MiB) is not read: `"(N bytes, not recorded)"`.
    pub body: Value,
    /// The matched route template, as `Faults::counts` keys it after the method:
    /// `/api/2.0/people/{userid}`; `(unmatched)` for a path no route serves.
    pub route: String,
}

impl RecordedRequest {
    pub(crate) fn new(method: &Method, uri: &Uri, route: &str, body: Value) -> RecordedRequest {
        RecordedRequest {
            method: method.as_str().to_string(),
            path: uri.path().to_string(),
            query: uri.query().map(str::to_string),
            target: uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| uri.path().to_string()),
            body,
            route: route.to_string(),
        }
    }

    /// `"METHOD /route/{template}"`, the key of `Faults::counts`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.route)
    }
}

/// Checks one API request as it is recorded (the same [`RecordedRequest`] the log keeps, so
/// passwords already masked); each string is one problem, none when the request is fine.
/// Installed by a test with [`Faults::check_requests`](crate::Faults::check_requests).
pub type RequestChecker = Arc<dyn Fn(&RecordedRequest) -> Vec<String> + Send + Sync>;

/// A request its checker found problems with ([`Faults::request_violations`]).
///
/// [`Faults::request_violations`]: crate::Faults::request_violations
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestViolation {
    pub request: RecordedRequest,
    /// What the checker said, in its order; never empty.
    pub problems: Vec<String>,
}

impl std::fmt::Display for RequestViolation {
    /// `METHOD target: problem; problem` (the body is left out: the problems point into it).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.request.method,
            self.request.target,
            self.problems.join("; ")
        )
    }
}

/// The ring of the last `REQUEST_LOG_LEN` requests.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<RecordedRequest>,
}

impl RequestLog {
    pub(crate) fn push(&mut self, request: RecordedRequest) {
        while self.entries.len() >= REQUEST_LOG_LEN {
            self.entries.pop_front();
        }
        self.entries.push_back(request);
    }

    /// Oldest first.
    pub(crate) fn to_vec(&self) -> Vec<RecordedRequest> {
        self.entries.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The body as recorded for `route`: JSON, else text, else null, with passwords masked.
pub(crate) fn recorded_body(route: &str, bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(mut json) => {
            mask_passwords(&mut json);
            json
        }
        Err(_) => {
            let text = String::from_utf8_lossy(bytes);
            if route.ends_with("/authentication") || text.to_lowercase().contains("password") {
                Value::String(MASK.into())
            } else {
                Value::String(text.into_owned())
            }
        }
    }
}

/// Every value under a key containing "password", in any case (ASP.NET binds `Password` and
/// `password` alike; `passwordHash` is a credential too), becomes `MASK`.
fn mask_passwords(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if key.to_lowercase().contains("password") {
                    *item = Value::String(MASK.into());
                } else {
                    mask_passwords(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_passwords),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_are_json_text_or_null() {
        let route = "/api/2.0/people";
        assert_eq!(recorded_body(route, b""), Value::Null);
        assert_eq!(
            recorded_body(route, br#"{"a":[1,"x"]}"#),
            json!({"a": [1, "x"]})
        );
        assert_eq!(recorded_body(route, b"not json"), json!("not json"));
    }

    #[test]
    fn passwords_are_masked_at_any_depth_and_in_any_case() {
        let body = br#"{"userName":"o@x.io","Password":"p1","nested":[{"passwordHash":"h"}]}"#;
        assert_eq!(
            recorded_body("/api/2.0/authentication", body),
            json!({"userName": "o@x.io", "Password": MASK, "nested": [{"passwordHash": MASK}]})
        );
        assert_eq!(
            recorded_body("/api/2.0/authentication", br#"{"password":"p1""#),
            json!(MASK)
        );
        assert_eq!(
            recorded_body("/api/2.0/people", b"user=a&password=p1"),
            json!(MASK)
        );
    }

    #[test]
    fn the_log_keeps_the_last_entries() {
        let mut log = RequestLog::default();
        let uri: Uri = "/api/2.0/people?x=1".parse().unwrap();
        for i in 0..REQUEST_LOG_LEN + 3 {
            log.push(RecordedRequest::new(
                &Method::GET,
                &uri,
                "/api/2.0/people",
                json!(i),
            ));
        }
        let entries = log.to_vec();
        assert_eq!(entries.len(), REQUEST_LOG_LEN);
        assert_eq!(entries[0].body, json!(3));
        assert_eq!(
            entries[REQUEST_LOG_LEN - 1].body,
            json!(REQUEST_LOG_LEN + 2)
        );
        assert_eq!(entries[0].query.as_deref(), Some("x=1"));
        assert_eq!(entries[0].target, "/api/2.0/people?x=1");
        assert_eq!(entries[0].key(), "GET /api/2.0/people");
        log.clear();
        assert!(log.to_vec().is_empty());
    }
}
