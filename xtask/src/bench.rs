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

/// Requests per throughput run, spread over the clients.
const THROUGHPUT_REQUESTS: usize = 1_000;
const THROUGHPUT_RUNS: usize = 5;
/// The exact command this file's tables come from.
const COMMAND: &str = "cargo xtask bench";

pub fn bench(tools: &Tools) -> Result<(), String> {
    let rustc = output(Command::new("rustc").arg("--version")).unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let date = output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default();
    let mut budgets = Vec::new();

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
    let section = simulator(tools, &date, cores, &rustc)?;
    write_section(tools, "sim-filter", &section)?;

    step(
        "build the panel (trunk build --release)",
        &tools.trunk_build(),
    )?;
    step(
        "build the bench's browser and size programs (native-release profile)",
        &tools.cargo(&[
            "build",
            "--offline",
            "--profile",
            "native-release",
            "--package",
            "docspace-e2e",
            "--bin",
            "bench_size",
            "--bin",
            "bench_render",
        ]),
    )?;
    let mut failed = Vec::new();
    for (bin, what) in [
        ("bench_size", "the first load's size (gzip and brotli)"),
        (
            "bench_render",
            "the panel in headless Chromium: first load, the list, offboarding, the lifecycle",
        ),
    ] {
        println!("xtask: {what}");
        let out = tools
            .command(tools.target_dir().join("native-release").join(bin))
            .env("E2E_DIST", tools.root.join("dist"))
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run {bin}: {e}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        print!("{stdout}");
        // Whatever finished is written, even if a later part failed.
        let (sections, found) = parse(&stdout);
        for (name, body) in sections {
            write_section(
                tools,
                &name,
                &format!("{}\n\nMeasured on {date}.", body.trim()),
            )?;
        }
        budgets.extend(found);
        if !out.status.success() {
            failed.push(format!("{bin} exited with {}", out.status));
        }
    }

    let chromium = output(Command::new("chromium").arg("--version")).unwrap_or_default();
    let mut summary = format!(
        "## Budgets\n\n\
         `{COMMAND}` on {date}: {cores} cores, {rustc}, {chromium}. It exits non-zero when a budget \
         is missed (after writing this file), so it can gate a release. Every figure below is the \
         median of several runs, with min and max; the sections say how each was measured.\n\n\
         | budget | limit | measured | |\n| --- | --- | --- | --- |\n"
    );
    for b in &budgets {
        summary.push_str(&format!(
            "| {} | {} | {} | **{}** |\n",
            b.name, b.limit, b.measured, b.verdict
        ));
    }
    if !failed.is_empty() {
        summary.push_str(&format!("\nIncomplete run: {}.\n", failed.join("; ")));
    }
    write_section(tools, "budgets", summary.trim_end())?;
    for b in &budgets {
        println!(
            "bench: {} {}: {} (limit {})",
            b.verdict, b.name, b.measured, b.limit
        );
    }
    if !failed.is_empty() {
        return Err(failed.join("; "));
    }
    let missed: Vec<&str> = budgets
        .iter()
        .filter(|b| b.verdict != "PASS")
        .map(|b| b.name.as_str())
        .collect();
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} budget(s) missed (see BENCHMARKS.md): {}",
            missed.len(),
            missed.join("; ")
        ))
    }
}

/// A `@@budget` line of a bench program: name, limit, measured, PASS or FAIL.
struct Budget {
    name: String,
    limit: String,
    measured: String,
    verdict: String,
}

/// Splits a bench program's output into its `@@section NAME` sections and `@@budget` lines.
fn parse(stdout: &str) -> (Vec<(String, String)>, Vec<Budget>) {
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut budgets = Vec::new();
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("@@section ") {
            sections.push((name.trim().to_string(), String::new()));
        } else if let Some(rest) = line.strip_prefix("@@budget\t") {
            let f: Vec<&str> = rest.split('\t').collect();
            if f.len() == 4 {
                budgets.push(Budget {
                    name: f[0].into(),
                    limit: f[1].into(),
                    measured: f[2].into(),
                    verdict: f[3].into(),
                });
            }
        } else if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    (sections, budgets)
}

/// The simulator alone: latency of single requests, and throughput of searches.
fn simulator(tools: &Tools, date: &str, cores: usize, rustc: &str) -> Result<String, String> {
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

/// One HTTP/1.1 connection kept open for many requests.
struct KeepAlive {
    addr: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl KeepAlive {
    fn connect(addr: &str) -> Result<KeepAlive, String> {
        let stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let writer = stream.try_clone().map_err(|e| e.to_string())?;
        Ok(KeepAlive {
            addr: addr.to_string(),
            reader: BufReader::new(stream),
            writer,
        })
    }

    /// `GET path`: the status, after reading the whole answer.
    fn get(&mut self, path: &str) -> Result<u16, String> {
        write!(
            self.writer,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {KEY}\r\n\r\n",
            self.addr
        )
        .map_err(|e| e.to_string())?;
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("no HTTP status in {line:?}"))?;
        let (mut length, mut chunked) = (None, false);
        loop {
            line.clear();
            self.reader
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            let (name, value) = (name.to_ascii_lowercase(), value.trim());
            if name == "content-length" {
                length = value.parse::<usize>().ok();
            } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
        if chunked {
            loop {
                line.clear();
                self.reader
                    .read_line(&mut line)
                    .map_err(|e| e.to_string())?;
                let size = usize::from_str_radix(line.trim(), 16)
                    .map_err(|_| format!("bad chunk size {line:?}"))?;
                self.skip(size + 2)?;
                if size == 0 {
                    break;
                }
            }
        } else {
            self.skip(length.ok_or("an answer without Content-Length")?)?;
        }
        Ok(status)
    }

    fn skip(&mut self, n: usize) -> Result<(), String> {
        let copied = std::io::copy(&mut (&mut self.reader).take(n as u64), &mut std::io::sink())
            .map_err(|e| e.to_string())?;
        if copied as usize == n {
            Ok(())
        } else {
            Err("the answer ended early".into())
        }
    }
}

/// Requests per second: `total` requests of `paths` spread over `clients` connections.
fn throughput(addr: &str, paths: &[String], clients: usize, total: usize) -> Result<f64, String> {
    let per_client = total / clients;
    let start = std::sync::Arc::new(std::sync::Barrier::new(clients + 1));
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (addr, paths, start) = (addr.to_string(), paths.to_vec(), start.clone());
            std::thread::spawn(move || -> Result<(), String> {
                let connection = KeepAlive::connect(&addr);
                start.wait();
                let mut connection = connection?;
                for i in 0..per_client {
                    let path = &paths[(client + i) % paths.len()];
                    let status = connection.get(path)?;
                    if status != 200 {
                        return Err(format!("{path} answered {status}"));
                    }
                }
                Ok(())
            })
        })
        .collect();
    start.wait();
    let started = Instant::now();
    for worker in workers {
        worker.join().map_err(|_| "a client panicked")??;
    }
    Ok((per_client * clients) as f64 / started.elapsed().as_secs_f64())
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
