//! The login history and the audit trail (more-endpoints.md §6, the server read at v3.7.2):
//! admins only; the login history paged before it is filtered, the audit trail filtered then
//! paged; a sign-in, a failed one and the People endpoints' changes recorded as the server
//! records them; the seeded 180 days; the lifetimes; a plan without the audit feature.

use docspace_sim::audit::{action, is_sign_in, GUEST_ID};
use docspace_sim::{FaultSpec, PortalSpec, Role};
use serde_json::{json, Value};

use crate::harness::{portal, portal_with};

const LOGINS: &str = "/api/2.0/security/audit/login/filter";
const EVENTS: &str = "/api/2.0/security/audit/events/filter";

fn list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn only_docspace_admins_read_the_history() {
    let p = portal().await;
    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        for path in [
            LOGINS,
            EVENTS,
            "/api/2.0/security/audit/login/last",
            "/api/2.0/security/audit/settings/lifetime",
            "/api/2.0/portal/quota",
        ] {
            p.get(path, &p.key(role))
                .await
                .refused(403, "Access denied");
        }
    }
    p.get(LOGINS, &p.key(Role::Admin)).await.expect(200);
}

#[tokio::test]
async fn the_login_history_is_paged_before_it_is_filtered_and_records_sign_ins() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let user = p.role_user(Role::User);
    let password = user.password.clone();
    // A failed sign-in, then a good one.
    p.call(
        "POST",
        "/api/2.0/authentication",
        None,
        Some(json!({ "userName": user.email, "password": "wrong" })),
    )
    .await
    .expect(401);
    p.call(
        "POST",
        "/api/2.0/authentication",
        None,
        Some(json!({ "userName": user.email, "password": password })),
    )
    .await
    .expect(200);
    let newest = list(
        p.get(&format!("{LOGINS}?count=2"), &admin)
            .await
            .expect(200)
            .response(),
    );
    assert_eq!(newest[0]["userId"], json!(user.id));
    assert_eq!(newest[0]["actionId"], json!(action::LOGIN_SUCCESS_VIA_API));
    assert_eq!(newest[0]["action"], json!("Successful Login via API"));
    assert!(
        newest[0].get("login").is_none(),
        "no login on a success: {}",
        newest[0]
    );
    assert_eq!(newest[1]["userId"], json!(GUEST_ID));
    assert_eq!(newest[1]["actionId"], json!(action::LOGIN_FAIL_VIA_API));
    assert_eq!(newest[1]["login"], json!(user.email));
    // The user's own events among the two newest of the portal: one, not two pages' worth.
    let theirs = list(
        p.get(&format!("{LOGINS}?userId={}&count=2", user.id), &admin)
            .await
            .expect(200)
            .response(),
    );
    assert_eq!(theirs.len(), 1);
    // Further back the same filter finds nothing on a page of others' events, or some.
    let total_theirs = {
        let portal = p.sim.portal.lock().unwrap();
        portal
            .audit
            .logins
            .iter()
            .filter(|e| e.user_id == user.id)
            .count()
    };
    let mut found = 0;
    let mut start = 0;
    loop {
        let page = p
            .get(
                &format!("{LOGINS}?userId={}&count=100&startIndex={start}", user.id),
                &admin,
            )
            .await;
        let page = list(page.expect(200).response());
        let unfiltered = list(
            p.get(&format!("{LOGINS}?count=100&startIndex={start}"), &admin)
                .await
                .expect(200)
                .response(),
        );
        assert_eq!(
            page.len(),
            unfiltered
                .iter()
                .filter(|e| e["userId"] == json!(user.id))
                .count()
        );
        found += page.len();
        if unfiltered.len() < 100 {
            break;
        }
        start += 100;
    }
    assert_eq!(found, total_theirs, "reading every page finds them all");
    // Dates need an offset; count is 1 to 100.
    p.get(&format!("{LOGINS}?from=2026-01-01"), &admin)
        .await
        .expect(400);
    p.get(&format!("{LOGINS}?count=101"), &admin)
        .await
        .expect(400);
    p.get(
        &format!("{LOGINS}?from=2026-01-01T00:00:00Z&action=LoginSuccessViaApi"),
        &admin,
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn the_seeded_history_has_regular_dormant_and_never_signed_in_people() {
    let p = portal_with(PortalSpec::new(300, 5), FaultSpec::default()).await;
    let portal = p.sim.portal.lock().unwrap();
    let now = docspace_sim::time::now().unix_seconds;
    let last = |id: &str| {
        portal
            .audit
            .logins
            .iter()
            .filter(|e| e.user_id == id && is_sign_in(e.action))
            .map(|e| e.at.unix_seconds)
            .max()
    };
    let active: Vec<_> = portal
        .users
        .iter()
        .filter(|u| u.status == docspace_sim::model::EmployeeStatus::Active)
        .collect();
    let days = |s: i64| (now - s) / 86_400;
    assert!(active.iter().filter(|u| last(&u.id).is_none()).count() > 10);
    assert!(
        active
            .iter()
            .filter(|u| last(&u.id).is_some_and(|s| days(s) > 90))
            .count()
            > 10
    );
    assert!(
        active
            .iter()
            .filter(|u| last(&u.id).is_some_and(|s| days(s) < 7))
            .count()
            > 50
    );
    let invites = portal
        .audit
        .events
        .iter()
        .filter(|e| e.action == action::SEND_JOIN_INVITE)
        .count();
    let pending = portal
        .users
        .iter()
        .filter(|u| u.status == docspace_sim::model::EmployeeStatus::Pending)
        .count();
    assert_eq!(invites, pending);
}

#[tokio::test]
async fn the_audit_trail_finds_what_was_done_to_a_person_even_in_a_bulk_change() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let me = p.role_user(Role::Admin);
    let a = p.create("User").await;
    let b = p.create("User").await;
    p.put(
        "/api/2.0/people/status/2",
        &admin,
        json!({ "userIds": [a.id, b.id] }),
    )
    .await
    .expect(200);
    p.put(
        &format!("/api/2.0/people/{}", b.id),
        &admin,
        json!({ "firstName": "Bea" }),
    )
    .await
    .expect(200);
    let about_b = list(
        p.get(&format!("{EVENTS}?entryType=User&target={}", b.id), &admin)
            .await
            .expect(200)
            .response(),
    );
    let actions: Vec<Value> = about_b.iter().map(|e| e["actionId"].clone()).collect();
    assert_eq!(
        actions,
        [
            json!(action::USER_UPDATED),
            json!(action::USERS_UPDATED_STATUS),
            json!(action::USER_CREATED)
        ],
        "{about_b:?}"
    );
    let status = &about_b[1];
    assert_eq!(status["userId"], json!(me.id));
    assert_eq!(status["target"], json!([a.id, b.id]));
    assert_eq!(
        (
            status["actionType"].clone(),
            status["product"].clone(),
            status["location"].clone()
        ),
        (json!(2), json!(8), json!(30))
    );
    assert_eq!(status["entries"], json!([23]));
    assert_eq!(status["context"], json!("Contacts"));
    // With the action, the target is matched whole: the joined one is missed.
    let exact = p
        .get(
            &format!("{EVENTS}?action=UsersUpdatedStatus&target={}", b.id),
            &admin,
        )
        .await;
    assert!(list(exact.expect(200).response()).is_empty());
    // Paged after filtering: the second of b's events.
    let second = list(
        p.get(
            &format!("{EVENTS}?entryType=23&target={}&count=1&startIndex=1", b.id),
            &admin,
        )
        .await
        .expect(200)
        .response(),
    );
    assert_eq!(second[0]["actionId"], json!(action::USERS_UPDATED_STATUS));
    // A module without an action is the server's null reference.
    p.get(&format!("{EVENTS}?moduleType=Contacts"), &admin)
        .await
        .expect(500);
    // The deleted keep their names in the history.
    p.put(
        "/api/2.0/people/delete",
        &admin,
        json!({ "userIds": [a.id] }),
    )
    .await
    .expect(200);
    let deleted = list(
        p.get(
            &format!("{EVENTS}?entryType=23&target={}&count=1", a.id),
            &admin,
        )
        .await
        .expect(200)
        .response(),
    );
    assert_eq!(deleted[0]["actionId"], json!(action::USERS_DELETED));
    assert!(
        deleted[0]["action"]
            .as_str()
            .unwrap()
            .contains(&a.first_name),
        "{}",
        deleted[0]
    );
}

