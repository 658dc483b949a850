//! Progress a person can read (issue 15), against a slowed portal: 240 people offboarded, one
//! of them refused and the portal dark for a while; and a team of 30 of whom seven hand their
//! rooms over. Read as it runs, every step's count only grows, the line under the bar says
//! which step is at work and how far (and when an error holds it up), a run that starts takes
//! the focus to its progress, and the end says how it ended; the run at work, held up and
//! finished passes axe in light and in dark.

use std::time::{Duration, Instant};

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::offboarding::{
    click, confirm_delete, finished, mark_leavers, pick_heir, review_all_leavers, review_pasted,
    step_counts, StepCount,
};
use docspace_e2e::{
    find, find_within, journey_within, open_user_menu, screenshot, sign_in_with_key, until, Sim,
};
use docspace_sim::model::EmployeeType;
use docspace_sim::Role;
use fantoccini::Client;
use serde_json::json;

const LEAVERS: usize = 240;
const OWNERS: usize = 7;
/// Each handover this long: the run is seen at work while axe checks it.
const HANDOVER: Duration = Duration::from_secs(6);

/// What the run view shows at one moment, read in one go.
#[derive(Debug, Clone)]
struct Reading {
    line: String,
    phase: Option<String>,
    done_note: Option<String>,
    asks_to_delete: bool,
    running: bool,
    bar_class: String,
    bar: (f64, f64),
}

