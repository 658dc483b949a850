//! One `async fn` per portal endpoint. The only code that knows URLs and headers.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;

use super::envelope::{decode, Envelope};
use super::error::ApiError;
use super::types::Person;

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

/// `GET /api/2.0/people/filter` for one page, in the portal's default order.
pub fn people_filter_url(portal: &str, start_index: u64, count: u8) -> String {
    format!("{portal}/api/2.0/people/filter?startIndex={start_index}&count={count}")
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

    /// One page of `GET /api/2.0/people/filter`.
    pub async fn list_people(&self, start_index: u64, count: u8) -> Result<Page<Person>, ApiError> {
        let url = people_filter_url(&self.portal, start_index, count);
        let env = self.get::<Vec<Person>>(&url).await?;
        let total = env.total.unwrap_or(env.response.len() as u64);
        Ok(Page {
            items: env.response,
            total,
        })
    }

    async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<Envelope<T>, ApiError> {
        let response = Request::get(url)
            .header("Authorization", &authorization(&self.token))
            .header("Accept", "application/json")
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
            people_filter_url("https://portal.example.com", 100, 100),
            "https://portal.example.com/api/2.0/people/filter?startIndex=100&count=100"
        );
    }
}
