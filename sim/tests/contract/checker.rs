//! The request checker (`Faults::check_requests`, `Faults::request_violations`): a test's check
//! sees every API request as it is recorded, and what it finds is kept, all of it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use docspace_sim::{RecordedRequest, RequestViolation, Role, REQUEST_LOG_LEN};
use serde_json::json;

use crate::harness::portal;
use crate::openapi::Specs;

#[tokio::test]
async fn the_checker_sees_every_request_and_every_violation_is_kept() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    p.sim
        .faults
        .check_requests(Arc::new(move |r: &RecordedRequest| {
            log.lock().unwrap().push(r.target.clone());
            if r.query.as_deref().is_some_and(|q| q.contains("odd")) {
                vec![format!("odd request {}", r.key())]
            } else {
                Vec::new()
            }
        }));

    // More requests than the log keeps, every other one "odd".
    let n = REQUEST_LOG_LEN + 50;
    for i in 0..n {
        let mark = if i % 2 == 1 { "odd" } else { "even" };
        p.get(
            &format!("/api/2.0/people/filter?count=1&{mark}={i}"),
            &owner,
        )
        .await
        .expect(200);
    }
    // Refused, unmatched, without credentials, and during an outage: all shown too.
    p.call_raw("POST", "/api/2.0/people", Some(&owner), Some("{x"), &[])
        .await
        .expect(400);
    p.get("/api/2.0/nowhere?odd=u", &owner).await.expect(404);
    p.call("GET", "/api/2.0/people/@self?odd=a", None, None)
        .await
        .expect(401);
    p.sim.faults.outage(Duration::from_secs(5));
    p.get("/api/2.0/people/@self?odd=o", &owner)
        .await
        .expect(503);
    p.sim.faults.outage(Duration::ZERO);
    // The simulator's own routes are not API requests.
    p.call_raw("GET", "/__sim/stats?odd=s", None, None, &[])
        .await;

    let targets = seen.lock().unwrap().clone();
    assert_eq!(targets.len(), n + 4, "{targets:#?}");
    assert_eq!(targets[0], "/api/2.0/people/filter?count=1&even=0");
    assert_eq!(
        &targets[n..],
        [
            "/api/2.0/people",
            "/api/2.0/nowhere?odd=u",
            "/api/2.0/people/@self?odd=a",
            "/api/2.0/people/@self?odd=o",
        ]
    );
    assert_eq!(p.sim.faults.requests().len(), REQUEST_LOG_LEN);

    // Every violation, the first ones included although the log dropped their requests.
    let violations = p.sim.faults.request_violations();
    assert_eq!(violations.len(), n / 2 + 3);
    assert_eq!(
        violations[0].to_string(),
        "GET /api/2.0/people/filter?count=1&odd=1: odd request GET /api/2.0/people/filter"
    );
    assert_eq!(
        violations[0].request.query.as_deref(),
        Some("count=1&odd=1")
    );
    assert_eq!(
        violations.last().map(ToString::to_string).as_deref(),
        Some("GET /api/2.0/people/@self?odd=o: odd request GET /api/2.0/people/@self")
    );
    assert_eq!(violations[n / 2].request.route, "(unmatched)");

    // Neither a reset nor forgetting the requests forgets them.
    p.call_raw("POST", "/__sim/reset", None, None, &[]).await;
    p.sim.faults.clear_requests();
    assert_eq!(p.sim.faults.request_violations(), violations);
    assert!(p.sim.faults.requests().is_empty());
}

#[tokio::test]
async fn the_spec_checker_reports_what_the_spec_does_not_allow() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let specs = Arc::new(Specs::load());
    p.sim
        .faults
        .check_requests(Arc::new(move |r: &RecordedRequest| {
            specs.check_request(&r.method, &r.path, &r.route, r.query.as_deref(), &r.body)
        }));
    let user = p.role_user(Role::User);

    // As the spec spells them: nothing to report.
    p.get("/api/2.0/people/filter?count=5&sortOrder=Ascending", &owner)
        .await
        .expect(200);
    p.put(
        "/api/2.0/people/status/2",
        &owner,
        json!({ "userIds": [user.id] }),
    )
    .await
    .expect(200);
    p.call("GET", "/api/2.0/settings/version/build", None, None)
        .await
        .expect(200);
    assert_eq!(p.sim.faults.request_violations(), []);

    // The portal binds these all the same (the simulator as it does); the spec does not allow
    // them.
    p.get("/api/2.0/people/filter?count=5&sortOrder=ascending", &owner)
        .await
        .expect(200);
    p.post(
        "/api/2.0/people/reassign/start",
        &owner,
        json!({ "fromUserId": user.id }),
    )
    .await;
    let violations: Vec<String> = p
        .sim
        .faults
        .request_violations()
        .iter()
        .map(RequestViolation::to_string)
        .collect();
    assert_eq!(
        violations,
        [
            "GET /api/2.0/people/filter?count=5&sortOrder=ascending: query sortOrder=ascending: \
             \"ascending\" is not one of Ascending, Descending, 0, 1 (the spec's SortOrder)",
            "POST /api/2.0/people/reassign/start: body: missing required property \"toUserId\"",
        ]
    );
    assert_eq!(
        p.sim.faults.request_violations()[1].request.body,
        json!({ "fromUserId": user.id })
    );
}
