//! more-endpoints.md §2.2: `PUT /people/invite` sends invitations again to people who never
//! registered (and activation instructions to those who did not confirm their email), skips
//! everyone else without a word, and answers with everyone it processed.

use docspace_sim::model::{ActivationStatus, EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use serde_json::json;

use crate::harness::portal;

#[tokio::test]
async fn invitations_go_again_to_the_pending_only_and_the_answer_lists_everyone_asked() {
    let p = portal().await;
    let pending = p.find(|u| {
        u.activation == ActivationStatus::Pending && u.employee_type == EmployeeType::User
    });
    let active = p.find(|u| {
        u.activation == ActivationStatus::Activated && u.status == EmployeeStatus::Active
    });
    let answer = p
        .put(
            "/api/2.0/people/invite",
            &p.key(Role::Admin),
            json!({"userIds": [pending.id, active.id]}),
        )
        .await;
    answer.expect(200);
    let mut ids = answer.ids();
    ids.sort();
    let mut expected = vec![pending.id.clone(), active.id.clone()];
    expected.sort();
    assert_eq!(ids, expected, "the skipped are listed too");
    let sent = p.sim.portal.lock().unwrap().resends.clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].to, pending.id);
}

#[tokio::test]
async fn resend_all_is_for_room_admins_and_up_and_users_may_resend_only_their_own() {
    let p = portal().await;
    let pending_count = p
        .sim
        .portal
        .lock()
        .unwrap()
        .users
        .iter()
        .filter(|u| {
            u.activation == ActivationStatus::Pending && u.status != EmployeeStatus::Terminated
        })
        .count();
    assert!(pending_count > 0);
    for role in [Role::User, Role::Guest] {
        p.put(
            "/api/2.0/people/invite",
            &p.key(role),
            json!({"resendAll": true}),
        )
        .await
        .refused(403, "Access denied");
        let someone = p.role_user(Role::Admin);
        p.put(
            "/api/2.0/people/invite",
            &p.key(role),
            json!({"userIds": [someone.id]}),
        )
        .await
        .refused(403, "Access denied");
    }
    p.put(
        "/api/2.0/people/invite",
        &p.key(Role::Owner),
        json!({"resendAll": true}),
    )
    .await
    .expect(200);
    assert_eq!(p.sim.portal.lock().unwrap().resends.len(), pending_count);
    // A room admin may resend to all too (more-endpoints.md §2.2 corrects README §3.5): only
    // to the users among them, and the guests they invited; the others are skipped silently.
    p.put(
        "/api/2.0/people/invite",
        &p.key(Role::RoomAdmin),
        json!({"resendAll": true}),
    )
    .await
    .expect(200);
    {
        let room_admin = p.role_user(Role::RoomAdmin);
        let portal = p.sim.portal.lock().unwrap();
        let by_room_admin = &portal.resends[pending_count..];
        assert!(!by_room_admin.is_empty());
        for sent in by_room_admin {
            let to = portal.user(&sent.to).unwrap();
            assert!(
                to.employee_type == EmployeeType::User
                    || (to.employee_type == EmployeeType::Guest
                        && to.created_by.as_deref() == Some(room_admin.id.as_str())),
                "{to:?}"
            );
        }
    }
    // No ids and no resendAll: the server's null argument.
    p.put("/api/2.0/people/invite", &p.key(Role::Admin), json!({}))
        .await
        .expect(400);
}

/// The server's "SensitiveApi" policy, when the portal has its rate limiter on: 5 resends per
/// window per person and path, then 429 with Retry-After and nothing sent; another admin has
/// a window of their own.
#[tokio::test]
async fn the_sensitive_api_limit_refuses_the_sixth_resend_in_the_window() {
    use docspace_sim::sensitive::SensitiveLimit;
    use docspace_sim::{FaultSpec, PortalSpec};
    let p = crate::harness::portal_with(
        PortalSpec::new(40, 7),
        FaultSpec {
            sensitive: Some(SensitiveLimit {
                permits: 5,
                window: std::time::Duration::from_secs(600),
            }),
            ..Default::default()
        },
    )
    .await;
    let pending = p.find(|u| {
        u.activation == ActivationStatus::Pending && u.employee_type == EmployeeType::User
    });
    let body = json!({"userIds": [pending.id]});
    for _ in 0..5 {
        p.put("/api/2.0/people/invite", &p.key(Role::Admin), body.clone())
            .await
            .expect(200);
    }
    let limited = p
        .put("/api/2.0/people/invite", &p.key(Role::Admin), body.clone())
        .await;
    limited.expect(429);
    let header = |name: &str| {
        limited
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let retry: u64 = header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=600).contains(&retry), "{retry}");
    assert_eq!(header("x-ratelimit-limit").as_deref(), Some("5"));
    assert_eq!(p.sim.portal.lock().unwrap().resends.len(), 5);
    // The owner's window is their own; other paths are not limited.
    p.put("/api/2.0/people/invite", &p.key(Role::Owner), body)
        .await
        .expect(200);
    p.get("/api/2.0/people/@self", &p.key(Role::Admin))
        .await
        .expect(200);
}
