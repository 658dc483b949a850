//! The run against a scripted portal: every answer is decided here, so each policy is a test.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::*;
use crate::api::Person;
use crate::lifecycle::plan::{Actor, Heir, LeaverState, Step};

const ME: &str = "me";

#[derive(Debug, Clone, PartialEq)]
enum Call {
    Disable(Vec<String>),
    Delete(Vec<String>),
    Start(String, String, bool),
    Progress(String),
    Status(String),
    Owns(String),
    Sleep(u32),
}

/// Errors the next matching calls get, each once.
type ScriptedErrors = RefCell<VecDeque<(fn(&Call) -> bool, ApiError)>>;

/// A portal whose answers the test scripts: by default everything succeeds at once.
#[derive(Default)]
struct Scripted {
    calls: RefCell<Vec<Call>>,
    /// The next call matching the predicate gets this error (each used once).
    errors: ScriptedErrors,
    /// Anyone the portal refuses to disable or delete (a batch with them is refused).
    refused: HashSet<String>,
    /// Who owns rooms.
    owners: HashSet<String>,
    /// Polls a handover takes before it completes.
    polls_left: RefCell<HashMap<String, u32>>,
    /// Handovers that end in failure, with the portal's message.
    handover_fails: HashMap<String, String>,
    /// Who the portal still has (for `status_of`): everyone not deleted.
    deleted: RefCell<HashSet<String>>,
}

impl Scripted {
    fn answer(&self, call: Call) -> Result<(), ApiError> {
        self.calls.borrow_mut().push(call.clone());
        let mut errors = self.errors.borrow_mut();
        if let Some(i) = errors.iter().position(|(matches, _)| matches(&call)) {
            return Err(errors
                .remove(i)
                .map(|(_, e)| e)
                .unwrap_or(ApiError::Unauthorized));
        }
        Ok(())
    }

    fn calls(&self) -> Vec<Call> {
        self.calls.borrow().clone()
    }

    fn count(&self, what: fn(&Call) -> bool) -> usize {
        self.calls.borrow().iter().filter(|c| what(c)).count()
    }
}

fn refusal(ids: &[String], refused: &HashSet<String>) -> Result<(), ApiError> {
    if ids.iter().any(|id| refused.contains(id)) {
        Err(ApiError::Forbidden("Access denied".into()))
    } else {
        Ok(())
    }
}

impl OffboardingPortal for Scripted {
    async fn disable(&self, ids: &[String]) -> Result<(), ApiError> {
        self.answer(Call::Disable(ids.to_vec()))?;
        refusal(ids, &self.refused)
    }

    async fn delete(&self, ids: &[String]) -> Result<(), ApiError> {
        self.answer(Call::Delete(ids.to_vec()))?;
        refusal(ids, &self.refused)?;
        self.deleted.borrow_mut().extend(ids.iter().cloned());
        Ok(())
    }

    async fn start_handover(&self, from: &str, to: &str, delete: bool) -> Result<(), ApiError> {
        self.answer(Call::Start(from.into(), to.into(), delete))
    }

    async fn handover_progress(&self, from: &str) -> Result<Option<TaskProgress>, ApiError> {
        self.answer(Call::Progress(from.into()))?;
        let mut polls = self.polls_left.borrow_mut();
        let left = polls.entry(from.to_string()).or_insert(0);
        let done = *left == 0;
        *left = left.saturating_sub(1);
        let failed = self.handover_fails.get(from);
        Ok(Some(TaskProgress {
            id: None,
            percentage: if done { 100 } else { 50 },
            is_completed: done,
            status: match (done, failed) {
                (false, _) => 1,
                (true, None) => 2,
                (true, Some(_)) => 4,
            },
            error: failed.cloned().filter(|_| done),
        }))
    }

    async fn status_of(&self, id: &str) -> Result<Option<UserStatus>, ApiError> {
        self.answer(Call::Status(id.into()))?;
        Ok((!self.deleted.borrow().contains(id)).then_some(UserStatus::Disabled))
    }

    async fn owns_rooms(&self, id: &str) -> Result<bool, ApiError> {
        self.answer(Call::Owns(id.into()))?;
        Ok(self.owners.contains(id))
    }

    async fn sleep(&self, ms: u32) {
        self.calls.borrow_mut().push(Call::Sleep(ms));
    }

    fn take_requests(&self) -> Vec<RequestRecord> {
        Vec::new()
    }
}

/// Runs a future whose calls complete at once.
fn block<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the scripted portal answers at once"),
    }
}

fn person(id: &str, owner: bool) -> Person {
    serde_json::from_value(serde_json::json!({
        "id": id, "displayName": format!("Person {id}"), "email": format!("{id}@example.com"),
        "status": 1, "isOwner": owner, "isCollaborator": !owner,
    }))
    .unwrap()
}

