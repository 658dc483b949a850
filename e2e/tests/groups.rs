//! Groups (issue 17) as an administrator builds and changes them: a new group from 20 people
//! selected in the list, the list filtered by it and by "Without group", members added from the
//! portal's search and removed on the group's page, a new head, a rename, and a delete after
//! typing the name that leaves every person in the portal.

use std::collections::BTreeSet;

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    button, download, field, find, journey, keep_downloads, menu_pick, path_and_query, screenshot,
    set_theme, sign_in_with_key, tick_row, toast, until, until_count, Sim,
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
        for id in &crew[17..20] {
            p.user_mut(id).unwrap().first_name = "Leaving".into();
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
    // Two more groups, for the move of all members at the end.
    let (old_crew, new_crew) = {
        let mut p = sim.portal.lock().unwrap();
        let old = p.add_group("Old crew", Some(&five[0]), &[&five[0], &five[1]]);
        let new = p.add_group("New crew", None, &[&extra]);
        (old, new)
    };
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
        choose(&c, "bulk-new-head", &crew[0]).await;
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
        assert_eq!(
            portal.lock().unwrap().head_id(&group),
            Some(crew[0].as_str()),
            "the head chosen"
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
        // A new head.
        let head = crew[1].clone();
        let head_name = portal.lock().unwrap().user(&head).unwrap().display_name();
        choose(&c, "new-group-head", &head).await;
        find(&c, &button("Make head")).await.click().await.unwrap();
        toast(&c, &format!("{head_name} is now the head of the group.")).await;
        assert_eq!(portal.lock().unwrap().head_id(&group), Some(head.as_str()));

        // The members in the people table: its CSV holds all 25; three are found by a search
        // of the list and removed with the Groups menu, which starts on this group.
        screenshot(&c, "group-page").await;
        until_count(&c, "Showing 25 of 25 people").await;
        keep_downloads(&c).await;
        let csv = download(&c, "Export CSV").await;
        assert_eq!(csv.lines().count(), 26, "a header and the 25 members");
        let leaving: Vec<String> = crew[17..20].to_vec();
        find(&c, &field("Search")).await.send_keys("Leaving").await.unwrap();
        until_count(&c, "Showing 3 of 3 people").await;
        assert!(path_and_query(&c).await.starts_with(&format!("/groups/{group}?q=Leaving")));
        for n in 1..=3 {
            tick_row(&c, n).await;
        }
        menu_pick(&c, "Groups", "Remove from group").await;
        find(
            &c,
            "//dialog[@open]//button[normalize-space(.)='Remove 3 people from “Crew team”']",
        )
        .await
        .click()
        .await
        .unwrap();
        find(&c, "//dialog[@open]//p[normalize-space(.)='3 removed.']").await;
        find(&c, &button("Close")).await.click().await.unwrap();
        let kept = ids_set(portal.lock().unwrap().member_ids(&group));
        assert!(leaving.iter().all(|id| !kept.contains(id)), "the three left");
        until_count(&c, "Showing 0 of 0 people").await;
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

        // All members of one group moved into another: the head becomes a plain member there.
        c.goto(&format!("{base}/groups/{old_crew}")).await.unwrap();
        find(&c, "//h1[normalize-space(.)='Old crew']").await;
        until_count(&c, "Showing 2 of 2 people").await;
        until("the other groups are offered", || {
            let c = c.clone();
            let new_crew = new_crew.clone();
            async move {
                c.find(Locator::XPath(&format!("//select[@id='move-to-group']/option[@value='{new_crew}']")))
                    .await
                    .is_ok()
            }
        })
        .await;
        choose(&c, "move-to-group", &new_crew).await;
        find(&c, &button("Move all members…")).await.click().await.unwrap();
        let five_head = portal.lock().unwrap().user(&five[0]).unwrap().display_name();
        find(
            &c,
            &format!("//dialog[@open]//p[contains(., '{five_head}, its head, becomes a plain member of “New crew”')]"),
        )
        .await;
        find(&c, "//dialog[@open]//button[normalize-space(.)='Move the members']")
            .await
            .click()
            .await
            .unwrap();
        toast(&c, "Moved the members to “New crew”, which now has 3 people.").await;
        {
            let p = portal.lock().unwrap();
            assert_eq!(
                ids_set(p.member_ids(&new_crew)),
                ids_set([five[0].clone(), five[1].clone(), extra.clone()])
            );
            assert!(p.member_ids(&old_crew).is_empty());
            assert_eq!(p.head_id(&old_crew), None);
            assert_eq!(p.head_id(&new_crew), None);
        }
        until_count(&c, "Showing 0 of 0 people").await;
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

/// Presses `key` (a WebDriver key code) in the element found by `xpath`.
async fn press(c: &Client, xpath: &str, key: &str) {
    find(c, xpath).await.send_keys(key).await.unwrap();
}

const ENTER: &str = "\u{E007}";
const SPACE: &str = " ";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_group_with_a_head_and_members_is_made_by_keyboard_and_bad_names_are_refused() {
    let sim = Sim::start(40).await;
    let picked = sim.active_users(2);
    let disabled = sim
        .people(1, |u| {
            u.status == docspace_sim::model::EmployeeStatus::Terminated
        })
        .remove(0);
    let taken = sim
        .portal
        .lock()
        .unwrap()
        .live_groups()
        .next()
        .unwrap()
        .name
        .clone();
    let groups_before = sim.portal.lock().unwrap().live_groups().count();
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Admin), sim.portal.clone());
    journey("group-form", move |c| async move {
        c.goto(&format!("{base}/groups")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        press(&c, &button("New group"), ENTER).await;
        let name = field("Group name");
        let error = "//p[@id='group-name-error']";
        // Blank, then over-long: refused next to the field, nothing sent, the text kept.
        press(&c, &name, &format!("   {ENTER}")).await;
        find(&c, &format!("{error}[contains(., 'Enter a name for the group.')]")).await;
        let long = "x".repeat(129);
        let input = find(&c, &name).await;
        input.clear().await.unwrap();
        input.send_keys(&format!("{long}{ENTER}")).await.unwrap();
        find(&c, &format!("{error}[contains(., 'at most 128 characters (129 now)')]")).await;
        assert_eq!(input.prop("value").await.unwrap().as_deref(), Some(long.as_str()));
        assert_eq!(portal.lock().unwrap().live_groups().count(), groups_before);
        // A name another group has: a warning, and "Create anyway".
        input.clear().await.unwrap();
        input.send_keys(&format!("{taken}{ENTER}")).await.unwrap();
        find(&c, &format!("//p[contains(@class,'warning') and contains(., 'Another group is already named “{taken}”')]")).await;
        find(&c, &button("Create anyway")).await;
        input.clear().await.unwrap();
        input.send_keys("Keyboard crew").await.unwrap();

        // Members from the portal's search, picked with the space bar and added with Enter.
        for person in &picked {
            let search = find(&c, &field("Find people")).await;
            search.clear().await.unwrap();
            search.send_keys(&person.email).await.unwrap();
            press(&c, &format!("//input[@id='pick-{}']", person.id), SPACE).await;
            press(&c, &button("Add 1 person to the new group"), ENTER).await;
        }
        find(&c, "//h3[normalize-space(.)='Members: 2 people']").await;
        // A disabled person is shown, unavailable, with the reason.
        let search = find(&c, &field("Find people")).await;
        search.clear().await.unwrap();
        search.send_keys(&disabled.email).await.unwrap();
        let unavailable = find(&c, &format!("//input[@id='pick-{}']", disabled.id)).await;
        assert!(!unavailable.is_enabled().await.unwrap());
        find(&c, &format!("//span[@id='pick-{}-why' and contains(., 'Disabled')]", disabled.id)).await;
        choose(&c, "new-group-head-choice", &picked[0].id).await;
        for theme in ["light", "dark"] {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the new group form ({theme})")).await;
        }
        screenshot(&c, "group-new").await;
        // Enter in the name creates it, with both members and the head, in one request.
        press(&c, &name, ENTER).await;
        find(&c, "//h1[normalize-space(.)='Keyboard crew']").await;
        let group = {
            let p = portal.lock().unwrap();
            let group = p.group_by_name("Keyboard crew").expect("created").id.clone();
            assert_eq!(
                ids_set(p.member_ids(&group)),
                ids_set(picked.iter().map(|u| u.id.clone()))
            );
            assert_eq!(p.head_id(&group), Some(picked[0].id.as_str()));
            group
        };

        // A rename to a name another group has is warned about; one the portal refuses (the
        // group was deleted meanwhile) says why next to the name, which keeps what was typed.
        let rename = find(&c, &field("Group name")).await;
        rename.clear().await.unwrap();
        rename.send_keys(&taken).await.unwrap();
        find(&c, &format!("//form[contains(@class,'rename-group')]//p[contains(@class,'warning') and contains(., 'Another group is already named “{taken}”')]")).await;
        assert!(portal.lock().unwrap().delete_group(&group));
        rename.send_keys(ENTER).await.unwrap();
        find(&c, "//p[@id='rename-group-error' and contains(., 'could not be found')]").await;
        assert_eq!(rename.prop("value").await.unwrap().as_deref(), Some(taken.as_str()));
    })
    .await;
}
