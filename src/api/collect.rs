//! Everyone a list query matches, exactly: "select all N matching", the CSV export and an
//! offboarding handed over from the list read every page of the query. The portal pages with
//! Skip/Take and no unique tie-breaker (`DbUserService.GetUsers` sorts by first name, by type
//! then first name, …), so people with equal keys can move between pages from one request to
//! the next: read naively, a person comes twice and another never, and a count that trusts the
//! pages leaves someone silently out of a bulk action. So people are collected by ID
//! (a repeat never counts as progress), and when the pages did not give every person the total
//! promises, the query is read again sorted by email, which is unique and so pages without
//! ties, until everyone is found or a bounded number of readings is spent. What could not be
//! collected is counted, for the caller to say so.

use std::collections::HashSet;

use super::client::Page;
use super::error::ApiError;
use super::types::Person;

/// Readings of the query at most: the first in the caller's order, the others by email.
pub const READINGS: usize = 3;

/// Where the pages come from.
#[allow(async_fn_in_trait)]
pub trait MatchingPages {
    /// The page of the query that starts at `start`, in the caller's order or (`by_email`)
    /// sorted by email.
    async fn page(&self, by_email: bool, start: u64) -> Result<Page<Person>, ApiError>;
}

/// The people found, each once, in the order first seen, and how many the portal said match.
#[derive(Debug, Clone, PartialEq)]
pub struct Collected {
    pub people: Vec<Person>,
    pub total: u64,
}

impl Collected {
    /// How many of those the portal counts could not be collected (its list changed while it
    /// was read, or it kept moving people between pages).
    pub fn missing(&self) -> u64 {
        self.total.saturating_sub(self.people.len() as u64)
    }

    /// The shortfall in words, for a note next to what it concerns; `None` when complete.
    pub fn shortfall(&self) -> Option<String> {
        let missing = self.missing();
        (missing > 0).then(|| {
            format!(
                "{missing} of the {} matching could not be collected: the portal's list changed while it was read. Going on applies to the {} found; try again later for the rest.",
                self.total,
                self.people.len()
            )
        })
    }
}

