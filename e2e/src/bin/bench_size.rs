//! What a first visit downloads: the files of the release build (`dist/`, or `E2E_DIST`), raw,
//! gzip (level 9) and brotli (quality 11), compressed here in Rust. Run by `cargo xtask bench`,
//! which writes the Markdown it prints into BENCHMARKS.md and checks the budget line
//! (`@@budget`): the whole first load at most 180 kB gzip.
//!
//! When the budget is missed and `twiggy` is on `PATH`, the section also lists what dominates
//! the wasm (`twiggy top` of the cargo output before wasm-bindgen and wasm-opt, which still has
//! its function names).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use docspace_e2e::dist_dir;

/// The budget for everything a first visit downloads, gzip, in bytes (180 kB).
const BUDGET_GZIP: u64 = 180_000;

struct Sizes {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

fn sizes(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip in memory");
    let gzip = gz.finish().expect("gzip in memory").len() as u64;
    let mut br = Vec::new();
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        let mut input = bytes;
        brotli::BrotliCompress(&mut input, &mut br, &params).expect("brotli in memory");
    }
    Sizes {
        raw: bytes.len() as u64,
        gzip,
        brotli: br.len() as u64,
    }
}

/// What each file of `dist/` is, in the order a first visit asks for them.
fn kind(name: &str) -> (u8, &'static str) {
    if name == "index.html" {
        (0, "index.html")
    } else if name == "boot.js" {
        (1, "boot.js (starts the panel)")
    } else if name.ends_with(".css") {
        (2, "CSS")
    } else if name.ends_with(".js") {
        (3, "JS (wasm-bindgen glue)")
    } else if name.ends_with(".wasm") {
        (4, "wasm")
    } else {
        (5, "other")
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `twiggy top` of the wasm as cargo built it (names kept), if twiggy is installed.
fn twiggy_top(dist: &Path) -> Option<String> {
    let wasm: PathBuf = std::env::var_os("BENCH_NAMED_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            dist.join("../target/wasm32-unknown-unknown/release/docspace-admin.wasm")
        });
    if !wasm.is_file() {
        return None;
    }
    let out = Command::new("twiggy")
        .args(["top", "-n", "25"])
        .arg(&wasm)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).to_string())
}

fn main() {
    let dist = dist_dir();
    let mut files: Vec<(u8, &'static str, String, Sizes)> = std::fs::read_dir(&dist)
        .unwrap_or_else(|e| panic!("read {}: {e}", dist.display()))
        .map(|entry| entry.expect("a dist entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let (order, what) = kind(&name);
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
            (order, what, name, sizes(&bytes))
        })
        .collect();
    files.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    assert!(
        files.iter().any(|f| f.1 == "wasm"),
        "no .wasm in {}",
        dist.display()
    );

    println!("@@section first-load-size");
    println!("### First load: what the browser downloads\n");
    println!(
        "The files of the release build (`trunk build --release`: opt-level \"z\", LTO, wasm-opt -Oz), \
         compressed by the bench itself (flate2 gzip level 9, brotli quality 11). Sizes do not vary \
         between runs, so there is one figure each. Bytes.\n"
    );
    println!("| file | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |");
    let (mut raw, mut gzip, mut brotli) = (0, 0, 0);
    for (_, what, name, s) in &files {
        println!(
            "| {what}: `{name}` | {} | {} | {} |",
            thousands(s.raw),
            thousands(s.gzip),
            thousands(s.brotli)
        );
        raw += s.raw;
        gzip += s.gzip;
        brotli += s.brotli;
    }
    println!(
        "| **all of the first load** | **{}** | **{}** | **{}** |",
        thousands(raw),
        thousands(gzip),
        thousands(brotli)
    );
    let pass = gzip <= BUDGET_GZIP;
    if !pass {
        let wasm_gzip: u64 = files
            .iter()
            .filter(|f| f.1 == "wasm")
            .map(|f| f.3.gzip)
            .sum();
        println!(
            "\nOver budget by {} bytes gzip; the wasm is {}% of the gzip total.",
            thousands(gzip - BUDGET_GZIP),
            wasm_gzip * 100 / gzip.max(1)
        );
        if let Some(top) = twiggy_top(&dist) {
            println!(
                "\nWhat dominates the wasm: `twiggy top -n 25` of cargo's output before wasm-bindgen \
                 and wasm-opt (which still has its names; wasm-opt shrinks it further, in proportion):\n"
            );
            println!("```text\n{}\n```", top.trim_end());
        }
    }
    println!(
        "@@budget\tFirst-load transfer, gzip (index.html + boot.js + CSS + JS + wasm)\t≤ {} B\t{} B\t{}",
        thousands(BUDGET_GZIP),
        thousands(gzip),
        if pass { "PASS" } else { "FAIL" }
    );
}
