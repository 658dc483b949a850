//! Sending again against a scripted portal: who is sent to and who is skipped by the portal's
//! rules, one request for many, a 429 waited out as its Retry-After says, failures, and a
//! person who joined between the list and the answer.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde_json::json;

use super::*;

fn block_on<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the test portal answers at once"),
    }
}

/// Someone: `status` 1 active, 2 disabled, 4 pending; `activation` 2 invited, 0 not confirmed,
/// 1 confirmed.
fn person(id: &str, kind: &str, status: u8, activation: u8) -> Person {
    serde_json::from_value(json!({
        "id": id, "displayName": format!("Person {id}"), "email": format!("{id}@example.org"),
        "status": status, "activationStatus": activation,
        "isOwner": kind == "owner", "isAdmin": kind == "admin", "isRoomAdmin": kind == "room",
        "isCollaborator": kind == "user", "isVisitor": kind == "guest",
    }))
    .unwrap()
}

struct Script {
    answers: RefCell<VecDeque<Result<Option<Vec<Person>>, ApiError>>>,
    sent: RefCell<Vec<Vec<String>>>,
    slept: RefCell<u32>,
}

impl Script {
    /// `None` in the script: answer with the people asked for, as they were.
    fn new(answers: Vec<Result<Option<Vec<Person>>, ApiError>>) -> Script {
        Script {
            answers: RefCell::new(answers.into()),
            sent: RefCell::default(),
            slept: RefCell::new(0),
        }
    }
}

thread_local! {
    static EVERYONE: RefCell<Vec<Person>> = const { RefCell::new(Vec::new()) };
}

impl ResendPortal for Script {
    async fn resend(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.sent.borrow_mut().push(ids.to_vec());
        let answer = self.answers.borrow_mut().pop_front().unwrap_or(Ok(None))?;
        Ok(answer.unwrap_or_else(|| {
            EVERYONE.with(|all| {
                all.borrow()
                    .iter()
                    .filter(|p| ids.contains(&p.id))
                    .cloned()
                    .collect()
            })
        }))
    }

    async fn sleep(&self, ms: u32) {
        *self.slept.borrow_mut() += ms;
    }
}

fn run(me: &Person, people: &[Person], script: &Script) -> (Report, Vec<Progress>) {
    EVERYONE.with(|all| *all.borrow_mut() = people.to_vec());
    let mut seen = Vec::new();
    let report = block_on(resend_all(me, people, script, &|| false, &mut |p| {
        seen.push(p)
    }));
    (report, seen)
}

fn outcomes(report: &Report) -> Vec<(String, Sent)> {
    report
        .lines
        .iter()
        .map(|(p, s)| (p.id.clone(), s.clone()))
        .collect()
}

#[test]
fn one_request_for_everyone_the_portal_would_send_to_and_the_rest_skipped_with_why() {
    let admin = person("me", "admin", 1, 1);
    let people = vec![
        person("invited", "user", 4, 2),
        person("unconfirmed", "room", 1, 0),
        person("joined", "user", 1, 1),
        person("disabled", "user", 2, 2),
        person("other-admin", "admin", 4, 2),
    ];
    let script = Script::new(vec![]);
    let (report, progress) = run(&admin, &people, &script);
    assert_eq!(
        *script.sent.borrow(),
        [vec!["invited".to_string(), "unconfirmed".to_string()]]
    );
    let got = outcomes(&report);
    assert_eq!(got[0].1, Sent::Sent(Resend::Invitation));
    assert_eq!(got[1].1, Sent::Sent(Resend::Activation));
    assert!(matches!(&got[2].1, Sent::Skipped(why) if why.contains("confirmed")));
    assert!(matches!(&got[3].1, Sent::Skipped(why) if why.contains("Disabled")));
    assert!(matches!(&got[4].1, Sent::Skipped(why) if why.contains("cannot invite")));
    assert_eq!(report.sent(), 2);
    assert_eq!(
        progress,
        [
            Progress::Sending { done: 0, of: 2 },
            Progress::Sending { done: 2, of: 2 }
        ]
    );
}

