//! The run's handovers: starting them a few at a time, a job the portal forgot, a failure in
//! words, and the check of who owns data before the run.

use crate::api::{ApiError, UserStatus};

use super::{record, retry_note, Ended, OffboardingPortal, Report};
use crate::lifecycle::batches::{after_batch_error, wait, AfterError};
use crate::lifecycle::plan::{Actor, OffboardingPlan};

/// Why a handover did not happen, naming the heir instead of their ID, and what the portal
/// holds for the leaver now.
fn handover_failure(message: &str, plan: &OffboardingPlan, now: Option<UserStatus>) -> String {
    let (heir_id, heir) = plan
        .heir
        .as_ref()
        .map(|h| (h.id.clone(), h.label()))
        .unwrap_or_default();
    let said = if heir_id.is_empty() {
        message.to_string()
    } else {
        message.replace(&heir_id, &heir)
    };
    let state = match now {
        Some(UserStatus::Disabled) => " On the portal they are disabled and still own their rooms.",
        Some(UserStatus::Active) => " On the portal they are active.",
        Some(_) => "",
        None => " The portal no longer has them.",
    };
    format!(
        "Rooms not handed over to {heir}: {}.{state}",
        said.trim_end_matches('.')
    )
}

/// Marks a handover failed, reading the leaver back to say what the portal holds for them
/// (gone: someone else deleted them, and there is nothing left to hand over).
pub(super) async fn fail_handover<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    id: &str,
    said: &str,
) {
    let now = portal.read_back(id).await;
    record(plan, portal);
    let now = match now {
        Ok(Some(person)) => Some(person.status()),
        Ok(None) => {
            plan.gone(id);
            return;
        }
        Err(_) => Some(UserStatus::Unknown(0)),
    };
    let reason = handover_failure(said, plan, now);
    plan.reassignment_finished(id, Err(reason));
}

/// How many times a handover whose job the portal forgot is started again before it counts as
/// failed.
const HANDOVER_RESTARTS: u32 = 2;

/// The portal answered a handover's progress with no job: it forgets a finished job 60 s
/// after it ended (and drops a canceled one at once), so a run resumed later finds nothing.
/// The person is asked about: gone means the job ran and deleted them as asked (or, when it
/// was not to delete them, someone else did); still there means it did not finish, so it is
/// started again (moving rooms twice moves nothing more), a bounded number of times. A read
/// that fails leaves them running, to ask again at the next poll.
pub(super) async fn job_vanished<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    id: &str,
    actor: &Actor,
) {
    let now = portal.read_back(id).await;
    record(plan, portal);
    match now {
        Ok(None) if plan.delete_owners_on_handover => {
            plan.handed_over_by(id, actor);
            plan.reassignment_finished(id, Ok(()));
        }
        Ok(None) => plan.gone(id),
        Ok(Some(_)) if plan.handover_restarts(id) < HANDOVER_RESTARTS => {
            plan.restart_handover(id);
        }
        Ok(Some(person)) => {
            let reason = handover_failure(
                "the portal lost the handover job each time it was started.",
                plan,
                Some(person.status()),
            );
            plan.reassignment_finished(id, Err(reason));
        }
        Err(_) => {}
    }
}

/// Starts the handovers `starts` names. One that could not start for the network's or the
/// session's sake is put back (with those after it) and started again later, as a batch
/// would be; one the portal refuses fails with its reason.
pub(super) async fn start_handovers<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    starts: Vec<String>,
    attempt: &mut u32,
    stop: &dyn Fn() -> bool,
    report: Report<'_>,
) -> Option<Ended> {
    let heir = plan.heir.as_ref().map(|h| h.id.clone())?;
    let delete_profile = plan.delete_owners_on_handover;
    for (i, id) in starts.iter().enumerate() {
        let started = portal.start_handover(id, &heir, delete_profile).await;
        record(plan, portal);
        let Err(error) = started else {
            *attempt = 1;
            continue;
        };
        match after_batch_error(*attempt, &error) {
            AfterError::Refused(m) | AfterError::Failed(m) => {
                fail_handover(plan, portal, id, &m).await;
            }
            after => {
                for rest in &starts[i..] {
                    plan.reassignment_not_started(rest);
                }
                if matches!(after, AfterError::SignIn | AfterError::SignedOut) {
                    report(plan, None);
                    return Some(if after == AfterError::SignIn {
                        Ended::SignIn
                    } else {
                        Ended::Stopped
                    });
                }
                if let AfterError::Retry { ms, unreachable } = after {
                    report(plan, Some(retry_note(&error, ms, unreachable)));
                    wait(ms, stop, |slice| portal.sleep(slice)).await;
                    *attempt += 1;
                }
                return None;
            }
        }
    }
    report(plan, None);
    None
}

/// Asks the portal, for each leaver it has not answered for yet, whether they own rooms.
/// Stops at the first failure (reads were already retried), naming whose check failed; what
/// was found is kept, so that trying again asks only about the rest. `report` gets the plan
/// after each answer.
pub async fn check_rooms<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    report: &mut dyn FnMut(&OffboardingPlan),
) -> Result<(), (String, ApiError)> {
    for (id, name) in plan.rooms_unchecked() {
        match portal.owns_rooms(&id).await {
            Ok(owns) => {
                plan.set_owns_rooms(&id, owns);
                report(plan);
            }
            Err(error) => return Err((name, error)),
        }
    }
    Ok(())
}
