//! The portal's login history and audit trail (`more-endpoints.md` 6; DocSpace admins only).
//! What the panel must know of them: the login history's filter pages *before* it filters (a
//! page of the whole history, newest first, then `userId`, `from`, `to`), so the only way to
//! all of one person's sign-ins, or everyone's, is to read every page of the whole history;
//! failed sign-ins are recorded under the Guest account with the typed login; the audit trail
//! filters first, and finds what was done to a person by `entryType=User&target=<id>`; none
//! of the lists has a `total`; and a plan without the `audit` feature answers both filters
//! with the last 20 events, silently, which only `GET /portal/quota`'s `audit` tells.

use serde::{Deserialize, Serialize};

use super::call::Call;
use super::error::ApiError;
use super::transport::PortalClient;

/// The most a page of either history holds (`[Range(1, 100)]`).
pub const HISTORY_PAGE: usize = 100;

/// `Constants.Guest`: whom a failed sign-in is recorded under.
pub const GUEST_ID: &str = "712d9ec3-5d2b-4b13-824f-71f00191dcca";

/// `MessageAction` numbers of a successful sign-in (the twelve `LoginSuccess*`).
pub fn is_sign_in(action: i32) -> bool {
    matches!(
        action,
        1000 | 1001 | 1007 | 1010 | 1011 | 1012 | 1015 | 1019 | 1021 | 1024 | 1028 | 1029
    )
}

/// `MessageAction` numbers of a failed sign-in (the `LoginFail*`).
pub fn is_failed_sign_in(action: i32) -> bool {
    matches!(
        action,
        1002..=1005 | 1008 | 1009 | 1013 | 1014 | 1018 | 1020 | 1022 | 1023 | 1025 | 1026
    )
}

/// `GET /security/audit/login/filter` at `start`: a page of the whole login history, newest
/// first.
pub fn login_page(start: usize) -> Call {
    Call::get("/api/2.0/security/audit/login/filter")
        .with_query("startIndex", start)
        .with_query("count", HISTORY_PAGE)
}

/// `GET /security/audit/events/filter` for what was done to `user_id` (the people mapper's
/// user entries whose target holds the ID), at `start`.
pub fn events_about(user_id: &str, start: usize) -> Call {
    Call::get("/api/2.0/security/audit/events/filter")
        .with_query("entryType", 23)
        .with_query("target", user_id.to_ascii_lowercase())
        .with_query("startIndex", start)
        .with_query("count", HISTORY_PAGE)
}

/// `GET /security/audit/settings/lifetime`.
pub fn lifetimes() -> Call {
    Call::get("/api/2.0/security/audit/settings/lifetime")
}

/// `GET /portal/quota`: the plan, with its `audit` flag.
pub fn tenant_quota() -> Call {
    Call::get("/api/2.0/portal/quota")
}

/// `LoginEventDto`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginEvent {
    pub id: i64,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub login: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub action_id: i32,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub browser: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
}

/// `AuditEventDto`, what the panel shows of it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    pub id: i64,
    #[serde(default)]
    pub date: String,
    /// Who did it.
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub action_id: i32,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub target: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lifetimes {
    #[serde(default)]
    login_history_life_time: Option<u32>,
}

#[derive(Deserialize)]
struct TenantQuota {
    #[serde(default)]
    audit: Option<bool>,
}

/// What the portal can tell of its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryReach {
    /// The plan has the `audit` feature: the filters filter (without it they answer the last
    /// 20 events whatever is asked).
    pub filters: bool,
    /// How many days of sign-ins the portal keeps (`loginHistoryLifeTime`, 1 to 180).
    pub login_days: u32,
}

impl PortalClient {
    /// Whether the filters work on this plan and how far back sign-ins go.
    pub async fn history_reach(&self) -> Result<HistoryReach, ApiError> {
        let quota: TenantQuota = self.send(&tenant_quota()).await?;
        let lifetimes: Lifetimes = self.send(&lifetimes()).await?;
        Ok(HistoryReach {
            filters: quota.audit.unwrap_or(true),
            login_days: lifetimes
                .login_history_life_time
                .unwrap_or(180)
                .clamp(1, 180),
        })
    }

    /// A page of the whole login history, newest first.
    pub async fn login_page(&self, start: usize) -> Result<Vec<LoginEvent>, ApiError> {
        self.send(&login_page(start)).await
    }

    /// A page of what was done to a person, newest first.
    pub async fn events_about(
        &self,
        user_id: &str,
        start: usize,
    ) -> Result<Vec<AuditEvent>, ApiError> {
        self.send(&events_about(user_id, start)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calls_ask_what_the_server_reads() {
        assert_eq!(
            login_page(200).path_and_query(),
            "/api/2.0/security/audit/login/filter?startIndex=200&count=100"
        );
        assert_eq!(
            events_about("ABC", 0).path_and_query(),
            "/api/2.0/security/audit/events/filter?entryType=23&target=abc&startIndex=0&count=100"
        );
        assert!(is_sign_in(1010) && is_sign_in(1029) && !is_sign_in(1013) && !is_sign_in(1006));
        assert!(is_failed_sign_in(1013) && is_failed_sign_in(1023) && !is_failed_sign_in(1010));
    }

    #[test]
    fn a_login_event_reads_with_the_fields_the_server_leaves_out() {
        let e: LoginEvent = serde_json::from_str(
            r#"{"id":7,"date":"2026-12-01T10:00:00.0000000+00:00","user":"Ann Lee","userId":"a","action":"Successful Login via API","actionId":1010,"ip":"10.0.0.1","browser":"Chrome 131.0","platform":"Linux","page":"/login"}"#,
        )
        .unwrap();
        assert_eq!((e.id, e.action_id, e.login), (7, 1010, None));
    }
}