#[tokio::test]
async fn the_lifetimes_are_read_unwrapped_and_set_wrapped_within_180_days() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let path = "/api/2.0/security/audit/settings/lifetime";
    let read = p.get(path, &admin).await;
    let read = read.expect(200).response();
    assert_eq!(
        (
            read["loginHistoryLifeTime"].clone(),
            read["auditTrailLifeTime"].clone()
        ),
        (json!(180), json!(180))
    );
    p.post(
        path,
        &admin,
        json!({ "settings": { "loginHistoryLifeTime": 0, "auditTrailLifeTime": 30 } }),
    )
    .await
    .refused(400, "LoginHistoryLifeTime");
    p.post(
        path,
        &admin,
        json!({ "settings": { "loginHistoryLifeTime": 30, "auditTrailLifeTime": 181 } }),
    )
    .await
    .refused(400, "AuditTrailLifeTime");
    p.post(
        path,
        &admin,
        json!({ "settings": { "loginHistoryLifeTime": 30, "auditTrailLifeTime": 30 } }),
    )
    .await
    .expect(200);
    let oldest = {
        let portal = p.sim.portal.lock().unwrap();
        portal
            .audit
            .logins
            .iter()
            .map(|e| e.at.unix_seconds)
            .min()
            .unwrap()
    };
    assert!(
        docspace_sim::time::now().unix_seconds - oldest <= 30 * 86_400,
        "older sign-ins deleted"
    );
    let events = list(
        p.get("/api/2.0/security/audit/events/last", &admin)
            .await
            .expect(200)
            .response(),
    );
    assert_eq!(events[0]["actionId"], json!(action::AUDIT_SETTINGS_UPDATED));
}

