//! A 1,000-row roster applied through /onboard with every API answer 50 ms late (issue 19):
//! the requests the panel sent and the time from the confirmation to "The roster is applied",
//! against the same work done one person at a time, from Rust, as the seed's recipe does its
//! calls (each answer read before the next call).

use std::time::{Duration, Instant};

use docspace_e2e::{button, find, journey_within, sign_in_with_key, Sim};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use fantoccini::Client;
use serde_json::json;

use crate::offboarding::{call, http, latency, LATENCY_MS};
use crate::page::{budget, env_usize, instrument, js, js_f64, row, stamp, stat};

/// The portal before the roster.
const PEOPLE: usize = 500;
/// Existing users the roster makes room admins, and existing people it puts in a group.
const RAISES: usize = 100;
const JOINS: usize = 100;
/// New rows: accounts created (with names, `invite` no) and invitations, all in a new group.
const CREATES: usize = 500;
const INVITES: usize = 300;
const ROWS: usize = RAISES + JOINS + CREATES + INVITES;
const NEW_GROUP: &str = "Bench onboarding";
/// The panel must be at least this many times faster than one person at a time…
const SPEEDUP_BUDGET: f64 = 10.0;
/// …and send fewer requests than this for the run.
const REQUESTS_BUDGET: u64 = 1300;

/// The roster's people, as the portal should hold them afterwards.
struct Roster {
    text: String,
    /// (id, email) of the people the roster raises and the ones it puts in `group`.
    raised: Vec<(String, String)>,
    joining: Vec<(String, String)>,
    group: String,
}

fn roster(sim: &Sim) -> Roster {
    let p = sim.portal.lock().expect("the portal");
    let (group_index, group) = p
        .groups
        .iter()
        .enumerate()
        .find(|(_, g)| !g.removed)
        .map(|(i, g)| (i, g.name.clone()))
        .expect("a seeded group");
    let plain: Vec<(String, String, EmployeeType)> = p
        .users
        .iter()
        .filter(|u| {
            u.status == EmployeeStatus::Active
                && !u.is_owner
                && u.email.is_ascii()
                && !u.groups.contains(&group_index)
                && matches!(
                    u.employee_type,
                    EmployeeType::User | EmployeeType::RoomAdmin
                )
        })
        .map(|u| (u.id.clone(), u.email.clone(), u.employee_type))
        .collect();
    let raised: Vec<(String, String)> = plain
        .iter()
        .filter(|u| u.2 == EmployeeType::User)
        .take(RAISES)
        .map(|u| (u.0.clone(), u.1.clone()))
        .collect();
    let joining: Vec<(String, String, EmployeeType)> = plain
        .iter()
        .filter(|u| !raised.iter().any(|r| r.0 == u.0))
        .take(JOINS)
        .cloned()
        .collect();
    assert!(
        raised.len() == RAISES && joining.len() == JOINS,
        "the seed has enough plain people"
    );
    let mut text = String::from("email,first name,last name,type,groups,invite\n");
    for (_, email) in &raised {
        text.push_str(&format!("{email},,,Room admin,,\n"));
    }
    for (_, email, kind) in &joining {
        let kind = if *kind == EmployeeType::RoomAdmin {
            "Room admin"
        } else {
            "User"
        };
        text.push_str(&format!("{email},,,{kind},{group},\n"));
    }
    for i in 0..CREATES {
        text.push_str(&format!(
            "new{i}@bench.example.com,Nia,Ng,User,{NEW_GROUP},no\n"
        ));
    }
    for i in 0..INVITES {
        text.push_str(&format!(
            "inv{i}@bench.example.com,,,User,{NEW_GROUP},yes\n"
        ));
    }
    Roster {
        text,
        raised,
        joining: joining.into_iter().map(|u| (u.0, u.1)).collect(),
        group,
    }
}

