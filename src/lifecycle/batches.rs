//! Applying one change to many people: batches of at most 100, and a refused batch halved
//! until the person it was refused for is found, so that everyone else still gets the change.

use std::collections::VecDeque;
use std::future::Future;

use crate::api::ApiError;

use super::plan::BATCH;

/// What happened to one person.
pub type Outcome = (String, Result<(), String>);

/// Whether an error is the portal refusing the request (worth bisecting), rather than the
/// request not arriving or the session ending.
fn is_refusal(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Forbidden(_) | ApiError::Validation { .. } | ApiError::NotFound(_)
    )
}

/// Sends `call` for `ids` in batches, bisecting refused ones; the outcome of every id, in order
/// of completion. When the portal does not answer or the session ends, the ids not yet done are
/// reported with that error and nothing more is sent.
pub async fn apply_in_batches<F, Fut>(ids: Vec<String>, call: F) -> Vec<Outcome>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<(), ApiError>>,
{
    let mut queue: VecDeque<Vec<String>> = ids.chunks(BATCH).map(<[String]>::to_vec).collect();
    let mut outcomes = Vec::new();
    while let Some(batch) = queue.pop_front() {
        match call(batch.clone()).await {
            Ok(()) => outcomes.extend(batch.into_iter().map(|id| (id, Ok(())))),
            Err(e) if is_refusal(&e) && batch.len() > 1 => {
                let (first, second) = batch.split_at(batch.len() / 2);
                queue.push_front(second.to_vec());
                queue.push_front(first.to_vec());
            }
            Err(e) if is_refusal(&e) => {
                outcomes.extend(batch.into_iter().map(|id| (id, Err(e.to_string()))));
            }
            Err(e) => {
                let message = format!("Not sent: {e}");
                let rest = batch.into_iter().chain(queue.drain(..).flatten());
                outcomes.extend(rest.map(|id| (id, Err(message.clone()))));
            }
        }
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    /// Runs a future whose calls complete at once.
    fn run<T>(future: impl Future<Output = T>) -> T {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(value) => value,
            Poll::Pending => panic!("the test calls are ready at once"),
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("u{i}")).collect()
    }

    #[test]
    fn batches_of_100_and_the_refused_one_found() {
        let sent = RefCell::new(Vec::new());
        let outcomes = run(apply_in_batches(ids(250), |batch| {
            sent.borrow_mut().push(batch.len());
            let refused = batch.contains(&"u120".to_string());
            async move {
                if refused {
                    Err(ApiError::Forbidden("Access denied".into()))
                } else {
                    Ok(())
                }
            }
        }));
        assert_eq!(outcomes.len(), 250);
        let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.1.is_err()).collect();
        assert_eq!(
            failed,
            [&("u120".to_string(), Err("Access denied".to_string()))]
        );
        let sent = sent.into_inner();
        assert_eq!((sent[0], *sent.last().unwrap()), (100, 50));
        assert!(sent.len() <= 3 + 2 * 7, "{sent:?}");
    }

    #[test]
    fn no_answer_stops_and_reports_the_rest() {
        let calls = RefCell::new(0);
        let outcomes = run(apply_in_batches(ids(250), |_| {
            *calls.borrow_mut() += 1;
            let n = *calls.borrow();
            async move {
                if n == 2 {
                    Err(ApiError::Network("offline".into()))
                } else {
                    Ok(())
                }
            }
        }));
        assert_eq!(calls.into_inner(), 2);
        assert_eq!(outcomes.iter().filter(|o| o.1.is_ok()).count(), 100);
        assert_eq!(outcomes.iter().filter(|o| o.1.is_err()).count(), 150);
    }
}
