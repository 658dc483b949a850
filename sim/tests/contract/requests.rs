//! The recorded requests (`Faults::requests`, `GET /__sim/requests`): what a client really sent,
//! for tests comparing it with what the panel showed; never a credential.

use axum::body::Bytes;
use axum::http::Request;
use docspace_sim::{FaultSpec, PortalSpec, RecordedRequest, Role, REQUEST_LOG_LEN};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};

use crate::harness::{portal, portal_with, Portal};

/// The recorded requests over HTTP, as people using the binary read them.
async fn over_http(p: &Portal) -> (Value, String) {
    let answer = p.call_raw("GET", "/__sim/requests", None, None, &[]).await;
    assert_eq!(answer.status, 200, "{}", answer.raw);
    (answer.body, answer.raw)
}

/// The last recorded request with this method and target.
fn find<'a>(log: &'a [RecordedRequest], method: &str, target: &str) -> &'a RecordedRequest {
    log.iter()
        .rev()
        .find(|r| r.method == method && r.target == target)
        .unwrap_or_else(|| panic!("{method} {target} recorded, in {log:#?}"))
}

#[tokio::test]
async fn method_path_query_body_and_route_are_recorded() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let user = p.role_user(Role::User);
    let created = json!({
        "email": "recorded@example.com", "firstName": "Ré", "lastName": "Corded", "type": "User"
    });
    p.post("/api/2.0/people", &owner, created.clone())
        .await
        .expect(200);
    let statuses = json!({ "userIds": [user.id] });
    p.put(
        "/api/2.0/people/status/Terminated",
        &owner,
        statuses.clone(),
    )
    .await
    .expect(200);
    let listed = "/api/2.0/people/filter?count=5&filterValue=a%20b&sortBy=firstname";
    p.get(listed, &owner).await.expect(200);
    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    p.get("/api/2.0/nothing/here?x=1", &owner).await.expect(404);

    let log = p.sim.faults.requests();
    assert_eq!(log.len(), 5, "{log:#?}");

    let post = find(&log, "POST", "/api/2.0/people");
    assert_eq!(post.path, "/api/2.0/people");
    assert_eq!(post.query, None);
    assert_eq!(post.body, created);
    assert_eq!(post.route, "/api/2.0/people");
    assert_eq!(post.key(), "POST /api/2.0/people");

    let put = find(&log, "PUT", "/api/2.0/people/status/Terminated");
    assert_eq!(put.body, statuses);
    assert_eq!(put.route, "/api/2.0/people/status/{status}");

    let get = find(&log, "GET", listed);
    assert_eq!(get.path, "/api/2.0/people/filter");
    assert_eq!(
        get.query.as_deref(),
        Some("count=5&filterValue=a%20b&sortBy=firstname")
    );
    assert_eq!(get.body, Value::Null);
    assert_eq!(get.route, "/api/2.0/people/filter");

    let unknown = find(&log, "GET", "/api/2.0/nothing/here?x=1");
    assert_eq!(unknown.route, "(unmatched)");

    // Oldest first, in the order sent; the same keys as the counts.
    let keys: Vec<String> = log.iter().map(RecordedRequest::key).collect();
    assert_eq!(
        keys,
        [
            "POST /api/2.0/people",
            "PUT /api/2.0/people/status/{status}",
            "GET /api/2.0/people/filter",
            "GET /api/2.0/people/@self",
            "GET (unmatched)",
        ]
    );
    for key in &keys[..4] {
        assert_eq!(p.sim.faults.counts()[key], 1, "{key}");
    }

    // The same over HTTP, and `/__sim` itself is not recorded.
    let (body, _) = over_http(&p).await;
    assert_eq!(body, serde_json::to_value(&log).unwrap());
    assert_eq!(body[2]["method"], "GET");
    assert_eq!(body[2]["path"], "/api/2.0/people/filter");
    assert_eq!(
        body[2]["query"],
        "count=5&filterValue=a%20b&sortBy=firstname"
    );
    assert_eq!(body[2]["target"], listed);
    assert_eq!(body[2]["body"], Value::Null);
    assert_eq!(body[0]["query"], Value::Null);
    assert_eq!(body[1]["body"], statuses);
    assert_eq!(p.sim.faults.requests().len(), 5);
}

