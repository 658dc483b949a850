//! Bulk dialogs: bound to the set asked for, stoppable, plain about what they do.

use super::*;

/// Defect 4: a filter change while the dialog loaded showed "Disable 207 people?" over the
/// Guests list. Now the dialog is open (modal) from the click, names the people it acts on,
/// and acts on exactly them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_change_while_the_dialog_loads_does_not_change_who_is_acted_on() {
    let sim = Sim::slow(300, 250).await;
    let of_type = |t: EmployeeType| -> Vec<User> {
        let p = sim.portal.lock().unwrap();
        p.users
            .iter()
            .filter(|u| u.employee_type == t)
            .cloned()
            .collect()
    };
    let users = of_type(EmployeeType::User);
    // Those the admin may disable: every user not disabled already.
    let active: Vec<String> = users
        .iter()
        .filter(|u| u.status != EmployeeStatus::Terminated)
        .map(|u| u.id.clone())
        .collect();
    let guests = of_type(EmployeeType::Guest);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    let total_users = users.len();
    let n = active.len();
    assert!(n > 10 && !guests.is_empty());
    journey("safe-bulk-set", move |c| async move {
        c.goto(&format!("{base}/people?type=guest")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(
            &c,
            &format!(
                "Showing {} of {} people",
                guests.len().min(100),
                guests.len()
            ),
        )
        .await;
        find(&c, "//select[@id='type-filter']")
            .await
            .select_by_value("user")
            .await
            .unwrap();
        until_count(&c, &format!("Showing 100 of {total_users} people")).await;
        tick_row(&c, 1).await;
        click(&c, &format!("Select all {total_users} matching")).await;
        click(&c, "Disable…").await;
        // While the dialog finds everyone, the list goes back to the guests behind it.
        c.back().await.unwrap();
        find(
            &c,
            &format!("//dialog[@open]//h2[normalize-space(.)='Disable {n} people']"),
        )
        .await;
        until_count(
            &c,
            &format!(
                "Showing {} of {} people",
                guests.len().min(100),
                guests.len()
            ),
        )
        .await;
        let text = dialog_text(&c).await;
        let named = c
            .find_all(Locator::Css("dialog[open] ul.named li"))
            .await
            .unwrap();
        assert_eq!(named.len(), 10, "the first ten by name and email");
        for li in named {
            let line = li.text().await.unwrap();
            let email = line.rsplit('(').next().unwrap().trim_end_matches(')');
            let p = portal.lock().unwrap();
            let who = p.user_by_email(email).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(who.employee_type, EmployeeType::User, "{line}");
        }
        assert!(text.contains(&format!("and {} more", n - 10)), "{text}");
        click(&c, &format!("Disable {n} people")).await;
        // Done for everyone: the dialog closes itself with a toast.
        find_within(
            &c,
            &format!("//ol[contains(@class,'toasts')]//span[contains(@class,'toast-message') and normalize-space(.)='Disabled {n} people.']"),
            Duration::from_secs(30),
        )
        .await;
        let p = portal.lock().unwrap();
        for id in &active {
            assert_eq!(p.user(id).unwrap().status, EmployeeStatus::Terminated);
        }
        for g in &guests {
            assert_eq!(
                p.user(&g.id).unwrap().status,
                g.status,
                "a guest was touched"
            );
        }
    })
    .await;
}

