//! The offboarding page's list import: emails or IDs pasted, or a file uploaded. Every line
//! that names nobody, or someone already named, is listed under the field with the reason as
//! it is typed; only the accepted items are looked up.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::lifecycle::handoff::{parse_pasted, RefusedRow};
use crate::lifecycle::lookup::Progress;

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
/// a lookup that fails); `on_review` gets the accepted items to look up. `halted`: where a
/// lookup that stopped or failed is, and the button that continues it (the same list looked
/// up again continues where it was).
#[component]
pub(super) fn PasteForm(
    pasted: RwSignal<String>,
    halted: RwSignal<Option<(String, &'static str)>>,
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
            <Show when=move || halted.with(Option::is_some)>
                <div class="lookup-halted">
                    <p id="lookup-halted">{move || halted.with(|h| h.as_ref().map(|(said, _)| said.clone()))}</p>
                    <button type="submit" aria-describedby="lookup-halted">{move || halted.with(|h| h.as_ref().map(|(_, button)| *button))}</button>
                </div>
            </Show>
            <p id="paste-summary">{summary}</p>
            <button type="submit" aria-describedby="paste-summary">"Review"</button>
        </form>
    }
}

/// A pasted list being looked up: how far it is (a live status and a progress bar), a wait's
/// note, and Cancel, which stops after the request in flight.
#[component]
pub(super) fn LookupStatus(
    progress: RwSignal<Option<Progress>>,
    stopping: RwSignal<bool>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let message = move || {
        progress.with(|p| {
            p.as_ref()
                .map(Progress::message)
                .unwrap_or_else(|| "Looking them up…".into())
        })
    };
    let bar = move || progress.with(|p| p.as_ref().and_then(Progress::bar));
    let note = move || progress.with(|p| p.as_ref().and_then(|p| p.note.clone()));
    view! {
        <section class="lookup-status">
            <p id="lookup-status" role="status">{message}</p>
            <progress aria-labelledby="lookup-status"
                value=move || bar().map(|(value, _)| value.to_string())
                max=move || bar().map(|(_, max)| max.to_string())></progress>
            {move || note().map(|note| view! { <p class="notice">{note}</p> })}
            <button type="button" class="secondary" disabled=move || stopping.get()
                on:click=move |_| on_cancel.run(())>
                {move || if stopping.get() { "Stopping after the request in flight…" } else { "Cancel" }}
            </button>
        </section>
    }
}
