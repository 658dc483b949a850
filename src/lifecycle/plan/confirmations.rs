//! Who the run answers to: who confirmed it, who typed the number to delete, and whether the
//! run waits for `me` to confirm a step.

use super::{Actor, LeaverState, OffboardingPlan, Step};

impl OffboardingPlan {
    /// `me` confirms the run: disabling, the handovers, and (when ticked) deleting the owners
    /// whose rooms are handed over. From now on the run answers to them.
    pub fn confirm(&mut self, me: &Actor) {
        self.confirmed_by = Some(me.clone());
    }

    /// Whether `me` confirmed the run (anyone else must confirm it again to carry it on).
    pub fn confirmed_for(&self, me: &str) -> bool {
        self.confirmed_by.as_ref().is_some_and(|a| a.id == me)
    }

    /// Who confirmed the run last.
    pub fn confirmed_by(&self) -> Option<&Actor> {
        self.confirmed_by.as_ref()
    }

    /// `me` typed the number to delete: the deletion runs, as theirs.
    pub fn confirm_delete(&mut self, me: &Actor) {
        self.confirmed_by = Some(me.clone());
        self.delete_confirmed_by = Some(me.clone());
    }

    pub(super) fn delete_confirmed_for(&self, me: &str) -> bool {
        self.delete_confirmed_by
            .as_ref()
            .is_some_and(|a| a.id == me)
    }

    /// Whether nothing is left to send before deleting: no batch queued or in flight, nobody
    /// waiting to be disabled, no handover pending.
    pub(super) fn before_delete_settled(&self) -> bool {
        // Queued delete batches wait for the confirmation; anything else queued is still to do.
        self.in_flight.is_none()
            && (self.queue.is_empty() || self.step == Step::Delete)
            && self.pending_reassignments() == 0
            && !self.leavers.iter().any(|l| l.state == LeaverState::Waiting)
    }

    /// Whether the run has reached the deletion: everything before it is settled, or a delete
    /// batch was in flight when it stopped.
    fn delete_step_reached(&self) -> bool {
        self.before_delete_settled()
            || self
                .in_flight
                .as_ref()
                .is_some_and(|b| b.step == Step::Delete)
    }

    /// Whether the run has work before the delete step that waits for `me` to confirm it
    /// (someone else confirmed it, or nobody yet).
    pub fn awaits_confirmation(&self, me: &str) -> bool {
        !self.is_done() && !self.delete_step_reached() && !self.confirmed_for(me)
    }

    /// Whether the run waits for `me` to confirm the deletion.
    pub fn awaits_delete_confirmation(&self, me: &str) -> bool {
        !self.finished_early
            && !self.delete_confirmed_for(me)
            && self.delete_step_reached()
            && self.to_delete() > 0
    }
}
