//! `POST /people/invite` takes its invitations in order and keeps them as it goes
//! (`more-endpoints.md` 2.1: "processing is sequential and not atomic"): a refusal part way ends
//! the request with those before it invited, and nothing after it.

use docspace_sim::model::EmployeeStatus;
use docspace_sim::Role;
use serde_json::json;

use crate::harness::portal;

#[tokio::test]
async fn a_refusal_part_way_keeps_the_invitations_before_it() {
    let p = portal().await;
    let leaver = p.create("User").await;
    p.terminate(&[&leaver.id]).await;
    let owner = p.key(Role::Owner);
    p.post(
        "/api/2.0/people/invite",
        &owner,
        json!({"invitations": [
            {"email": "first@example.com", "type": "User"},
            {"email": "second@example.com", "type": "RoomAdmin"},
            {"email": leaver.email, "type": "User"},
            {"email": "after@example.com", "type": "User"},
        ]}),
    )
    .await
    .refused(400, &format!("User disabled: {}", leaver.email));
    let pending = |email: &str| {
        p.sim
            .portal
            .lock()
            .unwrap()
            .users
            .iter()
            .any(|u| u.email == email && u.status == EmployeeStatus::Pending)
    };
    assert!(pending("first@example.com") && pending("second@example.com"));
    assert!(!pending("after@example.com"), "nothing after the refusal");
    // A bad email part way: the same.
    p.post(
        "/api/2.0/people/invite",
        &owner,
        json!({"invitations": [
            {"email": "third@example.com", "type": "User"},
            {"email": "not an email", "type": "User"},
        ]}),
    )
    .await
    .refused(400, "Incorrect email");
    assert!(pending("third@example.com"));
}
