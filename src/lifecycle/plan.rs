//! Offboarding many people at once, in the portal's order: disable in batches of at most 100
//! (`PUT /people/status/2`), optionally hand their rooms to one person (`reassign/start`, a few
//! at a time, the profile kept), then delete in batches (`PUT /people/delete`) once the person
//! signed in has typed how many.
//!
//! Only people in the reviewed plan are ever sent. A refused batch is split in two until the
//! person who caused it is found; the rest carry on. Every step is safe to repeat: the portal
//! answers an already terminated person as terminated, and drops already deleted ids, so a
//! batch that was in flight when the tab closed is simply sent again on resume.
//!
//! Nothing runs on someone else's say-so: the plan remembers who confirmed the run and who
//! typed the number to delete, and answers only to them (`next_batch(me)`); anyone else who
//! resumes it is asked again.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::api::{Person, UserStatus};
use crate::people::eligibility::can_terminate;

use super::receipt::Receipt;

mod answers;
mod confirmations;
mod handover;
mod heads;
mod outcome;
mod progress;
mod sign_out;
#[cfg(test)]
mod tests;

pub use handover::Heir;
pub use heads::{HeadState, LeaverGroup, NewHead};
pub use outcome::PersonOutcome;
pub use progress::{problems_count, RunProgress, StepCount, Tone};
pub use sign_out::SignOut;

/// The portal's largest batch for the bulk endpoints.
pub const BATCH: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    /// Every sign-in session ends (before the disable).
    SignOut,
    Terminate,
    Reassign,
    Delete,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeaverState {
    Waiting,
    Terminated,
    /// A reassignment job runs for them.
    Reassigning,
    Deleted,
    /// The portal no longer has them, and not by this plan: someone else deleted them.
    Gone,
    Failed {
        step: Step,
        reason: String,
        /// Whether trying again can work (the portal did not answer, or failed); a refusal
        /// by the portal's rules cannot.
        #[serde(default = "answers::retry_by_default")]
        retry: bool,
    },
}

/// Who did one step for a leaver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepBy {
    pub step: Step,
    pub by: Actor,
}

/// Someone acting on the portal through the panel: who signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
}

