//! A pasted or uploaded list of people to offboard, read line by line. A line names one person
//! by email address or account ID, or several separated by `;` or `,` as an email client copies
//! them (`Ann Lee <ann@example.com>; "Chen, Bo" <bo@example.com>`), or is refused with the
//! reason, so that nothing is dropped without a word and nothing refused is ever looked up.

use std::collections::{HashMap, HashSet};

use crate::people::eligibility::email_problem;

#[cfg(test)]
mod tests;

/// A line, or one person on it, that will not be looked up, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRow {
    /// 1-based, counting every line of the text (blank ones too), as an editor numbers them.
    pub line: usize,
    /// The line as it was given, without surrounding spaces; or, when only one of the people a
    /// line names is refused, that person's email or ID.
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

/// Why a token that looks like an ID is not one, to follow "Not a valid ID: ".
fn id_problem(token: &str) -> String {
    if let Some(c) = token
        .chars()
        .find(|c| !(c.is_ascii_hexdigit() || *c == '-'))
    {
        return format!("'{c}' is not a hexadecimal digit (0-9, a-f).");
    }
    let digits = token.chars().filter(char::is_ascii_hexdigit).count();
    if digits != 32 {
        return format!("it has {digits} hexadecimal digits, an ID has 32.");
    }
    "its hyphens belong in groups of 8-4-4-4-12 digits.".into()
}

