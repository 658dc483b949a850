//! The simulator alone: started on a portal of `USERS` people, then timed request by request
//! and in throughput runs; the result is BENCHMARKS.md's `sim-filter` section.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use super::http::{encode, measure, throughput};
use super::{COMMAND, KEY, SAMPLES};
use crate::setup::Tools;

const USERS: usize = 10_000;
/// Requests per throughput run, spread over the clients.
const THROUGHPUT_REQUESTS: usize = 1_000;
const THROUGHPUT_RUNS: usize = 5;

/// The simulator, killed when dropped.
struct RunningSim(Child);

impl Drop for RunningSim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_sim(tools: &Tools) -> Result<(RunningSim, String), String> {
    let binary = tools.target_dir().join("native-release/docspace-sim");
    let mut child = tools
        .command(&binary)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--users",
            &USERS.to_string(),
            "--seed",
            "1",
            "--api-key",
            KEY,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let sim = RunningSim(child);
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(url) = line.trim().strip_prefix("URL") {
            let addr = url
                .trim()
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string();
            // Keep reading, so that the simulator never writes into a closed pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok((sim, addr));
        }
    }
    Err("docspace-sim printed no URL".into())
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// The simulator alone: latency of single requests, and throughput of searches.
pub(super) fn simulator(
    tools: &Tools,
    date: &str,
    cores: usize,
    rustc: &str,
) -> Result<String, String> {
    let (sim, addr) = start_sim(tools)?;
    let searches = [
        "an",
        "müller",
        "example.org",
        "anna ivanova",
        "so",
        "zz-nobody",
    ];
    let search_paths: Vec<String> = searches
        .iter()
        .map(|s| format!("/api/2.0/people/filter?count=100&filterValue={}", encode(s)))
        .collect();
    let scenarios: Vec<(&str, Vec<String>)> = vec![
        (
            "first page, portal order (`count=100`)",
            vec!["/api/2.0/people/filter?count=100".to_string()],
        ),
        (
            "search (`count=100&filterValue=…`, 6 different searches)",
            search_paths.clone(),
        ),
        (
            "last page sorted by email (`startIndex=9900&sortBy=email`)",
            vec!["/api/2.0/people/filter?count=100&startIndex=9900&sortBy=email".to_string()],
        ),
    ];
    let mut rows = Vec::new();
    for (name, paths) in &scenarios {
        let s = measure(&addr, paths)?;
        println!(
            "bench: {name}: median {} ms, p95 {} ms, max {} ms",
            ms(s.median),
            ms(s.p95),
            ms(s.max)
        );
        rows.push(format!(
            "| {name} | {} | {} | {} | {} |",
            ms(s.median),
            ms(s.p95),
            ms(s.max),
            s.bytes
        ));
    }
    let mut throughput_rows = Vec::new();
    for clients in [1, 2 * cores.max(1)] {
        let mut rates = Vec::new();
        for _ in 0..THROUGHPUT_RUNS {
            rates.push(throughput(
                &addr,
                &search_paths,
                clients,
                THROUGHPUT_REQUESTS,
            )?);
        }
        rates.sort_by(|a, b| a.total_cmp(b));
        let median = rates[rates.len() / 2];
        println!("bench: search throughput, {clients} client(s): median {median:.0} requests/s");
        throughput_rows.push(format!(
            "| {clients} | {median:.0} | {:.0} | {:.0} | {THROUGHPUT_RUNS} |",
            rates[0],
            rates[rates.len() - 1]
        ));
    }
    drop(sim);
    Ok(format!(
        "### docspace-sim: `GET /api/2.0/people/filter` on a portal of {USERS} people\n\n\
         Measured by `{COMMAND}` on {date}: {cores} cores, {rustc}, the simulator built with the\n\
         `native-release` profile, as the portal owner (who sees everyone).\n\n\
         **Latency**: {SAMPLES} requests per row over fresh loopback connections (each time\n\
         includes connecting, the request, the whole answer and closing), after 20 warm-up requests.\n\n\
         | request | median ms | p95 ms | max ms | largest body (bytes) |\n\
         | --- | --- | --- | --- | --- |\n{}\n\n\
         **Throughput** of searches (the 6 searches above in turn, `count=100`): {THROUGHPUT_REQUESTS} \
         requests per run spread over N clients, each on one keep-alive connection sending its next \
         request when the last answer is read whole; {THROUGHPUT_RUNS} runs. The clients run on the \
         same {cores} cores as the simulator.\n\n\
         | clients | requests/s median | min | max | runs |\n\
         | ---: | ---: | ---: | ---: | ---: |\n{}",
        rows.join("\n"),
        throughput_rows.join("\n")
    ))
}
