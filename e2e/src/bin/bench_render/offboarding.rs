//! Offboarding 1,000 people with every API answer 50 ms late: the panel's bulk run (as it runs by
//! default, everyone signed out first, and with the sign-out left to the disable, which is the
//! seed's work), the seed's sequence (terminate, then delete, one person at a time) sent from Rust
//! to the same kind of simulator, and the floor of 20 round trips (1,000 people in batches of 100,
//! two calls each).

use std::time::{Duration, Instant};

use docspace_e2e::offboarding::{
    leave_sign_out_to_the_disable, mark_leavers, DELETE, SIGN_OUT, TERMINATE,
};
use docspace_e2e::{button, field, find, journey_within, sign_in_with_key, until_count, Sim};
use docspace_sim::{FaultSpec, Role};
use fantoccini::{Client, Locator};
use http_body_util::BodyExt;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HttpClient;
use serde_json::{json, Value};

use crate::page::{budget, env_usize, instrument, js, js_f64, row, stamp, stat};

pub const LATENCY_MS: u64 = 50;
/// The portal's bulk endpoints take up to 100 people per call.
const BATCH: usize = 100;
/// The panel must be at least this many times faster than the seed's sequence…
const SPEEDUP_BUDGET: f64 = 50.0;
/// …and send at most this many requests for the run.
const REQUESTS_BUDGET: u64 = 25;

pub fn latency() -> FaultSpec {
    FaultSpec {
        latency_ms: LATENCY_MS,
        seed: 7,
        ..Default::default()
    }
}

pub type Http = HttpClient<HttpConnector, String>;

pub fn http() -> Http {
    HttpClient::builder(hyper_util::rt::TokioExecutor::new()).build_http()
}

