use super::*;
use crate::lifecycle::bulk::tests_support::person;

fn me_admin() -> Person {
    person("me", UserType::DocSpaceAdmin, UserStatus::Active)
}

#[test]
fn a_deletes_answer_is_read_with_who_it_skipped() {
    let me = me_admin();
    let ids: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let answer = [
        person("a", UserType::User, UserStatus::Disabled),
        person("b", UserType::DocSpaceAdmin, UserStatus::Disabled),
    ];
    let (done, unclear) = Change::Delete.read_answer(&me, &ids, &answer);
    assert_eq!(done, ["a"]);
    assert_eq!(
        unclear,
        [
            ("b".to_string(), Asked::Listed),
            ("c".to_string(), Asked::Missing)
        ]
    );
    let owner = person("o", UserType::Owner, UserStatus::Active);
    let (done, _) = Change::Delete.read_answer(&owner, &ids, &answer);
    assert_eq!(done, ["a", "b"]);
}

#[test]
fn a_disables_answer_counts_only_who_it_shows_disabled() {
    let me = me_admin();
    let ids: Vec<String> = ["a", "b"].map(String::from).to_vec();
    let answer = [
        person("A", UserType::User, UserStatus::Disabled),
        person("b", UserType::User, UserStatus::Active),
    ];
    // IDs compare without case, as GUIDs do.
    let (done, unclear) = Change::Disable.read_answer(&me, &ids, &answer);
    assert_eq!(done, ["a"]);
    assert_eq!(unclear, [("b".to_string(), Asked::Listed)]);
}

#[test]
fn what_a_read_back_settles() {
    let me = me_admin();
    let disabled = person("x", UserType::User, UserStatus::Disabled);
    let admin = person("y", UserType::DocSpaceAdmin, UserStatus::Disabled);
    let d = Change::Disable;
    assert_eq!(
        d.settle(&me, None, Asked::Refused("Access denied"), false),
        Held::Gone
    );
    assert_eq!(
        d.settle(&me, Some(&disabled), Asked::Refused("Access denied"), false),
        Held::AlreadyDone
    );
    assert_eq!(
        d.settle(&me, Some(&disabled), Asked::Missing, false),
        Held::Done
    );
    let active_admin = person("z", UserType::DocSpaceAdmin, UserStatus::Active);
    assert_eq!(
        d.settle(
            &me,
            Some(&active_admin),
            Asked::Refused("Access denied"),
            false
        ),
        Held::Refused(
            "Access denied (Only the portal owner can disable or enable a DocSpace admin.)".into()
        )
    );
    let del = Change::Delete;
    assert_eq!(del.settle(&me, None, Asked::Listed, false), Held::Done);
    assert_eq!(del.settle(&me, None, Asked::Missing, false), Held::Gone);
    assert_eq!(del.settle(&me, None, Asked::Missing, true), Held::Done);
    match del.settle(&me, Some(&admin), Asked::Listed, false) {
        Held::Refused(why) => assert!(
            why.contains("only the owner can delete DocSpace admins"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
    assert!(!Held::Gone.counts_as_done() && !Held::Gone.can_retry());
    assert!(Held::NotReached("x".into()).can_retry());
}

#[test]
fn which_refusals_may_have_changed_part_of_a_batch() {
    let payment = ApiError::Server {
        status: 402,
        message: "seats".into(),
    };
    let denied = ApiError::Forbidden("Access denied".into());
    assert!(Change::MakeType(UserType::RoomAdmin).may_be_partial(&denied));
    assert!(Change::MakeType(UserType::RoomAdmin).may_be_partial(&payment));
    assert!(Change::Enable.may_be_partial(&payment));
    assert!(!Change::Enable.may_be_partial(&denied));
    assert!(!Change::Disable.may_be_partial(&denied));
    assert!(!Change::Delete.may_be_partial(&denied));
}
