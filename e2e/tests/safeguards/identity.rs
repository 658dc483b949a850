//! Who is acted on, and by whom: never a decoy for the person, never on someone else's
//! confirmation, nothing after Sign out.

use super::*;

/// Defect 3: `GET /people/{id}` answers with an account whose user name is that ID, and the
/// panel took it for the person. Now the answer is checked and the person read by ID: on the
/// profile, in pasted IDs and in the wizard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_name_that_spells_an_id_never_stands_for_that_person() {
    let sim = Sim::start(40).await;
    let victims = sim.active_users(3);
    for v in &victims {
        let mut p = sim.portal.lock().unwrap();
        let u = p.user_mut(&v.id).unwrap();
        u.rooms_owned = 0;
        u.shared_files = 0;
    }
    let decoys: Vec<User> = victims
        .iter()
        .enumerate()
        .map(|(i, v)| sim.plant_decoy(v, i))
        .collect();
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    journey("safe-decoy", move |c| async move {
        // The profile.
        c.goto(&format!("{base}/people/{}", victims[0].id))
            .await
            .unwrap();
        sign_in_with_key(&c, &key).await;
        find(
            &c,
            &format!("//h1[normalize-space(.)='{}']", victims[0].display_name()),
        )
        .await;
        find(
            &c,
            &format!(
                "//p[contains(@class,'warning') and contains(., '{}')]",
                decoys[0].email
            ),
        )
        .await;
        click(&c, "Disable").await;
        click(&c, &format!("Disable {}", victims[0].display_name())).await;
        let (p2, id) = (portal.clone(), victims[0].id.clone());
        until("the person is disabled", move || {
            let done = status_of(&p2, &id) == Some(EmployeeStatus::Terminated);
            async move { done }
        })
        .await;
        assert_eq!(
            status_of(&portal, &decoys[0].id),
            Some(EmployeeStatus::Active)
        );

        // A pasted ID.
        c.goto(&format!("{base}/offboard")).await.unwrap();
        review_pasted(&c, &victims[1].id, 1).await;
        let listed = find(&c, "//table[contains(@class,'leavers')]/tbody")
            .await
            .text()
            .await
            .unwrap();
        assert!(listed.contains(&victims[1].email), "{listed}");
        assert!(!listed.contains(&decoys[1].email), "{listed}");

        // The wizard.
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, &field("Their email"))
            .await
            .send_keys(&victims[2].email)
            .await
            .unwrap();
        click(&c, "Pick this account").await;
        find(
            &c,
            &format!(
                "//dd[contains(@class,'verified-name') and normalize-space(.)='{}']",
                victims[2].display_name()
            ),
        )
        .await;
        find(
            &c,
            &format!(
                "//p[contains(@class,'warning') and contains(., '{}')]",
                decoys[2].email
            ),
        )
        .await;
        click(&c, "Continue").await;
        click(&c, &format!("Disable {}", victims[2].display_name())).await;
        find(&c, &field(&format!("Type {} to confirm", victims[2].email)))
            .await
            .send_keys(&victims[2].email)
            .await
            .unwrap();
        click(&c, &format!("Delete {}", victims[2].display_name())).await;
        find(&c, "//section[contains(@class,'receipt')]").await;
        let p = portal.lock().unwrap();
        assert!(p.user(&victims[2].id).is_none(), "the person is gone");
        assert_eq!(
            p.user(&decoys[2].id).map(|u| u.status),
            Some(EmployeeStatus::Active),
            "the decoy was never touched"
        );
    })
    .await;
}

/// Defect 5: the run waited at the delete step, the login ended, another admin signed in, and
/// "Continue" deleted at once. Now whoever resumes is asked: before the delete step (to go on
/// disabling) and at it (the typed count, even if the previous person had typed it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_else_resuming_is_asked_again_before_anything_is_sent() {
    let sim = Sim::slow(300, 1500).await;
    let leavers = mark_leavers(&sim.portal, 250);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Owner),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    let admin_key = sim.key(Role::Admin);
    let (owner, admin) = {
        let p = sim.portal.lock().unwrap();
        (
            p.role_user(Role::Owner).cloned().unwrap(),
            p.role_user(Role::Admin).cloned().unwrap(),
        )
    };
    journey_within(
        "safe-other-person",
        Duration::from_secs(150),
        move |c| async move {
            review_all_leavers(&c, &base, &key, 250).await;
            click(&c, "Disable 250 people").await;
            until_progress(&c, "some disabled", |(disabled, _)| disabled >= 100).await;
            portal.lock().unwrap().revoke_key(&key);
            find(
                &c,
                "//p[contains(@class,'notice') and contains(., 'rejected the API key')]",
            )
            .await;
            sign_in_with_key(&c, &admin_key).await;
            find(&c, "//h2[normalize-space(.)='Confirm to go on']").await;
            let said = find(
                &c,
                "//h2[normalize-space(.)='Confirm to go on']/following-sibling::p[1]",
            )
            .await
            .text()
            .await
            .unwrap();
            assert!(
                said.contains(&owner.display_name()) && said.contains(&admin.display_name()),
                "{said}"
            );
            let (disabled_then, _) = progress(&c).await;
            assert_eq!(disabled_then, 100);
            assert_eq!(
                faults.counts().get(STATUS),
                Some(&2),
                "the batch refused with the old key, and nothing since"
            );
            click(&c, &format!("Go on as {}", admin.display_name())).await;
            assert_eq!(confirm_delete(&c).await, 250);
            assert_eq!(finished(&c).await, 0);
            let p = portal.lock().unwrap();
            assert!(leavers.iter().all(|id| p.user(id).is_none()));
            assert!(faults.counts().contains_key(DELETE_BATCH));
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deletion_confirmed_before_the_sign_in_changed_hands_is_asked_again() {
    let sim = Sim::start(40).await;
    let team = sim.active_users(3);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    let admin_key = sim.key(Role::Admin);
    journey("safe-delete-other-person", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team), 3).await;
        click(&c, "Disable 3 people").await;
        find(&c, &field("Type 3 to confirm"))
            .await
            .send_keys("3")
            .await
            .unwrap();
        // The owner's key is deleted just as they confirm: the deletion gets a 401.
        portal.lock().unwrap().revoke_key(&key);
        click(&c, "Delete 3 people").await;
        find(
            &c,
            "//p[contains(@class,'notice') and contains(., 'rejected the API key')]",
        )
        .await;
        sign_in_with_key(&c, &admin_key).await;
        find(&c, &field("Type 3 to confirm")).await;
        assert!(
            team.iter()
                .all(|u| status_of(&portal, &u.id) == Some(EmployeeStatus::Terminated)),
            "nothing deleted on the previous person's confirmation"
        );
        assert_eq!(confirm_delete(&c).await, 3);
        assert_eq!(finished(&c).await, 0);
        assert!(team.iter().all(|u| status_of(&portal, &u.id).is_none()));
    })
    .await;
}

