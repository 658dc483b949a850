//! The offboarding page's list import: emails or IDs pasted, or a file uploaded.

use leptos::prelude::*;

use crate::lifecycle::handoff::parse_pasted;

/// Pasted or uploaded emails and IDs; `on_review` gets the items to look up.
#[component]
pub(super) fn PasteForm(on_review: Callback<Vec<String>>) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    view! {
        <p>"Select people in the " <a href="/people">"list"</a> " and choose Offboard, or paste their emails or IDs, one per line."</p>
        <form on:submit=move |ev| {
            ev.prevent_default();
            let items = parse_pasted(&pasted.get_untracked());
            if items.is_empty() {
                error.set(Some("Paste at least one email or ID.".into()));
            } else {
                error.set(None);
                on_review.run(items);
            }
        }>
            <div class="field">
                <label for="pasted">"Emails or IDs"</label>
                <textarea id="pasted" rows="8" prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <p class="error" role="alert">{move || error.get()}</p>
            </div>
            <div class="field">
                <label for="upload">"Or upload a list (text, or a CSV such as the list's export)"</label>
                <input id="upload" type="file" accept=".csv,.txt,text/csv,text/plain"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(file) = input.files().and_then(|f| f.get(0)) {
                            leptos::task::spawn_local(async move {
                                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                                    Ok(text) => pasted.set(text.as_string().unwrap_or_default()),
                                    Err(_) => error.set(Some("Could not read that file.".into())),
                                }
                            });
                        }
                    }/>
            </div>
            <button type="submit">"Review"</button>
        </form>
    }
}
