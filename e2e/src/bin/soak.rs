//! The soak: 2,000 people offboarded at once through a failing, rate-limited portal, in headless
//! Chromium against the release build of the panel (`dist/`). Run by `cargo xtask soak`, which
//! writes the Markdown it prints into BENCHMARKS.md. It fails (exit code 101) if anything the
//! fault journeys check does not hold at this size: every planned person ends deleted, the
//! receipt matches the portal person by person and lists every request, nobody else changed.

use std::time::{Duration, Instant};

use docspace_e2e::offboarding::*;
use docspace_e2e::{find_within, journey_within, keep_downloads, Sim};
use docspace_sim::{FaultSpec, Role, StatusCode};

const USERS: usize = 3000;
const LEAVERS: usize = 2000;

fn spec() -> FaultSpec {
    FaultSpec {
        latency_ms: 20,
        jitter_ms: 30,
        fault_rate: 0.1,
        rate_limit: Some(10),
        rate_window: Some(Duration::from_secs(2)),
        seed: 2000,
        ..FaultSpec::default()
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sim = Sim::start_with(USERS, spec()).await;
    let plan = mark_leavers(&sim.portal, LEAVERS);
    let before = snapshot(&sim.portal);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    journey_within("soak", Duration::from_secs(900), move |c| async move {
        let started = Instant::now();
        review_all_leavers(&c, &base, &key, LEAVERS).await;
        let reviewed = started.elapsed();
        keep_downloads(&c).await;
        // The soak is about the batches: under its rate limit (10 requests per 2 s) a sign-out
        // per person would be 400 s of waiting for 2,000 people.
        leave_sign_out_to_the_disable(&c).await;
        let run = Instant::now();
        click(&c, &format!("Disable {LEAVERS} people")).await;
        find_within(&c, "//label[@for='confirm-count']", Duration::from_secs(300)).await;
        let disabled = run.elapsed();
        // A stretch of 500s as the deletion starts, besides the random faults.
        faults.outage_with(Duration::from_secs(4), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(confirm_delete(&c).await, LEAVERS);
        let mut left = finished(&c).await;
        let first_pass_failed = left;
        let mut rounds = 0;
        while left > 0 && rounds < 5 {
            rounds += 1;
            click(&c, &format!("Try the {left} not done again")).await;
            confirm_delete(&c).await;
            left = finished(&c).await;
        }
        let total = started.elapsed();
        assert_eq!(left, 0, "everyone deleted in the end");
        let (receipt, csv) = receipt(&c).await;
        assert_eq!(assert_receipt_matches_portal(&receipt, &csv, &portal, &plan), 0);
        assert_nobody_else_changed(&before, &portal, &plan);
        let counts = faults.counts();
        let terminates = receipt_requests(&receipt, "PUT", "/people/status/");
        let deletes = receipt_requests(&receipt, "PUT", "/people/delete");
        assert_eq!(terminates.len() as u64, counts[TERMINATE]);
        assert_eq!(deletes.len() as u64, counts[DELETE]);
        let all: Vec<Option<u64>> = terminates.iter().chain(&deletes).copied().collect();
        let of = |f: &dyn Fn(&Option<u64>) -> bool| all.iter().filter(|s| f(s)).count();
        let spec = spec();
        let report = format!(
            "## Soak: offboarding {LEAVERS} people through a failing portal\n\n\
             `cargo xtask soak`: the release panel in headless Chromium, docspace-sim with {USERS} people, \
             {} ms latency + up to {} ms jitter, {}% of API requests failing (500/502/503), a rate limit of {} \
             requests per {} s, and every request answered 500 for 4 s as the deletion starts. One run.\n\n\
             | | |\n|---|---|\n\
             | review (select all matching, read who they are) | {:.1} s |\n\
             | disable {LEAVERS} | {:.1} s |\n\
             | whole journey, sign-in to last deletion | {:.1} s |\n\
             | disable / delete requests sent | {} / {} |\n\
             | of which answered 200 / 429 / 5xx | {} / {} / {} |\n\
             | people not done after the first pass (the 500 stretch) | {first_pass_failed} |\n\
             | \"try again\" rounds to finish | {rounds} |\n\
             | deleted in the end | {LEAVERS} of {LEAVERS} |\n\
             | receipt matches the portal person by person; every request in it; nobody else changed | yes |",
            spec.latency_ms,
            spec.jitter_ms,
            (spec.fault_rate * 100.0).round(),
            spec.rate_limit.unwrap_or(0),
            spec.rate_window.unwrap_or_default().as_secs(),
            reviewed.as_secs_f64(),
            disabled.as_secs_f64(),
            total.as_secs_f64(),
            terminates.len(),
            deletes.len(),
            of(&|s| *s == Some(200)),
            of(&|s| *s == Some(429)),
            of(&|s| matches!(s, Some(500..=599))),
        );
        tx.send(report).expect("report");
    })
    .await;
    println!("{}", rx.recv().expect("the soak's report"));
}
