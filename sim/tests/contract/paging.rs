//! README §10 "Paging has no tie-breaker": `DbUserService` sorts by the sort's keys only and
//! pages with Skip/Take, so people with equal keys can change places between two requests.

use std::collections::HashMap;
use std::time::Duration;

use docspace_sim::{FaultSpec, PortalSpec, Role};
use serde_json::Value;

use crate::harness::{portal_with, Answer, Portal};

/// The default sort's key of a listed person: active, pending, terminated; then the email of a
/// pending person, or the first name, lower-cased as the collation compares.
fn key(user: &Value) -> (u8, String) {
    let rank = match user["status"].as_i64() {
        Some(1) => 0,
        Some(4) => 1,
        _ => 2,
    };
    let text = if rank == 1 {
        &user["email"]
    } else {
        &user["firstName"]
    };
    (rank, text.as_str().unwrap_or("").to_lowercase())
}

/// Every page of `query` (`count=25`), in order: the ids, and each page's keys.
async fn page_through(p: &Portal, query: &str) -> (Vec<String>, Vec<Vec<(u8, String)>>) {
    let owner = p.key(Role::Owner);
    let (mut ids, mut pages) = (Vec::new(), Vec::new());
    for start in (0..).step_by(25) {
        let page: Answer = p
            .get(
                &format!("/api/2.0/people/filter?{query}&count=25&startIndex={start}"),
                &owner,
            )
            .await;
        let users = page.expect(200).response().as_array().unwrap().clone();
        if users.is_empty() {
            break;
        }
        ids.extend(page.ids());
        pages.push(users.iter().map(key).collect());
        if start + 25 >= page.body["total"].as_u64().unwrap() as usize {
            break;
        }
    }
    (ids, pages)
}

/// How many ids appear twice, and how many of `total` people never appear.
fn repeated_and_missing(ids: &[String], total: usize) -> (usize, usize) {
    let mut seen: HashMap<&String, usize> = HashMap::new();
    for id in ids {
        *seen.entry(id).or_default() += 1;
    }
    let repeated = seen.values().filter(|n| **n > 1).count();
    (repeated, total - seen.len())
}

#[tokio::test]
async fn paging_twice_can_repeat_or_skip_people_with_equal_first_names() {
    let mut spec = PortalSpec::new(250, 1);
    spec.reassign_duration = Duration::from_millis(300);
    let p = portal_with(spec, FaultSpec::default()).await;
    let total = p.sim.portal.lock().unwrap().users.len();

    let (first, first_pages) = page_through(&p, "sortBy=firstname&sortOrder=ascending").await;
    let (second, second_pages) = page_through(&p, "sortBy=firstname&sortOrder=ascending").await;
    for pages in [&first_pages, &second_pages] {
        for page in pages {
            assert!(
                page.windows(2).all(|w| w[0] <= w[1]),
                "a page in order: {page:?}"
            );
        }
        // The keys themselves are in order from page to page.
        let keys: Vec<&(u8, String)> = pages.iter().flatten().collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    }
    assert_eq!(
        first_pages, second_pages,
        "the same keys in the same places"
    );
    assert_ne!(first, second, "equal first names come in another order");
    let (repeated_1, missing_1) = repeated_and_missing(&first, total);
    let (repeated_2, missing_2) = repeated_and_missing(&second, total);
    assert!(
        repeated_1 + missing_1 + repeated_2 + missing_2 > 0,
        "someone shown twice or not at all across the pages"
    );

    // Descending: the keys reversed, pending people still between active and terminated.
    let (_, down) = page_through(&p, "sortBy=firstname&sortOrder=descending").await;
    let keys: Vec<&(u8, String)> = down.iter().flatten().collect();
    assert!(keys
        .windows(2)
        .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1)));
}

#[tokio::test]
async fn the_seed_repeats_first_names_across_page_boundaries() {
    let mut spec = PortalSpec::new(250, 1);
    spec.reassign_duration = Duration::from_millis(300);
    let p = portal_with(spec, FaultSpec::default()).await;
    let (_, pages) = page_through(&p, "sortBy=firstname").await;
    let straddling = pages
        .windows(2)
        .filter(|w| w[0].last() == w[1].first())
        .count();
    assert!(
        straddling >= 3,
        "{straddling} boundaries fall inside a run of equal names"
    );
}
