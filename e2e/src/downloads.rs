//! What the panel hands to the browser as a download (CSV, JSON), read back as text.

use fantoccini::Client;

use crate::locate::{button, find, until};

/// From now on, keeps what the page hands to a download (`URL.createObjectURL` of a blob), as
/// the browser would save it; [`download`] returns it.
pub async fn keep_downloads(client: &Client) {
    client
        .execute(
            "window.__download = null; const make = URL.createObjectURL; \
             URL.createObjectURL = b => { window.__download = null; \
               b.text().then(t => window.__download = t); return make.call(URL, b); };",
            vec![],
        )
        .await
        .expect("hook the downloads");
}

/// The text of the last download (see [`keep_downloads`]) after clicking `button_name`, without
/// the byte-order mark.
pub async fn download(client: &Client, button_name: &str) -> String {
    client
        .execute("window.__download = null", vec![])
        .await
        .expect("forget the last download");
    find(client, &button(button_name))
        .await
        .click()
        .await
        .expect("click the download");
    let c = client.clone();
    until("the file reached the download", move || {
        let c = c.clone();
        async move {
            c.execute("return window.__download !== null", vec![])
                .await
                .ok()
                == Some(serde_json::json!(true))
        }
    })
    .await;
    let text = client
        .execute("return window.__download", vec![])
        .await
        .expect("the download");
    text.as_str()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}')
        .to_string()
}
