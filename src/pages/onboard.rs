//! `/onboard`: a team brought in from a roster. The CSV is read and checked as it is typed or
//! chosen, compared with the portal (everyone read once), and shown as what applying it would
//! change; on confirmation the plan is kept in this tab's `sessionStorage` after every answer,
//! so that a reload or a sign-in in between continues it, and it ends with a receipt.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

mod input;
mod portal;
mod preview;
mod run_view;

use input::RosterInput;
use portal::{read_portal, LiveOnboarding, PortalNow};
use preview::Preview;
use run_view::RunView;

use crate::api::RequestLog;
use crate::lifecycle::onboard::{apply, OnboardPlan};
use crate::people::eligibility::creatable_types;
use crate::people::groups::can_edit_groups;
use crate::people::roster::{self, Diff};
use crate::session::{forget, keep, recall, use_session};

const TEXT_KEY: &str = "docspace-admin.onboard.text";
const FILE_KEY: &str = "docspace-admin.onboard.file";
const PLAN_KEY: &str = "docspace-admin.onboard.plan";

#[component]
pub fn Onboard() -> impl IntoView {
    let session = use_session();
    let log = RequestLog::default();
    let client = StoredValue::new(session.client().with_log(&log));
    let log = StoredValue::new(log);
    let me = StoredValue::new(session.me.clone());
    let origin = session.portal.clone();
    let addable = creatable_types(&session.me);
    let may_create_groups = can_edit_groups(&session.me).is_ok();

    // What was typed or chosen is kept in the tab as it changes: a reload keeps it.
    let text = RwSignal::new(recall::<String>(TEXT_KEY).unwrap_or_default());
    let file_name = RwSignal::new(recall::<String>(FILE_KEY).unwrap_or_default());
    Effect::new(move |_| text.with(|t| keep(TEXT_KEY, t)));
    Effect::new(move |_| file_name.with(|f| keep(FILE_KEY, f)));
    let parsed = Memo::new(move |_| {
        text.with(|t| (!t.trim().is_empty()).then(|| roster::parse(t, &addable)))
    });

    let now = RwSignal::new(None::<PortalNow>);
    let reading = RwSignal::new(false);
    let read_error = RwSignal::new(None::<String>);
    let left_out = RwSignal::new(BTreeSet::<usize>::new());
    let create_groups = RwSignal::new(may_create_groups);
    let diff = Memo::new(move |_| {
        let me = me.get_value();
        now.with(|n| {
            let n = n.as_ref()?;
            parsed.with(|p| {
                let roster = p.as_ref()?.as_ref().ok()?;
                Some(Diff::of(
                    roster,
                    &roster::PortalNow {
                        me: &me,
                        people: &n.people,
                        groups: &n.groups,
                        seats_left: n.seats_left,
                        invitations_left: n.invitations_left,
                        create_groups: create_groups.get(),
                    },
                ))
            })
        })
    });
    let preview = Callback::new(move |()| {
        reading.set(true);
        read_error.set(None);
        let client = client.get_value();
        leptos::task::spawn_local(async move {
            match read_portal(&client).await {
                Ok(read) => {
                    left_out.try_set(BTreeSet::new());
                    now.try_set(Some(read));
                }
                Err(e) => {
                    read_error.try_set(Some(format!(
                        "The portal could not be read: {e}. The roster is kept: try again."
                    )));
                }
            }
            reading.try_set(false);
        });
    });

    let plan = RwSignal::new(recall::<OnboardPlan>(PLAN_KEY));
    let running = RwSignal::new(false);
    let stopping = RwSignal::new(false);
    let note = RwSignal::new(None::<String>);
    let stop_flag = StoredValue::new(Arc::new(AtomicBool::new(false)));
    on_cleanup(move || {
        if let Some(flag) = stop_flag.try_get_value() {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let run = move || {
        let Some(mut working) = plan.get_untracked() else {
            return;
        };
        working.retry_not_reached();
        let flag = Arc::new(AtomicBool::new(false));
        stop_flag.set_value(flag.clone());
        running.set(true);
        stopping.set(false);
        let portal = LiveOnboarding {
            client: client.get_value(),
            log: log.get_value(),
        };
        let me = me.get_value();
        leptos::task::spawn_local(async move {
            let stop = move || flag.load(Ordering::Relaxed);
            apply(&mut working, &portal, &me, &stop, &mut |p, n| {
                keep(PLAN_KEY, p);
                plan.try_set(Some(p.clone()));
                note.try_set(n);
            })
            .await;
            keep(PLAN_KEY, &working);
            plan.try_set(Some(working));
            note.try_set(None);
            running.try_set(false);
            stopping.try_set(false);
        });
    };
    let on_apply = Callback::new(move |()| {
        let Some(d) = diff.get_untracked() else {
            return;
        };
        let groups =
            now.with_untracked(|n| n.as_ref().map(|n| n.groups.clone()).unwrap_or_default());
        let mut new_plan = left_out
            .with_untracked(|l| OnboardPlan::of(&d, l, &groups, &file_name.get_untracked()));
        new_plan.receipt.portal = origin.clone();
        keep(PLAN_KEY, &new_plan);
        plan.set(Some(new_plan));
        run();
    });
    let on_stop = Callback::new(move |()| {
        stopping.set(true);
        stop_flag.get_value().store(true, Ordering::Relaxed);
    });
    let on_start_over = Callback::new(move |()| {
        forget(PLAN_KEY);
        plan.set(None);
        now.set(None);
    });
    let notices = move || now.with(|n| n.as_ref().map(PortalNow::notices).unwrap_or_default());
    view! {
        <h1>"Onboard a team"</h1>
        <p class="hint">"Bring people in from a roster: see exactly what changes, apply it, get a receipt. The same file applied again changes nothing."</p>
        <Show when=move || plan.with(Option::is_some) fallback=move || view! {
            <RosterInput text=text file_name=file_name parsed=parsed reading=reading.into() on_preview=preview/>
            {move || read_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show when=move || diff.with(Option::is_some)>
                {move || view! {
                    <Preview diff=diff left_out=left_out create_groups=create_groups
                        may_create_groups=may_create_groups notices=notices() on_apply=on_apply/>
                }}
            </Show>
        }>
            <RunView plan=plan running=running stopping=stopping note=note
                on_stop=on_stop on_continue=Callback::new(move |()| run()) on_start_over=on_start_over/>
        </Show>
    }
}
