//! How a person finds things on the page (a field by its label, a button by its name) and waits
//! for them, always within a bound.

use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use crate::harness::WAIT;

/// XPath for the input labelled `label`, as a person finds a field.
pub fn field(label: &str) -> String {
    format!("//input[@id=//label[normalize-space(.)='{label}']/@for]")
}

/// XPath for the button named `name`.
pub fn button(name: &str) -> String {
    format!("//button[normalize-space(.)='{name}']")
}

/// Waits (bounded) until an element matching `xpath` exists, and returns it.
pub async fn find(client: &Client, xpath: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath} did not appear within {WAIT:?}: {e}"))
}

/// Waits (bounded) until `check` returns true.
pub async fn until<F, Fut>(what: &str, check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    until_within(what, WAIT, check).await
}

/// Waits until `check` returns true, for at most `limit`.
pub async fn until_within<F, Fut>(what: &str, limit: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits (bounded by `limit`) until an element matching `xpath` exists, and returns it.
pub async fn find_within(
    client: &Client,
    xpath: &str,
    limit: Duration,
) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(limit)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath} did not appear within {limit:?}: {e}"))
}
