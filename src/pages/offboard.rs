use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

mod paste;
mod portal;
mod review;
mod run_view;

use paste::{LookupStatus, PasteForm};
use portal::{resolve, resolve_pasted, Found, LivePortal};
use review::ReviewView;
use run_view::{RunActions, RunView};

use crate::api::RequestLog;
use crate::kept;
use crate::lifecycle::handoff::{self, Handoff};
use crate::lifecycle::lookup::{Halted, Lookup, Progress};
use crate::lifecycle::plan::{LeftOut, OffboardingPlan};
use crate::lifecycle::run::run;
use crate::people::people_count;
use crate::session::use_session;

/// How often a running tab renews its lease on the kept plan, and another tab looks again.
const LEASE_RENEW_MS: u64 = 4_000;

/// A plan in a few words, for the choice between it and a new selection.
fn summary(plan: &OffboardingPlan) -> String {
    let (waiting, terminated, deleted, failed) = plan.counts();
    format!(
        "{} ({terminated} disabled, {deleted} deleted, {failed} not done, {waiting} not started yet)",
        people_count(plan.leavers.len())
    )
}

/// `/offboard`: many people leave at once. Review who is in and who is left out, then disable,
/// optionally hand over rooms, and delete after typing how many, with a result per person and a
/// receipt. The plan is kept in this browser after every request (never the token), so that a
/// reload or a closed tab resumes, and it answers only to whoever confirmed it.
#[component]
pub fn Offboard() -> impl IntoView {
    let session = use_session();
    let log = RequestLog::default();
    let client = StoredValue::new(session.client().with_log(&log));
    let log = StoredValue::new(log);
    let me = StoredValue::new(session.me.clone());
    let origin = session.portal.clone();
    let kept_plan =
        kept::load_plan().filter(|k| k.plan.portal.is_empty() || k.plan.portal == origin);
    let resumed = kept_plan.is_some();
    let elsewhere = RwSignal::new(kept_plan.as_ref().is_some_and(kept::running_elsewhere));
    let plan = RwSignal::new(kept_plan.map(|k| k.plan));
    // A selection handed over from the list is taken at once, so that it never comes back
    // later as a stale review; while a plan exists, the admin chooses which to keep.
    let arriving = crate::session::take_handed_over();
    let incoming = RwSignal::new(None::<Handoff>);
    let review = RwSignal::new(None::<OffboardingPlan>);
    let error = RwSignal::new(None::<String>);
    // What was pasted stays on the page: a lookup that fails brings the form back with it.
    let pasted = RwSignal::new(String::new());
    let from_paste = RwSignal::new(false);
    let has_plan = Memo::new(move |_| plan.with(Option::is_some));

    // A pasted list's lookup: how far it is, its Cancel, and what it found so far (kept after a
    // stop or a failure, so that trying again continues where it was).
    let lookup = StoredValue::new(None::<Lookup>);
    let lookup_progress = RwSignal::new(None::<Progress>);
    let lookup_stop = StoredValue::new(Arc::new(AtomicBool::new(false)));
    let lookup_stopping = RwSignal::new(false);
    let halted = RwSignal::new(None::<(String, &'static str)>);
    on_cleanup(move || {
        if let Some(flag) = lookup_stop.try_get_value() {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let build = Action::new_local(move |source: &Result<Handoff, Vec<String>>| {
        let client = client.get_value();
        let source = source.clone();
        async move {
            match source {
                Ok(handoff) => resolve(&client, handoff)
                    .await
                    .map_err(|e| Halted::Failed(e.to_string())),
                Err(items) => {
                    let mut kept = lookup
                        .try_update_value(|l| l.take())
                        .flatten()
                        .filter(|l| l.items() == items.as_slice())
                        .unwrap_or_else(|| Lookup::new(items));
                    let flag = Arc::new(AtomicBool::new(false));
                    lookup_stop.set_value(flag.clone());
                    lookup_stopping.set(false);
                    halted.set(None);
                    error.set(None);
                    lookup_progress.set(Some(kept.progress(None)));
                    let portal = LivePortal {
                        client,
                        log: log.get_value(),
                    };
                    let found = resolve_pasted(
                        &portal,
                        &mut kept,
                        &move || flag.load(Ordering::Relaxed),
                        &mut |p| {
                            lookup_progress.try_set(Some(p.clone()));
                        },
                    )
                    .await;
                    lookup_progress.try_set(None);
                    if found.is_err() {
                        let button = match found {
                            Err(Halted::Stopped) => "Continue the lookup",
                            _ => "Try again",
                        };
                        halted.try_set(Some((kept.summary(), button)));
                        lookup.try_set_value(Some(kept));
                    }
                    found
                }
            }
        }
    });
    Effect::new(move |_| match build.value().get() {
        Some(Ok(Found {
            people,
            missing,
            refused,
        })) => {
            log.get_value().take();
            let mut plan = OffboardingPlan::new(&me.get_value(), people, missing);
            for (item, reason) in refused {
                plan.left_out.push(LeftOut {
                    id: item.clone(),
                    name: item,
                    reason,
                });
            }
            if from_paste.get_untracked() {
                // The rows the import refused stay in view, with their reasons.
                for row in pasted.with_untracked(|t| handoff::parse_pasted(t).refused) {
                    plan.left_out.push(LeftOut {
                        id: String::new(),
                        name: format!("Row {}: {}", row.line, row.text),
                        reason: row.reason,
                    });
                }
            }
            review.set(Some(plan));
        }
        // Cancelled: the form again, with the text.
        Some(Err(Halted::Stopped)) => error.set(None),
        Some(Err(Halted::Failed(e))) => error.set(Some(e)),
        // The session returns to sign-in by itself (the transport told it).
        Some(Err(Halted::SignIn)) => error.set(Some(
            "The portal rejected the API key or token. Please sign in again.".into(),
        )),
        None => {}
    });
    match arriving {
        Some(handoff) if resumed => incoming.set(Some(handoff)),
        Some(handoff) => {
            from_paste.set(false);
            build.dispatch(Ok(handoff));
        }
        None => {}
    }

    let running = RwSignal::new(false);
    let stopping = RwSignal::new(false);
    let stop_flag = StoredValue::new(Arc::new(AtomicBool::new(false)));
    // Leaving the page stops the run after its request in flight (the plan is kept).
    on_cleanup(move || {
        if let Some(flag) = stop_flag.try_get_value() {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let save = move || {
        plan.with_untracked(|p| match p {
            Some(p) if p.is_done() => kept::forget_plan(),
            Some(p) => kept::save_plan(p, running.get_untracked()),
            None => kept::forget_plan(),
        })
    };
    // Another tab (or this tab's previous page finishing its last request) runs the plan:
    // follow what it saves, and take over when its lease lapses.
    let follow = move || {
        if running.get_untracked() {
            return;
        }
        match kept::load_plan() {
            Some(k) => {
                elsewhere.set(kept::running_elsewhere(&k));
                plan.set(Some(k.plan));
            }
            None if plan.with_untracked(Option::is_some) && elsewhere.get_untracked() => {
                // The other tab finished and forgot it: show what it last saved, done.
                elsewhere.set(false);
            }
            None => {}
        }
    };
    let storage = window_event_listener(leptos::ev::storage, move |ev| {
        if kept::is_plan_key(ev.key()) {
            follow();
        }
    });
    on_cleanup(move || storage.remove());
    let watch = set_interval_with_handle(
        move || {
            if elsewhere.get_untracked() {
                follow();
            }
        },
        std::time::Duration::from_millis(LEASE_RENEW_MS / 2),
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = watch {
            handle.clear();
        }
    });

    let go = move || {
        if running.get_untracked() || kept::running_here() {
            return;
        }
        if let Some(k) = kept::load_plan().filter(kept::running_elsewhere) {
            elsewhere.set(true);
            plan.set(Some(k.plan));
            return;
        }
        let Some(mut current) = plan.get_untracked() else {
            return;
        };
        let flag = Arc::new(AtomicBool::new(false));
        stop_flag.set_value(flag.clone());
        running.set(true);
        stopping.set(false);
        error.set(None);
        kept::set_running_here(true);
        kept::save_plan(&current, true);
        let me_now = me.get_value();
        let portal = LivePortal {
            client: client.get_value(),
            log: log.get_value(),
        };
        // Not tied to the page: leaving it stops the run after the request in flight, and the
        // plan saved then is what a later visit resumes.
        leptos::task::spawn_local(async move {
            let renew = set_interval_with_handle(
                move || {
                    if let Some(Some(p)) = plan.try_get_untracked() {
                        kept::save_plan(&p, true);
                    }
                },
                std::time::Duration::from_millis(LEASE_RENEW_MS),
            )
            .ok();
            let stopped = flag.clone();
            let ended = run(
                &mut current,
                &portal,
                &me_now,
                &move || stopped.load(Ordering::Relaxed),
                &mut |p, note| {
                    kept::save_plan(p, true);
                    plan.try_set(Some(p.clone()));
                    error.try_set(note);
                },
            )
            .await;
            if let Some(handle) = renew {
                handle.clear();
            }
            kept::set_running_here(false);
            if current.is_done() {
                kept::forget_plan();
            } else {
                kept::save_plan(&current, false);
            }
            plan.try_set(Some(current));
            running.try_set(false);
            stopping.try_set(false);
            // A 401 already ended the session (the transport told it); the plan is kept for
            // whoever signs in next, who is asked to confirm it.
            let _ = ended;
        });
    };
    let actions = RunActions {
        go: Callback::new(move |()| go()),
        stop: Callback::new(move |()| {
            stopping.set(true);
            stop_flag.get_value().store(true, Ordering::Relaxed);
        }),
        discard: Callback::new(move |()| {
            kept::forget_plan();
            plan.set(None);
            review.set(None);
            elsewhere.set(false);
        }),
        save: Callback::new(move |()| save()),
    };

    view! {
        <h1>"Offboard many people"</h1>
        <p class="error" role="alert">{move || error.get()}</p>
        {move || {
            if let Some(arrived) = incoming.get() {
                let count = match &arrived {
                    Handoff::People(people) => people_count(people.len()),
                    Handoff::Matching { .. } => "everyone matching a list view".to_string(),
                };
                let current = plan.with_untracked(|p| p.as_ref().map(summary)).unwrap_or_default();
                view! {
                    <section class="step choose-plan">
                        <h2>"An offboarding is already in progress"</h2>
                        <p>{format!("Kept in this browser: {current}. You have also selected {count} in the list.")}</p>
                        <p>"Replacing it forgets the offboarding in progress (the portal keeps what was done: those disabled stay disabled)."</p>
                        <div class="buttons">
                            <button type="button" on:click=move |_| incoming.set(None)>"Keep the offboarding in progress"</button>
                            <button type="button" class="secondary" disabled=move || elsewhere.get() on:click=move |_| {
                                kept::forget_plan();
                                plan.set(None);
                                from_paste.set(false);
                                build.dispatch(Ok(arrived.clone()));
                                incoming.set(None);
                            }>{format!("Replace it with the {count} selected")}</button>
                        </div>
                    </section>
                }.into_any()
            } else if has_plan.get() {
                view! {
                    <RunView plan=plan running=running stopping=stopping elsewhere=elsewhere resumed=resumed
                        held_up=Signal::derive(move || error.with(Option::is_some))
                        me=me.get_value() client=client.get_value() actions=actions/>
                }.into_any()
            } else if let Some(reviewed) = review.get() {
                let origin = origin.clone();
                view! { <ReviewView plan=reviewed client=client.get_value() log=log.get_value() me=me.get_value()
                    on_start=Callback::new(move |mut p: OffboardingPlan| {
                        p.portal = origin.clone();
                        kept::save_plan(&p, false);
                        plan.set(Some(p));
                        review.set(None);
                        go();
                    })/> }.into_any()
            } else if build.pending().get() && from_paste.get() {
                view! { <LookupStatus progress=lookup_progress stopping=lookup_stopping on_cancel=Callback::new(move |()| {
                    lookup_stopping.set(true);
                    lookup_stop.get_value().store(true, Ordering::Relaxed);
                })/> }.into_any()
            } else if build.pending().get() {
                view! { <p role="status">"Looking them up…"</p> }.into_any()
            } else {
                view! { <PasteForm pasted=pasted halted=halted on_review=Callback::new(move |items| { from_paste.set(true); build.dispatch(Err(items)); })/> }.into_any()
            }
        }}
    }
    .into_any()
}
