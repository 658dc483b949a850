//! Never the wrong person, never unconfirmed, always stoppable: a journey per defect found by
//! trying the offboarding flows as a new administrator would, and as someone set on breaking
//! them (issue 12). Each one failed on the build before the fix.

use std::time::{Duration, Instant};

use docspace_e2e::offboarding::{
    click, confirm_delete, finished, hand_rooms_to, mark_leavers, pick_heir, progress, receipt,
    review_all_leavers, review_pasted, room_owning_team, until_progress,
};
use docspace_e2e::{
    button, field, find, find_within, journey, journey_within, keep_downloads, sign_in_with_key,
    until, until_count, until_within, Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType, User};
use docspace_sim::{FaultSpec, Role, SharedPortal};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

const DELETE_BATCH: &str = "PUT /api/2.0/people/delete";
const STATUS: &str = "PUT /api/2.0/people/status/{status}";
const LOGOUT: &str = "POST /api/2.0/authentication/logout";

fn emails(people: &[User]) -> String {
    people
        .iter()
        .map(|u| u.email.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn status_of(portal: &SharedPortal, id: &str) -> Option<EmployeeStatus> {
    portal.lock().unwrap().user(id).map(|u| u.status)
}

/// The text of the open dialog.
async fn dialog_text(c: &Client) -> String {
    find(c, "//dialog[@open]").await.text().await.unwrap()
}

/// What the last download holds, parsed by the browser's own `JSON.parse` (which refuses a
/// byte-order mark).
async fn parsed_download(c: &Client) -> serde_json::Value {
    c.execute("return JSON.parse(window.__download)", vec![])
        .await
        .expect("JSON.parse takes the receipt")
}

async fn click_download(c: &Client, name: &str) {
    c.execute("window.__download = null", vec![]).await.unwrap();
    click(c, name).await;
    let c2 = c.clone();
    until("the download", move || {
        let c = c2.clone();
        async move {
            c.execute("return window.__download !== null", vec![])
                .await
                .ok()
                == Some(json!(true))
        }
    })
    .await;
}

async fn kept_plan(c: &Client) -> serde_json::Value {
    c.execute(
        "return localStorage.getItem('docspace-admin.offboarding')",
        vec![],
    )
    .await
    .unwrap()
}

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
        &format!("//p[contains(@class,'room-check') and starts-with(normalize-space(.), '{owners} own rooms:')]"),
    )
    .await;
    pick_heir(c, "offboard-heir", heir).await;
}

