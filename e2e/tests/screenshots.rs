//! The README's pictures (`cargo xtask screenshots` runs this with `E2E_SCREENSHOTS` set and
//! copies `readme-*.png` into docs/screenshots): the list, a profile, a bulk dialog, a group's
//! page and a running offboarding, light and dark, at 1280 and 390 px. Without the variable it is a
//! journey like the others: each view must appear at both widths, and nothing may run off the
//! side of the screen.

use docspace_e2e::offboarding::{click, mark_leavers, review_all_leavers, step_counts};
use docspace_e2e::{
    find, journey, screenshot, set_theme, tick_row, until_count, until_within, Sim,
};
use docspace_sim::Role;
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;

const SIZES: [(u32, u32, &str); 2] = [(1280, 800, "1280"), (390, 844, "390")];
const THEMES: [&str; 2] = ["light", "dark"];

/// `view` at the width `size`, in both themes; it must fit the width.
async fn shoot(c: &Client, view: &str, size: &str) {
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    if fits != json!(true) {
        // What runs off the side, for the failure's message.
        let wide = c
            .execute(
                "return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 8)
                    .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))",
                vec![],
            )
            .await
            .unwrap();
        panic!("{view} scrolls sideways at {size} px: {wide}");
    }
    for theme in THEMES {
        set_theme(c, theme).await;
        screenshot(c, &format!("readme-{view}-{theme}-{size}")).await;
    }
}

async fn resize(c: &Client, width: u32, height: u32) {
    c.set_window_size(width, height).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_pictures_of_the_list_a_profile_and_a_bulk_dialog() {
    let sim = Sim::start(150).await;
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    let someone = sim.active_users(1).remove(0);
    let (group, group_name) = {
        let p = sim.portal.lock().unwrap();
        let g = p
            .live_groups()
            .max_by_key(|g| p.member_ids(&g.id).len())
            .unwrap();
        (g.id.clone(), g.name.clone())
    };
    journey("readme-pictures", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        docspace_e2e::sign_in_with_key(&c, &key).await;
        for (width, height, size) in SIZES {
            resize(&c, width, height).await;
            c.goto(&format!("{base}/people")).await.unwrap();
            until_count(&c, "Showing 100 of 150 people").await;
            shoot(&c, "list", size).await;

            tick_row(&c, 2).await;
            tick_row(&c, 3).await;
            find(
                &c,
                "//div[contains(@class,'bulk-bar')]//span[@class='bulk-actions']/button[1]",
            )
            .await
            .click()
            .await
            .unwrap();
            find(&c, "//dialog[@open]//h2").await;
            shoot(&c, "bulk-dialog", size).await;
            click(&c, "Cancel").await;

            c.goto(&format!("{base}/people/{}", someone.id))
                .await
                .unwrap();
            find(
                &c,
                &format!("//h1[normalize-space(.)='{}']", someone.display_name()),
            )
            .await;
            shoot(&c, "profile", size).await;

            c.goto(&format!("{base}/groups/{group}")).await.unwrap();
            find(&c, &format!("//h1[normalize-space(.)='{group_name}']")).await;
            find(
                &c,
                "//table[contains(@class,'people')]//tbody//a[contains(@class,'name')]",
            )
            .await;
            shoot(&c, "group", size).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_pictures_of_a_running_offboarding() {
    // Slow enough that the run is seen running.
    let sim = Sim::slow(300, 2500).await;
    mark_leavers(&sim.portal, 240);
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    journey("readme-running", move |c| async move {
        review_all_leavers(&c, &base, &key, 240).await;
        click(&c, "Disable 240 people").await;
        find(&c, "//button[normalize-space(.)='Stop']").await;
        // The first step (by default, signing them out everywhere) has counted some.
        until_within(
            "the run has counted some",
            Duration::from_secs(90),
            || async {
                let line = match c.find(Locator::Id("offboard-progress")).await {
                    Ok(p) => p.text().await.unwrap_or_default(),
                    Err(_) => return false,
                };
                step_counts(&line).is_some_and(|(steps, _)| steps.iter().any(|s| s.done > 0))
            },
        )
        .await;
        for (width, height, size) in SIZES {
            resize(&c, width, height).await;
            shoot(&c, "offboarding-running", size).await;
        }
        click(&c, "Stop").await;
    })
    .await;
}
