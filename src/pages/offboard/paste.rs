//! The offboarding page's list import: emails or IDs pasted, or a file uploaded. Every line
//! that names nobody, or someone already named, is listed under the field with the reason as
//! it is typed; only the accepted items are looked up.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::lifecycle::handoff::{parse_pasted, RefusedRow};

/// A refused line as shown: long lines cut, so that one stray paste does not flood the page.
fn shown(text: &str) -> String {
    const MOST: usize = 80;
    if text.chars().count() > MOST {
        format!("{}…", text.chars().take(MOST).collect::<String>())
    } else {
        text.to_string()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Pasted or uploaded emails and IDs (`pasted` belongs to the page, so that the text survives
/// a lookup that fails); `on_review` gets the accepted items to look up.
#[component]
pub(super) fn PasteForm(
    pasted: RwSignal<String>,
    on_review: Callback<Vec<String>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let list = Memo::new(move |_| pasted.with(|text| parse_pasted(text)));
    let refused = move || list.with(|l| l.refused.clone());
    let summary = move || {
        list.with(|l| match (l.accepted.len(), l.refused.len()) {
            (0, 0) => String::new(),
            (n, 0) => format!("{} will be looked up.", plural(n, "person", "people")),
            (n, r) => format!(
                "{} will be looked up; {} left out (see above).",
                plural(n, "person", "people"),
                plural(r, "row", "rows")
            ),
        })
    };
    view! {
        <p>"Select people in the " <A href=crate::base::href("/people")>"list"</A> " and choose Offboard, or paste their emails or IDs: one per line, or separated by ; or , (an address list copied from an email works)."</p>
        <form on:submit=move |ev| {
            ev.prevent_default();
            let (accepted, any_refused) = list.with_untracked(|l| (l.accepted.clone(), !l.refused.is_empty()));
            if accepted.is_empty() {
                error.set(Some(if any_refused {
                    "None of the rows names someone to look up: see why beside each."
                } else {
                    "Paste at least one email or ID."
                }.into()));
            } else {
                error.set(None);
                on_review.run(accepted);
            }
        }>
            <div class="field">
                <label for="pasted">"Emails or IDs"</label>
                <textarea id="pasted" rows="8" prop:value=move || pasted.get()
                    aria-describedby="pasted-error pasted-refused"
                    aria-invalid=move || list.with(|l| !l.refused.is_empty()).then_some("true")
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <p id="pasted-error" class="error" role="alert">{move || error.get()}</p>
                <div id="pasted-refused">
                    <Show when=move || list.with(|l| !l.refused.is_empty())>
                        <table class="left-out refused-rows">
                            <caption>{move || format!("Not looked up: {}", plural(list.with(|l| l.refused.len()), "row", "rows"))}</caption>
                            <thead><tr><th scope="col">"Row"</th><th scope="col">"Text"</th><th scope="col">"Why"</th></tr></thead>
                            <tbody>
                                <For each=refused key=|r: &RefusedRow| (r.line, r.text.clone(), r.reason.clone()) children=|r: RefusedRow| view! {
                                    <tr>
                                        <td>{format!("Row {}", r.line)}</td>
                                        <td><code>{shown(&r.text)}</code></td>
                                        <td class="reason">{r.reason}</td>
                                    </tr>
                                }/>
                            </tbody>
                        </table>
                    </Show>
                </div>
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
            <p id="paste-summary">{summary}</p>
            <button type="submit" aria-describedby="paste-summary">"Review"</button>
        </form>
    }
}
