//! One account's whole life through the wizard (`/lifecycle`: create → verify → disable →
//! delete), every API answer 50 ms late, against the seed's four calls sent from Rust.

use std::time::{Duration, Instant};

use docspace_e2e::{button, field, find, journey_within, sign_in_with_key, Sim};
use docspace_sim::Role;
use fantoccini::Client;
use serde_json::json;

use crate::offboarding::{call, http, latency, LATENCY_MS};
use crate::page::{env_usize, instrument, js, js_f64, row, stamp, stat};

const SEED_CALLS: u64 = 4;

struct WizardRun {
    ms: f64,
    requests: u64,
    routes: Vec<String>,
}

/// Waits until the wizard shows the step titled `title`.
async fn at_step(c: &Client, title: &str) {
    find(
        c,
        &format!("//section[contains(@class,'step')]/h2[normalize-space(.)='{title}']"),
    )
    .await;
}

/// Clicks `name` once `when_js` is set up, and returns the time from the click to the stamp.
async fn timed_click(c: &Client, name: &str, stamp_name: &str, predicate: &str) -> f64 {
    js(
        c,
        &format!("window.__bench.when('{stamp_name}', () => {predicate})"),
    )
    .await;
    find(c, &button(name))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {name}: {e}"));
    let at = stamp(c, stamp_name, Duration::from_secs(30)).await;
    at - js_f64(c, "return window.__bench.lastClick").await
}

fn step_title(title: &str) -> String {
    format!(
        "[...document.querySelectorAll('section.step h2')].some(h => h.textContent.trim() === '{title}')"
    )
}