#[tokio::test]
async fn bodies_that_are_not_json_are_kept_as_text() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    p.call_raw(
        "POST",
        "/api/2.0/people",
        Some(&owner),
        Some("{not json"),
        &[],
    )
    .await
    .expect(400);
    p.call_raw("PUT", "/api/2.0/people/delete", Some(&owner), Some(""), &[])
        .await;
    let log = p.sim.faults.requests();
    assert_eq!(log[0].body, json!("{not json"));
    assert_eq!(log[1].body, Value::Null);
}

#[tokio::test]
async fn no_credential_is_ever_recorded() {
    let p = portal().await;
    let secret = "Bearer sk-secret";
    p.get("/api/2.0/people/@self", secret).await.expect(401);
    p.post("/api/2.0/people", secret, json!({"email": "x@example.com"}))
        .await
        .expect(401);
    p.call_raw(
        "GET",
        "/api/2.0/authentication",
        None,
        None,
        &[
            ("Authorization", secret),
            ("Cookie", "asc_auth_key=sk-secret"),
        ],
    )
    .await
    .expect(200);
    // A real key, and a login token, do not show either.
    let owner = p.key(Role::Owner);
    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    let owner_user = p.role_user(Role::Owner);
    let login = p
        .call(
            "POST",
            "/api/2.0/authentication",
            None,
            Some(json!({"userName": owner_user.email, "password": owner_user.password})),
        )
        .await;
    let token = login.expect(200).response()["token"]
        .as_str()
        .expect("a token")
        .to_string();
    p.get("/api/2.0/people/@self", &token).await.expect(200);

    let log = p.sim.faults.requests();
    assert_eq!(log.len(), 6);
    let (_, raw) = over_http(&p).await;
    for seen in [format!("{log:?}"), raw] {
        for credential in [
            "sk-secret",
            owner.trim_start_matches("Bearer "),
            token.as_str(),
            owner_user.password.as_str(),
        ] {
            assert!(
                !seen.contains(credential),
                "{credential} recorded in {seen}"
            );
        }
        assert!(!seen.to_lowercase().contains("authorization"), "{seen}");
    }
}

#[tokio::test]
async fn login_passwords_are_masked() {
    let p = portal().await;
    let owner = p.role_user(Role::Owner);
    p.call(
        "POST",
        "/api/2.0/authentication",
        None,
        Some(json!({"userName": owner.email, "password": owner.password, "session": true})),
    )
    .await
    .expect(200);
    // A refused login, with the other casing ASP.NET binds, is masked too.
    p.call(
        "POST",
        "/api/2.0/authentication",
        None,
        Some(json!({"userName": owner.email, "Password": "wrong-guess-42"})),
    )
    .await
    .expect(401);
    // So is one whose body is not even JSON.
    p.call_raw(
        "POST",
        "/api/2.0/authentication",
        None,
        Some("{\"userName\":\"a\",\"password\":\"half-sent-7\""),
        &[],
    )
    .await
    .expect(400);

    let log = p.sim.faults.requests();
    assert_eq!(
        log[0].body,
        json!({"userName": owner.email, "password": "********", "session": true})
    );
    assert_eq!(log[0].route, "/api/2.0/authentication");
    assert_eq!(
        log[1].body,
        json!({"userName": owner.email, "Password": "********"})
    );
    assert_eq!(log[2].body, json!("********"));
    let (_, raw) = over_http(&p).await;
    for password in [owner.password.as_str(), "wrong-guess-42", "half-sent-7"] {
        assert!(!raw.contains(password), "{password} recorded in {raw}");
        assert!(!format!("{log:?}").contains(password));
    }
}

