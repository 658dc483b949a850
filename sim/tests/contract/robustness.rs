//! Bad requests get the portal's 400, never a 500 or a panic; CORS as a self-hosted portal.

use docspace_sim::Role;

use crate::harness::portal;

#[tokio::test]
async fn malformed_guids_unknown_enums_wrong_types_and_empty_bodies() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let cases: Vec<(&str, &str, Option<&str>)> = vec![
        (
            "PUT",
            "/api/2.0/people/status/2",
            Some(r#"{"userIds": ["not-a-guid"]}"#),
        ),
        (
            "PUT",
            "/api/2.0/people/status/Gone",
            Some(r#"{"userIds": []}"#),
        ),
        (
            "PUT",
            "/api/2.0/people/type/Collaborator",
            Some(r#"{"userIds": []}"#),
        ),
        ("PUT", "/api/2.0/people/type/1", Some(r#"{"userIds": "x"}"#)),
        ("PUT", "/api/2.0/people/delete", Some("")),
        ("PUT", "/api/2.0/people/delete", Some("{not json")),
        ("POST", "/api/2.0/people", Some(r#"{"email": 5}"#)),
        (
            "POST",
            "/api/2.0/people",
            Some(r#"{"email": "a@b.co", "type": "Boss"}"#),
        ),
        ("POST", "/api/2.0/people/invite", Some("{}")),
        (
            "POST",
            "/api/2.0/people/invite",
            Some(r#"{"invitations": [{"email": "a@b.co", "type": 9}]}"#),
        ),
        ("GET", "/api/2.0/people/reassign/progress/123", None),
        (
            "GET",
            "/api/2.0/people/filter?employeeStatus=Sleeping",
            None,
        ),
        ("GET", "/api/2.0/people/filter?employeeType=Boss", None),
        ("GET", "/api/2.0/people/filter?sortOrder=sideways", None),
        ("GET", "/api/2.0/people/filter?startIndex=x", None),
        ("GET", "/api/2.0/people/filter?isAdministrator=maybe", None),
        (
            "POST",
            "/api/2.0/people/reassign/start",
            Some(r#"{"fromUserId": "x", "toUserId": "y"}"#),
        ),
        ("PUT", "/api/2.0/people/reassign/terminate", Some("[]")),
        ("POST", "/api/2.0/authentication", Some("")),
    ];
    for (method, path, body) in cases {
        let auth = (!path.ends_with("/authentication")).then_some(owner.as_str());
        let answer = p.call_raw(method, path, auth, body, &[]).await;
        assert_eq!(
            answer.status, 400,
            "{method} {path} {body:?}: {}",
            answer.raw
        );
    }
}

#[tokio::test]
async fn preflight_needs_no_auth_and_answers_allow_any_origin() {
    let p = portal().await;
    let preflight = p
        .call_raw(
            "OPTIONS",
            "/api/2.0/people/filter",
            None,
            None,
            &[
                ("Origin", "https://admin.example.com"),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "authorization"),
            ],
        )
        .await;
    assert!(preflight.status < 300, "{}", preflight.status);
    assert_eq!(preflight.headers["access-control-allow-origin"], "*");
    // ASP.NET's AllowAnyHeader and AllowAnyMethod echo what the preflight asks for (reference
    // §10, "CORS"), rather than a `*`.
    assert_eq!(
        preflight.headers["access-control-allow-headers"],
        "authorization"
    );
    assert_eq!(preflight.headers["access-control-allow-methods"], "GET");
    let answer = p
        .call_raw(
            "GET",
            "/api/2.0/people/@self",
            Some(&owner_key(&p)),
            None,
            &[("Origin", "https://admin.example.com")],
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.headers["access-control-allow-origin"], "*");
    // Nothing is exposed: a page on another origin cannot read `Retry-After`.
    assert!(
        answer
            .headers
            .get("access-control-expose-headers")
            .is_none(),
        "{:?}",
        answer.headers
    );
    assert!(
        answer
            .headers
            .get("access-control-allow-credentials")
            .is_none(),
        "no credentials with *"
    );
    let refused = p
        .call_raw(
            "GET",
            "/api/2.0/people/@self",
            None,
            None,
            &[("Origin", "https://x.example")],
        )
        .await;
    refused.expect(401);
    assert_eq!(
        refused.headers["access-control-allow-origin"], "*",
        "errors are readable cross-origin too"
    );
}

fn owner_key(p: &crate::harness::Portal) -> String {
    p.key(Role::Owner)
}

#[tokio::test]
async fn unknown_api_paths_are_a_bare_404() {
    let p = portal().await;
    let answer = p
        .call_raw(
            "GET",
            "/api/2.0/nothing/here",
            Some(&owner_key(&p)),
            None,
            &[],
        )
        .await;
    assert_eq!((answer.status, answer.raw.as_str()), (404, ""));
}