/// Defect 6: Cancel or Esc closed the dialog (losing its report) and the batches went on. Now
/// both stop after the batch in flight, and the report says who was not reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_or_esc_during_a_200_person_disable_stops_within_one_batch() {
    let sim = Sim::slow(500, 1200).await;
    let leavers = mark_leavers(&sim.portal, 300);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey_within(
        "safe-stop-bulk",
        Duration::from_secs(150),
        move |c| async move {
            c.goto(&format!("{base}/people?q=leaver")).await.unwrap();
            sign_in_with_key(&c, &key).await;
            let disabled = |portal: &SharedPortal| {
                let p = portal.lock().unwrap();
                leavers
                    .iter()
                    .filter(|id| p.user(id).unwrap().status == EmployeeStatus::Terminated)
                    .count()
            };
            // Esc on 200 of them (the first rows of the list), then Cancel on the 200 left.
            for (round, stop_with_esc) in [(1, true), (2, false)] {
                find_within(
                &c,
                "//p[contains(@class,'count') and normalize-space(.)='Showing 100 of 300 people']",
                Duration::from_secs(30),
            )
            .await;
                tick_row(&c, 1).await;
                click(&c, "Select all 300 matching").await;
                click(&c, "Disable…").await;
                let n = if round == 1 { 300 } else { 200 };
                find_within(
                    &c,
                    &format!("//dialog[@open]//h2[normalize-space(.)='Disable {n} people']"),
                    Duration::from_secs(30),
                )
                .await;
                let before = faults.counts().get(STATUS).copied().unwrap_or(0);
                click(&c, &format!("Disable {n} people")).await;
                find(
                    &c,
                    &format!("//dialog[@open]//p[normalize-space(.)='0 of {n} answered…']"),
                )
                .await;
                if stop_with_esc {
                    c.active_element()
                        .await
                        .unwrap()
                        .send_keys(&Key::Escape.to_string())
                        .await
                        .unwrap();
                } else {
                    find(&c, "//dialog[@open]//button[normalize-space(.)='Cancel']")
                        .await
                        .click()
                        .await
                        .unwrap();
                }
                find_within(
                    &c,
                    &format!(
                        "//dialog[@open]//h2[normalize-space(.)='Disabled 100 of {n} people']"
                    ),
                    Duration::from_secs(30),
                )
                .await;
                let text = dialog_text(&c).await;
                screenshot(&c, &format!("safeguards-bulk-stopped-{round}")).await;
                assert!(
                    text.contains(&format!("Not done for {}:", n - 100)),
                    "{text}"
                );
                assert!(text.contains("Not sent: stopped"), "{text}");
                assert_eq!(
                    faults.counts().get(STATUS).copied().unwrap_or(0) - before,
                    1,
                    "one batch, then nothing"
                );
                assert_eq!(disabled(&portal), 100 * round);
                click(&c, "Close").await;
            }
        },
    )
    .await;
}

/// Defect 12: "Make room admin 5 people?" listed only those left out, in red, silent on paid
/// seats. Now it says the change plainly, names the five with their emails, warns of the
/// seats, is not red, and reads as a result once done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_room_admin_dialog_names_the_five_and_their_seats() {
    let sim = Sim::start(60).await;
    let five = sim.active_users(5);
    {
        let mut p = sim.portal.lock().unwrap();
        for (i, u) in five.iter().enumerate() {
            let user = p.user_mut(&u.id).unwrap();
            user.email = format!("person.{i}@five.example");
            if i < 2 {
                user.first_name = "Aisha".into();
                user.last_name = "Andersson".into();
            }
        }
    }
    let five: Vec<User> = five
        .iter()
        .map(|u| sim.portal.lock().unwrap().user(&u.id).cloned().unwrap())
        .collect();
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey("safe-room-admin-dialog", move |c| async move {
        c.goto(&format!("{base}/people?q=five.example"))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 5 of 5 people").await;
        for row in 1..=5 {
            tick_row(&c, row).await;
        }
        docspace_e2e::menu_pick(&c, "Change type", "Make room admin").await;
        find(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Change 5 people to Room admin']",
        )
        .await;
        let text = dialog_text(&c).await;
        for u in &five {
            assert!(
                text.contains(&format!("{} ({})", u.display_name(), u.email)),
                "{text}"
            );
        }
        assert!(text.contains("paid seats: this takes 5"), "{text}");
        let confirm = find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Change 5 people to Room admin']",
        )
        .await;
        assert_eq!(
            confirm.attr("class").await.unwrap().as_deref(),
            Some("primary"),
            "not red"
        );
        confirm.click().await.unwrap();
        // Done for everyone: the dialog closes itself, and the toast reads as a result.
        docspace_e2e::toast(&c, "Changed 5 people to Room admin.").await;
        let p = portal.lock().unwrap();
        assert!(five
            .iter()
            .all(|u| p.user(&u.id).unwrap().employee_type == EmployeeType::RoomAdmin));
    })
    .await;
}
