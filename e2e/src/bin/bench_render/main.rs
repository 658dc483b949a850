//! How fast the first 100 rows of a 10,000-person portal appear: run by `cargo xtask bench`
//! against the release build of the panel (`dist/`), in headless Chromium. Prints a Markdown
//! section for BENCHMARKS.md.
//!
//! Each sample is a fresh load of `/people`. From the browser's own timeline: the round trip of
//! `GET /people/filter` (request start to response end), and the rendering after it (response
//! end to the frame in which the rows are in the page, marked by the panel).

use docspace_e2e::{button, field, find, journey, sign_in_with_key, until_count, Sim};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::{FaultSpec, Role};
use fantoccini::Locator;

const LEAVERS: usize = 1000;
const LATENCY_MS: u64 = 50;

const USERS: usize = 10_000;
const SAMPLES: usize = 20;

const TIMINGS: &str = "
    const mark = performance.getEntriesByName('docspace-admin:first-rows')[0];
    const request = performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/api/2.0/people/filter'))[0];
    if (!mark || !request) return null;
    return [request.responseEnd - request.requestStart, mark.startTime - request.responseEnd, mark.startTime];
";

fn summary(label: &str, mut values: Vec<f64>) -> String {
    values.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    format!(
        "| {label} | {:.1} | {:.1} | {:.1} |",
        at(0.5),
        at(0.95),
        values[values.len() - 1]
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sim = Sim::start(USERS).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let (tx, rx) = std::sync::mpsc::channel::<Vec<[f64; 3]>>();
    journey("bench-render", move |c| async move {
        c.goto(&format!("{base}/people")).await.expect("open");
        sign_in_with_key(&c, &key).await;
        let mut samples = Vec::with_capacity(SAMPLES);
        for _ in 0..SAMPLES + 2 {
            c.goto(&format!("{base}/people")).await.expect("reload");
            find(&c, "//table[contains(@class,'people')]/tbody/tr[100]").await;
            // The mark lands in the animation frame after the rows: wait for it, boundedly.
            let mut timing = None;
            for _ in 0..250 {
                let value = c.execute(TIMINGS, vec![]).await.expect("timings");
                if let Some(v) = value.as_array() {
                    timing = Some([0, 1, 2].map(|i| v[i].as_f64().unwrap_or(f64::NAN)));
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            let timing = timing.expect("the panel marked its first rows within 5 s");
            let rows = c
                .find_all(Locator::Css("table.people tbody tr"))
                .await
                .expect("rows")
                .len();
            assert_eq!(rows, 100);
            samples.push(timing);
        }
        // The first loads warm the browser's caches; they are not counted.
        tx.send(samples.split_off(2)).expect("send");
    })
    .await;
    let samples = rx.recv().expect("samples");
    let column = |i: usize| samples.iter().map(|s| s[i]).collect::<Vec<_>>();
    let chromium = std::process::Command::new("chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("## The panel: first 100 rows of a portal of {USERS} people\n");
    println!(
        "Measured by `cargo xtask bench`: the release build of the panel (`trunk build --release`)\n\
         served by docspace-sim with {USERS} people, in headless {chromium}, signed in as the owner;\n\
         {SAMPLES} fresh loads of `/people` after 2 warm-up loads. Times in milliseconds, from the\n\
         browser's performance timeline: the round trip of `GET /people/filter?count=100`, and the\n\
         rendering after it, up to the frame in which the 100 rows are in the page.\n"
    );
    println!("| measure | median ms | p95 ms | max ms |\n| --- | --- | --- | --- |");
    println!("{}", summary("round trip of the first page", column(0)));
    println!("{}", summary("rendering after the answer", column(1)));
    println!("{}", summary("page load to rows on screen", column(2)));
    offboarding().await;
}

/// Offboarding 1,000 people through the panel, with every API answer 50 ms late: the review
/// (reading who they are), then the run (disable, then delete after the typed confirmation).
async fn offboarding() {
    let sim = Sim::start_with(
        LEAVERS + 400,
        FaultSpec {
            latency_ms: LATENCY_MS,
            seed: 7,
            ..Default::default()
        },
    )
    .await;
    {
        let mut portal = sim.portal.lock().expect("the portal");
        let mut marked = 0;
        for user in portal.users.iter_mut().skip(5) {
            if marked < LEAVERS
                && user.status == EmployeeStatus::Active
                && user.employee_type != EmployeeType::DocSpaceAdmin
            {
                user.last_name = "Leaver".into();
                marked += 1;
            }
        }
        assert_eq!(marked, LEAVERS, "enough active people to offboard");
    }
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let faults = sim.faults.clone();
    let (tx, rx) = std::sync::mpsc::channel::<(f64, u64, f64, u64)>();
    journey("bench-offboard", move |c| async move {
        let requests = || faults.counts().values().sum::<u64>();
        c.goto(&format!("{base}/people?q=leaver"))
            .await
            .expect("open");
        sign_in_with_key(&c, &key).await;
        until_count(&c, &format!("Showing 100 of {LEAVERS} people")).await;
        c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
            .await
            .expect("a row")
            .click()
            .await
            .expect("select");
        find(&c, &button(&format!("Select all {LEAVERS} matching")))
            .await
            .click()
            .await
            .expect("all");
        let (t0, r0) = (std::time::Instant::now(), requests());
        find(&c, &button(&format!("Offboard {LEAVERS} selected…")))
            .await
            .click()
            .await
            .expect("offboard");
        find(
            &c,
            &format!("//h2[normalize-space(.)='{LEAVERS} people will be offboarded']"),
        )
        .await;
        let review = (t0.elapsed().as_secs_f64() * 1000.0, requests() - r0);
        let (t1, r1) = (std::time::Instant::now(), requests());
        find(&c, &button(&format!("Disable {LEAVERS} people")))
            .await
            .click()
            .await
            .expect("disable");
        let confirm = find(&c, &field(&format!("Type {LEAVERS} to confirm"))).await;
        let disabled_at = t1.elapsed();
        confirm.send_keys(&LEAVERS.to_string()).await.expect("type");
        let t2 = std::time::Instant::now();
        find(&c, &button(&format!("Delete {LEAVERS} people")))
            .await
            .click()
            .await
            .expect("delete");
        find(&c, "//p[contains(@class,'done-note')]").await;
        // The time spent typing the confirmation is not the panel's.
        let run_ms = (disabled_at + t2.elapsed()).as_secs_f64() * 1000.0;
        tx.send((review.0, review.1, run_ms, requests() - r1))
            .expect("send");
    })
    .await;
    let (review_ms, review_requests, run_ms, run_requests) = rx.recv().expect("timings");
    println!(
        "\n## The panel: offboarding {LEAVERS} people\n\n\
         Measured by `cargo xtask bench`: every API answer of docspace-sim {LATENCY_MS} ms late, one run,\n\
         signed in as the owner, all {LEAVERS} selected from a filtered list (\"Select all matching\"),\n\
         no room handover. The run's time leaves out the person typing the confirmation.\n\n\
         | phase | requests | wall time ms |\n| --- | --- | --- |\n\
         | review (who they are, pages of 100) | {review_requests} | {review_ms:.0} |\n\
         | run (disable in batches of 100, then delete in batches of 100) | {run_requests} | {run_ms:.0} |"
    );
}