/// One API call as a script makes it: the status and the JSON answer (read whole).
pub async fn call(
    client: &Http,
    method: &str,
    url: &str,
    key: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let request = http::Request::builder()
        .method(method)
        .uri(url)
        .header("Authorization", format!("Bearer {key}"))
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .body(body.map(|b| b.to_string()).unwrap_or_default())
        .expect("a request");
    let answer = client
        .request(request)
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = answer.status().as_u16();
    let bytes = answer
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"))
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

struct PanelRun {
    review_ms: f64,
    review_requests: u64,
    run_ms: f64,
    run_requests: u64,
    terminate: u64,
    delete: u64,
    sign_outs: u64,
}

pub async fn bench() {
    let leavers = env_usize("BENCH_LEAVERS", 1000);
    let runs = env_usize("BENCH_OFFBOARD_RUNS", 5);
    let signing_out_runs = env_usize("BENCH_OFFBOARD_SIGN_OUT_RUNS", 3);
    let baseline_runs = env_usize("BENCH_BASELINE_RUNS", 3);
    let (tx, rx) = std::sync::mpsc::channel::<(bool, PanelRun)>();
    journey_within(
        "bench-offboard",
        Duration::from_secs(1200),
        move |c| async move {
            instrument(&c).await;
            for _ in 0..runs {
                tx.send((false, panel_run(&c, leavers, false).await))
                    .expect("send");
            }
            for _ in 0..signing_out_runs {
                tx.send((true, panel_run(&c, leavers, true).await))
                    .expect("send");
            }
        },
    )
    .await;
    let (signing_out, panel): (Vec<_>, Vec<_>) = rx.try_iter().partition(|(s, _)| *s);
    let panel: Vec<PanelRun> = panel.into_iter().map(|(_, r)| r).collect();
    let signing_out: Vec<PanelRun> = signing_out.into_iter().map(|(_, r)| r).collect();
    let mut baseline = Vec::new();
    for run in 0..baseline_runs {
        let (ms, requests) = sequential(leavers).await;
        eprintln!(
            "bench: the seed's sequence, run {}: {requests} requests, {ms:.0} ms",
            run + 1
        );
        baseline.push((ms, requests));
    }

    let pick = |f: fn(&PanelRun) -> f64| panel.iter().map(f).collect::<Vec<_>>();
    let run_ms = pick(|r| r.run_ms);
    let review_ms = pick(|r| r.review_ms);
    let base_ms: Vec<f64> = baseline.iter().map(|b| b.0).collect();
    let batches = leavers.div_ceil(BATCH) as u64;
    let floor_requests = 2 * batches;
    let floor_ms = (floor_requests * LATENCY_MS) as f64;
    let panel_median = stat(&run_ms).median;
    let base_median = stat(&base_ms).median;
    let speedup = base_median / panel_median;
    let max_requests = panel.iter().map(|r| r.run_requests).max().unwrap_or(0);
    let min_requests = panel.iter().map(|r| r.run_requests).min().unwrap_or(0);
    let requests_text = |lo: u64, hi: u64| {
        if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}–{hi}")
        }
    };
    let review_requests = requests_text(
        panel.iter().map(|r| r.review_requests).min().unwrap_or(0),
        panel.iter().map(|r| r.review_requests).max().unwrap_or(0),
    );
    let split = requests_text(
        panel.iter().map(|r| r.terminate).min().unwrap_or(0),
        panel.iter().map(|r| r.terminate).max().unwrap_or(0),
    ) + " + "
        + &requests_text(
            panel.iter().map(|r| r.delete).min().unwrap_or(0),
            panel.iter().map(|r| r.delete).max().unwrap_or(0),
        );
    let base_requests = requests_text(
        baseline.iter().map(|b| b.1).min().unwrap_or(0),
        baseline.iter().map(|b| b.1).max().unwrap_or(0),
    );
    // The default run: a sign-out per person (the portal has no bulk one), then the same batches.
    let so_ms: Vec<f64> = signing_out.iter().map(|r| r.run_ms).collect();
    let so_median = stat(&so_ms).median;
    let so_max_batches = signing_out
        .iter()
        .map(|r| r.run_requests - r.sign_outs)
        .max()
        .unwrap_or(0);
    let so_exact = signing_out.iter().all(|r| r.sign_outs == leavers as u64);
    let so_requests = requests_text(
        signing_out
            .iter()
            .map(|r| r.run_requests)
            .min()
            .unwrap_or(0),
        signing_out
            .iter()
            .map(|r| r.run_requests)
            .max()
            .unwrap_or(0),
    );
    budget(
        &format!("Offboarding {leavers} people at {LATENCY_MS} ms, the sign-out left to the disable (the seed's work): speed-up over the seed's sequence (medians)"),
        &format!("≥ {SPEEDUP_BUDGET:.0}×"),
        &format!("{speedup:.1}× ({base_median:.0} ms / {panel_median:.0} ms)"),
        speedup >= SPEEDUP_BUDGET,
    );
    budget(
        &format!(
            "Offboarding {leavers} people, the sign-out left to the disable: requests of the run (after the review), most of {} runs",
            panel.len()
        ),
        &format!("≤ {REQUESTS_BUDGET}"),
        &max_requests.to_string(),
        max_requests <= REQUESTS_BUDGET,
    );
    budget(
        &format!(
            "Offboarding {leavers} people, signed out first (the default): requests of the run, most of {} runs",
            signing_out.len()
        ),
        &format!("one sign-out per person + ≤ {REQUESTS_BUDGET}"),
        &format!(
            "{} sign-outs + {so_max_batches}",
            signing_out.iter().map(|r| r.sign_outs).max().unwrap_or(0)
        ),
        so_exact && so_max_batches <= REQUESTS_BUDGET && !signing_out.is_empty(),
    );

    println!("@@section offboarding");
    println!(
        "### Offboarding {leavers} people, every API answer {LATENCY_MS} ms late\n\n\
         docspace-sim with {} people, {leavers} of them active leavers named \"Leaver\", each run on a \
         fresh simulator; requests counted by the simulator (`/__sim/stats`).\n\
         - **the panel**: the release build in headless {}, signed in as the owner, all {leavers} \
         selected from the filtered list (\"Select all matching\"), no room handover; by default \
         (\"Sign them out everywhere first\" ticked) every leaver is signed out first, a request each \
         (`PUT /security/activeconnections/logoutall/{{id}}`, {at_once} at a time: what a browser \
         sends to one host over HTTP/1.1), and the runs with it unticked leave the sign-out to the \
         disable, which ends their sessions too: the seed's work. The review \
         runs from the click on \"Offboard {leavers} selected…\" to the review's title; the run from \
         the click on \"Disable {leavers} people\" to the delete confirmation, plus from the click on \
         \"Delete {leavers} people\" to \"Finished.\" (the person typing the count in between is left \
         out). Times from the browser's clock (see First load); every leaver checked gone from the \
         portal afterwards.\n\
         - **the seed's sequence**: what the recipe's script does, from Rust (hyper-util, one \
         keep-alive connection): for each person, `PUT /api/2.0/people/status/2` with \
         `{{\"userIds\":[id]}}`, then `PUT /api/2.0/people/delete` with `{{\"userIds\":[id]}}`, one \
         call after the other, each answer read before the next call.\n\
         - **the floor**: {batches} batches of {BATCH} (the bulk endpoints' limit), two calls each, \
         one after the other: {floor_requests} round trips × {LATENCY_MS} ms.\n\n\
         | way | requests | wall time median ms | min ms | max ms | runs |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |",
        leavers + 400,
        crate::chromium(),
        at_once = 6,
    );
    let with_requests = |label: &str, requests: &str, values: &[f64]| {
        let r = row(label, values, 0);
        // `| label | median …` → `| label | requests | median …`
        let cut = r[1..].find('|').map(|i| i + 1).unwrap_or(0);
        format!("{}| {requests} |{}", &r[..cut], &r[cut + 1..])
    };
    println!(
        "{}",
        with_requests(
            "the panel: review (who they are, pages of 100)",
            &review_requests,
            &review_ms
        )
    );
    println!(
        "{}",
        with_requests(
            "**the panel: the run, the sign-out left to the disable** (disable, then delete, batches of 100)",
            &format!(
                "**{}** ({split})",
                requests_text(min_requests, max_requests)
            ),
            &run_ms
        )
    );
    println!(
        "{}",
        with_requests(
            "the panel: the run as by default (a sign-out each, then the same batches)",
            &so_requests,
            &so_ms
        )
    );
    println!(
        "{}",
        with_requests(
            "the seed's sequence (terminate, then delete, one person at a time)",
            &base_requests,
            &base_ms
        )
    );
    println!("| the floor ({floor_requests} round trips × {LATENCY_MS} ms) | {floor_requests} | {floor_ms:.0} | | | |");
    println!(
        "\n**The panel is {speedup:.1}× faster than the seed's sequence** (median against median) \
         and takes {:.2}× the floor; the seed's sequence takes {:.1}× the floor. Signed out first \
         (the default), the run takes {so_median:.0} ms, {:.1}× faster than the seed's sequence \
         that signs nobody out: the sign-outs are one request per person, as the portal has no \
         bulk form.",
        panel_median / floor_ms,
        base_median / floor_ms,
        base_median / so_median
    );
}

