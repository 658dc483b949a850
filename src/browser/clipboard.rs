use wasm_bindgen_futures::JsFuture;

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`). The browser may refuse it
/// (no secure context, no permission, the page not focused): the error says so, and the text
/// stays on the page to be copied by hand.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "The browser did not allow copying: select the link and copy it yourself.".to_string()
        })
}
