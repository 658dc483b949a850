//! README §10 "Version floor" and more-endpoints §8: an older portal when asked
//! (`PortalSpec::version`), and the version as the server reports it.

use std::time::Duration;

use docspace_sim::{FaultSpec, PortalSpec, Role};
use serde_json::json;

use crate::harness::{portal, portal_with, Portal};

async fn portal_of(version: &str) -> Portal {
    let mut spec = PortalSpec::new(60, 11);
    spec.reassign_duration = Duration::from_millis(300);
    spec.version = version.parse().expect("a version");
    portal_with(spec, FaultSpec::default()).await
}

/// A login token for `role`'s seeded account.
async fn token(p: &Portal, role: Role) -> String {
    let user = p.role_user(role);
    let login = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": user.email, "password": user.password})),
        )
        .await;
    login.expect(200).response()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_build_version_is_anonymous_and_names_the_newest_release_by_default() {
    let p = portal().await;
    let anonymous = p
        .call("GET", "/api/2.0/settings/version/build", None, None)
        .await;
    assert_eq!(
        anonymous.expect(200).response(),
        &json!({"docSpace": "3.7.2"}),
        "no Docs configured, so no documentServer"
    );
    // A full-access key passes the 3.7.1 scope check; a key that signs nobody in does not.
    let with_key = p
        .get("/api/2.0/settings/version/build", &p.key(Role::Guest))
        .await;
    assert_eq!(with_key.expect(200).response()["docSpace"], "3.7.2");
    let bad_key = p
        .get("/api/2.0/settings/version/build", "Bearer sk-not-a-key")
        .await;
    assert_eq!((bad_key.status, bad_key.raw.as_str()), (403, ""));
    // A bad login token is just ignored on an anonymous action.
    p.get("/api/2.0/settings/version/build", "not-a-token")
        .await
        .expect(200);
    // An unpaid portal still answers it (`[AllowNotPayment]`).
    p.sim.portal.lock().unwrap().set_unpaid(true);
    p.get("/api/2.0/settings/version/build", &p.key(Role::Owner))
        .await
        .expect(200);
}

#[tokio::test]
async fn before_3_7_1_a_bad_key_is_ignored_there() {
    let p = portal_of("3.6.1").await;
    let answer = p
        .get("/api/2.0/settings/version/build", "Bearer sk-not-a-key")
        .await;
    assert_eq!(answer.expect(200).response(), &json!({"docSpace": "3.6.1"}));
}

#[tokio::test]
async fn a_3_0_portal_has_no_api_keys_and_no_3_1_routes() {
    let p = portal_of("3.0").await;
    let build = p
        .call("GET", "/api/2.0/settings/version/build", None, None)
        .await;
    assert_eq!(
        build.expect(200).response(),
        &json!({"docSpace": "3.0", "communityServer": "12.0.0"})
    );
    // `Bearer sk-…` goes to the cookie handler: a 401, for every role's key.
    for role in Role::ALL {
        p.get("/api/2.0/people/@self", &p.key(role))
            .await
            .expect(401);
    }
    let owner = token(&p, Role::Owner).await;
    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    p.get("/api/2.0/people/filter?count=5", &owner)
        .await
        .expect(200);

    let someone = p.role_user(Role::User);
    // No such routes: as the route table answers them.
    let necessary = p
        .get(
            &format!(
                "/api/2.0/people/reassign/necessary?userId={}&type=User",
                someone.id
            ),
            &owner,
        )
        .await;
    assert_eq!((necessary.status, necessary.raw.as_str()), (404, ""));
    let progress = p
        .get(
            &format!("/api/2.0/people/type/progress/{}", someone.id),
            &owner,
        )
        .await;
    assert_eq!((progress.status, progress.raw.as_str()), (404, ""));
    // `people/type` is `people/{userid}`, which has no POST.
    let start = p
        .post(
            "/api/2.0/people/type",
            &owner,
            json!({"type": "Guest", "userId": someone.id}),
        )
        .await;
    assert_eq!((start.status, start.raw.as_str()), (405, ""));
    // `people/type/terminate` is `people/type/{type}` with a type that does not parse.
    let terminate = p
        .put(
            "/api/2.0/people/type/terminate",
            &owner,
            json!({"userId": someone.id}),
        )
        .await;
    terminate.expect(400);
    assert_eq!(terminate.validation_fields(), ["type"]);
    // What 3.0 has still works: reassignment.
    p.put(
        "/api/2.0/people/reassign/terminate",
        &owner,
        json!({"userId": someone.id}),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn the_3_1_routes_and_keys_are_there_from_3_1() {
    let p = portal_of("3.1.0").await;
    let admin = p.key(Role::Admin);
    let someone = p.role_user(Role::User);
    p.get("/api/2.0/people/@self", &admin).await.expect(200);
    p.get(
        &format!(
            "/api/2.0/people/reassign/necessary?userId={}&type=User",
            someone.id
        ),
        &admin,
    )
    .await
    .expect(200);
    p.get(
        &format!("/api/2.0/people/type/progress/{}", someone.id),
        &admin,
    )
    .await
    .expect(200);
}
