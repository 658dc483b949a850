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

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn save(handoff: &Handoff) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(handoff)) {
        let _ = s.set_item(KEY, &json);
    }
}

/// The handoff, once.
pub fn take() -> Option<Handoff> {
    let s = storage()?;
    let json = s.get_item(KEY).ok()??;
    let _ = s.remove_item(KEY);
    serde_json::from_str(&json).ok()
}

/// The ids and emails pasted by a person: one per line (or separated by commas, semicolons or
/// spaces), duplicates once.
pub fn parse_pasted(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let item = item
            .trim()
            .trim_matches(|c| c == '"' || c == '<' || c == '>');
        if !item.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
            out.push(item.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn pasted_lists() {
        let text = "anna@example.com\n  bob@example.com, \"carl@example.com\";\nANNA@example.com\n\n0f8fad5b-d9cb-469f-a165-70867728950e";
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
}
