//! The panel's own steps and readings: signing in, ticking a row of the people list, reading
//! its emails and its count, the page's address, and a screenshot of what a journey saw.

use std::path::Path;

use fantoccini::{Client, Locator};

use crate::locate::{button, field, find, until};

/// Saves a screenshot as `<E2E_SCREENSHOTS>/<name>.png` when that variable names a directory,
/// so that a person can look at what a journey saw.
pub async fn screenshot(client: &Client, name: &str) {
    let Some(dir) = std::env::var_os("E2E_SCREENSHOTS") else {
        return;
    };
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::create_dir_all(&dir).expect("the screenshot directory");
    std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).expect("write the screenshot");
}

/// Ticks the checkbox of row `n` (1-based) of the people list.
pub async fn tick_row(client: &Client, n: usize) {
    client
        .find(Locator::Css(&format!(
            "tbody tr:nth-child({n}) input[type=checkbox]"
        )))
        .await
        .expect("the row's checkbox")
        .click()
        .await
        .expect("tick the row");
}

/// Types `value` into the sign-in field labelled `label`.
async fn type_into(client: &Client, label: &str, value: &str) {
    find(client, &field(label))
        .await
        .send_keys(value)
        .await
        .unwrap_or_else(|e| panic!("type into {label}: {e}"));
}

/// Submits the sign-in form and waits until a signed-in page shows (the panel leaves the
/// sign-in page for the page asked for).
async fn submit_sign_in(client: &Client) {
    find(client, &button("Sign in"))
        .await
        .click()
        .await
        .expect("click Sign in");
    find(client, "//header[contains(@class,'top-bar')]").await;
}

/// On the sign-in page: signs in with an API key and waits until a signed-in page shows.
pub async fn sign_in_with_key(client: &Client, key: &str) {
    type_into(client, "API key", key).await;
    submit_sign_in(client).await;
}

/// On the sign-in page: signs in with an email and password and waits until a signed-in page
/// shows.
pub async fn sign_in_with_password(client: &Client, email: &str, password: &str) {
    find(client, "//label[normalize-space(.)='Email and password']")
        .await
        .click()
        .await
        .expect("choose email and password");
    type_into(client, "Email", email).await;
    type_into(client, "Password", password).await;
    submit_sign_in(client).await;
}

/// The emails in the table, top to bottom.
pub async fn shown_emails(client: &Client) -> Vec<String> {
    let cells = client
        .find_all(Locator::Css("table.people tbody td.email"))
        .await
        .expect("the table");
    let mut emails = Vec::with_capacity(cells.len());
    for cell in cells {
        // The text as the page holds it: on a phone the column is hidden (the email shows
        // under the name), and WebDriver reads hidden text as empty.
        let text = cell.prop("textContent").await.expect("a cell");
        emails.push(text.unwrap_or_default().trim().to_string());
    }
    emails
}

/// The "Showing N of TOTAL people" line.
pub async fn count_text(client: &Client) -> String {
    find(client, "//p[contains(@class,'count')]")
        .await
        .text()
        .await
        .expect("the count")
}

/// Waits (bounded) until the count line reads `expected`.
pub async fn until_count(client: &Client, expected: &str) {
    let c = client.clone();
    let expected = expected.to_string();
    until(&format!("the count reads {expected:?}"), move || {
        let c = c.clone();
        let expected = expected.clone();
        async move { count_text(&c).await == expected }
    })
    .await;
}

/// The page's path and query.
pub async fn path_and_query(client: &Client) -> String {
    let url = client.current_url().await.expect("a URL");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Opens the menu whose button reads `menu` (a bulk bar's "Change type", "More") and takes its
/// entry that starts with `entry` ("Make room admin" for "Make room admin (10)…").
pub async fn menu_pick(client: &Client, menu: &str, entry: &str) {
    find(
        client,
        &format!("//button[@aria-haspopup='menu' and starts-with(normalize-space(.),'{menu}')]"),
    )
    .await
    .click()
    .await
    .unwrap_or_else(|e| panic!("open the menu {menu}: {e}"));
    pick_entry(client, entry).await;
}

/// In the open menu: takes the entry that starts with `entry`.
pub async fn pick_entry(client: &Client, entry: &str) {
    find(
        client,
        &format!("//ul[@role='menu']//button[@role='menuitem' and starts-with(normalize-space(.),'{entry}')]"),
    )
    .await
    .click()
    .await
    .unwrap_or_else(|e| panic!("take the menu entry {entry}: {e}"));
}

/// Opens the top bar's menu of the signed-in person (the portal, the theme, Sign out), if it
/// is not open.
pub async fn open_user_menu(client: &Client) {
    let toggle = find(client, "//button[@id='user-toggle']").await;
    if toggle.attr("aria-expanded").await.ok().flatten().as_deref() != Some("true") {
        toggle.click().await.expect("open the user menu");
    }
    find(client, "//div[@id='user-panel' and not(@hidden)]").await;
}

/// Signs out from the top bar's user menu.
pub async fn sign_out(client: &Client) {
    open_user_menu(client).await;
    find(client, &button("Sign out"))
        .await
        .click()
        .await
        .expect("click Sign out");
}

/// Waits for a toast whose message is `text`.
pub async fn toast(client: &Client, text: &str) -> fantoccini::elements::Element {
    find(
        client,
        &format!("//ol[contains(@class,'toasts')]/li[.//span[contains(@class,'toast-message') and normalize-space(.)='{text}']]"),
    )
    .await
}

/// Shows the page in `theme` ("light", "dark") as the top bar's switch would
/// (`<html data-theme=…>`), without opening the menu.
pub async fn set_theme(client: &Client, theme: &str) {
    client
        .execute(
            "document.documentElement.setAttribute('data-theme', arguments[0])",
            vec![serde_json::json!(theme)],
        )
        .await
        .expect("set the theme");
}

/// `text` as an XPath string literal (a name may hold an apostrophe: "Rafael O'Brien").
pub fn lit(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

/// Waits for the profile whose heading is `name`.
pub async fn at_profile(c: &Client, name: &str) {
    find(c, &format!("//h1[normalize-space(.)={}]", lit(name))).await;
}

/// The value a profile shows for `label`, once it reads `value`.
pub fn field_value(label: &str, value: &str) -> String {
    format!(
        "//dt[.='{label}']/following-sibling::dd[1][normalize-space(.)={}]",
        lit(value)
    )
}
