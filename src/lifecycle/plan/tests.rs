//! The plan's rules, natively: batches, bisection, resumption, handovers, confirmations.

use super::*;

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
            reason: "Access denied".into()
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
            rest[0], in_flight,
            "the batch in flight is sent again first"
        );
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
fn reassignment_runs_between_terminate_and_delete_a_few_at_a_time() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(10));
    plan.heir = Some(heir());
    for id in ["u1", "u2", "u3", "u4"] {
        plan.set_owns_rooms(id, true);
    }
    plan.confirm_delete(&actor());
    let first = plan.next_batch(ME).unwrap();
    assert_eq!((first.step, first.ids.len()), (Step::Terminate, 10));
    plan.batch_succeeded(&first);
    assert_eq!(
        plan.next_batch(ME),
        None,
        "the reassignment step is not batched"
    );
    assert_eq!(plan.step, Step::Reassign);
    assert_eq!(plan.next_reassignments(3, ME), ["u1", "u2", "u3"]);
    assert!(
        plan.next_reassignments(3, ME).is_empty(),
        "three are running"
    );
    plan.reassignment_finished("u1", Ok(()));
    assert_eq!(plan.next_reassignments(3, ME), ["u4"]);
    // u4's job could not start (the portal did not answer): it is handed out again.
    plan.reassignment_not_started("u4");
    assert_eq!(plan.running_reassignments(), ["u2", "u3"]);
    assert_eq!(plan.next_reassignments(3, ME), ["u4"]);
    plan.reassignment_finished("u2", Err("Can not reassign".into()));
    plan.reassignment_finished("u3", Ok(()));
    plan.reassignment_finished("u4", Ok(()));
    let delete = plan.next_batch(ME).unwrap();
    assert_eq!(delete.step, Step::Delete);
    assert_eq!(
        delete.ids.len(),
        9,
        "the six without rooms and the three whose rooms moved: nobody was deleted by a handover"
    );
    assert!(
        !delete.ids.contains(&"u2".to_string()),
        "u2 still owns rooms"
    );
    plan.batch_succeeded(&delete);
    assert!(plan.is_done());
    assert_eq!(plan.counts(), (0, 0, 9, 1));
    let u1 = plan.outcomes().into_iter().find(|o| o.id == "u1").unwrap();
    assert_eq!(
        (u1.result.as_str(), u1.reason.as_str()),
        (
            "deleted",
            "Rooms handed over to Hana Heir (hana@example.com)."
        )
    );
}

/// The defect this guards against: with a handover, owners were deleted by their handover
/// job (`deleteProfile: true`) before anyone confirmed a deletion.
#[test]
fn after_the_handovers_everyone_waits_for_the_typed_confirmation() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(8));
    plan.heir = Some(heir());
    for (i, l) in plan.leavers.clone().iter().enumerate() {
        plan.set_owns_rooms(&l.id, i < 7);
    }
    let disable = plan.next_batch(ME).unwrap();
    plan.batch_succeeded(&disable);
    while !plan.running_reassignments().is_empty() || plan.step != Step::Delete {
        for id in plan.next_reassignments(3, ME) {
            plan.reassignment_finished(&id, Ok(()));
        }
        assert_eq!(plan.next_batch(ME), None, "nothing is deleted unconfirmed");
    }
    assert_eq!(
        plan.counts(),
        (0, 8, 0, 0),
        "all eight disabled, none deleted"
    );
    assert!(plan.awaits_delete_confirmation(ME));
    assert_eq!(plan.to_delete(), 8);
    assert_eq!(plan.owners_deleted_on_handover(), 0);
}

#[test]
fn deleting_owners_as_their_handover_ends_only_when_asked_and_counted() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(5));
    plan.heir = Some(heir());
    plan.set_owns_rooms("u0", true);
    plan.set_owns_rooms("u1", true);
    assert_eq!(plan.owners_deleted_on_handover(), 0, "off unless ticked");
    plan.delete_owners_on_handover = true;
    assert_eq!(
        plan.owners_deleted_on_handover(),
        2,
        "the number typed first"
    );
    let disable = plan.next_batch(ME).unwrap();
    plan.batch_succeeded(&disable);
    for id in plan.next_reassignments(3, ME) {
        plan.reassignment_finished(&id, Ok(()));
    }
    assert_eq!(plan.counts(), (0, 3, 2, 0));
    assert_eq!(plan.to_delete(), 3);
    assert!(plan.awaits_delete_confirmation(ME));
}

