//! Rooms: nothing deleted with a handover unless asked and counted; a failed check stops the
//! review; the heir is found, never a leaver.

use super::*;

/// Defect 1 (and 9): with the handover ticked, the room owners were deleted by their handover
/// job before anyone confirmed a deletion. Now everyone waits, disabled, for the typed count;
/// "Keep them disabled and finish" ends the run with a receipt and nobody deleted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handover_deletes_nobody_before_the_typed_confirmation() {
    let sim = Sim::start(60).await;
    let (team, heir) = room_owning_team(&sim);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Owner),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey("safe-handover", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team), 5).await;
        hand_rooms_to(&c, 2, &heir).await;
        click(&c, "Disable 5 people").await;
        find(&c, &field("Type 5 to confirm")).await;
        for u in &team {
            assert_eq!(
                status_of(&portal, &u.id),
                Some(EmployeeStatus::Terminated),
                "{} is disabled and still on the portal",
                u.email
            );
        }
        assert_eq!(
            portal.lock().unwrap().user(&heir.id).unwrap().rooms_owned,
            heir.rooms_owned + 4,
            "the rooms moved"
        );
        assert_eq!(faults.counts().get(DELETE_BATCH), None, "no deletion sent");

        // The receipt downloads at this step already, as JSON a parser takes.
        keep_downloads(&c).await;
        click_download(&c, "Download receipt so far (JSON)").await;
        assert_eq!(
            parsed_download(&c).await["people"]
                .as_array()
                .unwrap()
                .len(),
            5
        );

        click(&c, "Keep them disabled and finish").await;
        find(
            &c,
            "//p[contains(@class,'done-note') and normalize-space(.)='Finished.']",
        )
        .await;
        let (json, _) = receipt(&c).await;
        for person in json["people"].as_array().unwrap() {
            assert_eq!(person["result"], "disabled", "{person}");
            assert!(person["reason"].as_str().unwrap().contains("Kept disabled"));
        }
        let owner = &json["people"][0];
        assert!(
            owner["reason"].as_str().unwrap().contains(&heir.email),
            "the receipt says whom their rooms went to: {owner}"
        );
        assert_eq!(
            kept_plan(&c).await,
            json!(null),
            "the ended run is not kept"
        );
        assert!(team
            .iter()
            .all(|u| status_of(&portal, &u.id) == Some(EmployeeStatus::Terminated)));
        assert_eq!(faults.counts().get(DELETE_BATCH), None);
    })
    .await;
}

/// Deleting each owner as their handover ends is an explicit option, unticked, with the
/// portal's warning and its own typed count before the run starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_owners_with_their_handover_is_asked_for_and_counted() {
    let sim = Sim::start(60).await;
    let (team, heir) = room_owning_team(&sim);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey("safe-owner-deletion", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team), 5).await;
        hand_rooms_to(&c, 2, &heir).await;
        let option = find(&c, "//label[contains(., 'Delete each owner')]/input").await;
        assert!(!option.is_selected().await.unwrap(), "unticked at first");
        option.click().await.unwrap();
        find(
            &c,
            "//p[contains(@class,'warning') and contains(., 'cannot be undone')]",
        )
        .await;
        let start = find(&c, &button("Disable 5 people")).await;
        assert!(
            start.attr("disabled").await.unwrap().is_some(),
            "not before the count"
        );
        find(&c, &field("Type 2 to confirm deleting the room owners"))
            .await
            .send_keys("2")
            .await
            .unwrap();
        click(&c, "Disable 5 people").await;
        // The owners went with their handover; the other three wait for their own count.
        find(&c, &field("Type 3 to confirm")).await;
        let p = portal.lock().unwrap();
        assert!(p.user(&team[0].id).is_none() && p.user(&team[1].id).is_none());
        assert!(team[2..]
            .iter()
            .all(|u| p.user(&u.id).map(|u| u.status) == Some(EmployeeStatus::Terminated)));
    })
    .await;
}

