//! Offboarding journeys' steps and checks, shared by the fault journeys (`tests/faults.rs`) and
//! the soak (`cargo xtask soak`).

use std::collections::BTreeMap;
use std::time::Duration;

use docspace_sim::model::{EmployeeStatus, EmployeeType, User};
use docspace_sim::{Role, SharedPortal};
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::{
    button, download, field, find, find_within, screenshot, sign_in_with_key, until_count,
    until_within,
};

pub const TERMINATE: &str = "PUT /api/2.0/people/status/{status}";
pub const DELETE: &str = "PUT /api/2.0/people/delete";
pub const SIGN_OUT: &str = "PUT /api/2.0/security/activeconnections/logoutall/{userId}";

/// Unticks "Sign them out everywhere first" on the review: the run leaves the sign-out to the
/// disable (which ends their sessions too). For the journeys about the batches under a rate
/// limit, where a request per person would only make them wait; the sign-out step has journeys
/// of its own (`offboard.rs`).
pub async fn leave_sign_out_to_the_disable(c: &Client) {
    let tick = find(c, "//input[@id='offboard-sign-out']").await;
    if tick.prop("checked").await.unwrap().as_deref() == Some("true") {
        tick.click().await.unwrap();
    }
    assert_eq!(
        tick.prop("checked").await.unwrap().as_deref(),
        Some("false"),
        "the sign-out left to the disable"
    );
}

/// Names `n` accounts "Leaver" (so that the list's search finds them), active and not
/// DocSpace admins (whom only the owner may offboard), and returns their ids.
pub fn mark_leavers(portal: &SharedPortal, n: usize) -> Vec<String> {
    let mut p = portal.lock().unwrap();
    let mut ids = Vec::new();
    for user in p.users.iter_mut().skip(5) {
        if ids.len() < n
            && user.employee_type != EmployeeType::DocSpaceAdmin
            && user.status != EmployeeStatus::Pending
        {
            user.last_name = "Leaver".into();
            user.status = EmployeeStatus::Active;
            ids.push(user.id.clone());
        }
    }
    assert_eq!(ids.len(), n, "enough accounts");
    ids
}

/// Everyone's state, to prove that nobody outside the plan changed.
pub fn snapshot(portal: &SharedPortal) -> BTreeMap<String, String> {
    let p = portal.lock().unwrap();
    p.users
        .iter()
        .map(|u| {
            let state = format!(
                "{:?} {:?} {} {} {} {:?}",
                u.status, u.employee_type, u.first_name, u.last_name, u.email, u.groups
            );
            (u.id.clone(), state)
        })
        .collect()
}

pub fn assert_nobody_else_changed(
    before: &BTreeMap<String, String>,
    portal: &SharedPortal,
    plan: &[String],
) {
    let after = snapshot(portal);
    for (id, was) in before {
        if !plan.contains(id) {
            assert_eq!(after.get(id), Some(was), "{id} is not in the plan");
        }
    }
    assert!(
        after.keys().all(|id| before.contains_key(id)),
        "nobody was created"
    );
}

/// Signs in on the list of leavers, selects all of them and asks for the review.
pub async fn review_all_leavers(c: &Client, base: &str, key: &str, n: usize) {
    c.goto(&format!("{base}/people?q=leaver")).await.unwrap();
    sign_in_with_key(c, key).await;
    until_count(c, &format!("Showing 100 of {n} people")).await;
    c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(c, &format!("Select all {n} matching")).await;
    click(c, &format!("Offboard {n} selected…")).await;
    find_within(
        c,
        &format!(
            "//h2[normalize-space(.)='{} will be offboarded']",
            people(n)
        ),
        Duration::from_secs(60),
    )
    .await;
}

/// On /offboard: pastes `list`, asks for the review, and waits for a plan of `n` people.
pub async fn review_pasted(c: &Client, list: &str, n: usize) {
    find(c, "//textarea[@id='pasted']")
        .await
        .send_keys(list)
        .await
        .unwrap();
    find(c, &button("Review")).await.click().await.unwrap();
    find(
        c,
        &format!(
            "//h2[normalize-space(.)='{} will be offboarded']",
            people(n)
        ),
    )
    .await;
}

/// "1 person", "5 people", as the panel counts.
pub fn people(n: usize) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}

pub async fn click(c: &Client, name: &str) {
    find(c, &button(name)).await.click().await.unwrap();
}

