//! The progress the run reports (`OffboardingPlan::progress`), seen the way the page sees it:
//! after every answer. Through refusals, batches the portal keeps failing, people deleted by
//! someone else, handovers that take a while or fail, the deletion and trying again, no step's
//! count ever goes down from one report to the next.

use std::cell::RefCell;

use super::*;
use crate::lifecycle::plan::{RunProgress, Step};

/// A small generator, so that each seed is another script and each script repeats.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }

    fn ids(&mut self, n: usize, most: usize) -> Vec<String> {
        let k = self.below(most + 1);
        (0..k).map(|_| format!("u{}", self.below(n))).collect()
    }
}

fn server_error() -> ApiError {
    ApiError::Server {
        status: 500,
        message: "Internal".into(),
    }
}

/// A plan of `n` and a portal whose owners, refusals, failures and outside deletions are
/// drawn from `seed`.
fn scripted(seed: u64, n: usize) -> (OffboardingPlan, Scripted) {
    let mut draw = Draw(seed);
    let owners = draw.ids(n, 8);
    let owners: Vec<&str> = owners.iter().map(String::as_str).collect();
    let (plan, mut portal) = with_owners(n, &owners);
    for owner in &owners {
        let polls = draw.below(4) as u32;
        portal
            .polls_left
            .borrow_mut()
            .insert(owner.to_string(), polls);
        if draw.below(4) == 0 {
            portal
                .handover_fails
                .insert(owner.to_string(), "The rooms could not move.".into());
        }
    }
    portal.refused = draw.ids(n, 3).into_iter().collect();
    portal.admins = draw.ids(n, 2).into_iter().collect();
    portal.deleted = RefCell::new(draw.ids(n, 3).into_iter().collect());
    let mut errors = portal.errors.borrow_mut();
    for _ in 0..draw.below(7) {
        errors.push_back((is_disable, server_error()));
    }
    for _ in 0..draw.below(7) {
        errors.push_back((is_delete, server_error()));
    }
    drop(errors);
    (plan, portal)
}

/// Runs the plan as `me`, keeping the progress as it was before and after every report.
fn go_watching(plan: &mut OffboardingPlan, portal: &Scripted, seen: &mut Vec<RunProgress>) {
    seen.push(plan.progress());
    block(run(
        plan,
        portal,
        &scripted::person(ME, true),
        &|| false,
        &mut |p, _| seen.push(p.progress()),
    ));
    seen.push(plan.progress());
}

/// Every step's count of those past it only grows, from one report to the next; within one
/// run its problems only grow too (only trying again takes them back).
fn assert_only_grows(seen: &[RunProgress], problems_too: bool, seed: u64) {
    for (before, after) in seen.iter().zip(seen.iter().skip(1)) {
        assert_eq!(before.steps.len(), after.steps.len(), "seed {seed}");
        for (b, a) in before.steps.iter().zip(&after.steps) {
            assert_eq!((b.step, b.total), (a.step, a.total), "seed {seed}");
            assert!(
                a.done >= b.done,
                "seed {seed}: {:?} went down, from {:?} to {:?}",
                a.step,
                before.line(),
                after.line()
            );
            assert!(
                !problems_too || a.problems >= b.problems,
                "seed {seed}: problems went down, from {:?} to {:?}",
                before.line(),
                after.line()
            );
            assert!(a.done + a.problems <= a.total, "seed {seed}");
        }
    }
}

#[test]
fn every_step_count_only_grows_from_report_to_report_through_to_the_end() {
    for seed in 0..40 {
        let (mut plan, portal) = scripted(seed, 240);
        let mut all = Vec::new();
        for pass in 0..4 {
            let mut seen = Vec::new();
            go_watching(&mut plan, &portal, &mut seen);
            if plan.awaits_delete_confirmation(ME) {
                plan.confirm_delete(&me());
                go_watching(&mut plan, &portal, &mut seen);
            }
            assert_only_grows(&seen, true, seed);
            assert!(
                pass > 0 || seen.len() > 6,
                "seed {seed}: a report after every answer"
            );
            all.extend(seen);
            if plan.failed() == 0 || pass == 3 {
                break;
            }
            plan.retry_failed(&me());
        }
        assert_only_grows(&all, false, seed);
        assert!(plan.is_done(), "seed {seed}: the run ends");
        let end = plan.progress();
        assert_eq!(end.current, None, "seed {seed}: {}", end.line());
        let delete = end.steps.iter().find(|s| s.step == Step::Delete);
        let gone_or_deleted = plan
            .leavers
            .iter()
            .filter(|l| matches!(l.state, LeaverState::Deleted | LeaverState::Gone))
            .count();
        assert_eq!(delete.map(|s| s.done), Some(gone_or_deleted), "seed {seed}");
        let not_done = plan.failed() + plan.refused();
        assert_eq!(end.problems(), not_done, "seed {seed}: {}", end.line());
        if not_done == 0 {
            assert_eq!(end.finished(), "Finished.");
            let (done, total) = end.units();
            assert_eq!(done, total, "seed {seed}: {}", end.line());
        }
    }
}

#[test]
fn a_plain_run_reads_as_its_steps_go() {
    let (mut plan, portal) = with_owners(240, &["u1", "u2", "u3"]);
    let mut seen = Vec::new();
    go_watching(&mut plan, &portal, &mut seen);
    plan.confirm_delete(&me());
    go_watching(&mut plan, &portal, &mut seen);
    let lines: Vec<String> = seen.iter().map(RunProgress::line).collect();
    for line in [
        "Sign out 0/240 · Disable 0/240 · Hand over 0/3 · Delete 0/240",
        "Sign out 48/240 · Disable 0/240 · Hand over 0/3 · Delete 0/240",
        "Sign out 240/240 · Disable 0/240 · Hand over 0/3 · Delete 0/240",
        "Sign out 240/240 · Disable 100/240 · Hand over 0/3 · Delete 0/240",
        "Sign out 240/240 · Disable 200/240 · Hand over 0/3 · Delete 0/240",
        "Sign out 240/240 · Disable 240/240 · Hand over 3/3 · Delete 0/240",
        "Sign out 240/240 · Disable 240/240 · Hand over 3/3 · Delete 100/240",
        "Sign out 240/240 · Disable 240/240 · Hand over 3/3 · Delete 240/240",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line} in {lines:?}");
    }
    assert_eq!(plan.progress().finished(), "Finished.");
}
