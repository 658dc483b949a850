//! The run's first step: the new heads of the groups the leavers head, set before anyone is
//! disabled (`PUT /group/{id}/manager`), each read from the portal's answer.

use crate::api::{same_id, Person};

use super::{record, retry_note, Ended, OffboardingPortal, Report};
use crate::lifecycle::batches::{after_batch_error, wait, AfterError};
use crate::lifecycle::plan::{Actor, OffboardingPlan};

/// Sets every new head the plan holds for `me`. A refusal, or an answer that names someone else
/// as the head (the portal quietly skips a disabled account or a guest), marks that group not
/// done with the reason and the run goes on: the leaver is disabled all the same, and the head
/// can be set on the group's page. A lost answer, a gateway error, a 429 or a 500 is tried
/// again as a batch is (setting a head twice is harmless). `Some` when the run must end here.
pub(super) async fn set_heads<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    me: &Person,
    stop: &dyn Fn() -> bool,
    report: Report<'_>,
) -> Option<Ended> {
    let actor = Actor::of(me);
    let mut attempt = 1;
    loop {
        // Nothing more to set (or a stop asked for): the run goes on.
        let head = (if stop() { None } else { plan.next_head(&me.id) })?;
        let to = head.to.clone()?;
        let answer = portal.set_group_head(&head.group_id, &to.id).await;
        record(plan, portal);
        let outcome = match answer {
            Ok(Some(now)) if same_id(&now, &to.id) => Ok(()),
            Ok(_) => Err(format!(
                "the portal did not make {} its head (a disabled account or a guest cannot head a group).",
                to.name
            )),
            Err(e) => match after_batch_error(attempt, &e) {
                AfterError::Retry { ms, unreachable } => {
                    report(plan, Some(retry_note(&e, ms, unreachable)));
                    wait(ms, stop, |slice| portal.sleep(slice)).await;
                    attempt += 1;
                    continue;
                }
                AfterError::SignIn => {
                    report(plan, None);
                    return Some(Ended::SignIn);
                }
                AfterError::SignedOut => {
                    report(plan, None);
                    return Some(Ended::Stopped);
                }
                AfterError::Refused(m) | AfterError::Failed(m) => Err(m),
            },
        };
        attempt = 1;
        plan.head_answered(&head.group_id, outcome, &actor);
        report(plan, None);
    }
}
