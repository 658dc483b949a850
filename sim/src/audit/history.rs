//! The seeded portal's last 180 days: who signs in how often, who stopped, who never did, and
//! the invitations nobody accepted. The same seed gives the same history, counted back from
//! the moment the portal is made (the server keeps real dates, so a history in the past of a
//! fixed day would leave everyone inactive).
//!
//! Among the people who have signed up and are active: about 45% sign in every 4 to 14 days (a sign-in lasts: the portal's tokens keep a person signed in for long)
//! (regular), 25% every 20 to 60 days (occasional), 15% stopped 95 to 175 days ago (dormant)
//! and 15% never signed in; the five role accounts are regular. About one sign-in in 25 follows
//! a failed attempt with the same email, and strangers fail now and then. Each pending invitee
//! was invited (`SendJoinInvite`, by whoever added them) 1 to 170 days ago, and their account
//! dates from then. No event falls within half a day of 30, 60, 90 or 180 days before the
//! moment the portal is made, so that a report for a round number of days is the same
//! whatever second it runs.

use super::{action, AuditEvent, AuditLog, LoginEvent, Origin, GUEST_ID};
use crate::model::{EmployeeStatus, Instant, User};
use crate::rng::Rng;

const DAY: i64 = 86_400;

/// How a person signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Habit {
    Regular,
    Occasional,
    Dormant,
    Never,
}

const BROWSERS: &[&str] = &["Chrome 131.0", "Firefox 133.0", "Edge 131.0", "Safari 18.1"];
const PLATFORMS: &[&str] = &["Windows 10", "Mac OS X", "Linux", "iOS", "Android"];

/// Moves an age (seconds before the anchor) off the round report thresholds.
fn off_thresholds(age: i64) -> i64 {
    for days in [30, 60, 90, 180] {
        let edge = days * DAY;
        if (age - edge).abs() < DAY / 2 {
            return if age < edge { edge - DAY } else { edge + DAY };
        }
    }
    age
}

/// The history of `users` over the 180 days before `anchor`, from `seed`. Pending invitees'
/// `registered` (and `modified`) move to the day they were invited.
pub fn seed_history(users: &mut [User], seed: u64, anchor: Instant) -> AuditLog {
    let mut rng = Rng::new(seed ^ 0xA0D1_7000_1061_0001);
    let now = anchor.unix_seconds;
    let at = |age: i64| Instant {
        unix_seconds: now - off_thresholds(age),
    };
    let mut logins: Vec<LoginEvent> = Vec::new();
    let mut events: Vec<AuditEvent> = Vec::new();
    let inviters: Vec<String> = users.iter().take(2).map(|u| u.id.clone()).collect();
    for (index, user) in users.iter_mut().enumerate() {
        let device = Origin {
            ip: format!(
                "10.{}.{}.{}",
                rng.below(250) + 1,
                rng.below(250) + 1,
                rng.below(250) + 1
            ),
            browser: (*rng.pick(BROWSERS)).to_string(),
            platform: (*rng.pick(PLATFORMS)).to_string(),
            page: "/login".into(),
        };
        let draw = rng.below(100);
        if user.status == EmployeeStatus::Pending {
            let age = (1 + rng.below(170) as i64) * DAY + rng.below(DAY as u64) as i64;
            let when = at(age);
            user.registered = when;
            user.modified = when;
            let by = user
                .created_by
                .clone()
                .or_else(|| inviters.first().cloned())
                .unwrap_or_default();
            events.push(AuditEvent {
                id: 0,
                at: when,
                by,
                action: action::SEND_JOIN_INVITE,
                target: Some(user.id.to_ascii_lowercase()),
                about: user.email.clone(),
                origin: Origin {
                    page: "/accounts/people".into(),
                    ..device.clone()
                },
            });
            continue;
        }
        if user.status != EmployeeStatus::Active {
            continue;
        }
        let habit = habit(index, draw);
        let mut ages: Vec<i64> = Vec::new();
        let jitter = |rng: &mut Rng| rng.below(DAY as u64) as i64;
        match habit {
            Habit::Regular => {
                let mut age = rng.below(3) as i64 * DAY + jitter(&mut rng);
                while age < 180 * DAY {
                    ages.push(age);
                    age += (4 + rng.below(11) as i64) * DAY + jitter(&mut rng);
                }
            }
            Habit::Occasional => {
                let mut age = (5 + rng.below(50) as i64) * DAY + jitter(&mut rng);
                while age < 180 * DAY {
                    ages.push(age);
                    age += (20 + rng.below(41) as i64) * DAY + jitter(&mut rng);
                }
            }
            Habit::Dormant => {
                let mut age = (95 + rng.below(80) as i64) * DAY + jitter(&mut rng);
                for _ in 0..1 + rng.below(3) {
                    if age >= 180 * DAY {
                        break;
                    }
                    ages.push(age);
                    age += (1 + rng.below(20) as i64) * DAY;
                }
            }
            Habit::Never => {}
        }
        for age in ages {
            let when = at(age);
            if rng.percent(4) {
                logins.push(LoginEvent {
                    id: 0,
                    at: Instant {
                        unix_seconds: when.unix_seconds - 60,
                    },
                    user_id: GUEST_ID.into(),
                    login: Some(user.email.clone()),
                    action: action::LOGIN_FAIL_VIA_API,
                    origin: device.clone(),
                });
            }
            logins.push(LoginEvent {
                id: 0,
                at: when,
                user_id: user.id.clone(),
                login: None,
                action: action::LOGIN_SUCCESS_VIA_API,
                origin: device.clone(),
            });
        }
    }
    // Strangers trying emails nobody has.
    for i in 0..users.len() / 40 + 1 {
        let age = rng.below(180 * DAY as u64) as i64;
        logins.push(LoginEvent {
            id: 0,
            at: at(age),
            user_id: GUEST_ID.into(),
            login: Some(format!("admin{i}@example.invalid")),
            action: action::LOGIN_FAIL_VIA_API,
            origin: Origin {
                ip: format!("203.0.113.{}", rng.below(250) + 1),
                browser: "Other".into(),
                platform: "Linux".into(),
                page: "/login".into(),
            },
        });
    }
    AuditLog::with(logins, events)
}

