//! The list as an administrator uses it every day (issue 15): a menu on each row whose
//! Disable is undone from its toast, a bulk bar that says for how many of the selected each
//! action applies, Delete for disabled people confirmed by typing the count, a phone layout
//! that can be sorted and never scrolls sideways, and all of it by keyboard and to axe.

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    button, field, find, journey, menu_pick, screenshot, set_theme, shown_emails, sign_in_with_key,
    tick_row, toast, until, until_count, Sim,
};
use docspace_sim::model::EmployeeStatus;
use docspace_sim::query::{PeopleFilter, SortBy};
use docspace_sim::Role;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

/// Names three active people "Trio", the third of them disabled, and returns their ids.
fn trio(sim: &Sim, third_disabled: bool) -> Vec<String> {
    let team = sim.active_users(3);
    let mut p = sim.portal.lock().unwrap();
    team.iter()
        .enumerate()
        .map(|(i, u)| {
            let user = p.user_mut(&u.id).unwrap();
            user.last_name = "Trio".into();
            if i == 2 && third_disabled {
                user.status = EmployeeStatus::Terminated;
            }
            user.id.clone()
        })
        .collect()
}

fn status_of(sim: &docspace_sim::SharedPortal, id: &str) -> Option<EmployeeStatus> {
    sim.lock().unwrap().user(id).map(|u| u.status)
}

/// The row menu button of the row showing `name`.
fn row_menu(name: &str) -> String {
    format!("//tbody//button[@aria-label='Actions for {name}']")
}