pub async fn bench() {
    let runs = env_usize("BENCH_RUNS", 7);
    let sim = Sim::start_with(200, latency()).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let faults = sim.faults.clone();
    let (tx, rx) = std::sync::mpsc::channel::<WizardRun>();
    journey_within(
        "bench-lifecycle",
        Duration::from_secs(600),
        move |c| async move {
            instrument(&c).await;
            c.goto(&format!("{base}/lifecycle")).await.expect("open");
            sign_in_with_key(&c, &key).await;
            for run in 0..=runs {
                at_step(&c, "1. Pick the account, or create one").await;
                let before = faults.counts();
                let email = format!("john.doe.{run}@example.com");
                for (label, text) in [
                    ("First name", "John"),
                    ("Last name", "Doe"),
                    ("Email", email.as_str()),
                ] {
                    find(&c, &field(label))
                        .await
                        .send_keys(text)
                        .await
                        .expect("type");
                }
                let create = timed_click(
                    &c,
                    "Create account",
                    "verified",
                    &format!(
                        "{} && document.querySelector('dd.verified-name')",
                        step_title("2. Verify: read the account back")
                    ),
                )
                .await;
                let verify = timed_click(
                    &c,
                    "Continue",
                    "step-3",
                    &step_title("3. Disable the account"),
                )
                .await;
                let disable = timed_click(
                    &c,
                    "Disable John Doe",
                    "step-5",
                    &step_title("5. Delete the account"),
                )
                .await;
                find(&c, &field(&format!("Type {email} to confirm")))
                    .await
                    .send_keys(&email)
                    .await
                    .expect("type the email");
                let delete = timed_click(
                    &c,
                    "Delete John Doe",
                    "receipt",
                    "document.querySelector('section.receipt')",
                )
                .await;
                let after = faults.counts();
                let mut routes = Vec::new();
                let mut requests = 0;
                for (route, n) in &after {
                    let n = n - before.get(route).copied().unwrap_or(0);
                    if n > 0 {
                        requests += n;
                        routes.push(format!(
                            "`{route}`{}",
                            if n > 1 {
                                format!(" ×{n}")
                            } else {
                                String::new()
                            }
                        ));
                    }
                }
                if run > 0 {
                    tx.send(WizardRun {
                        ms: create + verify + disable + delete,
                        requests,
                        routes,
                    })
                    .expect("send");
                }
                find(&c, &button("Offboard someone else"))
                    .await
                    .click()
                    .await
                    .expect("start again");
            }
        },
    )
    .await;
    let wizard: Vec<WizardRun> = rx.try_iter().collect();

    // The seed's four calls, one after the other, on the same simulator.
    let client = http();
    let owner = sim.key(Role::Owner);
    let mut seed_ms = Vec::new();
    let mut seed_requests = Vec::new();
    for run in 0..=runs {
        let r0 = sim.requests();
        let started = Instant::now();
        let body = json!({
            "firstName": "Jane", "lastName": "Roe",
            "email": format!("jane.roe.{run}@example.com"), "type": "User"
        });
        let url = |path: &str| format!("{}/api/2.0/people{path}", sim.base);
        let (status, created) = call(&client, "POST", &url(""), &owner, Some(body)).await;
        assert_eq!(status, 200, "create: {created}");
        let id = created["response"]["id"]
            .as_str()
            .expect("the new account's id")
            .to_string();
        let (status, _) = call(&client, "GET", &url(&format!("/{id}")), &owner, None).await;
        assert_eq!(status, 200, "verify");
        let ids = json!({ "userIds": [id] });
        let (status, _) = call(&client, "PUT", &url("/status/2"), &owner, Some(ids.clone())).await;
        assert_eq!(status, 200, "terminate");
        let (status, _) = call(&client, "PUT", &url("/delete"), &owner, Some(ids)).await;
        assert_eq!(status, 200, "delete");
        if run > 0 {
            seed_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            seed_requests.push(sim.requests() - r0);
        }
    }
    assert!(seed_requests.iter().all(|&r| r == SEED_CALLS));

    let wizard_ms: Vec<f64> = wizard.iter().map(|w| w.ms).collect();
    let requests: Vec<u64> = wizard.iter().map(|w| w.requests).collect();
    let (lo, hi) = (
        requests.iter().min().copied().unwrap_or(0),
        requests.iter().max().copied().unwrap_or(0),
    );
    let wizard_requests = if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    };
    let floor = (SEED_CALLS * LATENCY_MS) as f64;
    println!("@@section lifecycle");
    println!(
        "### One account's lifecycle: create → verify → disable → delete\n\n\
         docspace-sim, every API answer {LATENCY_MS} ms late, signed in as the owner. {runs} runs \
         after one not counted.\n\
         - **the wizard** (`/lifecycle`, release build, headless Chromium): the bench types a new \
         person's name and email, clicks Create account, Continue, Disable, types the email to \
         confirm and clicks Delete. The time is the sum, over those four clicks, of click → the \
         next step on screen (browser's clock), leaving out the typing; the requests include the \
         email check made while the email is typed. Requests of one run: {}.\n\
         - **the seed's four calls** from Rust, one after the other: `POST /api/2.0/people`, \
         `GET /api/2.0/people/{{id}}`, `PUT /api/2.0/people/status/2`, `PUT /api/2.0/people/delete`.\n\n\
         | way | requests | wall time median ms | min ms | max ms | runs |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |",
        wizard.first().map(|w| w.routes.join(", ")).unwrap_or_default()
    );
    let with_requests = |label: &str, requests: &str, values: &[f64]| {
        let r = row(label, values, 0);
        let cut = r[1..].find('|').map(|i| i + 1).unwrap_or(0);
        format!("{}| {requests} |{}", &r[..cut], &r[cut + 1..])
    };
    println!(
        "{}",
        with_requests(
            "the wizard (machine time, no typing)",
            &wizard_requests,
            &wizard_ms
        )
    );
    println!(
        "{}",
        with_requests("the seed's four calls", &SEED_CALLS.to_string(), &seed_ms)
    );
    println!("| the floor ({SEED_CALLS} round trips × {LATENCY_MS} ms) | {SEED_CALLS} | {floor:.0} | | | |");
    println!(
        "\nThe wizard takes {:.2}× the time of the seed's four calls (medians); its extra requests \
         are the checks the seed leaves out (the email is free, the rooms they own, the 404 after \
         the deletion).",
        stat(&wizard_ms).median / stat(&seed_ms).median
    );
}