#[test]
fn a_rate_limit_is_waited_out_as_retry_after_says_and_reported() {
    let admin = person("me", "admin", 1, 1);
    let people: Vec<Person> = (0..12)
        .map(|i| person(&format!("p{i}"), "user", 4, 2))
        .collect();
    let script = Script::new(vec![Err(ApiError::RateLimited {
        retry_after: Some(3),
    })]);
    let (report, progress) = run(&admin, &people, &script);
    assert_eq!(script.sent.borrow().len(), 2, "the same request, once more");
    assert_eq!(script.sent.borrow()[0], script.sent.borrow()[1]);
    assert_eq!(*script.slept.borrow(), 3000);
    assert_eq!(report.waits, [3]);
    assert_eq!(report.sent(), 12);
    assert!(progress.contains(&Progress::Waiting { seconds_left: 3 }));
    assert!(progress.contains(&Progress::Waiting { seconds_left: 1 }));
}

#[test]
fn a_portal_that_keeps_limiting_leaves_its_people_not_reached() {
    let admin = person("me", "admin", 1, 1);
    let people = vec![person("a", "user", 4, 2)];
    let limited = || {
        Err(ApiError::RateLimited {
            retry_after: Some(1),
        })
    };
    let script = Script::new(vec![limited(), limited(), limited(), limited(), limited()]);
    let (report, _) = run(&admin, &people, &script);
    assert!(matches!(&report.lines[0].1, Sent::NotReached(why) if why.contains("kept limiting")));
    assert_eq!(report.waits.len(), 4);
}

#[test]
fn someone_who_joined_meanwhile_is_not_counted_as_sent() {
    let admin = person("me", "admin", 1, 1);
    let people = vec![person("a", "user", 4, 2), person("b", "user", 4, 2)];
    let script = Script::new(vec![Ok(Some(vec![
        person("a", "user", 1, 1),
        person("b", "user", 4, 2),
    ]))]);
    let (report, _) = run(&admin, &people, &script);
    let got = outcomes(&report);
    assert!(matches!(&got[0].1, Sent::Skipped(_)));
    assert_eq!(got[1].1, Sent::Sent(Resend::Invitation));
}

#[test]
fn failures_are_tried_again_and_refusals_reported_with_the_portals_message() {
    let admin = person("me", "admin", 1, 1);
    let people = vec![person("a", "user", 4, 2)];
    let script = Script::new(vec![Err(ApiError::Network("reset".into()))]);
    let (report, _) = run(&admin, &people, &script);
    assert_eq!(report.sent(), 1);
    assert_eq!(script.sent.borrow().len(), 2);
    let script = Script::new(vec![Err(ApiError::Forbidden("Access denied".into()))]);
    let (report, _) = run(&admin, &people, &script);
    assert!(matches!(&report.lines[0].1, Sent::Refused(why) if why.contains("Access denied")));
}

#[test]
fn more_than_a_hundred_go_in_requests_of_a_hundred() {
    let owner = person("me", "owner", 1, 1);
    let people: Vec<Person> = (0..250)
        .map(|i| person(&format!("p{i:03}"), "user", 4, 2))
        .collect();
    let script = Script::new(vec![]);
    let (report, _) = run(&owner, &people, &script);
    let sizes: Vec<usize> = script.sent.borrow().iter().map(Vec::len).collect();
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(report.sent(), 250);
}

#[test]
fn stopped_during_a_wait_nothing_more_is_sent() {
    let admin = person("me", "admin", 1, 1);
    let people = vec![person("a", "user", 4, 2)];
    let script = Script::new(vec![Err(ApiError::RateLimited {
        retry_after: Some(30),
    })]);
    EVERYONE.with(|all| *all.borrow_mut() = people.clone());
    let calls = std::cell::Cell::new(0);
    let stop = || {
        calls.set(calls.get() + 1);
        calls.get() > 3
    };
    let report = block_on(resend_all(&admin, &people, &script, &stop, &mut |_| {}));
    assert_eq!(script.sent.borrow().len(), 1);
    assert!(matches!(&report.lines[0].1, Sent::NotReached(_)));
}
