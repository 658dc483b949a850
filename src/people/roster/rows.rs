//! A roster's columns and rows: which header names mean what (any order, any case), and each
//! record turned into a row, or into the problems that keep it out, with its line. The same
//! rules as the new-account form (`validation`), and the portal's on who may add which type.

use crate::api::UserType;

use super::read::{Record, Table};
use crate::people::validation::{email_problem, first_name_problem, name_problem};

/// The columns the panel reads, by their position in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub email: usize,
    pub first_name: Option<usize>,
    pub last_name: Option<usize>,
    pub user_type: Option<usize>,
    pub groups: Option<usize>,
    pub invite: Option<usize>,
    /// Header names the panel does not read, as written: listed, then ignored.
    pub unknown: Vec<String>,
}

/// A header name without case, spaces, underscores or hyphens: `First name`, `first_name` and
/// `FirstName` are one column.
fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{a0}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column is which. The panel's own CSV export reads back (its Name, Status, Registered,
/// Disabled on and ID columns are listed as not read).
pub fn columns(header: &[String]) -> Result<Columns, String> {
    let mut found = Columns::default();
    let mut email = None;
    for (i, name) in header.iter().enumerate() {
        let slot = match normalized(name).as_str() {
            "email" | "emailaddress" | "e-mail" => &mut email,
            "firstname" | "givenname" => &mut found.first_name,
            "lastname" | "surname" | "familyname" => &mut found.last_name,
            "type" | "usertype" | "accounttype" => &mut found.user_type,
            "groups" | "group" => &mut found.groups,
            "invite" => &mut found.invite,
            _ => {
                if !name.trim().is_empty() {
                    found.unknown.push(name.trim().to_string());
                }
                continue;
            }
        };
        if slot.is_some() {
            return Err(format!(
                "The header has the column \"{}\" twice: keep one.",
                name.trim()
            ));
        }
        *slot = Some(i);
    }
    found.email = email.ok_or_else(|| {
        "The header has no email column: the first line names the columns, such as email,first name,last name,type,groups,invite.".to_string()
    })?;
    Ok(found)
}

/// One row of the roster as the admin means it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    /// Trimmed, as written (matched with the portal's without case).
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub user_type: UserType,
    /// Group names, trimmed, each once, in the file's order.
    pub groups: Vec<String>,
    /// An invitation instead of an account created with a password the portal makes up.
    pub invite: bool,
}

/// A record that cannot become a row, with every reason at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    /// The email as written (possibly empty), to name the row.
    pub email: String,
    pub problems: Vec<String>,
}

/// A whole roster read: its rows, those refused before the portal is asked, and the columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub columns: Columns,
    pub rows: Vec<Row>,
    pub bad: Vec<BadRow>,
}

/// The type a cell names: the portal's words, in any case (empty is a user).
pub fn type_named(cell: &str) -> Result<UserType, String> {
    match normalized(cell).as_str() {
        "" | "user" | "users" => Ok(UserType::User),
        "roomadmin" | "roomadmins" => Ok(UserType::RoomAdmin),
        "docspaceadmin" | "docspaceadmins" | "admin" => Ok(UserType::DocSpaceAdmin),
        "guest" | "guests" => Ok(UserType::Guest),
        "owner" => Err("The portal has one owner: ownership is transferred in the portal's settings, not by a roster.".into()),
        _ => Err(format!(
            "The type \"{}\" is not one the portal knows: write User, Room admin or DocSpace admin.",
            cell.trim()
        )),
    }
}

/// The `invite` cell: yes or no in a few spellings; empty is "invite when no name is given".
fn invite_named(cell: &str, has_name: bool) -> Result<bool, String> {
    match cell.trim().to_lowercase().as_str() {
        "" => Ok(!has_name),
        "yes" | "y" | "true" | "1" | "x" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        other => Err(format!(
            "Invite is yes or no (or empty: an invitation when no first name is given), not \"{other}\"."
        )),
    }
}

