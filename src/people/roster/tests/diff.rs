use std::collections::BTreeSet;

use super::*;

fn diff_of(text: &str, people: &[Person], groups: &[Group], seats: Option<usize>) -> Diff {
    let me = admin();
    let roster = parse(text, &ADMIN_ADDS).unwrap();
    Diff::of(
        &roster,
        &PortalNow {
            me: &me,
            people,
            groups,
            seats_left: seats,
            invitations_left: None,
            create_groups: true,
        },
    )
}

#[test]
fn the_diff_creates_invites_raises_joins_and_leaves_the_rest() {
    let people = [
        person(
            "u1",
            "Old@Example.com",
            json!({"isCollaborator": true, "groups": [{"id": "g1", "name": "Sales"}]}),
        ),
        person("u2", "ra@example.com", json!({})),
        person(
            "u3",
            "off@example.com",
            json!({"isCollaborator": true, "status": 2}),
        ),
        person("u4", "same@example.com", json!({"isCollaborator": true})),
        person(
            "u5",
            "pend@example.com",
            json!({"isCollaborator": true, "status": 4, "displayName": "", "firstName": ""}),
        ),
    ];
    let groups = [group("g1", "Sales"), group("g2", "Support")];
    let text = "email,first name,last name,type,groups,invite\n\
        new@example.com,Nia,Ng,User,sales;Marketing,no\n\
        inv@example.com,,,Room admin,Support,\n\
        old@example.com,Ann,Lee,Room admin,Sales;Support,\n\
        ra@example.com,Ann,Lee,User,,\n\
        off@example.com,Ann,Lee,User,,\n\
        same@example.com,Sam,Lee,User,SALES ,\n\
        pend@example.com,,,user,,\n\
        bad,,,,,\n";
    let diff = diff_of(text, &people, &groups, None);
    let change = |line: usize| &diff.entries.iter().find(|e| e.line == line).unwrap().change;
    assert_eq!(
        change(2),
        &Change::Create {
            first_name: "Nia".into(),
            last_name: "Ng".into(),
            user_type: UserType::User,
            groups: vec!["sales".into(), "Marketing".into()]
        }
    );
    assert_eq!(
        change(3),
        &Change::Invite {
            user_type: UserType::RoomAdmin,
            groups: vec!["Support".into()]
        }
    );
    assert_eq!(
        change(4),
        &Change::Update {
            id: "u1".into(),
            raise: Some((UserType::User, UserType::RoomAdmin)),
            join: vec!["Support".into()]
        }
    );
    assert!(
        matches!(change(5), Change::NeedsProfile { id, reason } if id == "u2" && reason.contains("lowering"))
    );
    assert!(
        matches!(change(6), Change::NeedsProfile { reason, .. } if reason.contains("Disabled"))
    );
    assert_eq!(
        change(7),
        &Change::Update {
            id: "u4".into(),
            raise: None,
            join: vec!["SALES".into()]
        }
    );
    let note7 = diff
        .entries
        .iter()
        .find(|e| e.line == 7)
        .unwrap()
        .note
        .clone()
        .unwrap();
    assert!(note7.contains("only they can change their name"), "{note7}");
    assert_eq!(change(8), &Change::Unchanged { id: "u5".into() });
    assert!(matches!(change(9), Change::Refused { .. }));
    let counts = diff.counts(&BTreeSet::new());
    assert_eq!(
        counts,
        Counts {
            create: 1,
            invite: 1,
            raise: 1,
            join: 2,
            unchanged: 1,
            refused: 1,
            needs_profile: 2,
            new_groups: 1
        }
    );
    assert_eq!(diff.groups_to_create(&BTreeSet::new()), ["Marketing"]);
    // Leaving the only row that names it out leaves the group uncreated.
    let without = diff.counts(&BTreeSet::from([2]));
    assert_eq!((without.create, without.new_groups), (0, 0));
    assert!(!counts.nothing_to_change());
    assert!(diff
        .counts(&BTreeSet::from([2, 3, 4, 7]))
        .nothing_to_change());
}

#[test]
fn the_same_roster_applied_has_nothing_to_change() {
    let people = [
        person(
            "u1",
            "new@example.com",
            json!({"isCollaborator": true, "firstName": "Nia", "lastName": "Ng",
            "groups": [{"id": "g1", "name": "Sales"}, {"id": "g3", "name": "Marketing"}]}),
        ),
        person(
            "u2",
            "inv@example.com",
            json!({"status": 4, "groups": [{"id": "g2", "name": "Support"}]}),
        ),
    ];
    let groups = [
        group("g1", "Sales"),
        group("g2", "Support"),
        group("g3", "Marketing"),
    ];
    let text = "email,first name,last name,type,groups,invite\n\
        new@example.com,Nia,Ng,User,sales;Marketing,no\n\
        inv@example.com,,,Room admin,Support,\n\
        bad,,,,,\n";
    let diff = diff_of(text, &people, &groups, None);
    let counts = diff.counts(&BTreeSet::new());
    assert!(counts.nothing_to_change(), "{counts:?}");
    assert_eq!((counts.unchanged, counts.refused), (2, 1));
}

