//! The scripted portal the lookup's tests drive: a portal of people sorted by email, paged
//! 100 at a time, whose errors the test decides; every call is recorded.

use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::api::{same_id, ApiError, Page, Person};
use crate::lifecycle::lookup::{Found, Halted, Lookup, LookupPortal, Progress, PAGE};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Call {
    Page(u64),
    Email(String),
    Id(String),
    Sleep(u32),
}

type Errors = RefCell<VecDeque<(fn(&Call) -> bool, ApiError)>>;

/// A portal of `people`, sorted by email, that pages them 100 at a time.
#[derive(Default)]
pub(super) struct Scripted {
    pub(super) people: Vec<Person>,
    pub(super) calls: RefCell<Vec<Call>>,
    /// The next call matching the predicate gets the error (each used once).
    pub(super) errors: Errors,
    /// People the page read skips (the real portal's paging without a tie-breaker).
    pub(super) skipped: HashSet<String>,
    /// IDs whose `GET /people/{id}` another account answers.
    pub(super) impostors: HashSet<String>,
}

impl Scripted {
    pub(super) fn of(n: usize) -> Scripted {
        let mut people: Vec<Person> = (0..n).map(person).collect();
        people.sort_by(|a, b| a.email.cmp(&b.email));
        Scripted {
            people,
            ..Scripted::default()
        }
    }

    fn answer(&self, call: Call) -> Result<(), ApiError> {
        self.calls.borrow_mut().push(call.clone());
        let mut errors = self.errors.borrow_mut();
        match errors.iter().position(|(matches, _)| matches(&call)) {
            Some(i) => Err(errors.remove(i).map(|(_, e)| e).expect("an error")),
            None => Ok(()),
        }
    }

    pub(super) fn fail(&self, times: usize, on: fn(&Call) -> bool, error: ApiError) {
        let mut errors = self.errors.borrow_mut();
        errors.extend((0..times).map(|_| (on, error.clone())));
    }

    pub(super) fn count(&self, what: fn(&Call) -> bool) -> usize {
        self.calls.borrow().iter().filter(|c| what(c)).count()
    }

    /// Requests sent (sleeps are not).
    pub(super) fn requests(&self) -> usize {
        self.count(|c| !matches!(c, Call::Sleep(_)))
    }

    pub(super) fn pages(&self) -> Vec<u64> {
        let calls = self.calls.borrow();
        let starts = calls.iter().filter_map(|c| match c {
            Call::Page(s) => Some(*s),
            _ => None,
        });
        starts.collect()
    }
}

impl LookupPortal for Scripted {
    async fn page(&self, start: u64) -> Result<Page<Person>, ApiError> {
        self.answer(Call::Page(start))?;
        let items = self.people.iter().skip(start as usize).take(PAGE as usize);
        Ok(Page {
            items: items
                .filter(|p| !self.skipped.contains(&p.id))
                .cloned()
                .collect(),
            total: self.people.len() as u64,
        })
    }

    async fn by_email(&self, email: &str) -> Result<Option<Person>, ApiError> {
        self.answer(Call::Email(email.into()))?;
        let mut people = self.people.iter();
        Ok(people
            .find(|p| p.email.eq_ignore_ascii_case(email))
            .cloned())
    }

    async fn by_id(&self, id: &str) -> Result<Person, ApiError> {
        self.answer(Call::Id(id.into()))?;
        if self.impostors.contains(id) {
            return Err(ApiError::WrongPerson(format!(
                "Another account answered for {id}."
            )));
        }
        let mut people = self.people.iter();
        match people.find(|p| same_id(&p.id, id)) {
            Some(p) => Ok(p.clone()),
            None => Err(ApiError::NotFound("The user could not be found".into())),
        }
    }

    async fn sleep(&self, ms: u32) {
        self.calls.borrow_mut().push(Call::Sleep(ms));
    }
}

pub(super) fn is_page(c: &Call) -> bool {
    matches!(c, Call::Page(_))
}

pub(super) fn is_single(c: &Call) -> bool {
    matches!(c, Call::Email(_) | Call::Id(_))
}

/// Runs a future whose calls complete at once.
pub(super) fn block<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the scripted portal answers at once"),
    }
}

/// Person `i`: an upper-case ID (the lookup compares IDs without case) and an email.
pub(super) fn person(i: usize) -> Person {
    serde_json::from_value(serde_json::json!({
        "id": format!("{i:08X}-0000-4000-8000-00000000000A"),
        "displayName": format!("Person {i}"),
        "email": format!("person{i:05}@example.com"),
        "status": 1,
    }))
    .unwrap()
}

/// The item a pasted list names person `i` with: an email in another case, or the ID as
/// `parse_pasted` gives it (lower case).
pub(super) fn email_item(i: usize) -> String {
    format!("Person{i:05}@Example.COM")
}

pub(super) fn id_item(i: usize) -> String {
    person(i).id.to_ascii_lowercase()
}

/// Runs the lookup with `stop`; the progress it reported.
pub(super) fn go(
    lookup: &mut Lookup,
    portal: &Scripted,
    stop: &dyn Fn() -> bool,
) -> (Result<Found, Halted>, Vec<Progress>) {
    let mut seen = Vec::new();
    let ended = block(lookup.run(portal, stop, &mut |p| seen.push(p.clone())));
    (ended, seen)
}

pub(super) fn server_error() -> ApiError {
    ApiError::Server {
        status: 500,
        message: "Internal server error".into(),
    }
}
