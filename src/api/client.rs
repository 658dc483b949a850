//! One `async fn` per portal endpoint. The only code that knows URLs and headers.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::envelope::{decode, Envelope};
use super::error::ApiError;
use super::types::{Person, UserType};
use crate::people::query::ListQuery;

/// The portal's largest page.
pub const PAGE_SIZE: u8 = 100;

/// A page of a list endpoint: the items and the total number of matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// A portal and the credential to call it with.
#[derive(Debug, Clone, PartialEq)]
pub struct PortalClient {
    portal: String,
    token: String,
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

/// `GET /api/2.0/people/filter` for one page of a list view.
pub fn people_filter_url(portal: &str, query: &ListQuery, start_index: u64, count: u8) -> String {
    format!(
        "{portal}/api/2.0/people/filter?{}",
        query.api_query(start_index, count)
    )
}

/// How long to wait before trying a read again after attempt number `attempt` (1-based)
/// failed with `error`, or `None` to give up. Network errors and gateway errors (502, 503,
/// 504) back off 250 ms, then 750 ms; a 429 waits what Retry-After says (capped at 30 s).
pub fn retry_delay_ms(attempt: u32, error: &ApiError) -> Option<u32> {
    match error {
        ApiError::Network(_)
        | ApiError::Server {
            status: 502..=504, ..
        } if attempt < 3 => Some(250 * 3u32.pow(attempt - 1)),
        ApiError::RateLimited { retry_after } if attempt < 3 => {
            Some(retry_after.unwrap_or(2).min(30) * 1000)
        }
        _ => None,
    }
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

/// `POST /api/2.0/authentication` with an email (or user name) and password.
pub async fn login(portal: &str, user_name: &str, password: &str) -> Result<Login, ApiError> {
    let body = serde_json::json!({ "userName": user_name, "password": password });
    let url = format!("{portal}/api/2.0/authentication");
    let answer: AuthenticationToken = send(|signal| {
        Request::post(&url)
            .abort_signal(signal)
            .header("Accept", "application/json")
            .json(&body)
    })
    .await?
    .response;
    match answer.token.filter(|t| !t.is_empty()) {
        Some(token) if !answer.tfa && !answer.sms => Ok(Login::Token(token)),
        _ => Ok(Login::SecondFactorRequired),
    }
}

impl PortalClient {
    /// `portal` is an origin without a trailing slash (see `session::normalize_portal`).
    pub fn new(portal: &str, token: &str) -> Self {
        PortalClient {
            portal: portal.to_string(),
            token: token.to_string(),
        }
    }

    /// `GET /api/2.0/people/@self`: who the credential belongs to; also how a key is checked.
    pub async fn get_self(&self) -> Result<Person, ApiError> {
        let url = format!("{}/api/2.0/people/@self", self.portal);
        Ok(self.get::<Person>(&url).await?.response)
    }

    /// `GET /api/2.0/people/{id}`.
    pub async fn get_person(&self, id: &str) -> Result<Person, ApiError> {
        let id = crate::people::query::encode_component(id);
        let url = format!("{}/api/2.0/people/{id}", self.portal);
        Ok(self.get::<Person>(&url).await?.response)
    }

    /// One page of `GET /api/2.0/people/filter` for a list view.
    pub async fn list_people(
        &self,
        query: &ListQuery,
        start_index: u64,
        count: u8,
    ) -> Result<Page<Person>, ApiError> {
        let url = people_filter_url(&self.portal, query, start_index, count);
        let env = self.get::<Vec<Person>>(&url).await?;
        let total = env.total.unwrap_or(start_index + env.response.len() as u64);
        Ok(Page {
            items: env.response,
            total,
        })
    }

    /// `PUT /api/2.0/people/status/{1|2}`: re-enables (`terminate: false`) or disables people.
    /// The portal checks every id first; one refusal and nothing changes.
    pub async fn set_status(
        &self,
        ids: &[String],
        terminate: bool,
    ) -> Result<Vec<Person>, ApiError> {
        let status = if terminate { 2 } else { 1 };
        let url = format!("{}/api/2.0/people/status/{status}", self.portal);
        self.write("PUT", &url, &serde_json::json!({ "userIds": ids }))
            .await
    }

    /// `PUT /api/2.0/people/type/{type}`: an upgrade (see `eligibility::can_change_type`).
    pub async fn set_type(&self, ids: &[String], to: UserType) -> Result<Vec<Person>, ApiError> {
        let code = match to {
            UserType::RoomAdmin => 1,
            UserType::Guest => 2,
            UserType::Owner | UserType::DocSpaceAdmin => 3,
            UserType::User => 4,
        };
        let url = format!("{}/api/2.0/people/type/{code}", self.portal);
        self.write("PUT", &url, &serde_json::json!({ "userIds": ids }))
            .await
    }

    /// `DELETE /api/2.0/people/{id}`: only a disabled account can be deleted.
    pub async fn delete_person(&self, id: &str) -> Result<Person, ApiError> {
        let id = crate::people::query::encode_component(id);
        let url = format!("{}/api/2.0/people/{id}", self.portal);
        let token = authorization(&self.token);
        Ok(send(|signal| {
            Request::delete(&url)
                .abort_signal(signal)
                .header("Authorization", &token)
                .header("Accept", "application/json")
                .build()
        })
        .await?
        .response)
    }

    /// A write: sent once, never retried (the portal may have acted on it).
    async fn write<T: DeserializeOwned>(
        &self,
        method: &str,
        url: &str,
        body: &serde_json::Value,
    ) -> Result<T, ApiError> {
        let token = authorization(&self.token);
        Ok(send(|signal| {
            let builder = match method {
                "POST" => Request::post(url),
                "DELETE" => Request::delete(url),
                _ => Request::put(url),
            };
            builder
                .abort_signal(signal)
                .header("Authorization", &token)
                .header("Accept", "application/json")
                .json(body)
        })
        .await?
        .response)
    }

    /// A read, retried as `retry_delay_ms` says.
    async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<Envelope<T>, ApiError> {
        let mut attempt = 1;
        loop {
            let sent = send(|signal| {
                Request::get(url)
                    .abort_signal(signal)
                    .header("Authorization", &authorization(&self.token))
                    .header("Accept", "application/json")
                    .build()
            });
            match sent.await {
                Err(error) => match retry_delay_ms(attempt, &error) {
                    Some(ms) => {
                        sleep_ms(ms).await;
                        attempt += 1;
                    }
                    None => return Err(error),
                },
                ok => return ok,
            }
        }
    }
}

/// Builds and sends a request that is aborted if the future is dropped (the view that asked
/// went away).
async fn send<T: DeserializeOwned>(
    build: impl FnOnce(Option<&web_sys::AbortSignal>) -> Result<Request, gloo_net::Error>,
) -> Result<Envelope<T>, ApiError> {
    let abort = AbortOnDrop::new();
    let signal = abort.signal();
    let request = build(signal.as_ref()).map_err(|e| ApiError::Network(e.to_string()))?;
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
    decode(status, &body, retry_after.as_deref())
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
    fn filter_url() {
        assert_eq!(
            people_filter_url("https://portal.example.com", &ListQuery::default(), 100, 100),
            "https://portal.example.com/api/2.0/people/filter?startIndex=100&count=100&sortBy=firstname&sortOrder=ascending"
        );
    }

    #[test]
    fn reads_retry_network_and_gateway_errors_twice_with_backoff() {
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
            retry_delay_ms(1, &server),
            None,
            "a 500 is the portal's answer"
        );
        assert_eq!(retry_delay_ms(1, &ApiError::Unauthorized), None);
        assert_eq!(
            retry_delay_ms(1, &ApiError::Forbidden("Access denied".into())),
            None
        );
    }

    #[test]
    fn rate_limits_wait_for_retry_after() {
        assert_eq!(
            retry_delay_ms(
                1,
                &ApiError::RateLimited {
                    retry_after: Some(7)
                }
            ),
            Some(7000)
        );
        assert_eq!(
            retry_delay_ms(1, &ApiError::RateLimited { retry_after: None }),
            Some(2000)
        );
        assert_eq!(
            retry_delay_ms(
                2,
                &ApiError::RateLimited {
                    retry_after: Some(600)
                }
            ),
            Some(30_000)
        );
        assert_eq!(
            retry_delay_ms(
                3,
                &ApiError::RateLimited {
                    retry_after: Some(1)
                }
            ),
            None
        );
    }
}
