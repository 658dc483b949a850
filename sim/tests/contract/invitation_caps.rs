//! The caps on invitation emails (`more-endpoints.md` 2.5): the invitation limit, counted down
//! by new invitees, reported as `invitationLimit` in `GET /settings` and met with a 400 in model
//! validation; the "EmailInvitationApi" throttle, a 429 with Retry-After for a request that
//! would pass the day's permits.

use std::time::Duration;

use docspace_sim::invitation_caps::{InvitationCaps, NO_LIMIT};
use docspace_sim::{PortalSpec, Role};
use serde_json::{json, Value};

use crate::harness::{portal, portal_with, Portal};

async fn with_caps(caps: InvitationCaps) -> Portal {
    portal_with(
        PortalSpec {
            invitation_caps: caps,
            ..PortalSpec::new(30, 5)
        },
        Default::default(),
    )
    .await
}

fn invitations(emails: &[&str]) -> Value {
    json!({ "invitations": emails.iter().map(|e| json!({ "email": e, "type": "User" })).collect::<Vec<_>>() })
}

async fn left(p: &Portal, key: &str) -> Value {
    p.get("/api/2.0/settings", key).await.expect(200).response()["invitationLimit"].clone()
}

#[tokio::test]
async fn the_invitation_limit_counts_new_invitees_and_refuses_a_request_for_more() {
    let p = with_caps(InvitationCaps {
        limit: Some((3, Duration::from_secs(3600))),
        per_day: None,
    })
    .await;
    let owner = p.key(Role::Owner);
    assert_eq!(left(&p, &owner).await, json!(3));
    let existing = p.role_user(Role::User).email;
    p.post(
        "/api/2.0/people/invite",
        &owner,
        invitations(&["a@example.com", &existing]),
    )
    .await
    .expect(200);
    // One email sent: the existing person's uses nothing.
    assert_eq!(left(&p, &owner).await, json!(2));
    // Three asked for, two left: refused as model validation, nobody invited.
    let answer = p
        .post(
            "/api/2.0/people/invite",
            &owner,
            invitations(&["b@example.com", "c@example.com", &existing]),
        )
        .await;
    answer.expect(400);
    assert_eq!(
        answer.response()["errors"]["Invitations"],
        json!(["Invitation limit is exceeded"]),
        "{}",
        answer.raw
    );
    assert!(p
        .sim
        .portal
        .lock()
        .unwrap()
        .user_by_email("b@example.com")
        .is_none());
    p.post(
        "/api/2.0/people/invite",
        &owner,
        invitations(&["b@example.com", "c@example.com"]),
    )
    .await
    .expect(200);
    assert_eq!(left(&p, &owner).await, json!(0));
    // An anonymous caller is not told.
    let anonymous = p.call("GET", "/api/2.0/settings", None, None).await;
    anonymous.expect(200);
    assert!(
        anonymous.response().get("invitationLimit").is_none(),
        "{}",
        anonymous.raw
    );
}

#[tokio::test]
async fn without_a_limit_the_portal_says_int_max() {
    let p = portal().await;
    assert_eq!(left(&p, &p.key(Role::Admin)).await, json!(NO_LIMIT));
}

#[tokio::test]
async fn the_daily_throttle_refuses_a_request_past_its_permits_with_retry_after() {
    let p = with_caps(InvitationCaps {
        limit: None,
        per_day: Some(3),
    })
    .await;
    let owner = p.key(Role::Owner);
    p.post(
        "/api/2.0/people/invite",
        &owner,
        invitations(&["a@example.com", "b@example.com"]),
    )
    .await
    .expect(200);
    let refused = p
        .post(
            "/api/2.0/people/invite",
            &owner,
            invitations(&["c@example.com", "d@example.com"]),
        )
        .await;
    refused.expect(429);
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((86_000..=86_400).contains(&wait), "about a day: {wait}");
    assert!(p
        .sim
        .portal
        .lock()
        .unwrap()
        .user_by_email("c@example.com")
        .is_none());
    // What is left of the day's permits still goes.
    p.post(
        "/api/2.0/people/invite",
        &owner,
        invitations(&["c@example.com"]),
    )
    .await
    .expect(200);
}
