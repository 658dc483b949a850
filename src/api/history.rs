//! Reading the whole login history once: every page from the newest, a few at a time, until a
//! page comes back short. The server's filter pages before it filters (`audit.rs`), so asking
//! for one person or a period does not shorten the read; the whole history is the only sure
//! way, and it is read once for everyone. The history grows while it is read (a new sign-in
//! pushes every event one place further), so an event can come twice: events are kept by ID.
//! A page is never skipped that way; the oldest end is only ever deleted, which moves nothing
//! before it.

use std::collections::HashSet;

use super::audit::{LoginEvent, HISTORY_PAGE};
use super::error::ApiError;

/// Pages asked for together: what a browser sends at once to one host over HTTP/1.1.
pub const PAGES_AT_ONCE: usize = 6;

/// Where the pages come from.
#[allow(async_fn_in_trait)]
pub trait HistoryPages {
    async fn page(&self, start: usize) -> Result<Vec<LoginEvent>, ApiError>;
}

/// The history read: every event once, newest first, and the requests it took.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    pub events: Vec<LoginEvent>,
    pub requests: usize,
}

/// Reads every page, [`PAGES_AT_ONCE`] at a time, until one is short, or until a wave ends
/// with an event `older` says is past what the caller needs (the history is newest first).
/// `progress` hears the events read so far after each wave.
pub async fn read_history<P: HistoryPages>(
    pages: &P,
    join: impl AsyncJoin,
    older: impl Fn(&LoginEvent) -> bool,
    mut progress: impl FnMut(usize),
) -> Result<History, ApiError> {
    let mut seen: HashSet<i64> = HashSet::new();
    let mut history = History::default();
    let mut start = 0;
    loop {
        let starts: Vec<usize> = (0..PAGES_AT_ONCE)
            .map(|i| start + i * HISTORY_PAGE)
            .collect();
        let answers = join.join(pages, &starts).await;
        history.requests += answers.len();
        let mut ended = false;
        for answer in answers {
            let page = answer?;
            if page.len() < HISTORY_PAGE {
                ended = true;
            }
            for event in page {
                if seen.insert(event.id) {
                    history.events.push(event);
                }
            }
            if ended {
                break;
            }
        }
        progress(history.events.len());
        if ended || history.events.last().is_some_and(&older) {
            return Ok(history);
        }
        start += PAGES_AT_ONCE * HISTORY_PAGE;
    }
}

/// Runs a wave of page reads together (the browser's `join_all`; natively, one after another).
#[allow(async_fn_in_trait)]
pub trait AsyncJoin {
    async fn join<P: HistoryPages>(
        &self,
        pages: &P,
        starts: &[usize],
    ) -> Vec<Result<Vec<LoginEvent>, ApiError>>;
}

/// Reads a wave's pages together.
pub struct Together;

impl AsyncJoin for Together {
    async fn join<P: HistoryPages>(
        &self,
        pages: &P,
        starts: &[usize],
    ) -> Vec<Result<Vec<LoginEvent>, ApiError>> {
        let reads: Vec<_> = starts.iter().map(|s| pages.page(*s)).collect();
        crate::api::join_all(reads).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A history of `n` events, newest first; `grow` new ones arrive before each read.
    struct Fake {
        events: RefCell<Vec<i64>>,
        grow: usize,
        asked: RefCell<Vec<usize>>,
    }

    impl HistoryPages for Fake {
        async fn page(&self, start: usize) -> Result<Vec<LoginEvent>, ApiError> {
            self.asked.borrow_mut().push(start);
            let mut events = self.events.borrow_mut();
            for _ in 0..self.grow {
                let next = events.first().copied().unwrap_or(0) + 1;
                events.insert(0, next);
            }
            Ok(events
                .iter()
                .skip(start)
                .take(HISTORY_PAGE)
                .map(|id| LoginEvent {
                    id: *id,
                    date: String::new(),
                    user: None,
                    user_id: String::new(),
                    login: None,
                    action: None,
                    action_id: 1010,
                    ip: None,
                    browser: None,
                    platform: None,
                    country: None,
                    city: None,
                })
                .collect())
        }
    }

    fn fake(n: i64, grow: usize) -> Fake {
        Fake {
            events: RefCell::new((1..=n).rev().collect()),
            grow,
            asked: RefCell::new(Vec::new()),
        }
    }

    use crate::api::block_on;

    #[test]
    fn every_event_is_read_once_in_waves_until_a_short_page() {
        let pages = fake(1_250, 0);
        let read = block_on(read_history(&pages, Together, |_| false, |_| {})).unwrap();
        assert_eq!(read.events.len(), 1_250);
        // 13 pages hold it: two waves of six, the 13th short.
        assert_eq!(read.requests, 18);
        let exact = fake(600, 0);
        let read = block_on(read_history(&exact, Together, |_| false, |_| {})).unwrap();
        assert_eq!(
            (read.events.len(), read.requests),
            (600, 12),
            "a 7th page, empty, ends it"
        );
    }

    #[test]
    fn a_reader_that_needs_no_older_events_stops_after_the_wave_that_reaches_them() {
        let pages = fake(5_000, 0);
        // Ids count down from 5,000: everything under 4,000 is older than needed.
        let read = block_on(read_history(&pages, Together, |e| e.id < 4_000, |_| {})).unwrap();
        assert_eq!((read.requests, read.events.len()), (12, 1_200));
    }

    #[test]
    fn events_arriving_while_it_is_read_never_make_it_skip_or_repeat_one() {
        let pages = fake(1_000, 3);
        let read = block_on(read_history(&pages, Together, |_| false, |_| {})).unwrap();
        let mut ids: Vec<i64> = read.events.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), read.events.len(), "each once");
        assert!(
            (1..=1_000).all(|id| ids.binary_search(&id).is_ok()),
            "none of the first 1,000 missed"
        );
    }
}
