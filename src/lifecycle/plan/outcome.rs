//! The plan's receipt: a line per person selected, in words, and every request the run sent.

use serde::{Deserialize, Serialize};

use super::{LeaverState, OffboardingPlan, SignOut, Step};
use crate::people::csv::cell;

/// What happened to one person, as the receipt says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonOutcome {
    pub id: String,
    pub name: String,
    pub email: String,
    /// "deleted", "disabled", "not disabled", "not deleted", "left out", …
    pub result: String,
    /// The portal's reason when it was not done, why someone was left out, or what else
    /// happened to them (their rooms handed over).
    pub reason: String,
    /// Who did each step for them: "Disabled by Name (ID); deleted by Name (ID)".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
}

/// "Disabled by A (id); rooms handed over by B (id); deleted by C (id)".
fn steps_by(leaver: &super::Leaver) -> String {
    let said: Vec<String> = leaver
        .done_by
        .iter()
        .map(|s| {
            let what = match s.step {
                Step::SignOut => "signed out everywhere",
                Step::Terminate => "disabled",
                Step::Reassign => "rooms handed over",
                _ => "deleted",
            };
            format!("{what} by {} ({})", s.by.name, s.by.id)
        })
        .collect();
    let joined = said.join("; ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => joined,
    }
}

impl OffboardingPlan {
    /// Everyone selected, with what happened to them: the per-person part of the receipt.
    pub fn outcomes(&self) -> Vec<PersonOutcome> {
        let heir = self.heir.as_ref().map(|h| h.label()).unwrap_or_default();
        let planned = self.leavers.iter().map(|l| {
            let handed = if l.handed_over {
                format!("Rooms handed over to {heir}.")
            } else {
                String::new()
            };
            let (result, reason) = match &l.state {
                LeaverState::Waiting if self.finished_early => (
                    "not disabled",
                    "Stopped before they were disabled.".to_string(),
                ),
                LeaverState::Waiting => ("not started", String::new()),
                LeaverState::Terminated if self.finished_early => (
                    "disabled",
                    format!("{handed} Kept disabled: not deleted.")
                        .trim()
                        .to_string(),
                ),
                LeaverState::Terminated => ("disabled", handed),
                LeaverState::Reassigning => ("handing over rooms", String::new()),
                LeaverState::Deleted => ("deleted", handed),
                LeaverState::Gone => (
                    "already gone",
                    "The portal no longer has them: someone else deleted them.".to_string(),
                ),
                LeaverState::Failed { step, reason, .. } => (
                    match step {
                        Step::Terminate => "not disabled",
                        Step::Reassign => "rooms not handed over",
                        _ => "not deleted",
                    },
                    reason.clone(),
                ),
            };
            // What became of the groups they headed, where the admin named a new head.
            let heads = self
                .heads
                .iter()
                .filter(|h| h.leaver_id == l.id && h.to.is_some())
                .map(super::NewHead::summary);
            // A sign-out the portal failed: the disable ended their sessions all the same.
            let sign_out = match (&l.signed_out, &l.state) {
                (SignOut::Failed(why), LeaverState::Waiting | LeaverState::Failed { .. }) => {
                    Some(format!("Not signed out everywhere: {why}"))
                }
                (SignOut::Failed(why), _) => Some(format!(
                    "Not signed out everywhere first ({why}); the portal ended their sessions when it disabled them."
                )),
                _ => None,
            };
            let reason = std::iter::once(reason)
                .chain(sign_out)
                .chain(heads)
                .filter(|r| !r.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            PersonOutcome {
                id: l.id.clone(),
                name: l.name.clone(),
                email: l.email.clone(),
                result: result.into(),
                reason,
                by: steps_by(l),
            }
        });
        let left_out = self.left_out.iter().map(|l| PersonOutcome {
            id: l.id.clone(),
            name: l.name.clone(),
            email: String::new(),
            result: "left out".into(),
            reason: l.reason.clone(),
            by: String::new(),
        });
        planned.chain(left_out).collect()
    }

    /// The receipt as JSON: every person's outcome, and every request the run made (no
    /// byte-order mark: `JSON.parse` and Python's `json.load` refuse one).
    pub fn receipt_json(&self) -> String {
        let actor =
            |a: Option<&super::Actor>| a.map(|a| serde_json::json!({ "name": a.name, "id": a.id }));
        serde_json::to_string_pretty(&serde_json::json!({
            "panel": crate::lifecycle::receipt::PANEL,
            "portal": self.portal,
            "confirmedBy": actor(self.confirmed_by()),
            "deletionConfirmedBy": actor(self.delete_confirmed_by.as_ref()),
            "people": self.outcomes(),
            "newHeads": self.heads,
            "requests": self.receipt.records,
        }))
        .unwrap_or_else(|_| "{}".into())
    }

    /// The receipt as CSV: one row per person selected.
    pub fn receipt_csv(&self) -> String {
        let mut out = String::from("ID,Name,Email,Result,Reason,Done by\r\n");
        for o in self.outcomes() {
            let line = [&o.id, &o.name, &o.email, &o.result, &o.reason, &o.by]
                .map(|c| cell(c))
                .join(",");
            out.push_str(&line);
            out.push_str("\r\n");
        }
        out
    }
}
