//! `cargo xtask bench`: measurements, written to BENCHMARKS.md with the command that made them.
//!
//! The simulator alone is measured here over HTTP (`simulator`, with the loopback client in
//! `http`); the panel's size and its speed in headless Chromium by e2e's `bench_size` and
//! `bench_render`, whose sections and budgets `report` reads and writes into BENCHMARKS.md.
//! `cargo xtask soak` (`soak`) records its run there too.

use std::process::{Command, Stdio};

use crate::run::{output, step};
use crate::setup::Tools;

mod http;
mod report;
mod simulator;
mod soak;

pub use soak::soak;

use report::{parse, write_section};
use simulator::simulator;

/// The owner's API key the simulator is started with.
const KEY: &str = "sk-BenchmarkOwnerKey0123456789";
/// Timed requests per latency row.
const SAMPLES: usize = 200;
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
