//! Saving a file the panel made (a CSV export) through the browser's download.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`, in UTF-8. A CSV starts with a byte-order
/// mark, so that spreadsheet programs read names in every script correctly; anything else
/// (JSON) does not, since parsers refuse one.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Could not save the file: {what}");
    let parts = js_sys::Array::new();
    let bom = if mime.starts_with("text/csv") {
        "\u{feff}"
    } else {
        ""
    };
    parts.push(&wasm_bindgen::JsValue::from_str(&format!("{bom}{text}")));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("the browser refused the data"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no object URL"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("no link"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoked a little later: revoking at once can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}

/// Today's date as `YYYY-MM-DD`, for file names.
pub fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.split('T').next().unwrap_or_default().to_string()
}
