//! A failing portal: lost answers, a refusal inside an invitation request, the invitation
//! throttle, 500s, a 401 and a closed tab. Nobody is created twice, nobody is missing.

use super::*;

fn unique_emails(fake: &Fake) {
    let s = fake.0.borrow();
    let mut emails: Vec<String> = s.people.iter().map(|a| a.email.to_lowercase()).collect();
    let all = emails.len();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len(), all, "someone was created twice");
}

#[test]
fn a_create_whose_answer_was_lost_is_looked_up_and_not_sent_again() {
    let fake = Fake::default();
    fake.0
        .borrow_mut()
        .faults
        .push_back(("create", Fault::Lost));
    let (mut plan, _) = plan_of(&fake, &roster(8, 0, 0));
    let (ended, notes) = go(&mut plan, &fake);
    assert_eq!(ended, Ended::Settled);
    unique_emails(&fake);
    assert_eq!(fake.count("create"), 8, "the lost one is not sent again");
    assert_eq!(fake.count("find"), 1, "it is looked up once");
    assert!(
        notes.iter().any(|n| n.contains("Trying again")),
        "{notes:?}"
    );
    assert_eq!(
        plan.progress(),
        Progress {
            done: 8,
            left: 0,
            failed: 0
        }
    );
    assert_eq!(plan.rows[0].account_stage, Stage::AlreadyDone);
    assert_eq!(
        plan.rows[0].id.as_deref(),
        Some(fake.with_email("new0@example.com")[0].id.as_str())
    );
}

#[test]
fn a_tab_closed_with_requests_in_flight_resumes_by_looking_them_up() {
    let fake = Fake::default();
    let (mut plan, _) = plan_of(&fake, &roster(3, 2, 0));
    // Saved as sent; the portal got the first create and the first invitation, not the others.
    for row in &mut plan.rows {
        row.account_stage = Stage::Sent;
    }
    fake.add("new0@example.com", UserType::User, 1);
    fake.add("inv0@example.com", UserType::RoomAdmin, 4);
    go(&mut plan, &fake);
    unique_emails(&fake);
    assert_eq!(
        (
            fake.count("find"),
            fake.count("create"),
            fake.count("invite")
        ),
        (5, 2, 1)
    );
    assert_eq!(
        plan.progress(),
        Progress {
            done: 5,
            left: 0,
            failed: 0
        }
    );
    assert_eq!(fake.0.borrow().people.len(), 5);
}

#[test]
fn a_refused_invitation_is_found_one_by_one_and_the_others_are_invited() {
    let fake = Fake::default();
    let (mut plan, _) = plan_of(&fake, &roster(0, 6, 0));
    // Disabled by someone after the roster was read: the portal refuses it mid-request.
    fake.add("inv3@example.com", UserType::User, 2);
    go(&mut plan, &fake);
    unique_emails(&fake);
    let row = plan
        .rows
        .iter()
        .find(|r| r.email == "inv3@example.com")
        .unwrap();
    assert_eq!(
        row.account_stage,
        Stage::Refused("User disabled: inv3@example.com".into())
    );
    assert!(
        row.outcome().starts_with("Not added: User disabled"),
        "{}",
        row.outcome()
    );
    assert_eq!(
        plan.progress(),
        Progress {
            done: 5,
            left: 0,
            failed: 1
        }
    );
    // The whole, then the three kept before the refusal looked up, the rest one by one.
    assert_eq!(fake.count("invite"), 1 + 3);
    assert_eq!(
        fake.0
            .borrow()
            .people
            .iter()
            .filter(|a| a.status == 4)
            .count(),
        5
    );
}

#[test]
fn the_invitation_throttle_is_waited_out_as_it_asks_and_said() {
    let fake = Fake::default();
    fake.0.borrow_mut().faults.extend([
        (
            "invite",
            Fault::Fail(ApiError::RateLimited {
                retry_after: Some(30),
            }),
        ),
        (
            "invite",
            Fault::Fail(ApiError::RateLimited {
                retry_after: Some(30),
            }),
        ),
    ]);
    let (mut plan, _) = plan_of(&fake, &roster(0, 120, 0));
    let (ended, notes) = go(&mut plan, &fake);
    assert_eq!(ended, Ended::Settled);
    assert_eq!(fake.0.borrow().slept, 60_000);
    assert!(
        notes.iter().any(|n| n.contains("waiting 30 s")),
        "{notes:?}"
    );
    assert_eq!(
        fake.count("find"),
        0,
        "a 429 is answered before the portal acts"
    );
    assert_eq!(fake.count("invite"), 4);
    assert_eq!(
        plan.progress(),
        Progress {
            done: 120,
            left: 0,
            failed: 0
        }
    );
}

