//! Checks of the panel's source that the compiler cannot make: the layers import only what
//! they may (ARCHITECTURE.md), and no view attribute ends its tag early.
//!
//! Leptos' `view!` macro ends a tag at the first bare `>`: in
//! `<button disabled=move || n > 0 on:click=move |_| go()>` the attribute stops at `n`, and the
//! rest, the click handler's body included, becomes the button's children, which run as the
//! view renders. It compiles, and the button acts without being pressed (found by the
//! safeguard journeys: "Go on as …" confirmed itself). A comparison in an attribute's closure
//! must be in braces: `disabled=move || { n > 0 }`.

use std::path::Path;

/// `file:line: text` for every attribute closure in `source` whose unbraced body compares
/// with `>` or `>=`.
pub fn bare_comparisons(file: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("=move |") {
            let after = &rest[at + "=move |".len()..];
            let Some(close) = after.find('|') else { break };
            let body = after[close + 1..].trim_start();
            if !body.starts_with('{') {
                // The attribute's value runs to the next attribute or the end of the tag.
                let value = body.split(" on:").next().unwrap_or(body);
                if value.contains(" > ") || value.contains(" >= ") {
                    found.push(format!("{file}:{}: {}", i + 1, line.trim()));
                }
            }
            rest = after;
        }
    }
    found
}

/// What the logic without a browser (`people`, `lifecycle`) may not use: no Leptos, no web
/// APIs, no storage, nothing above it.
const PURE_FORBIDS: &[&str] = &[
    "leptos",
    "web_sys",
    "gloo",
    "js_sys",
    "wasm_bindgen",
    "crate::session",
    "crate::kept",
    "crate::browser",
    "crate::pages",
    "crate::components",
    "crate::app",
];

/// What a layer of `src/` may not use, by the path prefix its files start with.
const FORBIDDEN: &[(&str, &[&str])] = &[
    // The wire, and nothing of the panel above it.
    (
        "api",
        &[
            "crate::people",
            "crate::lifecycle",
            "crate::pages",
            "crate::components",
            "crate::app",
            "crate::session",
            "crate::kept",
            "crate::browser",
        ],
    ),
    ("people", PURE_FORBIDS),
    ("lifecycle", PURE_FORBIDS),
];

/// `file:line: text` for every line of `source` (a file of `layer`) that uses what the layer
/// may not. Comments are not code.
pub fn forbidden_uses(layer: &str, file: &str, source: &str) -> Vec<String> {
    let Some((_, banned)) = FORBIDDEN.iter().find(|(l, _)| *l == layer) else {
        return Vec::new();
    };
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("//").next().unwrap_or("");
            banned.iter().any(|b| {
                code.match_indices(b).any(|(at, _)| {
                    // A whole path segment: `leptos::`, `use leptos`, `crate::people::`.
                    let before = code[..at].chars().last();
                    let after = code[at + b.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .map(|(i, line)| format!("{file}:{}: {}", i + 1, line.trim()))
        .collect()
}

/// The layer a file of `src/` belongs to: `api` for `src/api.rs` and `src/api/…`.
fn layer_of(relative: &str) -> &str {
    let first = relative.split('/').next().unwrap_or("");
    first.strip_suffix(".rs").unwrap_or(first)
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_bare_comparison_and_lets_braced_ones_be() {
        let bad =
            r#"<button disabled=move || owners > 0 && typed.get() != "3" on:click=move |_| go()>"#;
        assert_eq!(bare_comparisons("x.rs", bad).len(), 1);
        let good = r#"<button disabled=move || { owners > 0 } on:click=move |_| { go() }>"#;
        assert!(bare_comparisons("x.rs", good).is_empty());
        assert!(bare_comparisons("x.rs", "<Show when=move || n() == 0>").is_empty());
        assert_eq!(
            bare_comparisons("x.rs", "<Show when=move || failed >= 1>").len(),
            1
        );
    }

    #[test]
    fn a_forbidden_import_is_found_and_a_comment_is_not() {
        assert_eq!(
            forbidden_uses("api", "a.rs", "use crate::people::query::ListQuery;").len(),
            1
        );
        assert_eq!(
            forbidden_uses("lifecycle", "l.rs", "use leptos::prelude::*;").len(),
            1
        );
        assert_eq!(
            forbidden_uses("people", "p.rs", "    crate::session::keep(KEY, x);").len(),
            1
        );
        assert!(forbidden_uses("lifecycle", "l.rs", "// leptos would be wrong here").is_empty());
        assert!(forbidden_uses("lifecycle", "l.rs", "use crate::api::Person;").is_empty());
        assert!(forbidden_uses("people", "p.rs", "let leptos_like = 1;").is_empty());
        assert!(forbidden_uses("pages", "x.rs", "use leptos::prelude::*;").is_empty());
    }

    /// Each layer imports only what it may (see ARCHITECTURE.md).
    #[test]
    fn the_layers_import_only_what_they_may() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        let found: Vec<String> = files
            .iter()
            .flat_map(|(file, text)| {
                let relative = file.rsplit_once("/src/").map(|(_, r)| r).unwrap_or(file);
                forbidden_uses(layer_of(relative), relative, text)
            })
            .collect();
        assert!(
            found.is_empty(),
            "a layer uses what it may not (ARCHITECTURE.md):\n{}",
            found.join("\n")
        );
    }

    /// No file of the panel is past 400 lines: a file that long is asking to be split.
    #[test]
    fn no_file_of_the_panel_is_over_400_lines() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        let long: Vec<String> = files
            .iter()
            .filter(|(_, text)| text.lines().count() > 400)
            .map(|(file, text)| format!("{file}: {} lines", text.lines().count()))
            .collect();
        assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
    }

    /// The panel's own views have none.
    #[test]
    fn the_panel_has_no_bare_comparison_in_a_view_attribute() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        assert!(files.len() > 20, "read the panel's sources");
        let found: Vec<String> = files
            .iter()
            .flat_map(|(file, text)| bare_comparisons(file, text))
            .collect();
        assert!(
            found.is_empty(),
            "wrap these in braces (view! ends the tag at a bare `>`):\n{}",
            found.join("\n")
        );
    }
}