#[tokio::test]
async fn reset_and_delete_forget_the_requests() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    assert_eq!(p.sim.faults.requests().len(), 1);
    let reset = p.call_raw("POST", "/__sim/reset", None, None, &[]).await;
    assert_eq!(reset.status, 204);
    assert!(p.sim.faults.requests().is_empty());
    assert_eq!(over_http(&p).await.0, json!([]));

    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    let cleared = p
        .call_raw("DELETE", "/__sim/requests", None, None, &[])
        .await;
    assert_eq!(cleared.status, 204);
    assert!(p.sim.faults.requests().is_empty());
    // Only the log: the counts stay.
    assert_eq!(p.sim.faults.counts()["GET /api/2.0/people/@self"], 1);

    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    p.sim.faults.clear_requests();
    assert!(p.sim.faults.requests().is_empty());
}

#[tokio::test]
async fn only_the_last_requests_are_kept() {
    let p = portal().await;
    let extra = 7;
    for i in 0..REQUEST_LOG_LEN + extra {
        p.call("GET", &format!("/api/2.0/authentication?i={i}"), None, None)
            .await
            .expect(200);
    }
    let log = p.sim.faults.requests();
    assert_eq!(log.len(), REQUEST_LOG_LEN);
    let expected_first = format!("i={extra}");
    let expected_last = format!("i={}", REQUEST_LOG_LEN + extra - 1);
    assert_eq!(log[0].query.as_deref(), Some(expected_first.as_str()));
    assert_eq!(
        log[REQUEST_LOG_LEN - 1].query.as_deref(),
        Some(expected_last.as_str())
    );
    assert_eq!(
        over_http(&p).await.0.as_array().map(Vec::len),
        Some(REQUEST_LOG_LEN)
    );
}

#[tokio::test]
async fn refused_requests_are_recorded_and_still_refused() {
    let p = portal_with(
        PortalSpec::new(20, 11),
        FaultSpec {
            rate_limit: Some(1),
            seed: 11,
            ..Default::default()
        },
    )
    .await;
    let owner = p.key(Role::Owner);
    p.get("/api/2.0/people/@self", &owner).await.expect(200);
    let body = json!({ "userIds": [] });
    p.put("/api/2.0/people/delete", &owner, body.clone())
        .await
        .expect(429);
    let log = p.sim.faults.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].body, body);
    assert_eq!(log[1].route, "/api/2.0/people/delete");
}

/// A body longer than the handlers read is not buffered for the log, and is still refused as
/// before (413 from the handler that reads it).
#[tokio::test]
async fn an_oversized_body_is_noted_not_recorded() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let big = format!("{{\"email\":\"{}\"}}", "a".repeat(2 * 1024 * 1024 + 10));
    let length = big.len();
    let client = Client::builder(TokioExecutor::new()).build_http();
    let request = Request::post(format!("{}/api/2.0/people", p.base))
        .header("Authorization", &owner)
        .header("Content-Type", "application/json")
        .body(Full::new(Bytes::from(big)))
        .unwrap();
    let response = client.request(request).await.expect("an answer");
    assert_eq!(response.status(), 413);
    let _ = response.into_body().collect().await;
    let log = p.sim.faults.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].body,
        json!(format!("({length} bytes, not recorded)"))
    );
}

/// A chunked body (no length declared) that turns out longer than the handlers read: refused
/// 413 as a handler's `Bytes` refuses it, and still counted and recorded, without the body.
#[tokio::test]
async fn an_overlong_chunked_body_is_refused_and_noted() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let p = portal().await;
    let owner = p.key(Role::Owner);
    let address = p.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let chunk = "a".repeat(2 * 1024 * 1024 + 10);
    let head = format!(
        "POST /api/2.0/people?x=1 HTTP/1.1\r\nHost: {address}\r\nAuthorization: {owner}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n",
        chunk.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The server may answer before it has read it all.
    let _ = stream.write_all(chunk.as_bytes()).await;
    let _ = stream.write_all(b"\r\n0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let log = p.sim.faults.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].target, "/api/2.0/people?x=1");
    assert_eq!(log[0].body, json!("(body not read: 413)"));
    assert_eq!(p.sim.faults.counts()["POST /api/2.0/people"], 1);
    let (_, raw) = over_http(&p).await;
    assert!(!raw.contains(owner.trim_start_matches("Bearer ")));
}