/// One bulk run through the panel on a fresh simulator, signing everyone out first or not.
async fn panel_run(c: &Client, n: usize, sign_out_first: bool) -> PanelRun {
    let sim = Sim::start_with(n + 400, latency()).await;
    let plan = mark_leavers(&sim.portal, n);
    let key = sim.key(Role::Owner);
    c.goto(&format!("{}/people?q=leaver", sim.base))
        .await
        .expect("open");
    sign_in_with_key(c, &key).await;
    until_count(c, &format!("Showing {} of {n} people", n.min(100))).await;
    c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
        .await
        .expect("a row")
        .click()
        .await
        .expect("select");
    click(c, &format!("Select all {n} matching")).await;

    js(
        c,
        &format!(
            "window.__bench.when('review', () => [...document.querySelectorAll('h2')]
                .some(h => h.textContent.trim() === '{n} people will be offboarded'))"
        ),
    )
    .await;
    let r0 = sim.requests();
    click(c, &format!("Offboard {n} selected…")).await;
    let reviewed = stamp(c, "review", Duration::from_secs(60)).await;
    let review_ms = reviewed - last_click(c).await;
    let review_requests = sim.requests() - r0;
    if !sign_out_first {
        leave_sign_out_to_the_disable(c).await;
    }

    let before = sim.faults.counts();
    let r1 = sim.requests();
    js(
        c,
        "window.__bench.when('disabled', () => document.querySelector(\"label[for='confirm-count']\"))",
    )
    .await;
    click(c, &format!("Disable {n} people")).await;
    let disabled = stamp(c, "disabled", Duration::from_secs(120)).await;
    let disable_ms = disabled - last_click(c).await;
    find(c, &field(&format!("Type {n} to confirm")))
        .await
        .send_keys(&n.to_string())
        .await
        .expect("type the count");
    js(
        c,
        "window.__bench.when('done', () => document.querySelector('p.done-note'))",
    )
    .await;
    click(c, &format!("Delete {n} people")).await;
    let done = stamp(c, "done", Duration::from_secs(120)).await;
    let delete_ms = done - last_click(c).await;
    let after = sim.faults.counts();
    let run_requests = sim.requests() - r1;
    let route =
        |name: &str| after.get(name).copied().unwrap_or(0) - before.get(name).copied().unwrap_or(0);
    let note = find(c, "//p[contains(@class,'done-note')]")
        .await
        .text()
        .await
        .expect("the note");
    assert_eq!(note, "Finished.", "everyone offboarded");
    {
        let portal = sim.portal.lock().expect("the portal");
        assert!(
            plan.iter().all(|id| portal.user(id).is_none()),
            "every leaver deleted"
        );
    }
    eprintln!(
        "bench: the panel offboarded {n}: review {review_ms:.0} ms, run {:.0} ms, {run_requests} requests",
        disable_ms + delete_ms
    );
    PanelRun {
        review_ms,
        review_requests,
        run_ms: disable_ms + delete_ms,
        run_requests,
        terminate: route(TERMINATE),
        delete: route(DELETE),
        sign_outs: route(SIGN_OUT),
    }
}

