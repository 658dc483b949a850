//! Checks of the panel's source that the compiler cannot make.
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
