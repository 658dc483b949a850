//! The plan: kept when the tab closes, never replaced silently, read from what people paste.

use super::*;

/// Defect 9: a closed tab lost the plan and its receipt, and the wizard had no way out. Now the
/// plan is kept in the browser (never the token) and offered after signing in again; the
/// wizard has Cancel and a receipt at every step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_survives_closing_the_tab_and_the_wizard_can_be_cancelled() {
    let sim = Sim::start(40).await;
    let team = sim.active_users(4);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    let single = team[3].clone();
    {
        let mut p = sim.portal.lock().unwrap();
        let u = p.user_mut(&single.id).unwrap();
        u.rooms_owned = 0;
        u.shared_files = 0;
    }
    journey("safe-closed-tab", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team[..3]), 3).await;
        click(&c, "Disable 3 people").await;
        find(&c, &field("Type 3 to confirm")).await;
        let kept = kept_plan(&c).await;
        assert!(!kept.as_str().unwrap().contains(&key), "never the key");

        let old = c.window().await.unwrap();
        let new = c.new_window(true).await.unwrap();
        c.switch_to_window(old).await.unwrap();
        c.close_window().await.unwrap();
        c.switch_to_window(new.handle).await.unwrap();
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, "//p[contains(@class,'notice') and contains(., 'kept in this browser')]").await;
        find(&c, &field("Type 3 to confirm")).await;
        click(&c, "Keep them disabled and finish").await;
        find(&c, "//p[contains(@class,'done-note') and normalize-space(.)='Finished.']").await;
        assert!(team[..3]
            .iter()
            .all(|u| status_of(&portal, &u.id) == Some(EmployeeStatus::Terminated)));

        // The wizard: up to the Delete step, the receipt so far, then Cancel.
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, &field("Their email")).await.send_keys(&single.email).await.unwrap();
        click(&c, "Pick this account").await;
        click(&c, "Continue").await;
        click(&c, &format!("Disable {}", single.display_name())).await;
        find(&c, &field(&format!("Type {} to confirm", single.email))).await;
        keep_downloads(&c).await;
        click_download(&c, "Download receipt so far (JSON)").await;
        let receipt = parsed_download(&c).await;
        assert!(receipt["requests"].as_array().unwrap().len() >= 3);
        assert!(receipt["portal"].as_str().unwrap().starts_with("http://127.0.0.1"));
        click(&c, "Cancel").await;
        let text = dialog_text(&c).await;
        assert!(
            text.contains(&format!("{} ({}) stays disabled, not deleted", single.display_name(), single.email)),
            "{text}"
        );
        click(&c, "Cancel the offboarding").await;
        find(&c, "//section[contains(@class,'step')]/h2[normalize-space(.)='1. Pick the account, or create one']").await;
        assert_eq!(status_of(&portal, &single.id), Some(EmployeeStatus::Terminated));
    })
    .await;
}

/// Defect 10: a new selection was silently ignored while an offboarding existed, and came back
/// later as a stale review. Now the page asks which to keep, and the selection never returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_selection_while_a_plan_exists_asks_which_to_keep() {
    let sim = Sim::start(60).await;
    let people = sim.active_users(3);
    let (team, other) = (people[..2].to_vec(), people[2].clone());
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    journey("safe-new-selection", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team), 2).await;
        click(&c, "Disable 2 people").await;
        find(&c, &field("Type 2 to confirm")).await;
        let select_other = |c: Client, base: String, email: String| async move {
            c.goto(&format!("{base}/people?q={email}")).await.unwrap();
            until_count(&c, "Showing 1 of 1 people").await;
            tick_row(&c, 1).await;
            click(&c, "Offboard 1 selected…").await;
            find(
                &c,
                "//h2[normalize-space(.)='An offboarding is already in progress']",
            )
            .await;
        };
        select_other(c.clone(), base.clone(), other.email.clone()).await;
        click(&c, "Keep the offboarding in progress").await;
        find(&c, &field("Type 2 to confirm")).await;
        select_other(c.clone(), base.clone(), other.email.clone()).await;
        click(&c, "Replace it with the 1 person selected").await;
        find(&c, "//h2[normalize-space(.)='1 person will be offboarded']").await;
        // Nothing comes back later: the selection was taken once.
        c.goto(&format!("{base}/offboard")).await.unwrap();
        find(&c, "//textarea[@id='pasted']").await;
    })
    .await;
}

/// Defect 11: a list pasted from an email found nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_pasted_from_an_email_finds_its_people() {
    let sim = Sim::start(40).await;
    let two = sim.active_users(2);
    {
        let mut p = sim.portal.lock().unwrap();
        for (u, (first, email)) in two.iter().zip([
            ("Björn", "bjorn.chen@example.com"),
            ("Carlos", "carlos.chen@example.com"),
        ]) {
            let user = p.user_mut(&u.id).unwrap();
            user.first_name = first.into();
            user.last_name = "Chen".into();
            user.email = email.into();
        }
    }
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    journey("safe-pasted-line", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(
            &c,
            "Björn Chen <bjorn.chen@example.com>; Carlos Chen <carlos.chen@example.com>",
            2,
        )
        .await;
        let listed = find(&c, "//table[contains(@class,'leavers')]/tbody")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            listed.contains("bjorn.chen@example.com") && listed.contains("carlos.chen@example.com"),
            "{listed}"
        );
    })
    .await;
}

/// Defect 9 (and 6): a running offboarding stops after its request in flight, and "Keep them
/// as they are and finish" ends it with a receipt that says who was not reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_offboarding_stops_after_its_request_in_flight() {
    let sim = Sim::slow(300, 1000).await;
    let leavers = mark_leavers(&sim.portal, 250);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Owner),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey_within(
        "safe-stop-run",
        Duration::from_secs(150),
        move |c| async move {
            review_all_leavers(&c, &base, &key, 250).await;
            // The disable batch is what is stopped here: the sign-out is left to it.
            docspace_e2e::offboarding::leave_sign_out_to_the_disable(&c).await;
            click(&c, "Disable 250 people").await;
            let f2 = faults.clone();
            until("the first batch is on its way", move || {
                let n = f2.counts().get(STATUS).copied().unwrap_or(0);
                async move { n >= 1 }
            })
            .await;
            click(&c, "Stop").await;
            find_within(&c, &button("Continue"), Duration::from_secs(10)).await;
            assert_eq!(
                faults.counts().get(STATUS),
                Some(&1),
                "nothing after the stop"
            );
            assert_eq!(progress(&c).await, (100, 0));
            screenshot(&c, "safeguards-run-stopped").await;
            click(&c, "Keep them as they are and finish").await;
            find(
                &c,
                "//p[contains(@class,'done-note') and normalize-space(.)='Finished.']",
            )
            .await;
            keep_downloads(&c).await;
            let (json, _) = receipt(&c).await;
            let people = json["people"].as_array().unwrap();
            let said = |result: &str| people.iter().filter(|p| p["result"] == result).count();
            assert_eq!((said("disabled"), said("not disabled")), (100, 150));
            assert!(people
                .iter()
                .filter(|p| p["result"] == "not disabled")
                .all(|p| p["reason"] == "Stopped before they were disabled."));
            let p = portal.lock().unwrap();
            let disabled = leavers
                .iter()
                .filter(|id| p.user(id).unwrap().status == EmployeeStatus::Terminated)
                .count();
            assert_eq!(disabled, 100);
        },
    )
    .await;
}