/// Reads every page of the query (see the module doc). `in_order`: first in the caller's
/// order (an export keeps it), the gaps then by email; otherwise by email from the start (a set
/// of people to act on: one reading, no ties). `progress` hears, after each page, how many
/// different people are found of how many.
pub async fn collect_matching<P: MatchingPages>(
    pages: &P,
    in_order: bool,
    mut progress: impl FnMut(usize, u64),
) -> Result<Collected, ApiError> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut people = Vec::new();
    let mut total = 0;
    for reading in 0..READINGS {
        let by_email = reading > 0 || !in_order;
        let mut start = 0;
        loop {
            let page = pages.page(by_email, start).await?;
            total = page.total;
            let got = page.items.len() as u64;
            for person in page.items {
                if seen.insert(person.id.to_ascii_lowercase()) {
                    people.push(person);
                }
            }
            progress(people.len(), total);
            start += got;
            if got == 0 || start >= total || people.len() as u64 >= total {
                break;
            }
        }
        if people.len() as u64 >= total {
            break;
        }
    }
    Ok(Collected { people, total })
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    fn block<T>(future: impl Future<Output = T>) -> T {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(value) => value,
            Poll::Pending => panic!("ready at once"),
        }
    }

    fn person(i: usize) -> Person {
        serde_json::from_value(serde_json::json!({
            "id": format!("U{i:04}"), "displayName": "Sam", "email": format!("u{i:04}@example.com"),
        }))
        .unwrap()
    }

    /// `n` people who all tie on the caller's sort: each request of it shuffles them (as a
    /// database may); by email they page in one order. `changing` people vanish from every
    /// answer except the first reading's (as if deleted while it ran), with the total kept.
    struct Ties {
        people: Vec<Person>,
        requests: RefCell<u64>,
        page: usize,
        always_missing: usize,
        by_email_requests: RefCell<u64>,
    }

    impl Ties {
        fn new(n: usize, page: usize) -> Ties {
            Ties {
                people: (0..n).map(person).collect(),
                requests: RefCell::new(0),
                page,
                always_missing: 0,
                by_email_requests: RefCell::new(0),
            }
        }
    }

    impl MatchingPages for Ties {
        async fn page(&self, by_email: bool, start: u64) -> Result<Page<Person>, ApiError> {
            let mut r = self.requests.borrow_mut();
            *r += 1;
            let visible = &self.people[self.always_missing..];
            let mut order: Vec<Person> = visible.to_vec();
            if by_email {
                *self.by_email_requests.borrow_mut() += 1;
            } else {
                // A different order on each request: rotate by a request-dependent amount.
                let k = (*r as usize * 37) % order.len().max(1);
                order.rotate_left(k);
            }
            let items = order
                .into_iter()
                .skip(start as usize)
                .take(self.page)
                .collect();
            Ok(Page {
                items,
                total: self.people.len() as u64,
            })
        }
    }

    #[test]
    fn ties_that_move_between_pages_are_collected_once_each_and_none_is_left_out() {
        let pages = Ties::new(1000, 100);
        let mut seen = Vec::new();
        let got = block(collect_matching(&pages, true, |found, total| {
            seen.push((found, total))
        }))
        .unwrap();
        assert_eq!(got.missing(), 0);
        let ids: HashSet<&str> = got.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 1000, "each exactly once");
        assert!(
            seen.windows(2).all(|w| w[0].0 <= w[1].0 && w[1].0 <= 1000),
            "progress counts people, never a repeat"
        );
        assert!(
            *pages.by_email_requests.borrow() > 0,
            "the shuffled reading left people out, so it read again by email"
        );
        assert_eq!(got.shortfall(), None);
    }

    #[test]
    fn a_set_to_act_on_is_read_by_email_once() {
        let pages = Ties::new(1000, 100);
        let got = block(collect_matching(&pages, false, |_, _| {})).unwrap();
        assert_eq!((got.people.len(), got.missing()), (1000, 0));
        assert_eq!(*pages.requests.borrow(), 10, "one reading, ten pages");
        assert_eq!(*pages.by_email_requests.borrow(), 10);
    }

    #[test]
    fn a_list_that_pages_cleanly_is_read_once() {
        struct Clean(Vec<Person>);
        impl MatchingPages for Clean {
            async fn page(&self, _: bool, start: u64) -> Result<Page<Person>, ApiError> {
                Ok(Page {
                    items: self
                        .0
                        .iter()
                        .skip(start as usize)
                        .take(100)
                        .cloned()
                        .collect(),
                    total: self.0.len() as u64,
                })
            }
        }
        let clean = Clean((0..250).map(person).collect());
        let mut pages = 0;
        let got = block(collect_matching(&clean, true, |_, _| pages += 1)).unwrap();
        assert_eq!((got.people.len(), got.missing(), pages), (250, 0, 3));
    }

    #[test]
    fn who_cannot_be_found_is_counted_and_said() {
        let mut pages = Ties::new(300, 100);
        pages.always_missing = 2;
        let got = block(collect_matching(&pages, true, |_, _| {})).unwrap();
        assert_eq!((got.people.len(), got.missing()), (298, 2));
        assert!(
            *pages.requests.borrow() <= (READINGS * 4) as u64,
            "a bounded number of readings"
        );
        let said = got.shortfall().unwrap();
        assert!(
            said.starts_with("2 of the 300 matching could not be collected"),
            "{said}"
        );
        assert!(said.contains("the 298 found"), "{said}");
    }

    #[test]
    fn a_failed_page_is_the_error() {
        struct Failing;
        impl MatchingPages for Failing {
            async fn page(&self, _: bool, _: u64) -> Result<Page<Person>, ApiError> {
                Err(ApiError::Unauthorized)
            }
        }
        assert_eq!(
            block(collect_matching(&Failing, true, |_, _| {})),
            Err(ApiError::Unauthorized)
        );
    }
}
