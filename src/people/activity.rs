//! Who is still here: each person's last successful sign-in, from the portal's login history
//! read once, and the report of the people with none in a number of days, those with none the
//! portal remembers, and the invitations waiting longer than that. What the portal cannot tell
//! is said, not guessed: sign-ins older than its login history's lifetime are deleted, so
//! "never" means "not in the days it keeps"; a plan without the audit feature answers only its
//! last 20 sign-ins, so then nobody is called inactive.

use std::collections::HashMap;

use crate::api::audit::{is_sign_in, HistoryReach, LoginEvent};
use crate::api::{Person, UserStatus};
use crate::people::csv::cell;
use crate::people::date_part;
use crate::people::invitations::{pending_older_than, unix_seconds};

const DAY: i64 = 86_400;

/// The report's choices of days.
pub const DAY_CHOICES: [u32; 4] = [30, 60, 90, 180];

/// Whether `me` may read the portal's sign-ins: `EditPortalSettings`, DocSpace admins only.
pub fn can_read_activity(me: &Person) -> crate::people::eligibility::Verdict {
    if me.is_admin || me.is_owner {
        Ok(())
    } else {
        Err("Only DocSpace admins can read the portal's sign-ins.")
    }
}

/// A moment as the portal wrote it, and read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub unix: i64,
    /// The portal's `ApiDateTime`, to show in its own date.
    pub text: String,
}

impl When {
    fn read(text: &str) -> Option<When> {
        Some(When {
            unix: unix_seconds(text)?,
            text: text.to_string(),
        })
    }
}

/// Each person's last successful sign-in, by account ID (lower-cased).
pub fn last_sign_ins(events: &[LoginEvent]) -> HashMap<String, When> {
    let mut last: HashMap<String, When> = HashMap::new();
    for e in events.iter().filter(|e| is_sign_in(e.action_id)) {
        let Some(at) = When::read(&e.date) else {
            continue;
        };
        let slot = last
            .entry(e.user_id.to_ascii_lowercase())
            .or_insert_with(|| at.clone());
        if at.unix > slot.unix {
            *slot = at;
        }
    }
    last
}

/// A person in the report, with the date that put them there.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub person: Person,
    /// Their last sign-in (inactive), or when they were added (never) or invited (pending).
    pub since: Option<When>,
}

/// The three lists and what the portal cannot tell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Active people whose last sign-in is older than the days asked, oldest first.
    pub inactive: Vec<Row>,
    /// Active people with no sign-in the portal remembers, added longest ago first.
    pub never: Vec<Row>,
    /// Invitations not accepted, sent longer ago than the days asked, oldest first.
    pub pending: Vec<Row>,
    /// What the report cannot know, to say above it.
    pub caveats: Vec<String>,
    /// Whether the sign-in lists could be made at all (the plan's filters work).
    pub knows_sign_ins: bool,
}

fn added(p: &Person) -> Option<When> {
    p.registration_date.as_deref().and_then(When::read)
}

fn by_date(rows: &mut [Row]) {
    rows.sort_by_key(|r| r.since.as_ref().map(|w| w.unix));
}

/// The report for `days` at `now`, from everyone and their last sign-ins.
pub fn report(
    people: &[Person],
    last: &HashMap<String, When>,
    now: i64,
    days: u32,
    reach: HistoryReach,
) -> Report {
    let cutoff = now - i64::from(days) * DAY;
    let mut pending: Vec<Row> = pending_older_than(people, days, now)
        .into_iter()
        .map(|p| Row {
            since: added(&p),
            person: p,
        })
        .collect();
    by_date(&mut pending);
    let mut report = Report {
        pending,
        knows_sign_ins: reach.filters,
        ..Report::default()
    };
    if !reach.filters {
        report.caveats.push("This portal's plan does not include the audit trail: the portal shows only its 20 latest sign-ins and ignores any question about a period or a person, so who is inactive cannot be told. The invitations waiting are listed: they do not depend on sign-ins.".into());
        return report;
    }
    let kept = reach.login_days;
    if days > kept {
        report.caveats.push(format!(
            "The portal keeps sign-ins for {kept} days: \"no sign-in in the last {days} days\" can only mean none in the last {kept} days that the portal still remembers."
        ));
    }
    report.caveats.push(format!(
        "\"Never signed in\" means no sign-in in the {kept} days the portal keeps; someone may have signed in before."
    ));
    for p in people.iter().filter(|p| p.status() == UserStatus::Active) {
        match last.get(&p.id.to_ascii_lowercase()) {
            Some(at) if at.unix < cutoff => report.inactive.push(Row {
                person: p.clone(),
                since: Some(at.clone()),
            }),
            Some(_) => {}
            None => report.never.push(Row {
                person: p.clone(),
                since: added(p),
            }),
        }
    }
    by_date(&mut report.inactive);
    by_date(&mut report.never);
    report
}