/// Defect 3: `GET /people/{id}` answers with an account whose user name is that ID, and the
/// panel took it for the person. Now the answer is checked and the person read by ID: on the
/// profile, in pasted IDs and in the wizard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_name_that_spells_an_id_never_stands_for_that_person() {
    let sim = Sim::start(40).await;
    let victims = sim.active_users(3);
    for v in &victims {
        sim.portal
            .lock()
            .unwrap()
            .user_mut(&v.id)
            .unwrap()
            .rooms_owned = 0;
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

/// Defect 4: a filter change while the dialog loaded showed "Disable 207 people?" over the
/// Guests list. Now the dialog is open (modal) from the click, names the people it acts on,
/// and acts on exactly them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_change_while_the_dialog_loads_does_not_change_who_is_acted_on() {
    let sim = Sim::start_with(
        300,
        FaultSpec {
            latency_ms: 250,
            ..FaultSpec::default()
        },
    )
    .await;
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
        c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
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
        find_within(
            &c,
            &format!("//dialog[@open]//h2[normalize-space(.)='Disabled {n} people']"),
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

/// Defect 5: the run waited at the delete step, the login ended, another admin signed in, and
/// "Continue" deleted at once. Now whoever resumes is asked: before the delete step (to go on
/// disabling) and at it (the typed count, even if the previous person had typed it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_else_resuming_is_asked_again_before_anything_is_sent() {
    let sim = Sim::start_with(
        300,
        FaultSpec {
            latency_ms: 1500,
            ..FaultSpec::default()
        },
    )
    .await;
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

/// Defect 6: Cancel or Esc closed the dialog (losing its report) and the batches went on. Now
/// Esc stops after the batch in flight and the report says who was not reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_during_a_200_person_disable_stops_within_one_batch() {
    let sim = Sim::start_with(
        400,
        FaultSpec {
            latency_ms: 1200,
            ..FaultSpec::default()
        },
    )
    .await;
    let leavers = mark_leavers(&sim.portal, 200);
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    journey("safe-stop-bulk", move |c| async move {
        c.goto(&format!("{base}/people?q=leaver")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find_within(
            &c,
            "//p[contains(@class,'count') and normalize-space(.)='Showing 100 of 200 people']",
            Duration::from_secs(30),
        )
        .await;
        c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        click(&c, "Select all 200 matching").await;
        click(&c, "Disable…").await;
        find_within(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Disable 200 people']",
            Duration::from_secs(30),
        )
        .await;
        let before = faults.counts().get(STATUS).copied().unwrap_or(0);
        click(&c, "Disable 200 people").await;
        find(
            &c,
            "//dialog[@open]//p[normalize-space(.)='0 of 200 answered…']",
        )
        .await;
        c.active_element()
            .await
            .unwrap()
            .send_keys(&Key::Escape.to_string())
            .await
            .unwrap();
        find_within(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Disabled 100 of 200 people']",
            Duration::from_secs(30),
        )
        .await;
        let text = dialog_text(&c).await;
        assert!(text.contains("Not done for 100:"), "{text}");
        assert!(text.contains("Not sent: stopped"), "{text}");
        assert_eq!(
            faults.counts().get(STATUS).copied().unwrap_or(0) - before,
            1,
            "one batch, then nothing"
        );
        let p = portal.lock().unwrap();
        let disabled = leavers
            .iter()
            .filter(|id| p.user(id).unwrap().status == EmployeeStatus::Terminated)
            .count();
        assert_eq!(disabled, 100);
    })
    .await;
}

/// Defects 6 and 7: after Sign out a request still went out with the signed-out token, and the
/// token stayed valid on the portal. Now Sign out stops every job, waits for the request in
/// flight, then ends the login token (`/authentication/logout`); an API key is not ended, and
/// the page says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_stops_the_run_and_ends_the_login_token() {
    let sim = Sim::start_with(
        300,
        FaultSpec {
            latency_ms: 700,
            ..FaultSpec::default()
        },
    )
    .await;
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
                .send_keys(&owner.password)
                .await
                .unwrap();
            click(&c, "Sign in").await;
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
            c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
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
            click(&c, "Disable 200 people").await;
            let f2 = faults.clone();
            until("the first batch is on its way", move || {
                let n = sent(&f2);
                async move { n >= 1 }
            })
            .await;
            click(&c, "Sign out").await;
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
            click(&c, "Sign out").await;
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
        find(&c, "//p[contains(@class,'room-check') and starts-with(normalize-space(.), '3 own rooms:')]").await;
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

/// Defect 9: a closed tab lost the plan and its receipt, and the wizard had no way out. Now the
/// plan is kept in the browser (never the token) and offered after signing in again; the
/// wizard has Cancel and a receipt at every step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_survives_closing_the_tab_and_the_wizard_can_be_cancelled() {
    let sim = Sim::start(40).await;
    let team = sim.active_users(4);
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    let single = team[3].clone();
    sim.portal
        .lock()
        .unwrap()
        .user_mut(&single.id)
        .unwrap()
        .rooms_owned = 0;
    journey("safe-closed-tab", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team[..3]), 3).await;
        click(&c, "Disable 3 people").await;
        find(&c, &field("Type 3 to confirm")).await;
        let kept = kept_plan(&c).await;
        assert!(!kept.as_str().unwrap().contains(&key), "never the key");

        let old = c.window().await.unwrap();
        let new = c.new_window(true).await.unwrap();
        c.switch_to_window(old).await.unwrap();
        c.close_window().await.unwrap();
        c.switch_to_window(new.handle).await.unwrap();
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, "//p[contains(@class,'notice') and contains(., 'kept in this browser')]").await;
        find(&c, &field("Type 3 to confirm")).await;
        click(&c, "Keep them disabled and finish").await;
        find(&c, "//p[contains(@class,'done-note') and normalize-space(.)='Finished.']").await;
        assert!(team[..3]
            .iter()
            .all(|u| status_of(&portal, &u.id) == Some(EmployeeStatus::Terminated)));

        // The wizard: up to the Delete step, the receipt so far, then Cancel.
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, &field("Their email")).await.send_keys(&single.email).await.unwrap();
        click(&c, "Pick this account").await;
        click(&c, "Continue").await;
        click(&c, &format!("Disable {}", single.display_name())).await;
        find(&c, &field(&format!("Type {} to confirm", single.email))).await;
        keep_downloads(&c).await;
        click_download(&c, "Download receipt so far (JSON)").await;
        assert!(parsed_download(&c).await.as_array().unwrap().len() >= 3);
        click(&c, "Cancel").await;
        let text = dialog_text(&c).await;
        assert!(
            text.contains(&format!("{} ({}) stays disabled, not deleted", single.display_name(), single.email)),
            "{text}"
        );
        click(&c, "Cancel the offboarding").await;
        find(&c, "//section[contains(@class,'step')]/h2[normalize-space(.)='1. Create the account, or pick one']").await;
        assert_eq!(status_of(&portal, &single.id), Some(EmployeeStatus::Terminated));
    })
    .await;
}

