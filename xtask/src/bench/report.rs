//! BENCHMARKS.md: the sections and budget lines the bench programs print, and writing a section
//! in place.

use crate::setup::Tools;

/// A `@@budget` line of a bench program: name, limit, measured, PASS or FAIL.
pub(super) struct Budget {
    pub(super) name: String,
    pub(super) limit: String,
    pub(super) measured: String,
    pub(super) verdict: String,
}

/// Splits a bench program's output into its `@@section NAME` sections and `@@budget` lines.
pub(super) fn parse(stdout: &str) -> (Vec<(String, String)>, Vec<Budget>) {
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut budgets = Vec::new();
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("@@section ") {
            sections.push((name.trim().to_string(), String::new()));
        } else if let Some(rest) = line.strip_prefix("@@budget\t") {
            let f: Vec<&str> = rest.split('\t').collect();
            if f.len() == 4 {
                budgets.push(Budget {
                    name: f[0].into(),
                    limit: f[1].into(),
                    measured: f[2].into(),
                    verdict: f[3].into(),
                });
            }
        } else if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    (sections, budgets)
}

/// Replaces (or appends) the section between `<!-- name:start -->` and `<!-- name:end -->`.
pub(super) fn write_section(tools: &Tools, name: &str, body: &str) -> Result<(), String> {
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let section = format!("{start}\n{body}\n{end}");
    let path = tools.root.join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nEvery number here was measured by the command named beside it; rerun it to update.\n".into()
    });
    let new = match (old.find(&start), old.find(&end)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &old[..a], &old[b + end.len()..]),
        _ => format!("{}\n\n{section}\n", old.trim_end()),
    };
    std::fs::write(&path, new).map_err(|e| format!("write {}: {e}", path.display()))?;
    println!("bench: {name} written to {}", path.display());
    Ok(())
}
