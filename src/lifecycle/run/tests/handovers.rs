//! Handovers in the run: started a few at a time, polled until they end, failures in words,
//! and the room check before the run.

use super::*;

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
        LeaverState::Failed { step, reason, .. } => {
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
        &person(ME, true),
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

#[test]
fn a_forgotten_job_whose_leaver_is_gone_was_handed_over_and_deleted_as_asked() {
    let (mut plan, portal) = with_owners(3, &["u0", "u1"]);
    plan.delete_owners_on_handover = true;
    for id in ["u0", "u1"] {
        portal.vanish.borrow_mut().insert(
            id.into(),
            Vanish {
                times: 1,
                ran: true,
            },
        );
    }
    go(&mut plan, &portal);
    assert_eq!(
        portal.count(|c| matches!(c, Call::Start(..))),
        2,
        "each started once"
    );
    assert!(plan.leavers[..2]
        .iter()
        .all(|l| l.state == LeaverState::Deleted && l.handed_over));
    assert!(plan.leavers[..2]
        .iter()
        .all(|l| l.done_by.iter().any(|s| s.step == Step::Reassign)));
    assert_eq!(plan.counts(), (0, 1, 2, 0));
}

#[test]
fn a_forgotten_job_whose_leaver_is_still_there_is_started_again() {
    let (mut plan, portal) = with_owners(2, &["u0"]);
    portal.vanish.borrow_mut().insert(
        "u0".into(),
        Vanish {
            times: 1,
            ran: false,
        },
    );
    go(&mut plan, &portal);
    assert_eq!(
        portal.count(|c| matches!(c, Call::Start(..))),
        2,
        "started again"
    );
    assert!(plan.leavers[0].handed_over);
    assert_eq!(plan.counts(), (0, 2, 0, 0));
    // A job that vanishes every time fails, after a bounded number of starts.
    let (mut plan, portal) = with_owners(2, &["u0"]);
    portal.vanish.borrow_mut().insert(
        "u0".into(),
        Vanish {
            times: 10,
            ran: false,
        },
    );
    go(&mut plan, &portal);
    assert_eq!(portal.count(|c| matches!(c, Call::Start(..))), 3);
    match &plan.leavers[0].state {
        LeaverState::Failed {
            step,
            reason,
            retry,
        } => {
            assert_eq!((*step, *retry), (Step::Reassign, true));
            assert!(reason.contains("lost the handover job"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_tab_closed_while_a_handover_starts_resumes_by_asking_for_its_job() {
    let (mut plan, portal) = with_owners(8, &["u0", "u1", "u2", "u3", "u4"]);
    plan.delete_owners_on_handover = true;
    // What the page saved at each report, and how many calls were made by then.
    let saved = std::cell::RefCell::new(Vec::new());
    go_reporting(&mut plan, &portal, &mut |p| {
        saved
            .borrow_mut()
            .push((portal.calls().len(), serde_json::to_string(p).unwrap()));
    });
    let starts: Vec<(usize, String)> = portal
        .calls()
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Call::Start(from, ..) => Some((i, from.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(starts.len(), 5);
    for (at, from) in starts {
        // The tab closes while this start is in flight (the portal may have run the job and
        // deleted them as asked): the page holds the last save before it.
        let saved = saved.borrow();
        let (_, last) = saved
            .iter()
            .rev()
            .find(|(calls_then, _)| *calls_then <= at)
            .expect("a save before the start");
        let resumed: OffboardingPlan = serde_json::from_str(last).unwrap();
        let leaver = resumed.leavers.iter().find(|l| l.id == from).unwrap();
        assert_eq!(
            leaver.state,
            LeaverState::Reassigning,
            "{from}: saved as handing over, so a resume asks for the job instead of starting \
             it again (which the portal refuses for someone it deleted)"
        );
    }
}
