//! A pasted or uploaded list of people to offboard, read line by line. Each line names one
//! person by email address or account ID, or is refused with the reason, so that nothing is
//! dropped without a word and nothing refused is ever looked up.

use std::collections::HashMap;

use crate::people::eligibility::email_problem;

/// A line that will not be looked up, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRow {
    /// 1-based, counting every line of the text (blank ones too), as an editor numbers them.
    pub line: usize,
    /// The line as it was given, without surrounding spaces.
    pub text: String,
    pub reason: String,
}

/// What a list names: the items to look up, in order, and the refused lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PastedList {
    /// Emails as typed, IDs in the portal's lower-case hyphenated form; each person once.
    pub accepted: Vec<String>,
    pub refused: Vec<RefusedRow>,
}

/// An account ID in any form .NET's `Guid.Parse` reads that people paste (hyphenated, in
/// braces, or 32 bare digits), in the portal's form: lower case, hyphenated.
fn normalize_id(token: &str) -> Option<String> {
    if super::is_id(token) {
        return Some(token.to_ascii_lowercase());
    }
    if token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit()) {
        let t = token.to_ascii_lowercase();
        return Some(format!(
            "{}-{}-{}-{}-{}",
            &t[..8],
            &t[8..12],
            &t[12..16],
            &t[16..20],
            &t[20..]
        ));
    }
    None
}

/// Whether a token was meant as an ID: mostly hexadecimal digits, with a digit, and either
/// hyphen-grouped like one or long like one (a date such as 2025-01-15 is neither).
fn looks_like_id(token: &str) -> bool {
    let hyphens = token.matches('-').count();
    let digits = token.len() - hyphens;
    let hex = token.chars().filter(char::is_ascii_hexdigit).count();
    !token.contains('@')
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && token.chars().any(|c| c.is_ascii_digit())
        && (hyphens >= 3 || digits >= 24)
        && hex * 4 >= digits * 3
}

/// Why a token that looks like an ID is not one.
fn id_problem(token: &str) -> String {
    if let Some(c) = token
        .chars()
        .find(|c| !(c.is_ascii_hexdigit() || *c == '-'))
    {
        return format!("Not a valid ID: '{c}' is not a hexadecimal digit (0-9, a-f).");
    }
    let digits = token.chars().filter(char::is_ascii_hexdigit).count();
    if digits != 32 {
        return format!("Not a valid ID: it has {digits} hexadecimal digits, an ID has 32.");
    }
    "Not a valid ID: its hyphens belong in groups of 8-4-4-4-12 digits.".into()
}

/// The cells of a line (split on commas, semicolons and tabs), each as the email or ID it
/// would hold: without the quotes or brackets around it, and `Ann Lee <ann@example.com>` as
/// the address in its angle brackets. Spaces inside a cell stay, so that `jo hn@example.com`
/// is refused rather than read as `hn@example.com`.
fn cells(line: &str) -> impl Iterator<Item = &str> {
    line.split([',', ';', '\t'])
        .map(|cell| {
            let cell = cell.trim().trim_matches('"').trim();
            match (cell.rfind('<'), cell.strip_suffix('>')) {
                (Some(open), Some(inner)) => &inner[open + 1..],
                _ => cell,
            }
        })
        .map(|cell| {
            cell.trim()
                .trim_matches(|c| matches!(c, '"' | '\'' | '{' | '}' | '(' | ')' | '[' | ']'))
        })
        .filter(|cell| !cell.is_empty())
}

/// The header line of a CSV (the list's own export has `Email` and `ID` columns).
fn is_header(line: &str) -> bool {
    cells(line).any(|t| {
        [
            "email",
            "e-mail",
            "emails",
            "email address",
            "mail",
            "id",
            "ids",
            "user id",
        ]
        .iter()
        .any(|h| t.eq_ignore_ascii_case(h))
    })
}