/// Defect 10: a new selection was silently ignored while an offboarding existed, and came back
/// later as a stale review. Now the page asks which to keep, and the selection never returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_selection_while_a_plan_exists_asks_which_to_keep() {
    let sim = Sim::start(60).await;
    let people = sim.active_users(3);
    let (team, other) = (people[..2].to_vec(), people[2].clone());
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    journey("safe-new-selection", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &emails(&team), 2).await;
        click(&c, "Disable 2 people").await;
        find(&c, &field("Type 2 to confirm")).await;
        let select_other = |c: Client, base: String, email: String| async move {
            c.goto(&format!("{base}/people?q={email}")).await.unwrap();
            until_count(&c, "Showing 1 of 1 people").await;
            c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            click(&c, "Offboard 1 selected…").await;
            find(
                &c,
                "//h2[normalize-space(.)='An offboarding is already in progress']",
            )
            .await;
        };
        select_other(c.clone(), base.clone(), other.email.clone()).await;
        click(&c, "Keep the offboarding in progress").await;
        find(&c, &field("Type 2 to confirm")).await;
        select_other(c.clone(), base.clone(), other.email.clone()).await;
        click(&c, "Replace it with the 1 people selected").await;
        find(&c, "//h2[normalize-space(.)='1 people will be offboarded']").await;
        // Nothing comes back later: the selection was taken once.
        c.goto(&format!("{base}/offboard")).await.unwrap();
        find(&c, "//textarea[@id='pasted']").await;
    })
    .await;
}

/// Defect 11: a list pasted from an email found nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_pasted_from_an_email_finds_its_people() {
    let sim = Sim::start(40).await;
    let two = sim.active_users(2);
    {
        let mut p = sim.portal.lock().unwrap();
        for (u, (first, email)) in two.iter().zip([
            ("Björn", "bjorn.chen@example.com"),
            ("Carlos", "carlos.chen@example.com"),
        ]) {
            let user = p.user_mut(&u.id).unwrap();
            user.first_name = first.into();
            user.last_name = "Chen".into();
            user.email = email.into();
        }
    }
    let (base, key) = (sim.base.clone(), sim.key(Role::Owner));
    journey("safe-pasted-line", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(
            &c,
            "Björn Chen <bjorn.chen@example.com>; Carlos Chen <carlos.chen@example.com>",
            2,
        )
        .await;
        let listed = find(&c, "//table[contains(@class,'leavers')]/tbody")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            listed.contains("bjorn.chen@example.com") && listed.contains("carlos.chen@example.com"),
            "{listed}"
        );
    })
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
            c.find(Locator::Css(&format!(
                "tbody tr:nth-child({row}) input[type=checkbox]"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        }
        click(&c, "Make room admin…").await;
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
        find(
            &c,
            "//dialog[@open]//h2[normalize-space(.)='Changed 5 people to Room admin']",
        )
        .await;
        find(&c, "//dialog[@open]//button[normalize-space(.)='Close']").await;
        let p = portal.lock().unwrap();
        assert!(five
            .iter()
            .all(|u| p.user(&u.id).unwrap().employee_type == EmployeeType::RoomAdmin));
    })
    .await;
}
