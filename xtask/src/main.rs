//! `cargo xtask setup | demo | dist | dev | test | bench | screenshots | soak`: everything a newcomer runs.

mod args;
mod bench;
mod dev;
mod dist;
#[cfg(test)]
mod lint;
mod run;
mod screenshots;
mod setup;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  setup   install what is missing: the wasm32 target, trunk, wasm-bindgen-cli,
          wasm-opt (npm binaryen), Chromium and ChromeDriver, nginx; then fetch
          crates
  demo    set up, build the panel, and serve it with docspace-sim on
          http://127.0.0.1:8080 (extra arguments go to docspace-sim, e.g. --users 5000)
  test    set up, then format, clippy (native and wasm32), unit tests, browser
          tests and e2e journeys; stops at the first failing stage
  dist    build the panel for release into dist/: `--base /admin-panel/` to serve it
          from that path (default /), `--dist DIR` for another directory
  dev     `--portal https://portal.example.com`: the panel on http://127.0.0.1:8081,
          rebuilt on change, with /api/ proxied to that portal (`--port N`, `--insecure`
          for a self-signed certificate)
  bench   build the release panel, measure size and speed (simulator, headless
          Chromium) against the seed's calls, write BENCHMARKS.md; exits non-zero
          when a budget is missed
  screenshots
          take the README's pictures with the e2e journeys from the current build
          (docs/screenshots/)
  soak    offboard 2,000 people through a failing, rate-limited simulator in
          headless Chromium, check every outcome, and record it in BENCHMARKS.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup().map(|_| ()),
        Some("demo") => demo(&args[1..]),
        Some("test") => return test::test(),
        Some("dist") => dist::dist(&args[1..]),
        Some("dev") => dev::dev(&args[1..]),
        Some("bench") => setup::setup().and_then(|tools| bench::bench(&tools)),
        Some("screenshots") => setup::setup().and_then(|tools| screenshots::screenshots(&tools)),
        Some("soak") => setup::setup().and_then(|tools| bench::soak(&tools)),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn demo(sim_args: &[String]) -> Result<(), String> {
    let tools = setup::setup()?;
    run::step(
        "build the panel (trunk build --release)",
        &tools.trunk_build(),
    )?;
    run::step(
        "build docspace-sim",
        &tools.cargo(&["build", "--offline", "--package", "docspace-sim"]),
    )?;
    let mut sim = tools.command(tools.target_dir().join("debug/docspace-sim"));
    sim.arg("--dist").arg(tools.root.join("dist"));
    sim.args(sim_args);
    println!("xtask demo: starting docspace-sim; sign in with the owner's API key printed below");
    run::replace_process(sim)
}
