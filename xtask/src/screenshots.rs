//! `cargo xtask screenshots`: the README's pictures, taken by the e2e journeys from the current
//! build: the list, a profile, a bulk dialog and a running offboarding (light and dark, 1280
//! and 390 px, `e2e/tests/screenshots.rs`), and the single-person wizard's receipt.

use std::path::Path;

use crate::run::step;
use crate::setup::Tools;

/// The journeys' screenshots the README shows besides every `readme-*.png`, by file name.
const SHOWN: [&str; 1] = ["wizard-receipt.png"];

pub fn screenshots(tools: &Tools) -> Result<(), String> {
    step(
        "build the panel (trunk build --release)",
        &tools.trunk_build(),
    )?;
    let admin_panel_dist = tools.target_dir().join("dist-admin-panel");
    let mut admin_panel = tools.trunk_build();
    admin_panel
        .args(["--public-url", "/admin-panel/", "--dist"])
        .arg(&admin_panel_dist);
    step(
        "build the panel for /admin-panel/ (the journeys use both)",
        &admin_panel,
    )?;
    let shots = tools.target_dir().join("screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    let mut journeys = tools.cargo(&[
        "test",
        "--offline",
        "--package",
        "docspace-e2e",
        "--test",
        "screenshots",
        "--test",
        "lifecycle",
    ]);
    journeys
        .env("E2E_DIST", tools.root.join("dist"))
        .env("E2E_DIST_BASE", &admin_panel_dist)
        .env("E2E_SCREENSHOTS", &shots)
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    step("the journeys that take the README's pictures", &journeys)?;
    let docs = tools.root.join("docs/screenshots");
    std::fs::create_dir_all(&docs).map_err(|e| format!("create {}: {e}", docs.display()))?;
    let mut names: Vec<String> = SHOWN.iter().map(|s| s.to_string()).collect();
    let taken = std::fs::read_dir(&shots).map_err(|e| format!("read {}: {e}", shots.display()))?;
    names.extend(
        taken
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("readme-") && n.ends_with(".png")),
    );
    for name in &names {
        copy(&shots.join(name), &docs.join(name))?;
    }
    println!("screenshots: {} updated", docs.display());
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} to {}: {e}", from.display(), to.display()))
}