/// The report as CSV, one line per person and list, with stable English headers.
pub fn report_csv(report: &Report) -> String {
    let mut out = String::from("List,Email,Name,Type,Since,ID\r\n");
    for (list, rows) in [
        ("inactive", &report.inactive),
        ("never signed in", &report.never),
        ("invitation pending", &report.pending),
    ] {
        for r in rows {
            let since = r.since.as_ref().map_or("", |w| date_part(&w.text));
            let cells = [
                list,
                r.person.email.as_str(),
                r.person.name(),
                r.person.user_type().label(),
                since,
                r.person.id.as_str(),
            ];
            out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person(id: &str, status: i64, registered: &str) -> Person {
        serde_json::from_value(json!({
            "id": id, "displayName": id, "firstName": id, "lastName": "", "email": format!("{id}@example.com"),
            "status": status, "activationStatus": 1, "isAdmin": false, "isOwner": false, "isRoomAdmin": false,
            "isCollaborator": true, "isVisitor": false, "registrationDate": registered,
        }))
        .unwrap()
    }

    fn login(user: &str, date: &str, action: i32) -> LoginEvent {
        serde_json::from_value(json!({ "id": 1, "date": date, "userId": user, "actionId": action }))
            .unwrap()
    }

    const NOW: &str = "2026-12-07T12:00:00Z";
    const FULL: HistoryReach = HistoryReach {
        filters: true,
        login_days: 180,
    };

    #[test]
    fn the_last_successful_sign_in_counts_and_failed_ones_do_not() {
        let events = [
            login("A", "2026-12-01T10:00:00.0000000+00:00", 1010),
            login("a", "2026-09-01T10:00:00.0000000+00:00", 1010),
            login("b", "2026-12-06T10:00:00.0000000+00:00", 1013),
        ];
        let last = last_sign_ins(&events);
        assert_eq!(
            last.get("a").map(|w| w.unix),
            unix_seconds("2026-12-01T10:00:00Z")
        );
        assert!(!last.contains_key("b"));
    }

    #[test]
    fn the_report_sorts_people_into_inactive_never_and_pending() {
        let now = unix_seconds(NOW).unwrap();
        let people = [
            person("recent", 1, "2020-01-01T00:00:00"),
            person("gone", 1, "2020-01-01T00:00:00"),
            person("never", 1, "2021-01-01T00:00:00"),
            person("disabled", 2, "2020-01-01T00:00:00"),
            person("invited-long-ago", 4, "2026-08-01T00:00:00"),
            person("invited-lately", 4, "2026-12-01T00:00:00"),
        ];
        let events = [
            login("recent", "2026-11-30T10:00:00Z", 1010),
            login("gone", "2026-08-01T10:00:00Z", 1010),
            login("disabled", "2026-01-01T10:00:00Z", 1010),
        ];
        let r = report(&people, &last_sign_ins(&events), now, 90, FULL);
        let ids = |rows: &[Row]| rows.iter().map(|r| r.person.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&r.inactive), ["gone"]);
        assert_eq!(ids(&r.never), ["never"]);
        assert_eq!(ids(&r.pending), ["invited-long-ago"]);
        assert_eq!(
            r.caveats.len(),
            1,
            "only the meaning of never: {:?}",
            r.caveats
        );
        let csv = report_csv(&r);
        assert!(csv.starts_with("List,Email,Name,Type,Since,ID\r\ninactive,gone@example.com,gone,User,2026-08-01,gone\r\n"), "{csv}");
    }

    #[test]
    fn a_question_past_the_portals_memory_says_so_and_without_the_audit_feature_nobody_is_inactive()
    {
        let now = unix_seconds(NOW).unwrap();
        let people = [
            person("never", 1, "2021-01-01T00:00:00"),
            person("invited", 4, "2026-01-01T00:00:00"),
        ];
        let short = HistoryReach {
            filters: true,
            login_days: 30,
        };
        let r = report(&people, &HashMap::new(), now, 90, short);
        assert!(
            r.caveats[0].contains("keeps sign-ins for 30 days"),
            "{:?}",
            r.caveats
        );
        let none = HistoryReach {
            filters: false,
            login_days: 180,
        };
        let r = report(&people, &HashMap::new(), now, 90, none);
        assert!(!r.knows_sign_ins && r.inactive.is_empty() && r.never.is_empty());
        assert_eq!(r.pending.len(), 1, "invitations do not depend on sign-ins");
        assert!(r.caveats[0].contains("does not include the audit trail"));
    }
}
