//! An unpaid portal (reference §10, "Unpaid portal"; the server's `PaymentFilter`): 402 with an
//! empty body for every action without `[AllowNotPayment]`, reads of lists and profiles open,
//! the 401 of an anonymous request first.

use docspace_sim::Role;
use serde_json::json;

use crate::harness::{portal_with, Portal};

async fn unpaid() -> Portal {
    portal_with(
        docspace_sim::PortalSpec {
            unpaid: true,
            ..docspace_sim::PortalSpec::new(30, 5)
        },
        Default::default(),
    )
    .await
}

#[tokio::test]
async fn an_unpaid_portal_refuses_changes_with_an_empty_402_and_still_lists() {
    let p = unpaid().await;
    let owner = p.key(Role::Owner);
    let user = p.role_user(Role::User);
    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    p.get("/api/2.0/people/filter?count=10", &owner)
        .await
        .expect(200);
    p.get(&format!("/api/2.0/people/{}", user.id), &owner)
        .await
        .expect(200);
    for answer in [
        p.put(
            "/api/2.0/people/status/2",
            &owner,
            json!({ "userIds": [user.id] }),
        )
        .await,
        p.put(
            "/api/2.0/people/type/1",
            &owner,
            json!({ "userIds": [user.id] }),
        )
        .await,
        p.get(
            &format!("/api/2.0/people/email?email={}", user.email),
            &owner,
        )
        .await,
        p.get("/api/2.0/people", &owner).await,
    ] {
        answer.expect(402);
        assert!(answer.raw.is_empty(), "an empty body: {}", answer.raw);
    }
    assert_eq!(
        p.user(&user.id).unwrap().status,
        user.status,
        "nothing changed"
    );
    // Authentication comes first.
    p.call(
        "PUT",
        "/api/2.0/people/status/2",
        None,
        Some(json!({ "userIds": [user.id] })),
    )
    .await
    .expect(401);
    // Paid again: the same change goes through.
    p.sim.portal.lock().unwrap().set_unpaid(false);
    p.put(
        "/api/2.0/people/status/2",
        &owner,
        json!({ "userIds": [user.id] }),
    )
    .await
    .expect(200);
}
