//! What the panel decides about people, without a browser: list queries and their URLs, who may
//! do what (mirroring the portal's rules), selection, and CSV. No Leptos here.

pub mod account;
pub mod activity;
pub mod csv;
pub mod eligibility;
pub mod groups;
pub mod invitation_links;
pub mod invitations;
pub mod query;
pub mod roster;
pub mod selection;
pub mod sessions;
pub mod validation;

/// "1 person", "5 people".
pub fn people_count(n: usize) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}

/// The date part of a portal `ApiDateTime` (`2025-01-15T10:30:00.0000000+03:00` → `2025-01-15`).
pub fn date_part(api_date_time: &str) -> &str {
    api_date_time.split('T').next().unwrap_or(api_date_time)
}

/// Appends the people `rows` does not show yet (by ID: the portal's pages repeat people with
/// equal sort keys); how many were new.
pub fn append_new(rows: &mut Vec<crate::api::Person>, people: Vec<crate::api::Person>) -> usize {
    let before = rows.len();
    for p in people {
        if !rows
            .iter()
            .any(|shown| crate::api::same_id(&shown.id, &p.id))
        {
            rows.push(p);
        }
    }
    rows.len() - before
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_are_appended_once_by_id() {
        let p = |id: &str| -> crate::api::Person {
            serde_json::from_value(serde_json::json!({"id": id})).unwrap()
        };
        let mut rows = vec![p("a")];
        assert_eq!(
            super::append_new(&mut rows, vec![p("A"), p("b"), p("b")]),
            1
        );
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn counts_of_people() {
        assert_eq!(super::people_count(1), "1 person");
        assert_eq!(super::people_count(0), "0 people");
        assert_eq!(super::people_count(250), "250 people");
    }

    #[test]
    fn date_part() {
        assert_eq!(
            super::date_part("2025-01-15T10:30:00.0000000+03:00"),
            "2025-01-15"
        );
        assert_eq!(super::date_part("2025-01-15"), "2025-01-15");
    }
}
