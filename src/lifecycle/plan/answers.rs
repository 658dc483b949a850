//! What the portal's answers make of the leavers: each answer read person by person (see
//! `lifecycle::change`), an outcome in the portal's terms (done, already gone, refused with its
//! reason, not reached), who did each step, and trying again only where it can work.

use super::{Actor, Batch, LeaverState, OffboardingPlan, Step, StepBy};
use crate::lifecycle::change::{Change, Held};

/// A failure kept from before outcomes said whether trying again works: it may.
pub(super) fn retry_by_default() -> bool {
    true
}

impl Step {
    /// The portal change a batch of this step sends.
    pub fn change(self) -> Change {
        match self {
            Step::Terminate => Change::Disable,
            _ => Change::Delete,
        }
    }
}

impl OffboardingPlan {
    /// The portal answered `batch`: `done` are those its answer shows changed, `settled` the
    /// others, read back. Each leaver's state is what the portal holds now; `by` is recorded
    /// as having done the step.
    pub fn batch_answered(
        &mut self,
        batch: &Batch,
        done: &[String],
        settled: &[(String, Held)],
        by: &Actor,
    ) {
        let step = batch.step;
        let reached = match step {
            Step::Terminate => LeaverState::Terminated,
            _ => LeaverState::Deleted,
        };
        let outcomes = done
            .iter()
            .map(|id| (id, Held::Done))
            .chain(settled.iter().map(|(id, held)| (id, held.clone())));
        for (id, held) in outcomes {
            let Some(leaver) = self.leavers.iter_mut().find(|l| &l.id == id) else {
                continue;
            };
            leaver.state = match held {
                Held::Done => {
                    leaver.done_by.push(StepBy {
                        step,
                        by: by.clone(),
                    });
                    reached.clone()
                }
                Held::AlreadyDone => reached.clone(),
                Held::Gone => LeaverState::Gone,
                Held::Refused(reason) => LeaverState::Failed {
                    step,
                    reason,
                    retry: false,
                },
                Held::NotReached(reason) => LeaverState::Failed {
                    step,
                    reason,
                    retry: true,
                },
            };
        }
        if self.in_flight.as_ref().is_some_and(|b| b.ids == batch.ids) {
            self.in_flight = None;
        }
    }

    /// The portal accepted `batch` for everyone in it, as whoever confirmed the run (tests).
    #[cfg(test)]
    pub fn batch_succeeded(&mut self, batch: &Batch) {
        let by = self.confirmed_by.clone().unwrap_or(Actor {
            id: String::new(),
            name: String::new(),
        });
        self.batch_answered(batch, &batch.ids, &[], &by);
    }

    /// Nobody in `batch` got a usable answer, however often it was sent (tests).
    #[cfg(test)]
    pub fn batch_failed(&mut self, batch: &Batch, reason: &str) {
        let settled: Vec<(String, Held)> = batch
            .ids
            .iter()
            .map(|id| (id.clone(), Held::NotReached(reason.to_string())))
            .collect();
        let by = self.confirmed_by.clone().unwrap_or(Actor {
            id: String::new(),
            name: String::new(),
        });
        self.batch_answered(batch, &[], &settled, &by);
    }

    /// A handover was done by `by` (recorded before the outcome of the job).
    pub fn handed_over_by(&mut self, id: &str, by: &Actor) {
        if let Some(l) = self.leavers.iter_mut().find(|l| l.id == id) {
            l.done_by.push(StepBy {
                step: Step::Reassign,
                by: by.clone(),
            });
        }
    }

    /// Someone the plan was handing over turned out gone from the portal.
    pub fn gone(&mut self, id: &str) {
        if let Some(l) = self.leavers.iter_mut().find(|l| l.id == id) {
            l.state = LeaverState::Gone;
        }
    }

    /// How many are not done where trying again can work: what "Try the N not done again"
    /// offers.
    pub fn failed(&self) -> usize {
        self.leavers
            .iter()
            .filter(|l| matches!(l.state, LeaverState::Failed { retry: true, .. }))
            .count()
    }

    /// How many are not done for good: the portal refused them by its rules.
    pub fn refused(&self) -> usize {
        self.leavers
            .iter()
            .filter(|l| matches!(l.state, LeaverState::Failed { retry: false, .. }))
            .count()
    }

    /// `me` puts everyone not done where trying again can work back where they failed: those
    /// not disabled wait to be disabled, the others to be deleted (and handed over first, if
    /// they own rooms and their rooms did not move). A handover failure may go again (the
    /// heir may have changed). The deletion asks for a confirmation again, naming the new
    /// count. Returns how many.
    pub fn retry_failed(&mut self, me: &Actor) -> usize {
        let mut again = 0;
        for leaver in &mut self.leavers {
            if let LeaverState::Failed { step, retry, .. } = &leaver.state {
                if !*retry && *step != Step::Reassign {
                    continue;
                }
                leaver.state = match step {
                    Step::Terminate => LeaverState::Waiting,
                    _ => LeaverState::Terminated,
                };
                again += 1;
            }
        }
        if again > 0 {
            // The queues are filled from the states again, step by step.
            self.queue.clear();
            self.step = Step::Terminate;
            self.delete_confirmed_by = None;
            self.finished_early = false;
            self.confirmed_by = Some(me.clone());
        }
        again
    }
}