/// Defects 6 and 7: after Sign out a request still went out with the signed-out token, and the
/// token stayed valid on the portal. Now Sign out stops every job, waits for the request in
/// flight, then ends the login token (`/authentication/logout`); an API key is not ended, and
/// the page says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_stops_the_run_and_ends_the_login_token() {
    let sim = Sim::slow(300, 700).await;
    mark_leavers(&sim.portal, 200);
    let (base, portal, faults, key) = (
        sim.base.clone(),
        sim.portal.clone(),
        sim.faults.clone(),
        sim.key(Role::Owner),
    );
    let owner = portal
        .lock()
        .unwrap()
        .role_user(Role::Owner)
        .cloned()
        .unwrap();
    journey_within(
        "safe-sign-out",
        Duration::from_secs(150),
        move |c| async move {
            c.goto(&format!("{base}/people?q=leaver")).await.unwrap();
            sign_in_with_password(&c, &owner.email, &owner.password).await;
            find_within(
                &c,
                "//p[contains(@class,'count') and normalize-space(.)='Showing 100 of 200 people']",
                Duration::from_secs(30),
            )
            .await;
            let token = c
                .execute(
                    "return JSON.parse(sessionStorage.getItem('docspace-admin.session')).token",
                    vec![],
                )
                .await
                .unwrap();
            let token = token.as_str().unwrap().to_string();
            assert!(portal.lock().unwrap().authenticate(&token).is_some());
            tick_row(&c, 1).await;
            click(&c, "Select all 200 matching").await;
            click(&c, "Offboard 200 selected…").await;
            find_within(
                &c,
                "//h2[normalize-space(.)='200 people will be offboarded']",
                Duration::from_secs(30),
            )
            .await;
            let sent =
                |faults: &docspace_sim::Faults| faults.counts().get(STATUS).copied().unwrap_or(0);
            // The disable batch is what is stopped here: the sign-out is left to it.
            docspace_e2e::offboarding::leave_sign_out_to_the_disable(&c).await;
            click(&c, "Disable 200 people").await;
            let f2 = faults.clone();
            until("the first batch is on its way", move || {
                let n = sent(&f2);
                async move { n >= 1 }
            })
            .await;
            docspace_e2e::sign_out(&c).await;
            find_within(
                &c,
                "//p[contains(@class,'notice') and contains(., 'the portal ended this sign-in')]",
                Duration::from_secs(20),
            )
            .await;
            let at_logout = faults.counts();
            assert_eq!(at_logout.get(LOGOUT), Some(&1));
            assert!(
                portal.lock().unwrap().authenticate(&token).is_none(),
                "the token is refused"
            );
            assert_eq!(
                kept_plan(&c).await,
                json!(null),
                "sign-out forgets the kept plan"
            );
            // Nothing more goes out: the run's next batch was refused in the browser.
            let c2 = c.clone();
            until("the sign-in page settles", move || {
                let c = c2.clone();
                async move {
                    c.execute("return sessionStorage.length", vec![])
                        .await
                        .unwrap()
                        == json!(0)
                }
            })
            .await;
            find(&c, &field("API key")).await;
            let mut after = faults.counts();
            after.remove(LOGOUT);
            let mut then = at_logout.clone();
            then.remove(LOGOUT);
            assert_eq!(after, then, "no request followed the sign-out");
            assert!(sent(&faults) < 2, "the second batch was never sent");

            // With an API key, the page says the key still works.
            find(&c, "//label[normalize-space(.)='API key']").await;
            sign_in_with_key(&c, &key).await;
            docspace_e2e::sign_out(&c).await;
            find(
                &c,
                "//p[contains(@class,'notice') and contains(., 'API key still works')]",
            )
            .await;
            assert_eq!(
                faults.counts().get(LOGOUT),
                Some(&1),
                "a key is not logged out"
            );
        },
    )
    .await;
}
