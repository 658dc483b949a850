//! Sending a described call: headers, the envelope, retries of reads, aborting a request whose
//! asker went away, the request log for receipts, stopping every client at sign-out, and
//! telling the session once when the portal refuses the credential.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::call::{ApiCall, Call, Method};
use super::envelope::{decode, Envelope};
use super::error::ApiError;
use super::log::{RequestLog, RequestRecord};

thread_local! {
    /// Bumped at sign-out: clients made before it send nothing more.
    static EPOCH: Cell<u64> = const { Cell::new(0) };
    /// Requests sent and not yet answered, by any client.
    static IN_FLIGHT: Cell<usize> = const { Cell::new(0) };
    /// What the session does when the portal refuses its credential (a 401).
    static ON_UNAUTHORIZED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Signing out: every client made so far stops sending (a job's next request is refused here
/// with [`ApiError::SignedOut`], never reaching the portal); requests already on their way
/// are answered as usual.
pub fn stop_every_client() {
    EPOCH.with(|e| e.set(e.get() + 1));
}

/// How many requests are on their way and not yet answered.
pub fn requests_in_flight() -> usize {
    IN_FLIGHT.with(Cell::get)
}

/// `hook` runs when the portal refuses the credential of a session's client (a 401): the one
/// place a 401 is handled. Pages do nothing about it.
pub fn on_unauthorized(hook: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(Rc::new(hook)));
}

/// Counts a request as in flight for as long as it lives.
struct InFlight;

impl InFlight {
    fn new() -> InFlight {
        IN_FLIGHT.with(|n| n.set(n.get() + 1));
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// The `Authorization` value for a credential: API keys go as `Bearer sk-…`; a login token is
/// sent as it is, which the portal's cookie handler accepts (reference §1.1).
pub fn authorization(token: &str) -> String {
    if token.starts_with("sk-") {
        format!("Bearer {token}")
    } else {
        token.to_string()
    }
}

/// How long to wait before trying a read again after attempt number `attempt` (1-based)
/// failed with `error`, or `None` to give up. Network errors, the portal's own failures (500:
/// a read is safe to repeat) and gateway errors (502, 503, 504) back off 250 ms, then 750 ms;
/// a 429 waits what Retry-After says (capped at 30 s).
pub fn retry_delay_ms(attempt: u32, error: &ApiError) -> Option<u32> {
    match error {
        ApiError::Network(_)
        | ApiError::Server {
            status: 500 | 502..=504,
            ..
        } if attempt < 3 => Some(250 * 3u32.pow(attempt - 1)),
        ApiError::RateLimited { retry_after } if attempt < 3 => {
            Some(retry_after.unwrap_or(2).min(30) * 1000)
        }
        _ => None,
    }
}

/// A portal and the credential to call it with.
#[derive(Debug, Clone, PartialEq)]
pub struct PortalClient {
    portal: String,
    token: String,
    log: Option<RequestLog>,
    /// The sign-in this client belongs to (see [`stop_every_client`]).
    epoch: u64,
    /// Whether a 401 ends the session (a client of the signed-in session, not a probe).
    of_session: bool,
    /// Who the requests are sent as, "Name (ID)", written on every request record.
    acting_as: String,
}

impl PortalClient {
    /// A client for checking a credential (signing in): a 401 is only its answer.
    /// `portal` is an origin without a trailing slash (see `session::normalize_portal`).
    pub fn new(portal: &str, token: &str) -> Self {
        PortalClient {
            portal: portal.to_string(),
            token: token.to_string(),
            log: None,
            epoch: EPOCH.with(Cell::get),
            of_session: false,
            acting_as: String::new(),
        }
    }

    /// A client of the signed-in session: a 401 tells the session (`on_unauthorized`).
    pub fn for_session(portal: &str, token: &str) -> Self {
        PortalClient {
            of_session: true,
            ..PortalClient::new(portal, token)
        }
    }

    /// The same client, writing every request down in `log`.
    pub fn with_log(&self, log: &RequestLog) -> Self {
        PortalClient {
            log: Some(log.clone()),
            ..self.clone()
        }
    }

    /// The portal's origin this client talks to.
    pub fn portal(&self) -> &str {
        &self.portal
    }

    /// The same client, its requests recorded as sent by `who` ("Name (ID)").
    pub fn acting_as(&self, who: &str) -> Self {
        PortalClient {
            acting_as: who.to_string(),
            ..self.clone()
        }
    }

    /// Whether the credential is an API key (`sk-…`), which signing out does not end.
    pub fn uses_api_key(&self) -> bool {
        self.token.starts_with("sk-")
    }

    /// `call` as "Show API request" shows it, the credential masked.
    pub fn describe(&self, call: &Call) -> ApiCall {
        call.describe(&self.portal, &self.token)
    }

    /// Sends `call` and decodes its payload as a `T`. A read is tried again as
    /// `retry_delay_ms` says; a write is sent once (the portal may have acted on it).
    pub async fn send<T: DeserializeOwned>(&self, call: &Call) -> Result<T, ApiError> {
        Ok(self.send_enveloped::<T>(call).await?.response)
    }

    /// [`send`](Self::send), with the envelope's `total` (paged lists).
    pub async fn send_enveloped<T: DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<Envelope<T>, ApiError> {
        let env = self.exchange(call).await?;
        let response =
            serde_json::from_value(env.response).map_err(|e| ApiError::Decode(e.to_string()))?;
        Ok(Envelope {
            response,
            total: env.total,
        })
    }

    /// The call, with reads retried; the payload still as JSON. Not generic, so that the
    /// transport is compiled once rather than once per response type.
    async fn exchange(&self, call: &Call) -> Result<Envelope<Value>, ApiError> {
        let mut attempt = 1;
        loop {
            match self.send_once(call).await {
                Err(error) if call.is_read() => match retry_delay_ms(attempt, &error) {
                    Some(ms) => {
                        sleep_ms(ms).await;
                        attempt += 1;
                    }
                    None => return Err(error),
                },
                answer => return answer,
            }
        }
    }

    /// Sends the call once, writes it down, and tells the session about a 401.
    async fn send_once(&self, call: &Call) -> Result<Envelope<Value>, ApiError> {
        if self.epoch != EPOCH.with(Cell::get) {
            return Err(ApiError::SignedOut);
        }
        let path = call.path_and_query();
        let url = format!("{}{path}", self.portal);
        let started = js_sys::Date::new_0();
        let answer = exchange_once(call, &url, &authorization(&self.token)).await;
        if let Some(log) = &self.log {
            let (status, outcome) = match &answer {
                Ok((status, Ok(_))) => (Some(*status), "ok".to_string()),
                Ok((status, Err(e))) => (Some(*status), e.to_string()),
                Err(e) => (None, e.to_string()),
            };
            log.push(RequestRecord {
                at: started.to_iso_string().into(),
                method: call.method.as_str().to_string(),
                path,
                status,
                duration_ms: (js_sys::Date::now() - started.get_time()).max(0.0) as u32,
                outcome,
                by: self.acting_as.clone(),
            });
        }
        let answer = answer.and_then(|(_, decoded)| decoded);
        if matches!(answer, Err(ApiError::Unauthorized)) && self.of_session {
            if let Some(hook) = ON_UNAUTHORIZED.with(|h| h.borrow().clone()) {
                hook();
            }
        }
        answer
    }
}

/// The HTTP status and the decoded answer, or the error that stopped it before an answer. The
/// request is aborted if this future is dropped (whoever asked went away).
async fn exchange_once(
    call: &Call,
    url: &str,
    authorization: &str,
) -> Result<(u16, Result<Envelope<Value>, ApiError>), ApiError> {
    let _in_flight = InFlight::new();
    let abort = AbortOnDrop::new();
    let builder = match call.method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Delete => Request::delete(url),
    }
    .abort_signal(abort.signal().as_ref())
    .header("Accept", "application/json");
    // Signing in has no credential yet.
    let builder = if authorization.is_empty() {
        builder
    } else {
        builder.header("Authorization", authorization)
    };
    let request = match &call.body {
        Some(body) => builder.json(body),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok((status, decode(status, &body, retry_after.as_deref())))
}

/// An `AbortController` that aborts its request when dropped, unless it already finished.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    fn new() -> Self {
        AbortOnDrop(web_sys::AbortController::new().ok())
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        // Aborting a finished request is a no-op, so this is safe after success too.
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// Waits `ms` milliseconds on the browser's timer.
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_are_bearer_and_login_tokens_raw() {
        assert_eq!(authorization("sk-abc123"), "Bearer sk-abc123");
        assert_eq!(authorization("3f2a9c"), "3f2a9c");
    }

    #[test]
    fn reads_retry_network_server_and_gateway_errors_twice_with_backoff() {
        let network = ApiError::Network("reset".into());
        assert_eq!(retry_delay_ms(1, &network), Some(250));
        assert_eq!(retry_delay_ms(2, &network), Some(750));
        assert_eq!(retry_delay_ms(3, &network), None);
        for status in [502, 503, 504] {
            let gateway = ApiError::Server {
                status,
                message: String::new(),
            };
            assert_eq!(retry_delay_ms(1, &gateway), Some(250));
        }
        let server = ApiError::Server {
            status: 500,
            message: String::new(),
        };
        assert_eq!(
            retry_delay_ms(2, &server),
            Some(750),
            "a read is safe to repeat"
        );
        assert_eq!(retry_delay_ms(3, &server), None);
        let unsupported = ApiError::Server {
            status: 501,
            message: String::new(),
        };
        assert_eq!(retry_delay_ms(1, &unsupported), None);
        assert_eq!(retry_delay_ms(1, &ApiError::Unauthorized), None);
        assert_eq!(
            retry_delay_ms(1, &ApiError::Forbidden("Access denied".into())),
            None
        );
    }

    #[test]
    fn rate_limits_wait_for_retry_after() {
        let limited = |s| ApiError::RateLimited { retry_after: s };
        assert_eq!(retry_delay_ms(1, &limited(Some(7))), Some(7000));
        assert_eq!(retry_delay_ms(1, &limited(None)), Some(2000));
        assert_eq!(retry_delay_ms(2, &limited(Some(600))), Some(30_000));
        assert_eq!(retry_delay_ms(3, &limited(Some(1))), None);
    }
}
