//! 1,000 people added to a new group from the list's selection ("Select all matching"), every
//! API answer 50 ms late: the requests the panel sent and the time from the click on "Add" to
//! the report, against the one-request-per-person way the portal's API allows too.

use std::time::Duration;

use docspace_e2e::{button, field, find, journey_within, menu_pick, sign_in_with_key, Sim};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use fantoccini::{Client, Locator};

use crate::offboarding::{latency, LATENCY_MS};
use crate::page::{budget, env_usize, instrument, js, js_f64, row, stamp, TABLE_HEAD};

const MEMBERS: usize = 1000;
/// The portal's people: enough that 1,000 of them are active and not guests.
const PEOPLE: usize = 1800;
/// The panel's member lists per request (`lifecycle::membership::IDS_PER_REQUEST`).
const PER_REQUEST: usize = 250;
/// Requests the add may take, the collection of everyone matching included.
const REQUESTS_BUDGET: u64 = 25;

struct GroupRun {
    ms: f64,
    requests: u64,
    group_requests: u64,
}

pub async fn bench() {
    let runs = env_usize("BENCH_GROUP_RUNS", 3);
    let (tx, rx) = std::sync::mpsc::channel::<GroupRun>();
    journey_within(
        "bench-groups",
        Duration::from_secs(900),
        move |c| async move {
            instrument(&c).await;
            for _ in 0..runs {
                tx.send(group_run(&c).await).expect("send");
            }
        },
    )
    .await;
    let done: Vec<GroupRun> = rx.try_iter().collect();
    let seconds: Vec<f64> = done.iter().map(|r| r.ms / 1000.0).collect();
    let requests: Vec<f64> = done.iter().map(|r| r.requests as f64).collect();
    let group_requests: Vec<f64> = done.iter().map(|r| r.group_requests as f64).collect();
    let most = done.iter().map(|r| r.requests).max().unwrap_or(0);
    let per_person_s = (MEMBERS as u64 * LATENCY_MS) as f64 / 1000.0;
    budget(
        &format!(
            "{MEMBERS} people added to a new group: requests, most of {} runs",
            done.len()
        ),
        &format!("≤ {REQUESTS_BUDGET}"),
        &most.to_string(),
        most <= REQUESTS_BUDGET && !done.is_empty(),
    );
    println!("@@section groups");
    println!(
        "### {MEMBERS} people added to a new group, every API answer {LATENCY_MS} ms late\n\n\
         docspace-sim with {} people, {MEMBERS} of them active users named \"Bulkteam\"; the \
         release build in headless {}, signed in as the owner, on `/people?q=Bulkteam`: the first \
         row ticked, \"Select all {MEMBERS} matching\", Groups ▾ Add to group…, a new group. From \
         the click on \"Add {MEMBERS} people to “Bench team”\" to the animation frame with the \
         report (\"{MEMBERS} added.\"), from the browser's clock (see First load); requests \
         counted by the simulator (`/__sim/stats`); the group's members checked on the \
         simulator afterwards. A fresh simulator each run. The panel collects everyone matching \
         (pages of 100) when the dialog opens (not counted), then creates the group, adds the \
         members {PER_REQUEST} per request and reads the group's members back (pages of 100) to \
         report on each person. One request per person (what a \
         script calling `PUT /group/{{id}}/members` for each would do) is {MEMBERS} round trips \
         × {LATENCY_MS} ms = {per_person_s:.0} s at least (not run).\n\n{TABLE_HEAD}",
        PEOPLE,
        crate::chromium()
    );
    println!("{}", row("click on Add → the report (s)", &seconds, 2));
    println!("{}", row("requests in all", &requests, 0));
    println!(
        "{}",
        row("  of which: `/group` requests", &group_requests, 0)
    );
}

async fn group_run(c: &Client) -> GroupRun {
    let sim = Sim::start_with(PEOPLE, latency()).await;
    let team: Vec<String> = sim
        .people(MEMBERS, |u| {
            u.status == EmployeeStatus::Active && u.employee_type != EmployeeType::Guest
        })
        .iter()
        .map(|u| u.id.clone())
        .collect();
    assert_eq!(team.len(), MEMBERS, "enough people who may join a group");
    {
        let mut p = sim.portal.lock().expect("the portal");
        for id in &team {
            p.user_mut(id).expect("a member").last_name = "Bulkteam".into();
        }
    }
    let key = sim.key(Role::Owner);
    c.goto(&format!("{}/people?q=Bulkteam", sim.base))
        .await
        .expect("open");
    sign_in_with_key(c, &key).await;
    find(
        c,
        &format!("//p[contains(@class,'count') and normalize-space(.)='Showing 100 of {MEMBERS} people']"),
    )
    .await;
    c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
        .await
        .expect("a row")
        .click()
        .await
        .expect("tick");
    find(c, &button(&format!("Select all {MEMBERS} matching")))
        .await
        .click()
        .await
        .expect("select all");
    menu_pick(c, "Groups", "Add to group").await;
    // The dialog first collects everyone matching.
    find(c, "//dialog[@open]//select[@id='bulk-group']").await;
    js(
        c,
        "const s = document.getElementById('bulk-group');
         s.value = 'new';
         s.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .await;
    find(c, &field("Name of the new group"))
        .await
        .send_keys("Bench team")
        .await
        .expect("name");
    js(
        c,
        &format!(
            "window.__bench.when('added', () => [...document.querySelectorAll('dialog[open] p')]
                .some(p => p.textContent.trim() === '{MEMBERS} added.'))"
        ),
    )
    .await;
    let before = sim.faults.counts();
    find(
        c,
        &format!(
            "//dialog[@open]//button[normalize-space(.)='Add {MEMBERS} people to “Bench team”']"
        ),
    )
    .await
    .click()
    .await
    .expect("click Add");
    let added = stamp(c, "added", Duration::from_secs(300)).await;
    let ms = added - js_f64(c, "return window.__bench.lastClick").await;
    let after = sim.faults.counts();
    let diff = |route: &String| {
        after.get(route).copied().unwrap_or(0) - before.get(route).copied().unwrap_or(0)
    };
    let requests = after.keys().map(diff).sum();
    let group_requests = after
        .keys()
        .filter(|r| r.contains("/api/2.0/group"))
        .map(diff)
        .sum();
    {
        let p = sim.portal.lock().expect("the portal");
        let group = p.group_by_name("Bench team").expect("the group").id.clone();
        let mut members = p.member_ids(&group);
        members.sort();
        let mut expected = team.clone();
        expected.sort();
        assert_eq!(members, expected, "exactly the {MEMBERS} in the group");
    }
    find(c, &button("Close"))
        .await
        .click()
        .await
        .expect("close");
    eprintln!("bench: {MEMBERS} added to a group: {ms:.0} ms, {requests} requests ({group_requests} to /group)");
    GroupRun {
        ms,
        requests,
        group_requests,
    }
}
