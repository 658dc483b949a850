//! The lifecycle wizard, as an administrator clicks through it (issue: user lifecycle).

use docspace_e2e::offboarding::pick_heir;
use docspace_e2e::{
    button, field, find, journey, path_and_query, screenshot, sign_in_with_key, until, Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use fantoccini::{Client, Locator};

/// Waits until the wizard shows the step titled `title`.
async fn at_step(c: &Client, title: &str) {
    find(
        c,
        &format!("//section[contains(@class,'step')]/h2[normalize-space(.)='{title}']"),
    )
    .await;
}

async fn receipt_rows(c: &Client) -> usize {
    c.find_all(Locator::Css("table.receipt-table tbody tr"))
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_wizard_from_creating_john_doe_to_the_404_in_eight_requests() {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let portal = sim.portal.clone();
    let faults = sim.faults.clone();
    journey("wizard", move |c| async move {
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        at_step(&c, "1. Pick the account, or create one").await;
        assert_eq!(path_and_query(&c).await, "/lifecycle");
        let before: u64 = faults.counts().values().sum();

        find(&c, &field("First name"))
            .await
            .send_keys("John")
            .await
            .unwrap();
        find(&c, &field("Last name"))
            .await
            .send_keys("Doe")
            .await
            .unwrap();
        find(&c, &field("Email"))
            .await
            .send_keys("john.doe@example.com")
            .await
            .unwrap();
        find(&c, &button("Create account"))
            .await
            .click()
            .await
            .unwrap();

        at_step(&c, "2. Verify: read the account back").await;
        let name = find(&c, "//dd[contains(@class,'verified-name')]")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(name, "John Doe");
        // The API request a step makes can be shown, with the key masked.
        find(&c, "//summary[normalize-space(.)='Show API request']")
            .await
            .click()
            .await
            .unwrap();
        let curl = find(&c, "//pre[contains(@class,'curl')]")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            curl.starts_with("curl -X GET")
                && curl.contains("sk-********")
                && !curl.contains(&key[10..]),
            "{curl}"
        );
        // The verify step says what disabling does to their API keys.
        find(&c, "//p[contains(@class,'api-keys') and contains(.,'the portal refuses every key of a disabled account')]").await;
        find(&c, &button("Continue")).await.click().await.unwrap();

        at_step(&c, "3. Disable the account").await;
        // John signs in (their own session), then is signed out everywhere before the disable.
        let token = {
            let mut p = portal.lock().unwrap();
            let id = p.user_by_email("john.doe@example.com").unwrap().id.clone();
            p.issue_token(&id)
        };
        find(&c, "//section[contains(@class,'step')]/p[contains(.,'First every session they have open ends')]").await;
        find(&c, &button("Disable John Doe"))
            .await
            .click()
            .await
            .unwrap();
        at_step(&c, "5. Delete the account").await;
        {
            let p = portal.lock().unwrap();
            assert!(!p.token_works(&token), "their session ended");
            let id = p.user_by_email("john.doe@example.com").unwrap().id.clone();
            assert!(p.sign_outs.iter().any(|s| s.of == id), "signed out everywhere, recorded");
        }
        let john = portal
            .lock()
            .unwrap()
            .user_by_email("john.doe@example.com")
            .cloned()
            .unwrap();
        assert_eq!(john.status, EmployeeStatus::Terminated);

        // A reload resumes where it stopped.
        c.refresh().await.unwrap();
        find(
            &c,
            "//p[contains(@class,'notice') and contains(., 'Resuming')]",
        )
        .await;
        at_step(&c, "5. Delete the account").await;

        let delete = find(&c, &button("Delete John Doe")).await;
        assert!(
            delete.attr("disabled").await.unwrap().is_some(),
            "not before the email is typed"
        );
        find(&c, &field("Type john.doe@example.com to confirm"))
            .await
            .send_keys("john.doe@example.com")
            .await
            .unwrap();
        find(&c, &button("Delete John Doe"))
            .await
            .click()
            .await
            .unwrap();

        find(&c, "//section[contains(@class,'receipt')]").await;
        let summary = find(&c, "//section[contains(@class,'receipt')]/p")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            summary.contains("John Doe (john.doe@example.com) was offboarded"),
            "{summary}"
        );
        assert!(
            portal.lock().unwrap().user(&john.id).is_none(),
            "deleted in the portal"
        );
        let after: u64 = faults.counts().values().sum();
        // Email check, create, verify, room check, sign-out, disable, delete, the 404 check.
        assert_eq!(after - before, 8, "{:#?}", faults.counts());
        assert_eq!(receipt_rows(&c).await, 8, "the receipt lists every request");
        // The receipt shows the sign-out right before the disable.
        let paths: Vec<String> = {
            let mut out = Vec::new();
            for row in c.find_all(Locator::Css("table.receipt-table tbody tr")).await.unwrap() {
                out.push(row.text().await.unwrap());
            }
            out
        };
        let sign_out = paths.iter().position(|r| r.contains("/security/activeconnections/logoutall/"));
        let disable = paths.iter().position(|r| r.contains("/people/status/2"));
        assert!(
            matches!((sign_out, disable), (Some(s), Some(d)) if s + 1 == d),
            "{paths:#?}"
        );
        screenshot(&c, "wizard-receipt").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_hands_rooms_over_before_deleting() {
    let sim = Sim::start(60).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let (leaver, heir) = {
        let leaver = sim
            .people(1, |u| {
                u.rooms_owned > 0
                    && u.status == EmployeeStatus::Active
                    && u.employee_type == EmployeeType::RoomAdmin
            })
            .pop()
            .expect("a room admin who owns rooms");
        let p = sim.portal.lock().unwrap();
        (leaver, p.role_user(Role::RoomAdmin).cloned().unwrap())
    };
    let portal = sim.portal.clone();
    journey("wizard-reassign", move |c| async move {
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, &field("Their email")).await.send_keys(&leaver.email).await.unwrap();
        find(&c, &button("Pick this account")).await.click().await.unwrap();
        at_step(&c, "2. Verify: read the account back").await;
        find(&c, "//p[contains(., 'They own rooms')]").await;
        find(&c, &button("Continue")).await.click().await.unwrap();
        at_step(&c, "3. Disable the account").await;
        find(&c, &button(&format!("Disable {}", leaver.display_name()))).await.click().await.unwrap();
        at_step(&c, "4. Hand over their rooms").await;
        pick_heir(&c, "heir", &heir).await;
        find(&c, &button("Hand over the rooms")).await.click().await.unwrap();
        at_step(&c, "5. Delete the account").await;
        assert_eq!(
            portal.lock().unwrap().user(&heir.id).unwrap().rooms_owned,
            heir.rooms_owned + leaver.rooms_owned,
            "the rooms moved"
        );
        find(&c, &field(&format!("Type {} to confirm", leaver.email))).await.send_keys(&leaver.email).await.unwrap();
        find(&c, &button(&format!("Delete {}", leaver.display_name()))).await.click().await.unwrap();
        find(&c, "//section[contains(@class,'receipt')]").await;
        let c2 = c.clone();
        until("the receipt lists the handover", move || {
            let c = c2.clone();
            async move {
                c.find_all(Locator::XPath("//table[contains(@class,'receipt-table')]//code[contains(., 'reassign/start')]"))
                    .await
                    .unwrap()
                    .len()
                    == 1
            }
        })
        .await;
        assert!(portal.lock().unwrap().user(&leaver.id).is_none());
    })
    .await;
}

/// The open preview's request line, URL and JSON body.
async fn preview(c: &Client) -> (String, String, serde_json::Value) {
    preview_nth(c, 1).await
}

/// The same, for the `n`th preview of the page (1-based).
async fn preview_nth(c: &Client, n: usize) -> (String, String, serde_json::Value) {
    let details = format!("(//details[contains(@class,'api-call')])[{n}]");
    find(c, &format!("{details}/summary"))
        .await
        .click()
        .await
        .unwrap();
    let line = find(
        c,
        &format!("{details}/pre[contains(@class,'request-line')]"),
    )
    .await
    .text()
    .await
    .unwrap();
    // A request without a body shows none.
    let body = match c
        .find(Locator::XPath(&format!(
            "{details}/pre[contains(@class,'request-body')]"
        )))
        .await
    {
        Ok(pre) => pre.text().await.unwrap(),
        Err(_) => "null".to_string(),
    };
    let curl = find(c, &format!("{details}/pre[contains(@class,'curl')]"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        curl.contains("Bearer sk-********"),
        "the key is masked: {curl}"
    );
    let (method, url) = line.split_once(' ').expect("METHOD URL");
    (
        method.to_string(),
        url.to_string(),
        serde_json::from_str(&body).expect("the preview's body is JSON"),
    )
}

/// Issue 13: "Show API request" shows the request its button sends, with what is typed on the
/// screen, and the portal receives exactly that (method, path and query, body).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_api_request_is_the_request_the_portal_receives() {
    let sim = Sim::start(40).await;
    let (base, key, faults) = (sim.base.clone(), sim.key(Role::Owner), sim.faults.clone());
    journey("wizard-preview", move |c| async move {
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        at_step(&c, "1. Pick the account, or create one").await;
        for (label, value) in [
            ("First name", "Priya"),
            ("Last name", "Preview"),
            ("Email", "priya.preview@example.com"),
        ] {
            find(&c, &field(label)).await.send_keys(value).await.unwrap();
        }
        let (method, url, body) = preview(&c).await;
        assert_eq!(method, "POST");
        assert_eq!(body["firstName"], "Priya");
        assert_eq!(body["lastName"], "Preview");
        assert_eq!(body["email"], "priya.preview@example.com");
        let sent = |faults: &docspace_sim::Faults, method: &str, route: &str| {
            faults
                .requests()
                .into_iter()
                .rev()
                .find(|r| r.method == method && r.route == route)
                .unwrap_or_else(|| panic!("the portal received {method} {route}"))
        };
        find(&c, &button("Create account")).await.click().await.unwrap();
        at_step(&c, "2. Verify: read the account back").await;
        let created = sent(&faults, "POST", "/api/2.0/people");
        assert_eq!(url, format!("{base}{}", created.target));
        assert_eq!(body, created.body, "the body received is the body shown");

        find(&c, &button("Continue")).await.click().await.unwrap();
        at_step(&c, "3. Disable the account").await;
        // Two requests: the sign-out everywhere, then the disable.
        let (out_method, out_url, _) = preview_nth(&c, 1).await;
        let (method, url, body) = preview_nth(&c, 2).await;
        find(&c, "//section[contains(@class,'step')]//button[starts-with(normalize-space(.), 'Disable ')]")
            .await
            .click()
            .await
            .unwrap();
        at_step(&c, "5. Delete the account").await;
        let signed_out = sent(
            &faults,
            "PUT",
            "/api/2.0/security/activeconnections/logoutall/{userId}",
        );
        assert_eq!(out_method, signed_out.method);
        assert_eq!(out_url, format!("{base}{}", signed_out.target));
        let disabled = sent(&faults, "PUT", "/api/2.0/people/status/{status}");
        assert_eq!(method, disabled.method);
        assert_eq!(url, format!("{base}{}", disabled.target));
        assert_eq!(body, disabled.body);
    })
    .await;
}
