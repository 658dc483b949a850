//! Proof of what was done: every request a run made, with its outcome.

use serde::{Deserialize, Serialize};

use crate::people::csv::cell;

pub use crate::api::RequestRecord;

/// The panel and its version, as receipts name them.
pub const PANEL: &str = concat!("DocSpace Admin ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub records: Vec<RequestRecord>,
    /// The portal the requests went to (its origin).
    #[serde(default)]
    pub portal: String,
}

impl Receipt {
    pub fn push(&mut self, record: RequestRecord) {
        self.records.push(record);
    }

    /// Everyone who sent a request, in the order they first did.
    pub fn performed_by(&self) -> Vec<String> {
        let mut by: Vec<String> = Vec::new();
        for r in &self.records {
            if !r.by.is_empty() && !by.contains(&r.by) {
                by.push(r.by.clone());
            }
        }
        by
    }

    /// The receipt as JSON: the panel and its version, the portal, who acted, and every
    /// request (no byte-order mark: `JSON.parse` and Python's `json.load` refuse one).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({
            "panel": PANEL,
            "portal": self.portal,
            "performedBy": self.performed_by(),
            "requests": self.records,
        }))
        .unwrap_or_else(|_| "{}".into())
    }

    pub fn to_csv(&self) -> String {
        let mut out = String::from("Time,Method,Path,Status,Duration (ms),Outcome,By\r\n");
        for r in &self.records {
            let status = r
                .status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "no answer".into());
            let line = [
                cell(&r.at),
                cell(&r.method),
                cell(&r.path),
                status,
                r.duration_ms.to_string(),
                cell(&r.outcome),
                cell(&r.by),
            ]
            .join(",");
            out.push_str(&line);
            out.push_str("\r\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> String {
        crate::api::people::set_status(&["a".into()], true).path_and_query()
    }

    fn record(status: Option<u16>, outcome: &str) -> RequestRecord {
        RequestRecord {
            at: "2026-11-28T17:00:00.000Z".into(),
            method: "PUT".into(),
            path: path(),
            status,
            duration_ms: 42,
            outcome: outcome.into(),
            by: "Ann Admin (a-1)".into(),
        }
    }

    #[test]
    fn json_and_csv_carry_every_request() {
        let mut receipt = Receipt {
            portal: "https://docspace.example.org".into(),
            ..Receipt::default()
        };
        receipt.push(record(Some(200), "terminated 100"));
        receipt.push(record(None, "=no answer, retried"));
        let json: serde_json::Value = serde_json::from_str(&receipt.to_json()).unwrap();
        let requests: Vec<RequestRecord> =
            serde_json::from_value(json["requests"].clone()).unwrap();
        assert_eq!(requests, receipt.records);
        assert_eq!(json["portal"], "https://docspace.example.org");
        assert_eq!(json["panel"], PANEL);
        assert!(PANEL.starts_with("DocSpace Admin 0."));
        assert_eq!(json["performedBy"], serde_json::json!(["Ann Admin (a-1)"]));
        assert!(!receipt.to_json().starts_with('\u{feff}'));
        let csv = receipt.to_csv();
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            format!(
                "2026-11-28T17:00:00.000Z,PUT,{},200,42,terminated 100,Ann Admin (a-1)",
                path()
            )
        );
        assert_eq!(
            lines[2],
            format!(
                "2026-11-28T17:00:00.000Z,PUT,{},no answer,42,\"'=no answer, retried\",Ann Admin (a-1)",
                path()
            )
        );
    }
}
