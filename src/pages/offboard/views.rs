//! The offboarding page's two views: the review before anything changes, and the run.

use leptos::prelude::*;

use super::save_plan;
use crate::api::{ApiError, PortalClient, RequestLog};
use crate::components::HeirSelect;
use crate::download::{download_text, today};
use crate::lifecycle::plan::{LeaverState, OffboardingPlan};

fn state_label(state: &LeaverState) -> String {
    match state {
        LeaverState::Waiting => "Waiting".into(),
        LeaverState::Terminated => "Disabled".into(),
        LeaverState::Reassigning => "Handing over rooms…".into(),
        LeaverState::Deleted => "Deleted".into(),
        LeaverState::Failed { reason, .. } => format!("Not done: {reason}"),
    }
}

#[component]
pub(super) fn ReviewView(
    plan: OffboardingPlan,
    client: PortalClient,
    log: RequestLog,
    on_start: Callback<OffboardingPlan>,
) -> impl IntoView {
    let plan = RwSignal::new(plan);
    let reassign = RwSignal::new(false);
    let heir = RwSignal::new(String::new());
    let client = StoredValue::new(client);
    // Asked only when the admin chooses to hand rooms over: who owns rooms.
    let check_rooms = Action::new_local(move |_: &()| {
        let client = client.get_value();
        let ids: Vec<String> =
            plan.with_untracked(|p| p.leavers.iter().map(|l| l.id.clone()).collect());
        async move {
            let mut owners = Vec::new();
            for id in ids {
                if client.reassign_necessary(&id).await? {
                    owners.push(id);
                }
            }
            Ok::<_, ApiError>(owners)
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(owners)) = check_rooms.value().get() {
            plan.update(|p| {
                for l in p.leavers.clone() {
                    p.set_owns_rooms(&l.id, owners.contains(&l.id))
                }
            });
        }
    });
    let count = move || plan.with(|p| p.leavers.len());
    let owners = move || plan.with(|p| p.leavers.iter().filter(|l| l.owns_rooms).count());
    let start = move |_| {
        let mut p = plan.get_untracked();
        p.reassign_to = (reassign.get_untracked() && !heir.get_untracked().is_empty())
            .then(|| heir.get_untracked());
        p.receipt.records.extend(log.take());
        on_start.run(p);
    };
    view! {
        <section class="step review">
            <h2>{move || format!("{} people will be offboarded", count())}</h2>
            <table class="leavers">
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Owns rooms"</th></tr></thead>
                <tbody>
                    {move || plan.with(|p| p.leavers.clone()).into_iter().map(|l| view! {
                        <tr><td>{l.name}</td><td>{l.email}</td><td>{if l.owns_rooms { "yes" } else { "" }}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Show when=move || plan.with(|p| !p.left_out.is_empty())>
                <h3>{move || format!("Left out: {}", plan.with(|p| p.left_out.len()))}</h3>
                <table class="left-out">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {move || plan.with(|p| p.left_out.clone()).into_iter().map(|l| view! {
                            <tr><td>{l.name}</td><td class="reason">{l.reason}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || reassign.get() on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    reassign.set(on);
                    if on { check_rooms.dispatch(()); }
                }/>
                " Hand the rooms of those who own some to one person first"
            </label>
            <Show when=move || reassign.get()>
                <p role="status">{move || if check_rooms.pending().get() { "Checking who owns rooms…".to_string() } else { format!("{} own rooms.", owners()) }}</p>
                <HeirSelect id="offboard-heir" label="Give the rooms to" heir=heir client=client.get_value()/>
            </Show>
            <p>"They will be signed out and unable to sign in. Deleting them comes after, once you confirm it."</p>
            <button type="button" class="danger"
                disabled=move || count() == 0 || check_rooms.pending().get() || (reassign.get() && heir.get().is_empty())
                on:click=start>
                {move || format!("Disable {} people", count())}
            </button>
        </section>
    }
}

#[component]
pub(super) fn RunView(
    plan: RwSignal<Option<OffboardingPlan>>,
    running: RwSignal<bool>,
    resumed: bool,
    on_go: Callback<()>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let counts = move || plan.with(|p| p.as_ref().map(|p| p.counts()).unwrap_or_default());
    let total = move || plan.with(|p| p.as_ref().map(|p| p.leavers.len()).unwrap_or(0));
    // Read-only checks: a view must never write the signal it reads.
    let awaits_delete = move || {
        plan.with(|p| {
            p.as_ref()
                .is_some_and(OffboardingPlan::awaits_delete_confirmation)
        })
    };
    let to_delete = move || plan.with(|p| p.as_ref().map(OffboardingPlan::to_delete).unwrap_or(0));
    let done = move || plan.with(|p| p.as_ref().is_some_and(OffboardingPlan::is_done));
    let download = move |csv: bool| {
        let Some((json, csv_text)) =
            plan.with_untracked(|p| p.as_ref().map(|p| (p.receipt_json(), p.receipt_csv())))
        else {
            return;
        };
        let _ = if csv {
            download_text(
                &format!("offboarding-{}.csv", today()),
                "text/csv;charset=utf-8",
                &csv_text,
            )
        } else {
            download_text(
                &format!("offboarding-{}.json", today()),
                "application/json",
                &json,
            )
        };
    };
    let failed = move || plan.with(|p| p.as_ref().map(OffboardingPlan::failed).unwrap_or(0));
    let retry = move |_| {
        plan.update(|p| {
            if let Some(p) = p {
                p.retry_failed();
            }
        });
        plan.with_untracked(|p| save_plan(p.as_ref()));
        on_go.run(());
    };
    view! {
        <Show when=move || resumed>
            <p class="notice" role="status">"This offboarding was saved in this tab; it continues where it stopped."</p>
        </Show>
        <p class="progress" id="offboard-progress" role="status">
            {move || { let (_, terminated, deleted, failed) = counts(); format!("{total} people: {terminated} disabled, {deleted} deleted, {failed} not done", total = total()) }}
        </p>
        <progress aria-labelledby="offboard-progress" max=move || total().max(1) value=move || { let (_, t, d, f) = counts(); (t / 2 + d + f).min(total()) }></progress>
        {move || {
            if running.get() {
                view! { <p role="status">"Working…"</p> }.into_any()
            } else if awaits_delete() {
                let n = to_delete();
                view! {
                    <section class="step">
                        <h2>{format!("Delete {n} people for good")}</h2>
                        <p>"Their accounts will be deleted from the portal. This cannot be undone."</p>
                        <div class="field">
                            <label for="confirm-count">{format!("Type {n} to confirm")}</label>
                            <input id="confirm-count" type="text" inputmode="numeric" autocomplete="off" bind:value=typed/>
                        </div>
                        <button type="button" class="danger" disabled=move || typed.get().trim() != n.to_string()
                            on:click=move |_| {
                                plan.update(|p| if let Some(p) = p { p.delete_confirmed = true });
                                // A later confirmation (after "try again") starts empty.
                                typed.set(String::new());
                                plan.with_untracked(|p| save_plan(p.as_ref()));
                                on_go.run(());
                            }>
                            {format!("Delete {n} people")}
                        </button>
                    </section>
                }.into_any()
            } else if done() {
                let failed = failed();
                view! {
                    <p class="done-note" role="status">{if failed == 0 { "Finished.".to_string() } else { format!("Finished; {failed} not done (the reason is next to each).") }}</p>
                    <Show when=move || { failed > 0 }>
                        <button type="button" on:click=retry>{format!("Try the {failed} not done again")}</button>
                    </Show>
                }.into_any()
            } else {
                view! { <button type="button" on:click=move |_| on_go.run(())>"Continue"</button> }.into_any()
            }
        }}
        <table class="results">
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Result"</th></tr></thead>
            <tbody>
                {move || plan.with(|p| p.as_ref().map(|p| p.leavers.clone()).unwrap_or_default()).into_iter().map(|l| view! {
                    <tr><td>{l.name}</td><td>{l.email}</td><td class="result">{state_label(&l.state)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <Show when=done>
            <div class="buttons">
                <button type="button" class="secondary" on:click=move |_| download(false)>"Download receipt (JSON)"</button>
                <button type="button" class="secondary" on:click=move |_| download(true)>"Download receipt (CSV, one row per person)"</button>
                <button type="button" on:click=move |_| { save_plan(None); plan.set(None); }>"Close this offboarding"</button>
            </div>
        </Show>
    }
}
