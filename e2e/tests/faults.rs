//! Offboarding through a failing portal: random 500/502/503s, a rate limit, a portal that fails
//! every request for a while, one that goes dark, reloads mid-run and a key revoked mid-run.
//! Whatever happens, nobody outside the plan changes, nobody planned is silently skipped, and
//! the receipt says, person by person, what the portal's state is.

use std::time::{Duration, Instant};

use docspace_e2e::offboarding::*;
use docspace_e2e::{
    field, find, find_within, journey, journey_within, keep_downloads, screenshot,
    sign_in_with_key, until_count, until_within, Sim,
};
use docspace_sim::query::PeopleFilter;
use docspace_sim::{FaultSpec, Role};
use fantoccini::Locator;

/// Every answer 150 ms late, so that a run lasts long enough to be interrupted.
fn slow() -> FaultSpec {
    FaultSpec {
        latency_ms: 150,
        ..FaultSpec::default()
    }
}

fn faulty() -> FaultSpec {
    FaultSpec {
        latency_ms: 5,
        jitter_ms: 20,
        fault_rate: 0.1,
        rate_limit: Some(8),
        rate_window: Some(Duration::from_secs(2)),
        seed: 7,
        ..FaultSpec::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offboarding_500_through_faults_and_a_rate_limit_ends_with_a_true_receipt() {
    let sim = Sim::start_with(700, faulty()).await;
    let plan = mark_leavers(&sim.portal, 500);
    let before = snapshot(&sim.portal);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey_within(
        "faults-500",
        Duration::from_secs(400),
        move |c| async move {
            review_all_leavers(&c, &base, &key, 500).await;
            keep_downloads(&c).await;
            // Under a rate limit of 8 requests per 2 s a sign-out per person would only make
            // this journey about the batches wait (the sign-out has journeys of its own).
            leave_sign_out_to_the_disable(&c).await;
            click(&c, "Disable 500 people").await;
            find_within(&c, "//label[@for='confirm-count']", Duration::from_secs(90)).await;
            // As the deletion starts, the portal fails every request for a while: the first
            // batches are given up on, with the portal's reason, and the run goes on.
            faults.outage_with(
                Duration::from_secs(6),
                docspace_sim::StatusCode::INTERNAL_SERVER_ERROR,
            );
            assert_eq!(confirm_delete(&c).await, 500);
            let failed = finished(&c).await;
            assert!(failed >= 100, "at least the first batch failed: {failed}");
            screenshot(&c, "faults-not-done").await;
            let (first, csv) = receipt(&c).await;
            assert_eq!(
                assert_receipt_matches_portal(&first, &csv, &portal, &plan),
                failed
            );
            assert!(
                csv.contains("Internal server error (simulated fault)"),
                "the portal's reason"
            );
            assert_nobody_else_changed(&before, &portal, &plan);

            // "Try again" until nobody is left (random faults may fail a batch again).
            let mut left = failed;
            for _ in 0..4 {
                if left == 0 {
                    break;
                }
                click(&c, &format!("Try the {left} not done again")).await;
                confirm_delete(&c).await;
                left = finished(&c).await;
            }
            assert_eq!(left, 0, "everyone is deleted in the end");
            let (last, csv) = receipt(&c).await;
            assert_eq!(
                assert_receipt_matches_portal(&last, &csv, &portal, &plan),
                0
            );
            assert_nobody_else_changed(&before, &portal, &plan);

            // The receipt lists every request the run sent, the failed ones too.
            let counts = faults.counts();
            let terminates = receipt_requests(&last, "PUT", "/people/status/");
            let deletes = receipt_requests(&last, "PUT", "/people/delete");
            assert_eq!(terminates.len() as u64, counts[TERMINATE]);
            assert_eq!(deletes.len() as u64, counts[DELETE]);
            let all: Vec<Option<u64>> = terminates.into_iter().chain(deletes).collect();
            assert!(all.contains(&Some(429)), "the rate limit was met: {all:?}");
            assert!(
                all.iter().filter(|s| matches!(s, Some(500..=504))).count() >= 3,
                "faults were met: {all:?}"
            );
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloading_twice_mid_run_resumes_and_sends_nothing_twice() {
    let sim = Sim::start_with(
        700,
        FaultSpec {
            latency_ms: 120,
            ..faulty()
        },
    )
    .await;
    let plan = mark_leavers(&sim.portal, 500);
    let before = snapshot(&sim.portal);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey_within(
        "faults-reload",
        Duration::from_secs(400),
        move |c| async move {
            // Reload points drawn at random (E2E_SEED repeats a run): after 100 to 400 people
            // are disabled, and after 100 to 400 are deleted.
            let seed = std::env::var("E2E_SEED")
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or_else(|| {
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.subsec_nanos() as u64)
                        .unwrap_or(1)
                });
            let (at_disabled, at_deleted) = (100 * (1 + seed % 4), 100 * (1 + (seed / 4) % 4));
            eprintln!(
                "reloads after {at_disabled} disabled and {at_deleted} deleted (E2E_SEED={seed})"
            );
            review_all_leavers(&c, &base, &key, 500).await;
            leave_sign_out_to_the_disable(&c).await;
            click(&c, "Disable 500 people").await;
            until_progress(&c, "some disabled", move |(disabled, _)| {
                disabled as u64 >= at_disabled
            })
            .await;
            resume(&c).await;
            confirm_delete(&c).await;
            until_progress(&c, "some deleted", move |(_, deleted)| {
                deleted as u64 >= at_deleted
            })
            .await;
            resume(&c).await;
            let mut left = finished(&c).await;
            for _ in 0..4 {
                if left == 0 {
                    break;
                }
                click(&c, &format!("Try the {left} not done again")).await;
                confirm_delete(&c).await;
                left = finished(&c).await;
            }
            assert_eq!(left, 0);
            keep_downloads(&c).await;
            let (receipt, csv) = receipt(&c).await;
            assert_eq!(
                assert_receipt_matches_portal(&receipt, &csv, &portal, &plan),
                0
            );
            assert_nobody_else_changed(&before, &portal, &plan);
            // Only a request in flight at a reload can be missing from the receipt (its answer
            // never came back), and it is the only one sent again.
            let counts = faults.counts();
            let terminates = receipt_requests(&receipt, "PUT", "/people/status/").len() as u64;
            let deletes = receipt_requests(&receipt, "PUT", "/people/delete").len() as u64;
            let unrecorded = (counts[TERMINATE] - terminates) + (counts[DELETE] - deletes);
            assert!(
                unrecorded <= 2,
                "{unrecorded} requests sent but not in the receipt"
            );
            // Each batch of 100 succeeded exactly once in the receipt's eyes.
            let ok = |path: &str| {
                receipt_requests(&receipt, "PUT", path)
                    .iter()
                    .filter(|s| **s == Some(200))
                    .count()
            };
            assert!(
                ok("/people/status/") <= 5,
                "disabled once each: {}",
                ok("/people/status/")
            );
            assert!(
                ok("/people/delete") <= 5 + 2,
                "deleted once each: {}",
                ok("/people/delete")
            );
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_going_dark_mid_run_is_waited_for_and_the_run_resumes_by_itself() {
    let sim = Sim::start_with(400, slow()).await;
    let plan = mark_leavers(&sim.portal, 300);
    let before = snapshot(&sim.portal);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey_within("faults-outage", Duration::from_secs(200), move |c| async move {
        review_all_leavers(&c, &base, &key, 300).await;
        click(&c, "Disable 300 people").await;
        until_progress(&c, "some disabled", |(disabled, _)| disabled >= 100).await;
        faults.outage(Duration::from_secs(8));
        find(
            &c,
            "//p[@role='alert' and contains(., 'The portal is unreachable') and contains(., 'the plan is kept')]",
        )
        .await;
        screenshot(&c, "faults-unreachable").await;
        // The plan is still on the page, person by person.
        let rows = c
            .find_all(Locator::Css("table.results tbody tr"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 300);
        // Nothing is clicked: the run goes on when the portal is back.
        assert_eq!(confirm_delete(&c).await, 300);
        assert_eq!(finished(&c).await, 0);
        let p = portal.lock().unwrap();
        assert!(plan.iter().all(|id| p.user(id).is_none()), "all deleted");
        drop(p);
        assert_nobody_else_changed(&before, &portal, &plan);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_revoked_mid_run_leads_to_sign_in_and_the_run_resumes_after_it() {
    let sim = Sim::start_with(400, slow()).await;
    let plan = mark_leavers(&sim.portal, 300);
    let before = snapshot(&sim.portal);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey_within(
        "faults-401",
        Duration::from_secs(200),
        move |c| async move {
            review_all_leavers(&c, &base, &key, 300).await;
            click(&c, "Disable 300 people").await;
            until_progress(&c, "some disabled", |(disabled, _)| disabled >= 100).await;
            replace_key_mid_run(&c, &portal, &key, Role::Admin).await;
            let (disabled, _) = progress(&c).await;
            assert!(disabled >= 100, "the plan kept what was done: {disabled}");
            resume_here(&c).await;
            assert_eq!(confirm_delete(&c).await, 300);
            assert_eq!(finished(&c).await, 0);
            let p = portal.lock().unwrap();
            assert!(plan.iter().all(|id| p.user(id).is_none()), "all deleted");
            drop(p);
            assert_nobody_else_changed(&before, &portal, &plan);
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_revoked_during_the_handover_leads_to_sign_in_and_the_handover_finishes() {
    let sim = Sim::start(60).await;
    let (team, heir) = room_owning_team(&sim);
    let pasted = team
        .iter()
        .map(|u| u.email.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey_within(
        "faults-401-handover",
        Duration::from_secs(120),
        move |c| async move {
            c.goto(&format!("{base}/offboard")).await.unwrap();
            sign_in_with_key(&c, &key).await;
            find(&c, "//textarea[@id='pasted']")
                .await
                .send_keys(&pasted)
                .await
                .unwrap();
            click(&c, "Review").await;
            hand_rooms_to(&c, 2, &heir).await;
            click(&c, "Disable 5 people").await;
            // While the rooms are being handed over, the key is deleted in the portal.
            find(
                &c,
                "//td[contains(@class,'result') and normalize-space(.)='Handing over rooms…']",
            )
            .await;
            replace_key_mid_run(&c, &portal, &key, Role::Owner).await;
            resume_here(&c).await;
            assert_eq!(
                confirm_delete(&c).await,
                5,
                "the two room owners wait to be deleted with the others"
            );
            assert_eq!(finished(&c).await, 0);
            let p = portal.lock().unwrap();
            assert!(
                team.iter().all(|u| p.user(&u.id).is_none()),
                "all five deleted"
            );
            assert_eq!(p.user(&heir.id).unwrap().rooms_owned, heir.rooms_owned + 4);
        },
    )
    .await;
}

/// Found by hand: the list's "Try again" after a failed load stayed on "Loading people…" (the
/// load belonged to the button, which goes as soon as it is pressed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_loads_again_when_asked_after_a_failure() {
    let sim = Sim::start(150).await;
    let (base, key, faults) = (sim.base.clone(), sim.key(Role::Owner), sim.faults.clone());
    let matching = sim
        .emails(&PeopleFilter::default().with_search("an", None))
        .len();
    journey("faults-list-retry", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 100 of 150 people").await;
        let outage = Duration::from_secs(2);
        let over = Instant::now() + outage;
        faults.outage(outage);
        find(&c, &field("Search"))
            .await
            .send_keys("an")
            .await
            .unwrap();
        find(
            &c,
            "//div[@role='alert']//button[normalize-space(.)='Try again']",
        )
        .await;
        until_within("the outage is over", outage * 2, || async move {
            Instant::now() >= over
        })
        .await;
        click(&c, "Try again").await;
        until_count(
            &c,
            &format!("Showing {} of {matching} people", matching.min(100)),
        )
        .await;
    })
    .await;
}