#[test]
fn someone_else_resuming_the_run_is_asked_again_for_each_step() {
    let me = person("me", "owner", 1);
    let other = Actor {
        id: "other".into(),
        name: "Olga Other".into(),
    };
    let mut plan = confirmed(&me, users(150));
    let first = plan.next_batch(ME).unwrap();
    plan.batch_succeeded(&first);
    // The session ends; someone else signs in on the same tab.
    assert_eq!(
        plan.next_batch("other"),
        None,
        "not on someone else's say-so"
    );
    assert!(plan.next_reassignments(3, "other").is_empty());
    assert!(plan.awaits_confirmation("other"));
    assert!(!plan.awaits_confirmation(ME));
    plan.confirm(&other);
    let second = plan.next_batch("other").unwrap();
    assert_eq!(second.ids.len(), 50);
    plan.batch_succeeded(&second);
    assert!(plan.awaits_delete_confirmation("other"));
    // I had confirmed the deletion, and then the session changed hands mid-way.
    plan.confirm_delete(&actor());
    let delete = plan.next_batch(ME).unwrap();
    assert_eq!(delete.step, Step::Delete);
    // Stopped with the delete batch in flight; the other person resumes.
    assert_eq!(plan.next_batch("other"), None);
    assert!(plan.awaits_delete_confirmation("other"));
    assert!(!plan.awaits_confirmation("other"));
    plan.confirm_delete(&other);
    assert_eq!(
        plan.next_batch("other"),
        Some(delete),
        "the batch in flight goes again"
    );
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
fn the_room_check_remembers_who_was_checked() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(3));
    assert_eq!(plan.rooms_unchecked().len(), 3);
    plan.set_owns_rooms("u1", true);
    plan.set_owns_rooms("u0", false);
    let unchecked: Vec<String> = plan
        .rooms_unchecked()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(unchecked, ["u2"]);
    assert_eq!(plan.owners().len(), 1);
}

#[test]
fn a_failed_handover_can_be_tried_again_with_another_heir() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(2));
    plan.heir = Some(heir());
    plan.set_owns_rooms("u0", true);
    let disable = plan.next_batch(ME).unwrap();
    plan.batch_succeeded(&disable);
    assert_eq!(plan.next_reassignments(3, ME), ["u0"]);
    plan.reassignment_finished("u0", Err("Can not reassign data to Hana".into()));
    assert!(plan.any_handover_failed());
    assert_eq!(
        plan.to_delete(),
        1,
        "the owner is not deleted with their rooms"
    );
    plan.heir = Some(Heir {
        id: "heir2".into(),
        name: "Ivo".into(),
        email: "ivo@example.com".into(),
    });
    assert_eq!(plan.retry_failed(&actor()), 1);
    assert_eq!(plan.next_batch(ME), None);
    assert_eq!(plan.next_reassignments(3, ME), ["u0"]);
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
fn deletion_waits_for_the_admins_confirmation() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(150));
    while let Some(batch) = plan.next_batch(ME) {
        assert_eq!(batch.step, Step::Terminate);
        plan.batch_succeeded(&batch);
    }
    assert!(plan.awaits_delete_confirmation(ME));
    assert_eq!(plan.to_delete(), 150);
    assert!(!plan.is_done());
    plan.confirm_delete(&actor());
    assert_eq!(
        plan.next_batch(ME).map(|b| (b.step, b.ids.len())),
        Some((Step::Delete, 100))
    );
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
        csv.starts_with("ID,Name,Email,Result,Reason\r\nu0,Person u0,u0@example.com,deleted,\r\n")
    );
    let json: serde_json::Value = serde_json::from_str(&plan.receipt_json()).unwrap();
    assert_eq!(json["people"].as_array().unwrap().len(), 250);
    assert!(json["requests"].is_array());
}

#[test]
fn without_a_target_nobody_is_reassigned() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(3));
    plan.set_owns_rooms("u1", true);
    let sent = run(&mut plan, &[]);
    assert_eq!(sent.len(), 2);
    assert_eq!(plan.counts(), (0, 0, 3, 0));
}
