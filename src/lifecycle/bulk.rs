//! One change for many people (the list's bulk actions): batches of at most 100, each answer
//! read person by person (`change.rs`), and whatever an answer leaves unclear read back from
//! the portal, so that the report says what the portal holds afterwards:
//! - a 200 is checked against the people it lists: someone missing from it, listed without the
//!   change, or skipped by a delete is read back;
//! - a refusal of a change the portal applies person by person (a type change, a 402 on seats)
//!   is read back: who holds the change is done, the rest are sent again without them; when
//!   nobody moved, a batch is halved until the refused person is found (a 402: nobody more
//!   can be changed, and the rest are refused with it);
//! - a refusal of a change the portal checks whole (disable, enable, delete) is halved, and the
//!   one person it was refused for is read back: gone, already done, or refused with why;
//! - a 429 and a 500 are waited out and sent again, as the offboarding run does
//!   (`after_batch_error`); when the portal stops answering, the batch in flight is read back
//!   and the rest are reported not reached.

use std::collections::VecDeque;

use crate::api::{ApiError, Person};

use super::batches::{after_batch_error, wait, AfterError, NOT_SENT_STOPPED};
use super::change::{Asked, Change, Held};
use super::plan::BATCH;

/// What the bulk change needs from the portal.
#[allow(async_fn_in_trait)]
pub trait BulkPortal {
    /// Sends `change` for `ids`, answering with the people the portal lists.
    async fn send(&self, change: Change, ids: &[String]) -> Result<Vec<Person>, ApiError>;
    /// Someone as the portal holds them now; `None` when it no longer has them.
    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError>;
    async fn sleep(&self, ms: u32);
}

/// What happened to one person.
pub type Outcome = (String, Held);

/// Sends `change` for `ids` as `me` and reports, per person, what the portal holds afterwards,
/// in the order they were settled. `stop` is looked at before each request: once it says so,
/// the batch in flight is the last, and the rest are reported not reached. `answered` gets how
/// many people have an outcome after every request.
pub async fn apply<P: BulkPortal>(
    change: Change,
    me: &Person,
    ids: Vec<String>,
    portal: &P,
    stop: &dyn Fn() -> bool,
    answered: &mut dyn FnMut(usize),
) -> Vec<Outcome> {
    let mut queue: VecDeque<Vec<String>> = ids.chunks(BATCH).map(<[String]>::to_vec).collect();
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut attempt = 1;
    while let Some(batch) = queue.pop_front() {
        if stop() {
            let rest = batch.into_iter().chain(queue.drain(..).flatten());
            outcomes.extend(rest.map(|id| (id, Held::NotReached(NOT_SENT_STOPPED.into()))));
            break;
        }
        let resent = attempt > 1;
        match portal.send(change, &batch).await {
            Ok(answer) => {
                attempt = 1;
                let (done, unclear) = change.read_answer(me, &batch, &answer);
                outcomes.extend(done.into_iter().map(|id| (id, Held::Done)));
                for (id, asked) in unclear {
                    let held = read_back(change, me, portal, &id, asked, resent).await;
                    outcomes.push((id, held));
                }
            }
            Err(error) => match after_batch_error(attempt, &error) {
                AfterError::Retry {
                    ms,
                    unreachable: false,
                } => {
                    attempt += 1;
                    queue.push_front(batch);
                    if !wait(ms, stop, |slice| portal.sleep(slice)).await {
                        // Stopped while waiting: what the lost try did is read back below.
                        let front = queue.pop_front().unwrap_or_default();
                        settle_unknown(change, portal, front, &error, &mut outcomes).await;
                        let rest = queue.drain(..).flatten();
                        outcomes
                            .extend(rest.map(|id| (id, Held::NotReached(NOT_SENT_STOPPED.into()))));
                        break;
                    }
                    continue;
                }
                // A refusal (or a 402) of a change the portal makes person by person.
                AfterError::Refused(said) | AfterError::Failed(said)
                    if change.may_be_partial(&error) =>
                {
                    attempt = 1;
                    let payment = matches!(error, ApiError::Server { status: 402, .. });
                    let rest =
                        read_back_partial(change, me, portal, &batch, &said, resent, &mut outcomes)
                            .await;
                    let again = Again {
                        change,
                        me,
                        said: &said,
                        payment,
                    };
                    again.requeue(&mut queue, &batch, rest, &mut outcomes);
                }
                AfterError::Refused(_) if batch.len() > 1 => {
                    attempt = 1;
                    let (first, second) = batch.split_at(batch.len() / 2);
                    queue.push_front(second.to_vec());
                    queue.push_front(first.to_vec());
                }
                AfterError::Refused(said) => {
                    attempt = 1;
                    let id = &batch[0];
                    let held =
                        read_back(change, me, portal, id, Asked::Refused(&said), resent).await;
                    outcomes.push((id.clone(), held));
                }
                AfterError::Failed(_) => {
                    // The portal kept failing this batch: what it holds is read back, and
                    // the run goes on with the next.
                    attempt = 1;
                    settle_unknown(change, portal, batch, &error, &mut outcomes).await;
                }
                AfterError::Retry { .. } | AfterError::SignIn | AfterError::SignedOut => {
                    // No answer, or no session: nothing more can be sent or read.
                    let message = format!("Not sent: {error}");
                    let unknown = format!(
                        "Not known: the request was sent but the portal did not answer ({error}). Check them in the list."
                    );
                    outcomes.extend(batch.into_iter().map(|id| {
                        let why = if resent || matches!(error, ApiError::Network(_)) {
                            unknown.clone()
                        } else {
                            message.clone()
                        };
                        (id, Held::NotReached(why))
                    }));
                    let rest = queue.drain(..).flatten();
                    outcomes.extend(rest.map(|id| (id, Held::NotReached(message.clone()))));
                    break;
                }
            },
        }
        answered(outcomes.len());
    }
    answered(outcomes.len());
    outcomes
}

