//! The run: progress, what waits for the signed-in person's confirmation, the way out at every
//! step (stop, keep them disabled, discard), the per-person results and the receipt.

use leptos::prelude::*;

use crate::api::{Person, PortalClient};
use crate::components::{ConfirmDialog, HeirPicker, TextField};
use crate::download::{download_text, today};
use crate::lifecycle::plan::{Actor, Heir, LeaverState, OffboardingPlan, RunProgress, SignOut};
use crate::people::people_count;

fn state_label(state: &LeaverState, signed_out: &SignOut) -> String {
    match state {
        LeaverState::Waiting if *signed_out == SignOut::Done => {
            "Signed out everywhere, waiting to be disabled".into()
        }
        LeaverState::Waiting => match signed_out {
            SignOut::Failed(why) => {
                format!("Not signed out everywhere ({why}); waiting to be disabled")
            }
            _ => "Waiting".into(),
        },
        LeaverState::Terminated => "Disabled".into(),
        LeaverState::Reassigning => "Handing over rooms…".into(),
        LeaverState::Deleted => "Deleted".into(),
        LeaverState::Gone => "Already gone: someone else deleted them".into(),
        LeaverState::Failed {
            reason,
            retry: false,
            ..
        } => format!("Refused: {reason}"),
        LeaverState::Failed { reason, .. } => format!("Not done: {reason}"),
    }
}

/// What the page does for the run view.
#[derive(Clone, Copy)]
pub(super) struct RunActions {
    /// Send what may be sent now.
    pub(super) go: Callback<()>,
    /// Stop after the request in flight.
    pub(super) stop: Callback<()>,
    /// Forget the plan (the portal keeps what was done).
    pub(super) discard: Callback<()>,
    /// Save a change the admin made (a confirmation, a new heir).
    pub(super) save: Callback<()>,
}

