//! What the bench puts into the page, and how it reads the browser's own clock.
//!
//! A script added to every new document (Chrome DevTools Protocol through ChromeDriver's
//! `goog/cdp/execute`) keeps, in `window.__bench`, the time of the last click, input and form
//! submission (capture listeners), and stamps named moments: `when(name, predicate)` checks
//! the predicate on every DOM change (MutationObserver) and stamps the animation frame after it
//! first holds, the frame in which the change is painted. All times are `performance.now()`:
//! milliseconds since the navigation started. The panel itself is not changed for the bench,
//! except for the mark it already sets when its first rows are in the page.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{json, Value};

/// Added to every document before the panel's own scripts run.
const PAGE_SCRIPT: &str = r#"
(() => {
  const b = window.__bench = { stamps: {}, waiters: {}, lastClick: null, lastInput: null, lastSubmit: null };
  addEventListener('click', () => { b.lastClick = performance.now(); }, true);
  addEventListener('input', () => { b.lastInput = performance.now(); }, true);
  addEventListener('submit', () => { b.lastSubmit = performance.now(); }, true);
  addEventListener('TrunkApplicationStarted', (e) => { b.wasm = e.detail && e.detail.wasm; });
  b.when = (name, predicate) => {
    delete b.stamps[name];
    let seen = false;
    const observer = new MutationObserver(() => check());
    const check = () => {
      if (seen || !predicate()) return;
      seen = true;
      observer.disconnect();
      requestAnimationFrame(() => {
        b.stamps[name] = performance.now();
        (b.waiters[name] || []).forEach((f) => f());
        delete b.waiters[name];
      });
    };
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  };
  b.wait = (name, ms) => new Promise((resolve) => {
    if (name in b.stamps) return resolve(b.stamps[name]);
    const timer = setTimeout(() => resolve(null), ms);
    (b.waiters[name] = b.waiters[name] || []).push(() => { clearTimeout(timer); resolve(b.stamps[name]); });
  });
  b.rows = () => document.querySelectorAll('table.people tbody tr').length;
  b.count = () => { const p = document.querySelector('p.count'); return p ? p.textContent : ''; };
  // The sign-in form can be used: the key field and an enabled Sign in button.
  b.when('sign-in-form', () => {
    const key = document.getElementById('api-key');
    const submit = document.querySelector('form button[type=submit]');
    return key && submit && !submit.disabled;
  });
})();
"#;

/// A Chrome DevTools Protocol command, through ChromeDriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

pub async fn cdp(c: &Client, cmd: &'static str, params: Value) -> Value {
    c.issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
}

/// From now on, every document this browser opens carries `window.__bench`.
pub async fn instrument(c: &Client) {
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PAGE_SCRIPT }),
    )
    .await;
}

/// Runs `script` (a function body) in the page and returns its value.
pub async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

pub async fn js_f64(c: &Client, script: &str) -> f64 {
    let value = js(c, script).await;
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value} from\n{script}"))
}

/// Waits (at most `limit`) for the stamp `name` and returns it.
pub async fn stamp(c: &Client, name: &str, limit: Duration) -> f64 {
    let deadline = Instant::now() + limit;
    loop {
        let value = js(c, &format!("return window.__bench.wait('{name}', 5000)")).await;
        if let Some(t) = value.as_f64() {
            return t;
        }
        assert!(
            Instant::now() < deadline,
            "{name}: not within {limit:?} (rows {}, count {:?})",
            js(c, "return window.__bench.rows()").await,
            js(c, "return window.__bench.count()").await
        );
    }
}

/// Waits (at most 15 s) for the panel's mark of its first rows; its time.
pub async fn first_rows_mark(c: &Client) -> f64 {
    let script = "return new Promise((resolve) => {
        const get = () => performance.getEntriesByName('docspace-admin:first-rows')[0];
        if (get()) return resolve(get().startTime);
        const observer = new PerformanceObserver(() => {
            if (get()) { observer.disconnect(); resolve(get().startTime); }
        });
        observer.observe({ type: 'mark' });
        setTimeout(() => resolve(null), 15000);
    })";
    js(c, script)
        .await
        .as_f64()
        .expect("the panel marked its first rows within 15 s")
}

/// The resource timing of the last request whose URL contains `part` and that started after
/// `after`: (start, request sent, response end), in ms since navigation.
pub async fn request_timing(c: &Client, part: &str, after: f64) -> (f64, f64, f64) {
    let script = format!(
        "const e = performance.getEntriesByType('resource')
            .filter(e => e.name.includes({part:?}) && e.startTime >= {after})
            .pop();
         return e ? [e.startTime, e.requestStart, e.responseEnd] : null;"
    );
    let value = js(c, &script).await;
    let v = value
        .as_array()
        .unwrap_or_else(|| panic!("no request to {part} after {after} ms"));
    let f = |i: usize| v[i].as_f64().unwrap_or(f64::NAN);
    (f(0), f(1), f(2))
}

/// Median, min and max of some runs.
pub struct Stat {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

pub fn stat(values: &[f64]) -> Stat {
    assert!(!values.is_empty(), "no runs");
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Stat {
        median,
        min: v[0],
        max: v[n - 1],
        runs: n,
    }
}

/// `| label | median | min | max | runs |` with `decimals` digits.
pub fn row(label: &str, values: &[f64], decimals: usize) -> String {
    let s = stat(values);
    format!(
        "| {label} | {:.d$} | {:.d$} | {:.d$} | {} |",
        s.median,
        s.min,
        s.max,
        s.runs,
        d = decimals
    )
}

pub const TABLE_HEAD: &str =
    "| measure | median | min | max | runs |\n| --- | ---: | ---: | ---: | ---: |";

/// A number read from the environment, for shorter runs while working on the bench.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn budget(name: &str, limit: &str, measured: &str, pass: bool) {
    println!(
        "@@budget\t{name}\t{limit}\t{measured}\t{}",
        if pass { "PASS" } else { "FAIL" }
    );
}