/// What one line says: the person it names (their duplicate key and the item to look up), or
/// why it names nobody.
fn read_line(line: &str) -> Result<(String, String), String> {
    let mut found: Option<(String, String)> = None;
    let (mut emails, mut ids) = (Vec::new(), Vec::new());
    for token in cells(line) {
        let item = if token.contains('@') {
            if email_problem(token).is_some() {
                continue;
            }
            let key = token.to_lowercase();
            if !emails.contains(&key) {
                emails.push(key.clone());
            }
            (key, token.to_string())
        } else if let Some(id) = normalize_id(token) {
            if !ids.contains(&id) {
                ids.push(id.clone());
            }
            (id.clone(), id)
        } else {
            continue;
        };
        found.get_or_insert(item);
    }
    // A CSV row names one person by both email and ID; two emails (or IDs) on a line are two
    // people, and taking one would silently drop the other.
    if emails.len() > 1 {
        return Err("Two email addresses on one line: put one per line.".into());
    }
    if ids.len() > 1 {
        return Err("Two IDs on one line: put one per line.".into());
    }
    if let Some(found) = found {
        return Ok(found);
    }
    // Nothing in a cell of its own: say so when the words of the line name people.
    let named = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .map(|w| w.trim_matches(|c| matches!(c, '"' | '\'' | '<' | '>' | '{' | '}')))
        .filter(|w| (w.contains('@') && email_problem(w).is_none()) || normalize_id(w).is_some())
        .count();
    if named > 1 {
        return Err("More than one email or ID on this line: put one per line.".into());
    }
    if let Some(bad) = cells(line).find(|t| t.contains('@')) {
        return Err(email_problem(bad)
            .unwrap_or("Not a valid email address.")
            .to_string());
    }
    if let Some(bad) = cells(line).find(|t| looks_like_id(t)) {
        return Err(id_problem(bad));
    }
    if named == 1 {
        return Err("Put the email or ID alone on its line, or in a cell of its own.".into());
    }
    Err("Neither an email address nor an ID.".into())
}