fn me() -> Actor {
    Actor {
        id: ME.into(),
        name: "Me".into(),
    }
}

fn plan_of(n: usize) -> OffboardingPlan {
    let people = (0..n).map(|i| person(&format!("u{i}"), false)).collect();
    let mut plan = OffboardingPlan::new(&person(ME, true), people, vec![]);
    plan.confirm(&me());
    plan
}

fn heir() -> Heir {
    Heir {
        id: "heir-id".into(),
        name: "Hana Heir".into(),
        email: "hana@example.com".into(),
    }
}

/// Runs the plan as `me` with no stop; the notes it reported.
fn go(plan: &mut OffboardingPlan, portal: &Scripted) -> (Ended, Vec<String>) {
    let mut notes = Vec::new();
    let ended = block(run(plan, portal, ME, &|| false, &mut |_, note| {
        notes.extend(note)
    }));
    (ended, notes)
}

fn is_disable(c: &Call) -> bool {
    matches!(c, Call::Disable(_))
}

fn is_delete(c: &Call) -> bool {
    matches!(c, Call::Delete(_))
}

fn slept(portal: &Scripted) -> u32 {
    portal
        .calls()
        .iter()
        .map(|c| if let Call::Sleep(ms) = c { *ms } else { 0 })
        .sum()
}

#[test]
fn disables_then_waits_for_the_typed_confirmation_then_deletes() {
    let portal = Scripted::default();
    let mut plan = plan_of(250);
    assert_eq!(go(&mut plan, &portal).0, Ended::Settled);
    assert_eq!(portal.count(is_disable), 3);
    assert_eq!(portal.count(is_delete), 0, "nothing deleted unconfirmed");
    assert!(plan.awaits_delete_confirmation(ME));
    plan.confirm_delete(&me());
    assert_eq!(go(&mut plan, &portal).0, Ended::Settled);
    assert_eq!(portal.count(is_delete), 3);
    assert!(plan.is_done());
    assert_eq!(plan.counts(), (0, 0, 250, 0));
}

#[test]
fn a_500_is_retried_then_the_batch_fails_and_the_run_goes_on() {
    let portal = Scripted::default();
    let server = || ApiError::Server {
        status: 500,
        message: "Internal".into(),
    };
    // The first batch: one 500, then accepted.
    portal.errors.borrow_mut().push_back((is_disable, server()));
    let mut plan = plan_of(200);
    let (ended, notes) = go(&mut plan, &portal);
    assert_eq!(ended, Ended::Settled);
    assert_eq!(
        portal.count(is_disable),
        3,
        "first batch twice, then the second"
    );
    assert!(
        notes.iter().any(|n| n.contains("Trying again")),
        "{notes:?}"
    );
    assert_eq!(plan.counts(), (0, 200, 0, 0));

    let portal = Scripted::default();
    portal
        .errors
        .borrow_mut()
        .extend((0..3).map(|_| (is_disable as fn(&Call) -> bool, server())));
    let mut plan = plan_of(200);
    go(&mut plan, &portal);
    assert_eq!(
        portal.count(is_disable),
        4,
        "three tries, then the next batch"
    );
    assert_eq!(plan.counts(), (0, 100, 0, 100));
    assert!(matches!(
        &plan.leavers[0].state,
        LeaverState::Failed { step: Step::Terminate, reason } if reason.contains("Internal")
    ));
}

#[test]
fn a_429_waits_what_retry_after_says() {
    let portal = Scripted::default();
    portal.errors.borrow_mut().push_back((
        is_disable,
        ApiError::RateLimited {
            retry_after: Some(7),
        },
    ));
    let mut plan = plan_of(10);
    let (_, notes) = go(&mut plan, &portal);
    assert_eq!(slept(&portal), 7000);
    assert!(notes[0].contains("waiting 7 s"), "{notes:?}");
    assert_eq!(plan.counts(), (0, 10, 0, 0));
}

#[test]
fn a_refused_batch_is_bisected_to_whom_it_was_refused_for() {
    let portal = Scripted {
        refused: ["u37".to_string()].into(),
        ..Scripted::default()
    };
    let mut plan = plan_of(100);
    go(&mut plan, &portal);
    assert!(portal.count(is_disable) <= 1 + 2 * 7);
    assert_eq!(plan.counts(), (0, 99, 0, 1));
}

