//! Journeys through the built panel, as a person would take them.

use docspace_e2e::{
    assert_portal_page, browser_log, button, field, find, journey, leftover_processes,
    path_and_query, profile_marker, screenshot, sign_in_with_key, until, until_count, Sim,
};
use docspace_sim::query::PeopleFilter;
use docspace_sim::Role;
use fantoccini::Locator;

/// The emails of the first `n` people in the portal's default order, straight from the sim.
fn first_emails(sim: &Sim, n: usize) -> Vec<String> {
    let portal = sim.portal.lock().unwrap();
    let filter = PeopleFilter::default();
    let mut users: Vec<_> = portal.users.iter().collect();
    users.sort_by(|a, b| filter.compare(a, b));
    users.into_iter().take(n).map(|u| u.email.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_a_key_see_people_and_sign_out() {
    let sim = Sim::start(150).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let expected = first_emails(&sim, 100);
    let people = sim.portal.clone();

    journey("sign-in-and-out", move |c| async move {
        c.goto(&base).await.unwrap();
        // Not signed in: the panel sends us to sign-in, with the portal prefilled.
        find(&c, "//h1[normalize-space(.)='Sign in to DocSpace Admin']").await;
        let portal = find(&c, &field("Portal URL")).await;
        assert_eq!(
            portal.prop("value").await.unwrap().as_deref(),
            Some(base.as_str())
        );
        screenshot(&c, "sign-in").await;

        find(&c, &field("API key"))
            .await
            .send_keys(&key)
            .await
            .unwrap();
        find(&c, &button("Sign in")).await.click().await.unwrap();

        let count = find(&c, "//p[contains(@class,'count')]").await;
        assert_eq!(count.text().await.unwrap(), "Showing 100 of 150 people");
        assert!(c.current_url().await.unwrap().path().ends_with("/people"));
        let emails = c
            .find_all(Locator::Css("table.people tbody td.email"))
            .await
            .unwrap();
        assert_eq!(emails.len(), 100);
        let mut shown = Vec::new();
        for cell in emails {
            shown.push(cell.text().await.unwrap());
        }
        assert_eq!(shown.len(), expected.len());
        assert_portal_page(&people, &PeopleFilter::default(), &shown);
        screenshot(&c, "people").await;

        // The session is in sessionStorage only: localStorage holds the theme, and no cookie.
        let stored = c
            .execute(
                "return [sessionStorage.length, Object.keys(localStorage), \
                 JSON.stringify(localStorage).includes(arguments[0]), document.cookie]",
                vec![serde_json::json!(key)],
            )
            .await
            .unwrap();
        assert_eq!(
            stored,
            serde_json::json!([1, ["docspace-admin.theme"], false, ""])
        );

        // Every page, opened as a person does: the console stays clean (no warning, no error).
        for (link, heading) in [
            ("New account", "New account"),
            ("Offboard one", "Offboard one person"),
            ("Offboard many", "Offboard many people"),
            ("Invitations", "Invitations"),
            ("People", "People"),
        ] {
            find(&c, &format!("//header//a[normalize-space(.)='{link}']"))
                .await
                .click()
                .await
                .unwrap();
            find(&c, &format!("//h1[normalize-space(.)='{heading}']")).await;
        }
        find(&c, "//tbody/tr[1]//a").await.click().await.unwrap();
        find(&c, "//article[contains(@class,'profile')]/h1").await;
        let noisy: Vec<String> = browser_log(&c)
            .await
            .into_iter()
            .filter(|line| line.starts_with("WARNING") || line.starts_with("SEVERE"))
            .collect();
        assert!(noisy.is_empty(), "the console: {noisy:#?}");

        docspace_e2e::sign_out(&c).await;
        find(&c, "//h1[normalize-space(.)='Sign in to DocSpace Admin']").await;
        until("the session is cleared", || {
            let c = c.clone();
            async move {
                c.execute("return sessionStorage.length", vec![])
                    .await
                    .unwrap()
                    == serde_json::json!(0)
            }
        })
        .await;
        assert!(c.current_url().await.unwrap().path().ends_with("/sign-in"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_key_is_reported_next_to_the_field() {
    let sim = Sim::start(10).await;
    let base = sim.base.clone();
    journey("rejected-key", move |c| async move {
        c.goto(&format!("{base}/sign-in")).await.unwrap();
        find(&c, &field("API key"))
            .await
            .send_keys("sk-not-a-real-key")
            .await
            .unwrap();
        find(&c, &button("Sign in")).await.click().await.unwrap();
        find(
            &c,
            "//p[@id='api-key-error' and normalize-space(.)='The portal rejected this API key.']",
        )
        .await;
        screenshot(&c, "rejected-key").await;
        // Nothing typed is lost.
        let key = find(&c, &field("API key"))
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(key.as_deref(), Some("sk-not-a-real-key"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_journey_leaves_no_browser_behind() {
    let sim = Sim::start(5).await;
    let base = sim.base.clone();
    let outcome = tokio::spawn(async move {
        journey("deliberate-failure", move |c| async move {
            c.goto(&base).await.unwrap();
            // The browser really ran: the page rendered.
            find(&c, &field("API key")).await;
            assert!(
                !leftover_processes(&profile_marker("deliberate-failure")).is_empty(),
                "the marker finds the running browser"
            );
            panic!("a deliberate failure");
        })
        .await
    })
    .await;
    let panic = outcome.expect_err("the journey's panic is re-raised");
    assert!(panic.is_panic());
    let left = leftover_processes(&profile_marker("deliberate-failure"));
    assert!(left.is_empty(), "processes left behind: {left:#?}");
}

/// What a panic carried, as text.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// A request the official spec does not allow fails the journey that sent it, although the
/// simulator (as lenient as a portal) answers it; and a simulator dropped with such a request
/// unreported fails the test that held it.
#[test]
fn a_request_the_spec_does_not_allow_fails_the_journey() {
    const BAD: &str = "/api/2.0/people/filter?count=5&sortOrder=ascending";
    let expected = format!(
        "the simulator received 1 request the official spec does not allow \
         (sim/tests/spec/, checked by sim/tests/support/openapi.rs):\n  GET {BAD}: query \
         sortOrder=ascending: \"ascending\" is not one of Ascending, Descending, 0, 1 (the spec's \
         SortOrder)"
    );
    let runtime = || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    };
    // In a thread of its own, whose panic is the journey's failure.
    let failure = std::thread::spawn(move || {
        runtime().block_on(async {
            let sim = Sim::start(5).await;
            let key = sim.key(Role::Owner);
            let base = sim.base.clone();
            journey("request-against-the-spec", move |c| async move {
                // From the panel's page, as the panel's own requests go.
                c.goto(&base).await.unwrap();
                find(&c, &field("API key")).await;
                let sent = c
                    .execute(
                        "return fetch(arguments[0], {headers: {Authorization: 'Bearer ' + arguments[1]}}).then(r => r.status)",
                        vec![serde_json::json!(BAD), serde_json::json!(key)],
                    )
                    .await
                    .unwrap();
                assert_eq!(sent, 200, "the simulator answers it");
            })
            .await;
        })
    })
    .join()
    .expect_err("the journey fails");
    assert_eq!(
        panic_text(&*failure),
        format!("the journey \"request-against-the-spec\": {expected}")
    );

    // Without a journey: when the simulator is dropped.
    let failure = std::thread::spawn(move || {
        runtime().block_on(async {
            let sim = Sim::start(5).await;
            let addr = sim.base.trim_start_matches("http://").to_string();
            let status = tokio::task::spawn_blocking(move || {
                docspace_e2e::nginx::get(&addr, BAD, &[]).status
            })
            .await
            .unwrap();
            assert_eq!(status, 401, "no credentials");
            drop(sim);
        })
    })
    .join()
    .expect_err("the test fails");
    assert_eq!(panic_text(&*failure), expected);
}

/// Served under `/admin-panel/` (as next to a portal): sign-in, moving around, a deep link
/// reloaded, and signing in again returns below the base.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_panel_works_under_a_base_path_and_deep_links_reload() {
    let sim = Sim::start_under(60, "/admin-panel/").await;
    let disabled = {
        let p = sim.portal.lock().unwrap();
        p.users
            .iter()
            .filter(|u| u.status == docspace_sim::model::EmployeeStatus::Terminated)
            .count()
    };
    assert!(disabled > 0, "the seed has disabled people");
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    journey("base-path", move |c| async move {
        c.goto(&format!("{base}/admin-panel/people?status=2"))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        assert_eq!(path_and_query(&c).await, "/admin-panel/people?status=2");
        // `status=2` is the portal's number for disabled.
        let filtered = format!("Showing {disabled} of {disabled} people");
        until_count(&c, &filtered).await;
        c.refresh().await.unwrap();
        until_count(&c, &filtered).await;
        assert_eq!(path_and_query(&c).await, "/admin-panel/people?status=2");
        // The top bar's links and a profile stay below the base.
        find(&c, "//header//a[normalize-space(.)='Offboard many']")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//textarea[@id='pasted']").await;
        assert_eq!(path_and_query(&c).await, "/admin-panel/offboard");
        find(&c, "//header//a[normalize-space(.)='People']")
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//table[contains(@class,'people')]/tbody//a[contains(@class,'name')]",
        )
        .await
        .click()
        .await
        .unwrap();
        find(&c, "//h2[@id='can-do']").await;
        let profile = path_and_query(&c).await;
        assert!(profile.starts_with("/admin-panel/people/"), "{profile}");
        c.refresh().await.unwrap();
        find(&c, "//h2[@id='can-do']").await;
        // Signing out and in again comes back to the root of the panel, not of the host.
        docspace_e2e::sign_out(&c).await;
        assert_eq!(path_and_query(&c).await, "/admin-panel/sign-in");
        sign_in_with_key(&c, &key).await;
        assert_eq!(path_and_query(&c).await, "/admin-panel/people");
    })
    .await;
}

/// Issue 16: a DocSpace 3.0 portal has no API keys (a `Bearer sk-…` is a 401 there). The panel
/// asks the portal its release and says so next to the key, instead of "rejected"; signed in
/// with email and password, the handover (which needs 3.1 to ask who owns data) is not offered,
/// and says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_3_0_portal_says_keys_need_3_1_and_offers_email_and_password() {
    let sim = Sim::start(20).await;
    sim.portal
        .lock()
        .unwrap()
        .set_version("3.0.1".parse().unwrap());
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let (owner, leaver, room_admin) = {
        let p = sim.portal.lock().unwrap();
        let owner = p.role_user(Role::Owner).cloned().unwrap();
        (
            owner,
            p.role_user(Role::User).cloned().unwrap(),
            p.role_user(Role::RoomAdmin).cloned().unwrap(),
        )
    };
    journey("portal-3-0", move |c| async move {
        c.goto(&format!("{base}/sign-in")).await.unwrap();
        find(&c, &field("API key"))
            .await
            .send_keys(&key)
            .await
            .unwrap();
        find(&c, &button("Sign in")).await.click().await.unwrap();
        find(
            &c,
            "//p[@id='api-key-error' and normalize-space(.)='This portal runs DocSpace 3.0: API keys need 3.1 or later; sign in with email and password.']",
        )
        .await;
        screenshot(&c, "portal-3-0").await;
        docspace_e2e::sign_in_with_password(&c, &owner.email, &owner.password).await;
        // Lowering a type moves rooms with POST /people/type, which 3.0 lacks: listed, with why.
        c.goto(&format!("{base}/people/{}", room_admin.id))
            .await
            .unwrap();
        find(
            &c,
            "//button[@aria-haspopup='menu' and starts-with(normalize-space(.),'Change type')]",
        )
        .await
        .click()
        .await
        .unwrap();
        let lower = find(
            &c,
            "//ul[@role='menu']//button[@role='menuitem' and starts-with(normalize-space(.),'Lower to user')]",
        )
        .await;
        assert_eq!(
            lower.attr("aria-disabled").await.unwrap().as_deref(),
            Some("true")
        );
        find(
            &c,
            "//ul[@role='menu']//span[@class='why' and normalize-space(.)='Lowering a type with its rooms handed over needs DocSpace 3.1 or later; this portal runs DocSpace 3.0.']",
        )
        .await;
        c.goto(&format!("{base}/offboard")).await.unwrap();
        docspace_e2e::offboarding::review_pasted(&c, &leaver.email, 1).await;
        let handover = find(&c, "//label[contains(., 'Hand the rooms')]/input").await;
        assert!(handover.attr("disabled").await.unwrap().is_some(), "not offered");
        find(
            &c,
            "//p[@id='handover-unavailable' and normalize-space(.)='Handing rooms and shared files over needs DocSpace 3.1 or later; this portal runs DocSpace 3.0.']",
        )
        .await;
    })
    .await;
}
