//! The roster's input: a CSV pasted or uploaded (kept as it is, whatever is wrong with it), the
//! template to start from, and what the file as a whole lacks, next to the field.

use leptos::prelude::*;

use crate::download::download_text;
use crate::people::roster::{Roster, TEMPLATE};

/// `text` and `file_name` belong to the page (so that a failed read of the portal keeps
/// them); `parsed` is the text read; `on_preview` compares it with the portal.
#[component]
pub(super) fn RosterInput(
    text: RwSignal<String>,
    file_name: RwSignal<String>,
    parsed: Memo<Option<Result<Roster, String>>>,
    reading: Signal<bool>,
    on_preview: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let problem = move || {
        error.get().or_else(|| {
            parsed.with(|p| match p {
                Some(Err(why)) => Some(why.clone()),
                _ => None,
            })
        })
    };
    let read_so_far = move || {
        parsed.with(|p| match p {
            Some(Ok(r)) => {
                let unknown = (!r.columns.unknown.is_empty()).then(|| {
                    format!(
                        " Not read: {} (the panel reads email, first name, last name, type, groups and invite).",
                        r.columns.unknown.join(", ")
                    )
                });
                format!(
                    "{} rows read, {} with problems.{}",
                    r.rows.len() + r.bad.len(),
                    r.bad.len(),
                    unknown.unwrap_or_default()
                )
            }
            _ => String::new(),
        })
    };
    view! {
        <form class="roster-input" on:submit=move |ev| {
            ev.prevent_default();
            match parsed.get_untracked() {
                None => error.set(Some("Paste a roster or choose a CSV file first.".into())),
                Some(Err(_)) => {}
                Some(Ok(_)) => {
                    error.set(None);
                    on_preview.run(());
                }
            }
        }>
            <div class="field">
                <label for="roster">"Roster (CSV)"</label>
                <p class="hint" id="roster-hint">"A header line, then a line per person. Columns, in any order: email (required), first name, last name, type (User, Room admin, DocSpace admin), groups (names separated by ;), invite (yes to send an invitation instead of creating the account; the default when no first name is given)."</p>
                <textarea id="roster" rows="10" spellcheck="false" prop:value=move || text.get()
                    aria-describedby="roster-hint roster-error roster-read"
                    aria-invalid=move || problem().is_some().then_some("true")
                    on:input=move |ev| {
                        error.set(None);
                        text.set(event_target_value(&ev));
                    }></textarea>
                <p id="roster-error" class="error" role="alert">{problem}</p>
                <p id="roster-read" class="hint" role="status">{read_so_far}</p>
            </div>
            <div class="field">
                <label for="roster-file">"Or choose a CSV file"</label>
                <input id="roster-file" type="file" accept=".csv,.txt,text/csv,text/plain"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(file) = input.files().and_then(|f| f.get(0)) {
                            let name = file.name();
                            leptos::task::spawn_local(async move {
                                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                                    Ok(read) => {
                                        error.set(None);
                                        file_name.set(name);
                                        text.set(read.as_string().unwrap_or_default());
                                    }
                                    Err(_) => error.set(Some(format!("Could not read {name}: the text above is kept."))),
                                }
                            });
                        }
                    }/>
                <Show when=move || file_name.with(|f| !f.is_empty())>
                    <p class="hint">{move || format!("Read from {}.", file_name.get())}</p>
                </Show>
            </div>
            <div class="actions">
                <button type="submit" disabled=move || reading.get()>
                    {move || if reading.get() { "Reading the portal…" } else { "Preview the changes" }}
                </button>
                <button type="button" class="secondary" on:click=move |_| {
                    if let Err(why) = download_text("roster-template.csv", "text/csv;charset=utf-8", TEMPLATE) {
                        error.set(Some(why));
                    }
                }>"Download the template"</button>
            </div>
        </form>
    }
}
