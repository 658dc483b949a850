use leptos::prelude::*;

mod paste;
mod views;

use paste::PasteForm;
use views::{ReviewView, RunView};

use crate::api::{sleep_ms, ApiError, Person, PortalClient, RequestLog};
use crate::app::SessionContext;
use crate::lifecycle::batches::{after_batch_error, AfterError};
use crate::lifecycle::handoff::{self, Handoff};
use crate::lifecycle::plan::{Batch, LeftOut, OffboardingPlan, Step};
use crate::people::query::{decode_component, ListQuery};

const PLAN_KEY: &str = "docspace-admin.offboard-plan";
/// Reassignment jobs running at once.
const REASSIGN_AT_ONCE: usize = 3;

fn load_plan() -> Option<OffboardingPlan> {
    crate::session::recall(PLAN_KEY)
}

pub(super) fn save_plan(plan: Option<&OffboardingPlan>) {
    match plan {
        Some(plan) => crate::session::keep(PLAN_KEY, plan),
        None => crate::session::forget(PLAN_KEY),
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

/// Sends the plan's requests until it is done or waits for the delete confirmation. Batches
/// are safe to send again, so a lost answer, a gateway error, a 429 or a 500 is retried (see
/// `after_batch_error`); while the portal is unreachable the run waits for it with the plan
/// kept; a batch the portal keeps failing is marked not done and the run goes on. A 401 goes
/// to sign-in; the saved plan resumes after it.
async fn drive(
    plan: RwSignal<Option<OffboardingPlan>>,
    client: PortalClient,
    log: RequestLog,
    ctx: SessionContext,
    error: RwSignal<Option<String>>,
) {
    let record = |plan: &mut OffboardingPlan| plan.receipt.records.extend(log.take());
    let mut attempt = 1;
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
            let next = answer.as_ref().err().map(|e| after_batch_error(attempt, e));
            plan.update(|p| {
                if let Some(p) = p {
                    record(p);
                    match &next {
                        None => p.batch_succeeded(&batch),
                        // The portal refused someone in the batch: split it and carry on.
                        Some(AfterError::Refused(m)) => p.batch_refused(&batch, m),
                        Some(AfterError::Failed(m)) => p.batch_failed(&batch, m),
                        // Still in flight: the same batch goes again.
                        Some(AfterError::Retry { .. } | AfterError::SignIn) => {}
                    }
                }
            });
            plan.with_untracked(|p| save_plan(p.as_ref()));
            match (next, answer) {
                (Some(AfterError::Retry { ms, unreachable }), Err(e)) => {
                    let seconds = ms.div_ceil(1000);
                    error.set(Some(if unreachable {
                        format!(
                            "The portal is unreachable ({e}). Nothing is lost: the plan is kept, and the run goes on by itself when the portal answers. Next try in {seconds} s…"
                        )
                    } else if matches!(e, ApiError::RateLimited { .. }) {
                        format!("The portal is receiving too many requests: waiting {seconds} s, as it asks…")
                    } else {
                        format!("{e}. Trying again in {seconds} s…")
                    }));
                    sleep_ms(ms).await;
                    attempt += 1;
                }
                (Some(AfterError::SignIn), Err(e)) => {
                    ctx.check(&e);
                    return;
                }
                _ => {
                    error.set(None);
                    attempt = 1;
                }
            }
            continue;
        }
        error.set(None);
        let heir = plan.with_untracked(|p| p.as_ref().and_then(|p| p.reassign_to.clone()));
        let starts = plan
            .try_update(|p| p.as_mut().map(|p| p.next_reassignments(REASSIGN_AT_ONCE)))
            .flatten()
            .unwrap_or_default();
        // A handover that could not start for the network's or the session's sake is put back
        // and started again (after sign-in, or when the portal answers), as a batch would be.
        let mut wait = None;
        if let Some(heir) = &heir {
            for id in starts {
                let started = client.start_reassign(&id, heir, true).await;
                let next = started
                    .as_ref()
                    .err()
                    .map(|e| after_batch_error(attempt, e));
                plan.update(|p| {
                    if let Some(p) = p {
                        record(p);
                        match &next {
                            None => {}
                            Some(AfterError::Retry { .. } | AfterError::SignIn) => {
                                p.reassignment_not_started(&id)
                            }
                            Some(AfterError::Refused(m) | AfterError::Failed(m)) => {
                                p.reassignment_finished(&id, Err(m.clone()))
                            }
                        }
                    }
                });
                match (next, started) {
                    (Some(AfterError::SignIn), Err(e)) => {
                        plan.with_untracked(|p| save_plan(p.as_ref()));
                        ctx.check(&e);
                        return;
                    }
                    (Some(AfterError::Retry { ms, .. }), Err(e)) => {
                        wait = Some((ms, e));
                        break;
                    }
                    (None, _) => attempt = 1,
                    _ => {}
                }
            }
        }
        if let Some((ms, e)) = wait {
            plan.with_untracked(|p| save_plan(p.as_ref()));
            error.set(Some(format!(
                "{e}. Trying again in {} s…",
                ms.div_ceil(1000)
            )));
            sleep_ms(ms).await;
            attempt += 1;
            continue;
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
            if let Err(e @ ApiError::Unauthorized) = &progress {
                plan.update(|p| {
                    if let Some(p) = p {
                        record(p)
                    }
                });
                plan.with_untracked(|p| save_plan(p.as_ref()));
                ctx.check(e);
                return;
            }
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
    // What was pasted stays on the page: a lookup that fails brings the form back with it.
    let pasted = RwSignal::new(String::new());
    let from_paste = RwSignal::new(false);
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
            let mut plan = OffboardingPlan::new(&me.get_value(), people, missing);
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
        Some(Err(e)) if !ctx.check(&e) => error.set(Some(e.to_string())),
        _ => {}
    });
    if !resumed {
        if let Some(handoff) = handoff::take() {
            from_paste.set(false);
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
                view! { <PasteForm pasted=pasted on_review=Callback::new(move |items| { from_paste.set(true); build.dispatch(Err(items)); })/> }.into_any()
            }
        }}
    }
    .into_any()
}
