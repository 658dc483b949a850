//! Pending invitations sent again (issue 18): the Pending filter shows when each was invited;
//! "Resend older invitations…" with 14 days sends to exactly the 12 of 30 invited more than 14
//! days ago (the simulator counts them), in one request, and waits out the portal's limit on
//! these requests ("SensitiveApi", 5 per window per admin, on here with a short window) met
//! midway, saying so, and offered again after a reload while it waits; a selection's "Resend invitation (2)…" sends to those two. axe-core on
//! the dialog, light and dark.

use std::collections::BTreeSet;
use std::time::Duration;

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    button, field, find, find_within, journey, menu_pick, screenshot, set_theme, sign_in_with_key,
    tick_row, toast, until, Sim,
};
use docspace_sim::model::{ActivationStatus, EmployeeStatus, EmployeeType, Instant};
use docspace_sim::sensitive::SensitiveLimit;
use docspace_sim::{FaultSpec, Role};
use fantoccini::Client;
use serde_json::json;

/// The portal's window for these requests in this journey.
const WINDOW: Duration = Duration::from_secs(20);

/// Makes exactly 30 people pending, invited 1..=18 days ago (12 of them more than 14 days ago,
/// oldest first by name), everyone else not; their ids, the 12 older ones first.
fn thirty_pending(sim: &Sim) -> (Vec<String>, Vec<String>) {
    let now = docspace_sim::time::now().unix_seconds;
    let mut p = sim.portal.lock().unwrap();
    for u in p.users.iter_mut().skip(5) {
        if u.status == EmployeeStatus::Pending {
            u.status = EmployeeStatus::Active;
            u.activation = ActivationStatus::Activated;
        }
    }
    let picked: Vec<usize> = (5..p.users.len())
        .filter(|i| {
            let u = &p.users[*i];
            u.employee_type == EmployeeType::User && u.status == EmployeeStatus::Active
        })
        .take(30)
        .collect();
    assert_eq!(picked.len(), 30, "the portal has 30 users to invite");
    let (mut old, mut recent) = (Vec::new(), Vec::new());
    for (n, i) in picked.into_iter().enumerate() {
        let u = &mut p.users[i];
        u.status = EmployeeStatus::Pending;
        u.activation = ActivationStatus::Pending;
        // 12 invited 15 to 26 days ago, 18 invited 1 to 13 days ago (a few hours short of 14).
        let days = if n < 12 {
            15 + n as i64
        } else {
            1 + (n as i64 - 12) % 13
        };
        u.registered = Instant {
            unix_seconds: now - days * 86_400 + 3_600,
        };
        if n < 12 {
            old.push(u.id.clone())
        } else {
            recent.push(u.id.clone())
        }
    }
    (old, recent)
}

/// Sends `PUT /people/invite` from the page with `key`, as another tab of the same admin
/// would: it takes a permit of the admin's window for that path.
async fn resend_by_api(c: &Client, key: &str, id: &str) -> u16 {
    let status = c
        .execute_async(
            "const [key, id, done] = arguments;
             fetch('/api/2.0/people/invite', { method: 'PUT',
                 headers: { 'Authorization': key, 'Content-Type': 'application/json' },
                 body: JSON.stringify({ userIds: [id] }) }).then(r => done(r.status), () => done(0));",
            vec![json!(key), json!(id)],
        )
        .await
        .expect("the request");
    status.as_u64().unwrap_or(0) as u16
}