#[test]
fn paid_seats_run_out_in_the_files_order_and_rules_of_the_portal_refuse_rows() {
    let people = [
        person("u1", "up@example.com", json!({"isCollaborator": true})),
        person("o", "owner@example.com", json!({"isOwner": true})),
    ];
    let text = "email,type\n\
        a@example.com,Room admin\n\
        b@example.com,User\n\
        up@example.com,Room admin\n\
        c@example.com,Room admin\n\
        owner@example.com,User\n";
    let diff = diff_of(text, &people, &[], Some(2));
    let kinds: Vec<&str> = diff
        .entries
        .iter()
        .map(|e| match &e.change {
            Change::Invite { .. } => "invite",
            Change::Update { .. } => "raise",
            Change::Refused { reason } if reason.contains("No paid seat") => "no seat",
            Change::Unchanged { .. } => "unchanged",
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["invite", "invite", "raise", "no seat", "unchanged"]);
    // A room admin may add users only, and nobody to groups.
    let me = person("me", "me@example.com", json!({}));
    let roster = parse(
        "email,type,groups\nx@example.com,User,Sales\ny@example.com,User,\n",
        &[UserType::User],
    )
    .unwrap();
    let diff = Diff::of(
        &roster,
        &PortalNow {
            me: &me,
            people: &[],
            groups: &[],
            seats_left: None,
            invitations_left: None,
            create_groups: true,
        },
    );
    assert!(
        matches!(&diff.entries[0].change, Change::Refused { reason } if reason.contains("Only DocSpace admins"))
    );
    assert!(matches!(&diff.entries[1].change, Change::Invite { .. }));
    let refused = parse("email,type\nz@example.com,Room admin\n", &[UserType::User]).unwrap();
    assert!(
        refused.bad[0].problems[0].contains("You cannot add a room admin"),
        "{:?}",
        refused.bad
    );
}

#[test]
fn invitations_past_the_portals_invitation_limit_are_refused_and_creates_go_on() {
    let me = admin();
    let text = "email,first name,type,invite\n\
        a@example.com,,User,yes\n\
        b@example.com,Bo,User,no\n\
        c@example.com,,User,yes\n\
        d@example.com,,Room admin,yes\n";
    let roster = parse(text, &ADMIN_ADDS).unwrap();
    let diff = Diff::of(
        &roster,
        &PortalNow {
            me: &me,
            people: &[],
            groups: &[],
            seats_left: Some(5),
            invitations_left: Some(2),
            create_groups: true,
        },
    );
    let kinds: Vec<&str> = diff
        .entries
        .iter()
        .map(|e| match &e.change {
            Change::Invite { .. } => "invite",
            Change::Create { .. } => "create",
            Change::Refused { reason } if reason.contains("invitation limit is used up") => {
                "no email"
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["invite", "create", "invite", "no email"]);
}

#[test]
fn groups_the_portal_lacks_are_left_out_when_not_created() {
    let me = admin();
    let roster = parse("email,groups\nx@example.com,Sales;New one\n", &ADMIN_ADDS).unwrap();
    let groups = [group("g1", "sales")];
    let diff = Diff::of(
        &roster,
        &PortalNow {
            me: &me,
            people: &[],
            groups: &groups,
            seats_left: None,
            invitations_left: None,
            create_groups: false,
        },
    );
    assert_eq!(
        diff.entries[0].change,
        Change::Invite {
            user_type: UserType::User,
            groups: vec!["Sales".into()]
        }
    );
    assert!(diff.entries[0]
        .note
        .as_deref()
        .unwrap()
        .contains("Not in New one"));
    assert!(diff.missing_groups.is_empty());
}

#[test]
fn ten_thousand_rows_are_read_checked_and_compared() {
    let mut text = String::from("\u{feff}email;first name;last name;type;groups\r\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "person{i}@example.com;Name;Lee;User;\"Team {}; All\"\r\n",
            i % 50
        ));
    }
    let roster = parse(&text, &ADMIN_ADDS).unwrap();
    assert_eq!((roster.rows.len(), roster.bad.len()), (10_000, 0));
    assert_eq!(roster.rows[9_999].line, 10_001);
    assert_eq!(roster.rows[7].groups, ["Team 7", "All"]);
    let people: Vec<Person> = (0..5_000)
        .map(|i| {
            let email = format!("PERSON{i}@example.com");
            person(
                &format!("u{i}"),
                &email,
                json!({"isCollaborator": true, "firstName": "Name"}),
            )
        })
        .collect();
    let diff = diff_of(&text, &people, &[], None);
    let counts = diff.counts(&BTreeSet::new());
    assert_eq!(
        (
            counts.create,
            counts.invite,
            counts.join,
            counts.unchanged,
            counts.new_groups
        ),
        (5_000, 0, 5_000, 0, 51)
    );
}
