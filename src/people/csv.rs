//! CSV export of people: UTF-8, a header row, RFC 4180 quoting, CRLF line ends, and cells that
//! a spreadsheet would run as a formula made inert.

use crate::api::Person;

use super::date_part;

pub const HEADER: [&str; 10] = [
    "Name",
    "First name",
    "Last name",
    "Email",
    "Type",
    "Status",
    "Groups",
    "Registered",
    "Disabled on",
    "ID",
];

/// One cell: quoted when it holds a comma, quote or line break; a leading `= + - @` (or tab,
/// carriage return) gets an apostrophe so that no spreadsheet evaluates it.
pub fn cell(value: &str) -> String {
    let inert = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if inert.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", inert.replace('"', "\"\""))
    } else {
        inert
    }
}

fn row(cells: &[&str]) -> String {
    let mut line = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The header row.
pub fn header() -> String {
    row(&HEADER)
}

/// One person as a row.
pub fn person_row(person: &Person) -> String {
    let groups = person
        .groups
        .iter()
        .map(|g| g.name.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    row(&[
        person.name(),
        &person.first_name,
        &person.last_name,
        &person.email,
        person.user_type().label(),
        &person.status().label(),
        &groups,
        person
            .registration_date
            .as_deref()
            .map(date_part)
            .unwrap_or(""),
        person.terminated.as_deref().map(date_part).unwrap_or(""),
        &person.id,
    ])
}

/// A whole file: the header, then one row per person.
pub fn people_csv(people: &[Person]) -> String {
    let mut out = header();
    for person in people {
        out.push_str(&person_row(person));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formula_injection() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("Smith, John"), "\"Smith, John\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1 555"), "'+1 555");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Zoë Müller"), "Zoë Müller");
    }

    #[test]
    fn a_file_has_a_header_and_a_line_per_person() {
        let people: Vec<Person> = (0..3)
            .map(|i| {
                serde_json::from_value(serde_json::json!({
                    "id": format!("id-{i}"), "displayName": "O&#39;Brien, Ann", "firstName": "Ann",
                    "lastName": "O'Brien", "email": format!("ann{i}@example.com"), "status": 2,
                    "isCollaborator": true, "registrationDate": "2025-01-15T10:30:00.0000000+03:00",
                    "terminated": "2026-02-01T00:00:00.0000000+00:00",
                    "groups": [{"id": "g", "name": "Sales"}, {"id": "h", "name": "R&D"}],
                }))
                .unwrap()
            })
            .collect();
        let csv = people_csv(&people);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0],
            "Name,First name,Last name,Email,Type,Status,Groups,Registered,Disabled on,ID"
        );
        assert_eq!(
            lines[1],
            "\"O'Brien, Ann\",Ann,O'Brien,ann0@example.com,User,Disabled,Sales; R&D,2025-01-15,2026-02-01,id-0"
        );
    }
}
