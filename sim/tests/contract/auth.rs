//! Reference §1 and checklist item 1: keys, tokens, and what stops them working.

use docspace_sim::Role;
use serde_json::json;

use crate::harness::portal;

#[tokio::test]
async fn missing_or_bad_credentials_get_an_empty_401() {
    let p = portal().await;
    p.call("GET", "/api/2.0/people/@self", None, None)
        .await
        .expect(401);
    p.get("/api/2.0/people/@self", "Bearer sk-not-a-key")
        .await
        .expect(401);
    p.get("/api/2.0/people/@self", "not-a-token")
        .await
        .expect(401);
    // An API key works only as a Bearer key.
    let key = p.key(Role::Owner);
    p.get("/api/2.0/people/@self", key.trim_start_matches("Bearer "))
        .await
        .expect(401);
    p.get("/api/2.0/people/filter", "Bearer ").await.expect(401);
}

#[tokio::test]
async fn every_role_has_a_working_key() {
    let p = portal().await;
    for role in Role::ALL {
        let me = p.get("/api/2.0/people/@self", &p.key(role)).await;
        me.expect(200);
        assert_eq!(
            me.response()["id"],
            p.role_user(role).id.as_str(),
            "{role:?}"
        );
        assert_eq!(me.response()["theme"], "System");
    }
    let owner = p.get("/api/2.0/people/@self", &p.key(Role::Owner)).await;
    assert_eq!(
        (
            owner.response()["isOwner"].as_bool(),
            owner.response()["isAdmin"].as_bool()
        ),
        (Some(true), Some(false))
    );
    let admin = p.get("/api/2.0/people/@self", &p.key(Role::Admin)).await;
    assert_eq!(admin.response()["isAdmin"], true);
}

#[tokio::test]
async fn login_gives_a_token_that_works_raw_or_as_bearer_until_logout() {
    let p = portal().await;
    let owner = p.role_user(Role::Owner);
    let login = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": owner.email, "password": owner.password})),
        )
        .await;
    login.expect(200);
    let token = login.response()["token"]
        .as_str()
        .expect("a token")
        .to_string();
    assert!(login.response()["expires"]
        .as_str()
        .is_some_and(|e| e.ends_with("+00:00")));
    assert_eq!(login.response()["tfa"], false);
    p.get("/api/2.0/people/@self", &token).await.expect(200);
    p.get("/api/2.0/people/@self", &format!("Bearer {token}"))
        .await
        .expect(200);

    let probe = p
        .call("GET", "/api/2.0/authentication", Some(&token), None)
        .await;
    assert_eq!(probe.expect(200).response(), &json!(true));
    let anonymous = p.call("GET", "/api/2.0/authentication", None, None).await;
    assert_eq!(anonymous.expect(200).response(), &json!(false));

    p.call("POST", "/api/2.0/authentication/logout", Some(&token), None)
        .await
        .expect(200);
    p.get("/api/2.0/people/@self", &token).await.expect(401);
    let probe = p
        .call("GET", "/api/2.0/authentication", Some(&token), None)
        .await;
    assert_eq!(probe.response(), &json!(false));
}

#[tokio::test]
async fn login_refusals() {
    let p = portal().await;
    let owner = p.role_user(Role::Owner);
    let wrong = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": owner.email, "password": "wrong"})),
        )
        .await;
    wrong.refused(401, "User authentication failed");
    // An unknown email is the same failure, not a 404.
    let unknown = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": "nobody@example.com", "password": "x"})),
        )
        .await;
    unknown.refused(401, "User authentication failed");
}

#[tokio::test]
async fn terminating_a_user_ends_their_keys_and_sessions_and_login() {
    let p = portal().await;
    let user = p.role_user(Role::User);
    let key = p.key(Role::User);
    let login = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": user.email, "password": user.password})),
        )
        .await;
    let token = login.expect(200).response()["token"]
        .as_str()
        .unwrap()
        .to_string();
    p.get("/api/2.0/people/@self", &token).await.expect(200);

    p.terminate(&[&user.id]).await;

    p.get("/api/2.0/people/@self", &key).await.expect(401);
    p.get("/api/2.0/people/@self", &token).await.expect(401);
    let again = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": user.email, "password": user.password})),
        )
        .await;
    again.refused(403, "User disabled");
}

#[tokio::test]
async fn a_pending_users_key_does_not_work() {
    let p = portal().await;
    let key = p.key(Role::Guest);
    let guest = p.role_user(Role::Guest);
    p.sim
        .portal
        .lock()
        .unwrap()
        .user_mut(&guest.id)
        .unwrap()
        .status = docspace_sim::model::EmployeeStatus::Pending;
    p.get("/api/2.0/people/@self", &key).await.expect(401);
}

#[tokio::test]
async fn five_failed_logins_block_the_next_for_a_minute() {
    let p = portal().await;
    let owner = p.role_user(Role::Owner);
    for _ in 0..5 {
        p.call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": owner.email, "password": "guess"})),
        )
        .await
        .refused(401, "User authentication failed");
    }
    // Even the right password is refused while the block lasts.
    p.call(
        "POST",
        "/api/2.0/authentication",
        None,
        Some(json!({"userName": owner.email, "password": owner.password})),
    )
    .await
    .refused(403, "Too many login attempts. Please try again later");
    // Other accounts are not blocked.
    let admin = p.role_user(Role::Admin);
    p.call(
        "POST",
        "/api/2.0/authentication",
        None,
        Some(json!({"userName": admin.email, "password": admin.password})),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn a_session_login_has_no_expiry() {
    let p = portal().await;
    let owner = p.role_user(Role::Owner);
    let login = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": owner.email, "password": owner.password, "session": true})),
        )
        .await;
    assert_eq!(
        login.expect(200).response()["expires"],
        "0001-01-01T00:00:00"
    );
}

/// Issue 16: `CookieAuthHandler` reads the portal's `asc_auth_key` cookie before the
/// `Authorization` header, so on the portal's own origin a browser's portal session wins over
/// a login token; `Bearer sk-…` goes to the API key handler and is not affected.
#[tokio::test]
async fn the_portal_cookie_wins_over_a_login_token_but_not_over_an_api_key() {
    let p = portal().await;
    let (owner, other) = (p.role_user(Role::Owner), p.role_user(Role::User));
    let (owners_token, others_token) = {
        let mut portal = p.sim.portal.lock().unwrap();
        (portal.issue_token(&owner.id), portal.issue_token(&other.id))
    };
    let cookie = format!("theme=dark; asc_auth_key={others_token}");
    let as_token = p
        .call_raw(
            "GET",
            "/api/2.0/people/@self",
            Some(&owners_token),
            None,
            &[("Cookie", &cookie)],
        )
        .await;
    assert_eq!(
        as_token.expect(200).response()["id"],
        other.id.as_str(),
        "the cookie's user, not the token's"
    );
    let as_key = p
        .call_raw(
            "GET",
            "/api/2.0/people/@self",
            Some(&p.key(Role::Owner)),
            None,
            &[("Cookie", &cookie)],
        )
        .await;
    assert_eq!(as_key.expect(200).response()["id"], owner.id.as_str());
    // A stale cookie is still read first: the token does not rescue it.
    p.call_raw(
        "GET",
        "/api/2.0/people/@self",
        Some(&owners_token),
        None,
        &[("Cookie", "asc_auth_key=expired")],
    )
    .await
    .expect(401);
}
