//! The server's two caps on invitation emails (`more-endpoints.md` 2.5), both off by default as
//! on a stock self-hosted portal:
//!
//! - **the invitation limit** (`web:invitation-limit`, `web:invitation-limit-duration`;
//!   `UserInvitationLimitHelper`): a budget of invitation emails per portal. The first email
//!   sent when none is counted starts a window of `duration` with `limit − 1` left; each further
//!   one takes one more (never below 0); the window does not slide; when it ends the budget is
//!   full again. A `POST /people/invite` with more non-empty emails than are left is refused
//!   by model validation (400, `errors.Invitations: ["Invitation limit is exceeded"]`), existing
//!   people's emails counted although they use nothing. `GET /settings` reports what is left as
//!   `invitationLimit` (`2147483647` when there is no limit). `--invitation-limit N
//!   --invitation-limit-hours H`.
//! - **the "EmailInvitationApi" throttle** (`core:hosting:rateLimiterOptions:
//!   maxEmailInvitationsPerDay`; `BaseStartup.cs`): a fixed window of one day per portal, a
//!   request taking as many permits as it has non-empty emails, all or none; refused with 429
//!   and `Retry-After` before the request reaches its action. `--invitations-per-day N`.

use std::time::{Duration, Instant};

/// What the portal is configured with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InvitationCaps {
    /// The invitation limit and its window; `None`: no limit.
    pub limit: Option<(u32, Duration)>,
    /// The throttle's permits per day; `None`: off.
    pub per_day: Option<u32>,
}

/// `int.MaxValue`: what `invitationLimit` says when there is no limit.
pub const NO_LIMIT: i64 = 2_147_483_647;
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// The caps' counters (reset with the portal).
#[derive(Debug, Clone, Default)]
pub struct InvitationCounters {
    /// Emails left in the limit's window, and when it ends.
    budget: Option<(u32, Instant)>,
    /// Permits taken in the throttle's window, and when it started.
    throttle: Option<(u32, Instant)>,
}

impl InvitationCounters {
    /// Invitation emails left at `now` (`invitationLimit`).
    pub fn left(&self, caps: &InvitationCaps, now: Instant) -> i64 {
        let Some((limit, _)) = caps.limit else {
            return NO_LIMIT;
        };
        match self.budget {
            Some((left, ends)) if now < ends => i64::from(left),
            _ => i64::from(limit),
        }
    }

    /// The throttle's permits for `emails` at `now`, or the whole seconds until its window ends.
    pub fn throttle(
        &mut self,
        caps: &InvitationCaps,
        emails: u32,
        now: Instant,
    ) -> Result<(), u64> {
        let Some(per_day) = caps.per_day else {
            return Ok(());
        };
        let (taken, started) = match self.throttle {
            Some((taken, started)) if now.duration_since(started) < DAY => (taken, started),
            _ => (0, now),
        };
        if taken + emails > per_day {
            let wait = DAY.saturating_sub(now.duration_since(started));
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        self.throttle = Some((taken + emails, started));
        Ok(())
    }

    /// One invitation email sent at `now`.
    pub fn spend(&mut self, caps: &InvitationCaps, now: Instant) {
        let Some((limit, window)) = caps.limit else {
            return;
        };
        self.budget = Some(match self.budget {
            Some((left, ends)) if now < ends => (left.saturating_sub(1), ends),
            _ => (limit.saturating_sub(1), now + window),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_down_in_a_window_that_does_not_slide() {
        let caps = InvitationCaps {
            limit: Some((3, Duration::from_secs(100))),
            per_day: None,
        };
        let mut c = InvitationCounters::default();
        let t0 = Instant::now();
        assert_eq!(c.left(&caps, t0), 3);
        c.spend(&caps, t0);
        c.spend(&caps, t0 + Duration::from_secs(50));
        assert_eq!(c.left(&caps, t0 + Duration::from_secs(60)), 1);
        c.spend(&caps, t0 + Duration::from_secs(60));
        c.spend(&caps, t0 + Duration::from_secs(61));
        assert_eq!(c.left(&caps, t0 + Duration::from_secs(99)), 0);
        // The window started with the first email, not the last.
        assert_eq!(c.left(&caps, t0 + Duration::from_secs(100)), 3);
        assert_eq!(
            InvitationCounters::default().left(&InvitationCaps::default(), t0),
            NO_LIMIT
        );
    }

    #[test]
    fn the_throttle_takes_all_of_a_request_or_none() {
        let caps = InvitationCaps {
            limit: None,
            per_day: Some(10),
        };
        let mut c = InvitationCounters::default();
        let t0 = Instant::now();
        assert_eq!(c.throttle(&caps, 6, t0), Ok(()));
        assert_eq!(
            c.throttle(&caps, 5, t0 + Duration::from_secs(3600)),
            Err(23 * 3600)
        );
        assert_eq!(c.throttle(&caps, 4, t0 + Duration::from_secs(3600)), Ok(()));
        assert!(c
            .throttle(&caps, 1, t0 + Duration::from_secs(7200))
            .is_err());
        assert_eq!(c.throttle(&caps, 10, t0 + DAY), Ok(()));
    }
}