/// Waits until no dialog is open.
async fn until_no_dialog(c: &Client) {
    until("no dialog is open", || {
        let c = c.clone();
        async move {
            c.find_all(Locator::XPath("//dialog[@open]"))
                .await
                .unwrap()
                .is_empty()
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_from_a_row_menu_is_undone_from_its_toast() {
    let sim = Sim::start(40).await;
    let ids = trio(&sim, false);
    let name = sim
        .portal
        .lock()
        .unwrap()
        .user(&ids[0])
        .unwrap()
        .display_name();
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("list-row-menu", move |c| async move {
        c.goto(&format!("{base}/people?q=Trio")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 3 of 3 people").await;
        // By keyboard: the row's menu opens with Enter, the arrows move, Enter takes.
        let menu = find(&c, &row_menu(&name)).await;
        menu.send_keys(&Key::Enter.to_string()).await.unwrap();
        find(&c, "//ul[@role='menu']").await;
        let focused = c.active_element().await.unwrap().text().await.unwrap();
        assert_eq!(focused, "Open", "the first entry has the focus");
        c.active_element()
            .await
            .unwrap()
            .send_keys(&Key::Down.to_string())
            .await
            .unwrap();
        let focused = c.active_element().await.unwrap().text().await.unwrap();
        assert_eq!(focused, "Disable…");
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("a row's menu ({theme})")).await;
        }
        screenshot(&c, "list-row-menu").await;
        c.active_element()
            .await
            .unwrap()
            .send_keys(&Key::Enter.to_string())
            .await
            .unwrap();
        find(&c, &format!("//dialog[@open]//h2[normalize-space(.)='Disable {name}?']")).await;
        find(&c, &format!("//dialog[@open]//button[normalize-space(.)='Disable {name}']"))
            .await
            .click()
            .await
            .unwrap();
        let shown = toast(&c, &format!("{name} is disabled.")).await;
        screenshot(&c, "list-toast").await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the list with a toast ({theme})")).await;
        }
        let p2 = portal.clone();
        let id = ids[0].clone();
        until("the portal holds them disabled", move || {
            let (p, id) = (p2.clone(), id.clone());
            async move { status_of(&p, &id) == Some(EmployeeStatus::Terminated) }
        })
        .await;
        // The row says so, and stays in view.
        find(
            &c,
            &format!("//tbody/tr[.//a[normalize-space(.)='{name}']]//td[contains(@class,'status')][normalize-space(.)='Disabled']"),
        )
        .await;
        shown
            .find(Locator::XPath(".//button[normalize-space(.)='Enable again']"))
            .await
            .expect("the toast offers Enable again")
            .click()
            .await
            .unwrap();
        let p2 = portal.clone();
        let id = ids[0].clone();
        until("the portal holds them active again", move || {
            let (p, id) = (p2.clone(), id.clone());
            async move { status_of(&p, &id) == Some(EmployeeStatus::Active) }
        })
        .await;
        find(
            &c,
            &format!("//tbody/tr[.//a[normalize-space(.)='{name}']]//td[contains(@class,'status')][normalize-space(.)='']"),
        )
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bulk_bar_counts_and_deletes_disabled_people_after_typing_the_count() {
    let sim = Sim::start(40).await;
    let ids = trio(&sim, true);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("list-bulk-bar", move |c| async move {
        c.goto(&format!("{base}/people?q=Trio")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 3 of 3 people").await;
        // The header checkbox selects the rows shown.
        find(&c, "//thead//input[@type='checkbox']")
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//div[contains(@class,'bulk-bar')]//p[normalize-space(.)='3 selected']",
        )
        .await;
        find(&c, &button("Disable (2 of 3)…")).await;
        screenshot(&c, "list-bulk-bar").await;
        // Delete is there, unavailable while active people are selected, saying why.
        find(
            &c,
            "//button[@aria-haspopup='menu' and starts-with(normalize-space(.),'More')]",
        )
        .await
        .click()
        .await
        .unwrap();
        let delete = find(
            &c,
            "//ul[@role='menu']//button[starts-with(normalize-space(.),'Delete')]",
        )
        .await;
        assert_eq!(
            delete.attr("aria-disabled").await.unwrap().as_deref(),
            Some("true")
        );
        c.active_element()
            .await
            .unwrap()
            .send_keys(&Key::Escape.to_string())
            .await
            .unwrap();
        // Esc closed the menu only: the selection is still there.
        find(
            &c,
            "//div[contains(@class,'bulk-bar')]//p[normalize-space(.)='3 selected']",
        )
        .await;
        // The header checkbox clears; then only the disabled one.
        find(&c, "//thead//input[@type='checkbox']")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//select[@id='status-filter']")
            .await
            .select_by_value("disabled")
            .await
            .unwrap();
        until_count(&c, "Showing 1 of 1 people").await;
        tick_row(&c, 1).await;
        find(&c, &button("Enable (1)…")).await;
        menu_pick(&c, "More", "Delete (1)").await;
        find(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Delete 1 person']",
        )
        .await;
        screenshot(&c, "list-bulk-delete").await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the bulk Delete dialog ({theme})")).await;
        }
        let confirm = find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Delete 1 person']",
        )
        .await;
        assert!(
            confirm.attr("disabled").await.unwrap().is_some(),
            "not before the count is typed"
        );
        find(&c, &field("Type 1 to confirm"))
            .await
            .send_keys("1")
            .await
            .unwrap();
        until("the count unlocks Delete", || {
            let confirm = confirm.clone();
            async move { confirm.attr("disabled").await.unwrap().is_none() }
        })
        .await;
        confirm.click().await.unwrap();
        toast(&c, "Deleted 1 person.").await;
        until_no_dialog(&c).await;
        assert_eq!(status_of(&portal, &ids[2]), None, "deleted on the portal");
        assert!(status_of(&portal, &ids[0]).is_some() && status_of(&portal, &ids[1]).is_some());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_list_sorts_and_never_scrolls_sideways() {
    let sim = Sim::start(120).await;
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    let by_email_desc = {
        let mut all = sim.emails(&PeopleFilter {
            sort_by: SortBy::Email,
            descending: true,
            ..PeopleFilter::default()
        });
        all.truncate(5);
        all
    };
    journey("list-phone", move |c| async move {
        c.set_window_size(390, 844).await.unwrap();
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 100 of 120 people").await;
        let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
        assert_eq!(
            c.execute(fits, vec![]).await.unwrap(),
            json!(true),
            "sideways at 390 px"
        );
        // The headers are hidden; the Sort control is there instead.
        find(&c, "//select[@id='sort-by']")
            .await
            .select_by_value("email-desc")
            .await
            .unwrap();
        until("sorted by email, descending", || {
            let c = c.clone();
            let expected = by_email_desc.clone();
            async move {
                let shown = shown_emails(&c).await;
                shown.len() >= 5 && shown[..5] == expected[..]
            }
        })
        .await;
        assert!(docspace_e2e::path_and_query(&c)
            .await
            .contains("sort=email"));
        // The top bar folds into Menu; the places are there.
        find(&c, "//button[@id='nav-toggle']")
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//nav[@id='main-nav' and contains(@class,'open')]//a[normalize-space(.)='People']",
        )
        .await;
        screenshot(&c, "list-phone-menu").await;
        assert_accessible(&c, "the phone's menu").await;
        find(&c, "//button[@id='nav-toggle']")
            .await
            .click()
            .await
            .unwrap();
        tick_row(&c, 1).await;
        tick_row(&c, 2).await;
        assert_eq!(
            c.execute(fits, vec![]).await.unwrap(),
            json!(true),
            "sideways with a selection"
        );
        screenshot(&c, "list-phone-selection").await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the list on a phone ({theme})")).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_counts_what_it_has_read() {
    // Slow enough that each page of the export is seen.
    let sim = Sim::slow(250, 700).await;
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    journey("list-export-progress", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 100 of 250 people").await;
        docspace_e2e::keep_downloads(&c).await;
        // Watch the button's words as the export runs.
        c.execute(
            "window.__said = []; const b = document.querySelector('button.export'); \
             new MutationObserver(() => window.__said.push(b.textContent)) \
               .observe(b, { childList: true, subtree: true, characterData: true });",
            vec![],
        )
        .await
        .unwrap();
        find(&c, &button("Export CSV")).await.click().await.unwrap();
        toast(&c, "Exported 250 people.").await;
        let said = c.execute("return window.__said", vec![]).await.unwrap();
        let said: Vec<String> = serde_json::from_value(said).unwrap();
        // Different people found of 250, page after page: the count only grows (a repeat
        // among equal names is not progress), and passes through the pages.
        let counts: Vec<u64> = said
            .iter()
            .filter_map(|s| {
                s.strip_prefix("Exporting ")?
                    .strip_suffix("/250…")?
                    .parse()
                    .ok()
            })
            .collect();
        assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{said:?}");
        assert!(counts.iter().any(|&n| n > 0 && n <= 100), "{said:?}");
        assert!(counts.iter().any(|&n| n > 100 && n <= 250), "{said:?}");
        assert_eq!(
            said.last().map(String::as_str),
            Some("Export CSV"),
            "{said:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unpaid_portal_is_named_as_such_when_a_change_is_refused() {
    let sim = Sim::start(40).await;
    let ids = trio(&sim, false);
    let name = sim
        .portal
        .lock()
        .unwrap()
        .user(&ids[0])
        .unwrap()
        .display_name();
    sim.portal.lock().unwrap().set_unpaid(true);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("list-unpaid", move |c| async move {
        // Signing in and the list still work on an unpaid portal; changes do not.
        c.goto(&format!("{base}/people?q=Trio")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 3 of 3 people").await;
        find(&c, &row_menu(&name)).await.click().await.unwrap();
        docspace_e2e::pick_entry(&c, "Disable").await;
        find(&c, &format!("//dialog[@open]//button[normalize-space(.)='Disable {name}']"))
            .await
            .click()
            .await
            .unwrap();
        let error = find(
            &c,
            "//dialog[@open]//p[contains(@class,'error') and contains(., 'subscription does not allow changes')]",
        )
        .await;
        assert!(
            !error.text().await.unwrap().contains("seat"),
            "not a seat limit: {:?}",
            error.text().await
        );
        assert_eq!(status_of(&portal, &ids[0]), Some(EmployeeStatus::Active));
    })
    .await;
}

/// Issue 16: the portal pages without a tie-breaker, so a thousand people sharing three first
/// names move between pages from one request to the next. "Select all 1000 matching" still
/// collects each of them exactly once: after the bulk disable every one of them is disabled on
/// the portal, checked by ID.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_all_matching_collects_exactly_the_thousand_despite_ties_on_every_page() {
    let sim = Sim::start(1100).await;
    let thousand: Vec<String> = {
        let mut p = sim.portal.lock().unwrap();
        let ids: Vec<String> = p
            .users
            .iter()
            .skip(5)
            .filter(|u| !u.is_owner)
            .take(1000)
            .map(|u| u.id.clone())
            .collect();
        for (i, id) in ids.iter().enumerate() {
            let u = p.user_mut(id).unwrap();
            u.first_name = ["Alex", "Sam", "Kim"][i % 3].into();
            u.last_name = "Tiedrow".into();
            u.status = EmployeeStatus::Active;
            u.employee_type = docspace_sim::model::EmployeeType::User;
        }
        ids
    };
    assert_eq!(thousand.len(), 1000);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey("list-select-all-ties", move |c| async move {
        c.goto(&format!("{base}/people?q=Tiedrow")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 100 of 1000 people").await;
        tick_row(&c, 1).await;
        find(&c, &button("Select all 1000 matching"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, &button("Disable…")).await.click().await.unwrap();
        find(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Disable 1000 people']",
        )
        .await;
        find(&c, &button("Disable 1000 people"))
            .await
            .click()
            .await
            .unwrap();
        docspace_e2e::find_within(
            &c,
            "//ol[contains(@class,'toasts')]//span[contains(@class,'toast-message') and starts-with(normalize-space(.),'Disabled 1000 people')]",
            std::time::Duration::from_secs(60),
        )
        .await;
        let p = portal.lock().unwrap();
        let still_active: Vec<&String> = thousand
            .iter()
            .filter(|id| p.user(id).unwrap().status != EmployeeStatus::Terminated)
            .collect();
        assert!(
            still_active.is_empty(),
            "{} of the 1000 were left out of the bulk disable",
            still_active.len()
        );
    })
    .await;
}
