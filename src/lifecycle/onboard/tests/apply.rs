//! Applying a roster to a portal that answers: the order, the requests, the receipt, and the
//! same file again.

use super::*;

#[test]
fn groups_then_accounts_then_invitations_then_types_then_memberships_in_few_requests() {
    let fake = Fake::default();
    for i in 0..5 {
        fake.add(&format!("old{i}@example.com"), UserType::User, 1);
    }
    fake.0
        .borrow_mut()
        .groups
        .push(("g-sales".into(), "Sales".into()));
    let text = roster(20, 150, 5);
    let (mut plan, _) = plan_of(&fake, &text);
    assert_eq!(go(&mut plan, &fake).0, Ended::Settled);
    assert_eq!(
        ["create group", "create", "invite", "pending", "type", "add members", "find", "groups"].map(|w| fake.count(w)),
        [1, 20, 2, 1, 1, 2, 0, 0],
        "Team created; a create each; 150 invitations in two; one list of the pending; one type change; a request per group"
    );
    assert_eq!(
        plan.progress(),
        Progress {
            done: 175,
            left: 0,
            failed: 0
        }
    );
    let people = fake.people();
    let team = fake
        .groups()
        .into_iter()
        .find(|g| g.name == "Team")
        .unwrap();
    for i in 0..150 {
        let p = people
            .iter()
            .find(|p| p.email == format!("inv{i}@example.com"))
            .unwrap();
        assert_eq!((p.status, p.user_type()), (4, UserType::RoomAdmin));
        assert!(p.groups.iter().any(|g| g.id == team.id), "inv{i} in Team");
    }
    for i in 0..5 {
        let p = people
            .iter()
            .find(|p| p.email == format!("old{i}@example.com"))
            .unwrap();
        assert_eq!(p.user_type(), UserType::RoomAdmin);
        assert!(p.groups.iter().any(|g| g.name == "Sales"));
    }
    let row = plan
        .rows
        .iter()
        .find(|r| r.email == "new0@example.com")
        .unwrap();
    assert_eq!(row.outcome(), "Created as User; in Team; in Sales");
    assert!(plan
        .rows_csv()
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("2,new0@example.com,p"));
    let receipt: serde_json::Value = serde_json::from_str(&plan.receipt_json()).unwrap();
    assert_eq!(receipt["rows"].as_array().unwrap().len(), 175);
    assert_eq!(
        receipt["groups"][0],
        json!({"name": "Team", "id": team.id, "created": true})
    );
    assert_eq!(receipt["groups"][1]["created"], false, "Sales was there");
    // The same file again: nothing to change, nothing sent.
    let (again, diff) = plan_of(&fake, &text);
    assert!(
        diff.counts(&BTreeSet::new()).nothing_to_change(),
        "{:?}",
        diff.counts(&BTreeSet::new())
    );
    assert!(again.rows.is_empty() && again.groups.is_empty());
}

#[test]
fn out_of_paid_seats_the_portal_makes_a_user_and_the_receipt_says_so() {
    let fake = Fake::default();
    let (mut plan, _) = plan_of(
        &fake,
        "email,first name,type\na@example.com,Ann,Room admin\nb@example.com,Bob,Room admin\n",
    );
    // Someone else took the last seat after the roster was read.
    fake.0.borrow_mut().seats = Some(1);
    go(&mut plan, &fake);
    assert_eq!(
        plan.progress(),
        Progress {
            done: 1,
            left: 0,
            failed: 1
        }
    );
    let b = plan
        .rows
        .iter()
        .find(|r| r.email == "b@example.com")
        .unwrap();
    assert!(
        b.outcome().contains("made them a user instead"),
        "{}",
        b.outcome()
    );
}