/// Defect 2: a failed ownership check became "nobody owns rooms", and all were deleted with
/// their rooms. Now the review stops with the reason and a retry, and nothing is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_during_the_room_check_stops_the_review() {
    let sim = Sim::start(60).await;
    let (team, heir) = room_owning_team(&sim);
    sim.portal
        .lock()
        .unwrap()
        .user_mut(&team[2].id)
        .unwrap()
        .rooms_owned = 1;
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Owner),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey("safe-room-check", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team), 5).await;
        let outage = Duration::from_secs(3);
        let over = Instant::now() + outage;
        faults.outage(outage);
        find(&c, "//label[contains(., 'Hand the rooms')]/input")
            .await
            .click()
            .await
            .unwrap();
        let error = find(
            &c,
            "//div[@role='alert']/p[contains(., 'Could not check whether')]",
        )
        .await
        .text()
        .await
        .unwrap();
        assert!(error.contains("nothing has been changed"), "{error}");
        let start = find(&c, &button("Disable 5 people")).await;
        assert!(
            start.attr("disabled").await.unwrap().is_some(),
            "no run without knowing who owns rooms"
        );
        until_within("the outage is over", outage * 2, || async move {
            Instant::now() >= over
        })
        .await;
        click(&c, "Try again").await;
        hand_rooms_to_checked(&c, 3, &heir).await;
        click(&c, "Disable 5 people").await;
        find(&c, &field("Type 5 to confirm")).await;
        let counts = faults.counts();
        assert_eq!(counts.get(DELETE_BATCH), None);
        assert_eq!(
            counts.get("POST /api/2.0/people/reassign/start"),
            Some(&3),
            "the three owners' rooms were handed over: {counts:#?}"
        );
        assert!(team.iter().all(|u| status_of(&portal, &u.id).is_some()));
    })
    .await;
}

/// After "Try again" in the review: the owners are known; picks the heir.
async fn hand_rooms_to_checked(c: &Client, owners: usize, heir: &User) {
    find(
        c,
        &format!("//p[contains(@class,'room-check') and starts-with(normalize-space(.), '{owners} own rooms or shared files:')]"),
    )
    .await;
    pick_heir(c, "offboard-heir", heir).await;
}

/// Defect 8: the heir picker offered the leavers in an unsearchable list of every admin, and
/// "Try again" reused the heir that failed. Now it searches the portal, never offers a leaver
/// or a disabled account, and a failed handover names the heir and the leaver's real state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heir_picker_finds_an_admin_among_500_and_offers_no_leaver() {
    let sim = Sim::start(900).await;
    let admins: Vec<String> = sim
        .people(500, |u| u.status == EmployeeStatus::Active && !u.is_owner)
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(admins.len(), 500);
    let (leavers, first_heir, second_heir) = {
        let mut p = sim.portal.lock().unwrap();
        for (i, id) in admins.iter().enumerate() {
            let u = p.user_mut(id).unwrap();
            u.employee_type = EmployeeType::RoomAdmin;
            u.rooms_owned = if i < 3 { 2 } else { 0 };
            u.shared_files = 0;
        }
        let get = |i: usize| p.user(&admins[i]).cloned().unwrap();
        ((0..3).map(get).collect::<Vec<_>>(), get(250), get(400))
    };
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey("safe-heir-picker", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&leavers), 3).await;
        find(&c, "//label[contains(., 'Hand the rooms')]/input").await.click().await.unwrap();
        find(&c, "//p[contains(@class,'room-check') and starts-with(normalize-space(.), '3 own rooms or shared files:')]").await;
        // A leaver is a room admin too, but never offered.
        let search = find(&c, "//input[@id='offboard-heir-search']").await;
        search.send_keys(&leavers[0].email).await.unwrap();
        find(&c, "//fieldset[@id='offboard-heir']//p[contains(., 'Nobody who may receive rooms matches')]").await;
        search.clear().await.unwrap();
        pick_heir(&c, "offboard-heir", &first_heir).await;
        // The heir is disabled in the portal before the run: the handover is refused.
        portal.lock().unwrap().user_mut(&first_heir.id).unwrap().status = EmployeeStatus::Terminated;
        click(&c, "Disable 3 people").await;
        assert_eq!(finished(&c).await, 3);
        let result = find(
            &c,
            &format!("//table[contains(@class,'results')]//tr[td[2]='{}']/td[3]", leavers[0].email),
        )
        .await
        .text()
        .await
        .unwrap();
        assert!(result.contains(&first_heir.email), "names the heir: {result}");
        assert!(!result.contains(&first_heir.id), "not by ID: {result}");
        assert!(result.contains("disabled and still own their rooms"), "{result}");
        screenshot(&c, "safeguards-handover-failed").await;
        // Try again with someone else; the disabled heir is not offered.
        let search = find(&c, "//input[@id='retry-heir-search']").await;
        search.send_keys(&first_heir.email).await.unwrap();
        find(&c, "//fieldset[@id='retry-heir']//p[contains(., 'Nobody who may receive rooms matches')]").await;
        search.clear().await.unwrap();
        pick_heir(&c, "retry-heir", &second_heir).await;
        click(&c, "Try the 3 not done again").await;
        find(&c, &field("Type 3 to confirm")).await;
        let p = portal.lock().unwrap();
        assert_eq!(p.user(&second_heir.id).unwrap().rooms_owned, second_heir.rooms_owned + 6);
        assert!(leavers
            .iter()
            .all(|u| p.user(&u.id).map(|u| u.status) == Some(EmployeeStatus::Terminated)));
    })
    .await;
}
