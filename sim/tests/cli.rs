//! The `docspace-sim` binary as a person starts it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SIM: &str = env!("CARGO_BIN_EXE_docspace-sim");

#[test]
fn refuses_a_non_loopback_address_without_allow_remote() {
    let out = Command::new(SIM)
        .args(["--addr", "0.0.0.0:0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}

#[test]
fn refuses_a_malformed_role_key_fault_rate_window_and_base() {
    for args in [
        ["--key", "boss=sk-x"],
        ["--key", "admin=abc"],
        ["--fault-rate", "1.5"],
        ["--rate-window-secs", "0"],
        ["--base", "admin-panel/"],
        ["--base", "/admin-panel"],
        ["--portal-version", "three"],
        ["--portal-version", "3"],
    ] {
        let out = Command::new(SIM).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn prints_the_url_the_owner_and_every_role_key() {
    let mut child = Command::new(SIM)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--users",
            "12",
            "--key",
            "admin=sk-AdminKey123",
            "--api-key",
            "sk-Owner42",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut banner = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        let done = line.starts_with("Press Ctrl-C");
        banner.push(line);
        if done || Instant::now() > deadline {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = banner.join("\n");
    assert!(
        text.contains("DocSpace 3.7.2 portal with 12 people"),
        "{text}"
    );
    let url = banner
        .iter()
        .find(|l| l.trim_start().starts_with("URL"))
        .expect("a URL line");
    assert!(
        url.contains("http://127.0.0.1:") && !url.contains(":0/"),
        "the real port: {url}"
    );
    assert!(banner
        .iter()
        .any(|l| l.contains("owner") && l.contains("@") && l.contains("demo-owner-2026")));
    assert!(banner
        .iter()
        .any(|l| l.contains("owner") && l.ends_with("sk-Owner42")));
    assert!(banner
        .iter()
        .any(|l| l.contains("admin ") && l.ends_with("sk-AdminKey123")));
    for role in ["roomadmin", "user", "guest"] {
        let line = banner
            .iter()
            .find(|l| l.contains(&format!(" {role} ")))
            .unwrap_or_else(|| panic!("{role}: {text}"));
        let key = line.split_whitespace().last().unwrap();
        assert!(
            key.starts_with("sk-")
                && key[3..].chars().all(|c| c.is_ascii_alphanumeric())
                && key.len() > 20
        );
    }
}

#[test]
fn an_older_portal_says_so_and_prints_no_keys() {
    let mut child = Command::new(SIM)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--users",
            "8",
            "--portal-version",
            "3.0",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut banner = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        let done = line.starts_with("Press Ctrl-C");
        banner.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = banner.join("\n");
    assert!(text.contains("DocSpace 3.0 portal with 8 people"), "{text}");
    assert!(
        !text.contains("sk-") && text.contains("API keys   none"),
        "{text}"
    );
}
