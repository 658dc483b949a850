//! Proof of what was done: every request a run made, with its outcome.

use serde::{Deserialize, Serialize};

use crate::people::csv::cell;

/// One request, as the receipt lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// When it was sent, ISO 8601 in UTC.
    pub at: String,
    pub method: String,
    /// The path and query (never the token).
    pub path: String,
    /// The HTTP status, or `None` when no answer came (network error).
    pub status: Option<u16>,
    pub duration_ms: u32,
    /// What it meant, e.g. "terminated 100" or the portal's message.
    pub outcome: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub records: Vec<RequestRecord>,
}

impl Receipt {
    pub fn push(&mut self, record: RequestRecord) {
        self.records.push(record);
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.records).unwrap_or_else(|_| "[]".into())
    }

    pub fn to_csv(&self) -> String {
        let mut out = String::from("Time,Method,Path,Status,Duration (ms),Outcome\r\n");
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

    fn record(status: Option<u16>, outcome: &str) -> RequestRecord {
        RequestRecord {
            at: "2026-11-28T17:00:00.000Z".into(),
            method: "PUT".into(),
            path: "/api/2.0/people/status/2".into(),
            status,
            duration_ms: 42,
            outcome: outcome.into(),
        }
    }

    #[test]
    fn json_and_csv_carry_every_request() {
        let mut receipt = Receipt::default();
        receipt.push(record(Some(200), "terminated 100"));
        receipt.push(record(None, "=no answer, retried"));
        let json: Vec<RequestRecord> = serde_json::from_str(&receipt.to_json()).unwrap();
        assert_eq!(json, receipt.records);
        let csv = receipt.to_csv();
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            "2026-11-28T17:00:00.000Z,PUT,/api/2.0/people/status/2,200,42,terminated 100"
        );
        assert_eq!(lines[2], "2026-11-28T17:00:00.000Z,PUT,/api/2.0/people/status/2,no answer,42,\"'=no answer, retried\"");
    }
}
