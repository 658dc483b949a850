//! What the list hands to the offboarding page: the people picked one by one, or every match
//! of a list view but some.

use serde::{Deserialize, Serialize};

use crate::api::Person;

mod pasted;

pub use pasted::{parse_pasted, PastedList, RefusedRow};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Handoff {
    /// People picked in the list, as it showed them.
    People(Vec<Person>),
    /// Every person a list view (its URL query) matches, but `excluded`.
    Matching {
        url_query: String,
        excluded: Vec<String>,
    },
}

/// Whether `text` is an account ID (a GUID in its hyphenated form).
pub fn is_id(text: &str) -> bool {
    text.len() == 36
        && text.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}
