//! The progress, person state by person state; the run's own reports are checked against it
//! in `run/tests/progress.rs`.

use super::*;
use crate::api::Person;
use crate::lifecycle::plan::{Actor, Heir, SignOut};

fn person(id: &str, status: u8) -> Person {
    serde_json::from_value(serde_json::json!({
        "id": id, "displayName": format!("Person {id}"), "email": format!("{id}@example.com"),
        "status": status, "isOwner": id == "me", "isCollaborator": id != "me",
    }))
    .unwrap()
}

/// A plan without the sign-out step (its progress has tests of its own below).
fn plan_of(n: usize) -> OffboardingPlan {
    let people = (0..n).map(|i| person(&format!("u{i}"), 1)).collect();
    let mut plan = OffboardingPlan::new(&person("me", 1), people, vec![]);
    plan.set_sign_out_first(false);
    plan
}

fn set(plan: &mut OffboardingPlan, i: usize, state: LeaverState) {
    plan.leavers[i].state = state;
}

fn failed(step: Step) -> LeaverState {
    LeaverState::Failed {
        step,
        reason: "Access denied".into(),
        retry: false,
    }
}

fn with_heir(plan: &mut OffboardingPlan, owners: &[usize]) {
    plan.heir = Some(Heir {
        id: "heir".into(),
        name: "Hana Heir".into(),
        email: "hana@example.com".into(),
    });
    for &i in owners {
        plan.leavers[i].owns_rooms = true;
        plan.leavers[i].rooms_checked = true;
    }
}

#[test]
fn a_new_plan_disables_then_deletes_everyone() {
    let plan = plan_of(240);
    let progress = plan.progress();
    assert_eq!(progress.line(), "Disable 0/240 · Delete 0/240");
    assert_eq!(progress.current, Some(Step::Terminate));
    assert_eq!(progress.working(false), "Disabling 0 of 240…");
    assert_eq!(progress.units(), (0, 480));
    assert_eq!(progress.tone(false), Tone::Ok);
}

#[test]
fn deleted_counts_for_disable_and_delete_and_gone_for_every_step() {
    let mut plan = plan_of(4);
    with_heir(&mut plan, &[0, 1]);
    set(&mut plan, 0, LeaverState::Gone);
    set(&mut plan, 1, LeaverState::Reassigning);
    set(&mut plan, 2, LeaverState::Deleted);
    set(&mut plan, 3, LeaverState::Terminated);
    let progress = plan.progress();
    assert_eq!(
        progress.line(),
        "Disable 4/4 · Hand over 1/2 · Delete 2/4",
        "the one handing over is disabled, not handed over yet"
    );
    assert_eq!(progress.current, Some(Step::Reassign));
    assert_eq!(progress.working(false), "Handing over rooms 1 of 2…");
    assert_eq!(progress.units(), (7, 10));
}

#[test]
fn a_handover_done_counts_before_the_deletion() {
    let mut plan = plan_of(3);
    with_heir(&mut plan, &[0]);
    plan.leavers[0].handed_over = true;
    set(&mut plan, 0, LeaverState::Terminated);
    set(&mut plan, 1, LeaverState::Terminated);
    set(&mut plan, 2, LeaverState::Terminated);
    let progress = plan.progress();
    assert_eq!(progress.line(), "Disable 3/3 · Hand over 1/1 · Delete 0/3");
    assert_eq!(progress.current, Some(Step::Delete));
    assert_eq!(progress.working(false), "Deleting 0 of 3…");
}

#[test]
fn hand_over_is_shown_only_with_a_heir_and_someone_owning_rooms() {
    let mut plan = plan_of(3);
    plan.leavers[0].owns_rooms = true;
    assert_eq!(
        plan.progress().line(),
        "Disable 0/3 · Delete 0/3",
        "no heir"
    );
    let mut plan = plan_of(3);
    with_heir(&mut plan, &[]);
    assert_eq!(
        plan.progress().line(),
        "Disable 0/3 · Delete 0/3",
        "no owner"
    );
    with_heir(&mut plan, &[2]);
    assert_eq!(
        plan.progress().line(),
        "Disable 0/3 · Hand over 0/1 · Delete 0/3"
    );
}

