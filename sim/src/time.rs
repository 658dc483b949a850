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
        // 2024-02-29T23:59:59Z, a leap day.
        assert_eq!(
            api_date_time(Instant {
                unix_seconds: 1_709_251_199
            }),
            "2024-02-29T23:59:59.0000000+00:00"
        );
    }
}
