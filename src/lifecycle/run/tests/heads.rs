//! New heads of the groups the leavers head: set before anyone is disabled, read from the
//! answer, retried like a batch, and never holding the run up.

use super::*;
use crate::lifecycle::plan::{HeadState, Heir};

/// A leaver `id` who heads the group `g-{id}` and is in `g-other`.
fn head_of_group(id: &str) -> Person {
    let mut p = person(id, false);
    p.user_name = format!("{id}.name");
    p.groups = serde_json::from_value(serde_json::json!([
        {"id": format!("g-{id}"), "name": format!("Team {id}"), "manager": format!("{id}.name")},
        {"id": "g-other", "name": "Other", "manager": "someone.else"},
    ]))
    .unwrap();
    p
}

fn plan_with_heads(choose: bool) -> OffboardingPlan {
    let mut people: Vec<Person> = (0..3).map(|i| person(&format!("u{i}"), false)).collect();
    people.push(head_of_group("lead"));
    let mut plan = OffboardingPlan::new(&person(ME, true), people, vec![]);
    if choose {
        plan.choose_head("g-lead", Some(heir())).unwrap();
    }
    plan.confirm(&me());
    plan
}

#[test]
fn the_review_knows_each_leavers_groups_and_which_they_head() {
    let plan = plan_with_heads(false);
    let lead = plan.leavers.iter().find(|l| l.id == "lead").unwrap();
    assert_eq!(lead.groups.len(), 2);
    assert!(lead.groups[0].head && !lead.groups[1].head);
    assert_eq!(plan.heads.len(), 1, "only the group they head");
    assert_eq!(plan.heads[0].group_name, "Team lead");
    assert!(plan.heads[0]
        .summary()
        .contains("keeps Person lead as its head"));
    // A leaver cannot be the new head.
    let mut plan = plan;
    let leaver = Heir {
        id: "u1".into(),
        name: "Person u1".into(),
        email: "u1@example.com".into(),
    };
    assert!(plan.choose_head("g-lead", Some(leaver)).is_err());
    assert!(plan.choose_head("g-other", Some(heir())).is_err());
}

#[test]
fn the_new_head_is_set_before_anyone_is_disabled() {
    let portal = Scripted::default();
    let mut plan = plan_with_heads(true);
    assert_eq!(go(&mut plan, &portal).0, Ended::Settled);
    let calls = portal.calls();
    assert_eq!(
        calls[0],
        Call::Head("g-lead".into(), "heir-id".into()),
        "{calls:?}"
    );
    assert_eq!(portal.count(|c| matches!(c, Call::Head(..))), 1);
    // Then everyone is signed out, then disabled.
    assert!(calls[1..5].iter().all(is_sign_out), "{calls:?}");
    assert!(is_disable(&calls[5]));
    assert_eq!(plan.heads[0].state, HeadState::Done);
    assert_eq!(plan.counts(), (0, 4, 0, 0));
    assert!(
        plan.receipt_csv()
            .contains("“Team lead”: Hana Heir (hana@example.com) is its head now."),
        "{}",
        plan.receipt_csv()
    );
    assert!(plan.receipt_json().contains("\"newHeads\""));
    // Resumed: nothing is set twice.
    go(&mut plan, &portal);
    assert_eq!(portal.count(|c| matches!(c, Call::Head(..))), 1);
}

#[test]
fn left_empty_nothing_is_sent_for_the_group() {
    let portal = Scripted::default();
    let mut plan = plan_with_heads(false);
    go(&mut plan, &portal);
    assert_eq!(portal.count(|c| matches!(c, Call::Head(..))), 0);
    assert_eq!(plan.heads[0].state, HeadState::Waiting);
    assert_eq!(plan.counts(), (0, 4, 0, 0));
}

#[test]
fn a_head_the_portal_skips_or_refuses_is_not_done_and_the_run_goes_on() {
    let mut portal = Scripted::default();
    portal.not_heads.insert("heir-id".into());
    let mut plan = plan_with_heads(true);
    go(&mut plan, &portal);
    match &plan.heads[0].state {
        HeadState::Failed(why) => assert!(why.contains("did not make Hana Heir its head"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(plan.heads[0].summary().contains("was not made its head"));
    assert_eq!(
        plan.counts(),
        (0, 4, 0, 0),
        "everyone disabled all the same"
    );

    let portal = Scripted::default();
    portal.errors.borrow_mut().push_back((
        |c| matches!(c, Call::Head(..)),
        ApiError::Forbidden("Access denied".into()),
    ));
    let mut plan = plan_with_heads(true);
    go(&mut plan, &portal);
    assert!(matches!(&plan.heads[0].state, HeadState::Failed(m) if m.contains("Access denied")));
    assert_eq!(plan.counts(), (0, 4, 0, 0));
}

#[test]
fn a_lost_answer_is_sent_again_and_a_401_waits_for_sign_in() {
    let portal = Scripted::default();
    portal.errors.borrow_mut().push_back((
        |c| matches!(c, Call::Head(..)),
        ApiError::Network("offline".into()),
    ));
    let mut plan = plan_with_heads(true);
    let (ended, notes) = go(&mut plan, &portal);
    assert_eq!(ended, Ended::Settled);
    assert_eq!(
        portal.count(|c| matches!(c, Call::Head(..))),
        2,
        "{notes:?}"
    );
    assert_eq!(plan.heads[0].state, HeadState::Done);

    let portal = Scripted::default();
    portal
        .errors
        .borrow_mut()
        .push_back((|c| matches!(c, Call::Head(..)), ApiError::Unauthorized));
    let mut plan = plan_with_heads(true);
    assert_eq!(go(&mut plan, &portal).0, Ended::SignIn);
    assert!(!sent_any(&portal), "nobody disabled before the head is set");
    assert_eq!(plan.heads[0].state, HeadState::Waiting);
    assert_eq!(go(&mut plan, &portal).0, Ended::Settled);
    assert_eq!(plan.heads[0].state, HeadState::Done);
}
