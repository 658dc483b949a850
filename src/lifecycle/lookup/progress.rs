//! How far a lookup is, in the words and the bar the page shows.

/// How far a lookup is, for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Items to look up.
    pub rows: usize,
    /// People read from the portal's list so far, and how many it has (once known).
    pub read: u64,
    pub total: Option<u64>,
    /// Items matched to someone so far.
    pub matched: usize,
    /// Items looked up one by one so far, and how many will be.
    pub checked: usize,
    pub to_check: usize,
    /// A wait in progress (a retry, an unreachable portal).
    pub note: Option<String>,
}

/// `5000` → `5,000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(super) fn people(n: usize) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{} people", grouped(n as u64))
    }
}

impl Progress {
    /// "Looking up 5,000 people: 2,300 read of 5,000…".
    pub fn message(&self) -> String {
        let head = format!("Looking up {}", people(self.rows));
        if self.to_check > 0 {
            let one_by_one = format!(
                "{} of {} looked up one by one…",
                grouped(self.checked as u64),
                grouped(self.to_check as u64)
            );
            match self.total {
                Some(total) => format!(
                    "{head}: {} of {} read, {} found; {one_by_one}",
                    grouped(self.read),
                    grouped(total),
                    grouped(self.matched as u64)
                ),
                None => format!("{head}: {one_by_one}"),
            }
        } else {
            match self.total {
                Some(total) => {
                    format!("{head}: {} read of {}…", grouped(self.read), grouped(total))
                }
                None => format!("{head}…"),
            }
        }
    }

    /// The progress bar's value and maximum; `None` while nothing says how much there is.
    pub fn bar(&self) -> Option<(u64, u64)> {
        if self.to_check > 0 {
            Some((self.checked as u64, self.to_check as u64))
        } else {
            self.total.map(|t| (self.read.min(t), t.max(1)))
        }
    }
}