/// One person read back and settled; a read that fails leaves them not known.
async fn read_back<P: BulkPortal>(
    change: Change,
    me: &Person,
    portal: &P,
    id: &str,
    asked: Asked<'_>,
    resent: bool,
) -> Held {
    match portal.read_back(id).await {
        Ok(now) => change.settle(me, now.as_ref(), asked, resent),
        Err(e) => Held::NotReached(format!(
            "Not known: the portal's answer left them unclear, and reading them back failed ({e})."
        )),
    }
}

/// Reads back a batch the portal refused part way: who holds the change is settled; the
/// others, in the order sent, are returned to send again (or to refuse).
async fn read_back_partial<P: BulkPortal>(
    change: Change,
    me: &Person,
    portal: &P,
    batch: &[String],
    said: &str,
    resent: bool,
    outcomes: &mut Vec<Outcome>,
) -> Vec<(String, Option<Person>)> {
    let mut rest = Vec::new();
    for id in batch {
        match portal.read_back(id).await {
            Ok(Some(p)) if change.holds(&p) => {
                let held = change.settle(me, Some(&p), Asked::Refused(said), resent);
                // In a batch of several, the portal changed them before refusing someone.
                let held = if batch.len() > 1 { Held::Done } else { held };
                outcomes.push((id.clone(), held));
            }
            Ok(None) => outcomes.push((id.clone(), Held::Gone)),
            Ok(Some(p)) => rest.push((id.clone(), Some(p))),
            Err(e) => outcomes.push((
                id.clone(),
                Held::NotReached(format!(
                    "Not known: the portal refused the request ({said}) and reading them back failed ({e})."
                )),
            )),
        }
    }
    rest
}

/// A partial refusal: the change, who sent it, what the portal said, and whether it was a 402.
struct Again<'a> {
    change: Change,
    me: &'a Person,
    said: &'a str,
    payment: bool,
}

impl Again<'_> {
    /// The people still without the change go again when someone moved; when nobody did, a
    /// 402 refuses them all (no seat is left for anyone), one person alone is refused with
    /// the portal's reason, and a larger batch is halved.
    fn requeue(
        &self,
        queue: &mut VecDeque<Vec<String>>,
        batch: &[String],
        rest: Vec<(String, Option<Person>)>,
        outcomes: &mut Vec<Outcome>,
    ) {
        if rest.is_empty() {
            return;
        }
        if rest.len() < batch.len() {
            queue.push_front(rest.into_iter().map(|(id, _)| id).collect());
        } else if self.payment || rest.len() == 1 {
            outcomes.extend(rest.into_iter().map(|(id, now)| {
                let why = match &now {
                    Some(p) => self.change.refusal(self.me, p, self.said),
                    None => self.said.to_string(),
                };
                (id, Held::Refused(why))
            }));
        } else {
            let ids: Vec<String> = rest.into_iter().map(|(id, _)| id).collect();
            let (first, second) = ids.split_at(ids.len() / 2);
            queue.push_front(second.to_vec());
            queue.push_front(first.to_vec());
        }
    }
}

/// A batch whose answer is unknown (the portal kept failing it): each person read back.
async fn settle_unknown<P: BulkPortal>(
    change: Change,
    portal: &P,
    batch: Vec<String>,
    error: &ApiError,
    outcomes: &mut Vec<Outcome>,
) {
    let said = format!("Not done: {error}");
    for id in batch {
        let now = portal.read_back(&id).await;
        outcomes.push((id, change.after_failure(now, &said)));
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod tests_support {
    pub(crate) use super::tests::person;
}
