//! Journeys through the people list and profiles (issue: panel core).

use docspace_e2e::offboarding::pick_heir;
use docspace_e2e::{
    assert_portal_page, button, count_text, download, field, find, journey, keep_downloads,
    path_and_query, pick_entry, screenshot, shown_emails, sign_in_with_key, until, until_count,
    Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::query::{PeopleFilter, SortBy};
use docspace_sim::Role;
use fantoccini::Locator;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_email_and_password() {
    let sim = Sim::start(30).await;
    let base = sim.base.clone();
    let owner = sim.portal.lock().unwrap().users[0].clone();
    journey("password", move |c| async move {
        c.goto(&base).await.unwrap();
        find(&c, "//label[normalize-space(.)='Email and password']")
            .await
            .click()
            .await
            .unwrap();
        find(&c, &field("Email"))
            .await
            .send_keys(&owner.email)
            .await
            .unwrap();
        find(&c, &field("Password"))
            .await
            .send_keys("wrong password")
            .await
            .unwrap();
        find(&c, &button("Sign in")).await.click().await.unwrap();
        find(
            &c,
            "//p[@id='password-error' and contains(., 'did not accept')]",
        )
        .await;
        let password = find(&c, &field("Password")).await;
        password.clear().await.unwrap();
        password.send_keys(&owner.password).await.unwrap();
        find(&c, &button("Sign in")).await.click().await.unwrap();
        until_count(&c, "Showing 30 of 30 people").await;
        let me = find(&c, "//header//span[@class='me']")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(me, owner.display_name());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_narrows_the_list_and_the_url() {
    let sim = Sim::start(150).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let expected = sim.emails(&PeopleFilter::default().with_search("anna", None));
    assert!(!expected.is_empty() && expected.len() < 100);
    let portal = sim.portal.clone();
    journey("search", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, &field("Search"))
            .await
            .send_keys("anna")
            .await
            .unwrap();
        until_count(
            &c,
            &format!("Showing {n} of {n} people", n = expected.len()),
        )
        .await;
        assert_portal_page(
            &portal,
            &PeopleFilter::default().with_search("anna", None),
            &shown_emails(&c).await,
        );
        assert_eq!(path_and_query(&c).await, "/people?q=anna");
        screenshot(&c, "search").await;
        // Usable on a phone: at 360 px nothing runs off the side.
        c.set_window_size(360, 800).await.unwrap();
        let fits = c
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(fits, json!(true), "the page scrolls sideways at 360 px");
        screenshot(&c, "search-360").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filtered_view_opened_from_its_url_in_a_new_session_shows_the_same_rows() {
    let sim = Sim::start(150).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let filter = PeopleFilter {
        status_flags: Some(EmployeeStatus::Active as u8),
        types: vec![EmployeeType::User],
        sort_by: SortBy::Email,
        descending: true,
        ..Default::default()
    };
    let expected = sim.emails(&filter);
    let portal = sim.portal.clone();
    journey("shared-view", move |c| async move {
        let view = "/people?status=active&type=user&sort=email&order=desc";
        c.goto(&format!("{base}{view}")).await.unwrap();
        // No session in this browser: sign in first, then the same view.
        find(&c, "//h1[normalize-space(.)='Sign in to DocSpace Admin']").await;
        sign_in_with_key(&c, &key).await;
        until_count(
            &c,
            &format!("Showing {n} of {n} people", n = expected.len()),
        )
        .await;
        assert_eq!(path_and_query(&c).await, view);
        // By email: unique, so the order is exact.
        assert_eq!(shown_emails(&c).await, expected);
        assert_portal_page(&portal, &filter, &shown_emails(&c).await);
        let status = find(&c, "//select[@id='status-filter']")
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(status.as_deref(), Some("active"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrolling_loads_the_next_page() {
    let sim = Sim::start(250).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let expected = sim.emails(&PeopleFilter::default());
    let portal = sim.portal.clone();
    journey("scroll", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 100 of 250 people").await;
        c.execute(
            "document.querySelector('.sentinel').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
        // The second page: people repeated from the first (equal names move between pages)
        // are shown once.
        until("the second page", || {
            let c = c.clone();
            async move {
                let shown: Option<usize> = count_text(&c)
                    .await
                    .strip_prefix("Showing ")
                    .and_then(|t| t.split(' ').next()?.parse().ok());
                shown.is_some_and(|n| n > 150 && n <= 200)
            }
        })
        .await;
        c.execute(
            "document.querySelector('.sentinel').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
        until_count(&c, "Showing 250 of 250 people").await;
        // The portal pages without a tie-breaker: everyone once, whoever the pages skipped
        // added at the end, and the rows before them in the portal's order.
        let shown = shown_emails(&c).await;
        let (mut sorted_shown, mut sorted_expected) = (shown.clone(), expected.clone());
        sorted_shown.sort();
        sorted_expected.sort();
        assert_eq!(sorted_shown, sorted_expected, "every page, once");
        let filled_in = c.find(Locator::Css("div.list-head p.hint")).await.ok();
        let late = match filled_in {
            Some(p) => p
                .text()
                .await
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap(),
            None => 0,
        };
        docspace_e2e::assert_portal_order(
            &portal,
            &PeopleFilter::default(),
            &shown[..shown.len() - late],
            false,
        );
        let more = c
            .find_all(Locator::XPath(&button("Load more")))
            .await
            .unwrap();
        assert!(more.is_empty(), "nothing more to load");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sort_by_email_both_ways() {
    let sim = Sim::start(60).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let up = sim.emails(&PeopleFilter {
        sort_by: SortBy::Email,
        ..Default::default()
    });
    let down: Vec<String> = up.iter().rev().cloned().collect();
    journey("sort", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        let email_header = "//th[button[starts-with(normalize-space(.),'Email')]]";
        find(&c, &format!("{email_header}//button"))
            .await
            .click()
            .await
            .unwrap();
        let c2 = c.clone();
        let up2 = up.clone();
        until("rows sorted by email", move || {
            let c = c2.clone();
            let up = up2.clone();
            async move { shown_emails(&c).await == up }
        })
        .await;
        assert_eq!(path_and_query(&c).await, "/people?sort=email");
        assert_eq!(
            find(&c, email_header)
                .await
                .attr("aria-sort")
                .await
                .unwrap()
                .as_deref(),
            Some("ascending")
        );
        find(&c, &format!("{email_header}//button"))
            .await
            .click()
            .await
            .unwrap();
        let c2 = c.clone();
        until("rows sorted by email, descending", move || {
            let c = c2.clone();
            let down = down.clone();
            async move { shown_emails(&c).await == down }
        })
        .await;
        assert_eq!(
            find(&c, email_header)
                .await
                .attr("aria-sort")
                .await
                .unwrap()
                .as_deref(),
            Some("descending")
        );
        assert_eq!(path_and_query(&c).await, "/people?sort=email&order=desc");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_a_profile() {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let target = sim
        .portal
        .lock()
        .unwrap()
        .role_user(Role::User)
        .cloned()
        .unwrap();
    journey("profile", move |c| async move {
        c.goto(&format!("{base}/people?q={}", target.email))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 1 of 1 people").await;
        find(&c, "//table//a[contains(@class,'name')]")
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            &format!("//h1[normalize-space(.)='{}']", target.display_name()),
        )
        .await;
        assert_eq!(path_and_query(&c).await, format!("/people/{}", target.id));
        let email = find(&c, "//dt[.='Email']/following-sibling::dd[1]")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(email, target.email);
        let kind = find(&c, "//dt[.='Type']/following-sibling::dd[1]")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(kind, "User");
        // An admin may disable this user, and may not delete them before that: the button
        // is disabled and says why.
        let disable = find(&c, &button("Disable")).await;
        assert_eq!(disable.attr("disabled").await.unwrap(), None);
        let delete = find(&c, &button("Delete")).await;
        assert!(delete.attr("disabled").await.unwrap().is_some());
        let reason_id = delete
            .attr("aria-describedby")
            .await
            .unwrap()
            .expect("a reason");
        let reason = find(&c, &format!("//*[@id='{reason_id}']"))
            .await
            .text()
            .await
            .unwrap();
        assert!(reason.contains("Disable the account first"), "{reason}");
        screenshot(&c, "profile").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_export_of_every_filtered_user() {
    let sim = Sim::start(400).await;
    {
        // Exactly 250 guests, so that the export spans three pages.
        let mut portal = sim.portal.lock().unwrap();
        for (i, user) in portal.users.iter_mut().enumerate().skip(1) {
            user.employee_type = if i <= 250 {
                EmployeeType::Guest
            } else {
                EmployeeType::User
            };
        }
    }
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let expected = sim.emails(&PeopleFilter {
        types: vec![EmployeeType::Guest],
        ..Default::default()
    });
    assert_eq!(expected.len(), 250);
    journey("csv", move |c| async move {
        c.goto(&format!("{base}/people?type=guest")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 100 of 250 people").await;
        // Keep what the page hands to the download, as the browser would save it.
        keep_downloads(&c).await;
        let csv = download(&c, "Export CSV").await;
        docspace_e2e::toast(&c, "Exported 250 people.").await;
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 251);
        assert!(lines[0].starts_with("Name,First name,Last name,Email,Type,Status"));
        let mut emails: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.split(',').nth(3).unwrap())
            .collect();
        // Everyone once (the portal's pages repeat and skip equal names: collected by ID).
        emails.sort();
        let mut expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        expected.sort();
        assert_eq!(emails, expected);
        assert!(lines[1..].iter().all(|l| l.contains(",Guest,")));
        assert_eq!(
            count_text(&c).await,
            "Showing 100 of 250 people",
            "the export did not touch the list"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_revoked_mid_session_returns_to_sign_in_with_the_reason() {
    let sim = Sim::start(60).await;
    let base = sim.base.clone();
    let admin_key = sim.key(Role::Admin);
    let owner_key = sim.key(Role::Owner);
    let portal = sim.portal.clone();
    journey("revoked", move |c| async move {
        c.goto(&format!("{base}/people?status=active"))
            .await
            .unwrap();
        sign_in_with_key(&c, &admin_key).await;
        // The page's own first requests answered (its first rows, the groups for the Group
        // filter), so that the refusal below comes from the search.
        until("the list and its groups are loaded", || {
            let c = c.clone();
            async move {
                c.execute(
                    "return document.querySelectorAll('#group-filter option').length > 2
                        && /^Showing \\d+ of \\d+ people$/.test(
                            document.querySelector('p.count')?.textContent ?? '')",
                    vec![],
                )
                .await
                .is_ok_and(|v| v == json!(true))
            }
        })
        .await;
        // The admin is disabled in the portal meanwhile: their key stops working.
        {
            let mut p = portal.lock().unwrap();
            let admin = p.role_user(Role::Admin).unwrap().id.clone();
            p.user_mut(&admin).unwrap().status = EmployeeStatus::Terminated;
        }
        find(&c, &field("Search"))
            .await
            .send_keys("a")
            .await
            .unwrap();
        find(
            &c,
            "//p[contains(@class,'notice') and contains(., 'rejected the API key')]",
        )
        .await;
        assert_eq!(path_and_query(&c).await, "/sign-in");
        let stored = c
            .execute(
                "return sessionStorage.getItem('docspace-admin.session')",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(stored, json!(null), "the rejected session is gone");
        // Signing in again returns to the page the person was on.
        sign_in_with_key(&c, &owner_key).await;
        assert_eq!(path_and_query(&c).await, "/people?q=a&status=active");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disable_then_delete_from_the_profile_with_confirmations() {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let target = sim
        .portal
        .lock()
        .unwrap()
        .role_user(Role::User)
        .cloned()
        .unwrap();
    let portal = sim.portal.clone();
    journey("profile-actions", move |c| async move {
        c.goto(&format!("{base}/people/{}", target.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        find(
            &c,
            &format!("//h1[normalize-space(.)='{}']", target.display_name()),
        )
        .await;
        // Esc closes the confirmation without doing anything.
        find(&c, &button("Disable")).await.click().await.unwrap();
        let dialog = find(&c, "//dialog[@open]").await;
        let text = dialog.text().await.unwrap();
        assert!(
            text.contains(&target.email) && text.contains("will not be able to sign in"),
            "{text}"
        );
        dialog.send_keys("\u{e00c}").await.unwrap();
        let c2 = c.clone();
        until("the dialog closes", move || {
            let c = c2.clone();
            async move {
                c.find_all(Locator::XPath("//dialog[@open]"))
                    .await
                    .unwrap()
                    .is_empty()
            }
        })
        .await;
        assert_eq!(
            portal.lock().unwrap().user(&target.id).unwrap().status,
            EmployeeStatus::Active
        );

        find(&c, &button("Disable")).await.click().await.unwrap();
        find(&c, &button(&format!("Disable {}", target.display_name())))
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//p[contains(@class,'subtitle')]//span[normalize-space(.)='Disabled']",
        )
        .await;
        assert_eq!(
            portal.lock().unwrap().user(&target.id).unwrap().status,
            EmployeeStatus::Terminated
        );

        find(&c, &button("Delete")).await.click().await.unwrap();
        find(&c, &button(&format!("Delete {}", target.display_name())))
            .await
            .click()
            .await
            .unwrap();
        let c2 = c.clone();
        until("back on the list", move || {
            let c = c2.clone();
            async move { path_and_query(&c).await == "/people" }
        })
        .await;
        assert!(
            portal.lock().unwrap().user(&target.id).is_none(),
            "deleted in the portal"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_disable_acts_only_on_eligible_people_and_reports_each() {
    let sim = Sim::start(40).await;
    let (owner, a, b) = {
        let picks: Vec<String> = sim.active_users(2).into_iter().map(|u| u.id).collect();
        let mut p = sim.portal.lock().unwrap();
        let owner = p.role_user(Role::Owner).cloned().unwrap();
        for id in picks.iter().chain([&owner.id]) {
            p.user_mut(id).unwrap().last_name = "Team".into();
        }
        (
            p.user(&owner.id).cloned().unwrap(),
            p.user(&picks[0]).cloned().unwrap(),
            p.user(&picks[1]).cloned().unwrap(),
        )
    };
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let portal = sim.portal.clone();
    journey("bulk-disable", move |c| async move {
        c.goto(&format!("{base}/people?q=team")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 3 of 3 people").await;
        for row in 1..=3 {
            c.find(Locator::Css(&format!(
                "tbody tr:nth-child({row}) input[type=checkbox]"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        }
        // Two of the three can be disabled (the third is the owner).
        find(&c, &button("Disable (2 of 3)…"))
            .await
            .click()
            .await
            .unwrap();
        let dialog = find(&c, "//dialog[@open]").await;
        find(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Disable 2 people']",
        )
        .await;
        let text = dialog.text().await.unwrap();
        assert!(
            text.contains(&format!(
                "{} ({}): The portal owner's account cannot be disabled.",
                owner.display_name(),
                owner.email
            )),
            "{text}"
        );
        for who in [&a, &b] {
            assert!(
                text.contains(&format!("{} ({})", who.display_name(), who.email)),
                "names {}: {text}",
                who.email
            );
        }
        find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Disable 2 people']",
        )
        .await
        .click()
        .await
        .unwrap();
        // Done for everyone: the dialog closes itself and a toast says what was done.
        docspace_e2e::toast(&c, "Disabled 2 people.").await;
        until("the dialog closed itself", || {
            let c = c.clone();
            async move {
                c.find_all(Locator::XPath("//dialog[@open]"))
                    .await
                    .unwrap()
                    .is_empty()
            }
        })
        .await;
        let c2 = c.clone();
        until("the list shows them disabled", move || {
            let c = c2.clone();
            async move {
                let cells = c.find_all(Locator::Css("tbody td.status")).await.unwrap();
                let mut disabled = 0;
                for cell in cells {
                    if cell.text().await.unwrap() == "Disabled" {
                        disabled += 1;
                    }
                }
                disabled == 2
            }
        })
        .await;
        let p = portal.lock().unwrap();
        assert_eq!(p.user(&a.id).unwrap().status, EmployeeStatus::Terminated);
        assert_eq!(p.user(&b.id).unwrap().status, EmployeeStatus::Terminated);
        assert_eq!(p.user(&owner.id).unwrap().status, EmployeeStatus::Active);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lowering_a_room_admin_to_user_moves_their_rooms_first() {
    let sim = Sim::start(60).await;
    let (target, heir) = {
        let target = sim
            .people(1, |u| {
                u.employee_type == EmployeeType::RoomAdmin && u.status == EmployeeStatus::Active
            })
            .remove(0);
        let mut p = sim.portal.lock().unwrap();
        p.user_mut(&target.id).unwrap().rooms_owned = 3;
        (
            p.user(&target.id).cloned().unwrap(),
            p.role_user(Role::RoomAdmin).cloned().unwrap(),
        )
    };
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let portal = sim.portal.clone();
    journey("lower-type", move |c| async move {
        c.goto(&format!("{base}/people/{}", target.id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        // The plain type change refuses a downgrade and says where to go instead.
        find(
            &c,
            "//button[@aria-haspopup='menu' and starts-with(normalize-space(.),'Change type')]",
        )
        .await
        .click()
        .await
        .unwrap();
        let make_user = find(
            &c,
            "//ul[@role='menu']//button[@role='menuitem' and normalize-space(.)='Make user']",
        )
        .await;
        assert_eq!(
            make_user.attr("aria-disabled").await.unwrap().as_deref(),
            Some("true")
        );
        pick_entry(&c, "Lower to user").await;
        let confirm = find(&c, &button("Move rooms and lower to user")).await;
        assert!(
            confirm.attr("disabled").await.unwrap().is_some(),
            "not before someone is chosen"
        );
        pick_heir(&c, "lower-heir", &heir).await;
        find(&c, &button("Move rooms and lower to user"))
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//dt[.='Type']/following-sibling::dd[1][normalize-space(.)='User']",
        )
        .await;
        let p = portal.lock().unwrap();
        assert_eq!(
            p.user(&target.id).unwrap().employee_type,
            EmployeeType::User
        );
        assert_eq!(p.user(&heir.id).unwrap().rooms_owned, heir.rooms_owned + 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_an_account_refusing_a_taken_email_next_to_the_field() {
    let sim = Sim::start(20).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let taken = sim
        .portal
        .lock()
        .unwrap()
        .role_user(Role::User)
        .cloned()
        .unwrap();
    let portal = sim.portal.clone();
    journey("new-account", move |c| async move {
        c.goto(&format!("{base}/people/new")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        // An admin may create users and room admins, not DocSpace admins.
        let options = c.find_all(Locator::Css("#new-type option")).await.unwrap();
        let mut kinds = Vec::new();
        for o in options {
            kinds.push(o.text().await.unwrap());
        }
        assert_eq!(kinds, ["User", "Room admin"]);
        find(&c, &field("First name"))
            .await
            .send_keys("Ada")
            .await
            .unwrap();
        find(&c, &field("Last name"))
            .await
            .send_keys("Lovelace")
            .await
            .unwrap();
        let email = find(&c, &field("Email")).await;
        email.send_keys(&taken.email.to_uppercase()).await.unwrap();
        find(&c, &button("Create account"))
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//p[@id='new-email-error' and contains(., 'already in the portal')]",
        )
        .await;
        assert_eq!(
            find(&c, &field("First name"))
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some("Ada")
        );
        email.clear().await.unwrap();
        email.send_keys("ada.lovelace@example.com").await.unwrap();
        find(&c, &button("Create account"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//h1[normalize-space(.)='Ada Lovelace']").await;
        let created = portal
            .lock()
            .unwrap()
            .user_by_email("ada.lovelace@example.com")
            .cloned()
            .unwrap();
        assert_eq!(path_and_query(&c).await, format!("/people/{}", created.id));
        assert_eq!(created.employee_type, EmployeeType::User);
    })
    .await;
}