/// The portal holds what the roster says, and nobody twice.
fn assert_applied(sim: &Sim, roster: &Roster) {
    let p = sim.portal.lock().expect("the portal");
    let in_group = |id: &str, name: &str| {
        p.user(id)
            .is_some_and(|u| u.groups.iter().any(|g| p.groups[*g].name == name))
    };
    for (id, email) in &roster.raised {
        let u = p.user(id).expect("a raised person");
        assert_eq!(u.employee_type, EmployeeType::RoomAdmin, "{email} raised");
    }
    for (id, email) in &roster.joining {
        assert!(
            in_group(id, &roster.group),
            "{email} joined {}",
            roster.group
        );
    }
    for (prefix, n, status) in [
        ("new", CREATES, EmployeeStatus::Active),
        ("inv", INVITES, EmployeeStatus::Pending),
    ] {
        for i in 0..n {
            let email = format!("{prefix}{i}@bench.example.com");
            let found: Vec<_> = p.users.iter().filter(|u| u.email == email).collect();
            assert_eq!(found.len(), 1, "{email} once");
            assert_eq!(found[0].status, status, "{email}");
            assert!(in_group(&found[0].id, NEW_GROUP), "{email} in {NEW_GROUP}");
        }
    }
}

struct PanelRun {
    preview_ms: f64,
    preview_requests: u64,
    run_ms: f64,
    run_requests: u64,
}

pub async fn bench() {
    let runs = env_usize("BENCH_ONBOARD_RUNS", 3);
    let baseline_runs = env_usize("BENCH_ONBOARD_BASELINE_RUNS", 1);
    let (tx, rx) = std::sync::mpsc::channel::<PanelRun>();
    journey_within(
        "bench-onboard",
        Duration::from_secs(1200),
        move |c| async move {
            instrument(&c).await;
            for _ in 0..runs {
                tx.send(panel_run(&c).await).expect("send");
            }
        },
    )
    .await;
    let panel: Vec<PanelRun> = rx.try_iter().collect();
    let mut baseline = Vec::new();
    for run in 0..baseline_runs {
        let (ms, requests) = one_at_a_time().await;
        eprintln!(
            "bench: the roster one person at a time, run {}: {requests} requests, {ms:.0} ms",
            run + 1
        );
        baseline.push((ms, requests));
    }
    let run_s: Vec<f64> = panel.iter().map(|r| r.run_ms / 1000.0).collect();
    let preview_s: Vec<f64> = panel.iter().map(|r| r.preview_ms / 1000.0).collect();
    let run_requests: Vec<f64> = panel.iter().map(|r| r.run_requests as f64).collect();
    let preview_requests: Vec<f64> = panel.iter().map(|r| r.preview_requests as f64).collect();
    let base_s: Vec<f64> = baseline.iter().map(|b| b.0 / 1000.0).collect();
    let base_requests: Vec<f64> = baseline.iter().map(|b| b.1 as f64).collect();
    let panel_median = stat(&run_s).median;
    let base_median = stat(&base_s).median;
    let speedup = base_median / panel_median;
    let most = panel
        .iter()
        .map(|r| r.run_requests + r.preview_requests)
        .max()
        .unwrap_or(0);
    budget(
        &format!("A {ROWS}-row roster applied at {LATENCY_MS} ms: speed-up over one person at a time (medians)"),
        &format!("≥ {SPEEDUP_BUDGET:.0}×"),
        &format!("{speedup:.1}× ({base_median:.1} s / {panel_median:.1} s)"),
        speedup >= SPEEDUP_BUDGET && !panel.is_empty(),
    );
    budget(
        &format!(
            "A {ROWS}-row roster: requests of the preview and the run, most of {} runs",
            panel.len()
        ),
        &format!("< {REQUESTS_BUDGET}"),
        &most.to_string(),
        most < REQUESTS_BUDGET && !panel.is_empty(),
    );
    println!("@@section onboarding");
    println!(
        "### A {ROWS}-row roster applied, every API answer {LATENCY_MS} ms late\n\n\
         docspace-sim with {PEOPLE} people and a fresh simulator each run. The roster: {RAISES} users \
         of the portal made room admins, {JOINS} people of the portal put in one of its groups, \
         {CREATES} accounts created (names given, `invite` no) and {INVITES} invitations (User), all \
         {} new ones in a group the portal lacks, created by the run.\n\
         - **the panel**: the release build in headless {}, signed in as the owner, on /onboard: \
         the roster pasted, \"Preview the changes\" (the portal read: everyone in pages of 100, the \
         groups), then \"Apply to {ROWS} people\" confirmed. The preview from its click to the \
         counts; the run from the confirmation's click to \"The roster is applied: {ROWS} of {ROWS} \
         done, 0 failed\", from the browser's clock (see First load). The run creates the group, \
         the accounts six at a time (what a browser sends to one host over HTTP/1.1), the \
         invitations a hundred per request, reads the invitees' IDs from the pending list, raises \
         the types in one request per type and fills the groups a request per group and 250 \
         people. Requests counted by the simulator; the portal checked person by person afterwards.\n\
         - **one person at a time**: the same work from Rust (hyper-util, one keep-alive \
         connection), each answer read before the next call, as the seed's recipe makes its calls: \
         `POST /group` for the new group; for each new row `POST /people` (or `POST /people/invite` \
         with one invitation, then `GET /people/email` for the invitee's ID: the answer's slim \
         people carry no email) then `PUT /group/{{id}}/members` \
         with that one person; for each row of the portal's people `GET /people/email` (a script \
         needs the ID), then `PUT /people/type/1` (RoomAdmin) or `PUT /group/{{id}}/members` with that \
         one person. The portal checked the same way.\n\n\
         | way | median | min | max | runs |\n| --- | ---: | ---: | ---: | ---: |",
        CREATES + INVITES,
        crate::chromium(),
    );
    println!("{}", row("the panel: the preview (s)", &preview_s, 2));
    println!(
        "{}",
        row("the panel: requests of the preview", &preview_requests, 0)
    );
    println!("{}", row("**the panel: the run (s)**", &run_s, 2));
    println!(
        "{}",
        row("**the panel: requests of the run**", &run_requests, 0)
    );
    println!("{}", row("one person at a time (s)", &base_s, 2));
    println!(
        "{}",
        row("one person at a time: requests", &base_requests, 0)
    );
    println!(
        "\n**The panel applies the roster {speedup:.1}× faster than one person at a time** (median \
         against median), in {} requests with its preview (most of {} runs).",
        most,
        panel.len()
    );
}

