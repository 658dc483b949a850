//! Proof of what was done: every request a run made, with its outcome.

use serde::{Deserialize, Serialize};

use crate::people::csv::cell;

pub use crate::api::RequestRecord;

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
            format!(
                "2026-11-28T17:00:00.000Z,PUT,{},200,42,terminated 100",
                path()
            )
        );
        assert_eq!(
            lines[2],
            format!(
                "2026-11-28T17:00:00.000Z,PUT,{},no answer,42,\"'=no answer, retried\"",
                path()
            )
        );
    }
}
