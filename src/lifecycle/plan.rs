//! Offboarding many people at once, in the portal's order: terminate in batches of at most 100
//! (`PUT /people/status/2`), optionally hand their rooms to one person (`reassign/start`, a few
//! at a time), then delete in batches (`PUT /people/delete`).
//!
//! Only people in the reviewed plan are ever sent. A refused batch is split in two until the
//! person who caused it is found; the rest carry on. Every step is safe to repeat: the portal
//! answers an already terminated person as terminated, and drops already deleted ids, so a
//! batch that was in flight when the tab closed is simply sent again on resume.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::api::{Person, UserStatus};
use crate::people::csv::cell;
use crate::people::eligibility::can_terminate;

use super::receipt::Receipt;

/// The portal's largest batch for the bulk endpoints.
pub const BATCH: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Terminate,
    Reassign,
    Delete,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaverState {
    Waiting,
    Terminated,
    /// A reassignment job runs for them.
    Reassigning,
    Deleted,
    Failed {
        step: Step,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaver {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Whether the portal said their rooms must move first (`reassign/necessary`).
    pub owns_rooms: bool,
    pub state: LeaverState,
}

/// What happened to one person, as the receipt says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonOutcome {
    pub id: String,
    pub name: String,
    pub email: String,
    /// "deleted", "disabled", "not disabled", "not deleted", "left out", …
    pub result: String,
    /// The portal's reason when it was not done, or why someone was left out.
    pub reason: String,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OffboardingPlan {
    pub leavers: Vec<Leaver>,
    pub left_out: Vec<LeftOut>,
    /// Who receives the rooms of those who own some; `None`: no reassignment.
    pub reassign_to: Option<String>,
    pub step: Step,
    /// Batches still to send in this step; a refused batch comes back as two halves.
    queue: VecDeque<Vec<String>>,
    /// Sent, answer not recorded yet: sent again on resume.
    in_flight: Option<Batch>,
    /// The admin typed the number of people to delete: until then the delete step waits.
    pub delete_confirmed: bool,
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
                status: 1,
                ..person.clone()
            };
            match can_terminate(me, &as_active) {
                Ok(()) => leavers.push(Leaver {
                    id: person.id.clone(),
                    name: person.name().to_string(),
                    email: person.email.clone(),
                    owns_rooms: false,
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
        OffboardingPlan {
            leavers,
            left_out,
            reassign_to: None,
            step: Step::Terminate,
            queue: VecDeque::new(),
            in_flight: None,
            delete_confirmed: false,
            receipt: Receipt::default(),
        }
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
            let (next, ids) = match self.step {
                Step::Terminate => (Step::Terminate, self.ids_in(&LeaverState::Waiting)),
                Step::Reassign => (Step::Reassign, Vec::new()),
                Step::Delete => (Step::Delete, self.ids_in(&LeaverState::Terminated)),
                Step::Done => (Step::Done, Vec::new()),
            };
            if next == Step::Reassign {
                // Reassignments are not batched: `next_reassignments` hands them out.
                if self.reassign_to.is_some() && self.pending_reassignments() > 0 {
                    return;
                }
            } else if !ids.is_empty() {
                self.queue.extend(ids.chunks(BATCH).map(<[String]>::to_vec));
                return;
            }
            self.step = match self.step {
                Step::Terminate => Step::Reassign,
                Step::Reassign => Step::Delete,
                Step::Delete | Step::Done => Step::Done,
            };
        }
    }

    /// The next batch to send (terminate or delete), or `None` when this step's batches are
    /// all answered (then it is the reassignment step, or the run is done). A batch in flight
    /// when the run stopped comes first.
    pub fn next_batch(&mut self) -> Option<Batch> {
        if let Some(batch) = &self.in_flight {
            return Some(batch.clone());
        }
        self.advance();
        if !matches!(self.step, Step::Terminate | Step::Delete)
            || (self.step == Step::Delete && !self.delete_confirmed)
        {
            return None;
        }
        let ids = self.queue.pop_front()?;
        let batch = Batch {
            step: self.step,
            ids,
        };
        self.in_flight = Some(batch.clone());
        Some(batch)
    }

    fn set_state(&mut self, ids: &[String], state: LeaverState) {
        for leaver in self.leavers.iter_mut().filter(|l| ids.contains(&l.id)) {
            leaver.state = state.clone();
        }
    }

    /// The portal accepted `batch`: everyone in it is terminated, or deleted (an id the portal
    /// no longer knows was already deleted).
    pub fn batch_succeeded(&mut self, batch: &Batch) {
        let state = match batch.step {
            Step::Terminate => LeaverState::Terminated,
            _ => LeaverState::Deleted,
        };
        self.set_state(&batch.ids, state);
        self.in_flight = None;
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
                },
            );
        }
    }

    /// `batch` got no usable answer however often it was sent (the portal kept failing it):
    /// everyone in it is marked not done with `reason`, and the run goes on without them.
    /// Nobody failed at disabling is ever sent to delete.
    pub fn batch_failed(&mut self, batch: &Batch, reason: &str) {
        self.in_flight = None;
        self.set_state(
            &batch.ids,
            LeaverState::Failed {
                step: batch.step,
                reason: reason.to_string(),
            },
        );
    }

    /// How many are marked not done.
    pub fn failed(&self) -> usize {
        self.counts().3
    }

    /// Puts everyone marked not done back where they failed: those not disabled wait to be
    /// disabled, the others to be deleted (and handed over first, if they own rooms). The
    /// deletion asks for the admin's confirmation again, naming the new count. Returns how many.
    pub fn retry_failed(&mut self) -> usize {
        let mut again = 0;
        for leaver in &mut self.leavers {
            if let LeaverState::Failed { step, .. } = &leaver.state {
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
            self.delete_confirmed = false;
        }
        again
    }

    /// Everyone selected, with what happened to them: the per-person part of the receipt.
    pub fn outcomes(&self) -> Vec<PersonOutcome> {
        let planned = self.leavers.iter().map(|l| {
            let (result, reason) = match &l.state {
                LeaverState::Waiting => ("not started", String::new()),
                LeaverState::Terminated => ("disabled", String::new()),
                LeaverState::Reassigning => ("handing over rooms", String::new()),
                LeaverState::Deleted => ("deleted", String::new()),
                LeaverState::Failed { step, reason } => (
                    match step {
                        Step::Terminate => "not disabled",
                        Step::Reassign => "rooms not handed over",
                        _ => "not deleted",
                    },
                    reason.clone(),
                ),
            };
            PersonOutcome {
                id: l.id.clone(),
                name: l.name.clone(),
                email: l.email.clone(),
                result: result.into(),
                reason,
            }
        });
        let left_out = self.left_out.iter().map(|l| PersonOutcome {
            id: l.id.clone(),
            name: l.name.clone(),
            email: String::new(),
            result: "left out".into(),
            reason: l.reason.clone(),
        });
        planned.chain(left_out).collect()
    }

    /// The receipt as JSON: every person's outcome, and every request the run made.
    pub fn receipt_json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({
            "people": self.outcomes(),
            "requests": self.receipt.records,
        }))
        .unwrap_or_else(|_| "{}".into())
    }

    /// The receipt as CSV: one row per person selected.
    pub fn receipt_csv(&self) -> String {
        let mut out = String::from("ID,Name,Email,Result,Reason\r\n");
        for o in self.outcomes() {
            let line = [&o.id, &o.name, &o.email, &o.result, &o.reason]
                .map(|c| cell(c))
                .join(",");
            out.push_str(&line);
            out.push_str("\r\n");
        }
        out
    }

    /// Marks who owns rooms (from `reassign/necessary`), before the run starts.
    pub fn set_owns_rooms(&mut self, id: &str, owns: bool) {
        if let Some(l) = self.leavers.iter_mut().find(|l| l.id == id) {
            l.owns_rooms = owns;
        }
    }

    fn pending_reassignments(&self) -> usize {
        self.leavers
            .iter()
            .filter(|l| {
                l.owns_rooms
                    && matches!(l.state, LeaverState::Terminated | LeaverState::Reassigning)
            })
            .count()
    }

    /// Up to `limit` reassignments to start now (bounded concurrency: those already running
    /// count against the limit).
    pub fn next_reassignments(&mut self, limit: usize) -> Vec<String> {
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
            .filter(|l| l.owns_rooms && l.state == LeaverState::Terminated)
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

    /// The ids whose reassignment is running (to poll, or to resume polling after a reload).
    pub fn running_reassignments(&self) -> Vec<String> {
        self.ids_in(&LeaverState::Reassigning)
    }

    /// A reassignment ended: with `deleteProfile` the portal deletes the person when it
    /// completes; a failed one leaves them terminated with the reason.
    pub fn reassignment_finished(&mut self, id: &str, outcome: Result<(), String>) {
        let state = match outcome {
            Ok(()) => LeaverState::Deleted,
            Err(reason) => LeaverState::Failed {
                step: Step::Reassign,
                reason,
            },
        };
        self.set_state(&[id.to_string()], state);
    }

    /// Whether nothing is left to send before deleting: no batch queued or in flight, nobody
    /// waiting to be disabled, no handover pending.
    fn before_delete_settled(&self) -> bool {
        let handovers = self.reassign_to.is_some() && self.pending_reassignments() > 0;
        // Queued delete batches wait for the confirmation; anything else queued is still to do.
        self.in_flight.is_none()
            && (self.queue.is_empty() || self.step == Step::Delete)
            && !handovers
            && !self.leavers.iter().any(|l| l.state == LeaverState::Waiting)
    }

    /// Whether the run waits for the admin to confirm the deletion.
    pub fn awaits_delete_confirmation(&self) -> bool {
        !self.delete_confirmed && self.before_delete_settled() && self.to_delete() > 0
    }

    /// How many will be deleted: the number the admin types to confirm.
    pub fn to_delete(&self) -> usize {
        self.ids_in(&LeaverState::Terminated).len()
    }

    /// Whether everyone has an outcome.
    pub fn is_done(&self) -> bool {
        self.before_delete_settled() && self.to_delete() == 0
    }

    /// How many are in each state: waiting, terminated, deleted, failed.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let count =
            |f: &dyn Fn(&LeaverState) -> bool| self.leavers.iter().filter(|l| f(&l.state)).count();
        (
            count(&|s| *s == LeaverState::Waiting),
            count(&|s| matches!(s, LeaverState::Terminated | LeaverState::Reassigning)),
            count(&|s| *s == LeaverState::Deleted),
            count(&|s| matches!(s, LeaverState::Failed { .. })),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, t: &str, status: u8) -> Person {
        serde_json::from_value(serde_json::json!({
            "id": id, "displayName": format!("Person {id}"), "email": format!("{id}@example.com"),
            "status": status, "isOwner": t == "owner", "isAdmin": t == "admin",
            "isRoomAdmin": t == "room", "isCollaborator": t == "user", "isVisitor": t == "guest",
        }))
        .unwrap()
    }

    fn users(n: usize) -> Vec<Person> {
        (0..n)
            .map(|i| person(&format!("u{i}"), "user", 1))
            .collect()
    }

    /// Runs the plan against a portal that refuses any batch containing one of `bad`.
    fn run(plan: &mut OffboardingPlan, bad: &[&str]) -> Vec<Batch> {
        plan.delete_confirmed = true;
        let mut sent = Vec::new();
        while let Some(batch) = plan.next_batch() {
            sent.push(batch.clone());
            if batch.ids.iter().any(|id| bad.contains(&id.as_str())) {
                plan.batch_refused(&batch, "Access denied");
            } else {
                plan.batch_succeeded(&batch);
            }
            assert!(sent.len() < 1000, "the run ends");
        }
        sent
    }

    #[test]
    fn who_is_left_out_and_why() {
        let admin = person("me", "admin", 1);
        let mut selected = users(3);
        selected.push(person("boss", "owner", 1));
        selected.push(admin.clone());
        selected.push(person("other-admin", "admin", 1));
        selected.push(person("u1", "user", 1)); // selected twice
        selected.push(person("gone", "user", 2));
        let plan = OffboardingPlan::new(&admin, selected, vec!["deleted-id".into()]);
        let ids: Vec<&str> = plan.leavers.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["u0", "u1", "u2", "gone"]);
        assert_eq!(
            plan.leavers[3].state,
            LeaverState::Terminated,
            "already terminated"
        );
        let reasons: Vec<(&str, &str)> = plan
            .left_out
            .iter()
            .map(|l| (l.id.as_str(), l.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 4);
        assert!(reasons[0].0 == "boss" && reasons[0].1.contains("owner"));
        assert!(reasons[1].0 == "me" && reasons[1].1.contains("your own"));
        assert!(reasons[2].0 == "other-admin" && reasons[2].1.contains("owner can"));
        assert!(reasons[3].0 == "deleted-id" && reasons[3].1.contains("already deleted"));
        // The owner may offboard an admin.
        let owner = person("boss", "owner", 1);
        let plan = OffboardingPlan::new(&owner, vec![person("other-admin", "admin", 1)], vec![]);
        assert_eq!(plan.leavers.len(), 1);
    }

    #[test]
    fn batches_of_at_most_100_terminate_then_delete() {
        let me = person("me", "owner", 1);
        let mut plan = OffboardingPlan::new(&me, users(250), vec![]);
        let sent = run(&mut plan, &[]);
        let shape: Vec<(Step, usize)> = sent.iter().map(|b| (b.step, b.ids.len())).collect();
        assert_eq!(
            shape,
            [
                (Step::Terminate, 100),
                (Step::Terminate, 100),
                (Step::Terminate, 50),
                (Step::Delete, 100),
                (Step::Delete, 100),
                (Step::Delete, 50),
            ]
        );
        assert!(plan.is_done());
        assert_eq!(plan.counts(), (0, 0, 250, 0));
        // 1,000 leavers without reassignment: 20 requests, the floor.
        let mut big = OffboardingPlan::new(&me, users(1000), vec![]);
        assert_eq!(run(&mut big, &[]).len(), 20);
    }

    #[test]
    fn a_refused_batch_is_bisected_to_the_one_who_caused_it() {
        let me = person("me", "owner", 1);
        let mut plan = OffboardingPlan::new(&me, users(100), vec![]);
        let sent = run(&mut plan, &["u37"]);
        let failed: Vec<&Leaver> = plan
            .leavers
            .iter()
            .filter(|l| matches!(l.state, LeaverState::Failed { .. }))
            .collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].id, "u37");
        assert_eq!(
            failed[0].state,
            LeaverState::Failed {
                step: Step::Terminate,
                reason: "Access denied".into()
            }
        );
        assert_eq!(plan.counts(), (0, 0, 99, 1));
        // 1 + 2 per halving (7 levels for 100), then one delete batch of the 99.
        let terminate_requests = sent.iter().filter(|b| b.step == Step::Terminate).count();
        assert!(terminate_requests <= 1 + 2 * 7, "{terminate_requests}");
        assert_eq!(
            sent.last().map(|b| (b.step, b.ids.len())),
            Some((Step::Delete, 99))
        );
        // The failed one is never sent to delete.
        assert!(sent
            .iter()
            .filter(|b| b.step == Step::Delete)
            .all(|b| !b.ids.contains(&"u37".to_string())));
    }

    #[test]
    fn resumes_from_every_step_sending_nothing_twice_but_the_batch_in_flight() {
        let me = person("me", "owner", 1);
        let fresh = OffboardingPlan::new(&me, users(250), vec![]);
        let all = run(&mut fresh.clone(), &[]);
        for stop_after in 0..all.len() {
            let mut plan = fresh.clone();
            plan.delete_confirmed = true;
            let mut sent = Vec::new();
            for _ in 0..stop_after {
                let batch = plan.next_batch().unwrap();
                plan.batch_succeeded(&batch);
                sent.push(batch);
            }
            // Taken out of the queue and sent, then the tab closed before the answer.
            let in_flight = plan.next_batch().unwrap();
            sent.push(in_flight.clone());
            let stored = serde_json::to_string(&plan).unwrap();
            let mut resumed: OffboardingPlan = serde_json::from_str(&stored).unwrap();
            let rest = run(&mut resumed, &[]);
            assert_eq!(
                rest[0], in_flight,
                "the batch in flight is sent again first"
            );
            sent.extend(rest);
            assert_eq!(
                sent.len(),
                all.len() + 1,
                "stopped after {stop_after}: only that batch twice"
            );
            assert_eq!(resumed.counts(), (0, 0, 250, 0));
        }
    }

    #[test]
    fn reassignment_runs_between_terminate_and_delete_a_few_at_a_time() {
        let me = person("me", "owner", 1);
        let mut plan = OffboardingPlan::new(&me, users(10), vec![]);
        plan.reassign_to = Some("heir".into());
        for id in ["u1", "u2", "u3", "u4"] {
            plan.set_owns_rooms(id, true);
        }
        plan.delete_confirmed = true;
        let first = plan.next_batch().unwrap();
        assert_eq!((first.step, first.ids.len()), (Step::Terminate, 10));
        plan.batch_succeeded(&first);
        assert_eq!(
            plan.next_batch(),
            None,
            "the reassignment step is not batched"
        );
        assert_eq!(plan.step, Step::Reassign);
        assert_eq!(plan.next_reassignments(3), ["u1", "u2", "u3"]);
        assert!(plan.next_reassignments(3).is_empty(), "three are running");
        plan.reassignment_finished("u1", Ok(()));
        assert_eq!(plan.next_reassignments(3), ["u4"]);
        // u4's job could not start (the portal did not answer): it is handed out again.
        plan.reassignment_not_started("u4");
        assert_eq!(plan.running_reassignments(), ["u2", "u3"]);
        assert_eq!(plan.next_reassignments(3), ["u4"]);
        plan.reassignment_finished("u2", Err("Can not reassign".into()));
        plan.reassignment_finished("u3", Ok(()));
        plan.reassignment_finished("u4", Ok(()));
        let delete = plan.next_batch().unwrap();
        assert_eq!(delete.step, Step::Delete);
        assert_eq!(
            delete.ids.len(),
            6,
            "the six without rooms; the reassigned were deleted by their job"
        );
        plan.batch_succeeded(&delete);
        assert!(plan.is_done());
        assert_eq!(plan.counts(), (0, 0, 9, 1));
    }

    #[test]
    fn deletion_waits_for_the_admins_confirmation() {
        let me = person("me", "owner", 1);
        let mut plan = OffboardingPlan::new(&me, users(150), vec![]);
        while let Some(batch) = plan.next_batch() {
            assert_eq!(batch.step, Step::Terminate);
            plan.batch_succeeded(&batch);
        }
        assert!(plan.awaits_delete_confirmation());
        assert_eq!(plan.to_delete(), 150);
        assert!(!plan.is_done());
        plan.delete_confirmed = true;
        assert_eq!(
            plan.next_batch().map(|b| (b.step, b.ids.len())),
            Some((Step::Delete, 100))
        );
    }

    #[test]
    fn a_failed_batch_is_left_out_of_deletion_and_retried_on_demand() {
        let me = person("me", "owner", 1);
        let mut plan = OffboardingPlan::new(&me, users(250), vec![]);
        plan.delete_confirmed = true;
        let mut deleted_sent = Vec::new();
        let mut terminate_batches = 0;
        while let Some(batch) = plan.next_batch() {
            match batch.step {
                Step::Terminate => {
                    terminate_batches += 1;
                    if terminate_batches == 2 {
                        plan.batch_failed(&batch, "The portal answered 500: Internal error");
                        continue;
                    }
                }
                _ => {
                    if batch.ids.contains(&"u0".to_string()) {
                        plan.batch_failed(&batch, "The portal answered 500: Disk full");
                        continue;
                    }
                    deleted_sent.extend(batch.ids.clone());
                }
            }
            plan.batch_succeeded(&batch);
        }
        assert!(plan.is_done(), "the run finishes with people not done");
        assert_eq!(plan.counts(), (0, 0, 50, 200));
        assert!(
            deleted_sent.iter().all(|id| {
                let n: usize = id[1..].parse().unwrap();
                !(100..200).contains(&n)
            }),
            "nobody who failed at disabling is sent to delete"
        );
        let outcomes = plan.outcomes();
        assert_eq!(outcomes.len(), 250);
        let u150 = outcomes.iter().find(|o| o.id == "u150").unwrap();
        assert_eq!(
            (u150.result.as_str(), u150.reason.as_str()),
            ("not disabled", "The portal answered 500: Internal error")
        );
        let u0 = outcomes.iter().find(|o| o.id == "u0").unwrap();
        assert_eq!(u0.result, "not deleted");

        assert_eq!(plan.retry_failed(), 200);
        assert!(!plan.is_done());
        let retried = plan.next_batch().unwrap();
        assert_eq!((retried.step, retried.ids.len()), (Step::Terminate, 100));
        assert!(retried.ids.contains(&"u150".to_string()));
        plan.batch_succeeded(&retried);
        assert_eq!(
            plan.next_batch(),
            None,
            "deleting waits for a new confirmation"
        );
        assert!(plan.awaits_delete_confirmation());
        assert_eq!(
            plan.to_delete(),
            200,
            "100 failed at deleting, 100 just disabled"
        );
        assert_eq!(run(&mut plan, &[]).len(), 2);
        assert_eq!(plan.counts(), (0, 0, 250, 0));
        assert_eq!(plan.retry_failed(), 0);
        let csv = plan.receipt_csv();
        assert_eq!(csv.lines().count(), 251);
        assert!(csv.starts_with(
            "ID,Name,Email,Result,Reason\r\nu0,Person u0,u0@example.com,deleted,\r\n"
        ));
        let json: serde_json::Value = serde_json::from_str(&plan.receipt_json()).unwrap();
        assert_eq!(json["people"].as_array().unwrap().len(), 250);
        assert!(json["requests"].is_array());
    }

    #[test]
    fn without_a_target_nobody_is_reassigned() {
        let me = person("me", "owner", 1);
        let mut plan = OffboardingPlan::new(&me, users(3), vec![]);
        plan.set_owns_rooms("u1", true);
        let sent = run(&mut plan, &[]);
        assert_eq!(sent.len(), 2);
        assert_eq!(plan.counts(), (0, 0, 3, 0));
    }
}
