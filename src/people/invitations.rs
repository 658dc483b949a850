//! Pending invitations: when each was sent, how old it is, and which are older than a number
//! of days. The portal's `registrationDate` of someone who never joined is when they were
//! invited (`UserInfo.CreateDate`, stamped by `POST /people/invite`); sending the invitation
//! again does not move it, so "older than 14 days" means first invited more than 14 days ago.

use crate::api::{Person, UserStatus};

/// Seconds since 1970 of a portal `ApiDateTime` (`2025-01-15T10:30:00.0000000+03:00`, or with
/// `Z`, or without an offset: then UTC); `None` for anything else.
pub fn unix_seconds(api_date_time: &str) -> Option<i64> {
    let s = api_date_time.trim();
    let (date, rest) = s.split_once('T')?;
    let mut ymd = date.splitn(3, '-').map(str::parse::<i64>);
    let (y, m, d) = (ymd.next()?.ok()?, ymd.next()?.ok()?, ymd.next()?.ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // The time, then an optional offset: `Z`, `+03:00`, `-05:30`.
    let split = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(split);
    let mut hms = time.splitn(3, ':');
    let h: i64 = hms.next()?.parse().ok()?;
    let min: i64 = hms.next()?.parse().ok()?;
    let sec: i64 = hms
        .next()
        .map(|s| s.split('.').next().unwrap_or("0").parse().ok())
        .unwrap_or(Some(0))?;
    let offset = match zone {
        "" | "Z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let (oh, om) = z[1..].split_once(':').unwrap_or((&z[1..], "0"));
            sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60)
        }
    };
    Some(days_from_civil(y, m, d) * 86_400 + h * 3600 + min * 60 + sec - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whole days from `api_date_time` to `now` (seconds since 1970); `None` when the date does
/// not read.
pub fn age_days(api_date_time: &str, now: i64) -> Option<i64> {
    unix_seconds(api_date_time).map(|then| (now - then).div_euclid(86_400))
}

/// "today", "yesterday", "12 days ago".
pub fn days_ago(days: i64) -> String {
    match days {
        d if d <= 0 => "today".into(),
        1 => "yesterday".into(),
        d => format!("{d} days ago"),
    }
}

/// What the list's "Invited" column shows for a pending person: the date and how long ago.
pub fn invited_label(person: &Person, now: i64) -> String {
    let Some(date) = person.registration_date.as_deref() else {
        return String::new();
    };
    match age_days(date, now) {
        Some(days) => format!("{} · {}", crate::people::date_part(date), days_ago(days)),
        None => crate::people::date_part(date).to_string(),
    }
}

/// The pending people of `people` first invited more than `days` days (of 24 hours) before
/// `now` (those whose date does not read are left out: the panel cannot tell).
pub fn pending_older_than(people: &[Person], days: u32, now: i64) -> Vec<Person> {
    people
        .iter()
        .filter(|p| p.status() == UserStatus::Pending)
        .filter(|p| {
            p.registration_date
                .as_deref()
                .and_then(unix_seconds)
                .is_some_and(|then| now - then > i64::from(days) * 86_400)
        })
        .cloned()
        .collect()
}

/// A number of days typed by the admin: a whole number from 1 to 3650.
pub fn parse_days(typed: &str) -> Result<u32, &'static str> {
    match typed.trim().parse::<u32>() {
        Ok(d) if (1..=3650).contains(&d) => Ok(d),
        _ => Err("Enter a whole number of days, from 1 to 3650."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(id: &str, invited: &str, status: u8) -> Person {
        serde_json::from_value(serde_json::json!({
            "id": id, "displayName": id, "email": format!("{id}@example.com"),
            "status": status, "activationStatus": 2, "registrationDate": invited,
        }))
        .unwrap()
    }

    #[test]
    fn portal_dates_read_with_their_offset() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00.0000000+00:00"), Some(0));
        assert_eq!(unix_seconds("1970-01-01T03:00:00+03:00"), Some(0));
        assert_eq!(unix_seconds("1969-12-31T19:00:00.5-05:00"), Some(0));
        assert_eq!(unix_seconds("2026-12-07T10:30:15Z"), Some(1_796_639_415));
        assert_eq!(unix_seconds("2024-02-29T00:00:00"), Some(1_709_164_800));
        assert_eq!(unix_seconds("2026-13-01T00:00:00Z"), None);
        assert_eq!(unix_seconds("yesterday"), None);
        assert_eq!(unix_seconds(""), None);
    }

    #[test]
    fn ages_and_labels() {
        let now = unix_seconds("2026-12-07T12:00:00Z").unwrap();
        assert_eq!(age_days("2026-12-07T01:00:00Z", now), Some(0));
        assert_eq!(age_days("2026-12-06T11:00:00Z", now), Some(1));
        assert_eq!(age_days("2026-11-20T12:00:00+00:00", now), Some(17));
        let p = pending("a", "2026-11-20T13:00:00.0000000+01:00", 4);
        assert_eq!(invited_label(&p, now), "2026-11-20 · 17 days ago");
        assert_eq!(days_ago(0), "today");
        assert_eq!(days_ago(1), "yesterday");
    }

    #[test]
    fn older_than_counts_whole_days_and_pending_only() {
        let now = unix_seconds("2026-12-07T12:00:00Z").unwrap();
        let people = vec![
            pending("old", "2026-11-01T12:00:00Z", 4),
            pending("exactly-14", "2026-11-23T12:00:00Z", 4),
            pending("just-over-14", "2026-11-23T11:59:00Z", 4),
            pending("recent", "2026-12-01T12:00:00Z", 4),
            pending("active", "2026-01-01T12:00:00Z", 1),
            pending("unreadable", "soon", 4),
        ];
        let ids: Vec<String> = pending_older_than(&people, 14, now)
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(ids, ["old", "just-over-14"]);
    }

    #[test]
    fn days_are_whole_numbers() {
        assert_eq!(parse_days(" 14 "), Ok(14));
        assert!(parse_days("0").is_err());
        assert!(parse_days("1.5").is_err());
        assert!(parse_days("").is_err());
        assert!(parse_days("99999").is_err());
    }
}
