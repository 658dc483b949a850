use leptos::prelude::*;

use crate::api::{ApiError, Person, PortalClient, RequestLog};
use crate::app::SessionContext;
use crate::components::HeirSelect;
use crate::download::{download_text, today};
use crate::lifecycle::handoff::{self, parse_pasted, Handoff};
use crate::lifecycle::plan::{Batch, LeaverState, OffboardingPlan, Step};
use crate::people::query::ListQuery;

const PLAN_KEY: &str = "docspace-admin.offboard-plan";
/// Reassignment jobs running at once.
const REASSIGN_AT_ONCE: usize = 3;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn load_plan() -> Option<OffboardingPlan> {
    let json = storage()?.get_item(PLAN_KEY).ok()??;
    serde_json::from_str(&json).ok()
}

fn save_plan(plan: Option<&OffboardingPlan>) {
    let Some(s) = storage() else { return };
    match plan.and_then(|p| serde_json::to_string(p).ok()) {
        Some(json) => {
            let _ = s.set_item(PLAN_KEY, &json);
        }
        None => {
            let _ = s.remove_item(PLAN_KEY);
        }
    }
}

/// Whom a handoff (or a pasted list) names, as the portal knows them now.
async fn resolve(
    client: &PortalClient,
    handoff: Handoff,
) -> Result<(Vec<Person>, Vec<String>), ApiError> {
    match handoff {
        Handoff::People(people) => Ok((people, Vec::new())),
        Handoff::Matching {
            url_query,
            excluded,
        } => {
            let pairs: Vec<(String, String)> = url_query
                .trim_start_matches('?')
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), decode_component(v)))
                .collect();
            let query = ListQuery::from_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let mut people = client.all_matching(&query).await?;
            people.retain(|p| !excluded.contains(&p.id));
            Ok((people, Vec::new()))
        }
    }
}

async fn resolve_pasted(
    client: &PortalClient,
    items: Vec<String>,
) -> Result<(Vec<Person>, Vec<String>), ApiError> {
    let mut people = Vec::new();
    let mut missing = Vec::new();
    for item in items {
        let found = if handoff::is_id(&item) {
            match client.get_person(&item).await {
                Ok(p) => Some(p),
                Err(ApiError::NotFound(_)) => None,
                Err(e) => return Err(e),
            }
        } else {
            client.find_by_email(&item).await?
        };
        match found {
            Some(p) => people.push(p),
            None => missing.push(item),
        }
    }
    Ok((people, missing))
}

fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                match u8::from_str_radix(std::str::from_utf8(hex).unwrap_or(""), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Sends the plan's requests until it is done, waits for the delete confirmation, or a
/// request gets no usable answer (then it stops; "Continue" sends the same batch again).
async fn drive(
    plan: RwSignal<Option<OffboardingPlan>>,
    client: PortalClient,
    log: RequestLog,
    ctx: SessionContext,
    error: RwSignal<Option<String>>,
) {
    let record = |plan: &mut OffboardingPlan| plan.receipt.records.extend(log.take());
    loop {
        let batch: Option<Batch> = plan
            .try_update(|p| p.as_mut().and_then(OffboardingPlan::next_batch))
            .flatten();
        plan.with_untracked(|p| save_plan(p.as_ref()));
        if let Some(batch) = batch {
            let answer = match batch.step {
                Step::Terminate => client.set_status(&batch.ids, true).await.map(|_| ()),
                _ => client.delete_people(&batch.ids).await.map(|_| ()),
            };
            let stop = match answer {
                Ok(()) => {
                    plan.update(|p| {
                        if let Some(p) = p {
                            record(p);
                            p.batch_succeeded(&batch)
                        }
                    });
                    None
                }
                // The portal refused someone in the batch: split it and carry on.
                Err(ApiError::Forbidden(m))
                | Err(ApiError::Validation { message: m, .. })
                | Err(ApiError::NotFound(m)) => {
                    plan.update(|p| {
                        if let Some(p) = p {
                            record(p);
                            p.batch_refused(&batch, &m)
                        }
                    });
                    None
                }
                Err(e) => {
                    plan.update(|p| {
                        if let Some(p) = p {
                            record(p)
                        }
                    });
                    Some(e)
                }
            };
            plan.with_untracked(|p| save_plan(p.as_ref()));
            if let Some(e) = stop {
                if !ctx.check(&e) {
                    error.set(Some(format!(
                        "Stopped: {e}. Continue to send the same request again."
                    )));
                }
                return;
            }
            continue;
        }
        let heir = plan.with_untracked(|p| p.as_ref().and_then(|p| p.reassign_to.clone()));
        let starts = plan
            .try_update(|p| p.as_mut().map(|p| p.next_reassignments(REASSIGN_AT_ONCE)))
            .flatten()
            .unwrap_or_default();
        if let Some(heir) = &heir {
            for id in starts {
                let started = client.start_reassign(&id, heir, true).await;
                plan.update(|p| {
                    if let Some(p) = p {
                        record(p);
                        if let Err(e) = started {
                            p.reassignment_finished(&id, Err(e.to_string()));
                        }
                    }
                });
            }
        }
        let running = plan.with_untracked(|p| {
            p.as_ref()
                .map(OffboardingPlan::running_reassignments)
                .unwrap_or_default()
        });
        if running.is_empty() {
            plan.with_untracked(|p| save_plan(p.as_ref()));
            return;
        }
        crate::api::sleep_ms(500).await;
        for id in running {
            let progress = client.reassign_progress(&id).await;
            plan.update(|p| {
                if let Some(p) = p {
                    record(p);
                    match progress {
                        Ok(Some(t)) if t.is_completed && t.status == 2 => {
                            p.reassignment_finished(&id, Ok(()))
                        }
                        Ok(Some(t)) if t.is_completed => p.reassignment_finished(
                            &id,
                            Err(t.error.unwrap_or_else(|| "The handover stopped.".into())),
                        ),
                        Ok(None) => p.reassignment_finished(
                            &id,
                            Err("The portal lost the handover job.".into()),
                        ),
                        Ok(Some(_)) | Err(_) => {}
                    }
                }
            });
        }
        plan.with_untracked(|p| save_plan(p.as_ref()));
    }
}

fn state_label(state: &LeaverState) -> String {
    match state {
        LeaverState::Waiting => "Waiting".into(),
        LeaverState::Terminated => "Disabled".into(),
        LeaverState::Reassigning => "Handing over rooms…".into(),
        LeaverState::Deleted => "Deleted".into(),
        LeaverState::Failed { reason, .. } => format!("Not done: {reason}"),
    }
}

/// `/offboard`: many people leave at once. Review who is in and who is left out, then disable,
/// optionally hand over rooms, and delete after typing how many, with a result per person and a
/// receipt. Saved after every request, so that a reload resumes.
#[component]
pub fn Offboard() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let Some(session) = ctx.session.get_untracked() else {
        return ().into_any();
    };
    let log = RequestLog::default();
    let client = StoredValue::new(session.client().with_log(&log));
    let log = StoredValue::new(log);
    let me = StoredValue::new(session.me.clone());
    let plan = RwSignal::new(load_plan());
    let review = RwSignal::new(None::<OffboardingPlan>);
    let error = RwSignal::new(None::<String>);
    let pasted = RwSignal::new(String::new());
    let resumed = plan.with_untracked(Option::is_some);
    // The run view stays while the run updates its plan: only starting or closing swaps views.
    let has_plan = Memo::new(move |_| plan.with(Option::is_some));

    let build = Action::new_local(move |source: &Result<Handoff, Vec<String>>| {
        let client = client.get_value();
        let source = source.clone();
        async move {
            match source {
                Ok(handoff) => resolve(&client, handoff).await,
                Err(items) => resolve_pasted(&client, items).await,
            }
        }
    });
    Effect::new(move |_| match build.value().get() {
        Some(Ok((people, missing))) => {
            log.get_value().take();
            review.set(Some(OffboardingPlan::new(&me.get_value(), people, missing)));
        }
        Some(Err(e)) if !ctx.check(&e) => error.set(Some(e.to_string())),
        _ => {}
    });
    if !resumed {
        if let Some(handoff) = handoff::take() {
            build.dispatch(Ok(handoff));
        }
    }

    let running = RwSignal::new(false);
    // The run belongs to this page, not to the view that started it (the review view goes as
    // soon as the run starts): it is cancelled when the page goes, and resumes with "Continue".
    let page = StoredValue::new(Owner::current());
    let go = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        error.set(None);
        let run = async move {
            drive(plan, client.get_value(), log.get_value(), ctx, error).await;
            running.set(false);
        };
        match page.get_value() {
            Some(owner) => owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(run)),
            None => leptos::task::spawn_local_scoped_with_cancellation(run),
        }
    };

    view! {
        <h1>"Offboard many people"</h1>
        <p class="error" role="alert">{move || error.get()}</p>
        {move || {
            if has_plan.get() {
                view! { <RunView plan=plan running=running resumed=resumed on_go=Callback::new(move |()| go())/> }.into_any()
            } else if let Some(reviewed) = review.get() {
                view! { <ReviewView plan=reviewed client=client.get_value() log=log.get_value()
                    on_start=Callback::new(move |p: OffboardingPlan| {
                        save_plan(Some(&p));
                        plan.set(Some(p));
                        go();
                    })/> }.into_any()
            } else if build.pending().get() {
                view! { <p role="status">"Looking them up…"</p> }.into_any()
            } else {
                view! {
                    <p>"Select people in the " <a href="/people">"list"</a> " and choose Offboard, or paste their emails or IDs, one per line."</p>
                    <form on:submit=move |ev| {
                        ev.prevent_default();
                        let items = parse_pasted(&pasted.get_untracked());
                        if items.is_empty() {
                            error.set(Some("Paste at least one email or ID.".into()));
                        } else {
                            error.set(None);
                            build.dispatch(Err(items));
                        }
                    }>
                        <div class="field">
                            <label for="pasted">"Emails or IDs"</label>
                            <textarea id="pasted" rows="8" prop:value=move || pasted.get()
                                on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
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
                }.into_any()
            }
        }}
    }
    .into_any()
}

