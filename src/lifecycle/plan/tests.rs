//! The plan's rules, natively: batches, bisection, resumption, handovers, confirmations.

use super::*;

mod confirmations;
mod handover;

const ME: &str = "me";

fn actor() -> Actor {
    Actor {
        id: ME.into(),
        name: "Person me".into(),
    }
}

fn heir() -> Heir {
    Heir {
        id: "heir".into(),
        name: "Hana Heir".into(),
        email: "hana@example.com".into(),
    }
}

/// The plan for `people` as `me` reviewed and confirmed it.
fn confirmed(me: &Person, people: Vec<Person>) -> OffboardingPlan {
    let mut plan = OffboardingPlan::new(me, people, vec![]);
    plan.confirm(&actor());
    plan
}

fn person(id: &str, t: &str, status: u8) -> Person {
    serde_json::from_value(serde_json::json!({
        "id": id, "displayName": format!("Person {id}"), "email": format!("{id}@example.com"),
        "status": status, "isOwner": t == "owner", "isAdmin": t == "admin",
        "isRoomAdmin": t == "room", "isCollaborator": t == "user", "isVisitor": t == "guest",
    }))
    .unwrap()
}

fn users(n: usize) -> Vec<Person> {
    (0..n)
        .map(|i| person(&format!("u{i}"), "user", 1))
        .collect()
}

/// Runs the plan against a portal that refuses any batch containing one of `bad`.
fn run(plan: &mut OffboardingPlan, bad: &[&str]) -> Vec<Batch> {
    plan.confirm_delete(&actor());
    let mut sent = Vec::new();
    while let Some(batch) = plan.next_batch(ME) {
        sent.push(batch.clone());
        if batch.ids.iter().any(|id| bad.contains(&id.as_str())) {
            plan.batch_refused(&batch, "Access denied");
        } else {
            plan.batch_succeeded(&batch);
        }
        assert!(sent.len() < 1000, "the run ends");
    }
    sent
}

#[test]
fn who_is_left_out_and_why() {
    let admin = person("me", "admin", 1);
    let mut selected = users(3);
    selected.push(person("boss", "owner", 1));
    selected.push(admin.clone());
    selected.push(person("other-admin", "admin", 1));
    selected.push(person("u1", "user", 1)); // selected twice
    selected.push(person("gone", "user", 2));
    let plan = OffboardingPlan::new(&admin, selected, vec!["deleted-id".into()]);
    let ids: Vec<&str> = plan.leavers.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["u0", "u1", "u2", "gone"]);
    assert_eq!(
        plan.leavers[3].state,
        LeaverState::Terminated,
        "already terminated"
    );
    let reasons: Vec<(&str, &str)> = plan
        .left_out
        .iter()
        .map(|l| (l.id.as_str(), l.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 4);
    assert!(reasons[0].0 == "boss" && reasons[0].1.contains("owner"));
    assert!(reasons[1].0 == "me" && reasons[1].1.contains("your own"));
    assert!(reasons[2].0 == "other-admin" && reasons[2].1.contains("owner can"));
    assert!(reasons[3].0 == "deleted-id" && reasons[3].1.contains("already deleted"));
    // The owner may offboard an admin.
    let owner = person("boss", "owner", 1);
    let plan = OffboardingPlan::new(&owner, vec![person("other-admin", "admin", 1)], vec![]);
    assert_eq!(plan.leavers.len(), 1);
}

#[test]
fn batches_of_at_most_100_terminate_then_delete() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(250));
    let sent = run(&mut plan, &[]);
    let shape: Vec<(Step, usize)> = sent.iter().map(|b| (b.step, b.ids.len())).collect();
    assert_eq!(
        shape,
        [
            (Step::Terminate, 100),
            (Step::Terminate, 100),
            (Step::Terminate, 50),
            (Step::Delete, 100),
            (Step::Delete, 100),
            (Step::Delete, 50),
        ]
    );
    assert!(plan.is_done());
    assert_eq!(plan.counts(), (0, 0, 250, 0));
    // 1,000 leavers without reassignment: 20 requests, the floor.
    let mut big = confirmed(&me, users(1000));
    assert_eq!(run(&mut big, &[]).len(), 20);
}

#[test]
fn a_refused_batch_is_bisected_to_the_one_who_caused_it() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(100));
    let sent = run(&mut plan, &["u37"]);
    let failed: Vec<&Leaver> = plan
        .leavers
        .iter()
        .filter(|l| matches!(l.state, LeaverState::Failed { .. }))
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].id, "u37");
    assert_eq!(
        failed[0].state,
        LeaverState::Failed {
            step: Step::Terminate,
            reason: "Access denied".into(),
            retry: false,
        }
    );
    assert_eq!(plan.counts(), (0, 0, 99, 1));
    // 1 + 2 per halving (7 levels for 100), then one delete batch of the 99.
    let terminate_requests = sent.iter().filter(|b| b.step == Step::Terminate).count();
    assert!(terminate_requests <= 1 + 2 * 7, "{terminate_requests}");
    assert_eq!(
        sent.last().map(|b| (b.step, b.ids.len())),
        Some((Step::Delete, 99))
    );
    // The failed one is never sent to delete.
    assert!(sent
        .iter()
        .filter(|b| b.step == Step::Delete)
        .all(|b| !b.ids.contains(&"u37".to_string())));
}

