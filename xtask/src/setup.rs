//! `cargo xtask setup`: installs only what is missing, and says what it did.
//! What works on this kind of machine, and the traps, are in shared/toolchain.md.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{output, step};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132.0.0";
/// axe-core, injected into pages by the accessibility journeys (e2e/tests/a11y.rs).
const AXE_CORE_VERSION: &str = "4.14.1";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The workspace and the tools `setup` made available; commands built here find them first on
/// `PATH` (`.tools/bin`, then `.tools/node_modules/.bin`).
pub struct Tools {
    pub root: PathBuf,
    path: OsString,
}

impl Tools {
    fn new() -> Tools {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in the workspace")
            .to_path_buf();
        let tools = root.join(".tools");
        let mut dirs = vec![tools.join("bin"), tools.join("node_modules/.bin")];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(dirs).expect("PATH entries without separators");
        Tools { root, path }
    }

    pub fn tools_dir(&self) -> PathBuf {
        self.root.join(".tools")
    }

    pub fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join("target"))
    }

    /// `program`, run from the workspace root with the tools on `PATH`.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root).env("PATH", &self.path);
        command
    }

    pub fn cargo(&self, args: &[&str]) -> Command {
        let mut command = self.command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command.args(args);
        command
    }

    pub fn trunk_build(&self) -> Command {
        let mut command = self.command(self.tools_dir().join("bin/trunk"));
        command.args(["build", "--release"]);
        command
    }

    fn version_of(&self, program: &Path) -> Option<String> {
        output(self.command(program).arg("--version"))
    }
}

