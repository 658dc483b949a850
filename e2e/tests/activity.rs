//! Who is still here (issue 20): the inactive-people report read from the simulator's seeded
//! 180 days of sign-ins, checked person by person against the simulator's own history; a
//! change of days counted again without reading the portal again; "Offboard these" opening the
//! offboarding review with exactly those people; a portal that keeps 30 days of sign-ins asked
//! about 90; a plan without the audit feature.

use std::collections::BTreeSet;
use std::time::Duration;

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    button, find, find_within, journey_within, screenshot, set_theme, sign_in_with_key, Sim,
};
use docspace_sim::audit::is_sign_in;
use docspace_sim::model::EmployeeStatus;
use docspace_sim::{Role, SharedPortal};
use fantoccini::{Client, Locator};

/// Whom the simulator's history puts in each list for `days`: (inactive, never, pending).
fn expected(
    portal: &SharedPortal,
    days: i64,
) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let p = portal.lock().unwrap();
    let cutoff = docspace_sim::time::now().unix_seconds - days * 86_400;
    let kept = docspace_sim::time::now().unix_seconds
        - i64::from(p.audit.lifetimes.login_history) * 86_400;
    let last = |id: &str| {
        p.audit
            .logins
            .iter()
            .filter(|e| e.user_id == id && is_sign_in(e.action) && e.at.unix_seconds >= kept)
            .map(|e| e.at.unix_seconds)
            .max()
    };
    let (mut inactive, mut never, mut pending) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for u in &p.users {
        match u.status {
            EmployeeStatus::Active => match last(&u.id) {
                Some(at) if at < cutoff => {
                    inactive.insert(u.id.clone());
                }
                Some(_) => {}
                None => {
                    never.insert(u.id.clone());
                }
            },
            EmployeeStatus::Pending if u.registered.unix_seconds < cutoff => {
                pending.insert(u.id.clone());
            }
            _ => {}
        }
    }
    (inactive, never, pending)
}

/// The ids a list of the report shows.
async fn shown(c: &Client, list: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    if let Ok(rows) = c
        .find_all(Locator::Css(&format!("section#{list} tbody tr")))
        .await
    {
        for row in rows {
            ids.insert(row.attr("data-id").await.unwrap().unwrap_or_default());
        }
    }
    ids
}

async fn until_shown(c: &Client, list: &str, want: &BTreeSet<String>) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let ids = shown(c, list).await;
        if &ids == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{list}: shown {} ids, expected {}: missing {:?}, extra {:?}",
            ids.len(),
            want.len(),
            want.difference(&ids).take(5).collect::<Vec<_>>(),
            ids.difference(want).take(5).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The login history's pages read so far.
fn history_reads(sim: &Sim) -> u64 {
    sim.faults
        .counts()
        .iter()
        .filter(|(route, _)| route.ends_with("/security/audit/login/filter"))
        .map(|(_, n)| *n)
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_90_day_report_lists_exactly_whom_the_history_says_and_offboards_them() {
    let sim = Sim::start(300).await;
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    let (inactive, never, pending) = expected(&portal, 90);
    assert!(
        inactive.len() > 10 && never.len() > 10 && !pending.is_empty(),
        "a seeded history of each"
    );
    let in_30 = expected(&portal, 30);
    let sim = std::sync::Arc::new(sim);
    let reads = sim.clone();
    journey_within("activity", Duration::from_secs(180), move |c| async move {
        c.goto(&format!("{base}/people/inactive?days=90"))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        find_within(&c, "//section[@id='inactive']", Duration::from_secs(60)).await;
        until_shown(&c, "inactive", &inactive).await;
        until_shown(&c, "never", &never).await;
        until_shown(&c, "pending", &pending).await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("inactive people ({theme})")).await;
            screenshot(&c, &format!("inactive-{theme}")).await;
        }
        // Another period is counted from what was read: the portal is not read again.
        let before = history_reads(&reads);
        find(&c, &button("30 days")).await.click().await.unwrap();
        until_shown(&c, "inactive", &in_30.0).await;
        until_shown(&c, "pending", &in_30.2).await;
        assert_eq!(history_reads(&reads), before, "no second reading");
        assert!(docspace_e2e::path_and_query(&c).await.ends_with("days=30"));
        // A typed number that is not one is refused next to the field, and kept.
        let field = find(&c, "//input[@id='days']").await;
        field.clear().await.unwrap();
        field.send_keys("ninety").await.unwrap();
        find(&c, &button("Show")).await.click().await.unwrap();
        find(
            &c,
            "//p[@id='days-error'][contains(., 'whole number of days')]",
        )
        .await;
        assert_eq!(
            field.prop("value").await.unwrap().as_deref(),
            Some("ninety")
        );
        find(&c, &button("90 days")).await.click().await.unwrap();
        until_shown(&c, "inactive", &inactive).await;
        // Offboard these: the review opens with exactly them.
        find(
            &c,
            "//section[@id='inactive']//thead//input[@type='checkbox']",
        )
        .await
        .click()
        .await
        .unwrap();
        let n = inactive.len();
        find(&c, &button(&format!("Offboard the {n} selected…")))
            .await
            .click()
            .await
            .unwrap();
        let heading = find_within(
            &c,
            "//h2[contains(., 'will be offboarded')]",
            Duration::from_secs(30),
        )
        .await;
        let text = heading.text().await.unwrap();
        let taken: usize = text.split(' ').next().unwrap().parse().unwrap();
        let left = c
            .find_all(Locator::Css("table.left-out tbody tr"))
            .await
            .map(|r| r.len())
            .unwrap_or(0);
        assert_eq!(taken + left, n, "{text}, {left} left out");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_memory_is_said_and_a_plan_without_the_audit_feature_shows_what_it_can() {
    let sim = Sim::start(200).await;
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    {
        let mut p = portal.lock().unwrap();
        p.audit.lifetimes.login_history = 30;
        p.audit.purge(docspace_sim::time::now());
    }
    let (inactive, never, pending) = expected(&portal, 90);
    assert!(
        inactive.is_empty(),
        "nobody's last sign-in the portal keeps is 90 days old"
    );
    let p = portal.clone();
    journey_within("activity-limits", Duration::from_secs(180), move |c| async move {
        c.goto(&format!("{base}/people/inactive")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find_within(&c, "//p[contains(., 'The portal keeps sign-ins for 30 days') and contains(., 'in the last 90 days')]", Duration::from_secs(60)).await;
        until_shown(&c, "never", &never).await;
        until_shown(&c, "pending", &pending).await;
        assert_accessible(&c, "inactive people, 30 days kept").await;
        p.lock().unwrap().set_audit_feature(false);
        c.refresh().await.unwrap();
        find_within(&c, "//p[contains(., 'does not include the audit trail')]", Duration::from_secs(60)).await;
        until_shown(&c, "pending", &pending).await;
        assert!(c.find(Locator::Css("section#inactive")).await.is_err(), "nobody is called inactive");
        // What it can show: the 20 latest sign-ins, as the portal lists them.
        let latest = c.find_all(Locator::Css("section#latest tbody tr")).await.unwrap();
        assert_eq!(latest.len(), 20);
        assert!(c.find(Locator::XPath(&button("Offboard the 0 selected…"))).await.is_err());
        assert!(c.find(Locator::Css("section#never")).await.is_err());
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("inactive people without the audit feature ({theme})")).await;
        }
        screenshot(&c, "inactive-no-audit").await;
    })
    .await;
}
