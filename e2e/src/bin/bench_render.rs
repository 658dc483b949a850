//! How fast the first 100 rows of a 10,000-person portal appear: run by `cargo xtask bench`
//! against the release build of the panel (`dist/`), in headless Chromium. Prints a Markdown
//! section for BENCHMARKS.md.
//!
//! Each sample is a fresh load of `/people`. From the browser's own timeline: the round trip of
//! `GET /people/filter` (request start to response end), and the rendering after it (response
//! end to the frame in which the rows are in the page, marked by the panel).

use docspace_e2e::{find, journey, sign_in_with_key, Sim};
use docspace_sim::Role;
use fantoccini::Locator;

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
}
