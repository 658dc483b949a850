//! Looking up a pasted or uploaded list: which people its emails and IDs name. The portal's
//! people are read once, 100 a page sorted by email (emails are unique: a total order, so no
//! one moves between pages), and matched by email (without case) and by ID; an item the read
//! did not find is looked up on its own once (the real portal pages without a tie-breaker on
//! other sorts, and a change between pages can skip someone). A list shorter than the pages
//! left to read is looked up item by item instead. Every request is retried with the patience
//! of the offboarding run's batches (`batches::after_batch_error`), progress is reported after
//! every answer, a stop is looked at between requests, and nothing found is ever discarded:
//! a lookup that stopped or failed continues from where it was (`Lookup` keeps it).

use std::collections::{HashMap, HashSet};
use std::future::Future;

use crate::api::{ApiError, Page, Person};

use super::batches::{after_batch_error, wait, AfterError};
use super::handoff::is_id;

mod progress;
#[cfg(test)]
mod tests;

use progress::people;
pub use progress::{grouped, Progress};

/// People a page of the portal's list holds (its maximum).
pub const PAGE: u64 = 100;

/// What a lookup needs from the portal.
#[allow(async_fn_in_trait)]
pub trait LookupPortal {
    /// `GET /people/filter?count=100&startIndex={start}`, everyone, sorted by email.
    async fn page(&self, start: u64) -> Result<Page<Person>, ApiError>;
    /// `GET /people/email?email=`: `None` when nobody has it.
    async fn by_email(&self, email: &str) -> Result<Option<Person>, ApiError>;
    /// The person with this ID, checked (`PortalClient::person_by_id`): an answer about anyone
    /// else is an [`ApiError::WrongPerson`] with the reason, an unknown ID a `NotFound`.
    async fn by_id(&self, id: &str) -> Result<Person, ApiError>;
    async fn sleep(&self, ms: u32);
}

/// Whom a lookup found: the people, the items the portal does not know, and the items refused
/// with the reason (an answer about someone else).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub people: Vec<Person>,
    pub missing: Vec<String>,
    pub refused: Vec<(String, String)>,
}

/// Why a lookup returned before the end. What it found is kept in its [`Lookup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Halted {
    /// Stopped on request, after the request in flight.
    Stopped,
    /// The portal kept failing (or refused to list people): its message.
    Failed(String),
    /// The portal no longer accepts the credential: sign in again.
    SignIn,
}

/// What the lookup settled for one item.
#[derive(Debug, Clone, PartialEq)]
enum Settled {
    Person(Box<Person>),
    Missing,
    Refused(String),
}

/// A lookup, and everything it has read and settled so far: calling [`Lookup::run`] again
/// after a stop or a failure continues where it was (no page is read twice).
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    items: Vec<String>,
    settled: Vec<Option<Settled>>,
    /// Where the next page starts, and the total the last page gave.
    next_start: u64,
    total: Option<u64>,
    /// No more pages: all read, all matched, or not worth reading for the few items left.
    pages_done: bool,
    /// Items looked up one by one so far.
    checked: usize,
    pages_read: u32,
}

/// The items by lower-cased email, and by ID (IDs compare without case, as `same_id` does).
#[derive(Default)]
struct Keys {
    emails: HashMap<String, Vec<usize>>,
    ids: HashMap<String, Vec<usize>>,
}

impl Keys {
    fn of(items: &[String]) -> Keys {
        let mut keys = Keys::default();
        for (i, item) in items.iter().enumerate() {
            let (map, key) = if is_id(item) {
                (&mut keys.ids, item.to_ascii_lowercase())
            } else {
                (&mut keys.emails, item.to_lowercase())
            };
            map.entry(key).or_default().push(i);
        }
        keys
    }
}

/// What one request came to, after the patience.
enum Answer<T> {
    Got(T),
    /// The portal refused it: not found, someone else, forbidden, invalid.
    Refused(ApiError),
    Halt(Halted),
}

