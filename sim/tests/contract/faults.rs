//! `--latency-ms`, `--fault-rate`, `--rate-limit`, and `/__sim` (issue: faults for tests and
//! benchmarks). Everything is drawn from the seeded RNG, so runs repeat.

use std::time::{Duration, Instant};

use docspace_sim::{FaultSpec, PortalSpec, Role};

use crate::harness::portal_with;

fn faults(spec: FaultSpec) -> FaultSpec {
    FaultSpec { seed: 11, ..spec }
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let p = portal_with(
        PortalSpec::new(20, 11),
        faults(FaultSpec {
            rate_limit: Some(5),
            ..Default::default()
        }),
    )
    .await;
    let key = p.key(Role::Owner);
    for _ in 0..5 {
        p.get("/api/2.0/people/@self", &key).await.expect(200);
    }
    let limited = p.get("/api/2.0/people/@self", &key).await;
    limited.expect(429);
    let retry: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
}

#[tokio::test]
async fn fault_rate_fails_that_share_of_requests_reproducibly() {
    let run = || async {
        let p = portal_with(
            PortalSpec::new(20, 11),
            faults(FaultSpec {
                fault_rate: 0.3,
                ..Default::default()
            }),
        )
        .await;
        let key = p.key(Role::Owner);
        let mut statuses = Vec::new();
        for _ in 0..200 {
            statuses.push(p.get("/api/2.0/people/@self", &key).await.status);
        }
        statuses
    };
    let first = run().await;
    let failed = first.iter().filter(|s| **s != 200).count();
    assert!(
        (30..=90).contains(&failed),
        "about 30% of 200 failed: {failed}"
    );
    for code in [500, 502, 503] {
        assert!(first.contains(&code), "{code} among the faults");
    }
    assert_eq!(first, run().await, "the same seed fails the same requests");
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let p = portal_with(
        PortalSpec::new(20, 11),
        faults(FaultSpec {
            latency_ms: 120,
            jitter_ms: 30,
            ..Default::default()
        }),
    )
    .await;
    let key = p.key(Role::Owner);
    let started = Instant::now();
    for _ in 0..3 {
        p.get("/api/2.0/people/@self", &key).await.expect(200);
    }
    assert!(
        started.elapsed() >= Duration::from_millis(360),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn stats_count_by_route_template_and_reset_restores_the_seed() {
    let p = portal_with(PortalSpec::new(20, 11), FaultSpec::default()).await;
    let key = p.key(Role::Owner);
    let user = p.role_user(Role::User);
    p.get("/api/2.0/people/filter?count=5", &key)
        .await
        .expect(200);
    p.get("/api/2.0/people/filter?count=6", &key)
        .await
        .expect(200);
    p.get(&format!("/api/2.0/people/{}", user.id), &key)
        .await
        .expect(200);
    p.terminate(&[&user.id]).await;
    let stats = p.call_raw("GET", "/__sim/stats", None, None, &[]).await;
    assert_eq!(stats.status, 200);
    assert_eq!(stats.body["requests"]["GET /api/2.0/people/filter"], 2);
    assert_eq!(stats.body["requests"]["GET /api/2.0/people/{userid}"], 1);
    assert_eq!(
        stats.body["requests"]["PUT /api/2.0/people/status/{status}"],
        1
    );
    assert_eq!(stats.body["total"], 4);

    let reset = p.call_raw("POST", "/__sim/reset", None, None, &[]).await;
    assert_eq!(reset.status, 204);
    assert_eq!(
        p.user(&user.id).unwrap().status,
        docspace_sim::model::EmployeeStatus::Active
    );
    let stats = p.call_raw("GET", "/__sim/stats", None, None, &[]).await;
    assert_eq!(stats.body["total"], 0);
}

#[tokio::test]
async fn an_outage_answers_503_for_a_while_and_keeps_the_portal() {
    let p = portal_with(PortalSpec::new(20, 11), FaultSpec::default()).await;
    let key = p.key(Role::Owner);
    assert_eq!(
        p.call_raw("POST", "/__sim/outage?seconds=forever", None, None, &[])
            .await
            .status,
        400
    );
    assert_eq!(
        p.call_raw("POST", "/__sim/outage?seconds=0.4", None, None, &[])
            .await
            .status,
        204
    );
    p.get("/api/2.0/people/@self", &key).await.expect(503);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if p.get("/api/2.0/people/@self", &key).await.status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the portal came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_outage_can_answer_500_with_the_portal_s_envelope() {
    let p = portal_with(PortalSpec::new(20, 11), FaultSpec::default()).await;
    let key = p.key(Role::Owner);
    for bad in ["seconds=1&status=404", "seconds=1&status=x", "status=500"] {
        assert_eq!(
            p.call_raw("POST", &format!("/__sim/outage?{bad}"), None, None, &[])
                .await
                .status,
            400,
            "{bad}"
        );
    }
    assert_eq!(
        p.call_raw(
            "POST",
            "/__sim/outage?seconds=30&status=500",
            None,
            None,
            &[]
        )
        .await
        .status,
        204
    );
    let failed = p.get("/api/2.0/people/@self", &key).await;
    failed.expect(500);
    assert_eq!(
        failed.body["error"]["message"],
        "Internal server error (simulated fault)"
    );
    // A reset ends it.
    p.call_raw("POST", "/__sim/reset", None, None, &[]).await;
    p.get("/api/2.0/people/@self", &key).await.expect(200);
}

#[tokio::test]
async fn the_rate_window_can_be_shorter_than_a_minute() {
    let p = portal_with(
        PortalSpec::new(20, 11),
        faults(FaultSpec {
            rate_limit: Some(2),
            rate_window: Some(Duration::from_secs(1)),
            ..Default::default()
        }),
    )
    .await;
    let key = p.key(Role::Owner);
    for _ in 0..2 {
        p.get("/api/2.0/people/@self", &key).await.expect(200);
    }
    let limited = p.get("/api/2.0/people/@self", &key).await;
    limited.expect(429);
    assert_eq!(limited.headers["retry-after"], "1");
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        if p.get("/api/2.0/people/@self", &key).await.status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the window moved on");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
