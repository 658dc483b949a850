//! The panel's speed in headless Chromium, against docspace-sim: run by `cargo xtask bench` on
//! the release build (`dist/`, or `E2E_DIST`). Prints Markdown sections (`@@section NAME`) and
//! budget lines (`@@budget`) that xtask writes into BENCHMARKS.md.
//!
//! - first load: navigation to a usable sign-in form (cold cache), and sign-in to the first
//!   100 rows of a 10,000-person portal;
//! - the list: a search after typing, a sort, the next page on scroll, the JS heap after 2,000
//!   rows;
//! - offboarding 1,000 people at 50 ms latency, against the seed's sequential calls and the
//!   floor of 20 round trips ([`offboarding`]);
//! - one account's lifecycle through the wizard, against the seed's four calls ([`lifecycle`]);
//! - a 1,000-row roster applied through /onboard, against the same work one person at a time
//!   ([`onboarding`]);
//! - the inactive-people report on 10,000 people with 180 days of sign-ins ([`inactive`]).
//!
//! `bench_render [first-load] [list] [offboarding] [lifecycle] [lookup] [groups] [onboarding] [inactive]`
//! runs only those parts;
//! `BENCH_RUNS` (browser timings, default 7) and the variables in the modules shorten a run.

mod groups;
mod inactive;
mod lifecycle;
mod lookup;
mod offboarding;
mod onboarding;
mod page;

use std::time::Duration;

use docspace_e2e::{button, field, find, journey_within, sign_in_with_key, Sim};
use docspace_sim::Role;
use fantoccini::Client;
use serde_json::json;

use page::{
    budget, cdp, env_usize, first_rows_mark, instrument, js, js_f64, request_timing, row, stamp,
    stat, TABLE_HEAD,
};

const USERS: usize = 10_000;
/// Scrolled through before the heap is read.
const HEAP_ROWS: usize = 2_000;
/// The first rows may take one round trip of the first page, plus this much.
const FIRST_ROWS_SLACK_MS: f64 = 50.0;
const WAIT: Duration = Duration::from_secs(15);

