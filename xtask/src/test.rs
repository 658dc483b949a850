//! `cargo xtask test`: every check CI runs, in order, stopping at the first failing stage.

use std::process::{Command, ExitCode};

use crate::run::{step, step_capturing};
use crate::setup::{setup, Tools};

/// Counts of one or more `test result:` lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

/// Adds up libtest's (and wasm-bindgen-test-runner's) closing lines, e.g.
/// `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.1s`.
pub fn tally(lines: &[String]) -> Tally {
    let mut total = Tally::default();
    for line in lines {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split([';', '.']) {
            let mut words = part.split_whitespace();
            let (Some(n), Some(what)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match what {
                "passed" => total.passed += n,
                "failed" => total.failed += n,
                "ignored" => total.ignored += n,
                _ => {}
            }
        }
    }
    total
}

enum Stage {
    /// A check with no tests to count.
    Check(&'static str, Command),
    /// A test run whose results are counted.
    Tests(&'static str, Command),
}

fn stages(tools: &Tools) -> Vec<Stage> {
    let wasm = "wasm32-unknown-unknown";
    let mut wasm_tests = tools.cargo(&[
        "test",
        "--offline",
        "--package",
        "docspace-admin",
        "--target",
        wasm,
        "--tests",
    ]);
    wasm_tests
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            tools.tools_dir().join("bin/wasm-bindgen-test-runner"),
        )
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    // The same build served from a sub-path, as deploy/nginx/docspace-admin.conf does.
    let admin_panel_dist = tools.target_dir().join("dist-admin-panel");
    let mut admin_panel = tools.trunk_build();
    admin_panel
        .args(["--public-url", "/admin-panel/", "--dist"])
        .arg(&admin_panel_dist);
    let mut e2e = tools.cargo(&["test", "--offline", "--package", "docspace-e2e", "--tests"]);
    e2e.env("E2E_DIST", tools.root.join("dist"))
        .env("E2E_DIST_BASE", &admin_panel_dist)
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    vec![
        Stage::Check("format", tools.cargo(&["fmt", "--all", "--", "--check"])),
        Stage::Check(
            "clippy (native)",
            tools.cargo(&[
                "clippy",
                "--offline",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        Stage::Check(
            "clippy (wasm32)",
            tools.cargo(&[
                "clippy",
                "--offline",
                "--package",
                "docspace-admin",
                "--target",
                wasm,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        Stage::Tests(
            "unit tests",
            tools.cargo(&[
                "test",
                "--offline",
                "--workspace",
                "--exclude",
                "docspace-e2e",
                "--tests",
            ]),
        ),
        Stage::Check(
            "build the panel (trunk build --release)",
            tools.trunk_build(),
        ),
        Stage::Check(
            "build the panel for /admin-panel/ (the nginx journey serves it)",
            admin_panel,
        ),
        Stage::Tests(
            "browser tests (wasm-bindgen-test, headless Chromium)",
            wasm_tests,
        ),
        Stage::Tests("e2e journeys (headless Chromium against docspace-sim)", e2e),
    ]
}

pub fn test() -> ExitCode {
    let mut total = Tally::default();
    let failure = run_stages(&mut total).err();
    if let Some(failure) = &failure {
        eprintln!("xtask test: FAILED at stage {failure}");
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if failure.is_none() && total.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_stages(total: &mut Tally) -> Result<(), String> {
    let tools = setup().map_err(|e| format!("`setup`: {e}"))?;
    for stage in stages(&tools) {
        match stage {
            Stage::Check(name, command) => {
                step(name, &command).map_err(|e| format!("`{name}`: {e}"))?
            }
            Stage::Tests(name, command) => {
                let (ok, lines) =
                    step_capturing(name, &command).map_err(|e| format!("`{name}`: {e}"))?;
                let counted = tally(&lines);
                total.passed += counted.passed;
                total.failed += counted.failed;
                if !ok || counted.failed > 0 {
                    return Err(format!("`{name}`: {} test(s) failed", counted.failed));
                }
                if counted.ignored > 0 {
                    return Err(format!(
                        "`{name}`: {} test(s) ignored; no test may be skipped",
                        counted.ignored
                    ));
                }
                if counted.passed == 0 {
                    return Err(format!("`{name}`: ran no test"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn adds_up_closing_lines() {
        let out = lines(
            "running 3 tests\n\
             test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
             test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 1.2s\n\
             test result: ok. 2 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.02s\n\
             some other line with 5 passed",
        );
        assert_eq!(
            tally(&out),
            Tally {
                passed: 7,
                failed: 1,
                ignored: 1
            }
        );
        assert_eq!(tally(&[]), Tally::default());
    }
}
