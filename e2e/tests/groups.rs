//! Groups (issue 17) as an administrator builds and changes them: a new group from 20 people
//! selected in the list, the list filtered by it and by "Without group", members added from the
//! portal's search and removed on the group's page, a new head, a rename, and a delete after
//! typing the name that leaves every person in the portal.

use std::collections::BTreeSet;

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    button, field, find, journey, menu_pick, screenshot, set_theme, sign_in_with_key, tick_row,
    toast, until, until_count, Sim,
};
use docspace_sim::Role;
use fantoccini::{Client, Locator};
use serde_json::json;

/// Chooses `value` in the select with id `id`, as a person's pick does (a change event).
async fn choose(c: &Client, id: &str, value: &str) {
    c.execute(
        "const s = document.getElementById(arguments[0]);
         s.value = arguments[1];
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(id), json!(value)],
    )
    .await
    .unwrap();
}

fn ids_set(ids: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    ids.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_is_built_from_the_list_changed_on_its_page_and_deleted() {
    let sim = Sim::start(90).await;
    // Twenty active users named "Crew", taken out of their seeded groups so the list filtered
    // by the new group is exactly them.
    let crew: Vec<String> = sim.active_users(26).iter().map(|u| u.id.clone()).collect();
    let (extra, five, crew) = (crew[20].clone(), crew[21..26].to_vec(), crew[..20].to_vec());
    {
        let mut p = sim.portal.lock().unwrap();
        for id in &crew {
            let user = p.user_mut(id).unwrap();
            user.last_name = "Crew".into();
        }
        p.user_mut(&extra).unwrap().last_name = "Latecomer".into();
        for id in &five {
            p.user_mut(id).unwrap().last_name = "Fivefold".into();
        }
    }
    let extra_email = sim
        .portal
        .lock()
        .unwrap()
        .user(&extra)
        .unwrap()
        .email
        .clone();
    let people_before = sim.portal.lock().unwrap().users.len();
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("groups", move |c| async move {
        c.goto(&format!("{base}/people?q=Crew")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 20 of 20 people").await;
        for n in 1..=20 {
            tick_row(&c, n).await;
        }
        menu_pick(&c, "Groups", "Add to group").await;
        find(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Add 20 people to a group']",
        )
        .await;
        choose(&c, "bulk-group", "new").await;
        // A blank name is refused next to the field, before anything is sent.
        find(&c, &field("Name of the new group"))
            .await
            .send_keys("   ")
            .await
            .unwrap();
        find(
            &c,
            "//dialog[@open]//button[starts-with(normalize-space(.),'Add 20 people to')]",
        )
        .await
        .click()
        .await
        .unwrap();
        find(
            &c,
            "//p[@id='bulk-new-group-error' and contains(., 'Enter a name')]",
        )
        .await;
        assert!(portal.lock().unwrap().group_by_name("   ").is_none());
        let name_field = find(&c, &field("Name of the new group")).await;
        name_field.clear().await.unwrap();
        name_field.send_keys("Crew team").await.unwrap();
        find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Add 20 people to “Crew team”']",
        )
        .await
        .click()
        .await
        .unwrap();
        find(&c, "//dialog[@open]//p[normalize-space(.)='20 added.']").await;
        screenshot(&c, "groups-bulk-report").await;
        let group = portal
            .lock()
            .unwrap()
            .group_by_name("Crew team")
            .expect("the group is created")
            .id
            .clone();
        assert_eq!(
            ids_set(portal.lock().unwrap().member_ids(&group)),
            ids_set(crew.clone()),
            "exactly the 20 selected"
        );
        find(&c, &button("Close")).await.click().await.unwrap();

        // The list, filtered by it and by "Without group".
        c.goto(&format!("{base}/people?group={group}"))
            .await
            .unwrap();
        until_count(&c, "Showing 20 of 20 people").await;
        let without = {
            let p = portal.lock().unwrap();
            p.users
                .iter()
                .filter(|u| p.groups_of(&u.id).is_empty())
                .count()
        };
        c.goto(&format!("{base}/people?group=none")).await.unwrap();
        until_count(
            &c,
            &format!("Showing {} of {without} people", without.min(100)),
        )
        .await;

        // Five more from a search of the list, with "Add to group" into the existing group.
        c.goto(&format!("{base}/people?q=Fivefold")).await.unwrap();
        until_count(&c, "Showing 5 of 5 people").await;
        for n in 1..=5 {
            tick_row(&c, n).await;
        }
        menu_pick(&c, "Groups", "Add to group").await;
        find(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Add 5 people to a group']",
        )
        .await;
        choose(&c, "bulk-group", &group).await;
        find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Add 5 people to “Crew team”']",
        )
        .await
        .click()
        .await
        .unwrap();
        find(&c, "//dialog[@open]//p[normalize-space(.)='5 added.']").await;
        find(&c, &button("Close")).await.click().await.unwrap();
        let mut with_five = ids_set(crew.clone());
        with_five.extend(five.iter().cloned());
        assert_eq!(
            ids_set(portal.lock().unwrap().member_ids(&group)),
            with_five
        );

        // The group's page: a new head, three removed, one added from the portal's search.
        c.goto(&format!("{base}/groups/{group}")).await.unwrap();
        find(&c, "//h1[normalize-space(.)='Crew team']").await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("a group's page ({theme})")).await;
        }
        let head = crew[0].clone();
        let (head_name, head_email) = {
            let p = portal.lock().unwrap();
            let u = p.user(&head).unwrap();
            (u.display_name(), u.email.clone())
        };
        find(
            &c,
            &format!("//button[@aria-label='Make head: {head_name} ({head_email})']"),
        )
        .await
        .click()
        .await
        .unwrap();
        toast(&c, &format!("{head_name} is now the head of the group.")).await;
        assert_eq!(portal.lock().unwrap().head_id(&group), Some(head.as_str()));
        let leaving: Vec<String> = crew[17..20].to_vec();
        for id in &leaving {
            let (name, email) = {
                let p = portal.lock().unwrap();
                let u = p.user(id).unwrap();
                (u.display_name(), u.email.clone())
            };
            find(&c, &format!("//input[@aria-label='Pick {name} ({email})']"))
                .await
                .click()
                .await
                .unwrap();
        }
        find(&c, &button("Remove 3 people from group…"))
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Remove from group']",
        )
        .await
        .click()
        .await
        .unwrap();
        toast(&c, "Removed 3 people from the group.").await;
        find(&c, &field("Find people"))
            .await
            .send_keys(&extra_email)
            .await
            .unwrap();
        find(&c, &format!("//input[@id='pick-{extra}']"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, &button("Add 1 person to group"))
            .await
            .click()
            .await
            .unwrap();
        toast(&c, "Added 1 person to the group.").await;
        let mut expected = ids_set(crew[..17].to_vec());
        expected.extend(five.iter().cloned());
        expected.insert(extra.clone());
        assert_eq!(ids_set(portal.lock().unwrap().member_ids(&group)), expected);

        // Rename; then delete after typing the new name.
        let rename = find(&c, &field("Group name")).await;
        rename.clear().await.unwrap();
        rename.send_keys("Crew").await.unwrap();
        find(
            &c,
            "//form[contains(@class,'rename-group')]//button[normalize-space(.)='Rename']",
        )
        .await
        .click()
        .await
        .unwrap();
        find(&c, "//h1[normalize-space(.)='Crew']").await;
        assert_eq!(portal.lock().unwrap().group(&group).unwrap().name, "Crew");
        find(&c, &button("Delete group…"))
            .await
            .click()
            .await
            .unwrap();
        let confirm = "//dialog[@open]//button[normalize-space(.)='Delete group']";
        assert!(
            !find(&c, confirm).await.is_enabled().await.unwrap(),
            "not before the name is typed"
        );
        c.find(Locator::XPath(
            "//dialog[@open]//input[@id='confirm-group-name']",
        ))
        .await
        .unwrap()
        .send_keys("Crew")
        .await
        .unwrap();
        find(&c, confirm).await.click().await.unwrap();
        toast(
            &c,
            "Deleted the group “Crew”. Its 23 people are still in the portal.",
        )
        .await;
        let p2 = portal.clone();
        let gid = group.clone();
        until("the portal no longer has the group", move || {
            let (p, gid) = (p2.clone(), gid.clone());
            async move { p.lock().unwrap().group(&gid).is_none() }
        })
        .await;
        assert_eq!(
            portal.lock().unwrap().users.len(),
            people_before,
            "the people stay"
        );
        find(&c, "//h1[normalize-space(.)='Groups']").await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the groups list ({theme})")).await;
        }
        screenshot(&c, "groups-list").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offboarding_a_head_of_group_sets_the_new_head_before_disabling_them() {
    let sim = Sim::start(40).await;
    let team = sim.active_users(3);
    let (lead, next, other) = (team[0].clone(), team[1].clone(), team[2].clone());
    let group = sim.portal.lock().unwrap().add_group(
        "Night Shift",
        Some(&lead.id),
        &[&lead.id, &next.id, &other.id],
    );
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey("offboard-head", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, "//textarea[@id='pasted']")
            .await
            .send_keys(&lead.email)
            .await
            .unwrap();
        find(&c, &button("Review")).await.click().await.unwrap();
        find(&c, "//h2[normalize-space(.)='1 person will be offboarded']").await;
        // The review names the groups and warns that the leaver heads one.
        find(
            &c,
            "//table[contains(@class,'leavers')]//td[contains(.,'Night Shift (head)')]",
        )
        .await;
        let lead_name = format!("{} {}", lead.first_name, lead.last_name);
        find(
            &c,
            &format!(
                "//p[contains(@class,'warning')][starts-with(normalize-space(.),'{lead_name} heads “Night Shift”')]"
            ),
        )
        .await;
        let select = format!("new-head-{group}");
        find(
            &c,
            &format!("//select[@id=//label[normalize-space(.)='New head of “Night Shift”']/@for and @id='{select}']"),
        )
        .await;
        // The leaver is not offered; the other two members are.
        until("the members are offered", || {
            let c = c.clone();
            let select = select.clone();
            async move {
                c.execute(
                    "return [...document.getElementById(arguments[0]).options].map(o => o.value)",
                    vec![json!(select)],
                )
                .await
                .ok()
                .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
                .is_some_and(|v| v.len() == 3)
            }
        })
        .await;
        let offered: Vec<String> = serde_json::from_value(
            c.execute(
                "return [...document.getElementById(arguments[0]).options].map(o => o.value)",
                vec![json!(select)],
            )
            .await
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            ids_set(offered),
            ids_set([String::new(), next.id.clone(), other.id.clone()])
        );
        screenshot(&c, "offboard-head-review").await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the review with a head of group ({theme})")).await;
        }
        choose(&c, &select, &next.id).await;
        faults.clear_requests();
        find(&c, &button("Disable 1 person")).await.click().await.unwrap();
        find(&c, "//h2[normalize-space(.)='Delete 1 person for good']").await;
        find(
            &c,
            &format!(
                "//ul[contains(@class,'new-heads')]/li[contains(.,'{} {}') and contains(.,'is its head now')]",
                next.first_name, next.last_name
            ),
        )
        .await;
        {
            let p = portal.lock().unwrap();
            assert_eq!(p.head_id(&group), Some(next.id.as_str()), "the new head");
            assert!(p.is_member(&group, &next.id));
        }
        // The head was set before the leaver was disabled.
        let sent: Vec<String> = faults
            .requests()
            .into_iter()
            .filter(|r| r.method == "PUT")
            .map(|r| r.route)
            .collect();
        let at = |route: &str| sent.iter().position(|r| r == route);
        let head = at("/api/2.0/group/{id}/manager").expect("the head was set");
        let disable = at("/api/2.0/people/status/{status}").expect("the leaver was disabled");
        assert!(head < disable, "{sent:?}");
        find(&c, &button("Keep them disabled and finish")).await.click().await.unwrap();
        find(&c, "//p[contains(@class,'done-note')]").await;
    })
    .await;
}