/// A line split on commas, semicolons and tabs, but not inside double quotes, so that
/// `"Chen, Bo" <bo@example.com>` (or a CSV field `"O'Brien, Ann"`) stays whole. Single quotes
/// are not quotes here: they are the apostrophe of O'Brien. An unmatched double quote is read as
/// text, so that one stray quote does not glue the rest of the line into one cell.
fn split_cells(line: &str) -> Vec<&str> {
    let quotes_pair = line.matches('"').count() % 2 == 0;
    let (mut cells, mut start, mut quoted) = (Vec::new(), 0, false);
    for (i, c) in line.char_indices() {
        match c {
            '"' if quotes_pair => quoted = !quoted,
            ',' | ';' | '\t' if !quoted => {
                cells.push(&line[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    cells.push(&line[start..]);
    cells
}

/// The email or ID a cell would hold: without the quotes or brackets around it, and
/// `Ann Lee <ann@example.com>` as the address in its angle brackets. Spaces inside stay, so that
/// `jo hn@example.com` is refused rather than read as `hn@example.com`.
fn token(cell: &str) -> &str {
    let cell = cell.trim().trim_matches('"').trim();
    let cell = match (cell.rfind('<'), cell.strip_suffix('>')) {
        (Some(open), Some(inner)) => &inner[open + 1..],
        _ => cell,
    };
    cell.trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '{' | '}' | '(' | ')' | '[' | ']'))
}

/// The non-empty cells of a line, each as it was written and as its [`token`].
fn cells(line: &str) -> Vec<(&str, &str)> {
    split_cells(line)
        .into_iter()
        .map(|cell| (cell, token(cell)))
        .filter(|(_, token)| !token.is_empty())
        .collect()
}

/// The header line of a CSV (the list's own export has `Email` and `ID` columns).
fn is_header(line: &str) -> bool {
    cells(line).iter().any(|(_, t)| {
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

/// Why a cell meant as an email or ID is not one. Each refuses its whole line: looking up the
/// rest of a line whose author meant one more person would drop that person without a word.
enum Problem {
    /// Several emails or IDs with only spaces between them.
    RunTogether,
    /// Several emails or IDs in one pair of quotes, which keep them one cell.
    Quoted,
    /// Why, as [`email_problem`] says it.
    BadEmail(&'static str),
    /// The detail of [`id_problem`].
    BadId(String),
    /// One email or ID among other words.
    NotAlone,
}

impl Problem {
    /// The reason, naming the cell (`token`) when the line has others, so that the
    /// administrator sees which of the people on it to fix.
    fn reason(&self, token: Option<&str>) -> String {
        match (self, token) {
            (Problem::RunTogether, None) => {
                "More than one email or ID on this line: put a ; or , between them, or one per line."
                    .into()
            }
            (Problem::RunTogether, Some(t)) => format!(
                "`{t}` holds more than one email or ID: put a ; or , between them, or one per line."
            ),
            (Problem::Quoted, None) => {
                "More than one email or ID inside quotes: take the quotes off, or put one per line."
                    .into()
            }
            (Problem::Quoted, Some(t)) => format!(
                "`{t}` holds more than one email or ID inside quotes: take the quotes off, or put one per line."
            ),
            (Problem::BadEmail(why), None) => (*why).into(),
            (Problem::BadEmail(why), Some(t)) => {
                let mut why = why.chars();
                let why: String = why
                    .next()
                    .map(|first| first.to_lowercase().chain(why).collect())
                    .unwrap_or_default();
                format!("`{t}` is not a valid email address: {why}")
            }
            (Problem::BadId(why), None) => format!("Not a valid ID: {why}"),
            (Problem::BadId(why), Some(t)) => format!("`{t}` is not a valid ID: {why}"),
            (Problem::NotAlone, None) => {
                "Put the email or ID alone on its line, or in a cell of its own.".into()
            }
            (Problem::NotAlone, Some(t)) => {
                format!("`{t}`: put the email or ID alone in a cell of its own.")
            }
        }
    }
}

/// What one cell says: someone (their duplicate key, with an `@` for an email and without
/// for an ID, and the item to look up), nobody (a display name, another column of a CSV row),
/// or a problem. `alone` is whether it is the line's only cell: then any `@` means an address;
/// among other cells only a word joined to an `@` does, so that a CSV column such as
/// `Ann @ Sales` is just text.
fn read_cell(cell: &str, token: &str, alone: bool) -> Result<Option<(String, String)>, Problem> {
    if token.contains('@') && email_problem(token).is_none() {
        return Ok(Some((token.to_lowercase(), token.to_string())));
    }
    if let Some(id) = normalize_id(token) {
        return Ok(Some((id.clone(), id)));
    }
    let named = cell
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .map(|w| w.trim_matches(|c| matches!(c, '"' | '\'' | '<' | '>' | '{' | '}')))
        .filter(|w| (w.contains('@') && email_problem(w).is_none()) || normalize_id(w).is_some())
        .count();
    if named > 1 && cell.contains([',', ';']) {
        return Err(Problem::Quoted);
    }
    if named > 1 {
        return Err(Problem::RunTogether);
    }
    let meant_as_email = token.contains('@')
        && (alone
            || token
                .split_whitespace()
                .any(|w| w.contains('@') && w != "@"));
    if meant_as_email {
        return Err(Problem::BadEmail(
            email_problem(token).unwrap_or("Not a valid email address."),
        ));
    }
    if looks_like_id(token) {
        return Err(Problem::BadId(id_problem(token)));
    }
    if named == 1 {
        return Err(Problem::NotAlone);
    }
    Ok(None)
}

/// What one line says: the people it names (each with its duplicate key and the item to look
/// up, in order, repeats included), or why it names nobody.
fn read_line(line: &str) -> Result<Vec<(String, String)>, String> {
    let cells = cells(line);
    let alone = cells.len() == 1;
    let mut people = Vec::new();
    for (cell, token) in &cells {
        match read_cell(cell, token, alone) {
            Ok(person) => people.extend(person),
            Err(problem) => return Err(problem.reason((!alone).then_some(*token))),
        }
    }
    let (emails, ids): (Vec<_>, Vec<_>) = people.into_iter().partition(|(k, _)| k.contains('@'));
    let distinct = |items: &[(String, String)]| {
        items
            .iter()
            .map(|(key, _)| key)
            .collect::<HashSet<_>>()
            .len()
    };
    match (distinct(&emails), distinct(&ids)) {
        (0, 0) => Err("Neither an email address nor an ID.".into()),
        // A CSV row such as the list's export names one person twice, by email and by ID.
        (1, 1) => Ok(emails.into_iter().take(1).collect()),
        (_, 0) => Ok(emails),
        (0, _) => Ok(ids),
        // Which ID is whose? Guessing could offboard the wrong person.
        _ => Err(
            "Several emails and IDs on one line: put one person per line, by email or by ID."
                .into(),
        ),
    }
}

/// Reads a pasted or uploaded list: one person per line by email or ID, several on a line
/// separated by `;` or `,`, or a CSV such as the list's export (one person a row, its header
/// line skipped). Blank lines are skipped; every other line is accepted or refused with its
/// reason, and a repeat is refused as a duplicate of the row that first named the person
/// (emails compared without case), alone, so that the others on its line are still looked up.
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
        let refuse = |text: &str, reason: String| RefusedRow {
            line: line_no,
            text: text.to_string(),
            reason,
        };
        match read_line(line) {
            Ok(items) => {
                let several = items.len() > 1;
                let refused_before = list.refused.len();
                for (key, item) in items {
                    let Some(row) = first_row.get(&key) else {
                        first_row.insert(key, line_no);
                        list.accepted.push(item);
                        continue;
                    };
                    let text = if several { &item } else { line };
                    let duplicate = refuse(text, format!("Duplicate of row {row}."));
                    // The same text thrice on a line is one row to fix (and one key to show).
                    if !list.refused[refused_before..].contains(&duplicate) {
                        list.refused.push(duplicate);
                    }
                }
            }
            Err(_) if first_content && is_header(line) => {}
            Err(reason) => list.refused.push(refuse(line, reason)),
        }
    }
    list
}
