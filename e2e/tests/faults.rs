//! Offboarding through a failing portal: random 500/502/503s, a rate limit, a portal that fails
//! every request for a while, one that goes dark, reloads mid-run and a key revoked mid-run.
//! Whatever happens, nobody outside the plan changes, nobody planned is silently skipped, and
//! the receipt says, person by person, what the portal's state is.

use std::collections::BTreeMap;
use std::time::Duration;

use docspace_e2e::{
    button, download, field, find, find_within, journey_within, keep_downloads, screenshot,
    sign_in_with_key, until_count, until_within, Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::{FaultSpec, Role, SharedPortal};
use fantoccini::{Client, Locator};
use serde_json::Value;

const TERMINATE: &str = "PUT /api/2.0/people/status/{status}";
const DELETE: &str = "PUT /api/2.0/people/delete";

/// Names `n` accounts "Leaver" (so that the list's search finds them), active and not
/// DocSpace admins (whom only the owner may offboard), and returns their ids.
fn mark_leavers(portal: &SharedPortal, n: usize) -> Vec<String> {
    let mut p = portal.lock().unwrap();
    let mut ids = Vec::new();
    for user in p.users.iter_mut().skip(5) {
        if ids.len() < n
            && user.employee_type != EmployeeType::DocSpaceAdmin
            && user.status != EmployeeStatus::Pending
        {
            user.last_name = "Leaver".into();
            user.status = EmployeeStatus::Active;
            ids.push(user.id.clone());
        }
    }
    assert_eq!(ids.len(), n, "enough accounts");
    ids
}

/// Everyone's state, to prove that nobody outside the plan changed.
fn snapshot(portal: &SharedPortal) -> BTreeMap<String, String> {
    let p = portal.lock().unwrap();
    p.users
        .iter()
        .map(|u| {
            let state = format!(
                "{:?} {:?} {} {} {} {:?}",
                u.status, u.employee_type, u.first_name, u.last_name, u.email, u.groups
            );
            (u.id.clone(), state)
        })
        .collect()
}

fn assert_nobody_else_changed(
    before: &BTreeMap<String, String>,
    portal: &SharedPortal,
    plan: &[String],
) {
    let after = snapshot(portal);
    for (id, was) in before {
        if !plan.contains(id) {
            assert_eq!(after.get(id), Some(was), "{id} is not in the plan");
        }
    }
    assert!(
        after.keys().all(|id| before.contains_key(id)),
        "nobody was created"
    );
}

/// Signs in on the list of leavers, selects all of them and asks for the review.
async fn review_all_leavers(c: &Client, base: &str, key: &str, n: usize) {
    c.goto(&format!("{base}/people?q=leaver")).await.unwrap();
    sign_in_with_key(c, key).await;
    until_count(c, &format!("Showing 100 of {n} people")).await;
    c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(c, &format!("Select all {n} matching")).await;
    click(c, &format!("Offboard {n} selected…")).await;
    find_within(
        c,
        &format!("//h2[normalize-space(.)='{n} people will be offboarded']"),
        Duration::from_secs(60),
    )
    .await;
}

async fn click(c: &Client, name: &str) {
    find(c, &button(name)).await.click().await.unwrap();
}

/// Types the count the page asks for and deletes; returns that count.
async fn confirm_delete(c: &Client) -> usize {
    let label = find_within(c, "//label[@for='confirm-count']", Duration::from_secs(90))
        .await
        .text()
        .await
        .unwrap();
    let n: usize = label
        .trim_start_matches("Type ")
        .trim_end_matches(" to confirm")
        .parse()
        .unwrap_or_else(|_| panic!("a count in {label:?}"));
    find(c, &field(&label))
        .await
        .send_keys(&n.to_string())
        .await
        .unwrap();
    click(c, &format!("Delete {n} people")).await;
    n
}

/// Waits for the end of the run; how many are not done.
async fn finished(c: &Client) -> usize {
    let note = "//p[contains(@class,'done-note')]";
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let note = loop {
        if let Ok(p) = c.find(Locator::XPath(note)).await {
            break p.text().await.unwrap();
        }
        if std::time::Instant::now() > deadline {
            screenshot(c, "faults-unfinished").await;
            panic!("the run did not finish within 120 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    if note == "Finished." {
        0
    } else {
        note.trim_start_matches("Finished; ")
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a count in {note:?}"))
    }
}

/// The receipt as the admin downloads it: JSON (people and requests) and CSV (people).
async fn receipt(c: &Client) -> (Value, String) {
    let json = download(c, "Download receipt (JSON)").await;
    let csv = download(c, "Download receipt (CSV, one row per person)").await;
    (serde_json::from_str(&json).expect("the JSON receipt"), csv)
}

/// The receipt's people agree with the portal, person by person; returns how many are not
/// deleted.
fn assert_receipt_matches_portal(
    receipt: &Value,
    csv: &str,
    portal: &SharedPortal,
    plan: &[String],
) -> usize {
    let people = receipt["people"].as_array().expect("people");
    assert_eq!(people.len(), plan.len(), "one line per person planned");
    assert_eq!(
        csv.split("\r\n").filter(|l| !l.is_empty()).count(),
        plan.len() + 1,
        "the CSV has a row per person"
    );
    let p = portal.lock().unwrap();
    let mut not_deleted = 0;
    for person in people {
        let id = person["id"].as_str().unwrap();
        assert!(plan.contains(&id.to_string()), "{id} was planned");
        let result = person["result"].as_str().unwrap();
        let reason = person["reason"].as_str().unwrap();
        let now = p.user(id);
        match result {
            "deleted" => assert!(now.is_none(), "{id}: the receipt says deleted"),
            "not deleted" => {
                not_deleted += 1;
                assert_eq!(
                    now.map(|u| u.status),
                    Some(EmployeeStatus::Terminated),
                    "{id}: disabled, not deleted"
                );
                assert!(reason.contains("The portal answered 5"), "{id}: {reason}");
            }
            "not disabled" => {
                not_deleted += 1;
                assert!(now.is_some(), "{id}: not deleted");
                assert!(!reason.is_empty(), "{id}: a reason");
            }
            other => panic!("{id}: unexpected result {other:?}"),
        }
        assert!(
            csv.contains(&format!("{id},")),
            "{id} is in the CSV receipt"
        );
    }
    not_deleted
}

/// Requests to `route` the receipt lists, and the statuses they got.
fn receipt_requests(receipt: &Value, method: &str, path_part: &str) -> Vec<Option<u64>> {
    receipt["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter(|r| r["method"] == method && r["path"].as_str().unwrap().contains(path_part))
        .map(|r| r["status"].as_u64())
        .collect()
}

fn faulty() -> FaultSpec {
    FaultSpec {
        latency_ms: 5,
        jitter_ms: 20,
        fault_rate: 0.1,
        rate_limit: Some(8),
        rate_window: Some(Duration::from_secs(2)),
        seed: 7,
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

/// The progress line's numbers: disabled, deleted.
async fn progress(c: &Client) -> (usize, usize) {
    let text = match c
        .find(Locator::XPath("//p[contains(@class,'progress')]"))
        .await
    {
        Ok(p) => p.text().await.unwrap_or_default(),
        Err(_) => return (0, 0),
    };
    // "500 people: 100 disabled, 0 deleted, 0 not done"
    let number_before = |word: &str| {
        text.split(", ")
            .flat_map(|part| part.split(": "))
            .find(|part| part.ends_with(word))
            .and_then(|part| part.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (number_before(" disabled"), number_before(" deleted"))
}

async fn until_progress(c: &Client, what: &str, check: impl Fn((usize, usize)) -> bool) {
    let c = c.clone();
    let check = std::sync::Arc::new(check);
    until_within(what, Duration::from_secs(90), move || {
        let c = c.clone();
        let check = check.clone();
        async move { check(progress(&c).await) }
    })
    .await;
}

/// After a reload: the page resumes the saved plan and offers to continue (or to confirm
/// the deletion, if that is where it stopped).
async fn resume(c: &Client) {
    c.refresh().await.unwrap();
    find(
        c,
        "//p[contains(@class,'notice') and contains(., 'continues where it stopped')]",
    )
    .await;
    resume_here(c).await;
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
            review_all_leavers(&c, &base, &key, 500).await;
            click(&c, "Disable 500 people").await;
            until_progress(&c, "some disabled", |(disabled, _)| disabled >= 100).await;
            resume(&c).await;
            confirm_delete(&c).await;
            until_progress(&c, "some deleted", |(_, deleted)| deleted >= 100).await;
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
    let sim = Sim::start_with(
        400,
        FaultSpec {
            latency_ms: 150,
            ..FaultSpec::default()
        },
    )
    .await;
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
    let sim = Sim::start_with(
        400,
        FaultSpec {
            latency_ms: 150,
            ..FaultSpec::default()
        },
    )
    .await;
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
            // The key is deleted in the portal's Developer Tools, and a new one made.
            let new_key = {
                let mut p = portal.lock().unwrap();
                p.revoke_key(&key);
                let admin = p.role_user(Role::Admin).unwrap().id.clone();
                p.issue_key(&admin)
            };
            find(
                &c,
                "//p[contains(@class,'notice') and contains(., 'rejected the API key')]",
            )
            .await;
            sign_in_with_key(&c, &new_key).await;
            find(
                &c,
                "//p[contains(@class,'notice') and contains(., 'continues where it stopped')]",
            )
            .await;
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

/// On a resumed plan: "Continue", unless it already waits for the delete confirmation.
async fn resume_here(c: &Client) {
    let next = find(
        c,
        "//button[normalize-space(.)='Continue'] | //label[@for='confirm-count']",
    )
    .await;
    if next.tag_name().await.unwrap() == "button" {
        next.click().await.unwrap();
    }
}