/// Sets the roster's field as pasting does (an `input` event).
async fn paste(c: &Client, text: &str) {
    c.execute(
        "const f = document.getElementById('roster');
         f.value = arguments[0];
         f.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(text)],
    )
    .await
    .expect("paste the roster");
}

async fn panel_run(c: &Client) -> PanelRun {
    let sim = Sim::start_with(PEOPLE, latency()).await;
    let roster = roster(&sim);
    let key = sim.key(Role::Owner);
    c.goto(&format!("{}/onboard", sim.base))
        .await
        .expect("open");
    sign_in_with_key(c, &key).await;
    // A run before this one may have left its roster in the tab (the same origin's port differs,
    // so it does not); the field is set whatever it holds.
    find(c, "//h1[normalize-space(.)='Onboard a team']").await;
    paste(c, &roster.text).await;
    find(
        c,
        &format!("//p[@id='roster-read'][contains(., '{ROWS} rows read')]"),
    )
    .await;
    js(
        c,
        "window.__bench.when('preview', () => document.getElementById('roster-counts'))",
    )
    .await;
    let r0 = sim.requests();
    click(c, &button("Preview the changes")).await;
    let previewed = stamp(c, "preview", Duration::from_secs(120)).await;
    let preview_ms = previewed - last_click(c).await;
    let preview_requests = sim.requests() - r0;
    click(c, &button(&format!("Apply to {ROWS} people…"))).await;
    let done = format!("The roster is applied: {ROWS} of {ROWS} done, 0 failed");
    js(
        c,
        &format!(
            "window.__bench.when('applied', () => (document.getElementById('onboard-progress') || {{}})
                .textContent?.includes('{done}'))"
        ),
    )
    .await;
    let r1 = sim.requests();
    click(
        c,
        &format!("//dialog[@open]//button[normalize-space(.)='Apply to {ROWS} people']"),
    )
    .await;
    let applied = stamp(c, "applied", Duration::from_secs(600)).await;
    let run_ms = applied - last_click(c).await;
    let run_requests = sim.requests() - r1;
    assert_applied(&sim, &roster);
    eprintln!(
        "bench: the panel applied {ROWS} rows: preview {preview_ms:.0} ms ({preview_requests} requests), run {run_ms:.0} ms ({run_requests} requests)"
    );
    // The next run's simulator is another origin; this tab's roster stays behind with this one.
    PanelRun {
        preview_ms,
        preview_requests,
        run_ms,
        run_requests,
    }
}