/// Reads a pasted or uploaded list: one person per line by email or ID, or a CSV such as the
/// list's export (the first email or ID of each row; its header line is skipped). Blank lines
/// are skipped; every other line is accepted or refused with its reason, a repeat as a
/// duplicate of the row that first named the person (emails compared without case).
pub fn parse_pasted(text: &str) -> PastedList {
    let mut list = PastedList::default();
    let mut first_row: HashMap<String, usize> = HashMap::new();
    let mut seen_content = false;
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let first_content = !seen_content;
        seen_content = true;
        let refuse = |reason: String| RefusedRow {
            line: line_no,
            text: line.to_string(),
            reason,
        };
        match read_line(line) {
            Ok((key, item)) => match first_row.get(&key) {
                Some(row) => list
                    .refused
                    .push(refuse(format!("Duplicate of row {row}."))),
                None => {
                    first_row.insert(key, line_no);
                    list.accepted.push(item);
                }
            },
            Err(_) if first_content && is_header(line) => {}
            Err(reason) => list.refused.push(refuse(reason)),
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    /// The refused rows as (line, reason) for compact assertions.
    fn refused(list: &PastedList) -> Vec<(usize, &str)> {
        list.refused
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect()
    }

    #[test]
    fn one_email_or_id_per_line_in_its_usual_wrappings() {
        let text = format!(
            "anna@example.com\n  <bob@example.com>\n\"carl@example.com\";\n\n{ID}\n{{1F8FAD5B-D9CB-469F-A165-70867728950E}}\n2f8fad5bd9cb469fa16570867728950e\nDora Diaz <dora@example.com>"
        );
        let list = parse_pasted(&text);
        assert_eq!(
            list.accepted,
            [
                "anna@example.com",
                "bob@example.com",
                "carl@example.com",
                ID,
                "1f8fad5b-d9cb-469f-a165-70867728950e",
                "2f8fad5b-d9cb-469f-a165-70867728950e",
                "dora@example.com",
            ]
        );
        assert!(list.refused.is_empty(), "{:?}", list.refused);
        assert_eq!(parse_pasted(" \n \r\n\t"), PastedList::default());
    }

    #[test]
    fn malformed_emails_are_refused_with_their_line_and_text() {
        let list = parse_pasted("anna@example.com\n anna@ \na@@b.c\nx@y\njo hn@example.com");
        assert_eq!(list.accepted, ["anna@example.com"]);
        assert_eq!(
            list.refused[0],
            RefusedRow {
                line: 2,
                text: "anna@".into(),
                reason: "An email address needs a domain after the @, as in example.com.".into(),
            }
        );
        assert_eq!(list.refused[1].line, 3);
        assert!(list.refused[1].reason.contains("only one @"));
        assert_eq!(
            (list.refused[2].line, list.refused[2].text.as_str()),
            (4, "x@y")
        );
        assert!(list.refused[2].reason.contains("needs a dot"));
        // Not read as "hn@example.com": that could be someone else.
        assert_eq!(list.refused[3].line, 5);
        assert!(list.refused[3].reason.contains("spaces"));
        assert_eq!(list.refused.len(), 4);
    }

    #[test]
    fn control_characters_refuse_an_email() {
        let list = parse_pasted("an\u{7}na@example.com\nbo\u{202e}b@example.com");
        assert!(list.accepted.is_empty());
        assert_eq!(refused(&list).len(), 2);
        assert!(list.refused.iter().all(|r| r.reason.contains("control")));
    }

    #[test]
    fn what_looks_like_an_id_but_is_not_one_is_refused() {
        let list = parse_pasted(
            "0f8fad5b-d9cb-469f-a165-7086772895\n0f8fad5b-d9cb-469f-a165-70867728950z\n0f8fad5bd-9cb-469f-a165-70867728950e",
        );
        assert!(list.accepted.is_empty());
        let reasons = refused(&list);
        assert_eq!(reasons.len(), 3);
        assert!(
            reasons[0].1.contains("30 hexadecimal digits"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].1.contains("'z' is not a hexadecimal digit"),
            "{reasons:?}"
        );
        assert!(reasons[2].1.contains("8-4-4-4-12"), "{reasons:?}");
    }

    #[test]
    fn lines_naming_nobody_are_refused() {
        let list = parse_pasted("anna@example.com\nnot an address\n2025-01-15\nBo Li");
        assert_eq!(list.accepted, ["anna@example.com"]);
        assert_eq!(
            refused(&list),
            [
                (2, "Neither an email address nor an ID."),
                (3, "Neither an email address nor an ID."),
                (4, "Neither an email address nor an ID."),
            ]
        );
    }

    #[test]
    fn a_header_is_skipped_only_as_the_first_line() {
        let list = parse_pasted("\nName,Email\nAnn,ann@example.com\nName,Email");
        assert_eq!(list.accepted, ["ann@example.com"]);
        assert_eq!(refused(&list), [(4, "Neither an email address nor an ID.")]);
    }

    #[test]
    fn duplicates_name_the_row_they_repeat() {
        let text = format!(
            "anna@example.com\n{ID}\n\nANNA@Example.com\n{}\nbob@example.com\n<anna@example.com>",
            ID.to_uppercase()
        );
        let list = parse_pasted(&text);
        assert_eq!(list.accepted, ["anna@example.com", ID, "bob@example.com"]);
        assert_eq!(
            refused(&list),
            [
                (4, "Duplicate of row 1."),
                (5, "Duplicate of row 2."),
                (7, "Duplicate of row 1."),
            ]
        );
        assert_eq!(list.refused[0].text, "ANNA@Example.com");
    }

    #[test]
    fn two_people_on_one_line_are_refused_not_halved() {
        let list = parse_pasted(&format!(
            "anna@example.com, bob@example.com\n{ID} 1f8fad5b-d9cb-469f-a165-70867728950e\nanna@example.com bob@example.com\n{ID};1f8fad5b-d9cb-469f-a165-70867728950e\nID {ID}"
        ));
        assert!(list.accepted.is_empty());
        assert_eq!(
            refused(&list),
            [
                (1, "Two email addresses on one line: put one per line."),
                (
                    2,
                    "More than one email or ID on this line: put one per line."
                ),
                (
                    3,
                    "More than one email or ID on this line: put one per line."
                ),
                (4, "Two IDs on one line: put one per line."),
                (
                    5,
                    "Put the email or ID alone on its line, or in a cell of its own."
                ),
            ]
        );
    }

    #[test]
    fn an_exported_csv_names_each_person_once() {
        let csv = "\u{feff}Name,First name,Last name,Email,Type,Status,Groups,Registered,Disabled on,ID\r\n\
                   \"O'Brien, Ann\",Ann,O'Brien,ann@example.com,User,Active,Sales,2025-01-15,,0f8fad5b-d9cb-469f-a165-70867728950e\r\n\
                   Bo Li,Bo,Li,bo@example.com,Guest,Active,,2025-01-16,,1f8fad5b-d9cb-469f-a165-70867728950e\r\n\
                   Bo Li,Bo,Li,BO@example.com,Guest,Active,,2025-01-16,,1f8fad5b-d9cb-469f-a165-70867728950e\r\n";
        let list = parse_pasted(csv);
        assert_eq!(list.accepted, ["ann@example.com", "bo@example.com"]);
        assert_eq!(refused(&list), [(4, "Duplicate of row 3.")]);
    }
}
