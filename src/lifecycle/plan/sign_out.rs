//! The run's sign-out: before anyone is disabled, every leaver's sign-in sessions end
//! (`PUT /security/activeconnections/logoutall/{id}`, one request per person: the portal has no
//! bulk form), so the receipt shows it as a step of its own. The portal's disable ends them too
//! (`UserController.UpdateUserStatus` resets the person's cookie and refuses their API keys from
//! then on), so a sign-out the portal fails does not hold the disable up: the receipt says so.

use serde::{Deserialize, Serialize};

use super::{Actor, LeaverState, OffboardingPlan, Step, StepBy};

/// Where the sign-out stands for one leaver.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SignOut {
    /// Not sent yet (or sent without an answer: signing out twice is harmless).
    #[default]
    Waiting,
    Done,
    /// The portal refused or kept failing it; the disable went ahead.
    Failed(String),
    /// Not part of the plan: they were disabled already (the portal ended their sessions then),
    /// or the admin chose to leave the sign-out to the disable.
    NotNeeded,
}

impl OffboardingPlan {
    /// Whether the run ends everyone's sessions before disabling them (the review's choice).
    pub fn signs_out_first(&self) -> bool {
        self.sign_out_first
    }

    /// The review's choice: sign everyone out first, or leave it to the disable.
    pub fn set_sign_out_first(&mut self, on: bool) {
        self.sign_out_first = on;
    }

    /// Up to `n` leavers `me` may sign out now: the run is confirmed by `me`, and they wait to
    /// be disabled and have not been signed out.
    pub fn next_sign_outs(&self, me: &str, n: usize) -> Vec<String> {
        if !self.sign_out_first || self.finished_early || !self.confirmed_for(me) {
            return Vec::new();
        }
        self.leavers
            .iter()
            .filter(|l| l.state == LeaverState::Waiting && l.signed_out == SignOut::Waiting)
            .take(n)
            .map(|l| l.id.clone())
            .collect()
    }

    /// The portal answered the sign-out of `id`: done by `by`, or not, with its reason.
    pub fn sign_out_answered(&mut self, id: &str, outcome: Result<(), String>, by: &Actor) {
        if let Some(l) = self.leavers.iter_mut().find(|l| l.id == id) {
            l.signed_out = match outcome {
                Ok(()) => {
                    l.done_by.push(StepBy {
                        step: Step::SignOut,
                        by: by.clone(),
                    });
                    SignOut::Done
                }
                Err(why) => SignOut::Failed(why),
            };
        }
    }

    /// Whether the sign-out is a step of this plan for the leaver.
    pub(super) fn signs_out(&self, l: &super::Leaver) -> bool {
        self.sign_out_first && l.signed_out != SignOut::NotNeeded
    }
}