#[component]
fn ReviewView(
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
fn RunView(
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
        let Some(receipt) = plan.with_untracked(|p| p.as_ref().map(|p| p.receipt.clone())) else {
            return;
        };
        let _ = if csv {
            download_text(
                &format!("offboarding-{}.csv", today()),
                "text/csv;charset=utf-8",
                &receipt.to_csv(),
            )
        } else {
            download_text(
                &format!("offboarding-{}.json", today()),
                "application/json",
                &receipt.to_json(),
            )
        };
    };
    view! {
        <Show when=move || resumed>
            <p class="notice" role="status">"This offboarding was saved in this tab; it continues where it stopped."</p>
        </Show>
        <p class="progress" role="status">
            {move || { let (_, terminated, deleted, failed) = counts(); format!("{total} people: {terminated} disabled, {deleted} deleted, {failed} not done", total = total()) }}
        </p>
        <progress max=move || total().max(1) value=move || { let (_, t, d, f) = counts(); (t / 2 + d + f).min(total()) }></progress>
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
                                plan.with_untracked(|p| save_plan(p.as_ref()));
                                on_go.run(());
                            }>
                            {format!("Delete {n} people")}
                        </button>
                    </section>
                }.into_any()
            } else if done() {
                view! { <p class="done-note" role="status">"Finished."</p> }.into_any()
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
                <button type="button" class="secondary" on:click=move |_| download(true)>"Download receipt (CSV)"</button>
                <button type="button" on:click=move |_| { save_plan(None); plan.set(None); }>"Close this offboarding"</button>
            </div>
        </Show>
    }
}
