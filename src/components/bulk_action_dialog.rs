use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, Person, PortalClient, UserType};
use crate::components::{use_toasts, PersonAction, TextField};
use crate::lifecycle::bulk::{apply, BulkPortal, Outcome};
use crate::lifecycle::change::{Change, Held};
use crate::people::query::ListQuery;

/// The portal as the bulk change uses it.
struct LiveBulk(PortalClient);

impl BulkPortal for LiveBulk {
    async fn send(&self, change: Change, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        match change {
            Change::Disable => self.0.set_status(ids, true).await,
            Change::Enable => self.0.set_status(ids, false).await,
            Change::MakeType(t) => self.0.set_type(ids, t).await,
            Change::Delete => self.0.delete_people(ids).await,
        }
    }

    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError> {
        match self.0.person_by_id(id).await {
            Ok(found) => Ok(Some(found.person)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn sleep(&self, ms: u32) {
        crate::api::sleep_ms(ms).await;
    }
}

/// The change a bulk action sends; lowering a type is not offered in bulk (each needs a job
/// and someone to take the rooms).
fn change_of(action: PersonAction) -> Option<Change> {
    match action {
        PersonAction::Disable => Some(Change::Disable),
        PersonAction::Enable => Some(Change::Enable),
        PersonAction::MakeType(t) => Some(Change::MakeType(t)),
        PersonAction::Delete => Some(Change::Delete),
        PersonAction::Lower(_) => None,
    }
}

/// People named in full before "and N more".
const NAMED: usize = 10;

/// Whom a bulk action is for, fixed when the admin asks for it: the list may change behind
/// the dialog (a filter, a reload), the set does not.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkSet {
    /// The rows selected, as the list showed them.
    Picked(Vec<Person>),
    /// Every match of the list view `query` at the time, but `excluded`.
    Matching {
        query: ListQuery,
        excluded: Vec<String>,
        total: u64,
    },
}

/// Where the dialog is.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Reading every match of the view, page by page.
    Finding,
    Failed(String),
    /// Who is in and who is left out; waiting for the confirmation.
    Ready,
    /// Batches going out; `sent` people answered so far.
    Running {
        sent: usize,
    },
    Done(Vec<Outcome>),
}

/// What the report says of someone the change did not reach as asked.
fn report_line(held: &Held) -> String {
    match held {
        Held::Gone => {
            "already gone: the portal no longer has them (deleted by someone else).".into()
        }
        Held::Refused(why) => format!("refused: {why}"),
        Held::NotReached(why) => why.clone(),
        Held::Done | Held::AlreadyDone => "done".into(),
    }
}

/// "Name (email)" for lists in the dialog.
fn named(p: &Person) -> String {
    format!("{} ({})", p.name(), p.email)
}

/// Who takes a paid seat when `action` applies to them: a change to an admin type, or
/// enabling an admin or room admin again.
fn takes_seat(action: PersonAction, p: &Person) -> bool {
    match action {
        PersonAction::MakeType(t) => matches!(t, UserType::RoomAdmin | UserType::DocSpaceAdmin),
        PersonAction::Enable => {
            matches!(p.user_type(), UserType::RoomAdmin | UserType::DocSpaceAdmin)
        }
        _ => false,
    }
}

/// A change for many selected people: it names whom it applies to (the first ten, then how many
/// more) and who is left out and why, then reports per person. A modal dialog from the first
/// click, so that nothing behind it changes the set; Cancel or Esc while it runs stops it after
/// the batch in flight (as does leaving the page), and the report says who was not reached.
/// `on_close` gets whether anything was sent.
#[component]
pub fn BulkActionDialog(
    action: PersonAction,
    set: BulkSet,
    me: Person,
    client: PortalClient,
    on_close: Callback<bool>,
) -> impl IntoView {
    let me_for_run = me.clone();
    let toasts = use_toasts();
    let stage = RwSignal::new(Stage::Finding);
    // Deleting is confirmed by typing how many.
    let typed = RwSignal::new(String::new());
    let expected = match &set {
        BulkSet::Picked(picked) => picked.len() as u64,
        BulkSet::Matching { total, .. } => *total,
    };
    let people = RwSignal::new(Vec::<Person>::new());
    // How many of those matching could not be collected, said before anything is sent.
    let shortfall = RwSignal::new(None::<String>);
    // While collecting "all matching": how many different people are found of how many.
    let finding = RwSignal::new(None::<(usize, u64)>);
    let stop = Arc::new(AtomicBool::new(false));
    let client = StoredValue::new(client);
    match set {
        BulkSet::Picked(picked) => {
            people.set(picked);
            stage.set(Stage::Ready);
        }
        BulkSet::Matching {
            query, excluded, ..
        } => {
            // Reads only: leaving cancels them.
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let found_so_far = move |got: usize, of: u64| {
                    finding.try_set(Some((got, of)));
                };
                match client
                    .get_value()
                    .all_matching_counted(&query.filter(), false, found_so_far)
                    .await
                {
                    Ok(collected) => {
                        shortfall.set(collected.shortfall());
                        let mut found = collected.people;
                        found.retain(|p| !excluded.contains(&p.id));
                        people.set(found);
                        stage.set(Stage::Ready);
                    }
                    Err(e) => stage.set(Stage::Failed(e.to_string())),
                }
            });
        }
    }
    let split = Memo::new(move |_| {
        people.with(|all| {
            let (eligible, left_out): (Vec<Person>, Vec<Person>) = all
                .iter()
                .cloned()
                .partition(|p| action.verdict(&me, p).is_ok());
            let reasons: Vec<String> = left_out
                .iter()
                .map(|p| {
                    let why = action.verdict(&me, p).err().unwrap_or_default();
                    format!("{}: {why}", named(p))
                })
                .collect();
            (eligible, reasons)
        })
    });
    let n = move || split.with(|(eligible, _)| eligible.len());
    let seats = move || {
        split.with(|(eligible, _)| eligible.iter().filter(|p| takes_seat(action, p)).count())
    };
    // Leaving the page stops the run after its batch in flight.
    let stop_on_leave = stop.clone();
    on_cleanup(move || stop_on_leave.store(true, Ordering::Relaxed));
    let start = {
        let stop = stop.clone();
        move || {
            let ids: Vec<String> =
                split.with_untracked(|(e, _)| e.iter().map(|p| p.id.clone()).collect());
            stage.set(Stage::Running { sent: 0 });
            let client = client.get_value();
            let stop = stop.clone();
            let me = me_for_run.clone();
            // Not tied to the dialog: the batch in flight is answered before it stops.
            leptos::task::spawn_local(async move {
                let Some(change) = change_of(action) else {
                    stage.try_set(Stage::Failed(
                        "Lower types one at a time, from the profile.".into(),
                    ));
                    return;
                };
                let portal = LiveBulk(client);
                let outcomes = apply(
                    change,
                    &me,
                    ids,
                    &portal,
                    &|| stop.load(Ordering::Relaxed),
                    &mut |answered| {
                        stage.try_update(|s| {
                            if let Stage::Running { sent } = s {
                                *sent = answered;
                            }
                        });
                    },
                )
                .await;
                let done = outcomes.iter().filter(|o| o.1.counts_as_done()).count();
                if done == outcomes.len() && !outcomes.is_empty() {
                    // Done for everyone: nothing to read in the dialog; say it and close.
                    let already = outcomes.iter().filter(|o| o.1 == Held::AlreadyDone).count();
                    let mut said = format!("{}.", action.bulk_result(done, outcomes.len()));
                    if already > 0 {
                        said.push_str(&format!(
                            " {} already had the change on the portal.",
                            crate::people::people_count(already)
                        ));
                    }
                    toasts.success(said);
                    on_close.run(true);
                } else {
                    stage.try_set(Stage::Done(outcomes));
                }
            });
        }
    };
    let request_stop = {
        let stop = stop.clone();
        move || stop.store(true, Ordering::Relaxed)
    };
    let running = move || matches!(stage.get(), Stage::Running { .. });
    let sent_any = move || {
        matches!(
            stage.get_untracked(),
            Stage::Running { .. } | Stage::Done(_)
        )
    };
    let close = move || on_close.run(sent_any());

    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    });
    let title = move || match stage.get() {
        Stage::Finding => format!(
            "{}: finding the {expected} people selected…",
            action.label()
        ),
        Stage::Done(outcomes) => {
            let done = outcomes.iter().filter(|o| o.1.counts_as_done()).count();
            action.bulk_result(done, outcomes.len())
        }
        _ => action.bulk_title(n()),
    };
    let name_of = move |id: &str| {
        people.with_untracked(|all| {
            all.iter()
                .find(|p| p.id == id)
                .map(named)
                .unwrap_or_else(|| id.to_string())
        })
    };
    let stop_for_cancel = request_stop.clone();
    view! {
        <dialog node_ref=dialog class="confirm bulk" aria-labelledby="bulk-title"
            on:cancel=move |ev: leptos::ev::Event| {
                // Esc while it runs: stop after the batch in flight, and keep the report.
                if running() {
                    ev.prevent_default();
                    stop_for_cancel();
                }
            }
            on:close=move |_| close()>
            <h2 id="bulk-title">{title}</h2>
            {move || match stage.get() {
                Stage::Finding => view! { <p role="status">{move || match finding.get() {
                    Some((got, of)) => format!("Finding everyone selected… {got} of {of}"),
                    None => "Finding everyone selected…".to_string(),
                }}</p> }.into_any(),
                Stage::Failed(why) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                Stage::Ready => view! {
                    <ul class="named">
                        {split.with(|(e, _)| e.iter().take(NAMED).map(named).collect::<Vec<_>>()).into_iter()
                            .map(|who| view! { <li>{who}</li> }).collect_view()}
                    </ul>
                    {move || (n() > NAMED).then(|| view! { <p>{format!("and {} more", n() - NAMED)}</p> })}
                    {(action == PersonAction::Delete).then(|| view! {
                        <p class="warning">"Their accounts will be deleted from the portal. This cannot be undone, and rooms they own are not handed to anyone first: to hand them over, offboard them instead."</p>
                        <TextField id="bulk-confirm-count" label=format!("Type {} to confirm", n()) inputmode="numeric" value=typed/>
                    })}
                    {move || shortfall.get().map(|why| view! { <p class="warning" role="alert">{why}</p> })}
                    {move || (seats() > 0).then(|| view! {
                        <p class="warning">{format!(
                            "Room admins and DocSpace admins take paid seats: this takes {}. If the portal runs out of seats part way, it changes people until then and refuses the rest.",
                            seats()
                        )}</p>
                    })}
                }.into_any(),
                Stage::Running { sent } => view! {
                    <p role="status">{format!("{} of {} answered…", sent, n())}</p>
                    <progress aria-label="Progress" max=n().max(1) value=sent></progress>
                    <p class="hint">"Cancel (or Esc) stops it after the batch in flight."</p>
                }.into_any(),
                Stage::Done(outcomes) => {
                    let already = outcomes.iter().filter(|o| o.1 == Held::AlreadyDone).count();
                    let failed: Vec<String> = outcomes
                        .into_iter()
                        .filter(|(_, held)| !held.counts_as_done())
                        .map(|(id, held)| format!("{}: {}", name_of(&id), report_line(&held)))
                        .collect();
                    view! {
                        <p role="status" class="bulk-report">{
                            if failed.is_empty() { "Done for everyone.".to_string() } else { format!("Not done for {}:", failed.len()) }
                        }</p>
                        {(already > 0).then(|| view! {
                            <p class="hint">{format!("{} already had the change on the portal (counted as done).", crate::people::people_count(already))}</p>
                        })}
                        <ul class="not-done">
                            {failed.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <Show when=move || matches!(stage.get(), Stage::Ready) && split.with(|(_, r)| !r.is_empty())>
                <p>{move || format!("Left out ({}):", split.with(|(_, r)| r.len()))}</p>
                <ul class="left-out">
                    {move || split.with(|(_, r)| r.clone()).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </Show>
            <div class="dialog-buttons">
                {move || match stage.get() {
                    Stage::Running { .. } => {
                        let stop = request_stop.clone();
                        view! {
                            <button type="button" class="secondary" on:click=move |_| stop()>
                                "Cancel"
                            </button>
                        }.into_any()
                    }
                    Stage::Done(_) | Stage::Failed(_) => view! {
                        <button type="button" on:click=move |_| close()>"Close"</button>
                    }.into_any(),
                    Stage::Finding | Stage::Ready => {
                        let start = start.clone();
                        view! {
                            <button type="button" class="secondary" on:click=move |_| close()>"Cancel"</button>
                            <Show when=move || matches!(stage.get(), Stage::Ready)>
                                <button type="button" class=if action.is_destructive() { "danger" } else { "primary" }
                                    disabled=move || n() == 0 || (action == PersonAction::Delete && typed.get().trim() != n().to_string())
                                    on:click={ let start = start.clone(); move |_| start() }>
                                    {move || action.bulk_title(n())}
                                </button>
                            </Show>
                        }.into_any()
                    }
                }}
            </div>
        </dialog>
    }
}
