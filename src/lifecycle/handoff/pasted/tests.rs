//! The list reader, natively: wrappings, separators, CSV rows, and every reason a line is refused.

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
fn people_without_a_separator_between_them_are_refused_not_halved() {
    let list = parse_pasted(&format!(
        "{ID} 1f8fad5b-d9cb-469f-a165-70867728950e\nanna@example.com bob@example.com\nID {ID}\ncarl@example.com; anna@example.com bob@example.com\n\"anna@example.com, bob@example.com\""
    ));
    assert!(list.accepted.is_empty());
    let run_together =
        "More than one email or ID on this line: put a ; or , between them, or one per line.";
    let not_alone = "Put the email or ID alone on its line, or in a cell of its own.";
    let named = "`anna@example.com bob@example.com` holds more than one email or ID: put a ; or , between them, or one per line.";
    let quoted =
        "More than one email or ID inside quotes: take the quotes off, or put one per line.";
    let want = [
        (1, run_together),
        (2, run_together),
        (3, not_alone),
        (4, named),
        (5, quoted),
    ];
    assert_eq!(refused(&list), want);
}

#[test]
fn several_people_on_one_line_are_each_accepted_in_order() {
    // Each case: a line, " => ", and the people it names.
    let cases = [
        "Björn Chen <bjorn.chen@example.com>; Carlos Chen <carlos.chen@example.com> => bjorn.chen@example.com carlos.chen@example.com",
        "\"Chen, Björn\" <bjorn.chen@example.com>, \"Chen, Carlos\" <carlos.chen@example.com> => bjorn.chen@example.com carlos.chen@example.com",
        "\"Chen; Bo\" <bo@example.com>;\"Chen, Cy\"<cy@example.com> => bo@example.com cy@example.com",
        "Chen, Bo <bo@example.com>; Chen, Cy <cy@example.com> => bo@example.com cy@example.com",
        "'bo@example.com' <bo@example.com>, <cy@example.com> => bo@example.com cy@example.com",
        "anna@example.com, bob@example.com => anna@example.com bob@example.com",
        "anna@example.com;bob@example.com; => anna@example.com bob@example.com",
        "'anna@example.com'; bob@example.com, carl@example.com\t<Dora@Example.com>, => anna@example.com bob@example.com carl@example.com Dora@Example.com",
        "0f8fad5b-d9cb-469f-a165-70867728950e;{1F8FAD5B-D9CB-469F-A165-70867728950E} => 0f8fad5b-d9cb-469f-a165-70867728950e 1f8fad5b-d9cb-469f-a165-70867728950e",
        "0f8fad5b-d9cb-469f-a165-70867728950e, 1f8fad5bd9cb469fa16570867728950e => 0f8fad5b-d9cb-469f-a165-70867728950e 1f8fad5b-d9cb-469f-a165-70867728950e",
        // One email and one ID: a CSV row naming one person, whichever comes first.
        "Ann Lee,ann@example.com,0f8fad5b-d9cb-469f-a165-70867728950e => ann@example.com",
        "0f8fad5b-d9cb-469f-a165-70867728950e\tAnn Lee\tann@example.com => ann@example.com",
    ];
    for case in cases {
        let (line, people) = case.split_once(" => ").unwrap();
        let list = parse_pasted(line);
        assert_eq!(list.accepted.join(" "), people, "{line}");
        assert!(list.refused.is_empty(), "{line}: {:?}", list.refused);
    }
}

#[test]
fn a_line_with_one_wrong_address_is_refused_whole_naming_it() {
    let list = parse_pasted(&format!(
        "anna@example.com; bob@\nBjörn Chen <bjorn@example.com>, jo hn@example.com\n{ID}, 0f8fad5b-d9cb-469f-a165-70867728950z\nAnn @ Sales,\"Lee, Ann\",ann@example.com,{ID}"
    ));
    // A CSV column with an `@` among words (line 4) is text, not an address.
    assert_eq!(list.accepted, ["ann@example.com"]);
    let want = [
        (1, "`bob@` is not a valid email address: an email address needs a domain after the @, as in example.com."),
        (2, "`jo hn@example.com` is not a valid email address: an email address cannot contain spaces."),
        (3, "`0f8fad5b-d9cb-469f-a165-70867728950z` is not a valid ID: 'z' is not a hexadecimal digit (0-9, a-f)."),
    ];
    assert_eq!(refused(&list), want);
    assert_eq!(list.refused[0].text, "anna@example.com; bob@");
}

#[test]
fn several_emails_with_one_or_more_ids_are_refused_as_ambiguous() {
    let id2 = "1f8fad5b-d9cb-469f-a165-70867728950e";
    let list = parse_pasted(&format!(
        "anna@example.com, bob@example.com, {ID}, {id2}\nanna@example.com; bob@example.com; {ID}\nanna@example.com, {ID}, {id2}"
    ));
    assert!(list.accepted.is_empty());
    let ambiguous =
        "Several emails and IDs on one line: put one person per line, by email or by ID.";
    assert_eq!(
        refused(&list),
        [(1, ambiguous), (2, ambiguous), (3, ambiguous)]
    );
}

#[test]
fn only_the_repeated_people_of_a_line_are_refused() {
    let list = parse_pasted(
        "carlos.chen@example.com\n\nBjörn Chen <bjorn.chen@example.com>; Carlos Chen <Carlos.Chen@example.com>\nanna@example.com, ANNA@example.com, anna@example.com; anna@example.com\ncarlos.chen@example.com, bjorn.chen@example.com",
    );
    let want = [
        "carlos.chen@example.com",
        "bjorn.chen@example.com",
        "anna@example.com",
    ];
    assert_eq!(list.accepted, want);
    let rows: Vec<_> = (list.refused.iter())
        .map(|r| (r.line, r.text.as_str(), r.reason.as_str()))
        .collect();
    let want = [
        (3, "Carlos.Chen@example.com", "Duplicate of row 1."),
        (4, "ANNA@example.com", "Duplicate of row 4."),
        (4, "anna@example.com", "Duplicate of row 4."),
        (5, "carlos.chen@example.com", "Duplicate of row 1."),
        (5, "bjorn.chen@example.com", "Duplicate of row 3."),
    ];
    assert_eq!(rows, want);
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
