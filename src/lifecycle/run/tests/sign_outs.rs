//! The sign-out before the disable: every leaver's sessions end first, a few at a time, and a
//! sign-out the portal fails never holds their disable up.

use super::*;
use crate::lifecycle::plan::SignOut;

#[test]
fn everyone_is_signed_out_before_anyone_is_disabled() {
    let portal = Scripted::default();
    let mut plan = plan_of(15);
    assert_eq!(go(&mut plan, &portal).0, Ended::Settled);
    let calls = portal.calls();
    assert_eq!(portal.count(is_sign_out), 15, "one request per person");
    let first_disable = calls.iter().position(is_disable).unwrap();
    let last_sign_out = calls.iter().rposition(is_sign_out).unwrap();
    assert!(last_sign_out < first_disable, "{calls:?}");
    assert!(plan
        .leavers
        .iter()
        .all(|l| l.signed_out == SignOut::Done && l.state == LeaverState::Terminated));
    let outcome = &plan.outcomes()[0];
    assert_eq!(
        outcome.by,
        "Signed out everywhere by Person me (me); disabled by Person me (me)"
    );
    let line = plan.progress().line();
    assert!(line.starts_with("Sign out 15/15 · Disable 15/15"), "{line}");
}

#[test]
fn sign_outs_go_a_few_at_a_time_and_are_reported_every_few_dozen() {
    let portal = Scripted::default();
    let mut plan = plan_of(100);
    let mut signed_out = Vec::new();
    go_reporting(&mut plan, &portal, &mut |p| {
        signed_out.push(p.progress().steps[0].done);
    });
    // Six at a time, reported (saved, redrawn) once 48 more have answered and at the end:
    // 48, 96, 100, then the disable's reports.
    assert_eq!(&signed_out[..3], &[48, 96, 100]);
    assert!(signed_out[3..].iter().all(|&n| n == 100), "{signed_out:?}");
    assert_eq!(portal.count(is_sign_out), 100);
}

#[test]
fn who_was_disabled_already_and_an_unticked_sign_out_send_none() {
    let portal = Scripted::default();
    let mut people: Vec<Person> = (0..3).map(|i| person(&format!("u{i}"), false)).collect();
    people[0].status = 2;
    let mut plan = OffboardingPlan::new(&person(ME, true), people, vec![]);
    plan.confirm(&me());
    go(&mut plan, &portal);
    assert_eq!(
        portal
            .calls()
            .iter()
            .filter(|c| is_sign_out(c))
            .cloned()
            .collect::<Vec<_>>(),
        vec![Call::SignOut("u1".into()), Call::SignOut("u2".into())],
        "the portal ended u0's sessions when it disabled them"
    );
    assert_eq!(plan.progress().steps[0].total, 2);

    let portal = Scripted::default();
    let mut plan = plan_of(5);
    plan.set_sign_out_first(false);
    go(&mut plan, &portal);
    assert_eq!(portal.count(is_sign_out), 0);
    assert_eq!(plan.counts(), (0, 5, 0, 0));
    assert!(plan.progress().line().starts_with("Disable 5/5"));
}

#[test]
fn a_refused_sign_out_does_not_hold_the_disable_up_and_the_receipt_says_so() {
    let portal = Scripted {
        refused_sign_outs: ["u3".to_string()].into(),
        ..Scripted::default()
    };
    let mut plan = plan_of(8);
    go(&mut plan, &portal);
    assert_eq!(plan.counts(), (0, 8, 0, 0), "everyone disabled");
    assert_eq!(portal.count(is_sign_out), 8, "a refusal is not sent again");
    let u3 = plan.outcomes().into_iter().find(|o| o.id == "u3").unwrap();
    assert!(
        u3.reason.contains("Not signed out everywhere first (")
            && u3
                .reason
                .contains("ended their sessions when it disabled them"),
        "{}",
        u3.reason
    );
    assert_eq!(plan.progress().problems(), 1, "said, next to them");
    assert_eq!(plan.progress().steps[0].done, 7);
}

#[test]
fn a_failing_portal_is_waited_for_and_a_401_stops_before_any_disable() {
    let portal = Scripted::default();
    portal.errors.borrow_mut().extend([
        (
            is_sign_out as fn(&Call) -> bool,
            ApiError::RateLimited {
                retry_after: Some(3),
            },
        ),
        (
            is_sign_out,
            ApiError::Server {
                status: 502,
                message: "Bad gateway".into(),
            },
        ),
    ]);
    let mut plan = plan_of(4);
    let (ended, notes) = go(&mut plan, &portal);
    assert_eq!(ended, Ended::Settled);
    assert_eq!(portal.count(is_sign_out), 6, "the two failed sent again");
    assert_eq!(slept(&portal), 3000, "the longest wait of the group");
    assert!(notes[0].contains("waiting 3 s"), "{notes:?}");
    assert!(plan.leavers.iter().all(|l| l.signed_out == SignOut::Done));

    let portal = Scripted::default();
    portal
        .errors
        .borrow_mut()
        .push_back((is_sign_out, ApiError::Unauthorized));
    let mut plan = plan_of(4);
    assert_eq!(go(&mut plan, &portal).0, Ended::SignIn);
    assert!(!sent_any(&portal), "nobody disabled");
    // Signed in again: the rest are signed out, nobody twice.
    assert_eq!(go(&mut plan, &portal).0, Ended::Settled);
    assert_eq!(portal.count(is_sign_out), 5);
    assert_eq!(plan.counts(), (0, 4, 0, 0));
}

#[test]
fn a_plan_saved_before_the_sign_out_existed_leaves_it_to_the_disable() {
    let plan = plan_of(2);
    let mut saved: serde_json::Value = serde_json::to_value(&plan).unwrap();
    let object = saved.as_object_mut().unwrap();
    object.remove("sign_out_first");
    for l in object["leavers"].as_array_mut().unwrap() {
        l.as_object_mut().unwrap().remove("signed_out");
    }
    let mut plan: OffboardingPlan = serde_json::from_value(saved).unwrap();
    let portal = Scripted::default();
    go(&mut plan, &portal);
    assert_eq!(portal.count(is_sign_out), 0);
    assert_eq!(plan.counts(), (0, 2, 0, 0));
}
