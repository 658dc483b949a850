//! The run reads every answer person by person, and reads back what an answer leaves unclear:
//! the receipt's line per person is what the portal holds afterwards (issue 14).

use super::*;

/// The signed-in person as a DocSpace admin who is not the owner (same ID as the plan's
/// confirmation, so the plan answers to them).
fn admin_me() -> Person {
    let mut me = person(ME, false);
    me.is_admin = true;
    me.is_collaborator = false;
    me
}

fn run_as(plan: &mut OffboardingPlan, portal: &Scripted, me: &Person) -> Ended {
    block(run(plan, portal, me, &|| false, &mut |_, _| {}))
}

fn outcome(plan: &OffboardingPlan, id: &str) -> (String, String) {
    let o = plan.outcomes().into_iter().find(|o| o.id == id).unwrap();
    (o.result, o.reason)
}

#[test]
fn an_admins_delete_that_the_portal_skips_for_two_docspace_admins_reports_them_not_deleted() {
    let portal = Scripted {
        admins: ["u2".to_string(), "u5".to_string()].into(),
        ..Scripted::default()
    };
    let mut plan = plan_of(10);
    let me = admin_me();
    run_as(&mut plan, &portal, &me);
    plan.confirm_delete(&super::scripted::me());
    run_as(&mut plan, &portal, &me);
    assert_eq!(
        portal.count(is_delete),
        1,
        "one request: the portal answered 200"
    );
    for id in ["u2", "u5"] {
        let (result, reason) = outcome(&plan, id);
        assert_eq!(result, "not deleted", "{id}");
        assert!(
            reason.contains("only the owner can delete DocSpace admins"),
            "{reason}"
        );
        assert!(
            !portal.deleted.borrow().contains(id),
            "the portal still has {id}"
        );
    }
    let deleted = plan
        .outcomes()
        .iter()
        .filter(|o| o.result == "deleted")
        .count();
    assert_eq!(deleted, 8);
    // Only the two the answer left unclear were read back; trying again cannot help them.
    let reads = portal.count(|c| matches!(c, Call::Read(_)));
    assert_eq!(reads, 2);
    assert_eq!(
        plan.failed(),
        0,
        "no 'try again' for a refusal by the portal's rules"
    );
    assert_eq!(plan.refused(), 2);
    assert!(plan.is_done());
}

#[test]
fn someone_deleted_by_someone_else_during_the_review_is_already_gone() {
    let portal = Scripted::default();
    portal.deleted.borrow_mut().insert("u3".to_string());
    let mut plan = plan_of(6);
    go(&mut plan, &portal);
    assert_eq!(outcome(&plan, "u3").0, "already gone");
    assert_eq!(plan.failed(), 0, "nothing to try again");
    plan.confirm_delete(&super::scripted::me());
    go(&mut plan, &portal);
    assert!(plan.is_done());
    let deleted = plan
        .outcomes()
        .iter()
        .filter(|o| o.result == "deleted")
        .count();
    assert_eq!(deleted, 5);
    // The delete batch never carried them.
    assert!(portal
        .calls()
        .iter()
        .all(|c| !matches!(c, Call::Delete(ids) if ids.contains(&"u3".to_string()))));
}

#[test]
fn a_delete_whose_answer_was_lost_is_read_from_the_portal_on_the_resend() {
    // The first delete went through but its answer was lost (no answer twice); the resend
    // finds nobody, and the portal's answer leaves them out: deleted, by this run.
    let portal = Scripted::default();
    let mut plan = plan_of(4);
    go(&mut plan, &portal);
    plan.confirm_delete(&super::scripted::me());
    portal
        .deleted
        .borrow_mut()
        .extend((0..4).map(|i| format!("u{i}")));
    portal
        .errors
        .borrow_mut()
        .push_back((is_delete, ApiError::Network("reset".into())));
    go(&mut plan, &portal);
    assert!(plan.outcomes().iter().all(|o| o.result == "deleted"));
}

#[test]
fn a_delete_batch_the_portal_kept_failing_is_read_back_person_by_person() {
    let server = || ApiError::Server {
        status: 500,
        message: "Internal server error".into(),
    };
    let portal = Scripted::default();
    let mut plan = plan_of(3);
    go(&mut plan, &portal);
    plan.confirm_delete(&super::scripted::me());
    // The portal deleted u0 before failing; then three 500s in a row.
    portal.deleted.borrow_mut().insert("u0".to_string());
    portal
        .errors
        .borrow_mut()
        .extend((0..3).map(|_| (is_delete as fn(&Call) -> bool, server())));
    go(&mut plan, &portal);
    assert_eq!(outcome(&plan, "u0").0, "deleted");
    assert_eq!(outcome(&plan, "u1").0, "not deleted");
    assert_eq!(plan.failed(), 2, "trying again can work for a 500");
}

#[test]
fn the_receipt_says_who_did_each_step() {
    let portal = Scripted::default();
    let mut plan = plan_of(2);
    go(&mut plan, &portal);
    let other = Actor {
        id: "other".into(),
        name: "Olga Other".into(),
    };
    plan.confirm(&other);
    plan.confirm_delete(&other);
    block(run(
        &mut plan,
        &portal,
        &person("other", true),
        &|| false,
        &mut |_, _| {},
    ));
    let o = &plan.outcomes()[0];
    assert_eq!(o.result, "deleted");
    assert_eq!(
        o.by,
        "Signed out everywhere by Person me (me); disabled by Person me (me); deleted by Person other (other)"
    );
    let json: serde_json::Value = serde_json::from_str(&plan.receipt_json()).unwrap();
    assert_eq!(json["deletionConfirmedBy"]["id"], "other");
    assert!(json["panel"]
        .as_str()
        .unwrap()
        .starts_with("DocSpace Admin "));
}