#[test]
fn a_failure_is_a_problem_of_its_step_and_the_steps_before_it_stay_done() {
    let mut plan = plan_of(5);
    with_heir(&mut plan, &[1]);
    set(&mut plan, 0, failed(Step::Terminate));
    set(&mut plan, 1, failed(Step::Reassign));
    set(&mut plan, 2, failed(Step::Delete));
    set(&mut plan, 3, LeaverState::Deleted);
    set(&mut plan, 4, LeaverState::Deleted);
    let progress = plan.progress();
    assert_eq!(
        progress.steps,
        vec![
            StepCount {
                step: Step::Terminate,
                done: 4,
                problems: 1,
                total: 5
            },
            StepCount {
                step: Step::Reassign,
                done: 0,
                problems: 1,
                total: 1
            },
            StepCount {
                step: Step::Delete,
                done: 2,
                problems: 1,
                total: 5
            },
        ]
    );
    assert_eq!(
        progress.line(),
        "Disable 4/5 · Hand over 0/1 · Delete 2/5 · 3 problems"
    );
    assert_eq!(progress.current, None, "nothing more to do");
    assert_eq!(progress.tone(false), Tone::Warn);
    assert_eq!(progress.tone(true), Tone::Danger);
    assert_eq!(
        progress.finished(),
        "Finished with 3 problems: the reason is next to each person."
    );
}

#[test]
fn the_words_at_the_end_count_problems_in_the_singular_and_plural() {
    let mut plan = plan_of(3);
    for i in 0..3 {
        set(&mut plan, i, LeaverState::Deleted);
    }
    assert_eq!(plan.progress().finished(), "Finished.");
    assert_eq!(plan.progress().units(), (6, 6));
    set(&mut plan, 1, failed(Step::Delete));
    assert_eq!(
        plan.progress().finished(),
        "Finished with 1 problem: the reason is next to the person."
    );
    assert_eq!(
        plan.progress().line(),
        "Disable 3/3 · Delete 2/3 · 1 problem"
    );
    assert_eq!(problems_count(2), "2 problems");
}

#[test]
fn held_up_says_so_in_words_as_well_as_in_colour() {
    let plan = plan_of(2);
    let progress = plan.progress();
    assert_eq!(progress.tone(true).class(), "tone-danger");
    assert_eq!(
        progress.working(true),
        "Disabling 0 of 2: held up by the error above, and going on by itself when it clears…"
    );
}

#[test]
fn finished_before_deleting_drops_the_delete_step_and_says_who_was_left() {
    let mut plan = plan_of(4);
    set(&mut plan, 0, LeaverState::Terminated);
    set(&mut plan, 1, LeaverState::Terminated);
    plan.finish_now();
    let progress = plan.progress();
    assert_eq!(progress.line(), "Disable 2/4");
    assert_eq!(
        plan.ended_early().as_deref(),
        Some("Ended early: 2 not disabled, 2 kept disabled, not deleted.")
    );
    // Some deleted already: the deletion stays in view, as far as it went.
    set(&mut plan, 1, LeaverState::Deleted);
    assert_eq!(plan.progress().line(), "Disable 2/4 · Delete 1/4");
    assert_eq!(plan_of(1).ended_early(), None);
}

#[test]
fn those_disabled_before_the_run_are_past_the_first_step_from_the_start() {
    let people = vec![person("u0", 2), person("u1", 1)];
    let mut plan = OffboardingPlan::new(&person("me", 1), people, vec![]);
    plan.confirm(&Actor {
        id: "me".into(),
        name: "Me".into(),
    });
    assert_eq!(
        plan.progress().line(),
        "Sign out 0/1 · Disable 1/2 · Delete 0/2",
        "nobody signs out who was disabled already"
    );
}

#[test]
fn the_sign_out_comes_first_and_a_failed_one_is_one_problem() {
    let mut plan = plan_of(3);
    plan.set_sign_out_first(true);
    assert_eq!(plan.progress().current, Some(Step::SignOut));
    assert_eq!(plan.progress().working(false), "Signing out 0 of 3…");
    assert_eq!(plan.progress().units(), (0, 9));
    plan.leavers[0].signed_out = SignOut::Done;
    plan.leavers[1].signed_out = SignOut::Failed("Internal".into());
    let progress = plan.progress();
    assert_eq!(
        progress.line(),
        "Sign out 1/3 · Disable 0/3 · Delete 0/3 · 1 problem"
    );
    assert_eq!(progress.current, Some(Step::SignOut), "u2 waits for it");
    plan.leavers[2].signed_out = SignOut::Done;
    assert_eq!(plan.progress().current, Some(Step::Terminate));
    // Disabled: still a problem (the reason says the disable ended their sessions).
    set(&mut plan, 1, LeaverState::Terminated);
    assert_eq!(
        plan.progress().line(),
        "Sign out 2/3 · Disable 1/3 · Delete 0/3 · 1 problem"
    );
    // Their disable failed too: one problem for them, the disable's.
    set(&mut plan, 1, failed(Step::Terminate));
    assert_eq!(
        plan.progress().line(),
        "Sign out 2/3 · Disable 0/3 · Delete 0/3 · 1 problem"
    );
}
