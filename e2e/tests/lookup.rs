//! Looking up a long pasted list: the list's own CSV export of a 5,000-person portal, uploaded
//! on `/offboard` through a portal that fails 10% of its answers, reaches the review with
//! everyone matched in a few dozen requests (the portal's people read once, 100 a page), with
//! its progress shown; and a lookup cancelled midway brings the form back with the text, and
//! continues from where it stopped.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{button, find, find_within, journey_within, set_theme, until, Sim};
use docspace_sim::model::{EmployeeStatus, EmployeeType, User};
use docspace_sim::{FaultSpec, Role};
use fantoccini::{Client, Locator};

const PEOPLE: usize = 5000;
/// 50 pages, their retries at 10% faults, and a few people looked up alone.
const REQUEST_BUDGET: u64 = 60;

/// One CSV cell as the panel's export writes it (`src/people/csv.rs`).
fn cell(value: &str) -> String {
    let inert = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if inert.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", inert.replace('"', "\"\""))
    } else {
        inert
    }
}

/// The list's CSV export of these people, as `Export CSV` writes it.
fn export_csv(users: &[User]) -> String {
    let mut out = String::from(
        "\u{feff}Name,First name,Last name,Email,Type,Status,Groups,Registered,Disabled on,ID\r\n",
    );
    for u in users {
        let kind = match (u.is_owner, u.employee_type) {
            (true, _) => "Owner",
            (_, EmployeeType::DocSpaceAdmin) => "DocSpace admin",
            (_, EmployeeType::RoomAdmin) => "Room admin",
            (_, EmployeeType::User) => "User",
            (_, EmployeeType::Guest) => "Guest",
        };
        let status = match u.status {
            EmployeeStatus::Active => "Active",
            EmployeeStatus::Terminated => "Disabled",
            EmployeeStatus::Pending => "Pending",
        };
        let cells = [
            u.display_name(),
            u.first_name.clone(),
            u.last_name.clone(),
            u.email.clone(),
            kind.into(),
            status.into(),
            String::new(),
            String::new(),
            String::new(),
            u.id.clone(),
        ];
        let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Writes the portal's export to a file for the upload field; its path.
fn export_file(sim: &Sim, name: &str) -> String {
    let users = sim.portal.lock().unwrap().users.clone();
    assert_eq!(users.len(), PEOPLE);
    let file = std::env::temp_dir().join(format!("docspace-e2e-{name}-{}.csv", std::process::id()));
    std::fs::write(&file, export_csv(&users)).unwrap();
    file.display().to_string()
}

/// Requests of the lookup since `before`: every route but the review's room checks.
fn lookup_requests(now: &BTreeMap<String, u64>, before: &BTreeMap<String, u64>) -> u64 {
    // The review's own reads (who owns rooms; the members of a group a leaver heads, to offer
    // a new head) are not the lookup's.
    now.iter()
        .filter(|(route, _)| {
            !route.contains("reassign") && !route.starts_with("GET /api/2.0/group/")
        })
        .map(|(route, n)| n - before.get(route).copied().unwrap_or(0))
        .sum()
}

/// Uploads the file and waits until its text is in the box.
async fn upload(c: &Client, path: &str) {
    find(c, "//input[@id='upload']")
        .await
        .send_keys(path)
        .await
        .unwrap();
    let c2 = c.clone();
    until("the file's text is in the box", move || {
        let c = c2.clone();
        async move {
            c.execute(
                "return document.getElementById('pasted').value.split('\\n').length > 5000",
                vec![],
            )
            .await
            .unwrap()
                == serde_json::json!(true)
        }
    })
    .await;
}

async fn pasted_text(c: &Client) -> String {
    let value = c
        .execute("return document.getElementById('pasted').value", vec![])
        .await
        .unwrap();
    value.as_str().unwrap_or_default().to_string()
}

/// The review's heading count and its "Left out" rows.
async fn review_counts(c: &Client) -> (usize, Vec<String>) {
    let heading = find_within(
        c,
        "//h2[contains(., 'will be offboarded')]",
        Duration::from_secs(60),
    )
    .await
    .text()
    .await
    .unwrap();
    let n: usize = heading
        .split_whitespace()
        .next()
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("a count in {heading:?}"));
    let mut left = Vec::new();
    for row in c
        .find_all(Locator::Css("table.left-out tbody tr"))
        .await
        .unwrap()
    {
        left.push(row.text().await.unwrap());
    }
    (n, left)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lists_own_export_of_5000_is_matched_through_faults_in_60_requests() {
    let sim = Sim::start_with(
        PEOPLE,
        FaultSpec {
            latency_ms: 20,
            fault_rate: 0.1,
            seed: 7,
            ..FaultSpec::default()
        },
    )
    .await;
    let path = export_file(&sim, "lookup-5000");
    let (base, key, faults) = (sim.base.clone(), sim.key(Role::Owner), sim.faults.clone());
    journey_within(
        "lookup-5000",
        Duration::from_secs(240),
        move |c| async move {
            c.goto(&format!("{base}/offboard")).await.unwrap();
            docspace_e2e::sign_in_with_key(&c, &key).await;
            upload(&c, &path).await;
            // What the page showed while it ran: the status beside a progress bar, whenever
            // one is in the page (not polled, so that no update is missed).
            c.execute(
                "window.__progress = [];
                 new MutationObserver(() => {
                     const bar = document.querySelector('section.lookup-status progress');
                     const said = document.querySelector('section.lookup-status [role=status]');
                     if (bar && said) window.__progress.push(said.textContent);
                 }).observe(document.body, { childList: true, subtree: true, characterData: true });",
                vec![],
            )
            .await
            .unwrap();
            let before = faults.counts();
            find(&c, &button("Review")).await.click().await.unwrap();
            // Bounded: the review, or the error that ended the lookup.
            let deadline = Instant::now() + Duration::from_secs(90);
            loop {
                let ended = c
                    .execute(
                        "return [...document.querySelectorAll('h2')].some(h => h.textContent.includes('will be offboarded'))
                            || !!document.querySelector('p.error[role=alert]')?.textContent",
                        vec![],
                    )
                    .await
                    .unwrap();
                if ended == serde_json::json!(true) {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "no review within 90 s, after {} requests of the lookup",
                    lookup_requests(&faults.counts(), &before)
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let alert = c
                .execute("return document.querySelector('p.error[role=alert]')?.textContent ?? ''", vec![])
                .await
                .unwrap();
            assert_eq!(
                alert,
                serde_json::json!(""),
                "the lookup failed after {} requests",
                lookup_requests(&faults.counts(), &before)
            );
            let shown = c.execute("return window.__progress", vec![]).await.unwrap();
            let shown: Vec<String> = serde_json::from_value(shown).unwrap();
            assert!(
                shown.iter().any(|s| s.starts_with("Looking up 5,000 people: ") && s.contains(" read of 5,000")),
                "the progress was shown while it ran: {:?}",
                shown.iter().take(5).collect::<Vec<_>>()
            );
            let (n, left) = review_counts(&c).await;
            let used = lookup_requests(&faults.counts(), &before);
            assert_eq!(
                n + left.len(),
                PEOPLE,
                "every row is in the review: {left:?}"
            );
            assert!(
                left.iter().all(|r| !r.contains("does not know")),
                "nobody left out as unknown: {left:?}"
            );
            assert!(
                left.len() <= 5,
                "only the owner's rules leave people out: {left:?}"
            );
            let pages = faults.counts()["GET /api/2.0/people/filter"]
                - before
                    .get("GET /api/2.0/people/filter")
                    .copied()
                    .unwrap_or(0);
            assert!(pages >= 50, "the people read in pages: {pages}");
            assert!(
                used <= REQUEST_BUDGET,
                "{used} requests for the lookup (budget {REQUEST_BUDGET}): {:?}",
                faults.counts()
            );
            println!("lookup of {PEOPLE} at 10% faults: {used} requests ({pages} pages)");
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_mid_lookup_brings_the_form_back_with_the_text_and_continue_goes_on() {
    let sim = Sim::slow(PEOPLE, 100).await;
    let path = export_file(&sim, "lookup-cancel");
    let (base, key, faults) = (sim.base.clone(), sim.key(Role::Owner), sim.faults.clone());
    journey_within(
        "lookup-cancel",
        Duration::from_secs(180),
        move |c| async move {
            c.goto(&format!("{base}/offboard")).await.unwrap();
            docspace_e2e::sign_in_with_key(&c, &key).await;
            upload(&c, &path).await;
            let text = pasted_text(&c).await;
            let pages = || {
                faults
                    .counts()
                    .get("GET /api/2.0/people/filter")
                    .copied()
                    .unwrap_or(0)
            };
            let before = pages();
            find(&c, &button("Review")).await.click().await.unwrap();
            find(&c, "//p[@role='status' and contains(., 'read of 5,000')]").await;
            // The progress and its Cancel, to axe, light and dark.
            for theme in ["light", "dark"] {
                set_theme(&c, theme).await;
                assert_accessible(&c, &format!("a lookup in progress ({theme})")).await;
            }
            find(&c, &button("Cancel")).await.click().await.unwrap();
            // The form again, with the text, and where the lookup stopped.
            find(&c, "//textarea[@id='pasted']").await;
            assert_eq!(pasted_text(&c).await, text, "the text survives");
            let stopped = find(&c, "//p[@id='lookup-halted']").await;
            assert!(
                stopped.text().await.unwrap().contains("found so far"),
                "{:?}",
                stopped.text().await
            );
            for theme in ["light", "dark"] {
                set_theme(&c, theme).await;
                assert_accessible(&c, &format!("a lookup stopped midway ({theme})")).await;
            }
            // The form is back once the lookup returned: the page in flight was its last.
            let read = pages() - before;
            assert!(read < 50, "stopped midway: {read} pages");

            // Continue: only the pages not read yet.
            find(&c, &button("Continue the lookup"))
                .await
                .click()
                .await
                .unwrap();
            let (n, left) = review_counts(&c).await;
            assert_eq!(n + left.len(), PEOPLE);
            assert!(
                left.iter().all(|r| !r.contains("does not know")),
                "{left:?}"
            );
            assert_eq!(
                pages() - before,
                50,
                "each page read once, none after the stop"
            );
        },
    )
    .await;
}