async fn click(c: &Client, name: &str) {
    find(c, &button(name))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {name}: {e}"));
}

async fn last_click(c: &Client) -> f64 {
    js_f64(c, "return window.__bench.lastClick").await
}

/// The seed's sequence on a fresh simulator: wall time (ms) and requests.
async fn sequential(n: usize) -> (f64, u64) {
    let sim = Sim::start_with(n + 400, latency()).await;
    let plan = mark_leavers(&sim.portal, n);
    let key = sim.key(Role::Owner);
    let client = http();
    let terminate = format!("{}/api/2.0/people/status/2", sim.base);
    let delete = format!("{}/api/2.0/people/delete", sim.base);
    let r0 = sim.requests();
    let started = Instant::now();
    for id in &plan {
        let body = json!({ "userIds": [id] });
        let (status, _) = call(&client, "PUT", &terminate, &key, Some(body.clone())).await;
        assert_eq!(status, 200, "terminate {id}");
        let (status, _) = call(&client, "PUT", &delete, &key, Some(body)).await;
        assert_eq!(status, 200, "delete {id}");
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let requests = sim.requests() - r0;
    let portal = sim.portal.lock().expect("the portal");
    assert!(
        plan.iter().all(|id| portal.user(id).is_none()),
        "every leaver deleted"
    );
    (ms, requests)
}
