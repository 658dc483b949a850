//! `cargo xtask bench`: measurements, written to BENCHMARKS.md with the command that made them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::run::{output, step};
use crate::setup::Tools;

const KEY: &str = "sk-BenchmarkOwnerKey0123456789";
const USERS: usize = 10_000;
const SAMPLES: usize = 200;

/// The simulator, killed when dropped.
struct RunningSim(Child);

impl Drop for RunningSim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One `GET` over a fresh loopback connection: the status and the body size.
fn get(addr: &str, path: &str) -> Result<(u16, usize), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no HTTP status in the answer to {path}"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.len())
        .unwrap_or(0);
    Ok((status, body))
}

struct Summary {
    median: Duration,
    p95: Duration,
    max: Duration,
    bytes: usize,
}

/// Times `SAMPLES` requests of each path in turn (after a warm-up), all expected to be 200.
fn measure(addr: &str, paths: &[String]) -> Result<Summary, String> {
    for path in paths.iter().take(20) {
        get(addr, path)?;
    }
    let mut times = Vec::with_capacity(SAMPLES);
    let mut bytes = 0;
    for i in 0..SAMPLES {
        let path = &paths[i % paths.len()];
        let started = Instant::now();
        let (status, size) = get(addr, path)?;
        times.push(started.elapsed());
        if status != 200 {
            return Err(format!("{path} answered {status}"));
        }
        bytes = bytes.max(size);
    }
    times.sort();
    Ok(Summary {
        median: times[times.len() / 2],
        p95: times[times.len() * 95 / 100],
        max: times[times.len() - 1],
        bytes,
    })
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

pub fn bench(tools: &Tools) -> Result<(), String> {
    step(
        "build docspace-sim (native-release profile)",
        &tools.cargo(&[
            "build",
            "--offline",
            "--profile",
            "native-release",
            "--package",
            "docspace-sim",
        ]),
    )?;
    let (sim, addr) = start_sim(tools)?;
    let searches = [
        "an",
        "müller",
        "example.org",
        "anna ivanova",
        "so",
        "zz-nobody",
    ];
    let scenarios: Vec<(&str, Vec<String>)> = vec![
        (
            "first page, portal order (`count=100`)",
            vec!["/api/2.0/people/filter?count=100".to_string()],
        ),
        (
            "search (`count=100&filterValue=…`, 6 different searches)",
            searches
                .iter()
                .map(|s| format!("/api/2.0/people/filter?count=100&filterValue={}", encode(s)))
                .collect(),
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
    let rustc = output(Command::new("rustc").arg("--version")).unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let date = output(Command::new("date").args(["-u", "+%Y-%m-%d"])).unwrap_or_default();
    let section = format!(
        "## docspace-sim: `GET /api/2.0/people/filter` on a portal of {USERS} people\n\n\
         Measured by `cargo xtask bench` on {date}: {cores} cores, {rustc}, the simulator built with the\n\
         `native-release` profile, {SAMPLES} requests per row over fresh loopback connections (each time\n\
         includes connecting, the request, the whole answer and closing), after 20 warm-up requests,\n\
         as the portal owner (who sees everyone).\n\n\
         | request | median ms | p95 ms | max ms | largest body (bytes) |\n\
         | --- | --- | --- | --- | --- |\n{}",
        rows.join("\n")
    );
    write_section(tools, "sim-filter", &section)?;
    drop(sim);

    step(
        "build the panel (trunk build --release)",
        &tools.trunk_build(),
    )?;
    let mut render = tools.cargo(&[
        "run",
        "--offline",
        "--quiet",
        "--profile",
        "native-release",
        "--package",
        "docspace-e2e",
        "--bin",
        "bench_render",
    ]);
    render
        .env("E2E_DIST", tools.root.join("dist"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    println!("xtask: the panel's first rows in headless Chromium");
    let out = render
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run bench_render: {e}"))?;
    if !out.status.success() {
        return Err(format!("bench_render exited with {}", out.status));
    }
    let section = String::from_utf8_lossy(&out.stdout).trim().to_string();
    println!("{section}");
    write_section(
        tools,
        "panel-render",
        &format!("{section}\n\nMeasured on {date}."),
    )?;
    Ok(())
}

/// Replaces (or appends) the section between `<!-- name:start -->` and `<!-- name:end -->`.
fn write_section(tools: &Tools, name: &str, body: &str) -> Result<(), String> {
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let section = format!("{start}\n{body}\n{end}");
    let path = tools.root.join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nEvery number here was measured by the command named beside it; rerun it to update.\n".into()
    });
    let new = match (old.find(&start), old.find(&end)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &old[..a], &old[b + end.len()..]),
        _ => format!("{}\n\n{section}\n", old.trim_end()),
    };
    std::fs::write(&path, new).map_err(|e| format!("write {}: {e}", path.display()))?;
    println!("bench: {name} written to {}", path.display());
    Ok(())
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `cargo xtask soak`: 2,000 people offboarded through a failing portal (e2e's `soak` binary),
/// checked as the fault journeys are, and recorded in BENCHMARKS.md. Fails if a check fails.
pub fn soak(tools: &Tools) -> Result<(), String> {
    step(
        "build the panel (trunk build --release)",
        &tools.trunk_build(),
    )?;
    let mut soak = tools.cargo(&[
        "run",
        "--offline",
        "--quiet",
        "--profile",
        "native-release",
        "--package",
        "docspace-e2e",
        "--bin",
        "soak",
    ]);
    soak.env("E2E_DIST", tools.root.join("dist"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    println!("xtask: the soak, 2,000 people offboarded through a failing portal");
    let out = soak
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run the soak: {e}"))?;
    if !out.status.success() {
        return Err(format!("the soak failed ({})", out.status));
    }
    let section = String::from_utf8_lossy(&out.stdout).trim().to_string();
    println!("{section}");
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let date = output(Command::new("date").args(["-u", "+%Y-%m-%d"])).unwrap_or_default();
    write_section(
        tools,
        "soak",
        &format!("{section}\n\nMeasured on {date}, {cores} cores."),
    )
}