/// Types the count the page asks for and deletes; returns that count.
pub async fn confirm_delete(c: &Client) -> usize {
    let label = find_within(c, "//label[@for='confirm-count']", Duration::from_secs(90))
        .await
        .text()
        .await
        .unwrap();
    let n: usize = label
        .trim_start_matches("Type ")
        .trim_end_matches(" to confirm")
        .parse()
        .unwrap_or_else(|_| panic!("a count in {label:?}"));
    find(c, &field(&label))
        .await
        .send_keys(&n.to_string())
        .await
        .unwrap();
    click(c, &format!("Delete {}", people(n))).await;
    n
}

/// Waits for the end of the run; how many ended with a problem ("Finished." or "Finished with
/// 2 problems: …").
pub async fn finished(c: &Client) -> usize {
    let note = "//p[contains(@class,'done-note')]";
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let note = loop {
        if let Ok(p) = c.find(Locator::XPath(note)).await {
            break p.text().await.unwrap();
        }
        if std::time::Instant::now() > deadline {
            screenshot(c, "faults-unfinished").await;
            panic!("the run did not finish within 120 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    if note == "Finished." {
        0
    } else {
        note.trim_start_matches("Finished with ")
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a count in {note:?}"))
    }
}

/// The receipt as the admin downloads it: JSON (people and requests) and CSV (people).
pub async fn receipt(c: &Client) -> (Value, String) {
    let json = download(c, "Download receipt (JSON)").await;
    let csv = download(c, "Download receipt (CSV, one row per person)").await;
    (serde_json::from_str(&json).expect("the JSON receipt"), csv)
}

/// The receipt's people agree with the portal, person by person; returns how many are not
/// deleted.
pub fn assert_receipt_matches_portal(
    receipt: &Value,
    csv: &str,
    portal: &SharedPortal,
    plan: &[String],
) -> usize {
    let people = receipt["people"].as_array().expect("people");
    assert_eq!(people.len(), plan.len(), "one line per person planned");
    assert_eq!(
        csv.split("\r\n").filter(|l| !l.is_empty()).count(),
        plan.len() + 1,
        "the CSV has a row per person"
    );
    let p = portal.lock().unwrap();
    let mut not_deleted = 0;
    for person in people {
        let id = person["id"].as_str().unwrap();
        assert!(plan.contains(&id.to_string()), "{id} was planned");
        let result = person["result"].as_str().unwrap();
        let reason = person["reason"].as_str().unwrap();
        let now = p.user(id);
        match result {
            "deleted" => assert!(now.is_none(), "{id}: the receipt says deleted"),
            "not deleted" => {
                not_deleted += 1;
                assert_eq!(
                    now.map(|u| u.status),
                    Some(EmployeeStatus::Terminated),
                    "{id}: disabled, not deleted"
                );
                assert!(reason.contains("The portal answered 5"), "{id}: {reason}");
            }
            "not disabled" => {
                not_deleted += 1;
                assert!(now.is_some(), "{id}: not deleted");
                assert!(!reason.is_empty(), "{id}: a reason");
            }
            other => panic!("{id}: unexpected result {other:?}"),
        }
        assert!(
            csv.contains(&format!("{id},")),
            "{id} is in the CSV receipt"
        );
    }
    not_deleted
}

/// Requests to `route` the receipt lists, and the statuses they got.
pub fn receipt_requests(receipt: &Value, method: &str, path_part: &str) -> Vec<Option<u64>> {
    receipt["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter(|r| r["method"] == method && r["path"].as_str().unwrap().contains(path_part))
        .map(|r| r["status"].as_u64())
        .collect()
}

/// One step of the progress line: its name, how many are past it, and how many it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepCount {
    pub step: String,
    pub done: usize,
    pub total: usize,
}

/// The progress line read back: "Disable 100/240 · Hand over 3/7 · Delete 0/240 · 2 problems"
/// is its steps and 2 problems. `None` when it does not read so.
pub fn step_counts(line: &str) -> Option<(Vec<StepCount>, usize)> {
    let mut steps = Vec::new();
    let mut problems = 0;
    for part in line.split(" · ").map(str::trim) {
        if let Some(n) = part
            .strip_suffix(" problems")
            .or_else(|| part.strip_suffix(" problem"))
        {
            problems = n.parse().ok()?;
            continue;
        }
        let (step, count) = part.rsplit_once(' ')?;
        let (done, total) = count.split_once('/')?;
        steps.push(StepCount {
            step: step.to_string(),
            done: done.parse().ok()?,
            total: total.parse().ok()?,
        });
    }
    (!steps.is_empty()).then_some((steps, problems))
}

/// The progress line's numbers: how many are past Disable (disabled or deleted), and past
/// Delete.
pub async fn progress(c: &Client) -> (usize, usize) {
    let text = match c.find(Locator::Id("offboard-progress")).await {
        Ok(p) => p.text().await.unwrap_or_default(),
        Err(_) => return (0, 0),
    };
    let steps = step_counts(&text)
        .map(|(steps, _)| steps)
        .unwrap_or_default();
    let done = |name: &str| steps.iter().find(|s| s.step == name).map_or(0, |s| s.done);
    (done("Disable"), done("Delete"))
}

pub async fn until_progress(c: &Client, what: &str, check: impl Fn((usize, usize)) -> bool) {
    let c = c.clone();
    let check = std::sync::Arc::new(check);
    until_within(what, Duration::from_secs(90), move || {
        let c = c.clone();
        let check = check.clone();
        async move { check(progress(&c).await) }
    })
    .await;
}

/// After a reload: the page resumes the saved plan and offers to continue (or to confirm
/// the deletion, if that is where it stopped).
pub async fn resume(c: &Client) {
    c.refresh().await.unwrap();
    find(
        c,
        "//p[contains(@class,'notice') and contains(., 'continues where it stopped')]",
    )
    .await;
    resume_here(c).await;
}

/// On a resumed plan: "Resume" (or "Continue"), unless it already waits for the delete
/// confirmation.
pub async fn resume_here(c: &Client) {
    let next = find(
        c,
        "//button[normalize-space(.)='Continue' or normalize-space(.)='Resume'] | //label[@for='confirm-count'] | //p[contains(@class,'done-note')]",
    )
    .await;
    if next.tag_name().await.unwrap() == "button" {
        next.click().await.unwrap();
    }
}

/// Five plain accounts of which the first two own two rooms each, and who can receive rooms
/// (the room admin).
pub fn room_owning_team(sim: &crate::Sim) -> (Vec<User>, User) {
    let ids: Vec<String> = sim.active_users(5).into_iter().map(|u| u.id).collect();
    let mut p = sim.portal.lock().unwrap();
    for (i, id) in ids.iter().enumerate() {
        let u = p.user_mut(id).unwrap();
        u.rooms_owned = if i < 2 { 2 } else { 0 };
        // Nothing else to hand over: the seeded portal gives some people shared files.
        u.shared_files = 0;
    }
    let team = ids.iter().map(|id| p.user(id).cloned().unwrap()).collect();
    (team, p.role_user(Role::RoomAdmin).cloned().unwrap())
}

/// In the review: asks to hand over rooms, waits until `owners` are found, and picks `heir`.
pub async fn hand_rooms_to(c: &Client, owners: usize, heir: &User) {
    find(c, "//label[contains(., 'Hand the rooms')]/input")
        .await
        .click()
        .await
        .unwrap();
    find(
        c,
        &format!("//p[contains(@class,'room-check') and starts-with(normalize-space(.), '{owners} own rooms or shared files:')]"),
    )
    .await;
    pick_heir(c, "offboard-heir", heir).await;
}

/// In a heir picker (`id`): finds `heir` by typing their email, and chooses them.
pub async fn pick_heir(c: &Client, id: &str, heir: &User) {
    find(c, &format!("//input[@id='{id}-search']"))
        .await
        .send_keys(&heir.email)
        .await
        .unwrap();
    // The results are replaced as the search settles: click the heir's option once it stays.
    let option = format!(
        "//fieldset[@id='{id}']//input[@type='radio' and @value='{}']",
        heir.id
    );
    find(c, &option).await;
    crate::until("the heir's option takes the click", || {
        let (c, option) = (c.clone(), option.clone());
        async move {
            match c.find(Locator::XPath(&option)).await {
                Ok(radio) => radio.click().await.is_ok(),
                Err(_) => false,
            }
        }
    })
    .await;
    find(
        c,
        &format!(
            "//fieldset[@id='{id}']//p[contains(@class,'chosen') and contains(., '{}')]",
            heir.email
        ),
    )
    .await;
}

/// The key is deleted in the portal's Developer Tools mid-run and a new one made for the same
/// person: the panel says the key was rejected, the new key signs in, and the saved run is
/// offered again.
pub async fn replace_key_mid_run(c: &Client, portal: &SharedPortal, key: &str, role: Role) {
    let new_key = {
        let mut p = portal.lock().unwrap();
        p.revoke_key(key);
        let id = p.role_user(role).unwrap().id.clone();
        p.issue_key(&id)
    };
    find(
        c,
        "//p[contains(@class,'notice') and contains(., 'rejected the API key')]",
    )
    .await;
    sign_in_with_key(c, &new_key).await;
    find(
        c,
        "//p[contains(@class,'notice') and contains(., 'continues where it stopped')]",
    )
    .await;
}