pub fn chromium() -> String {
    std::process::Command::new("chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let parts: Vec<String> = std::env::args().skip(1).collect();
    let wanted = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    if wanted("first-load") || wanted("list") {
        panel(wanted("first-load"), wanted("list")).await;
    }
    if wanted("offboarding") {
        offboarding::bench().await;
    }
    if wanted("lifecycle") {
        lifecycle::bench().await;
    }
    if wanted("lookup") {
        lookup::bench().await;
    }
    if wanted("groups") {
        groups::bench().await;
    }
    if wanted("onboarding") {
        onboarding::bench().await;
    }
    if wanted("inactive") {
        inactive::bench().await;
    }
}

/// First load and the list, in one browser, on a portal of 10,000 people.
async fn panel(first: bool, list: bool) {
    let runs = env_usize("BENCH_RUNS", 7);
    let sim = Sim::start(USERS).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    // Searches for the list: last names of people in the portal (invitees have none), one per run.
    let mut terms: Vec<String> = Vec::new();
    for person in sim.people(500, |_| true) {
        let name = person.last_name.to_lowercase();
        if name.chars().count() >= 3
            && name.chars().all(|c| c.is_alphabetic())
            && !terms.contains(&name)
        {
            terms.push(name);
        }
    }
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    journey_within(
        "bench-panel",
        Duration::from_secs(900),
        move |c| async move {
            instrument(&c).await;
            c.goto(&base).await.expect("open");
            if first {
                tx.send(first_load(&c, &base, &key, runs).await)
                    .expect("send");
            } else {
                sign_in_with_key(&c, &key).await;
            }
            // Signed in from here on (the last first-load run signed in too).
            if list {
                tx.send(list_section(&c, &base, &terms, runs).await)
                    .expect("send");
            }
        },
    )
    .await;
    for section in rx.try_iter() {
        println!("{section}");
    }
}

/// Navigation to the sign-in form, and sign-in to the first 100 rows, `runs` times (after one
/// run not counted), each with the browser's cache emptied and signed out.
async fn first_load(c: &Client, base: &str, key: &str, runs: usize) -> String {
    let samples = load_runs(c, base, key, runs, true).await;
    let warm = load_runs(c, base, key, runs, false).await;
    let column = |i: usize| samples.iter().map(|s| s[i]).collect::<Vec<_>>();
    let to_rows = stat(&column(2)).median;
    let round_trip = stat(&column(4)).median;
    let limit = round_trip + FIRST_ROWS_SLACK_MS;
    budget(
        "First 100 rows after sign-in (10,000 people), median",
        &format!("≤ one round trip of the first page ({round_trip:.1} ms) + 50 ms = {limit:.1} ms"),
        &format!("{to_rows:.1} ms"),
        to_rows <= limit,
    );
    let profile = if to_rows > limit {
        Some(profile_sign_in(c, base, key).await)
    } else {
        None
    };
    let mut out = String::from("@@section first-load-time\n");
    out.push_str(&format!(
        "### First load: how soon it can be used\n\n\
         The release build served by docspace-sim (no added latency) with {USERS} people, in headless \
         {}, at 1280×900. Each run empties the browser's cache (CDP `Network.clearBrowserCache`) \
         and signs out, then opens `/people`: the panel shows its sign-in form, the bench types \
         the owner's API key and submits. {runs} runs after one not counted. Milliseconds, from the \
         browser's clock: a script the bench adds to the page (CDP \
         `Page.addScriptToEvaluateOnNewDocument`) stamps the animation frame in which the form's \
         key field and enabled Sign in button are in the page (MutationObserver), and the moment \
         of the submission; the panel's own mark `docspace-admin:first-rows` is the frame with \
         its first 100 rows; request times are the Resource Timing entries.\n\n{TABLE_HEAD}\n",
        chromium()
    ));
    for (label, i) in [
        ("navigation → sign-in form usable (ms)", 0),
        ("  of which: navigation → wasm downloaded (ms)", 1),
        ("sign-in → first 100 rows on screen (ms)", 2),
        (
            "  of which: `GET /people/@self` round trip, the key checked (ms)",
            3,
        ),
        (
            "  of which: between that answer and the list's request (ms)",
            6,
        ),
        (
            "  of which: `GET /people/filter?count=100` round trip (ms)",
            4,
        ),
        ("  of which: rendering after that answer (ms)", 5),
    ] {
        out.push_str(&row(label, &column(i), 1));
        out.push('\n');
    }
    let warm_column = |i: usize| warm.iter().map(|s| s[i]).collect::<Vec<_>>();
    for (label, i) in [
        (
            "browser cache kept (compiled wasm reused): navigation → sign-in form usable (ms)",
            0,
        ),
        (
            "browser cache kept: sign-in → first 100 rows on screen (ms)",
            2,
        ),
        (
            "browser cache kept: rendering after the first page's answer (ms)",
            5,
        ),
    ] {
        out.push_str(&row(label, &warm_column(i), 1));
        out.push('\n');
    }
    if let Some(profile) = profile {
        out.push_str(&format!(
            "\nThe budget is missed: where the time from sign-in to the first rows goes, from one \
             more run under Chromium's CPU profiler (CDP `Profiler`, 100 µs sampling; self time by \
             kind of code; \"(program)\" is the browser's own work: style, layout, paint, \
             compiling):\n\n| code | ms |\n| --- | ---: |\n{profile}"
        ));
    }
    out
}

/// One signed-out load and sign-in under the CPU profiler: self time from the click on
/// Sign in to the first rows, by kind of code, as Markdown rows.
async fn profile_sign_in(c: &Client, base: &str, key: &str) -> String {
    js(c, "sessionStorage.clear()").await;
    cdp(c, "Network.clearBrowserCache", json!({})).await;
    c.goto(&format!("{base}/people")).await.expect("open");
    stamp(c, "sign-in-form", WAIT).await;
    find(c, &field("API key"))
        .await
        .send_keys(key)
        .await
        .expect("type the key");
    cdp(c, "Profiler.enable", json!({})).await;
    cdp(
        c,
        "Profiler.setSamplingInterval",
        json!({ "interval": 100 }),
    )
    .await;
    cdp(c, "Profiler.start", json!({})).await;
    find(c, &button("Sign in"))
        .await
        .click()
        .await
        .expect("sign in");
    first_rows_mark(c).await;
    let profile = cdp(c, "Profiler.stop", json!({})).await;
    cdp(c, "Profiler.disable", json!({})).await;
    let profile = &profile["profile"];
    let mut kind_of = std::collections::HashMap::new();
    for node in profile["nodes"].as_array().into_iter().flatten() {
        let frame = &node["callFrame"];
        let url = frame["url"].as_str().unwrap_or("");
        let name = frame["functionName"].as_str().unwrap_or("");
        let kind = if url.ends_with(".wasm") || url.starts_with("wasm://") {
            "the panel's wasm".to_string()
        } else if url.contains("docspace-admin-") {
            "wasm-bindgen JS glue".to_string()
        } else if name.starts_with('(') {
            name.to_string()
        } else if url.is_empty() {
            "browser built-ins (DOM, fetch, JSON)".to_string()
        } else {
            format!("script {url}")
        };
        kind_of.insert(node["id"].as_i64().unwrap_or(-1), kind);
    }
    let mut time: std::collections::BTreeMap<String, f64> = Default::default();
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (sample, delta) in samples.iter().zip(deltas.iter().skip(1).chain([&json!(0)])) {
        let kind = kind_of
            .get(&sample.as_i64().unwrap_or(-1))
            .cloned()
            .unwrap_or_else(|| "?".into());
        *time.entry(kind).or_default() += delta.as_f64().unwrap_or(0.0) / 1000.0;
    }
    let mut rows: Vec<(String, f64)> = time.into_iter().collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    rows.iter()
        .map(|(kind, ms)| format!("| {kind} | {ms:.1} |\n"))
        .collect()
}

/// Search, sort, next page, heap: each run from a fresh load of `/people` (signed in).
async fn list_section(c: &Client, base: &str, terms: &[String], runs: usize) -> String {
    let open = || async {
        c.goto(&format!("{base}/people")).await.expect("open");
        first_rows_mark(c).await;
    };
    // Scrolling is measured sorted by email, which is unique: in the portal's default order (by
    // first name, no tie-breaker) pages repeat and skip people with equal names, so how many
    // new rows a page brings varies from one request to the next.
    let open_by_email = || async {
        c.goto(&format!("{base}/people?sort=email"))
            .await
            .expect("open");
        first_rows_mark(c).await;
    };
    let (mut typed, mut searched) = (Vec::new(), Vec::new());
    for run in 0..=runs {
        open().await;
        js(
            c,
            "const b = window.__bench; const before = b.count();
             b.when('search', () => {
                 const m = b.count().match(/^Showing (\\d+) of (\\d+) people$/);
                 return b.count() !== before && m && Number(m[1]) > 0 && b.rows() === Number(m[1]);
             });",
        )
        .await;
        find(c, &field("Search"))
            .await
            .send_keys(&terms[run % terms.len()])
            .await
            .expect("type a search");
        let shown = stamp(c, "search", WAIT).await;
        let last_key = js_f64(c, "return window.__bench.lastInput").await;
        let (start, _, _) = request_timing(c, "filterValue=", last_key).await;
        if run > 0 {
            typed.push(shown - last_key);
            searched.push(shown - start);
        }
    }
    let (mut sorted, mut sort_request) = (Vec::new(), Vec::new());
    for run in 0..=runs {
        open().await;
        js(
            c,
            "const b = window.__bench;
             const first = () => { const td = document.querySelector('table.people tbody td.email'); return td ? td.textContent : null; };
             const before = first();
             b.when('sort', () => b.rows() === 100 && first() !== before
                 && /^Showing 100 of \\d+ people$/.test(b.count()));",
        )
        .await;
        find(c, &button("Email"))
            .await
            .click()
            .await
            .expect("sort by email");
        let shown = stamp(c, "sort", WAIT).await;
        let clicked = js_f64(c, "return window.__bench.lastClick").await;
        let (start, _, end) = request_timing(c, "sortBy=", clicked).await;
        if run > 0 {
            sorted.push(shown - clicked);
            sort_request.push(end - start);
        }
    }
    let (mut next, mut next_request) = (Vec::new(), Vec::new());
    for run in 0..=runs {
        open_by_email().await;
        let scrolled = js_f64(
            c,
            "const b = window.__bench;
             b.when('page-2', () => b.rows() >= 200);
             b.t0 = performance.now();
             scrollTo(0, document.documentElement.scrollHeight);
             return b.t0;",
        )
        .await;
        let shown = stamp(c, "page-2", WAIT).await;
        let (start, _, end) = request_timing(c, "startIndex=100", scrolled).await;
        if run > 0 {
            next.push(shown - scrolled);
            next_request.push(end - start);
        }
    }
    let heap_runs = env_usize("BENCH_HEAP_RUNS", 3);
    let mut heap: Vec<[f64; 6]> = Vec::new();
    for _ in 0..heap_runs {
        open_by_email().await;
        let at_100 = heap_now(c).await;
        for page in 2..=HEAP_ROWS / 100 {
            let rows = page * 100;
            js(
                c,
                &format!(
                    "const b = window.__bench; b.when('rows-{rows}', () => b.rows() >= {rows});
                     scrollTo(0, document.documentElement.scrollHeight);"
                ),
            )
            .await;
            stamp(c, &format!("rows-{rows}"), WAIT).await;
        }
        let rows = js_f64(c, "return window.__bench.rows()").await;
        assert_eq!(
            rows as usize, HEAP_ROWS,
            "scrolled through {HEAP_ROWS} rows"
        );
        let at_2000 = heap_now(c).await;
        heap.push([
            at_100[0], at_2000[0], at_2000[1], at_100[2], at_2000[2], at_2000[3],
        ]);
    }
    let hcol = |i: usize| heap.iter().map(|s| s[i] / 1e6).collect::<Vec<_>>();
    let nodes = heap.iter().map(|s| s[5]).collect::<Vec<_>>();
    let mut out = String::from("@@section list\n");
    out.push_str(&format!(
        "### The list: searching, sorting, scrolling\n\n\
         The same portal and browser, signed in as the owner; every run starts from a fresh load \
         of `/people` (its first 100 rows shown). {runs} runs after one not counted. Each time \
         ends in the animation frame in which the new rows are in the page (see above).\n\
         - **search**: the bench types a last name from the portal into Search; from the last \
         keystroke (its `input` event), which includes the panel's 300 ms debounce, and from the \
         request the debounce sends;\n\
         - **sort**: a click on the Email column's header until the 100 rows sorted by email \
         are shown;\n\
         - **next page**: on `/people?sort=email`, `scrollTo` the end of the page until rows \
         101–200 are shown (the panel watches the list's end with an IntersectionObserver). \
         Sorted by email, which is unique: in the default order (by first name) the portal's \
         pages have no tie-breaker, so a page repeats and skips people with equal names and the \
         rows it adds vary.\n\n{TABLE_HEAD}\n"
    ));
    for (label, values) in [
        ("search: last keystroke → rows (ms)", &typed),
        (
            "search: its request sent (after the debounce) → rows (ms)",
            &searched,
        ),
        ("sort by email: click → rows (ms)", &sorted),
        ("  of which: the request's round trip (ms)", &sort_request),
        ("next page: scroll → rows 101–200 (ms)", &next),
        ("  of which: the request's round trip (ms)", &next_request),
    ] {
        out.push_str(&row(label, values, 1));
        out.push('\n');
    }
    out.push_str(&format!(
        "\nMemory after a fresh load (100 rows) and after scrolling through {HEAP_ROWS} rows sorted by email \
         ({heap_runs} runs), after a garbage collection (CDP `HeapProfiler.collectGarbage`). \
         `performance.memory.usedJSHeapSize` is Chromium's coarse figure; CDP \
         `Runtime.getHeapUsage` gives the exact used JS heap; the wasm's linear memory is not \
         part of the JS heap and only grows.\n\n{TABLE_HEAD}\n"
    ));
    for (label, values, decimals) in [
        (
            "JS heap (`performance.memory.usedJSHeapSize`), 100 rows (MB)",
            hcol(0),
            2,
        ),
        (
            &format!("JS heap (`performance.memory.usedJSHeapSize`), {HEAP_ROWS} rows (MB)")
                as &str,
            hcol(1),
            2,
        ),
        (
            &format!("JS heap used (CDP `Runtime.getHeapUsage`), {HEAP_ROWS} rows (MB)"),
            hcol(2),
            2,
        ),
        ("wasm linear memory, 100 rows (MB)", hcol(3), 2),
        (
            &format!("wasm linear memory, {HEAP_ROWS} rows (MB)"),
            hcol(4),
            2,
        ),
        (
            &format!("DOM elements in the page, {HEAP_ROWS} rows"),
            nodes,
            0,
        ),
    ] {
        out.push_str(&row(label, &values, decimals));
        out.push('\n');
    }
    out
}

/// After a garbage collection: `usedJSHeapSize`, CDP's used heap, the wasm memory, DOM elements.
async fn heap_now(c: &Client) -> [f64; 4] {
    cdp(c, "HeapProfiler.collectGarbage", json!({})).await;
    let used = js_f64(c, "return performance.memory.usedJSHeapSize").await;
    let usage = cdp(c, "Runtime.getHeapUsage", json!({})).await;
    let cdp_used = usage["usedSize"].as_f64().unwrap_or(f64::NAN);
    let wasm = js_f64(
        c,
        "const w = window.__bench.wasm; return w && w.memory ? w.memory.buffer.byteLength : -1",
    )
    .await;
    let nodes = js_f64(c, "return document.getElementsByTagName('*').length").await;
    [used, cdp_used, wasm, nodes]
}

/// Signed out, `/people` opened (with the browser's cache emptied first if `cold`), the key
/// typed and submitted: `runs` runs after one not counted.
async fn load_runs(c: &Client, base: &str, key: &str, runs: usize, cold: bool) -> Vec<[f64; 7]> {
    let mut samples: Vec<[f64; 7]> = Vec::new();
    for run in 0..=runs {
        js(c, "sessionStorage.clear()").await;
        if cold {
            cdp(c, "Network.clearBrowserCache", json!({})).await;
        }
        c.goto(&format!("{base}/people")).await.expect("open");
        let form = stamp(c, "sign-in-form", WAIT).await;
        let (_, _, wasm_end) = request_timing(c, "_bg.wasm", 0.0).await;
        find(c, &field("API key"))
            .await
            .send_keys(key)
            .await
            .expect("type the key");
        find(c, &button("Sign in"))
            .await
            .click()
            .await
            .expect("sign in");
        let rows_at = first_rows_mark(c).await;
        let submit = js_f64(
            c,
            "return window.__bench.lastSubmit ?? window.__bench.lastClick",
        )
        .await;
        let (self_start, _, self_end) = request_timing(c, "/people/@self", submit).await;
        let (filter_start, _, filter_end) = request_timing(c, "/people/filter", submit).await;
        let rows = js_f64(c, "return window.__bench.rows()").await;
        assert_eq!(rows, 100.0, "the first page is 100 rows");
        if run > 0 {
            samples.push([
                form,
                wasm_end,
                rows_at - submit,
                self_end - self_start,
                filter_end - filter_start,
                rows_at - filter_end,
                filter_start - self_end,
            ]);
        }
    }
    samples
}