#[test]
fn a_daily_limit_is_not_waited_out_in_the_tab_and_leaves_its_rows_to_apply_again() {
    let fake = Fake::default();
    fake.0.borrow_mut().faults.push_back((
        "invite",
        Fault::Fail(ApiError::RateLimited {
            retry_after: Some(86_000),
        }),
    ));
    let (mut plan, _) = plan_of(&fake, &roster(10, 120, 0));
    let (ended, _) = go(&mut plan, &fake);
    assert_eq!(ended, Ended::Settled);
    assert_eq!(fake.0.borrow().slept, 0, "a day is not waited in the tab");
    let why: Vec<&str> = plan
        .rows
        .iter()
        .filter_map(|r| match &r.account_stage {
            Stage::NotReached(why) => Some(why.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(why.len(), 100, "the first request's invitations: {why:?}");
    assert!(
        why.iter()
            .all(|w| w.contains("a daily limit") && w.contains("apply again in 24 h")),
        "{why:?}"
    );
    // Applying again later sends what was not reached.
    plan.retry_not_reached();
    assert_eq!(go(&mut plan, &fake).0, Ended::Settled);
    assert_eq!(plan.progress().done, 130);
}

#[test]
fn a_401_ends_for_sign_in_and_applying_again_finishes_without_doubles() {
    let fake = Fake::default();
    for i in 0..2 {
        fake.add(&format!("old{i}@example.com"), UserType::User, 1);
    }
    let (mut plan, _) = plan_of(&fake, &roster(12, 30, 2));
    let server = || ApiError::Server {
        status: 500,
        message: "Internal".into(),
    };
    fake.0.borrow_mut().faults.extend([
        ("create", Fault::Fail(server())),
        ("create", Fault::Lost),
        ("invite", Fault::Fail(ApiError::Unauthorized)),
    ]);
    let (ended, _) = go(&mut plan, &fake);
    assert_eq!(ended, Ended::SignIn);
    let accounts = plan
        .rows
        .iter()
        .filter(|r| r.account_stage.is_done())
        .count();
    assert_eq!(
        (accounts, plan.progress().left),
        (14, 44),
        "created and existing; the memberships are last"
    );
    assert_eq!(
        fake.count("create"),
        13,
        "the 500 sent again, the lost one looked up"
    );
    // The plan as the page kept it, after signing in again.
    let mut plan: OnboardPlan =
        serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    assert_eq!(go(&mut plan, &fake).0, Ended::Settled);
    unique_emails(&fake);
    assert_eq!(
        plan.progress(),
        Progress {
            done: 44,
            left: 0,
            failed: 0
        }
    );
    let people = fake.people();
    assert_eq!(people.len(), 44);
    assert!(
        people.iter().all(|p| !p.groups.is_empty()),
        "everyone in their groups"
    );
}

#[test]
fn stopped_mid_way_it_ends_with_the_rest_left_and_goes_on_later() {
    let fake = Fake::default();
    let (mut plan, _) = plan_of(&fake, &roster(20, 0, 0));
    let asked = std::cell::Cell::new(0);
    let stop = || {
        asked.set(asked.get() + 1);
        asked.get() > 3
    };
    let ended = block_on(apply(&mut plan, &fake, &me(), &stop, &mut |_, _| {}));
    assert_eq!(ended, Ended::Stopped);
    // Both groups, then one round of creates.
    let accounts = plan
        .rows
        .iter()
        .filter(|r| r.account_stage.is_done())
        .count();
    assert_eq!((accounts, plan.progress().left), (CREATES_AT_ONCE, 20));
    assert_eq!(go(&mut plan, &fake).0, Ended::Settled);
    unique_emails(&fake);
    assert_eq!(
        plan.progress(),
        Progress {
            done: 20,
            left: 0,
            failed: 0
        }
    );
}

#[test]
fn waiting_out_a_rate_limit_does_not_use_up_the_tries_a_500_gets() {
    let fake = Fake::default();
    let limited = || {
        Fault::Fail(ApiError::RateLimited {
            retry_after: Some(1),
        })
    };
    let server = || {
        Fault::Fail(ApiError::Server {
            status: 500,
            message: "Internal".into(),
        })
    };
    fake.0.borrow_mut().faults.extend([
        ("create", limited()),
        ("create", limited()),
        ("create", limited()),
        ("create", server()),
        ("find", server()),
        (
            "find",
            Fault::Fail(ApiError::RateLimited {
                retry_after: Some(1),
            }),
        ),
    ]);
    let (mut plan, _) = plan_of(&fake, &roster(1, 0, 0));
    assert_eq!(go(&mut plan, &fake).0, Ended::Settled);
    unique_emails(&fake);
    assert_eq!(
        plan.progress(),
        Progress {
            done: 1,
            left: 0,
            failed: 0
        }
    );
    // Three 500s in a row are the most a request gets.
    let fake = Fake::default();
    fake.0.borrow_mut().faults.extend([
        ("create", server()),
        ("create", server()),
        ("create", server()),
    ]);
    let (mut plan, _) = plan_of(&fake, &roster(1, 0, 0));
    go(&mut plan, &fake);
    assert!(
        matches!(plan.rows[0].account_stage, Stage::NotReached(_)),
        "{:?}",
        plan.rows[0].account_stage
    );
    assert!(plan.not_reached());
    plan.retry_not_reached();
    assert_eq!(go(&mut plan, &fake).0, Ended::Settled);
    unique_emails(&fake);
    assert_eq!(
        plan.progress(),
        Progress {
            done: 1,
            left: 0,
            failed: 0
        }
    );
}
