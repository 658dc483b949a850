//! The run against a scripted portal: every answer is decided here, so each policy is a test.

use std::cell::Cell;

use super::*;
use crate::lifecycle::plan::{LeaverState, Step};

mod answers;
mod handovers;
mod heads;
mod progress;
mod scripted;
mod sign_outs;

use scripted::*;

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
        LeaverState::Failed { step: Step::Terminate, reason, .. } if reason.contains("Internal")
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
    let calls: Vec<Call> = portal.calls().into_iter().filter(is_disable).collect();
    assert_eq!(calls[0], calls[1], "the batch in flight is sent again");
    assert_eq!(portal.count(is_sign_out), 150, "nobody signed out twice");
    assert_eq!(resumed.counts(), (0, 150, 0, 0));
}

#[test]
fn a_tab_closed_while_a_batch_is_in_flight_resumes_it_as_sent_before() {
    let portal = Scripted::default();
    let mut plan = plan_of(250);
    plan.confirm_delete(&me());
    // What the page saved at each report, and how many calls were made by then.
    let saved = std::cell::RefCell::new(Vec::new());
    go_reporting(&mut plan, &portal, &mut |p| {
        saved
            .borrow_mut()
            .push((portal.calls().len(), serde_json::to_string(p).unwrap()));
    });
    let calls = portal.calls();
    let sends: Vec<(usize, Vec<String>)> = calls
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Call::Disable(ids) | Call::Delete(ids) => Some((i, ids.clone())),
            _ => None,
        })
        .collect();
    assert!(sends.len() >= 4);
    for (at, ids) in sends {
        // The tab closes while this request is in flight: the page holds the last save before it.
        let saved = saved.borrow();
        let (_, last) = saved
            .iter()
            .rev()
            .find(|(calls_then, _)| *calls_then <= at)
            .expect("a save before the request");
        let mut resumed: OffboardingPlan = serde_json::from_str(last).unwrap();
        let again = resumed
            .next_batch(ME)
            .expect("the batch in flight comes first");
        assert_eq!(again.ids, ids);
        assert!(again.resent, "it may have been done: sent before");
    }
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
            &person(ME, true),
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
    let ended = block(run(
        &mut plan,
        &portal,
        &person(ME, true),
        &|| sent() >= 1,
        &mut |_, _| {},
    ));
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
        &person(ME, true),
        &|| sent_any(&portal),
        &mut |_, _| {},
    ));
    assert_eq!(ended, Ended::Stopped);
    assert!(plan.can_finish_now(), "nothing in flight");
    assert_eq!(plan.counts(), (10, 0, 0, 0));
}

#[test]
fn nobody_but_the_person_who_confirmed_sends_anything() {
    let portal = Scripted::default();
    let mut plan = plan_of(10);
    let ended = block(run(
        &mut plan,
        &portal,
        &person("someone-else", false),
        &|| false,
        &mut |_, _| {},
    ));
    assert_eq!(ended, Ended::Settled);
    assert!(portal.calls().is_empty());
    assert!(plan.awaits_confirmation("someone-else"));
}
