//! What a first visit downloads: the files of the release build (`dist/`, or `E2E_DIST`), raw,
//! gzip (level 9) and brotli (quality 11), compressed here in Rust. Run by `cargo xtask bench`,
//! which writes the Markdown it prints into BENCHMARKS.md and checks the budget line
//! (`@@budget`): the whole first load at most 180 kB gzip.
//!
//! When the budget is missed and `wasm-opt` and `twiggy` are on `PATH` (`cargo xtask bench`
//! puts `.tools` first; `cargo install --locked twiggy --root .tools` installs twiggy), the
//! section also says what the wasm is made of, by crate.

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

/// Crates, grouped as the note on a missed budget names them.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "Leptos: tachys (views), reactive_graph (signals, effects), leptos, leptos_router, \
         send_wrapper, either_of",
        &[
            "tachys",
            "reactive_graph",
            "leptos",
            "leptos_router",
            "leptos_dom",
            "send_wrapper",
            "either_of",
            "or_poisoned",
            "throw_error",
            "any_spawner",
            "next_tuple",
        ],
    ),
    (
        "Rust's core, alloc, std (drop glue, closures' shims and formatting for all of the above)",
        &[
            "core",
            "alloc",
            "std",
            "dlmalloc",
            "hashbrown",
            "str",
            "f64",
        ],
    ),
    (
        "the panel's own functions (docspace_admin)",
        &["docspace_admin"],
    ),
    ("serde, serde_json", &["serde_json", "serde_core", "serde"]),
    (
        "wasm-bindgen, js-sys, web-sys, gloo-net, imports",
        &[
            "wasm_bindgen",
            "wasm_bindgen_futures",
            "js_sys",
            "web_sys",
            "gloo_net",
            "import",
        ],
    ),
];

/// The crate an item of `twiggy top` belongs to: the first path segment of its name.
fn crate_of(name: &str) -> &str {
    let name = name.trim_start_matches(['<', '&', '*', '(', ' ']);
    let name = name
        .strip_prefix("mut ")
        .or_else(|| name.strip_prefix("dyn "))
        .unwrap_or(name);
    let end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    &name[..end]
}

/// What the shipped wasm is made of, when `wasm-opt` and `twiggy` are on `PATH`: trunk's
/// wasm-bindgen output (`target/wasm-bindgen/release`) optimised again as trunk does (`-Oz`) but
/// keeping its function names (`--debuginfo`), then `twiggy top` grouped by crate.
fn what_dominates(dist: &Path) -> Option<String> {
    let input: PathBuf = std::env::var_os("BENCH_BINDGEN_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| dist.join("../target/wasm-bindgen/release/docspace-admin_bg.wasm"));
    if !input.is_file() {
        return None;
    }
    let named = std::env::temp_dir().join(format!("bench-size-{}.wasm", std::process::id()));
    let optimised = Command::new("wasm-opt")
        .args(["-Oz", "--debuginfo", "-o"])
        .arg(&named)
        .arg(&input)
        .status()
        .ok()?
        .success();
    let top = optimised
        .then(|| {
            Command::new("twiggy")
                .args(["top", "-n", "1000000", "-f", "json"])
                .arg(&named)
                .output()
                .ok()
        })
        .flatten();
    let _ = std::fs::remove_file(&named);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&top?.stdout).ok()?;
    let mut groups = vec![0u64; GROUPS.len() + 2];
    let mut total = 0;
    let mut biggest: Vec<(u64, String)> = Vec::new();
    for item in &items {
        let name = item["name"].as_str().unwrap_or("");
        let size = item["shallow_size"].as_u64().unwrap_or(0);
        if name.contains("function names") {
            continue; // kept only for this count; the shipped wasm has none
        }
        total += size;
        let group = if name.starts_with("data segment") {
            GROUPS.len()
        } else {
            let krate = crate_of(name);
            GROUPS
                .iter()
                .position(|(_, crates)| crates.contains(&krate))
                .unwrap_or(GROUPS.len() + 1)
        };
        groups[group] += size;
        biggest.push((size, name.to_string()));
    }
    biggest.sort_by_key(|b| std::cmp::Reverse(b.0));
    let mut out = format!(
        "What the wasm is made of ({} bytes without names): trunk's wasm-bindgen output run \
         through `wasm-opt -Oz --debuginfo` (as trunk does, keeping the names) and `twiggy top`, \
         each item counted to the crate its name starts with; generic code instantiated for the \
         panel's views counts to the crate that defines it.\n\n\
         | part | bytes | share |\n| --- | ---: | ---: |\n",
        thousands(total)
    );
    let names: Vec<&str> = GROUPS
        .iter()
        .map(|(name, _)| *name)
        .chain([
            "data (strings, tables)",
            "other (generic impls named by their type parameter, futures-util, indexmap, …)",
        ])
        .collect();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(groups[*i]));
    for i in order {
        out.push_str(&format!(
            "| {} | {} | {:.1}% |\n",
            names[i],
            thousands(groups[i]),
            groups[i] as f64 * 100.0 / total.max(1) as f64
        ));
    }
    out.push_str(&format!(
        "\nThe biggest single items (no one dominates: {} functions in all):\n\n\
         | item | bytes |\n| --- | ---: |\n",
        thousands(biggest.len() as u64)
    ));
    for (size, name) in biggest.iter().take(10) {
        let short: String = name.chars().take(110).collect();
        out.push_str(&format!(
            "| `{}` | {} |\n",
            short.replace('|', "\\|").replace('`', "'"),
            thousands(*size)
        ));
    }
    Some(out)
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
        if let Some(parts) = what_dominates(&dist) {
            println!("\n{}", parts.trim_end());
        }
    }
    println!(
        "@@budget\tFirst-load transfer, gzip (index.html + boot.js + CSS + JS + wasm)\t≤ {} B\t{} B\t{}",
        thousands(BUDGET_GZIP),
        thousands(gzip),
        if pass { "PASS" } else { "FAIL" }
    );
}
