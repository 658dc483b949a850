//! more-endpoints.md §3.4: "log out everywhere" ends a person's login sessions, not their API
//! keys; the person or any DocSpace admin may ask it, nobody else.

use docspace_sim::Role;
use serde_json::json;

use crate::harness::{portal, Portal};

async fn login(p: &Portal, role: Role) -> String {
    let user = p.role_user(role);
    let answer = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": user.email, "password": user.password})),
        )
        .await;
    answer.expect(200);
    answer.response()["token"]
        .as_str()
        .expect("a token")
        .to_string()
}

fn path(id: &str) -> String {
    format!("/api/2.0/security/activeconnections/logoutall/{id}")
}

#[tokio::test]
async fn an_admin_ends_every_session_of_someone_and_their_api_key_keeps_working() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let (first, second) = (login(&p, Role::User).await, login(&p, Role::User).await);
    let admin_token = login(&p, Role::Admin).await;
    for token in [&first, &second] {
        p.get("/api/2.0/people/@self", token).await.expect(200);
    }
    let answer = p
        .put(&path(&user.id), &p.key(Role::Admin), json!(null))
        .await;
    answer.expect(200);
    assert!(answer.body.get("response").is_none(), "{}", answer.raw);
    for token in [&first, &second] {
        p.get("/api/2.0/people/@self", token).await.expect(401);
    }
    // Their API key, and everyone else's sessions, still work.
    p.get("/api/2.0/people/@self", &p.key(Role::User))
        .await
        .expect(200);
    p.get("/api/2.0/people/@self", &admin_token)
        .await
        .expect(200);
    let admin = p.role_user(Role::Admin);
    let recorded = p.sim.portal.lock().unwrap().sign_outs.clone();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].by.as_str(), recorded[0].of.as_str()),
        (admin.id.as_str(), user.id.as_str())
    );
}

#[tokio::test]
async fn only_oneself_or_a_docspace_admin_may_and_the_owner_is_not_protected() {
    let p = portal().await;
    let owner = p.role_user(Role::Owner);
    let user = p.role_user(Role::User);
    // A room admin or a user may not end someone else's sessions.
    for role in [Role::RoomAdmin, Role::User] {
        p.put(&path(&owner.id), &p.key(role), json!(null))
            .await
            .refused(403, "Access denied");
    }
    // Their own, yes.
    let token = login(&p, Role::User).await;
    p.put(&path(&user.id), &token, json!(null))
        .await
        .expect(200);
    p.get("/api/2.0/people/@self", &token).await.expect(401);
    // An admin may sign the owner out.
    let owner_token = login(&p, Role::Owner).await;
    p.put(&path(&owner.id), &p.key(Role::Admin), json!(null))
        .await
        .expect(200);
    p.get("/api/2.0/people/@self", &owner_token)
        .await
        .expect(401);
    // An unknown id is not refused; a segment that is not a GUID matches no route.
    p.put(
        &path("9f0a3c1e-0000-4000-8000-000000000001"),
        &p.key(Role::Admin),
        json!(null),
    )
    .await
    .expect(200);
    p.put(&path("nobody"), &p.key(Role::Admin), json!(null))
        .await
        .expect(404);
    // No credentials: 401.
    p.call("PUT", &path(&user.id), None, None).await.expect(401);
}
