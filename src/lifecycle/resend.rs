//! Sending invitations again to many people (`PUT /people/invite` with `userIds`,
//! `UserController.ResendUserInvites`, more-endpoints.md §2.2). The portal skips silently
//! whoever has joined, is disabled or is of a type the caller may not invite, and answers with
//! everyone it processed, skipped or not: so whom it sends to is decided here by the portal's
//! own rules (`people::sessions::resend_invitation`), before sending and again on each person
//! of the answer (someone may have joined meanwhile).
//!
//! All of them go in as few requests as possible (100 ids each): the server limits this route
//! to 5 requests per 15 minutes per admin when its rate limiter is on ("SensitiveApi"), so one
//! request per person would run into it at the sixth. A 429 is waited out as its Retry-After
//! says (the limiter refuses before the action runs, so the same request is safe to send
//! again), and the report says how long; a portal that fails or does not answer is met as the
//! offboarding run meets it (`batches::after_batch_error`).

use crate::api::{same_id, ApiError, Person};
use crate::people::sessions::{resend_invitation, Resend};

use super::batches::{after_batch_error, wait, AfterError, NOT_SENT_STOPPED};

/// Ids per request.
pub const CHUNK: usize = 100;

/// The longest 429 wait honoured (the server's window is 15 minutes).
const LONGEST_WAIT_S: u32 = 16 * 60;

/// 429s in a row for one request before its people are reported not reached.
const LIMITED_TRIES: u32 = 4;

/// What sending again needs from the portal.
#[allow(async_fn_in_trait)]
pub trait ResendPortal {
    /// `PUT /people/invite {userIds}`: the people the portal processed.
    async fn resend(&self, ids: &[String]) -> Result<Vec<Person>, ApiError>;
    async fn sleep(&self, ms: u32);
}

/// What happened for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// The portal sent it.
    Sent(Resend),
    /// Nothing was sent, and why (the portal would skip them, or did).
    Skipped(String),
    /// The portal refused the request, with its message.
    Refused(String),
    /// Not sent, or not known (the portal did not answer, the run was stopped).
    NotReached(String),
}

impl Sent {
    pub fn describe(&self) -> String {
        match self {
            Sent::Sent(Resend::Invitation) => "invitation sent again".into(),
            Sent::Sent(Resend::Activation) => "activation email sent again".into(),
            Sent::Skipped(why) => format!("not sent: {why}"),
            Sent::Refused(why) => format!("refused: {why}"),
            Sent::NotReached(why) => why.clone(),
        }
    }

    pub fn was_sent(&self) -> bool {
        matches!(self, Sent::Sent(_))
    }
}

/// Where the run is, for its progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// `done` of `of` people answered for.
    Sending { done: usize, of: usize },
    /// The portal limits these requests: `seconds_left` before the same request goes again.
    Waiting { seconds_left: u32 },
}

/// The report: every person with what happened, in the order given, and each 429 waited out
/// (seconds).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub lines: Vec<(Person, Sent)>,
    pub waits: Vec<u32>,
}

impl Report {
    pub fn sent(&self) -> usize {
        self.lines.iter().filter(|(_, s)| s.was_sent()).count()
    }
}

/// Sends the invitation (or the activation email) again to everyone of `people` the portal
/// would send it to as `me`, and reports on each. `stop` is looked at before each request and
/// during waits.
pub async fn resend_all<P: ResendPortal>(
    me: &Person,
    people: &[Person],
    portal: &P,
    stop: &dyn Fn() -> bool,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    let mut outcome: Vec<Option<Sent>> = people
        .iter()
        .map(|p| {
            resend_invitation(me, p)
                .err()
                .map(|why| Sent::Skipped(why.into()))
        })
        .collect();
    let to_send: Vec<usize> = (0..people.len())
        .filter(|i| outcome[*i].is_none())
        .collect();
    let mut waits = Vec::new();
    let of = to_send.len();
    let mut done = 0;
    progress(Progress::Sending { done, of });
    for chunk in to_send.chunks(CHUNK) {
        let ids: Vec<String> = chunk.iter().map(|i| people[*i].id.clone()).collect();
        let answered = send_chunk(portal, &ids, stop, progress, &mut waits).await;
        for &i in chunk {
            let sent = match &answered {
                Ok(answer) => read_answer(me, &people[i], answer),
                Err(said) => said.clone(),
            };
            outcome[i] = Some(sent);
        }
        done += chunk.len();
        progress(Progress::Sending { done, of });
    }
    let lines = people
        .iter()
        .cloned()
        .zip(outcome)
        .map(|(p, o)| {
            (
                p,
                o.unwrap_or_else(|| Sent::NotReached(NOT_SENT_STOPPED.into())),
            )
        })
        .collect();
    Report { lines, waits }
}

/// What the answer says of `person`: sent, unless the portal now holds them as someone it
/// skips (joined meanwhile, disabled).
fn read_answer(me: &Person, person: &Person, answer: &[Person]) -> Sent {
    match answer.iter().find(|a| same_id(&a.id, &person.id)) {
        Some(now) => match resend_invitation(me, now) {
            Ok(what) => Sent::Sent(what),
            Err(why) => Sent::Skipped(why.into()),
        },
        None => Sent::Skipped(
            "the portal did not answer for them (deleted meanwhile?): nothing was sent.".into(),
        ),
    }
}

/// Sends one request until the portal answers it, waiting out 429s and failures; the answer,
/// or what to report for each of its people.
async fn send_chunk<P: ResendPortal>(
    portal: &P,
    ids: &[String],
    stop: &dyn Fn() -> bool,
    progress: &mut dyn FnMut(Progress),
    waits: &mut Vec<u32>,
) -> Result<Vec<Person>, Sent> {
    let mut attempt = 1;
    let mut limited = 0;
    loop {
        if stop() {
            return Err(Sent::NotReached(NOT_SENT_STOPPED.into()));
        }
        let error = match portal.resend(ids).await {
            Ok(answer) => return Ok(answer),
            Err(error) => error,
        };
        if let ApiError::RateLimited { retry_after } = error {
            limited += 1;
            if limited > LIMITED_TRIES {
                return Err(Sent::NotReached(format!(
                    "Not sent: the portal kept limiting these requests ({error})."
                )));
            }
            let seconds = retry_after.unwrap_or(60).clamp(1, LONGEST_WAIT_S);
            waits.push(seconds);
            for left in (1..=seconds).rev() {
                progress(Progress::Waiting { seconds_left: left });
                if !wait(1000, stop, |ms| portal.sleep(ms)).await {
                    return Err(Sent::NotReached(NOT_SENT_STOPPED.into()));
                }
            }
            continue;
        }
        match after_batch_error(attempt, &error) {
            AfterError::Retry { ms, .. } => {
                attempt += 1;
                if !wait(ms, stop, |ms| portal.sleep(ms)).await {
                    return Err(Sent::NotReached(format!(
                        "Not known: stopped after the portal did not answer ({error}); they may have got it."
                    )));
                }
            }
            AfterError::Refused(said) => return Err(Sent::Refused(said)),
            AfterError::Failed(said) => {
                return Err(Sent::NotReached(format!(
                    "Not known: the portal failed ({said}); they may have got it. Try again."
                )))
            }
            AfterError::SignIn | AfterError::SignedOut => {
                return Err(Sent::NotReached(format!("Not sent: {error}.")))
            }
        }
    }
}

#[cfg(test)]
mod tests;