/// A cell as the admin meant it: trimmed, and without the apostrophe a CSV export puts before
/// a leading `= + - @` so that no spreadsheet runs it (the panel's own export does).
fn cell_text(record: &Record, column: Option<usize>) -> String {
    let raw = column
        .and_then(|i| record.fields.get(i))
        .map_or("", |s| s.trim());
    match raw.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => raw.to_string(),
    }
}

/// The groups of a cell: names separated by `;` (a comma as well when the file's separator is a
/// semicolon would be ambiguous, so only `;`), trimmed, each once.
fn group_names(cell: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in cell.split(';').map(str::trim).filter(|n| !n.is_empty()) {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    names
}

/// Every record of `table` as a row or a refusal: the email, the names the portal accepts (a
/// first name when an account is created; an invitee chooses theirs when joining), a type the
/// caller may add (`addable`: `eligibility::creatable_types`), and each email once in the file.
pub fn rows(table: &Table, addable: &[UserType]) -> Result<Roster, String> {
    let columns = columns(&table.header)?;
    let mut rows: Vec<Row> = Vec::new();
    let mut bad = Vec::new();
    // Lowercased email → the line that has it first.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for record in &table.records {
        let email = cell_text(record, Some(columns.email));
        let first_name = cell_text(record, columns.first_name);
        let last_name = cell_text(record, columns.last_name);
        let mut problems = Vec::new();
        if let Some(p) = email_problem(&email) {
            problems.push(p.to_string());
        }
        let invite = invite_named(&cell_text(record, columns.invite), !first_name.is_empty())
            .unwrap_or_else(|p| {
                problems.push(p);
                true
            });
        if invite {
            for name in [&first_name, &last_name] {
                if let Some(p) = name_problem(name) {
                    problems.push(p.to_string());
                    break;
                }
            }
        } else if let Some(p) = first_name_problem(&first_name).or_else(|| name_problem(&last_name))
        {
            let p = if first_name.is_empty() {
                "Enter a first name to create the account, or leave invite empty (or yes) to send an invitation instead."
            } else {
                p
            };
            problems.push(p.to_string());
        }
        let named = type_named(&cell_text(record, columns.user_type));
        let user_type = *named.as_ref().unwrap_or(&UserType::User);
        if let Err(p) = named {
            problems.push(p);
        } else if user_type == UserType::Guest {
            problems.push("The portal adds guests only through a room's invitation: a roster adds users, room admins and DocSpace admins.".into());
        } else if !addable.contains(&user_type) {
            problems.push(match addable.last() {
                None => "You cannot add people to this portal: only DocSpace admins and room admins can.".to_string(),
                Some(_) => format!(
                    "You cannot add a {}: {}.",
                    user_type.label().to_lowercase().replace("docspace", "DocSpace"),
                    if user_type == UserType::DocSpaceAdmin {
                        "only the owner can"
                    } else {
                        "only the owner and DocSpace admins can"
                    }
                ),
            });
        }
        if email_problem(&email).is_none() {
            let key = email.to_lowercase();
            match seen.get(&key) {
                Some(first) => {
                    problems.push(format!("The same email as line {first}: each person once."))
                }
                None => {
                    seen.insert(key, record.line);
                }
            }
        }
        if problems.is_empty() {
            rows.push(Row {
                line: record.line,
                email,
                first_name,
                last_name,
                user_type,
                groups: group_names(&cell_text(record, columns.groups)),
                invite,
            });
        } else {
            bad.push(BadRow {
                line: record.line,
                email,
                problems,
            });
        }
    }
    Ok(Roster { columns, rows, bad })
}

/// The template a roster starts from: the columns, and a line of each kind.
pub const TEMPLATE: &str = "email,first name,last name,type,groups,invite\r\n\
ann.lee@example.com,Ann,Lee,User,Sales; Support,no\r\n\
raj.patel@example.com,,,Room admin,Marketing,yes\r\n";
