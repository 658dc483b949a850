//! The offboarding run: sends a plan's requests until it is done, waits for someone's
//! confirmation, or is stopped. The policy for a failing portal lives here, over a small trait
//! of what the run needs from the portal, so that it is tested natively with a scripted portal
//! (`run/tests.rs`); the page only starts it and renders the plan it reports.

use crate::api::{ApiError, Person, TaskProgress};

use super::batches::{after_batch_error, wait, AfterError};
use super::change::{Asked, Held};
use super::plan::{Actor, Batch, OffboardingPlan};
use super::receipt::RequestRecord;

mod handovers;
mod heads;
mod sign_outs;
#[cfg(test)]
mod tests;

pub use handovers::check_rooms;
use handovers::{fail_handover, job_vanished, start_handovers};
pub use sign_outs::SIGN_OUTS_AT_ONCE;

/// Handovers running at once.
pub const HANDOVERS_AT_ONCE: usize = 3;
/// How often a running handover is asked how far it is.
const POLL_MS: u32 = 500;

/// What the run needs from the portal.
#[allow(async_fn_in_trait)]
pub trait OffboardingPortal {
    /// `PUT /security/activeconnections/logoutall/{id}`: every sign-in session of theirs ends.
    async fn sign_out(&self, id: &str) -> Result<(), ApiError>;
    /// `PUT /people/status/2`, answering with the people the portal lists.
    async fn disable(&self, ids: &[String]) -> Result<Vec<Person>, ApiError>;
    /// `PUT /people/delete`, answering with the people the portal lists (the deleted and the
    /// skipped alike).
    async fn delete(&self, ids: &[String]) -> Result<Vec<Person>, ApiError>;
    /// `POST /people/reassign/start`.
    async fn start_handover(
        &self,
        from: &str,
        to: &str,
        delete_profile: bool,
    ) -> Result<(), ApiError>;
    /// `GET /people/reassign/progress/{id}`; `None` when the portal has no job for them.
    async fn handover_progress(&self, from: &str) -> Result<Option<TaskProgress>, ApiError>;
    /// `PUT /group/{group}/manager`, answering with the head the portal now lists (an ID).
    async fn set_group_head(&self, group: &str, head: &str) -> Result<Option<String>, ApiError>;
    /// Someone as the portal holds them now; `None` when it no longer has them.
    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError>;
    /// Whether they own rooms (`GET /people/reassign/necessary`).
    async fn owns_rooms(&self, id: &str) -> Result<bool, ApiError>;
    async fn sleep(&self, ms: u32);
    /// The requests sent since the last call, for the receipt.
    fn take_requests(&self) -> Vec<RequestRecord>;
}

/// Why a run returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// Nothing more to send without someone's confirmation, or everything is done.
    Settled,
    /// Stopped on request, after the request in flight (and the running handovers) ended.
    Stopped,
    /// The portal no longer accepts the credential: sign in again, then resume.
    SignIn,
}

/// Reports the plan after every answer, with a note for the page (a wait, an outage).
pub type Report<'a> = &'a mut dyn FnMut(&OffboardingPlan, Option<String>);

fn record<P: OffboardingPortal>(plan: &mut OffboardingPlan, portal: &P) {
    plan.receipt.records.extend(portal.take_requests());
}

/// What the page says while a batch waits to be sent again.
fn retry_note(error: &ApiError, ms: u32, unreachable: bool) -> String {
    let seconds = ms.div_ceil(1000);
    if unreachable {
        format!(
            "The portal is unreachable ({error}). Nothing is lost: the plan is kept, and the run goes on by itself when the portal answers. Next try in {seconds} s…"
        )
    } else if matches!(error, ApiError::RateLimited { .. }) {
        format!("The portal is receiving too many requests: waiting {seconds} s, as it asks…")
    } else {
        format!("{error}. Trying again in {seconds} s…")
    }
}

