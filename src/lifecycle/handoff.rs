//! What the list hands to the offboarding page: the people picked one by one, or every match
//! of a list view but some.

use serde::{Deserialize, Serialize};

use crate::api::Person;

const KEY: &str = "docspace-admin.offboard-selection";

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

pub fn save(handoff: &Handoff) {
    crate::session::keep(KEY, handoff);
}

/// The handoff, once.
pub fn take() -> Option<Handoff> {
    let handoff = crate::session::recall(KEY);
    crate::session::forget(KEY);
    handoff
}

/// Whether `text` is an account ID (a GUID in its hyphenated form).
pub fn is_id(text: &str) -> bool {
    text.len() == 36
        && text.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The people a pasted or uploaded list names: from each line, the first email address or
/// account ID (so that a CSV export works as it is, its header line too), duplicates once.
pub fn parse_pasted(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let found = line
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '\t'))
            .map(|item| {
                item.trim()
                    .trim_matches(|c| matches!(c, '"' | '\'' | '<' | '>'))
            })
            .find(|item| (item.contains('@') && item.len() > 2) || is_id(item));
        if let Some(item) = found {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
                out.push(item.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn pasted_lists() {
        let text = "anna@example.com\n  <bob@example.com>\n\"carl@example.com\";\nANNA@example.com\n\n0f8fad5b-d9cb-469f-a165-70867728950e\nnot an address";
        assert_eq!(
            super::parse_pasted(text),
            [
                "anna@example.com",
                "bob@example.com",
                "carl@example.com",
                "0f8fad5b-d9cb-469f-a165-70867728950e"
            ]
        );
        assert!(super::parse_pasted(" \n ").is_empty());
    }

    #[test]
    fn an_exported_csv_names_each_person_once() {
        let csv = "Name,First name,Last name,Email,Type,Status,Groups,Registered,Disabled on,ID\r\n\
                   \"O'Brien, Ann\",Ann,O'Brien,ann@example.com,User,Active,Sales,2025-01-15,,0f8fad5b-d9cb-469f-a165-70867728950e\r\n\
                   Bo Li,Bo,Li,bo@example.com,Guest,Active,,2025-01-16,,1f8fad5b-d9cb-469f-a165-70867728950e\r\n";
        assert_eq!(
            super::parse_pasted(csv),
            ["ann@example.com", "bo@example.com"]
        );
    }
}
