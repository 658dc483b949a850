//! The run's sign-out, after the new heads and before the first disable: every leaver's
//! sessions end (`PUT /security/activeconnections/logoutall/{id}`), a few requests at a time
//! because the portal takes one person per request.

use std::collections::HashMap;

use crate::api::Person;

use super::{record, retry_note, Ended, OffboardingPortal, Report};
use crate::lifecycle::batches::{after_batch_error, join_all, wait, AfterError};
use crate::lifecycle::plan::{Actor, OffboardingPlan};

/// Sign-outs in flight at once: what a browser sends to one host at a time over HTTP/1.1.
pub const SIGN_OUTS_AT_ONCE: usize = 6;

/// Sign-outs answered between two reports: each report saves the plan and redraws the run, so
/// a thousand leavers are reported some twenty times rather than once every six (a sign-out a
/// reload forgets is only sent again, which is harmless).
pub const SIGN_OUTS_PER_REPORT: usize = 48;

/// Signs out every leaver the plan holds for `me`. A refusal, or a failure the portal keeps
/// giving, marks that person's sign-out not done with the reason and the run goes on (their
/// disable ends their sessions too). A lost answer, a gateway error, a 429 or a 500 is tried
/// again as a batch is (signing out twice is harmless); a 401 returns for sign-in before anyone
/// is disabled. `Some` when the run must end here.
pub(super) async fn sign_out_first<P: OffboardingPortal>(
    plan: &mut OffboardingPlan,
    portal: &P,
    me: &Person,
    stop: &dyn Fn() -> bool,
    report: Report<'_>,
) -> Option<Ended> {
    let actor = Actor::of(me);
    let mut attempts: HashMap<String, u32> = HashMap::new();
    let mut unreported = 0;
    loop {
        let ids = if stop() {
            Vec::new()
        } else {
            plan.next_sign_outs(&me.id, SIGN_OUTS_AT_ONCE)
        };
        if ids.is_empty() {
            if unreported > 0 {
                report(plan, None);
            }
            return None;
        }
        let answers = join_all(ids.iter().map(|id| portal.sign_out(id)).collect()).await;
        record(plan, portal);
        let mut again: Option<(u32, String)> = None;
        let mut ended = None;
        for (id, answer) in ids.iter().zip(answers) {
            let attempt = attempts.entry(id.clone()).or_insert(1);
            let outcome = match answer {
                Ok(()) => Ok(()),
                Err(e) => match after_batch_error(*attempt, &e) {
                    AfterError::Retry { ms, unreachable } => {
                        *attempt += 1;
                        if again.as_ref().is_none_or(|(longest, _)| ms > *longest) {
                            again = Some((ms, retry_note(&e, ms, unreachable)));
                        }
                        continue;
                    }
                    AfterError::SignIn => {
                        ended = Some(Ended::SignIn);
                        continue;
                    }
                    AfterError::SignedOut => {
                        ended = ended.or(Some(Ended::Stopped));
                        continue;
                    }
                    AfterError::Refused(m) | AfterError::Failed(m) => Err(m),
                },
            };
            plan.sign_out_answered(id, outcome, &actor);
            unreported += 1;
        }
        if let Some(ended) = ended {
            report(plan, None);
            return Some(ended);
        }
        match again {
            Some((ms, note)) => {
                report(plan, Some(note));
                unreported = 0;
                wait(ms, stop, |slice| portal.sleep(slice)).await;
            }
            None if unreported >= SIGN_OUTS_PER_REPORT => {
                report(plan, None);
                unreported = 0;
            }
            None => {}
        }
    }
}
