//! The request log a client writes for receipts: what was sent, when, and what came back
//! (never the token).

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

/// One request, as a receipt lists it.
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
    /// What it meant, e.g. "ok" or the portal's message.
    pub outcome: String,
    /// Who sent it: the signed-in person, "Name (ID)" (empty for a sign-in's own checks).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
}

/// Where a client writes down every request it makes, for a receipt.
#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<RequestRecord>>>);

impl PartialEq for RequestLog {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl RequestLog {
    /// The requests written down since the last call, in order.
    pub fn take(&self) -> Vec<RequestRecord> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub(super) fn push(&self, record: RequestRecord) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record);
    }
}
