//! What a run of batches does when the portal fails one: the retry policy shared by the
//! offboarding run (`run.rs`), the bulk changes (`bulk.rs`) and the lookups.

use crate::api::ApiError;

/// Whether an error is the portal refusing the request (worth bisecting), rather than the
/// request not arriving or the session ending.
fn is_refusal(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Forbidden(_) | ApiError::Validation { .. } | ApiError::NotFound(_)
    )
}

/// What a run does when a batch it sent got an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterError {
    /// Send the same batch again after `ms` (batches are safe to repeat). `unreachable`: the
    /// portal has given no answer for several tries; the run keeps trying until it answers.
    Retry { ms: u32, unreachable: bool },
    /// The portal refused someone in it: halve it to find whom.
    Refused(String),
    /// Give up on this batch with the portal's reason; the run goes on without its people.
    Failed(String),
    /// The key or token no longer works: sign in again, then continue.
    SignIn,
    /// The person signed out: nothing more may be sent for them.
    SignedOut,
}

/// Tries of a batch that the portal answers with its own failure (a 500) before its people are
/// marked not done.
pub const ATTEMPTS: u32 = 3;

/// Consecutive 429s a batch waits out before its people are marked not done.
const RATE_LIMITED_TRIES: u32 = 10;

/// What to do after attempt number `attempt` (1-based) of a batch failed with `error`.
/// - No answer (network) or a gateway error (502, 503, 504): tried again after 250 ms and
///   750 ms; then the portal is unreachable, and the run keeps trying every 1, 2, 4, then 5 s
///   until it answers: nothing is marked failed for the network's sake.
/// - 429: waits what Retry-After says (1 to 60 s), up to 10 times in a row.
/// - 500 and other server failures: tried 3 times, then the batch fails with the portal's
///   message (the portal answered, and may fail the same way again: "retry failed" is the
///   admin's call).
/// - 401: sign in. 400, 403, 404: the portal refused someone (bisect).
pub fn after_batch_error(attempt: u32, error: &ApiError) -> AfterError {
    let backoff = 250 * 3u32.pow(attempt.clamp(1, 3) - 1);
    match error {
        ApiError::Unauthorized => AfterError::SignIn,
        ApiError::SignedOut => AfterError::SignedOut,
        e if is_refusal(e) => AfterError::Refused(e.to_string()),
        ApiError::Network(_)
        | ApiError::Server {
            status: 502..=504, ..
        } => {
            if attempt < ATTEMPTS {
                AfterError::Retry {
                    ms: backoff,
                    unreachable: false,
                }
            } else {
                AfterError::Retry {
                    ms: (1000 << (attempt - ATTEMPTS).min(3)).min(5000),
                    unreachable: true,
                }
            }
        }
        ApiError::RateLimited { retry_after } if attempt <= RATE_LIMITED_TRIES => {
            AfterError::Retry {
                ms: retry_after.unwrap_or(2).clamp(1, 60) * 1000,
                unreachable: false,
            }
        }
        ApiError::Server { status: 500.., .. } if attempt < ATTEMPTS => AfterError::Retry {
            ms: backoff,
            unreachable: false,
        },
        e => AfterError::Failed(e.to_string()),
    }
}

/// The longest a wait sleeps before looking whether the work was stopped.
const SLICE_MS: u32 = 250;

/// Sleeps `ms` in slices of `sleep`, returning early (false) when `stop` says so: how a run,
/// a bulk change and a lookup wait before sending again.
pub async fn wait<F, Fut>(ms: u32, stop: &dyn Fn() -> bool, sleep: F) -> bool
where
    F: Fn(u32) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut left = ms;
    while left > 0 {
        if stop() {
            return false;
        }
        let slice = left.min(SLICE_MS);
        sleep(slice).await;
        left -= slice;
    }
    !stop()
}

/// What the report says of the people a stopped run never sent.
pub const NOT_SENT_STOPPED: &str = "Not sent: stopped before it was sent.";

pub use crate::api::join_all;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_batch_error() {
        let network = ApiError::Network("reset".into());
        let retry = |ms, unreachable| AfterError::Retry { ms, unreachable };
        let tries: Vec<AfterError> = (1..=7).map(|a| after_batch_error(a, &network)).collect();
        assert_eq!(
            tries,
            [
                retry(250, false),
                retry(750, false),
                retry(1000, true),
                retry(2000, true),
                retry(4000, true),
                retry(5000, true),
                retry(5000, true)
            ],
            "an unreachable portal is waited for, never given up on"
        );
        let gateway = |status| ApiError::Server {
            status,
            message: "Bad Gateway".into(),
        };
        for status in [502, 503, 504] {
            assert_eq!(after_batch_error(9, &gateway(status)), retry(5000, true));
        }
        let failure = gateway(500);
        assert_eq!(after_batch_error(1, &failure), retry(250, false));
        assert_eq!(after_batch_error(2, &failure), retry(750, false));
        assert_eq!(
            after_batch_error(3, &failure),
            AfterError::Failed("The portal answered 500: Bad Gateway".into())
        );
        let limited = ApiError::RateLimited {
            retry_after: Some(7),
        };
        assert_eq!(after_batch_error(1, &limited), retry(7000, false));
        assert_eq!(after_batch_error(10, &limited), retry(7000, false));
        assert!(matches!(
            after_batch_error(11, &limited),
            AfterError::Failed(_)
        ));
        assert_eq!(
            after_batch_error(
                1,
                &ApiError::RateLimited {
                    retry_after: Some(900)
                }
            ),
            retry(60_000, false)
        );
        assert_eq!(
            after_batch_error(1, &ApiError::Unauthorized),
            AfterError::SignIn
        );
        assert_eq!(
            after_batch_error(1, &ApiError::Forbidden("Access denied".into())),
            AfterError::Refused("Access denied".into())
        );
        assert!(matches!(
            after_batch_error(1, &ApiError::Decode("x".into())),
            AfterError::Failed(_)
        ));
    }
}
