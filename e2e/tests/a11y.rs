//! Accessibility (issue 6): axe-core finds no violations on the panel's screens, in light and
//! in dark, and the single-user wizard can be completed with the keyboard alone, with focus
//! always visible.

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::offboarding::{click, pick_heir, review_pasted};
use docspace_e2e::{
    button, field, find, journey, screenshot, sign_in_with_key, tick_row, until, until_count, Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::{json, Value};

const THEMES: [&str; 2] = ["light", "dark"];

/// Waits until the page shows `theme` (`<html data-theme=…>`).
async fn until_theme(c: &Client, theme: &str) {
    let c = c.clone();
    let theme = theme.to_string();
    until(&format!("the page is {theme}"), move || {
        let c = c.clone();
        let theme = theme.clone();
        async move {
            c.execute(
                "return document.documentElement.getAttribute('data-theme')",
                vec![],
            )
            .await
            .unwrap()
                == json!(theme)
        }
    })
    .await;
}

/// Chooses `theme` with the top bar's Theme switch.
async fn choose_theme(c: &Client, theme: &str) {
    docspace_e2e::open_user_menu(c).await;
    find(c, "//header//select[@id=//label[.='Theme']/@for]")
        .await
        .select_by_value(theme)
        .await
        .unwrap();
    until_theme(c, theme).await;
    // Closed again (Esc), so that the screen is checked as a person sees it.
    find(c, "//button[@id='user-toggle']")
        .await
        .click()
        .await
        .expect("close the user menu");
}

/// Checks a signed-in screen in light, then in dark, switching with the top bar.
async fn check_both_themes(c: &Client, screen: &str) {
    for theme in THEMES {
        choose_theme(c, theme).await;
        screenshot(c, &format!("a11y-{}-{theme}", screen.replace(' ', "-"))).await;
        assert_accessible(c, &format!("{screen} ({theme})")).await;
    }
}

/// Opens a modal dialog with the button `opener` in light, then in dark, checks it, and closes
/// it with its Cancel button.
async fn check_dialog(c: &Client, screen: &str, opener: &str) {
    for theme in THEMES {
        choose_theme(c, theme).await;
        find(c, opener).await.click().await.unwrap();
        find(c, "//dialog[@open]").await;
        screenshot(c, &format!("a11y-{}-{theme}", screen.replace(' ', "-"))).await;
        assert_accessible(c, &format!("{screen} ({theme})")).await;
        find(c, "//dialog[@open]//button[normalize-space(.)='Cancel']")
            .await
            .click()
            .await
            .unwrap();
        let c2 = c.clone();
        until("the dialog closes", move || {
            let c = c2.clone();
            async move {
                c.execute(
                    "return document.querySelector('dialog[open]') === null",
                    vec![],
                )
                .await
                .unwrap()
                    == json!(true)
            }
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_has_no_violations_in_light_and_dark() {
    let sim = Sim::start(10).await;
    let base = sim.base.clone();
    journey("a11y-sign-in", move |c| async move {
        c.goto(&format!("{base}/sign-in")).await.unwrap();
        for theme in THEMES {
            // No top bar before signing in: the theme the panel remembers applies on load.
            c.execute(
                "localStorage.setItem('docspace-admin.theme', arguments[0])",
                vec![json!(theme)],
            )
            .await
            .unwrap();
            c.refresh().await.unwrap();
            find(&c, "//h1[normalize-space(.)='Sign in to DocSpace Admin']").await;
            until_theme(&c, theme).await;
            assert_accessible(&c, &format!("sign-in ({theme})")).await;

            // Refused: the messages beside the fields are read too.
            find(&c, &button("Sign in")).await.click().await.unwrap();
            find(&c, "//p[@id='api-key-error' and normalize-space(.)!='']").await;
            assert_accessible(&c, &format!("sign-in with an error ({theme})")).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_profile_and_new_account_have_no_violations_in_light_and_dark() {
    let sim = Sim::start(150).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let someone = sim.active_users(1).pop().expect("an active user");
    journey("a11y-people", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 100 of 150 people").await;
        check_both_themes(&c, "the people list").await;

        // With a selection: the bulk bar, and a bulk action's dialog (Cancel keeps the
        // selection: nothing was sent).
        for theme in THEMES {
            choose_theme(&c, theme).await;
            let row = find(&c, "//tbody/tr[2]//input[@type='checkbox']").await;
            if !row.is_selected().await.unwrap() {
                row.click().await.unwrap();
            }
            find(&c, "//div[contains(@class,'bulk-bar')]").await;
            screenshot(&c, &format!("a11y-selection-{theme}")).await;
            assert_accessible(&c, &format!("the people list with a selection ({theme})")).await;
            // The bar's status change (Disable, or Enable for a disabled row).
            find(
                &c,
                "//div[contains(@class,'bulk-bar')]//span[@class='bulk-actions']/button[1]",
            )
            .await
            .click()
            .await
            .unwrap();
            find(&c, "//dialog[@open]").await;
            screenshot(&c, &format!("a11y-bulk-dialog-{theme}")).await;
            assert_accessible(&c, &format!("the bulk Disable dialog ({theme})")).await;
            find(&c, "//dialog[@open]//button[normalize-space(.)='Cancel']")
                .await
                .click()
                .await
                .unwrap();
            find(
                &c,
                "//div[contains(@class,'bulk-bar')]//p[normalize-space(.)='1 selected']",
            )
            .await;
        }

        c.goto(&format!("{base}/people/{}", someone.id))
            .await
            .unwrap();
        find(
            &c,
            &format!("//h1[normalize-space(.)='{}']", someone.display_name()),
        )
        .await;
        check_both_themes(&c, "a profile").await;

        // The confirmation dialog, open (the theme is chosen before: the dialog is modal).
        check_dialog(&c, "a profile's Disable dialog", &button("Disable")).await;

        c.goto(&format!("{base}/people/new")).await.unwrap();
        find(&c, "//h1[normalize-space(.)='New account']").await;
        check_both_themes(&c, "the new account form").await;
        find(&c, &button("Create account"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//p[@id='first-name-error' and normalize-space(.)!='']").await;
        check_both_themes(&c, "the new account form with errors").await;
    })
    .await;
}

/// Waits until the wizard shows the step titled `title`.
async fn at_step(c: &Client, title: &str) {
    find(
        c,
        &format!("//section[contains(@class,'step')]/h2[normalize-space(.)='{title}']"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_wizard_step_has_no_violations_in_light_and_dark() {
    let sim = Sim::start(60).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let leaver = sim
        .people(1, |u| {
            u.rooms_owned > 0
                && u.status == EmployeeStatus::Active
                && u.employee_type == EmployeeType::RoomAdmin
        })
        .pop()
        .expect("a room admin who owns rooms");
    let heir = {
        let p = sim.portal.lock().unwrap();
        p.role_user(Role::RoomAdmin).cloned().unwrap()
    };
    journey("a11y-wizard", move |c| async move {
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        at_step(&c, "1. Pick the account, or create one").await;
        check_both_themes(&c, "the wizard's first step").await;

        find(&c, &field("Their email"))
            .await
            .send_keys(&leaver.email)
            .await
            .unwrap();
        find(&c, &button("Pick this account"))
            .await
            .click()
            .await
            .unwrap();
        at_step(&c, "2. Verify: read the account back").await;
        find(&c, &button("Continue")).await;
        find(&c, "//summary[normalize-space(.)='Show API request']")
            .await
            .click()
            .await
            .unwrap();
        check_both_themes(&c, "the wizard's Verify step").await;
        find(&c, &button("Continue")).await.click().await.unwrap();

        at_step(&c, "3. Disable the account").await;
        check_both_themes(&c, "the wizard's Disable step").await;
        find(&c, &button(&format!("Disable {}", leaver.display_name())))
            .await
            .click()
            .await
            .unwrap();

        at_step(&c, "4. Hand over their rooms").await;
        find(&c, "//fieldset[@id='heir']//input[@type='radio']").await;
        check_both_themes(&c, "the wizard's handover step").await;
        pick_heir(&c, "heir", &heir).await;
        find(&c, &button("Hand over the rooms"))
            .await
            .click()
            .await
            .unwrap();

        at_step(&c, "5. Delete the account").await;
        check_both_themes(&c, "the wizard's Delete step").await;
        find(&c, &field(&format!("Type {} to confirm", leaver.email)))
            .await
            .send_keys(&leaver.email)
            .await
            .unwrap();
        find(&c, &button(&format!("Delete {}", leaver.display_name())))
            .await
            .click()
            .await
            .unwrap();

        find(&c, "//section[contains(@class,'receipt')]//table").await;
        check_both_themes(&c, "the wizard's receipt").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_offboarding_has_no_violations_in_light_and_dark() {
    let sim = Sim::start(60).await;
    let team = sim.active_users(4);
    // One owns rooms: the review then offers whom to give them to.
    sim.portal
        .lock()
        .unwrap()
        .user_mut(&team[0].id)
        .unwrap()
        .rooms_owned = 2;
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let portal = sim.portal.clone();
    let pasted = team
        .iter()
        .map(|u| u.email.clone())
        .chain(["nobody.here@example.com".to_string()])
        .collect::<Vec<_>>()
        .join("\n");
    journey("a11y-offboard", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, "//textarea[@id='pasted']").await;
        check_both_themes(&c, "the offboarding list form").await;

        find(&c, "//textarea[@id='pasted']")
            .await
            .send_keys(&pasted)
            .await
            .unwrap();
        find(&c, &button("Review")).await.click().await.unwrap();
        find(&c, "//h2[normalize-space(.)='4 people will be offboarded']").await;
        // With the handover chosen: who owns rooms, and the choice of who receives them.
        find(&c, "//label[contains(., 'Hand the rooms')]/input")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//fieldset[@id='offboard-heir']//input[@type='radio']").await;
        find(&c, "//label[contains(., 'Delete each owner')]/input")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//input[@id='confirm-owners']").await;
        check_both_themes(&c, "the offboarding review").await;
        find(&c, "//label[contains(., 'Delete each owner')]/input")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//label[contains(., 'Hand the rooms')]/input")
            .await
            .click()
            .await
            .unwrap();

        // One of them cannot be disabled by now: the results show a refusal too.
        portal
            .lock()
            .unwrap()
            .user_mut(&team[1].id)
            .unwrap()
            .employee_type = EmployeeType::DocSpaceAdmin;
        find(&c, &button("Disable 4 people"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//h2[normalize-space(.)='Delete 3 people for good']").await;
        check_both_themes(&c, "the offboarding delete confirmation").await;
        find(&c, &field("Type 3 to confirm"))
            .await
            .send_keys("3")
            .await
            .unwrap();
        find(&c, &button("Delete 3 people"))
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//p[contains(@class,'done-note') and starts-with(normalize-space(.),'Finished')]",
        )
        .await;
        check_both_themes(&c, "the offboarding results").await;
    })
    .await;
}

/// The focused element, as a person would name it, and how its focus shows.
#[derive(Debug)]
struct Focused {
    /// Tag (or `radio`, `checkbox`) and name, e.g. `button "Create account"` or
    /// `input "First name"`.
    name: String,
    /// Whether it has an outline or a box shadow.
    visible: bool,
    style: String,
}

async fn focused(c: &Client) -> Focused {
    let element = c.active_element().await.expect("the focused element");
    let info = c
        .execute(
            r#"const e = arguments[0];
               const cs = getComputedStyle(e);
               const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
               const shadow = cs.boxShadow !== '' && cs.boxShadow !== 'none';
               const label = (e.labels && e.labels.length ? e.labels[0].innerText : '')
                 || e.getAttribute('aria-label') || e.innerText || '';
               const kind = ['radio', 'checkbox'].includes(e.type) ? e.type : e.tagName.toLowerCase();
               return {
                 name: kind + ' "' + label.trim().replace(/\s+/g, ' ') + '"',
                 visible: e !== document.body && (outline || shadow),
                 style: 'outline: ' + cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor
                   + '; box-shadow: ' + cs.boxShadow,
               };"#,
            vec![serde_json::to_value(&element).expect("an element reference")],
        )
        .await
        .expect("describe the focused element");
    let text = |k: &str| {
        info.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    Focused {
        name: text("name"),
        visible: info.get("visible") == Some(&json!(true)),
        style: text("style"),
    }
}

/// Sends `keys` to the focused element, as a keyboard does.
async fn press(c: &Client, keys: &str) {
    c.active_element()
        .await
        .expect("the focused element")
        .send_keys(keys)
        .await
        .expect("send keys to the focused element");
}

/// Presses Tab until `target` (as [`Focused::name`] names it) has the focus, asserting on every
/// stop on the way that the focus can be seen. Returns the names it passed through.
async fn tab_to(c: &Client, target: &str) -> Vec<String> {
    let mut passed = Vec::new();
    for _ in 0..40 {
        press(c, &Key::Tab).await;
        let now = focused(c).await;
        assert!(
            now.visible,
            "no visible focus on {} ({}) after {passed:?}",
            now.name, now.style
        );
        if now.name == target {
            return passed;
        }
        passed.push(now.name);
    }
    panic!("Tab never reached {target}: it went through {passed:?}");
}

/// Waits until the focus is on `target`, visibly.
async fn until_focused(c: &Client, target: &str) {
    let c = c.clone();
    let target = target.to_string();
    let what = format!("the focus moves to {target}");
    until(&what, move || {
        let c = c.clone();
        let target = target.clone();
        async move {
            let now = focused(&c).await;
            now.name == target && now.visible
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_wizard_with_the_keyboard_alone() {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let portal = sim.portal.clone();
    journey("a11y-keyboard", move |c| async move {
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, "//h1[normalize-space(.)='Sign in to DocSpace Admin']").await;

        // Sign in: the portal is prefilled, the API key method chosen.
        tab_to(&c, r#"input "API key""#).await;
        press(&c, &key).await;
        press(&c, &Key::Enter).await;
        at_step(&c, "1. Pick the account, or create one").await;

        // Skip the top bar.
        tab_to(&c, r#"a "Skip to content""#).await;
        press(&c, &Key::Enter).await;
        // Picking an existing account comes first, then the creation form.
        let passed = tab_to(&c, r#"input "Their email""#).await;
        assert!(
            passed.is_empty(),
            "Skip to content leads to the step's first field, not through {passed:?}"
        );
        tab_to(&c, r#"input "First name""#).await;
        press(&c, "John").await;
        tab_to(&c, r#"input "Last name""#).await;
        press(&c, "Doe").await;
        tab_to(&c, r#"input "Email""#).await;
        press(&c, "john.doe@example.com").await;
        tab_to(&c, r#"button "Create account""#).await;
        press(&c, &Key::Enter).await;

        // Each new step takes the focus to its title, so the next Tab is inside it.
        at_step(&c, "2. Verify: read the account back").await;
        until_focused(&c, r#"h2 "2. Verify: read the account back""#).await;
        // The account is read back before there is anything to continue with.
        find(&c, &button("Continue")).await;
        tab_to(&c, r#"summary "Show API request""#).await;
        press(&c, &Key::Enter).await;
        find(&c, "//details[@open]//pre[contains(@class,'curl')]").await;
        tab_to(&c, r#"button "Continue""#).await;
        press(&c, &Key::Space).await;

        at_step(&c, "3. Disable the account").await;
        until_focused(&c, r#"h2 "3. Disable the account""#).await;
        tab_to(&c, r#"button "Disable John Doe""#).await;
        press(&c, &Key::Space).await;

        at_step(&c, "5. Delete the account").await;
        until_focused(&c, r#"h2 "5. Delete the account""#).await;
        tab_to(&c, r#"input "Type john.doe@example.com to confirm""#).await;
        press(&c, "john.doe@example.com").await;
        tab_to(&c, r#"button "Delete John Doe""#).await;
        // Back and forth: Shift+Tab returns to the field, which kept what was typed.
        press(&c, &(Key::Shift + &*Key::Tab)).await;
        until_focused(&c, r#"input "Type john.doe@example.com to confirm""#).await;
        tab_to(&c, r#"button "Delete John Doe""#).await;
        press(&c, &Key::Enter).await;

        find(&c, "//section[contains(@class,'receipt')]//table").await;
        until_focused(&c, r#"h2 "Receipt""#).await;
        tab_to(&c, r#"button "Offboard someone else""#).await;
        let john_gone = portal
            .lock()
            .unwrap()
            .user_by_email("john.doe@example.com")
            .is_none();
        assert!(john_gone, "John Doe is deleted in the portal");
        press(&c, &Key::Enter).await;
        at_step(&c, "1. Pick the account, or create one").await;
    })
    .await;
}

/// The views the offboarding safeguards added (issue 12): a profile another account tries to
/// stand in for, a bulk dialog naming its people and its result, the choice between a kept
/// offboarding and a new selection, the confirmation asked of someone resuming another's run,
/// and the wizard's Cancel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_safeguards_have_no_violations_in_light_and_dark() {
    let sim = Sim::start(60).await;
    let people = sim.active_users(5);
    sim.plant_decoy(&people[0], 0);
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    journey("a11y-safeguards", move |c| async move {
        c.goto(&format!("{base}/people/{}", people[0].id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        find(
            &c,
            "//p[contains(@class,'warning') and contains(., 'user name')]",
        )
        .await;
        check_both_themes(&c, "a profile another account tries to stand in for").await;

        for (theme, who) in THEMES.into_iter().zip([&people[1], &people[2]]) {
            choose_theme(&c, theme).await;
            c.goto(&format!("{base}/people?q={}", who.email))
                .await
                .unwrap();
            until_count(&c, "Showing 1 of 1 people").await;
            tick_row(&c, 1).await;
            docspace_e2e::menu_pick(&c, "Change type", "Make room admin").await;
            find(
                &c,
                "//dialog[@open]//h2[normalize-space(.)='Change 1 person to Room admin']",
            )
            .await;
            assert_accessible(&c, &format!("a bulk dialog naming its people ({theme})")).await;
            find(
                &c,
                "//dialog[@open]//button[normalize-space(.)='Change 1 person to Room admin']",
            )
            .await
            .click()
            .await
            .unwrap();
            // Done for everyone: the dialog closes itself, and a toast says so.
            docspace_e2e::toast(&c, "Changed 1 person to Room admin.").await;
            assert_accessible(&c, &format!("a bulk change's toast ({theme})")).await;
        }

        c.goto(&format!("{base}/offboard")).await.unwrap();
        review_pasted(&c, &people[3].email, 1).await;
        click(&c, "Disable 1 person").await;
        find(&c, &field("Type 1 to confirm")).await;
        c.goto(&format!("{base}/people?q={}", people[4].email))
            .await
            .unwrap();
        until_count(&c, "Showing 1 of 1 people").await;
        tick_row(&c, 1).await;
        click(&c, "Offboard 1 selected…").await;
        find(
            &c,
            "//h2[normalize-space(.)='An offboarding is already in progress']",
        )
        .await;
        check_both_themes(
            &c,
            "the choice between a kept offboarding and a new selection",
        )
        .await;
        click(&c, "Keep the offboarding in progress").await;
        // As if someone else had confirmed it, and it had more to disable.
        c.execute(
            "const k = JSON.parse(localStorage.getItem('docspace-admin.offboarding')); \
             k.plan.confirmed_by = {id: 'someone-else', name: 'Someone Else'}; \
             k.plan.leavers[0].state = 'Waiting'; k.plan.step = 'Terminate'; k.plan.queue = []; \
             localStorage.setItem('docspace-admin.offboarding', JSON.stringify(k));",
            vec![],
        )
        .await
        .unwrap();
        c.refresh().await.unwrap();
        find(&c, "//h2[normalize-space(.)='Confirm to go on']").await;
        check_both_themes(&c, "the confirmation asked of someone resuming").await;

        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, &field("Their email"))
            .await
            .send_keys(&people[4].email)
            .await
            .unwrap();
        click(&c, "Pick this account").await;
        find(&c, &button("Continue")).await;
        check_dialog(
            &c,
            "the wizard's Cancel",
            "//div[contains(@class,'way-out')]//button[normalize-space(.)='Cancel']",
        )
        .await;
    })
    .await;
}