/// Sends the plan's requests as `me` until nothing more can go without a confirmation, the
/// run is stopped (`stop`, looked at between requests: the request in flight is answered
/// first), or the credential is refused. Batches are safe to send again, so a lost answer, a
/// gateway error, a 429 or a 500 is retried (`after_batch_error`); while the portal is
/// unreachable the run waits for it; a batch the portal keeps failing is marked not done and
/// the run goes on. `report` gets the plan after every answer.
pub async fn run<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    me: &Person,
    stop: &dyn Fn() -> bool,
    report: Report<'_>,
) -> Ended {
    let actor = Actor::of(me);
    let me_id = me.id.as_str();
    // The new heads first: no group is left headed by someone who can no longer sign in.
    if let Some(ended) = heads::set_heads(plan, portal, me, stop, report).await {
        return ended;
    }
    // Then everyone's sessions, before the first disable: the receipt shows it as a step.
    if let Some(ended) = sign_outs::sign_out_first(plan, portal, me, stop, report).await {
        return ended;
    }
    let mut attempt = 1;
    loop {
        let batch = if stop() { None } else { plan.next_batch(me_id) };
        if let Some(batch) = batch {
            // Saved before it is sent: a tab closed while it is in flight resumes it as sent
            // before (its answer lost), so that what it did is not taken for someone else's.
            report(plan, None);
            let answer = match batch.step {
                super::plan::Step::Terminate => portal.disable(&batch.ids).await,
                _ => portal.delete(&batch.ids).await,
            };
            record(plan, portal);
            let resent = batch.resent || attempt > 1;
            let (next, answer) = match answer {
                Ok(listed) => {
                    let change = batch.step.change();
                    let (done, unclear) = change.read_answer(me, &batch.ids, &listed);
                    let mut settled = Vec::new();
                    for (id, asked) in unclear {
                        let held = read_back(plan, portal, me, &batch, &id, asked, resent).await;
                        settled.push((id, held));
                    }
                    plan.batch_answered(&batch, &done, &settled, &actor);
                    (None, None)
                }
                Err(e) => (Some(after_batch_error(attempt, &e)), Some(e)),
            };
            match &next {
                None => {}
                // The one person the portal refused: what it holds for them now.
                Some(AfterError::Refused(m)) if batch.ids.len() == 1 => {
                    let id = batch.ids[0].clone();
                    let held =
                        read_back(plan, portal, me, &batch, &id, Asked::Refused(m), resent).await;
                    plan.batch_answered(&batch, &[], &[(id, held)], &actor);
                }
                // The portal refused someone in the batch: split it and carry on.
                Some(AfterError::Refused(m)) => plan.batch_refused(&batch, m),
                // The portal kept failing it: each person read back, the rest not done.
                Some(AfterError::Failed(m)) => {
                    let mut settled = Vec::new();
                    for id in &batch.ids {
                        let now = portal.read_back(id).await;
                        record(plan, portal);
                        settled.push((id.clone(), batch.step.change().after_failure(now, m)));
                    }
                    plan.batch_answered(&batch, &[], &settled, &actor);
                }
                // Still in flight: the same batch goes again.
                Some(AfterError::Retry { .. } | AfterError::SignIn) => {}
                // Never sent: it waits in the queue.
                Some(AfterError::SignedOut) => plan.put_back_in_flight(),
            }
            match (next, answer) {
                (Some(AfterError::Retry { ms, unreachable }), Some(e)) => {
                    report(plan, Some(retry_note(&e, ms, unreachable)));
                    if !wait(ms, stop, |slice| portal.sleep(slice)).await {
                        plan.put_back_in_flight();
                    }
                    attempt += 1;
                }
                (Some(AfterError::SignIn), _) => {
                    report(plan, None);
                    return Ended::SignIn;
                }
                (Some(AfterError::SignedOut), _) => {
                    report(plan, None);
                    return Ended::Stopped;
                }
                _ => {
                    attempt = 1;
                    report(plan, None);
                }
            }
            continue;
        }

        let starts = if stop() {
            Vec::new()
        } else {
            plan.next_reassignments(HANDOVERS_AT_ONCE, me_id)
        };
        // Saved as handing over before they start, as a batch is saved before it is sent: a
        // tab closed while a start is in flight resumes by asking for the job (the portal may
        // have run it and deleted them as asked), not by starting it again.
        if !starts.is_empty() {
            report(plan, None);
        }
        if let Some(ended) = start_handovers(plan, portal, starts, &mut attempt, stop, report).await
        {
            return ended;
        }
        let running = plan.running_reassignments();
        if running.is_empty() {
            report(plan, None);
            return if stop() {
                Ended::Stopped
            } else {
                Ended::Settled
            };
        }
        if stop() {
            report(
                plan,
                Some(format!(
                    "Stopping: waiting for the {} handovers the portal is running…",
                    running.len()
                )),
            );
        }
        portal.sleep(POLL_MS).await;
        for id in running {
            let progress = portal.handover_progress(&id).await;
            record(plan, portal);
            match progress {
                Err(ApiError::Unauthorized) => {
                    report(plan, None);
                    return Ended::SignIn;
                }
                Err(ApiError::SignedOut) => {
                    report(plan, None);
                    return Ended::Stopped;
                }
                Ok(Some(task)) if task.succeeded() => {
                    plan.handed_over_by(&id, &actor);
                    plan.reassignment_finished(&id, Ok(()));
                }
                Ok(Some(task)) if task.is_completed => {
                    let said = task
                        .error
                        .unwrap_or_else(|| "the portal stopped the handover.".into());
                    fail_handover(plan, portal, &id, &said).await;
                }
                Ok(None) => job_vanished(plan, portal, &id, &actor).await,
                Ok(Some(_)) | Err(_) => {}
            }
        }
        report(plan, None);
    }
}

/// Someone the batch's answer left unclear (or the one person it refused), read back: what
/// the portal holds for them now. A read that fails leaves them not done, to try again.
async fn read_back<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    me: &Person,
    batch: &Batch,
    id: &str,
    asked: Asked<'_>,
    resent: bool,
) -> Held {
    let now = portal.read_back(id).await;
    record(plan, portal);
    match now {
        Ok(now) => batch.step.change().settle(me, now.as_ref(), asked, resent),
        Err(e) => Held::NotReached(match asked {
            Asked::Refused(said) => format!("{said} (reading them back failed: {e})"),
            _ => format!(
                "Not known: the answer left them unclear and reading them back failed ({e})."
            ),
        }),
    }
}