async fn read(c: &Client) -> Reading {
    let v = c
        .execute(
            "const line = document.getElementById('offboard-progress');
             const phase = document.querySelector('section.run-progress p.run-phase');
             const note = document.querySelector('p.done-note');
             const bar = document.querySelector('section.run-progress progress');
             const stop = [...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Stop');
             return {
               line: line ? line.textContent : '',
               phase: phase ? phase.textContent : null,
               note: note ? note.textContent : null,
               confirm: !!document.getElementById('confirm-count'),
               running: stop,
               barClass: bar ? bar.className : '',
               bar: bar ? [bar.value, bar.max] : [0, 0],
             };",
            vec![],
        )
        .await
        .expect("read the run view");
    let text = |k: &str| v[k].as_str().map(str::to_string);
    let number = |i: usize| v["bar"][i].as_f64().unwrap_or(0.0);
    Reading {
        line: text("line").unwrap_or_default(),
        phase: text("phase"),
        done_note: text("note"),
        asks_to_delete: v["confirm"] == json!(true),
        running: v["running"] == json!(true),
        bar_class: text("barClass").unwrap_or_default(),
        bar: (number(0), number(1)),
    }
}

/// Every reading of the run, checked against the one before.
#[derive(Default)]
struct Watch {
    last: Option<(Vec<StepCount>, usize, f64)>,
    lines: Vec<String>,
    phases: Vec<String>,
    classes: Vec<String>,
}

impl Watch {
    fn see(&mut self, r: &Reading) {
        let Some((steps, problems)) = step_counts(&r.line) else {
            panic!("the progress line reads as steps: {:?}", r.line);
        };
        if let Some((before, problems_before, bar_before)) = &self.last {
            let after = self.lines.last();
            assert_eq!(before.len(), steps.len(), "the same steps: {}", r.line);
            for (b, a) in before.iter().zip(&steps) {
                assert_eq!((&b.step, b.total), (&a.step, a.total), "{}", r.line);
                assert!(
                    a.done >= b.done,
                    "{} went down: {:?} after {after:?}",
                    a.step,
                    r.line
                );
            }
            assert!(
                problems >= *problems_before,
                "problems went down: {}",
                r.line
            );
            assert!(r.bar.0 >= *bar_before, "the bar went back: {r:?}");
        }
        let units = steps
            .iter()
            .fold((0, 0), |(d, t), s| (d + s.done, t + s.total));
        assert_eq!(
            r.bar,
            (units.0 as f64, units.1 as f64),
            "the bar is the work done"
        );
        if let Some(phase) = r.phase.clone().filter(|_| r.running) {
            assert_phase_agrees(&phase, &steps);
            if self.phases.last() != Some(&phase) {
                self.phases.push(phase);
            }
        }
        if self.lines.last() != Some(&r.line) {
            self.lines.push(r.line.clone());
        }
        if !self.classes.contains(&r.bar_class) {
            self.classes.push(r.bar_class.clone());
        }
        self.last = Some((steps, problems, r.bar.0));
    }

    /// Until the run stops to ask for the typed count.
    async fn until_asked_to_delete(&mut self, c: &Client) -> Reading {
        let asked = |r: &Reading| r.asks_to_delete && !r.running;
        self.until(
            c,
            "the deletion is asked for",
            Duration::from_secs(120),
            asked,
        )
        .await
    }

    async fn until_finished(&mut self, c: &Client) -> Reading {
        let ended = |r: &Reading| r.done_note.is_some();
        self.until(c, "the run ends", Duration::from_secs(90), ended)
            .await
    }

    /// Reads every 25 ms until `done` holds (at most `limit`), checking each reading.
    async fn until(
        &mut self,
        c: &Client,
        what: &str,
        limit: Duration,
        done: impl Fn(&Reading) -> bool,
    ) -> Reading {
        let deadline = Instant::now() + limit;
        loop {
            let r = read(c).await;
            self.see(&r);
            if done(&r) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not within {limit:?}: {r:?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// "Signing out 48 of 240…", "Disabling 100 of 240…": the step at work, with the same count as the line above it.
fn assert_phase_agrees(phase: &str, steps: &[StepCount]) {
    if phase.starts_with("Stopping") || phase.starts_with("Finishing") {
        return;
    }
    let said = [
        ("Signing out ", "Sign out"),
        ("Disabling ", "Disable"),
        ("Handing over rooms ", "Hand over"),
        ("Deleting ", "Delete"),
    ]
    .iter()
    .find_map(|(verb, step)| phase.strip_prefix(verb).map(|rest| (rest, *step)));
    let Some((rest, step)) = said else {
        panic!("the phase names its step: {phase:?}");
    };
    let count = steps.iter().find(|s| s.step == step);
    let expected = count.map(|s| format!("{} of {}", s.done, s.total));
    let said = rest
        .strip_suffix(": held up by the error above, and going on by itself when it clears…")
        .or_else(|| rest.strip_suffix('…'))
        .map(str::to_string);
    assert_eq!(said, expected, "{phase:?} agrees with the counts");
}

/// Waits until the focus is on the progress's title, shown on the screen.
async fn until_progress_focused(c: &Client, after: &str) {
    let c = c.clone();
    until(&format!("the focus is on the progress after {after}"), move || {
        let c = c.clone();
        async move {
            c.execute(
                "const e = document.activeElement;
                 if (!e || e.id !== 'run-progress-title' || !e.closest('section.run-progress')) return false;
                 const r = e.getBoundingClientRect();
                 return r.top >= 0 && r.bottom <= window.innerHeight;",
                vec![],
            )
            .await
            .unwrap()
                == json!(true)
        }
    })
    .await;
}

/// Checks the page with axe in light, then in dark, switching with the top bar's user menu
/// (closed again, so that the page is checked as a person sees it).
async fn check_both_themes(c: &Client, screen: &str) {
    for theme in ["light", "dark"] {
        open_user_menu(c).await;
        let select = find(c, "//header//select[@id=//label[.='Theme']/@for]").await;
        select.select_by_value(theme).await.unwrap();
        let c2 = c.clone();
        until(&format!("the page is {theme}"), move || {
            let c = c2.clone();
            async move {
                let js = "return document.documentElement.getAttribute('data-theme')";
                c.execute(js, vec![]).await.unwrap() == *theme
            }
        })
        .await;
        find(c, "//button[@id='user-toggle']")
            .await
            .click()
            .await
            .unwrap();
        screenshot(c, &format!("progress-{}-{theme}", screen.replace(' ', "-"))).await;
        assert_accessible(c, &format!("{screen} ({theme})")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counts_of_240_leavers_only_grow_and_the_end_says_how_it_went() {
    let sim = Sim::slow(LEAVERS + 160, 300).await;
    let plan = mark_leavers(&sim.portal, LEAVERS);
    // Their batch is halved, and halved again, until the portal's refusal is down to them.
    let refused = plan[LEAVERS - 7].clone();
    let (base, key) = (sim.base.clone(), sim.key(Role::Admin));
    let (portal, faults) = (sim.portal.clone(), sim.faults.clone());
    journey_within("progress", Duration::from_secs(400), move |c| async move {
        review_all_leavers(&c, &base, &key, LEAVERS).await;
        // Made a DocSpace admin since the review: the portal refuses to disable them.
        if let Some(user) = portal.lock().unwrap().user_mut(&refused) {
            user.employee_type = EmployeeType::DocSpaceAdmin;
        }

        let mut watch = Watch::default();
        click(&c, &format!("Disable {LEAVERS} people")).await;
        until_progress_focused(&c, "Disable").await;
        watch.see(&read(&c).await);
        // The portal goes dark: the run is held up, and says so in words as well as in red.
        faults.outage(Duration::from_secs(20));
        let r = watch
            .until(&c, "the run is held up", Duration::from_secs(30), |r| {
                r.phase.as_deref().is_some_and(|p| p.contains("held up"))
            })
            .await;
        assert!(r.bar_class.contains("tone-danger"), "{r:?}");
        find(
            &c,
            "//p[@role='alert' and contains(., 'The portal is unreachable')]",
        )
        .await;
        screenshot(&c, "progress-held-up").await;
        check_both_themes(&c, "the offboarding run held up").await;
        let r = read(&c).await;
        watch.see(&r);
        assert!(r.running, "axe checked the run at work: {r:?}");

        let r = watch.until_asked_to_delete(&c).await;
        assert_eq!(
            r.line,
            "Sign out 240/240 · Disable 239/240 · Delete 0/240 · 1 problem"
        );
        assert!(r.bar_class.contains("tone-warn"), "{r:?}");
        assert_eq!(confirm_delete(&c).await, LEAVERS - 1);
        until_progress_focused(&c, "Delete").await;
        let r = watch.until_finished(&c).await;
        assert_eq!(
            r.line,
            "Sign out 240/240 · Disable 239/240 · Delete 239/240 · 1 problem"
        );
        assert_eq!(
            r.done_note.as_deref(),
            Some("Finished with 1 problem: the reason is next to the person.")
        );
        assert!(r.bar_class.contains("tone-warn"), "{r:?}");
        assert_eq!(finished(&c).await, 1, "the helper reads the new words");
        screenshot(&c, "progress-finished").await;
        check_both_themes(&c, "the offboarding run finished").await;

        eprintln!("seen: {:#?}", (&watch.lines, &watch.phases));
        assert!(
            watch.lines.len() >= 6,
            "several readings on the way: {:?}",
            watch.lines
        );
        for verb in ["Disabling ", "Deleting "] {
            assert!(
                watch.phases.iter().any(|p| p.starts_with(verb)),
                "{verb}… was shown: {:?}",
                watch.phases
            );
        }
        assert_eq!(
            watch.classes.first().map(String::as_str),
            Some("run-bar tone-ok"),
            "all well until the outage: {:?}",
            watch.classes
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handing_rooms_over_is_counted_as_it_goes_and_the_run_at_work_passes_axe() {
    let sim = Sim::slow(80, 100).await;
    let team = sim.active_users(30);
    let heir = {
        let mut p = sim.portal.lock().unwrap();
        p.reassign_duration = HANDOVER;
        for (i, user) in team.iter().enumerate() {
            let u = p.user_mut(&user.id).unwrap();
            u.rooms_owned = u32::from(i < OWNERS);
            u.shared_files = 0;
        }
        p.role_user(Role::RoomAdmin).cloned().unwrap()
    };
    assert!(team.iter().all(|u| u.id != heir.id), "the heir stays");
    let pasted: Vec<String> = team.iter().map(|u| u.email.clone()).collect();
    let (base, key) = (sim.base.clone(), sim.key(Role::Admin));
    journey_within("progress-handover", Duration::from_secs(300), move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        review_pasted(&c, &pasted.join("\n"), 30).await;
        let hand_over = find(&c, "//label[contains(., 'Hand the rooms')]/input").await;
        hand_over.click().await.unwrap();
        find_within(
            &c,
            &format!("//p[contains(@class,'room-check') and starts-with(normalize-space(.), '{OWNERS} own rooms or shared files:')]"),
            Duration::from_secs(120),
        )
        .await;
        pick_heir(&c, "offboard-heir", &heir).await;

        let mut watch = Watch::default();
        click(&c, "Disable 30 people").await;
        until_progress_focused(&c, "Disable").await;
        let r = watch
            .until(&c, "the handovers start", Duration::from_secs(60), |r| {
                r.phase.as_deref().is_some_and(|p| p.starts_with("Handing over rooms"))
            })
            .await;
        assert!(r.line.starts_with("Sign out 30/30 · Disable 30/30 · Hand over "), "{}", r.line);
        screenshot(&c, "progress-running").await;
        check_both_themes(&c, "the offboarding run at work").await;
        let r = read(&c).await;
        watch.see(&r);
        assert!(r.running, "axe checked the run at work: {r:?}");

        let r = watch.until_asked_to_delete(&c).await;
        assert_eq!(r.line, "Sign out 30/30 · Disable 30/30 · Hand over 7/7 · Delete 0/30");
        assert_eq!(confirm_delete(&c).await, 30);
        until_progress_focused(&c, "Delete").await;
        let r = watch.until_finished(&c).await;
        assert_eq!(r.line, "Sign out 30/30 · Disable 30/30 · Hand over 7/7 · Delete 30/30");
        assert_eq!(r.done_note.as_deref(), Some("Finished."));
        assert_eq!(r.bar_class, "run-bar tone-ok");
        assert_eq!(r.bar.0, r.bar.1, "the bar is full");

        eprintln!("seen: {:#?}", (&watch.lines, &watch.phases));
        let handing = watch.phases.iter().filter(|p| p.starts_with("Handing over rooms"));
        assert!(handing.count() >= 2, "the handovers counted as they end: {:?}", watch.phases);
    })
    .await;
}

#[test]
fn the_progress_line_reads_back() {
    let line = "Disable 100/240 · Hand over 3/7 · Delete 0/240 · 2 problems";
    let (steps, problems) = step_counts(line).expect("a line of steps");
    let last = steps.last().map(|s| (s.step.as_str(), s.done, s.total));
    assert_eq!(
        (steps.len(), last, problems),
        (3, Some(("Delete", 0, 240)), 2)
    );
    assert_eq!(step_counts("240 people: 3 disabled"), None);
}
