//! Handing rooms over: who owns rooms, the reassignments between disabling and deleting, a
//! failed handover tried again, deleting owners as their handover ends.

use super::*;

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
fn without_a_target_nobody_is_reassigned() {
    let me = person("me", "owner", 1);
    let mut plan = confirmed(&me, users(3));
    plan.set_owns_rooms("u1", true);
    let sent = run(&mut plan, &[]);
    assert_eq!(sent.len(), 2);
    assert_eq!(plan.counts(), (0, 0, 3, 0));
}