impl Lookup {
    /// A lookup of `items` (validated by `handoff::parse_pasted`: emails, and IDs in the
    /// portal's form).
    pub fn new(items: Vec<String>) -> Lookup {
        Lookup {
            settled: vec![None; items.len()],
            // One item: a single lookup is never more than a page read.
            pages_done: items.len() <= 1,
            items,
            next_start: 0,
            total: None,
            checked: 0,
            pages_read: 0,
        }
    }

    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Pages of the portal's list read so far.
    pub fn pages_read(&self) -> u32 {
        self.pages_read
    }

    fn unsettled(&self) -> usize {
        self.settled.iter().filter(|s| s.is_none()).count()
    }

    fn matched(&self) -> usize {
        self.settled
            .iter()
            .filter(|s| matches!(s, Some(Settled::Person(_))))
            .count()
    }

    /// How far it is, with `note` for a wait.
    pub fn progress(&self, note: Option<String>) -> Progress {
        let to_check = if self.pages_done {
            self.checked + self.unsettled()
        } else {
            0
        };
        Progress {
            rows: self.items.len(),
            read: self
                .total
                .map_or(self.next_start, |t| self.next_start.min(t)),
            total: self.total,
            matched: self.matched(),
            checked: self.checked,
            to_check,
            note,
        }
    }

    /// What is found so far; items not settled yet are in none of its lists (see
    /// [`unresolved`](Self::unresolved)). Each person once, in the list's order.
    pub fn found(&self) -> Found {
        let mut found = Found::default();
        let mut ids = HashSet::new();
        for (item, settled) in self.items.iter().zip(&self.settled) {
            match settled {
                Some(Settled::Person(p)) if ids.insert(p.id.to_ascii_lowercase()) => {
                    found.people.push((**p).clone());
                }
                Some(Settled::Person(_)) | None => {}
                Some(Settled::Missing) => found.missing.push(item.clone()),
                Some(Settled::Refused(why)) => found.refused.push((item.clone(), why.clone())),
            }
        }
        found
    }

    /// The items not looked up yet.
    pub fn unresolved(&self) -> Vec<String> {
        let items = self.items.iter().zip(&self.settled);
        items
            .filter(|(_, s)| s.is_none())
            .map(|(i, _)| i.clone())
            .collect()
    }

    /// Where a stopped or failed lookup is, in a sentence.
    pub fn summary(&self) -> String {
        let found = self.matched();
        let left = self.unsettled();
        let read = match self.total {
            Some(total) if !self.pages_done => {
                format!(
                    "{} of {} read, ",
                    grouped(self.next_start.min(total)),
                    grouped(total)
                )
            }
            _ => String::new(),
        };
        format!(
            "{read}{} found so far, {} not looked up yet. Nothing found is lost: trying again continues from there.",
            people(found),
            grouped(left as u64)
        )
    }

    /// Matches one page's people to the items they answer for.
    fn take_page(&mut self, page: &[Person], keys: &Keys) {
        for person in page {
            let by_email = keys.emails.get(&person.email.to_lowercase());
            let by_id = keys.ids.get(&person.id.to_ascii_lowercase());
            for &i in by_email.into_iter().chain(by_id).flatten() {
                self.settled[i].get_or_insert_with(|| Settled::Person(Box::new(person.clone())));
            }
        }
    }

