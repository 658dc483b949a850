//! Handing the rooms of the leavers who own some to one person, the heir: who owns rooms (as
//! the portal says), and the reassignments, a few at a time, between disabling and deleting.

use serde::{Deserialize, Serialize};

use crate::api::Person;

use super::{Leaver, LeaverState, OffboardingPlan, Step};

/// Who receives the rooms of the leavers who own some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heir {
    pub id: String,
    pub name: String,
    pub email: String,
}

impl Heir {
    pub fn of(person: &Person) -> Heir {
        Heir {
            id: person.id.clone(),
            name: person.name().to_string(),
            email: person.email.clone(),
        }
    }

    /// "Name (email)", as messages name them.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.email)
    }
}

impl OffboardingPlan {
    /// Whether someone's handover failed (the heir may be changed before trying again).
    pub fn any_handover_failed(&self) -> bool {
        self.leavers.iter().any(|l| {
            matches!(
                l.state,
                LeaverState::Failed {
                    step: Step::Reassign,
                    ..
                }
            )
        })
    }

    /// Marks who owns rooms (from `reassign/necessary`), before the run starts.
    pub fn set_owns_rooms(&mut self, id: &str, owns: bool) {
        if let Some(l) = self.leavers.iter_mut().find(|l| l.id == id) {
            l.owns_rooms = owns;
            l.rooms_checked = true;
        }
    }

    /// The leavers the portal has not yet said whether they own rooms.
    pub fn rooms_unchecked(&self) -> Vec<(String, String)> {
        self.leavers
            .iter()
            .filter(|l| !l.rooms_checked)
            .map(|l| (l.id.clone(), l.name.clone()))
            .collect()
    }

    /// Those who own rooms (as far as checked).
    pub fn owners(&self) -> Vec<&Leaver> {
        self.leavers.iter().filter(|l| l.owns_rooms).collect()
    }

    pub(super) fn pending_reassignments(&self) -> usize {
        if self.heir.is_none() {
            return 0;
        }
        self.leavers
            .iter()
            .filter(|l| {
                l.owns_rooms
                    && !l.handed_over
                    && matches!(l.state, LeaverState::Terminated | LeaverState::Reassigning)
            })
            .count()
    }

    /// How many owners the portal will delete as their handover finishes (when the admin
    /// asked for it): the number typed to confirm it.
    pub fn owners_deleted_on_handover(&self) -> usize {
        if !self.delete_owners_on_handover || self.heir.is_none() {
            return 0;
        }
        self.leavers
            .iter()
            .filter(|l| {
                l.owns_rooms
                    && !l.handed_over
                    && matches!(
                        l.state,
                        LeaverState::Waiting | LeaverState::Terminated | LeaverState::Reassigning
                    )
            })
            .count()
    }

    /// Up to `limit` reassignments `me` may start now (bounded concurrency: those already
    /// running count against the limit).
    pub fn next_reassignments(&mut self, limit: usize, me: &str) -> Vec<String> {
        if self.finished_early || !self.confirmed_for(me) {
            return Vec::new();
        }
        self.advance();
        if self.step != Step::Reassign {
            return Vec::new();
        }
        let running = self
            .leavers
            .iter()
            .filter(|l| l.state == LeaverState::Reassigning)
            .count();
        let start: Vec<String> = self
            .leavers
            .iter()
            .filter(|l| l.owns_rooms && !l.handed_over && l.state == LeaverState::Terminated)
            .take(limit.saturating_sub(running))
            .map(|l| l.id.clone())
            .collect();
        self.set_state(&start, LeaverState::Reassigning);
        start
    }

    /// A reassignment handed out by `next_reassignments` could not start (no answer, or the
    /// session ended): the person waits for it again.
    pub fn reassignment_not_started(&mut self, id: &str) {
        if let Some(l) = self
            .leavers
            .iter_mut()
            .find(|l| l.id == id && l.state == LeaverState::Reassigning)
        {
            l.state = LeaverState::Terminated;
        }
    }

    /// How many times `id`'s handover was started again after the portal forgot its job.
    pub fn handover_restarts(&self, id: &str) -> u32 {
        self.leavers
            .iter()
            .find(|l| l.id == id)
            .map_or(0, |l| l.handover_restarts)
    }

    /// The portal forgot `id`'s running handover before it was seen to end, and still has
    /// them: they wait to be handed over again.
    pub fn restart_handover(&mut self, id: &str) {
        if let Some(l) = self
            .leavers
            .iter_mut()
            .find(|l| l.id == id && l.state == LeaverState::Reassigning)
        {
            l.handover_restarts += 1;
            l.state = LeaverState::Terminated;
        }
    }

    /// The ids whose reassignment is running (to poll, or to resume polling after a reload).
    pub fn running_reassignments(&self) -> Vec<String> {
        self.ids_in(&LeaverState::Reassigning)
    }

    /// A reassignment ended. Completed: the rooms moved, and the person waits to be deleted
    /// with the others (or, when the admin asked for it, the portal deleted them as the job
    /// ended). Failed: they stay disabled, with the reason.
    pub fn reassignment_finished(&mut self, id: &str, outcome: Result<(), String>) {
        let deleted_by_job = self.delete_owners_on_handover;
        if let Some(l) = self.leavers.iter_mut().find(|l| l.id == id) {
            match outcome {
                Ok(()) => {
                    l.handed_over = true;
                    l.state = if deleted_by_job {
                        LeaverState::Deleted
                    } else {
                        LeaverState::Terminated
                    };
                }
                Err(reason) => {
                    // Another heir may take them: trying again can work.
                    l.state = LeaverState::Failed {
                        step: Step::Reassign,
                        reason,
                        retry: true,
                    }
                }
            }
        }
    }
}