#[tokio::test]
async fn a_plan_without_the_audit_feature_answers_the_last_20_whatever_is_asked() {
    let spec = PortalSpec {
        audit_feature: false,
        ..PortalSpec::new(120, 7)
    };
    let p = portal_with(spec, FaultSpec::default()).await;
    let admin = p.key(Role::Admin);
    let user = p.role_user(Role::User);
    let quota = p.get("/api/2.0/portal/quota", &admin).await;
    assert_eq!(quota.expect(200).response()["audit"], json!(false));
    let last = list(
        p.get("/api/2.0/security/audit/login/last", &admin)
            .await
            .expect(200)
            .response(),
    );
    let filtered = list(
        p.get(
            &format!("{LOGINS}?userId={}&startIndex=40&count=5", user.id),
            &admin,
        )
        .await
        .expect(200)
        .response(),
    );
    assert_eq!(last.len(), 20);
    assert_eq!(filtered, last, "the parameters are ignored");
    p.post(
        "/api/2.0/security/audit/settings/lifetime",
        &admin,
        json!({ "settings": { "loginHistoryLifeTime": 30, "auditTrailLifeTime": 30 } }),
    )
    .await
    .refused(402, "Your pricing plan does not support this option");
    let with = portal().await;
    let quota = with
        .get("/api/2.0/portal/quota", &with.key(Role::Owner))
        .await;
    assert_eq!(quota.expect(200).response()["audit"], json!(true));
}