    /// Looks the items up until every one is settled (`Ok`, with everything found), the lookup
    /// is stopped (`stop`, looked at between requests), or the portal fails past the patience
    /// or asks to sign in. `report` gets the progress after every answer and at every wait.
    pub async fn run<P: LookupPortal>(
        &mut self,
        portal: &P,
        stop: &dyn Fn() -> bool,
        report: &mut dyn FnMut(&Progress),
    ) -> Result<Found, Halted> {
        let keys = Keys::of(&self.items);
        report(&self.progress(None));
        while !self.pages_done {
            let left = self.unsettled() as u64;
            let pages_left = self
                .total
                .map(|t| t.saturating_sub(self.next_start).div_ceil(PAGE));
            if left == 0 || pages_left == Some(0) || pages_left.is_some_and(|p| left < p) {
                self.pages_done = true;
                break;
            }
            if stop() {
                return Err(Halted::Stopped);
            }
            let start = self.next_start;
            let base = self.progress(None);
            let mut note = |n| {
                report(&Progress {
                    note: n,
                    ..base.clone()
                })
            };
            let page = match patiently(portal, stop, &mut note, move || portal.page(start)).await {
                Answer::Got(page) => page,
                Answer::Refused(e) => return Err(Halted::Failed(e.to_string())),
                Answer::Halt(h) => return Err(h),
            };
            self.pages_read += 1;
            self.total = Some(page.total);
            if page.items.is_empty() {
                self.pages_done = true;
            }
            // Pages by the API's `startIndex` (a page is 100 but the last): a person the
            // portal left out of a page is looked up alone afterwards.
            self.next_start += PAGE;
            self.take_page(&page.items, &keys);
            report(&self.progress(None));
        }
        if self.unsettled() > 0 {
            // The lookups one by one: how many there will be.
            report(&self.progress(None));
        }
        for i in 0..self.items.len() {
            if self.settled[i].is_some() {
                continue;
            }
            if stop() {
                return Err(Halted::Stopped);
            }
            let item = self.items[i].clone();
            let base = self.progress(None);
            let mut note = |n| {
                report(&Progress {
                    note: n,
                    ..base.clone()
                })
            };
            let item: &str = &item;
            let answer = if is_id(item) {
                let by_id = move || async move { portal.by_id(item).await.map(Some) };
                patiently(portal, stop, &mut note, by_id).await
            } else {
                patiently(portal, stop, &mut note, move || portal.by_email(item)).await
            };
            self.settled[i] = Some(match answer {
                Answer::Got(Some(person)) => Settled::Person(Box::new(person)),
                Answer::Got(None) | Answer::Refused(ApiError::NotFound(_)) => Settled::Missing,
                Answer::Refused(e) => Settled::Refused(e.to_string()),
                Answer::Halt(h) => return Err(h),
            });
            self.checked += 1;
            report(&self.progress(None));
        }
        Ok(self.found())
    }
}

/// What the page says while a request waits to be sent again.
fn retry_note(error: &ApiError, ms: u32, unreachable: bool) -> String {
    let seconds = ms.div_ceil(1000);
    if unreachable {
        format!("The portal is unreachable ({error}). Nothing found is lost: the lookup goes on by itself when the portal answers. Next try in {seconds} s…")
    } else if matches!(error, ApiError::RateLimited { .. }) {
        format!("The portal is receiving too many requests: waiting {seconds} s, as it asks…")
    } else {
        format!("{error}. Trying again in {seconds} s…")
    }
}

/// Sends `call` until it is answered, retrying as the run's batches are retried (reads are
/// safe to repeat): a 429 waits Retry-After, a 500 is tried 3 times, no answer (network, 502,
/// 503, 504) is waited out until the portal answers or the lookup is stopped.
async fn patiently<P, T, F, Fut>(
    portal: &P,
    stop: &dyn Fn() -> bool,
    note: &mut dyn FnMut(Option<String>),
    mut call: F,
) -> Answer<T>
where
    P: LookupPortal,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut attempt = 1;
    loop {
        let error = match call().await {
            Ok(value) => return Answer::Got(value),
            Err(e @ (ApiError::NotFound(_) | ApiError::WrongPerson(_))) => {
                return Answer::Refused(e)
            }
            Err(e) => e,
        };
        match after_batch_error(attempt, &error) {
            AfterError::Retry { ms, unreachable } => {
                note(Some(retry_note(&error, ms, unreachable)));
                if !wait(ms, stop, |slice| portal.sleep(slice)).await {
                    return Answer::Halt(Halted::Stopped);
                }
                attempt += 1;
            }
            AfterError::Refused(_) => return Answer::Refused(error),
            AfterError::Failed(m) => return Answer::Halt(Halted::Failed(m)),
            AfterError::SignIn => return Answer::Halt(Halted::SignIn),
            AfterError::SignedOut => return Answer::Halt(Halted::Failed(error.to_string())),
        }
    }
}