#[component]
pub(super) fn RunView(
    plan: RwSignal<Option<OffboardingPlan>>,
    running: RwSignal<bool>,
    stopping: RwSignal<bool>,
    /// Another tab (or this tab's previous page) is running it.
    elsewhere: RwSignal<bool>,
    /// The plan was found kept in this browser when the page opened.
    resumed: bool,
    /// An error holds the run up (the page says which above).
    held_up: Signal<bool>,
    me: Person,
    client: PortalClient,
    actions: RunActions,
) -> impl IntoView {
    let me_id = me.id.clone();
    let me = Actor::of(&me);
    let client = StoredValue::new(client);
    let me = StoredValue::new(me);
    let me_id = StoredValue::new(me_id);
    let typed = RwSignal::new(String::new());
    let typed_owners = RwSignal::new(String::new());
    let discard_open = RwSignal::new(false);
    let with_plan =
        move |f: &dyn Fn(&OffboardingPlan) -> usize| plan.with(|p| p.as_ref().map(f).unwrap_or(0));
    let counts = move || plan.with(|p| p.as_ref().map(|p| p.counts()).unwrap_or_default());
    // The counts change only when a step moves on for someone: a report that changes nothing
    // (a handover polled, a retry) says nothing new to a screen reader.
    let progress = Memo::new(move |_| plan.with(|p| p.as_ref().map(OffboardingPlan::progress)));
    let read = move |f: &dyn Fn(&RunProgress) -> String| {
        progress.with(|p| p.as_ref().map(f).unwrap_or_default())
    };
    let line = Memo::new(move |_| read(&RunProgress::line));
    let units = move || progress.with(|p| p.as_ref().map(RunProgress::units).unwrap_or_default());
    let tone = move || {
        let held_up = held_up.get();
        progress.with(|p| p.as_ref().map_or("tone-ok", |p| p.tone(held_up).class()))
    };
    // A run that starts takes the focus to its progress, wherever the button that started it
    // was: the page shows how it goes, and a screen reader goes on from there.
    Effect::new(move |was: Option<bool>| {
        let now = running.get();
        if now && was != Some(true) {
            request_animation_frame(|| {
                crate::browser::move_focus_to("#run-progress-title");
            });
        }
        now
    });
    let check = move |f: &dyn Fn(&OffboardingPlan, &str) -> bool| {
        let me = me_id.get_value();
        plan.with(|p| p.as_ref().is_some_and(|p| f(p, &me)))
    };
    let awaits_confirmation = move || check(&|p, me| p.awaits_confirmation(me));
    let awaits_delete = move || check(&|p, me| p.awaits_delete_confirmation(me));
    let done = move || check(&|p, _| p.is_done());
    let can_finish = move || check(&|p, _| p.can_finish_now() && !p.is_done());
    let to_delete = move || with_plan(&|p| p.to_delete());
    let failed = move || with_plan(&|p| p.failed());
    let refused = move || with_plan(&|p| p.refused());
    let owners_to_delete = move || with_plan(&|p| p.owners_deleted_on_handover());
    let confirmed_by = move || {
        plan.with(|p| {
            p.as_ref()
                .and_then(|p| p.confirmed_by().map(|a| a.name.clone()))
        })
    };
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
    let change = move |f: &dyn Fn(&mut OffboardingPlan)| {
        plan.update(|p| {
            if let Some(p) = p {
                f(p);
            }
        });
        actions.save.run(());
    };
    // Trying again may hand the rooms to someone else.
    let heir = RwSignal::new(plan.with_untracked(|p| p.as_ref().and_then(|p| p.heir.clone())));
    let leavers = Signal::derive(move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.leavers.iter().map(|l| l.id.clone()).collect())
                .unwrap_or_default()
        })
    });
    let retry = move |_| {
        let new_heir: Option<Heir> = heir.get_untracked();
        change(&|p| {
            if p.any_handover_failed() {
                p.heir = new_heir.clone().or(p.heir.clone());
            }
            p.retry_failed(&me.get_value());
        });
        actions.go.run(());
    };
    let waiting_work = move || {
        plan.with(|p| {
            p.as_ref().map_or(String::new(), |p| {
                let (waiting, ..) = p.counts();
                let owners = p.owners_deleted_on_handover();
                let mut parts = Vec::new();
                if waiting > 0 {
                    parts.push(format!("disable {waiting} more"));
                }
                if p.heir.is_some() {
                    parts.push("hand over the rooms of those who own some".to_string());
                }
                if owners > 0 {
                    parts.push(format!(
                        "delete the {owners} room owners as their handover ends"
                    ));
                }
                parts.join(", ")
            })
        })
    };
    view! {
        <Show when=move || resumed>
            <p class="notice" role="status">"This offboarding was kept in this browser; it continues where it stopped."</p>
        </Show>
        <Show when=move || elsewhere.get()>
            <p class="notice" role="status">"This offboarding is running in another tab of this browser (or finishing its last request): this page follows it. If that tab was closed, you can go on here within 15 seconds."</p>
        </Show>
        <section class=move || format!("run-progress {}", tone()) aria-labelledby="run-progress-title">
            <h2 id="run-progress-title" tabindex="-1">"Progress"</h2>
            // The one live region of the counts: "Disable 100/240 · Delete 0/240 · 2 problems".
            <p class="progress" id="offboard-progress" role="status">{move || line.get()}</p>
            // Each person's steps are units of work: the bar is the share done.
            <progress class=move || format!("run-bar {}", tone()) aria-labelledby="run-progress-title"
                max=move || units().1.max(1) value=move || units().0></progress>
            <Show when=move || running.get()>
                <p class="run-phase">{move || read(&|p| p.working(held_up.get()))}</p>
            </Show>
        </section>
        {move || {
            if elsewhere.get() {
                ().into_any()
            } else if running.get() {
                view! {
                    <div class="buttons">
                        <button type="button" class="secondary" disabled=move || stopping.get() on:click=move |_| actions.stop.run(())>"Stop"</button>
                        <p class="stop-note" role="status">{move || stopping.get().then_some("Stopping after the request in flight…")}</p>
                    </div>
                }.into_any()
            } else if done() {
                let failed = failed();
                let refused = refused();
                let ended_early = plan.with(|p| p.as_ref().and_then(OffboardingPlan::ended_early));
                let handover_failed = plan.with_untracked(|p| p.as_ref().is_some_and(OffboardingPlan::any_handover_failed));
                view! {
                    <p class="done-note" role="status">{read(&RunProgress::finished)}</p>
                    {ended_early.map(|said| view! { <p class="hint">{said}</p> })}
                    <Show when=move || { refused > 0 }>
                        <p class="hint">{format!(
                            "The portal refused {} by its rules: trying again would not change that.",
                            people_count(refused)
                        )}</p>
                    </Show>
                    <Show when=move || { failed > 0 }>
                        {handover_failed.then(|| view! {
                            <HeirPicker id="retry-heir" label="Hand their rooms to" heir=heir exclude=leavers client=client.get_value()/>
                        })}
                        <button type="button" on:click=retry>{format!("Try the {failed} not done again")}</button>
                    </Show>
                }.into_any()
            } else if awaits_confirmation() {
                let owners = owners_to_delete();
                view! {
                    <section class="step">
                        <h2>"Confirm to go on"</h2>
                        <p>{format!(
                            "{} confirmed this offboarding. You are signed in as {}: nothing more is sent until you confirm it. Going on will {}.",
                            confirmed_by().unwrap_or_else(|| "Someone else".into()), me.get_value().name, waiting_work()
                        )}</p>
                        {(owners > 0).then(|| view! {
                            <TextField id="confirm-owners" label=format!("Type {owners} to confirm deleting the room owners")
                                inputmode="numeric" value=typed_owners/>
                        })}
                        <button type="button" class="danger"
                            // Braces: a bare `>` here would end the tag for the view macro.
                            disabled=move || { owners > 0 && typed_owners.get().trim() != owners.to_string() }
                            on:click=move |_| {
                                change(&|p| p.confirm(&me.get_value()));
                                actions.go.run(());
                            }>
                            {format!("Go on as {}", me.get_value().name)}
                        </button>
                    </section>
                }.into_any()
            } else if awaits_delete() {
                let n = to_delete();
                view! {
                    <section class="step">
                        <h2>{format!("Delete {} for good", people_count(n))}</h2>
                        <p>"Their accounts will be deleted from the portal. This cannot be undone. Or keep them disabled: they stay on the portal, unable to sign in."</p>
                        <TextField id="confirm-count" label=format!("Type {n} to confirm") inputmode="numeric" value=typed/>
                        <div class="buttons">
                            <button type="button" class="danger" disabled=move || typed.get().trim() != n.to_string()
                                on:click=move |_| {
                                    change(&|p| p.confirm_delete(&me.get_value()));
                                    // A later confirmation (after "try again") starts empty.
                                    typed.set(String::new());
                                    actions.go.run(());
                                }>
                                {format!("Delete {}", people_count(n))}
                            </button>
                            <button type="button" class="secondary" on:click=move |_| change(&|p| p.finish_now())>
                                "Keep them disabled and finish"
                            </button>
                            <button type="button" class="secondary" on:click=move |_| {
                                change(&|p| p.finish_now());
                                actions.discard.run(());
                            }>"Start a new offboarding"</button>
                        </div>
                    </section>
                }.into_any()
            } else {
                view! {
                    <div class="buttons">
                        <button type="button" on:click=move |_| actions.go.run(())>{if resumed { "Resume" } else { "Continue" }}</button>
                        <Show when=can_finish>
                            <button type="button" class="secondary" on:click=move |_| change(&|p| p.finish_now())>
                                "Keep them as they are and finish"
                            </button>
                        </Show>
                    </div>
                }.into_any()
            }
        }}
        <table class="results">
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Result"</th></tr></thead>
            <tbody>
                <For each=move || plan.with(|p| p.as_ref().map(|p| p.leavers.clone()).unwrap_or_default())
                    key=|l| (l.id.clone(), l.state.clone(), l.signed_out.clone())
                    children=|l| view! {
                        <tr><td>{l.name}</td><td>{l.email}</td><td class="result">{state_label(&l.state, &l.signed_out)}</td></tr>
                    }/>
            </tbody>
        </table>
        <Show when=move || plan.with(|p| p.as_ref().is_some_and(|p| p.heads.iter().any(|h| h.to.is_some())))>
            <h3>"Heads of group"</h3>
            <ul class="new-heads">
                {move || plan.with(|p| p.as_ref().map(|p| p.heads.clone()).unwrap_or_default())
                    .into_iter().filter(|h| h.to.is_some())
                    .map(|h| view! { <li>{h.summary()}</li> }).collect_view()}
            </ul>
        </Show>
        <Show when=move || !running.get()>
            <div class="buttons">
                <button type="button" class="secondary" on:click=move |_| download(false)>
                    {move || if done() { "Download receipt (JSON)" } else { "Download receipt so far (JSON)" }}
                </button>
                <button type="button" class="secondary" on:click=move |_| download(true)>
                    {move || if done() { "Download receipt (CSV, one row per person)" } else { "Download receipt so far (CSV)" }}
                </button>
                {move || if done() {
                    view! { <button type="button" on:click=move |_| actions.discard.run(())>"Close this offboarding"</button> }.into_any()
                } else {
                    view! { <button type="button" class="secondary" disabled=move || elsewhere.get() on:click=move |_| discard_open.set(true)>"Discard this offboarding"</button> }.into_any()
                }}
            </div>
        </Show>
        <ConfirmDialog
            open=discard_open
            title="Discard this offboarding?".to_string()
            message=Signal::derive(move || {
                let (_, t, d, _) = counts();
                format!("The plan and its receipt are forgotten; nothing more is sent. The portal keeps what was done: {t} disabled stay disabled, {d} deleted. Download the receipt first if you need it.")
            })
            confirm_label="Discard the offboarding".to_string()
            pending=Signal::stored(false)
            error=Signal::stored(None::<String>)
            destructive=false
            on_confirm=Callback::new(move |()| { discard_open.set(false); actions.discard.run(()); })
        />
    }
}
