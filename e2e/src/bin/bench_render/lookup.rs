//! The review of a pasted 5,000-row list with every API answer 50 ms late: from the click on
//! Review to the review's title, the requests the lookup sent, against the floor of reading
//! the portal's people once (50 pages of 100) and the one-request-per-row lookup it replaced.

use std::time::Duration;

use docspace_e2e::{button, find, journey_within, sign_in_with_key, Sim};
use docspace_sim::Role;
use fantoccini::Client;

use crate::offboarding::{latency, LATENCY_MS};
use crate::page::{env_usize, instrument, js, js_f64, row, stamp, TABLE_HEAD};

const ROWS: usize = 5000;
/// The portal's page.
const PAGE: usize = 100;

struct LookupRun {
    ms: f64,
    requests: u64,
    pages: u64,
}

pub async fn bench() {
    let runs = env_usize("BENCH_LOOKUP_RUNS", 3);
    let (tx, rx) = std::sync::mpsc::channel::<LookupRun>();
    journey_within(
        "bench-lookup",
        Duration::from_secs(900),
        move |c| async move {
            instrument(&c).await;
            for _ in 0..runs {
                tx.send(lookup_run(&c).await).expect("send");
            }
        },
    )
    .await;
    let done: Vec<LookupRun> = rx.try_iter().collect();
    let seconds: Vec<f64> = done.iter().map(|r| r.ms / 1000.0).collect();
    let requests: Vec<f64> = done.iter().map(|r| r.requests as f64).collect();
    let pages: Vec<f64> = done.iter().map(|r| r.pages as f64).collect();
    let floor_pages = ROWS.div_ceil(PAGE);
    let floor_s = (floor_pages as u64 * LATENCY_MS) as f64 / 1000.0;
    let per_row_s = (ROWS as u64 * LATENCY_MS) as f64 / 1000.0;
    println!("@@section lookup");
    println!(
        "### The review of a pasted {ROWS}-row list, every API answer {LATENCY_MS} ms late\n\n\
         docspace-sim with {ROWS} people; the release build in headless {}, signed in as the \
         owner, on `/offboard`; the list (every person's email, one a line) put in the box as a \
         paste does (an `input` event). From the click on Review to the animation frame with the \
         review's title (\"N people will be offboarded\"), from the browser's clock (see First \
         load); requests counted by the simulator (`/__sim/stats`), the review's own room checks \
         (`reassign/necessary`) left out. A fresh simulator each run.\n\
         - the floor: the portal's people read once, {floor_pages} pages of {PAGE}, one after \
         the other: {floor_pages} round trips × {LATENCY_MS} ms = {floor_s:.1} s;\n\
         - the lookup it replaced (one request per row, `GET /people/email` or \
         `GET /people/{{id}}`): {ROWS} round trips × {LATENCY_MS} ms = {per_row_s:.0} s at least \
         (not run).\n\n{TABLE_HEAD}",
        crate::chromium()
    );
    println!("{}", row("click on Review → the review (s)", &seconds, 2));
    println!("{}", row("requests of the lookup", &requests, 0));
    println!(
        "{}",
        row("  of which: pages of `GET /people/filter`", &pages, 0)
    );
}

/// One lookup through the panel on a fresh simulator.
async fn lookup_run(c: &Client) -> LookupRun {
    let sim = Sim::start_with(ROWS, latency()).await;
    let emails: Vec<String> = {
        let portal = sim.portal.lock().expect("the portal");
        portal.users.iter().map(|u| u.email.clone()).collect()
    };
    assert_eq!(emails.len(), ROWS);
    let key = sim.key(Role::Owner);
    c.goto(&format!("{}/offboard", sim.base))
        .await
        .expect("open");
    sign_in_with_key(c, &key).await;
    find(c, "//textarea[@id='pasted']").await;
    c.execute(
        "const box = document.getElementById('pasted');
         box.value = arguments[0];
         box.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![serde_json::json!(emails.join("\n"))],
    )
    .await
    .expect("paste the list");
    find(
        c,
        &format!("//p[@id='paste-summary' and starts-with(., '{ROWS} people')]"),
    )
    .await;
    js(
        c,
        "window.__bench.when('review', () => [...document.querySelectorAll('h2')]
            .some(h => h.textContent.includes('will be offboarded')))",
    )
    .await;
    let before = sim.faults.counts();
    find(c, &button("Review"))
        .await
        .click()
        .await
        .expect("click Review");
    let reviewed = stamp(c, "review", Duration::from_secs(300)).await;
    let ms = reviewed - js_f64(c, "return window.__bench.lastClick").await;
    let after = sim.faults.counts();
    let diff = |route: &str| {
        after.get(route).copied().unwrap_or(0) - before.get(route).copied().unwrap_or(0)
    };
    let requests = after
        .keys()
        .filter(|route| !route.contains("reassign"))
        .map(|route| diff(route))
        .sum();
    let pages = diff("GET /api/2.0/people/filter");
    eprintln!("bench: the lookup of {ROWS} rows: {ms:.0} ms, {requests} requests ({pages} pages)");
    LookupRun {
        ms,
        requests,
        pages,
    }
}
