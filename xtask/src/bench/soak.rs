//! `cargo xtask soak`, recorded in BENCHMARKS.md beside the benchmarks.

use std::process::{Command, Stdio};

use super::report::write_section;
use crate::run::{output, step};
use crate::setup::Tools;

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
