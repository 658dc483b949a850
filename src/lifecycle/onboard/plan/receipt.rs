//! The receipt of applying a roster: a line per row, and every request, as CSV and JSON.

use super::{OnboardPlan, Stage};
use crate::people::csv::cell;

impl OnboardPlan {
    /// A line per row: line, email, ID, what happened.
    pub fn rows_csv(&self) -> String {
        let mut out = String::from("Line,Email,ID,Outcome\r\n");
        for row in &self.rows {
            let cells = [
                row.line.to_string(),
                cell(&row.email),
                cell(row.id.as_deref().unwrap_or("")),
                cell(&row.outcome()),
            ];
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// The receipt as JSON: the panel, the portal, the file, who acted, the groups, a line per
    /// row and every request.
    pub fn receipt_json(&self) -> String {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "line": r.line, "email": r.email, "id": r.id, "outcome": r.outcome(),
                })
            })
            .collect();
        let groups: Vec<serde_json::Value> = self
            .groups
            .iter()
            .map(|g| serde_json::json!({"name": g.name, "id": g.id, "created": g.stage == Stage::Done}))
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "panel": crate::lifecycle::receipt::PANEL,
            "portal": self.receipt.portal,
            "file": self.file,
            "performedBy": self.receipt.performed_by(),
            "groups": groups,
            "rows": rows,
            "requests": self.receipt.records,
        }))
        .unwrap_or_else(|_| "{}".into())
    }
}