/// The wasm-bindgen version Cargo.lock pins; wasm-bindgen-cli must match it exactly.
fn locked_wasm_bindgen(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
            {
                return Ok(version.to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// The `version` an installed npm package's package.json declares.
fn installed_npm_version(package_dir: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(package_dir.join("package.json")).ok()?;
    // The top-level "version" key; xtask has no JSON parser, and npm writes one key a line.
    manifest.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("\"version\"")?;
        let rest = rest.trim_start().strip_prefix(':')?.trim();
        Some(rest.trim_end_matches(',').trim_matches('"').to_string())
    })
}

fn have(program: &str) -> bool {
    output(Command::new(program).arg("--version")).is_some()
}

/// `apt-get install`, as root or through sudo.
fn apt_install(packages: &[&str]) -> Result<(), String> {
    let is_root = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut command = if is_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    step("apt-get update", &apt(&["update", "-qq"]))?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend_from_slice(packages);
    step(&format!("install {}", packages.join(" ")), &apt(&args))
}

/// Debian's nginx, which the e2e suite runs as the portal's public proxy (e2e/tests/nginx.rs).
pub const NGINX: &str = "/usr/sbin/nginx";

/// Where Debian's `invoke-rc.d` asks whether a package may start its service.
const POLICY_RC_D: &str = "/usr/sbin/policy-rc.d";

/// Installs Debian's `nginx` without letting its package start a system service on port 80:
/// the tests start their own nginx. A `policy-rc.d` that refuses every start is put in place for
/// the install when there is none (Docker images already have one), and removed afterwards.
fn install_nginx() -> Result<(), String> {
    let is_root = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let as_root = |script: &str| {
        let mut command = if is_root {
            Command::new("sh")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("sh");
            sudo
        };
        command.args(["-c", script]);
        command
    };
    let added_policy = !Path::new(POLICY_RC_D).exists();
    if added_policy {
        step(
            "forbid service starts during the install (policy-rc.d)",
            &as_root(&format!(
                "printf '#!/bin/sh\\nexit 101\\n' > {POLICY_RC_D} && chmod 755 {POLICY_RC_D}"
            )),
        )?;
    }
    let installed = apt_install(&["nginx"]);
    if added_policy {
        step(
            "allow service starts again",
            &as_root(&format!("rm -f {POLICY_RC_D}")),
        )?;
    }
    installed
}

pub fn setup() -> Result<Tools, String> {
    let tools = Tools::new();
    let bin = tools.tools_dir().join("bin");

    let targets = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .ok_or("rustup is needed (https://rustup.rs)")?;
    if targets.lines().any(|t| t.trim() == WASM_TARGET) {
        println!("setup: {WASM_TARGET} target: present");
    } else {
        step(
            &format!("add the {WASM_TARGET} target"),
            Command::new("rustup").args(["target", "add", WASM_TARGET]),
        )?;
    }

    if have("chromium") && have("chromedriver") {
        println!("setup: chromium and chromedriver: present");
    } else {
        apt_install(&["chromium", "chromium-driver"])?;
    }

    if Path::new(NGINX).is_file() {
        println!("setup: nginx: present");
    } else {
        install_nginx()?;
    }

    if !have("npm") {
        apt_install(&["nodejs", "npm"])?;
    }
    let wasm_opt = tools.tools_dir().join("node_modules/.bin/wasm-opt");
    let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
    if tools
        .version_of(&wasm_opt)
        .is_some_and(|v| v.contains(&format!("version {major}")))
    {
        println!("setup: wasm-opt (npm binaryen {BINARYEN_VERSION}): present");
    } else {
        std::fs::create_dir_all(tools.tools_dir()).map_err(|e| e.to_string())?;
        let mut npm = tools.command("npm");
        npm.arg("install")
            .arg("--prefix")
            .arg(tools.tools_dir())
            .args(["--no-audit", "--no-fund", "--save-exact"])
            .arg(format!("binaryen@{BINARYEN_VERSION}"));
        step("install wasm-opt (npm binaryen)", &npm)?;
    }

    let axe = tools.tools_dir().join("node_modules/axe-core");
    if installed_npm_version(&axe).as_deref() == Some(AXE_CORE_VERSION)
        && axe.join("axe.min.js").is_file()
    {
        println!("setup: axe-core {AXE_CORE_VERSION}: present");
    } else {
        std::fs::create_dir_all(tools.tools_dir()).map_err(|e| e.to_string())?;
        let mut npm = tools.command("npm");
        npm.arg("install")
            .arg("--prefix")
            .arg(tools.tools_dir())
            .args(["--no-audit", "--no-fund", "--save-exact"])
            .arg(format!("axe-core@{AXE_CORE_VERSION}"));
        step(&format!("install axe-core {AXE_CORE_VERSION} (npm)"), &npm)?;
    }

    if tools.version_of(&bin.join("trunk")).as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
        println!("setup: trunk {TRUNK_VERSION}: present");
    } else {
        // 0.22 needs a newer rustc; without default features there is no update check and no
        // TLS stack to build, and trunk never downloads anything.
        let mut cargo = tools.cargo(&["install", "--locked", "--no-default-features", "--root"]);
        cargo
            .arg(tools.tools_dir())
            .arg(format!("trunk@{TRUNK_VERSION}"));
        step(
            &format!("install trunk {TRUNK_VERSION} (takes minutes)"),
            &cargo,
        )?;
    }

    let bindgen = locked_wasm_bindgen(&tools.root)?;
    let has_runner = bin.join("wasm-bindgen-test-runner").is_file();
    if has_runner
        && tools.version_of(&bin.join("wasm-bindgen")).as_deref()
            == Some(&format!("wasm-bindgen {bindgen}"))
    {
        println!("setup: wasm-bindgen-cli {bindgen}: present");
    } else {
        // Not --locked: its lock file names a webpki-roots the registry here does not have.
        let mut cargo = tools.cargo(&["install", "--force", "--root"]);
        cargo
            .arg(tools.tools_dir())
            .arg(format!("wasm-bindgen-cli@{bindgen}"));
        step(
            &format!("install wasm-bindgen-cli {bindgen} (takes minutes)"),
            &cargo,
        )?;
    }

    step("fetch crates", &tools.cargo(&["fetch", "--quiet"]))?;
    Ok(tools)
}
