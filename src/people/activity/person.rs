//! One person's activity: their sign-ins (successful ones under their ID; failed attempts,
//! which the portal records under the Guest account, by the login typed, their email) and what
//! was done to their account, within a range of days.

use crate::api::audit::{AuditEvent, LoginEvent, GUEST_ID};
use crate::people::invitations::unix_seconds;

/// A range of whole days (UTC), as typed: `2026-11-01` to `2026-12-07`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    /// Seconds since 1970 of the first day's start.
    pub from: i64,
    /// Seconds since 1970 of the last day's last second.
    pub to: i64,
}

/// Which field a range's problem concerns, and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    From(&'static str),
    To(&'static str),
}

/// Reads the two date fields (`YYYY-MM-DD`, as a date input gives them).
pub fn parse_days(from: &str, to: &str) -> Result<Days, RangeError> {
    let day = |text: &str| unix_seconds(&format!("{}T00:00:00Z", text.trim()));
    let from = day(from).ok_or(RangeError::From("Enter the first day as a date."))?;
    let to = day(to).ok_or(RangeError::To("Enter the last day as a date."))?;
    if to < from {
        return Err(RangeError::To("The last day cannot be before the first."));
    }
    Ok(Days {
        from,
        to: to + 86_399,
    })
}

impl Days {
    pub fn holds(&self, date: &str) -> bool {
        unix_seconds(date).is_some_and(|at| (self.from..=self.to).contains(&at))
    }

    /// The range's ends as the portal's filters take them (`Z`: an offset is required).
    pub fn api_from(&self) -> String {
        iso(self.from)
    }

    pub fn api_to(&self) -> String {
        iso(self.to)
    }
}

fn iso(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The person's sign-in events within `days`, newest first: theirs by ID, and the failed
/// attempts typed with their email.
pub fn sign_ins_of<'a>(
    events: &'a [LoginEvent],
    id: &str,
    email: &str,
    days: Days,
) -> Vec<&'a LoginEvent> {
    events
        .iter()
        .filter(|e| {
            e.user_id.eq_ignore_ascii_case(id)
                || (e.user_id.eq_ignore_ascii_case(GUEST_ID)
                    && e.login
                        .as_deref()
                        .is_some_and(|l| l.trim().eq_ignore_ascii_case(email)))
        })
        .filter(|e| days.holds(&e.date))
        .collect()
}

/// Both lists as CSV, with stable English headers.
pub fn activity_csv(sign_ins: &[LoginEvent], changes: &[AuditEvent]) -> String {
    use crate::people::csv::cell;
    let mut out = String::from("Kind,Date,What,By,IP,Browser\r\n");
    let line = |cells: [&str; 6]| {
        let mut l = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
        l.push_str("\r\n");
        l
    };
    for e in sign_ins {
        let browser = [e.browser.as_deref(), e.platform.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&line([
            "sign-in",
            e.date.as_str(),
            e.action.as_deref().unwrap_or(""),
            e.user.as_deref().or(e.login.as_deref()).unwrap_or(""),
            e.ip.as_deref().unwrap_or(""),
            browser.as_str(),
        ]));
    }
    for e in changes {
        out.push_str(&line([
            "account",
            e.date.as_str(),
            e.action.as_deref().unwrap_or(""),
            e.user.as_deref().unwrap_or(""),
            e.ip.as_deref().unwrap_or(""),
            "",
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn login(user: &str, login: Option<&str>, date: &str, action: i32) -> LoginEvent {
        serde_json::from_value(
            json!({ "id": 1, "date": date, "userId": user, "login": login, "actionId": action }),
        )
        .unwrap()
    }

    #[test]
    fn a_range_of_days_is_read_whole_and_refused_next_to_the_field_it_concerns() {
        let d = parse_days("2026-11-01", "2026-11-30").unwrap();
        assert_eq!(d.api_from(), "2026-11-01T00:00:00Z");
        assert_eq!(d.api_to(), "2026-11-30T23:59:59Z");
        assert!(d.holds("2026-11-30T23:00:00.0000000+00:00") && !d.holds("2026-12-01T00:00:00Z"));
        assert_eq!(
            parse_days("", "2026-11-30"),
            Err(RangeError::From("Enter the first day as a date."))
        );
        assert!(matches!(
            parse_days("2026-12-01", "2026-11-30"),
            Err(RangeError::To(_))
        ));
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_709_251_199), "2024-02-29T23:59:59Z");
    }

    #[test]
    fn their_sign_ins_are_theirs_by_id_and_the_failures_typed_with_their_email() {
        let d = parse_days("2026-11-01", "2026-11-30").unwrap();
        let events = [
            login("ID", None, "2026-11-10T10:00:00Z", 1010),
            login(
                GUEST_ID,
                Some("Ann@Example.com"),
                "2026-11-10T09:59:00Z",
                1013,
            ),
            login(
                GUEST_ID,
                Some("bob@example.com"),
                "2026-11-10T09:58:00Z",
                1013,
            ),
            login("id", None, "2026-10-10T10:00:00Z", 1010),
            login("other", None, "2026-11-10T10:00:00Z", 1010),
        ];
        let theirs = sign_ins_of(&events, "id", "ann@example.com", d);
        assert_eq!(theirs.len(), 2);
        let csv = activity_csv(&events[..1], &[]);
        assert!(
            csv.starts_with("Kind,Date,What,By,IP,Browser\r\nsign-in,2026-11-10T10:00:00Z,"),
            "{csv}"
        );
    }
}
