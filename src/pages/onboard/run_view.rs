//! Applying a roster: how far it is (done, left, failed, announced as it changes), a wait's
//! note, Stop; once it ends, a line per row with what was done, the person's ID or why not,
//! and the receipt to download.

use leptos::prelude::*;

use crate::download::{download_text, today};
use crate::lifecycle::onboard::{OnboardPlan, PlannedRow};

#[component]
pub(super) fn RunView(
    plan: RwSignal<Option<OnboardPlan>>,
    running: RwSignal<bool>,
    stopping: RwSignal<bool>,
    note: RwSignal<Option<String>>,
    on_stop: Callback<()>,
    on_continue: Callback<()>,
    on_start_over: Callback<()>,
) -> impl IntoView {
    let progress = move || plan.with(|p| p.as_ref().map(OnboardPlan::progress).unwrap_or_default());
    let finished = move || plan.with(|p| p.as_ref().is_some_and(OnboardPlan::finished));
    let not_reached = move || plan.with(|p| p.as_ref().is_some_and(OnboardPlan::not_reached));
    let status = move || {
        let p = progress();
        let total = p.done + p.left + p.failed;
        let steps = plan.with(|p| p.as_ref().map(OnboardPlan::steps_line).unwrap_or_default());
        if running.get() {
            format!(
                "Applying the roster: {steps}; {} of {total} people done, {} failed…",
                p.done, p.failed
            )
        } else if finished() {
            format!(
                "The roster is applied: {} of {total} done, {} failed.",
                p.done, p.failed
            )
        } else {
            format!("Applying the roster stopped: {steps}; {} of {total} people done, {} left, {} failed. Nothing is lost: continue when you are ready.", p.done, p.left, p.failed)
        }
    };
    let download = move |csv: bool| {
        let Some((json, rows)) =
            plan.with_untracked(|p| p.as_ref().map(|p| (p.receipt_json(), p.rows_csv())))
        else {
            return;
        };
        let _ = if csv {
            download_text(
                &format!("onboarding-{}.csv", today()),
                "text/csv;charset=utf-8",
                &rows,
            )
        } else {
            download_text(
                &format!("onboarding-{}.json", today()),
                "application/json",
                &json,
            )
        };
    };
    let rows = move || plan.with(|p| p.as_ref().map(|p| p.rows.clone()).unwrap_or_default());
    view! {
        <section class="roster-run" aria-labelledby="run-heading">
            <h2 id="run-heading">{move || plan.with(|p| p.as_ref().map(|p| if p.file.is_empty() { "Applying the roster".to_string() } else { format!("Applying {}", p.file) }))}</h2>
            <p id="onboard-progress" role="status">{status}</p>
            <progress aria-labelledby="onboard-progress"
                value=move || { let p = progress(); (p.done + p.failed).to_string() }
                max=move || { let p = progress(); (p.done + p.left + p.failed).max(1).to_string() }></progress>
            {move || note.get().map(|n| view! { <p class="notice">{n}</p> })}
            <div class="actions">
                <Show when=move || running.get()>
                    <button type="button" class="secondary" disabled=move || stopping.get() on:click=move |_| on_stop.run(())>
                        {move || if stopping.get() { "Stopping after the requests in flight…" } else { "Stop" }}
                    </button>
                </Show>
                <Show when=move || !running.get() && (!finished() || not_reached())>
                    <button type="button" on:click=move |_| on_continue.run(())>
                        {move || if finished() { "Apply again what was not reached" } else { "Continue applying" }}
                    </button>
                </Show>
                <Show when=move || !running.get()>
                    <button type="button" class="secondary" on:click=move |_| download(false)>"Download the receipt (JSON)"</button>
                    <button type="button" class="secondary" on:click=move |_| download(true)>"Download the rows (CSV)"</button>
                    <button type="button" class="secondary" on:click=move |_| on_start_over.run(())>"Start over"</button>
                </Show>
            </div>
            <Show when=move || !running.get()>
                <table class="results roster-outcomes">
                    <caption>"What was done, line by line"</caption>
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Email"</th><th scope="col">"ID"</th><th scope="col">"Outcome"</th></tr></thead>
                    <tbody>
                        <For each=rows key=|r: &PlannedRow| (r.line, r.outcome()) children=|r: PlannedRow| view! {
                            <tr data-line=r.line>
                                <td>{r.line}</td>
                                <td>{r.email.clone()}</td>
                                <td>{r.id.clone().unwrap_or_default()}</td>
                                <td class="reason">{r.outcome()}</td>
                            </tr>
                        }/>
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
