//! The inactive-people report on a portal of 10,000 people with 180 days of sign-ins, every API
//! answer 50 ms late (issue 20): the requests the panel sends and the time from the click on
//! "Inactive" to the report, with the login history read once.

use std::time::Duration;

use docspace_e2e::{find, journey_within, sign_in_with_key, Sim};
use docspace_sim::Role;
use fantoccini::Client;

use crate::offboarding::{latency, LATENCY_MS};
use crate::page::{budget, env_usize, instrument, js, js_f64, row, stamp, stat};

const PEOPLE: usize = 10_000;
/// The report should be there within this many seconds (median).
const SECONDS_BUDGET: f64 = 5.0;

struct Run {
    ms: f64,
    requests: u64,
}

pub async fn bench() {
    let runs = env_usize("BENCH_INACTIVE_RUNS", 3);
    let sim = Sim::start_with(PEOPLE, latency()).await;
    let (events, people) = {
        let p = sim.portal.lock().unwrap();
        (p.audit.logins.len(), p.users.len())
    };
    let (tx, rx) = std::sync::mpsc::channel::<Run>();
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    let sim = std::sync::Arc::new(sim);
    let counted = sim.clone();
    journey_within(
        "bench-inactive",
        Duration::from_secs(900),
        move |c| async move {
            instrument(&c).await;
            c.goto(&format!("{base}/people")).await.expect("open");
            sign_in_with_key(&c, &key).await;
            for _ in 0..runs {
                tx.send(one_run(&c, &base, &counted).await).expect("send");
            }
        },
    )
    .await;
    let done: Vec<Run> = rx.try_iter().collect();
    let seconds: Vec<f64> = done.iter().map(|r| r.ms / 1000.0).collect();
    let requests: Vec<f64> = done.iter().map(|r| r.requests as f64).collect();
    let median = stat(&seconds).median;
    budget(
        &format!("The inactive-people report on {PEOPLE} people and 180 days of sign-ins at {LATENCY_MS} ms (median)"),
        &format!("< {SECONDS_BUDGET:.0} s"),
        &format!("{median:.1} s"),
        median < SECONDS_BUDGET && !done.is_empty(),
    );
    println!("@@section inactive");
    println!(
        "### Who is inactive: {PEOPLE} people, 180 days of sign-ins, every API answer {LATENCY_MS} ms late\n\n\
         docspace-sim with {people} people and its seeded history: {events} login events. The \
         release build in headless {}, signed in as the owner, from the click on \"Inactive\" to \
         the report (the lists of people with no sign-in in 90 days, never signed in, and \
         invitations waiting), from the browser's clock (see First load). The panel reads the plan \
         and the lifetimes, everyone in pages of 100, and the whole login history in pages of 100, \
         six at a time (the portal's filter pages before it filters, so nothing shorter finds \
         every sign-in). Requests counted by the simulator.\n\n\
         | measure | median | min | max | runs |\n| --- | ---: | ---: | ---: | ---: |",
        crate::chromium(),
    );
    println!("{}", row("**the report (s)**", &seconds, 2));
    println!("{}", row("requests", &requests, 0));
}

async fn one_run(c: &Client, base: &str, sim: &Sim) -> Run {
    c.goto(&format!("{base}/people")).await.expect("open");
    find(c, "//nav[@id='main-nav']//a[normalize-space(.)='Inactive']").await;
    js(
        c,
        "window.__bench.when('report', () => document.getElementById('inactive'))",
    )
    .await;
    let before = sim.requests();
    find(c, "//nav[@id='main-nav']//a[normalize-space(.)='Inactive']")
        .await
        .click()
        .await
        .expect("click Inactive");
    let shown = stamp(c, "report", Duration::from_secs(300)).await;
    let ms = shown - js_f64(c, "return window.__bench.lastClick").await;
    let requests = sim.requests() - before;
    eprintln!("bench: the inactive report in {ms:.0} ms, {requests} requests");
    Run { ms, requests }
}