impl Actor {
    pub fn of(person: &Person) -> Actor {
        Actor {
            id: person.id.clone(),
            name: person.name().to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaver {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Whether the portal said their rooms must move first (`reassign/necessary`).
    pub owns_rooms: bool,
    /// Whether the portal has answered that question for them.
    #[serde(default)]
    pub rooms_checked: bool,
    /// Their rooms went to the heir (their profile was kept, to be deleted with the others).
    #[serde(default)]
    pub handed_over: bool,
    /// How many times their handover was started again because the portal had forgotten its
    /// job before it was seen to end.
    #[serde(default)]
    pub handover_restarts: u32,
    pub state: LeaverState,
    /// Who disabled them, handed their rooms over, deleted them.
    #[serde(default)]
    pub done_by: Vec<StepBy>,
    /// Their groups when the plan was made.
    #[serde(default)]
    pub groups: Vec<LeaverGroup>,
    /// Whether their sessions were ended before the disable.
    #[serde(default)]
    pub signed_out: SignOut,
}

/// Someone selected but not in the plan, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub id: String,
    pub name: String,
    pub reason: String,
}

/// One request of the run: the step and the ids it sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub step: Step,
    pub ids: Vec<String>,
    /// Sent before without a usable answer (a reload, a lost answer): what the portal holds
    /// may be that request's doing.
    #[serde(default)]
    pub resent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OffboardingPlan {
    pub leavers: Vec<Leaver>,
    pub left_out: Vec<LeftOut>,
    /// Who receives the rooms of those who own some; `None`: no handover.
    pub heir: Option<Heir>,
    /// The portal deletes each owner as soon as their rooms are handed over
    /// (`deleteProfile: true`). Off unless the admin ticked it and typed how many.
    #[serde(default)]
    pub delete_owners_on_handover: bool,
    /// The groups the leavers head, and their new heads (set before anyone is disabled).
    #[serde(default)]
    pub heads: Vec<NewHead>,
    /// Every leaver's sessions end before anyone is disabled (a plan saved before this step
    /// existed leaves it to the disable).
    #[serde(default)]
    sign_out_first: bool,
    pub step: Step,
    /// Batches still to send in this step; a refused batch comes back as two halves.
    queue: VecDeque<Vec<String>>,
    /// Sent, answer not recorded yet: sent again on resume.
    in_flight: Option<Batch>,
    /// Who confirmed the run (disabling and handovers): only they may carry it on.
    #[serde(default)]
    confirmed_by: Option<Actor>,
    /// Who typed the number of people to delete: until then the delete step waits.
    #[serde(default)]
    delete_confirmed_by: Option<Actor>,
    /// The admin finished without deleting (or stopped for good): nothing more is sent.
    #[serde(default)]
    pub finished_early: bool,
    /// The portal the plan was made on (its origin).
    #[serde(default)]
    pub portal: String,
    pub receipt: Receipt,
}

impl OffboardingPlan {
    /// The plan for `selected`, as `me` may carry it out. The owner, oneself, DocSpace admins
    /// (unless `me` is the owner) and LDAP accounts are left out with the reason, as are ids
    /// the portal no longer knows (`not_found`) and repeats.
    pub fn new(me: &Person, selected: Vec<Person>, not_found: Vec<String>) -> OffboardingPlan {
        let mut leavers: Vec<Leaver> = Vec::new();
        let mut left_out = Vec::new();
        for person in selected {
            if leavers.iter().any(|l| l.id == person.id)
                || left_out.iter().any(|l: &LeftOut| l.id == person.id)
            {
                continue;
            }
            // Terminated people skip the terminate step, but still need the rights to it.
            let as_active = Person {
                status: UserStatus::Active.code(),
                ..person.clone()
            };
            match can_terminate(me, &as_active) {
                Ok(()) => leavers.push(Leaver {
                    id: person.id.clone(),
                    name: person.name().to_string(),
                    email: person.email.clone(),
                    owns_rooms: false,
                    rooms_checked: false,
                    handed_over: false,
                    handover_restarts: 0,
                    done_by: Vec::new(),
                    groups: LeaverGroup::of(&person),
                    // Disabled already: the portal ended their sessions then.
                    signed_out: if person.status() == UserStatus::Disabled {
                        SignOut::NotNeeded
                    } else {
                        SignOut::Waiting
                    },
                    state: if person.status() == UserStatus::Disabled {
                        LeaverState::Terminated
                    } else {
                        LeaverState::Waiting
                    },
                }),
                Err(reason) => left_out.push(LeftOut {
                    id: person.id.clone(),
                    name: person.name().to_string(),
                    reason: reason.to_string(),
                }),
            }
        }
        for id in not_found {
            if !left_out.iter().any(|l| l.id == id) {
                left_out.push(LeftOut {
                    id: id.clone(),
                    name: id,
                    reason: "The portal does not know this account (already deleted?).".into(),
                });
            }
        }
        let mut plan = OffboardingPlan {
            leavers,
            left_out,
            heir: None,
            delete_owners_on_handover: false,
            heads: Vec::new(),
            sign_out_first: true,
            step: Step::Terminate,
            queue: VecDeque::new(),
            in_flight: None,
            confirmed_by: None,
            delete_confirmed_by: None,
            finished_early: false,
            portal: String::new(),
            receipt: Receipt::default(),
        };
        plan.heads = plan.headed_groups();
        plan
    }

    fn ids_in(&self, state: &LeaverState) -> Vec<String> {
        self.leavers
            .iter()
            .filter(|l| &l.state == state)
            .map(|l| l.id.clone())
            .collect()
    }

    /// Moves on to the next step that has work, filling its queue.
    fn advance(&mut self) {
        while self.queue.is_empty() && self.step != Step::Done {
            let ids = match self.step {
                Step::Terminate => self.ids_in(&LeaverState::Waiting),
                Step::Delete => self.ids_in(&LeaverState::Terminated),
                Step::SignOut | Step::Reassign | Step::Done => Vec::new(),
            };
            if self.step == Step::Reassign {
                // Reassignments are not batched: `next_reassignments` hands them out.
                if self.pending_reassignments() > 0 {
                    return;
                }
            } else if !ids.is_empty() {
                self.queue.extend(ids.chunks(BATCH).map(<[String]>::to_vec));
                return;
            }
            self.step = match self.step {
                // The sign-out is sent before the batches (`next_sign_outs`).
                Step::SignOut => Step::Terminate,
                Step::Terminate => Step::Reassign,
                Step::Reassign => Step::Delete,
                Step::Delete | Step::Done => Step::Done,
            };
        }
    }

    /// The next batch `me` may send (disable or delete), or `None`: this step's batches are
    /// all answered, or the next one waits for `me` to confirm it. A batch in flight when the
    /// run stopped comes first.
    pub fn next_batch(&mut self, me: &str) -> Option<Batch> {
        if self.finished_early || !self.confirmed_for(me) {
            return None;
        }
        if let Some(batch) = &self.in_flight {
            if batch.step == Step::Delete && !self.delete_confirmed_for(me) {
                return None;
            }
            let mut again = batch.clone();
            again.resent = true;
            self.in_flight = Some(again.clone());
            return Some(again);
        }
        self.advance();
        if !matches!(self.step, Step::Terminate | Step::Delete)
            || (self.step == Step::Delete && !self.delete_confirmed_for(me))
        {
            return None;
        }
        let ids = self.queue.pop_front()?;
        let batch = Batch {
            step: self.step,
            ids,
            resent: false,
        };
        self.in_flight = Some(batch.clone());
        Some(batch)
    }

    /// The batch in flight goes back to the front of its queue, unsent as far as the plan is
    /// concerned (the run stopped while waiting to send it again).
    pub fn put_back_in_flight(&mut self) {
        if let Some(batch) = self.in_flight.take() {
            self.queue.push_front(batch.ids);
        }
    }

    fn set_state(&mut self, ids: &[String], state: LeaverState) {
        for leaver in self.leavers.iter_mut().filter(|l| ids.contains(&l.id)) {
            leaver.state = state.clone();
        }
    }

    /// The portal refused `batch` with `reason`: with more than one person in it, it is split
    /// in two and both halves are sent again; a single person refused is marked failed.
    pub fn batch_refused(&mut self, batch: &Batch, reason: &str) {
        self.in_flight = None;
        if batch.ids.len() > 1 {
            let (first, second) = batch.ids.split_at(batch.ids.len() / 2);
            self.queue.push_front(second.to_vec());
            self.queue.push_front(first.to_vec());
        } else {
            self.set_state(
                &batch.ids,
                LeaverState::Failed {
                    step: batch.step,
                    reason: reason.to_string(),
                    retry: false,
                },
            );
        }
    }

    /// How many will be deleted: the number the admin types to confirm.
    pub fn to_delete(&self) -> usize {
        self.ids_in(&LeaverState::Terminated).len()
    }

    /// Whether the admin may end the run now, keeping who is disabled disabled: nothing is in
    /// flight (a batch whose answer is unknown is sent again first) and no handover runs.
    pub fn can_finish_now(&self) -> bool {
        self.in_flight.is_none() && self.running_reassignments().is_empty()
    }

    /// Ends the run without deleting anyone more: those disabled stay disabled, those not
    /// reached stay as they are. Only when `can_finish_now`.
    pub fn finish_now(&mut self) {
        if self.can_finish_now() {
            self.finished_early = true;
            self.queue.clear();
        }
    }

    /// Whether everyone has an outcome.
    pub fn is_done(&self) -> bool {
        (self.finished_early && self.can_finish_now())
            || (self.before_delete_settled() && self.to_delete() == 0)
    }

    /// How many are in each state: waiting, terminated, deleted (or already gone), not done.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let count =
            |f: &dyn Fn(&LeaverState) -> bool| self.leavers.iter().filter(|l| f(&l.state)).count();
        (
            count(&|s| *s == LeaverState::Waiting),
            count(&|s| matches!(s, LeaverState::Terminated | LeaverState::Reassigning)),
            count(&|s| matches!(s, LeaverState::Deleted | LeaverState::Gone)),
            count(&|s| matches!(s, LeaverState::Failed { .. })),
        )
    }
}