#[tokio::test]
async fn resend_to_the_pending_invited_more_than_14_days_ago_through_the_portals_limit() {
    let sim = Sim::start_with(
        120,
        FaultSpec {
            sensitive: Some(SensitiveLimit {
                permits: 5,
                window: WINDOW,
            }),
            ..FaultSpec::default()
        },
    )
    .await;
    let (old, recent) = thirty_pending(&sim);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    // Someone who has joined: the portal skips them, but the request counts.
    let joined = portal
        .lock()
        .unwrap()
        .role_user(Role::RoomAdmin)
        .unwrap()
        .id
        .clone();
    journey("resend-older", move |c| async move {
        c.goto(&format!("{base}/people?status=pending&sort=email"))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, "//p[@role='status' and normalize-space(.)='Showing 30 of 30 people']").await;
        // The Pending filter's date column says when each was invited.
        find(&c, "//th//button[normalize-space(.)='Invited']").await;
        find(&c, "//td[contains(@class,'registered') and contains(.,'days ago')]").await;
        screenshot(&c, "resend-pending-list").await;

        // Two selected rows: "Resend invitation (2)…" under More.
        let before = portal.lock().unwrap().resends.len();
        tick_row(&c, 1).await;
        tick_row(&c, 2).await;
        menu_pick(&c, "More", "Resend invitation (2)…").await;
        find(&c, &button("Resend to the 2")).await.click().await.unwrap();
        toast(&c, "Sent again to 2 people.").await;
        let picked: Vec<String> = portal.lock().unwrap().resends[before..]
            .iter()
            .map(|r| r.to.clone())
            .collect();
        assert_eq!(picked.len(), 2, "{picked:?}");

        // The admin's other tab uses up the rest of the window: 4 more requests.
        for _ in 0..4 {
            assert_eq!(resend_by_api(&c, &format!("Bearer {key}"), &joined).await, 200);
        }
        assert_eq!(resend_by_api(&c, &format!("Bearer {key}"), &joined).await, 429);
        let before = portal.lock().unwrap().resends.len();

        // A number of days that is not one is refused next to the field, and kept.
        let days = find(&c, &field("Invited more than (days) ago")).await;
        days.clear().await.unwrap();
        days.send_keys("two weeks").await.unwrap();
        find(&c, &button("Resend older invitations…")).await.click().await.unwrap();
        find(&c, "//p[@id='resend-older-days-error' and contains(.,'whole number of days')]").await;
        assert_eq!(days.prop("value").await.unwrap().as_deref(), Some("two weeks"));
        days.clear().await.unwrap();
        days.send_keys("14").await.unwrap();
        find(&c, &button("Resend older invitations…")).await.click().await.unwrap();
        find(&c, "//dialog[@open]//h2[normalize-space(.)='Resend the 12 pending invitations older than 14 days?']").await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the resend dialog ({theme})")).await;
        }
        set_theme(&c, "light").await;
        find(&c, &button("Resend to the 12")).await.click().await.unwrap();
        // The portal refuses it for now: the dialog waits, says so, and sends it again.
        find(&c, "//dialog[@open]//p[contains(@class,'waiting') and contains(.,'sending again in')]").await;
        screenshot(&c, "resend-waiting").await;
        assert_eq!(
            portal.lock().unwrap().resends.len(),
            before,
            "nothing sent while the portal limits"
        );
        // A reload while it waits: the list offers it again, and nothing was sent meanwhile.
        c.refresh().await.unwrap();
        find(&c, "//div[contains(@class,'resend-resume') and contains(.,'A resend of the invitation to 12 people did not finish')]").await;
        find(&c, &button("Review and resend…")).await.click().await.unwrap();
        find(&c, "//dialog[@open]//h2[normalize-space(.)='Resend the invitation to 12 people?']").await;
        find(&c, &button("Resend to the 12")).await.click().await.unwrap();
        find_within(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Sent again to 12 of 12']",
            WINDOW + Duration::from_secs(10),
        )
        .await;
        find(&c, "//dialog[@open]//p[contains(@class,'waited') and contains(.,'limited these requests once')]").await;
        screenshot(&c, "resend-report").await;
        let lines = c
            .find_all(fantoccini::Locator::XPath(
                "//dialog[@open]//ul[contains(@class,'resend-report')]/li[contains(.,'invitation sent again')]",
            ))
            .await
            .unwrap();
        assert_eq!(lines.len(), 12, "a line per person");
        let sent: BTreeSet<String> = portal.lock().unwrap().resends[before..]
            .iter()
            .map(|r| r.to.clone())
            .collect();
        let expected: BTreeSet<String> = old.iter().cloned().collect();
        assert_eq!(sent, expected, "exactly the 12 invited more than 14 days ago");
        assert_eq!(portal.lock().unwrap().resends.len() - before, 12, "once each");
        assert!(recent.iter().all(|id| !sent.contains(id)));
        find(&c, &button("Close")).await.click().await.unwrap();
        until("the dialog and the notice go", || async {
            c.find(fantoccini::Locator::XPath("//dialog[@open] | //div[contains(@class,'resend-resume')]"))
                .await
                .is_err()
        })
        .await;
        // Nothing is offered again after a reload: the resend ended.
        c.refresh().await.unwrap();
        find(&c, "//p[@role='status' and normalize-space(.)='Showing 30 of 30 people']").await;
        assert!(c
            .find(fantoccini::Locator::XPath("//div[contains(@class,'resend-resume')]"))
            .await
            .is_err());
    })
    .await;
}