#[test]
fn an_outage_is_waited_out_without_failing_anyone() {
    let portal = Scripted::default();
    portal.errors.borrow_mut().extend((0..12).map(|_| {
        (
            is_disable as fn(&Call) -> bool,
            ApiError::Network("down".into()),
        )
    }));
    let mut plan = plan_of(10);
    let (ended, notes) = go(&mut plan, &portal);
    assert_eq!(ended, Ended::Settled);
    assert_eq!(portal.count(is_disable), 13);
    assert!(notes.iter().any(|n| n.contains("unreachable")), "{notes:?}");
    assert_eq!(
        plan.counts(),
        (0, 10, 0, 0),
        "nobody failed for the network"
    );
}

#[test]
fn a_401_goes_to_sign_in_and_the_run_resumes_with_the_batch_in_flight() {
    let portal = Scripted::default();
    portal
        .errors
        .borrow_mut()
        .push_back((is_disable, ApiError::Unauthorized));
    let mut plan = plan_of(150);
    let (ended, _) = go(&mut plan, &portal);
    assert_eq!(ended, Ended::SignIn);
    let stored = serde_json::to_string(&plan).unwrap();
    let mut resumed: OffboardingPlan = serde_json::from_str(&stored).unwrap();
    assert_eq!(go(&mut resumed, &portal).0, Ended::Settled);
    let calls = portal.calls();
    assert_eq!(calls[0], calls[1], "the batch in flight is sent again");
    assert_eq!(resumed.counts(), (0, 150, 0, 0));
}

#[test]
fn a_reload_after_any_answer_resumes_sending_at_most_that_batch_twice() {
    let full = {
        let portal = Scripted::default();
        let mut plan = plan_of(250);
        plan.confirm_delete(&me());
        go(&mut plan, &portal);
        portal.count(|c| is_disable(c) || is_delete(c))
    };
    for reload_after in 1..full {
        let portal = Scripted::default();
        let mut plan = plan_of(250);
        plan.confirm_delete(&me());
        // The page saves what every report gives; the tab closes after `reload_after` answers.
        let mut saved = Vec::new();
        let count = Cell::new(0);
        block(run(
            &mut plan,
            &portal,
            ME,
            &|| count.get() >= reload_after,
            &mut |p, _| {
                count.set(count.get() + 1);
                saved.push(serde_json::to_string(p).unwrap());
            },
        ));
        let mut resumed: OffboardingPlan = serde_json::from_str(saved.last().unwrap()).unwrap();
        go(&mut resumed, &portal);
        assert!(resumed.is_done());
        assert_eq!(resumed.counts(), (0, 0, 250, 0));
        assert!(portal.count(|c| is_disable(c) || is_delete(c)) <= full + 1);
    }
}

#[test]
fn stop_ends_after_the_batch_in_flight() {
    let portal = Scripted::default();
    let mut plan = plan_of(200);
    let sent = || portal.count(is_disable);
    let ended = block(run(&mut plan, &portal, ME, &|| sent() >= 1, &mut |_, _| {}));
    assert_eq!(ended, Ended::Stopped);
    assert_eq!(
        portal.count(is_disable),
        1,
        "the second batch is never sent"
    );
    assert_eq!(plan.counts(), (100, 100, 0, 0));
    assert!(plan.can_finish_now());
    // Stopped while waiting to send a failed batch again: it goes back unsent.
    let portal = Scripted::default();
    portal
        .errors
        .borrow_mut()
        .push_back((is_disable, ApiError::Network("reset".into())));
    let mut plan = plan_of(10);
    let ended = block(run(
        &mut plan,
        &portal,
        ME,
        &|| sent_any(&portal),
        &mut |_, _| {},
    ));
    assert_eq!(ended, Ended::Stopped);
    assert!(plan.can_finish_now(), "nothing in flight");
    assert_eq!(plan.counts(), (10, 0, 0, 0));
}

fn sent_any(portal: &Scripted) -> bool {
    portal.count(is_disable) > 0
}

fn with_owners(n: usize, owners: &[&str]) -> (OffboardingPlan, Scripted) {
    let mut plan = plan_of(n);
    plan.heir = Some(heir());
    for id in owners {
        plan.set_owns_rooms(id, true);
    }
    let portal = Scripted {
        owners: owners.iter().map(|s| s.to_string()).collect(),
        ..Scripted::default()
    };
    (plan, portal)
}

#[test]
fn handovers_keep_the_profile_and_deletion_waits_for_the_confirmation() {
    let (mut plan, portal) = with_owners(6, &["u0", "u1", "u2", "u3"]);
    portal.polls_left.borrow_mut().insert("u0".into(), 2);
    assert_eq!(go(&mut plan, &portal).0, Ended::Settled);
    let starts: Vec<Call> = portal
        .calls()
        .into_iter()
        .filter(|c| matches!(c, Call::Start(..)))
        .collect();
    assert_eq!(starts.len(), 4);
    assert!(starts
        .iter()
        .all(|c| matches!(c, Call::Start(_, to, false) if to == "heir-id")));
    assert_eq!(portal.count(is_delete), 0);
    assert_eq!(plan.counts(), (0, 6, 0, 0));
    assert!(plan.awaits_delete_confirmation(ME));
    assert_eq!(plan.to_delete(), 6);
}

