//! Dates as the portal writes them: `ApiDateTime` is a round-trip string in the portal's time
//! zone, e.g. `2025-01-15T10:30:00.0000000+03:00`; a plain `DateTime` read from the database is
//! written by System.Text.Json as `2025-01-15T10:30:00`. The simulated portal runs on UTC.

use crate::model::Instant;

/// 2026-01-01T00:00:00Z: the simulated portal's "now" for seeded data, so that data does not
/// depend on the day the simulator starts.
pub const SEED_EPOCH: i64 = 1_767_225_600;

pub fn now() -> Instant {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(SEED_EPOCH);
    Instant { unix_seconds: secs }
}

/// Formats an instant the way `ApiDateTimeConverter.Write` does for a UTC portal.
pub fn api_date_time(at: Instant) -> String {
    format!("{}.0000000+00:00", date_time(at))
}

/// Formats an instant as System.Text.Json writes a `DateTime` the server read from its
/// database: the columns are `datetime` (whole seconds, UTC by convention) and come back with
/// an unspecified kind, so no fraction and no offset: `2025-01-15T10:30:00`. These are the
/// dates of the core `UserInfo` (`createDate`, `lastModified`, `terminatedDate`, …).
pub fn date_time(at: Instant) -> String {
    let days = at.unix_seconds.div_euclid(86_400);
    let secs = at.unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Reads a date and time as System.Text.Json reads a `DateTime` (ISO 8601:
/// `2026-06-15T10:30:00`, with optional seconds, a fraction, and `Z` or `±HH:MM`) into seconds
/// since 1970 UTC, the fraction dropped. The simulated portal and its server run on UTC, so a
/// value without an offset (tenant-local time) reads as UTC, and one with an offset is moved by
/// it. `None` for text the reader refuses.
pub fn parse_date_time(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let mut d = date.split('-');
    let (y, m, day) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || y.len() != 4 || m.len() != 2 || day.len() != 2 {
        return None;
    }
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, day) = (num(y)?, num(m)?, num(day)?);
    let (clock, offset) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, 0)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let (clock, zone) = time.split_at(i);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (h, mm) = zone[1..].split_once(':')?;
        (clock, sign * (num(h)? * 3600 + num(mm)? * 60))
    } else {
        (time, 0)
    };
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            ""
        } else {
            whole
        }
    });
    let mut parts = clock.split(':');
    let hour = num(parts.next()?)?;
    let minute = num(parts.next()?)?;
    let second = parts.next().map_or(Some(0), num)?;
    if parts.next().is_some()
        || !(1..=12).contains(&m)
        || day < 1
        || day > days_in_month(y, m)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    Some(
        days_from_civil(y, m as u32, day as u32) * 86_400 + hour * 3600 + minute * 60 + second
            - offset,
    )
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's civil-to-days algorithm, the inverse of `civil_from_days`.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_portal() {
        assert_eq!(
            api_date_time(Instant { unix_seconds: 0 }),
            "1970-01-01T00:00:00.0000000+00:00"
        );
        assert_eq!(
            api_date_time(Instant {
                unix_seconds: SEED_EPOCH
            }),
            "2026-01-01T00:00:00.0000000+00:00"
        );
        assert_eq!(
            date_time(Instant {
                unix_seconds: SEED_EPOCH
            }),
            "2026-01-01T00:00:00"
        );
        for text in [
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00.0000000Z",
            "2026-01-01T03:00:00+03:00",
            "2025-12-31T23:00:00.5-01:00",
            "2026-01-01T00:00",
        ] {
            assert_eq!(parse_date_time(text), Some(SEED_EPOCH), "{text}");
        }
        assert_eq!(parse_date_time("2024-02-29T23:59:59Z"), Some(1_709_251_199));
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00",
            "tomorrow",
            "2026-1-1",
            "2026-01-01T25:00:00",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
        // 2024-02-29T23:59:59Z, a leap day.
        assert_eq!(
            api_date_time(Instant {
                unix_seconds: 1_709_251_199
            }),
            "2024-02-29T23:59:59.0000000+00:00"
        );
    }
}
