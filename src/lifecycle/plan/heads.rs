//! The groups the leavers head: the review names them, the admin picks a new head for each (or
//! leaves it without one), and the run sets the new heads before anyone is disabled, so that no
//! group is headed by someone who can no longer sign in. Leaving one empty changes nothing: the
//! portal clears the head when it deletes the leaver.

use serde::{Deserialize, Serialize};

use crate::api::Person;

use super::{Actor, Heir, OffboardingPlan};

/// One of a leaver's groups, and whether they head it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaverGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub head: bool,
}

impl LeaverGroup {
    /// The person's groups as the portal lists them; the head of a group is named by user name
    /// (`GroupSummaryDto.manager`), which the portal keeps unique.
    pub fn of(person: &Person) -> Vec<LeaverGroup> {
        person
            .groups
            .iter()
            .map(|g| LeaverGroup {
                id: g.id.clone(),
                name: g.name.clone(),
                head: !person.user_name.is_empty()
                    && g.manager.as_deref() == Some(person.user_name.as_str()),
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeadState {
    /// Not sent yet (or sent without an answer: setting a head again is harmless).
    Waiting,
    Done,
    /// The portal refused, or did not make them the head; the run went on without it.
    Failed(String),
}

/// A group headed by a leaver, and who heads it after the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewHead {
    pub group_id: String,
    pub group_name: String,
    /// The leaver who heads it now.
    pub leaver_id: String,
    pub leaver_name: String,
    /// The new head; `None`: left without one.
    pub to: Option<Heir>,
    pub state: HeadState,
    #[serde(default)]
    pub by: Option<Actor>,
}

impl NewHead {
    /// What the review and the receipt say about it.
    pub fn summary(&self) -> String {
        match (&self.to, &self.state) {
            (None, _) => format!(
                "“{}” keeps {} as its head until they are deleted, then has none.",
                self.group_name, self.leaver_name
            ),
            (Some(to), HeadState::Waiting) => format!(
                "“{}”: {} becomes its head, before {} is disabled.",
                self.group_name,
                to.label(),
                self.leaver_name
            ),
            (Some(to), HeadState::Done) => {
                format!("“{}”: {} is its head now.", self.group_name, to.label())
            }
            (Some(to), HeadState::Failed(why)) => format!(
                "“{}”: {} was not made its head: {why}",
                self.group_name,
                to.label()
            ),
        }
    }
}

impl OffboardingPlan {
    /// The groups the leavers head, in the order the review lists the leavers.
    pub(super) fn headed_groups(&self) -> Vec<NewHead> {
        let mut heads: Vec<NewHead> = Vec::new();
        for leaver in &self.leavers {
            for g in leaver.groups.iter().filter(|g| g.head) {
                if !heads.iter().any(|h| h.group_id == g.id) {
                    heads.push(NewHead {
                        group_id: g.id.clone(),
                        group_name: g.name.clone(),
                        leaver_id: leaver.id.clone(),
                        leaver_name: leaver.name.clone(),
                        to: None,
                        state: HeadState::Waiting,
                        by: None,
                    });
                }
            }
        }
        heads
    }

    /// The admin's choice of a new head for `group_id` (`None`: leave it without one). Only a
    /// person outside the plan may head a group; a leaver is refused.
    pub fn choose_head(&mut self, group_id: &str, to: Option<Heir>) -> Result<(), String> {
        if let Some(to) = &to {
            if self.leavers.iter().any(|l| l.id == to.id) {
                return Err(format!("{} is leaving too.", to.name));
            }
        }
        match self.heads.iter_mut().find(|h| h.group_id == group_id) {
            Some(head) => {
                head.to = to;
                head.state = HeadState::Waiting;
                Ok(())
            }
            None => Err("No leaver heads this group.".into()),
        }
    }

    /// The next new head to set: only for whoever confirmed the run. The run sets them all
    /// before it sends the first batch.
    pub fn next_head(&self, me: &str) -> Option<NewHead> {
        if self.finished_early || !self.confirmed_for(me) {
            return None;
        }
        self.heads
            .iter()
            .find(|h| h.to.is_some() && h.state == HeadState::Waiting)
            .cloned()
    }

    /// The portal answered setting the head of `group_id`.
    pub fn head_answered(&mut self, group_id: &str, outcome: Result<(), String>, by: &Actor) {
        if let Some(head) = self.heads.iter_mut().find(|h| h.group_id == group_id) {
            head.state = match outcome {
                Ok(()) => HeadState::Done,
                Err(why) => HeadState::Failed(why),
            };
            head.by = Some(by.clone());
        }
    }
}
