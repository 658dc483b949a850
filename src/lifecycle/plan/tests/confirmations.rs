//! Confirmations: nothing runs on someone else's say-so, and deleting waits for the number typed.

use super::*;

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
        plan.next_batch("other").map(|b| (b.step, b.ids, b.resent)),
        Some((delete.step, delete.ids, true)),
        "the batch in flight goes again, known to be sent again"
    );
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