async fn click(c: &Client, xpath: &str) {
    find(c, xpath)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {xpath}: {e}"));
}

async fn last_click(c: &Client) -> f64 {
    js_f64(c, "return window.__bench.lastClick").await
}

/// The roster's work one person at a time on a fresh simulator: wall time (ms) and requests.
async fn one_at_a_time() -> (f64, u64) {
    let sim = Sim::start_with(PEOPLE, latency()).await;
    let roster = roster(&sim);
    let key = sim.key(Role::Owner);
    let client = http();
    let api = |path: &str| format!("{}/api/2.0/{path}", sim.base);
    let group_id = {
        let p = sim.portal.lock().expect("the portal");
        p.group_by_name(&roster.group)
            .expect("the group")
            .id
            .clone()
    };
    let r0 = sim.requests();
    let started = Instant::now();
    let (status, made) = call(
        &client,
        "POST",
        &api("group"),
        &key,
        Some(json!({ "groupName": NEW_GROUP, "members": [] })),
    )
    .await;
    assert_eq!(status, 200, "the new group: {made}");
    let new_group = made["response"]["id"]
        .as_str()
        .expect("the group's id")
        .to_string();
    let look_up = |email: &str| {
        let (client, key) = (&client, &key);
        let url = format!(
            "{}?email={}",
            api("people/email"),
            email.replace('+', "%2B")
        );
        async move {
            let (status, answer) = call(client, "GET", &url, key, None).await;
            assert_eq!(status, 200, "look up: {answer}");
            answer["response"]["id"]
                .as_str()
                .expect("an id")
                .to_string()
        }
    };
    let join = |group: String, id: String| {
        let (client, key, url) = (&client, &key, api(&format!("group/{group}/members")));
        async move {
            let (status, answer) =
                call(client, "PUT", &url, key, Some(json!({ "members": [id] }))).await;
            assert_eq!(status, 200, "join: {answer}");
        }
    };
    for i in 0..CREATES {
        let body = json!({
            "firstName": "Nia", "lastName": "Ng", "type": "User",
            "email": format!("new{i}@bench.example.com"),
        });
        let (status, answer) = call(&client, "POST", &api("people"), &key, Some(body)).await;
        assert_eq!(status, 200, "create: {answer}");
        let id = answer["response"]["id"]
            .as_str()
            .expect("an id")
            .to_string();
        join(new_group.clone(), id).await;
    }
    for i in 0..INVITES {
        let email = format!("inv{i}@bench.example.com");
        let body = json!({ "invitations": [{ "email": email, "type": "User" }] });
        let (status, answer) = call(&client, "POST", &api("people/invite"), &key, Some(body)).await;
        assert_eq!(status, 200, "invite: {answer}");
        // The answer's slim people carry no email: the invitee is looked up.
        let id = look_up(&email).await;
        join(new_group.clone(), id).await;
    }
    for (raise, (_, email)) in roster
        .raised
        .iter()
        .map(|r| (true, r))
        .chain(roster.joining.iter().map(|r| (false, r)))
    {
        let id = look_up(email).await;
        if raise {
            let (status, answer) = call(
                &client,
                "PUT",
                &api("people/type/1"),
                &key,
                Some(json!({ "userIds": [id] })),
            )
            .await;
            assert_eq!(status, 200, "raise {email}: {answer}");
        } else {
            join(group_id.clone(), id).await;
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let requests = sim.requests() - r0;
    assert_applied(&sim, &roster);
    (ms, requests)
}
