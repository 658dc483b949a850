//! Accessibility checks with axe-core (npm `axe-core`, installed by `cargo xtask setup` into
//! `.tools/node_modules`): injected into the page over WebDriver, run with its default rules
//! (WCAG 2 A and AA, WCAG 2.1/2.2 and best practices), violations described for a person;
//! plus one check of our own that axe does not make (a label for every field).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fantoccini::Client;
use serde_json::{json, Value};

/// `.tools/node_modules/axe-core/axe.min.js` in the workspace (found as [`crate::dist_dir`]
/// finds `dist/`), or `E2E_AXE` when set.
pub fn axe_path() -> PathBuf {
    std::env::var_os("E2E_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/node_modules/axe-core/axe.min.js")
        })
}

/// axe-core's source, read once per test binary.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read axe-core at {}: {e} (run `cargo xtask setup`)",
                path.display()
            )
        })
    })
}

/// Puts axe-core into the page, unless this page already has it (a reload or a new document
/// drops it; client-side navigation keeps it).
pub async fn inject(client: &Client) {
    let present = client
        .execute("return typeof window.axe === 'object'", vec![])
        .await
        .expect("ask whether axe is loaded");
    if present == json!(true) {
        return;
    }
    client
        .execute(&format!("{}\n;return true;", axe_source()), vec![])
        .await
        .expect("inject axe-core");
    let version = client
        .execute("return window.axe && window.axe.version", vec![])
        .await
        .expect("read axe's version");
    assert!(version.is_string(), "axe-core did not load: {version}");
}

/// The violations axe finds in the whole document, with its default rule set.
pub async fn violations(client: &Client) -> Vec<Value> {
    inject(client).await;
    let answer = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] })
                 .then(r => done({ ok: r.violations }))
                 .catch(e => done({ error: String(e && e.stack || e) }));"#,
            vec![],
        )
        .await
        .expect("run axe");
    match answer.get("ok") {
        Some(Value::Array(found)) => found.clone(),
        _ => panic!("axe failed: {answer}"),
    }
}

/// One line per violation (rule, impact, what it asks), then each offending node: its CSS
/// target, its markup and axe's summary of what to fix.
pub fn describe(violations: &[Value]) -> String {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let mut out = String::new();
    for v in violations {
        out.push_str(&format!(
            "\n- {} ({}): {} [{}]",
            text(v, "id"),
            text(v, "impact"),
            text(v, "help"),
            text(v, "helpUrl")
        ));
        let nodes = v
            .get("nodes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for node in nodes {
            let target = node.get("target").map(Value::to_string).unwrap_or_default();
            let html = text(&node, "html");
            let summary = text(&node, "failureSummary").replace('\n', " ");
            out.push_str(&format!("\n    {target}: {html}\n      {summary}"));
        }
    }
    out
}

/// Form fields shown without a `<label>` (or an `aria-label`/`aria-labelledby`, as the list's
/// row checkboxes have): axe accepts a placeholder as a field's name, our conventions do not.
pub async fn unlabelled_fields(client: &Client) -> Vec<String> {
    let found = client
        .execute(
            r#"return [...document.querySelectorAll('input, select, textarea')]
                 .filter(e => e.type !== 'hidden' && e.getClientRects().length > 0)
                 .filter(e => e.labels.length === 0
                   && !e.hasAttribute('aria-label') && !e.hasAttribute('aria-labelledby'))
                 .map(e => e.outerHTML);"#,
            vec![],
        )
        .await
        .expect("look for unlabelled fields");
    found
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts axe finds nothing wrong on the page as it is now, and that every field has a
/// label; `screen` names the page in the failure.
pub async fn assert_accessible(client: &Client, screen: &str) {
    let found = violations(client).await;
    assert!(
        found.is_empty(),
        "axe-core found {} violation(s) on {screen}:{}",
        found.len(),
        describe(&found)
    );
    let unlabelled = unlabelled_fields(client).await;
    assert!(
        unlabelled.is_empty(),
        "fields without a label on {screen}: {unlabelled:#?}"
    );
}
