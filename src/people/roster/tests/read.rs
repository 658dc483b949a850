use super::*;

#[test]
fn a_file_is_read_with_or_without_a_bom_in_commas_or_semicolons() {
    let comma = read("\u{feff}email,first name\r\nann@example.com,Ann\r\n").unwrap();
    assert_eq!(comma.header, ["email", "first name"]);
    assert_eq!(comma.separator, ',');
    assert_eq!(comma.records[0].fields, ["ann@example.com", "Ann"]);
    assert_eq!(comma.records[0].line, 2);
    let semi = read("Email;First name;Groups\nann@example.com;Ann;Sales, EMEA\n").unwrap();
    assert_eq!(semi.separator, ';');
    assert_eq!(
        semi.records[0].fields,
        ["ann@example.com", "Ann", "Sales, EMEA"]
    );
}

#[test]
fn quotes_hold_separators_quotes_and_line_breaks_and_lines_are_counted_as_a_spreadsheet_does() {
    let text = "email,first name,groups\n\
                \"ann@example.com\",\"Ann \"\"Nan\"\"\",\"Sales; R&D\"\n\
                \n\
                bob@example.com,Bob,\"two\r\nlines\"\r\n\
                cat@example.com,  \"Cat, C\"  ,\n\
                \"\",,\n";
    let table = read(text).unwrap();
    let lines: Vec<usize> = table.records.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        [2, 4, 6, 7],
        "the blank line 3 is skipped; line 5 is inside a field"
    );
    assert_eq!(
        table.records[0].fields,
        ["ann@example.com", "Ann \"Nan\"", "Sales; R&D"]
    );
    assert_eq!(table.records[1].fields[2], "two\nlines");
    assert_eq!(table.records[2].fields[1].trim(), "Cat, C");
    assert_eq!(table.records[3].fields, ["", "", ""]);
    assert_eq!(
        read("email\n\"ann@example.com\nbob@example.com\n"),
        Err(ReadError::UnclosedQuote { line: 2 })
    );
    assert_eq!(read(" \r\n\r\n"), Err(ReadError::Empty));
    assert!(ReadError::UnclosedQuote { line: 9 }
        .to_string()
        .starts_with("Line 9:"));
}

#[test]
fn columns_are_found_by_name_in_any_order_and_case_and_unknown_ones_are_listed() {
    let header: Vec<String> = [
        "Groups",
        "E-mail",
        "FIRST_NAME",
        "Department",
        "last name",
        "Type",
        "Invite",
        "",
    ]
    .map(String::from)
    .to_vec();
    let c = columns(&header).unwrap();
    assert_eq!(
        (
            c.email,
            c.first_name,
            c.last_name,
            c.user_type,
            c.groups,
            c.invite
        ),
        (1, Some(2), Some(4), Some(5), Some(0), Some(6))
    );
    assert_eq!(c.unknown, ["Department"]);
    assert!(columns(&["name".into()])
        .unwrap_err()
        .contains("no email column"));
    assert!(columns(&["email".into(), "Email".into()])
        .unwrap_err()
        .contains("twice"));
    // The panel's own export reads back.
    let export = read(&crate::people::csv::header()).unwrap();
    let c = columns(&export.header).unwrap();
    assert_eq!(
        c.unknown,
        ["Name", "Status", "Registered", "Disabled on", "ID"]
    );
}

#[test]
fn rows_are_checked_with_their_lines_and_every_reason() {
    let text = "email,first name,last name,type,groups,invite\n\
        ann@example.com,Ann,Lee,User,Sales; support ; Sales,no\n\
        raj@example.com,,,Room admin,,\n\
        not-an-email,Bo,,User,,no\n\
        cat@example.com,C4t,,Boss,,\n\
        dan@example.com,,,User,,no\n\
        ANN@example.com,Ann,,User,,\n\
        eve@example.com,Eve,,DocSpace admin,,maybe\n\
        gus@example.com,Gus,,Guest,,\n";
    let roster = parse(text, &ADMIN_ADDS).unwrap();
    let good: Vec<(usize, &str, UserType, bool)> = roster
        .rows
        .iter()
        .map(|r| (r.line, r.email.as_str(), r.user_type, r.invite))
        .collect();
    assert_eq!(
        good,
        [
            (2, "ann@example.com", UserType::User, false),
            (3, "raj@example.com", UserType::RoomAdmin, true),
        ]
    );
    assert_eq!(roster.bad.len(), 6);
    assert_eq!(roster.rows[0].groups, ["Sales", "support"]);
    let bad = |line: usize| {
        roster
            .bad
            .iter()
            .find(|b| b.line == line)
            .unwrap_or_else(|| panic!("line {line} accepted"))
            .problems
            .join(" | ")
    };
    assert!(bad(4).contains("@"), "{}", bad(4));
    assert!(
        bad(5).contains("letters, spaces") && bad(5).contains("\"Boss\""),
        "{}",
        bad(5)
    );
    assert!(
        bad(6).contains("Enter a first name to create"),
        "{}",
        bad(6)
    );
    assert!(bad(7).contains("same email as line 2"), "{}", bad(7));
    assert!(
        bad(8).contains("yes or no") && bad(8).contains("only the owner can"),
        "{}",
        bad(8)
    );
    assert!(bad(9).contains("guests"), "{}", bad(9));
    let owner = parse("email,type\neve@example.com,docspace admin\n", &OWNER_ADDS).unwrap();
    assert_eq!(owner.rows[0].user_type, UserType::DocSpaceAdmin);
    assert!(owner.rows[0].invite, "no name: an invitation");
    // The apostrophe an export puts before a formula sign is taken off; before a letter it stays.
    let formula = parse(
        "email,first name,last name,invite\nann@example.com,'-Ann,'O'Neil,no\n",
        &OWNER_ADDS,
    )
    .unwrap();
    assert_eq!(
        (
            formula.rows[0].first_name.as_str(),
            formula.rows[0].last_name.as_str()
        ),
        ("-Ann", "'O'Neil")
    );
}