#[test]
fn resumes_from_every_step_sending_nothing_twice_but_the_batch_in_flight() {
    let me = person("me", "owner", 1);
    let fresh = confirmed(&me, users(250));
    let all = run(&mut fresh.clone(), &[]);
    for stop_after in 0..all.len() {
        let mut plan = fresh.clone();
        plan.confirm_delete(&actor());
        let mut sent = Vec::new();
        for _ in 0..stop_after {
            let batch = plan.next_batch(ME).unwrap();
            plan.batch_succeeded(&batch);
            sent.push(batch);
        }
        // Taken out of the queue and sent, then the tab closed before the answer.
        let in_flight = plan.next_batch(ME).unwrap();
        sent.push(in_flight.clone());
        let stored = serde_json::to_string(&plan).unwrap();
        let mut resumed: OffboardingPlan = serde_json::from_str(&stored).unwrap();
        let rest = run(&mut resumed, &[]);
        assert_eq!(
            (rest[0].step, &rest[0].ids),
            (in_flight.step, &in_flight.ids),
            "the batch in flight is sent again first"
        );
        assert!(rest[0].resent, "and known to be sent again");
        sent.extend(rest);
        assert_eq!(
            sent.len(),
            all.len() + 1,
            "stopped after {stop_after}: only that batch twice"
        );
        assert_eq!(resumed.counts(), (0, 0, 250, 0));
    }
}

#[test]
fn keep_them_disabled_and_finish() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(120));
    let first = plan.next_batch(ME).unwrap();
    plan.batch_succeeded(&first);
    assert!(
        !plan.can_finish_now() || plan.next_batch(ME).is_some(),
        "the run goes on by itself"
    );
    // A stop with a batch in flight puts it back unsent.
    plan.put_back_in_flight();
    assert!(plan.can_finish_now());
    plan.finish_now();
    assert!(plan.is_done());
    assert_eq!(plan.next_batch(ME), None);
    assert!(!plan.awaits_delete_confirmation(ME));
    let outcomes = plan.outcomes();
    assert_eq!(outcomes[0].result, "disabled");
    assert_eq!(outcomes[0].reason, "Kept disabled: not deleted.");
    assert_eq!(outcomes[119].result, "not disabled");
    assert!(outcomes[119].reason.contains("Stopped"));
}

#[test]
fn the_json_receipt_has_no_byte_order_mark() {
    let me = person("me", "owner", 1);
    let plan = confirmed(&me, users(1));
    let json = plan.receipt_json();
    assert!(json.starts_with('{'), "{json}");
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
}

#[test]
fn a_failed_batch_is_left_out_of_deletion_and_retried_on_demand() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(250));
    plan.confirm_delete(&actor());
    let mut deleted_sent = Vec::new();
    let mut terminate_batches = 0;
    while let Some(batch) = plan.next_batch(ME) {
        match batch.step {
            Step::Terminate => {
                terminate_batches += 1;
                if terminate_batches == 2 {
                    plan.batch_failed(&batch, "The portal answered 500: Internal error");
                    continue;
                }
            }
            _ => {
                if batch.ids.contains(&"u0".to_string()) {
                    plan.batch_failed(&batch, "The portal answered 500: Disk full");
                    continue;
                }
                deleted_sent.extend(batch.ids.clone());
            }
        }
        plan.batch_succeeded(&batch);
    }
    assert!(plan.is_done(), "the run finishes with people not done");
    assert_eq!(plan.counts(), (0, 0, 50, 200));
    assert!(
        deleted_sent.iter().all(|id| {
            let n: usize = id[1..].parse().unwrap();
            !(100..200).contains(&n)
        }),
        "nobody who failed at disabling is sent to delete"
    );
    let outcomes = plan.outcomes();
    assert_eq!(outcomes.len(), 250);
    let u150 = outcomes.iter().find(|o| o.id == "u150").unwrap();
    assert_eq!(
        (u150.result.as_str(), u150.reason.as_str()),
        ("not disabled", "The portal answered 500: Internal error")
    );
    let u0 = outcomes.iter().find(|o| o.id == "u0").unwrap();
    assert_eq!(u0.result, "not deleted");

    assert_eq!(plan.retry_failed(&actor()), 200);
    assert!(!plan.is_done());
    let retried = plan.next_batch(ME).unwrap();
    assert_eq!((retried.step, retried.ids.len()), (Step::Terminate, 100));
    assert!(retried.ids.contains(&"u150".to_string()));
    plan.batch_succeeded(&retried);
    assert_eq!(
        plan.next_batch(ME),
        None,
        "deleting waits for a new confirmation"
    );
    assert!(plan.awaits_delete_confirmation(ME));
    assert_eq!(
        plan.to_delete(),
        200,
        "100 failed at deleting, 100 just disabled"
    );
    assert_eq!(run(&mut plan, &[]).len(), 2);
    assert_eq!(plan.counts(), (0, 0, 250, 0));
    assert_eq!(plan.retry_failed(&actor()), 0);
    let csv = plan.receipt_csv();
    assert_eq!(csv.lines().count(), 251);
    assert!(
        csv.starts_with("ID,Name,Email,Result,Reason,Done by\r\nu0,Person u0,u0@example.com,deleted,,Disabled by Person me (me); deleted by Person me (me)\r\n"),
        "{}",
        &csv[..200]
    );
    let json: serde_json::Value = serde_json::from_str(&plan.receipt_json()).unwrap();
    assert_eq!(json["people"].as_array().unwrap().len(), 250);
    assert!(json["requests"].is_array());
}