/// The habit of the person at `index` for a draw of 0..100.
pub fn habit(index: usize, draw: u64) -> Habit {
    if index < 5 {
        return Habit::Regular;
    }
    match draw {
        0..=44 => Habit::Regular,
        45..=69 => Habit::Occasional,
        70..=84 => Habit::Dormant,
        _ => Habit::Never,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::is_sign_in;
    use crate::seed::seed_portal;

    #[test]
    fn a_reproducible_history_of_every_habit() {
        let anchor = Instant {
            unix_seconds: 1_800_000_000,
        };
        let mut users = seed_portal(400, 3, "pw").users;
        let log = seed_history(&mut users, 3, anchor);
        let mut again = seed_portal(400, 3, "pw").users;
        assert_eq!(seed_history(&mut again, 3, anchor).logins, log.logins);
        let last = |u: &User| {
            log.logins
                .iter()
                .filter(|e| e.user_id == u.id && is_sign_in(e.action))
                .map(|e| e.at.unix_seconds)
                .max()
        };
        let active: Vec<&User> = users
            .iter()
            .filter(|u| u.status == EmployeeStatus::Active)
            .collect();
        let days = |s: i64| (anchor.unix_seconds - s) / DAY;
        let never = active.iter().filter(|u| last(u).is_none()).count();
        let dormant = active
            .iter()
            .filter(|u| last(u).is_some_and(|s| days(s) >= 90))
            .count();
        let recent = active
            .iter()
            .filter(|u| last(u).is_some_and(|s| days(s) < 10))
            .count();
        assert!(
            never > 20 && dormant > 20 && recent > 100,
            "{never} {dormant} {recent}"
        );
        assert!(log.logins.iter().all(|e| days(e.at.unix_seconds) < 181));
        for e in &log.logins {
            let age = anchor.unix_seconds - e.at.unix_seconds;
            for d in [30, 60, 90, 180] {
                assert!((age - d * DAY).abs() >= DAY / 2 - 60, "{age}");
            }
        }
        assert!(log.logins.iter().any(|e| e.user_id == GUEST_ID));
        let pending: Vec<&User> = users
            .iter()
            .filter(|u| u.status == EmployeeStatus::Pending)
            .collect();
        assert!(!pending.is_empty());
        for u in pending {
            let invite = log
                .events
                .iter()
                .find(|e| e.target.as_deref() == Some(u.id.as_str()))
                .expect("an invitation");
            assert_eq!(
                (invite.action, invite.at),
                (action::SEND_JOIN_INVITE, u.registered)
            );
        }
    }
}