#[test]
fn owners_are_deleted_by_their_handover_only_when_asked() {
    let (mut plan, portal) = with_owners(3, &["u0"]);
    plan.delete_owners_on_handover = true;
    go(&mut plan, &portal);
    assert!(portal
        .calls()
        .contains(&Call::Start("u0".into(), "heir-id".into(), true)));
    assert_eq!(plan.counts(), (0, 2, 1, 0));
}

#[test]
fn a_failed_handover_names_the_heir_and_what_the_portal_holds() {
    let (mut plan, mut portal) = with_owners(2, &["u0"]);
    portal.handover_fails.insert(
        "u0".into(),
        "Can not reassign data to user with id = heir-id".into(),
    );
    go(&mut plan, &portal);
    match &plan.leavers[0].state {
        LeaverState::Failed { step, reason } => {
            assert_eq!(*step, Step::Reassign);
            assert_eq!(
                reason,
                "Rooms not handed over to Hana Heir (hana@example.com): Can not reassign data \
                 to user with id = Hana Heir (hana@example.com). On the portal they are \
                 disabled and still own their rooms."
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(plan.to_delete(), 1, "only the one without rooms");
}

#[test]
fn a_handover_that_could_not_start_is_started_again_with_those_after_it() {
    let (mut plan, portal) = with_owners(4, &["u0", "u1", "u2"]);
    portal.errors.borrow_mut().push_back((
        |c| matches!(c, Call::Start(from, ..) if from == "u1"),
        ApiError::Network("reset".into()),
    ));
    go(&mut plan, &portal);
    let starts = portal.count(|c| matches!(c, Call::Start(..)));
    assert_eq!(starts, 4, "u1 twice, and u2 was not lost");
    assert_eq!(plan.counts(), (0, 4, 0, 0));
    assert!(plan.leavers.iter().take(3).all(|l| l.handed_over));
}

#[test]
fn a_stop_during_handovers_waits_for_the_running_ones_and_starts_no_more() {
    let (mut plan, portal) = with_owners(5, &["u0", "u1", "u2", "u3", "u4"]);
    portal.polls_left.borrow_mut().insert("u0".into(), 3);
    let started = || portal.count(|c| matches!(c, Call::Start(..)));
    let ended = block(run(
        &mut plan,
        &portal,
        ME,
        &|| started() >= 3,
        &mut |_, _| {},
    ));
    assert_eq!(ended, Ended::Stopped);
    assert_eq!(started(), 3, "no new handover after the stop");
    assert!(
        plan.running_reassignments().is_empty(),
        "the running ones ended"
    );
    assert!(plan.can_finish_now());
}

#[test]
fn nobody_but_the_person_who_confirmed_sends_anything() {
    let portal = Scripted::default();
    let mut plan = plan_of(10);
    let ended = block(run(
        &mut plan,
        &portal,
        "someone-else",
        &|| false,
        &mut |_, _| {},
    ));
    assert_eq!(ended, Ended::Settled);
    assert!(portal.calls().is_empty());
    assert!(plan.awaits_confirmation("someone-else"));
}

#[test]
fn the_room_check_stops_at_a_failure_keeping_what_it_found() {
    let mut plan = plan_of(5);
    let portal = Scripted {
        owners: ["u0".to_string(), "u3".to_string()].into(),
        ..Scripted::default()
    };
    portal.errors.borrow_mut().push_back((
        |c| matches!(c, Call::Owns(id) if id == "u2"),
        ApiError::Server {
            status: 503,
            message: "Service Unavailable".into(),
        },
    ));
    let failed = block(check_rooms(&mut plan, &portal, &mut |_| {}));
    let (name, error) = failed.unwrap_err();
    assert_eq!(name, "Person u2");
    assert!(error.to_string().contains("503"));
    assert_eq!(plan.rooms_unchecked().len(), 3, "u0 and u1 kept");
    assert!(block(check_rooms(&mut plan, &portal, &mut |_| {})).is_ok());
    assert_eq!(
        portal.count(|c| matches!(c, Call::Owns(_))),
        6,
        "only the rest asked"
    );
    let owners: Vec<&str> = plan.owners().iter().map(|l| l.id.as_str()).collect();
    assert_eq!(owners, ["u0", "u3"]);
}
