//! The bulk change against a small portal that keeps the server's rules where they are harsh:
//! a type change person by person that refuses the whole request at the first it may not
//! change, a seat limit reached part way (402), a delete that skips DocSpace admins for a
//! non-owner and answers 200, a disable checked whole, people deleted by someone else.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde_json::json;

use super::*;
use crate::api::{UserStatus, UserType};

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

pub(crate) fn person(id: &str, t: UserType, status: UserStatus) -> Person {
    serde_json::from_value(json!({
        "id": id,
        "displayName": format!("Person {id}"),
        "email": format!("{id}@example.org"),
        "status": match status { UserStatus::Active => 1, UserStatus::Disabled => 2, _ => 4 },
        "isOwner": t == UserType::Owner,
        "isAdmin": t == UserType::DocSpaceAdmin,
        "isVisitor": t == UserType::Guest,
        "isCollaborator": t == UserType::User,
    }))
    .unwrap()
}

fn paid(t: UserType) -> bool {
    matches!(
        t,
        UserType::Owner | UserType::DocSpaceAdmin | UserType::RoomAdmin
    )
}

/// What the test portal was asked.
#[derive(Debug, Clone, PartialEq)]
enum Asked {
    Send(Vec<String>),
    Read(String),
    Sleep(u32),
}

struct Portal {
    me: Person,
    people: RefCell<BTreeMap<String, Person>>,
    seats: usize,
    asked: RefCell<Vec<Asked>>,
    /// Errors the next sends get, each once, before the portal looks at them.
    send_errors: RefCell<VecDeque<ApiError>>,
}

impl Portal {
    fn new(me: Person, people: Vec<Person>) -> Portal {
        Portal {
            me,
            people: RefCell::new(people.into_iter().map(|p| (p.id.clone(), p)).collect()),
            seats: 1000,
            asked: RefCell::default(),
            send_errors: RefCell::default(),
        }
    }

    fn sends(&self) -> usize {
        let asked = self.asked.borrow();
        asked.iter().filter(|a| matches!(a, Asked::Send(_))).count()
    }

    fn reads(&self) -> usize {
        let asked = self.asked.borrow();
        asked.iter().filter(|a| matches!(a, Asked::Read(_))).count()
    }

    fn used_seats(&self) -> usize {
        let people = self.people.borrow();
        people.values().filter(|p| paid(p.user_type())).count() + 1
    }

    fn set_type(p: &mut Person, t: UserType) {
        p.is_admin = t == UserType::DocSpaceAdmin;
        p.is_visitor = t == UserType::Guest;
        p.is_collaborator = t == UserType::User;
    }
}

fn forbidden() -> ApiError {
    ApiError::Forbidden("Access denied".into())
}

impl BulkPortal for Portal {
    async fn send(&self, change: Change, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.asked.borrow_mut().push(Asked::Send(ids.to_vec()));
        if let Some(error) = self.send_errors.borrow_mut().pop_front() {
            return Err(error);
        }
        let mut people = self.people.borrow_mut();
        match change {
            Change::MakeType(to) => {
                // UpdateUserType: one after another; the first refusal ends the request.
                for id in ids {
                    let used = people.values().filter(|p| paid(p.user_type())).count() + 1;
                    let p = people.get_mut(id).ok_or_else(forbidden)?;
                    if p.user_type() == to || p.status() == UserStatus::Disabled {
                        return Err(forbidden());
                    }
                    if paid(to) && !paid(p.user_type()) && used >= self.seats {
                        return Err(ApiError::Server {
                            status: 402,
                            message: "The number of admins exceeds the limit: 56/55.".into(),
                        });
                    }
                    Portal::set_type(p, to);
                }
                Ok(ids
                    .iter()
                    .filter_map(|id| people.get(id).cloned())
                    .collect())
            }
            Change::Disable => {
                // UpdateUserStatus: everyone checked first.
                if ids.iter().any(|id| !people.contains_key(id)) {
                    return Err(forbidden());
                }
                for id in ids {
                    people.get_mut(id).unwrap().status = 2;
                }
                Ok(ids
                    .iter()
                    .filter_map(|id| people.get(id).cloned())
                    .collect())
            }
            Change::Enable => Err(forbidden()),
            Change::Delete => {
                // RemoveUsers: unknown ids dropped, skipped people still listed.
                let found: Vec<Person> = ids
                    .iter()
                    .filter_map(|id| people.get(id).cloned())
                    .collect();
                if found.iter().any(|p| p.status() != UserStatus::Disabled) {
                    return Err(ApiError::Forbidden("Users are not suspended".into()));
                }
                for p in &found {
                    if Change::skipped_by_delete(&self.me, p).is_none() {
                        people.remove(&p.id);
                    }
                }
                Ok(found)
            }
        }
    }

    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError> {
        self.asked.borrow_mut().push(Asked::Read(id.to_string()));
        Ok(self.people.borrow().get(id).cloned())
    }

    async fn sleep(&self, ms: u32) {
        self.asked.borrow_mut().push(Asked::Sleep(ms));
    }
}

fn ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("u{i:02}")).collect()
}

fn users(n: usize, t: UserType, status: UserStatus) -> Vec<Person> {
    ids(n).iter().map(|id| person(id, t, status)).collect()
}

fn admin() -> Person {
    person("me", UserType::DocSpaceAdmin, UserStatus::Active)
}

fn run_change(portal: &Portal, change: Change, ids: Vec<String>) -> Vec<Outcome> {
    let me = portal.me.clone();
    block_on(apply(change, &me, ids, portal, &|| false, &mut |_| {}))
}

fn held(outcomes: &[Outcome], id: &str) -> Held {
    outcomes
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| panic!("no outcome for {id}"))
}

#[test]
fn a_type_change_refused_at_the_sixth_already_done_reports_all_ten_done() {
    let mut people = users(10, UserType::User, UserStatus::Active);
    Portal::set_type(&mut people[5], UserType::RoomAdmin);
    let portal = Portal::new(admin(), people);
    let outcomes = run_change(&portal, Change::MakeType(UserType::RoomAdmin), ids(10));
    assert_eq!(outcomes.len(), 10);
    assert!(
        outcomes.iter().all(|(_, h)| h.counts_as_done()),
        "{outcomes:?}"
    );
    let people = portal.people.borrow();
    assert!(people
        .values()
        .all(|p| p.user_type() == UserType::RoomAdmin));
    // The first request, ten reads back, the four not yet changed sent again.
    assert_eq!(portal.sends(), 2);
    assert_eq!(portal.reads(), 10);
    assert_eq!(
        portal.asked.borrow()[11],
        Asked::Send(ids(10)[6..].to_vec())
    );
}

#[test]
fn a_seat_limit_reached_part_way_reports_exactly_who_changed() {
    let portal = Portal {
        seats: 6,
        ..Portal::new(admin(), users(10, UserType::User, UserStatus::Active))
    };
    // Me and five more fit: the first five change, then 402.
    let outcomes = run_change(&portal, Change::MakeType(UserType::RoomAdmin), ids(10));
    let people = portal.people.borrow();
    for id in ids(10) {
        let changed = people[&id].user_type() == UserType::RoomAdmin;
        let outcome = held(&outcomes, &id);
        assert_eq!(outcome.counts_as_done(), changed, "{id}: {outcome:?}");
        if !changed {
            assert!(
                matches!(&outcome, Held::Refused(why) if why.contains("402") || why.contains("seat")),
                "{id}: {outcome:?}"
            );
        }
    }
    assert_eq!(
        outcomes.iter().filter(|(_, h)| h.counts_as_done()).count(),
        5
    );
    assert_eq!(portal.used_seats(), 6);
    // 402 with nobody moved refuses the rest at once: no halving, no per-person tries.
    assert_eq!(portal.sends(), 2, "{:?}", portal.asked.borrow());
}

#[test]
fn an_admins_delete_reports_the_docspace_admins_the_portal_skipped() {
    let mut people = users(6, UserType::User, UserStatus::Disabled);
    Portal::set_type(&mut people[1], UserType::DocSpaceAdmin);
    Portal::set_type(&mut people[4], UserType::DocSpaceAdmin);
    let portal = Portal::new(admin(), people);
    let outcomes = run_change(&portal, Change::Delete, ids(6));
    let left = portal.people.borrow();
    for id in ids(6) {
        let outcome = held(&outcomes, &id);
        let still_there = left.contains_key(&id);
        assert_eq!(outcome.counts_as_done(), !still_there, "{id}: {outcome:?}");
        if still_there {
            assert!(
                matches!(&outcome, Held::Refused(why) if why.contains("only the owner can delete DocSpace admins")),
                "{outcome:?}"
            );
        }
    }
    assert_eq!(left.len(), 2);
    // One request; only the two the answer leaves unclear are read back.
    assert_eq!((portal.sends(), portal.reads()), (1, 2));
}

#[test]
fn the_owners_delete_deletes_admins_too_without_reading_back() {
    let mut people = users(3, UserType::User, UserStatus::Disabled);
    Portal::set_type(&mut people[0], UserType::DocSpaceAdmin);
    let owner = person("me", UserType::Owner, UserStatus::Active);
    let portal = Portal::new(owner, people);
    let outcomes = run_change(&portal, Change::Delete, ids(3));
    assert!(outcomes.iter().all(|(_, h)| *h == Held::Done));
    assert_eq!((portal.sends(), portal.reads()), (1, 0));
}

#[test]
fn someone_deleted_meanwhile_is_already_gone_and_the_rest_are_done() {
    let portal = Portal::new(admin(), users(10, UserType::User, UserStatus::Active));
    portal.people.borrow_mut().remove("u04");
    let outcomes = run_change(&portal, Change::Disable, ids(10));
    assert_eq!(held(&outcomes, "u04"), Held::Gone);
    assert!(!held(&outcomes, "u04").can_retry());
    assert_eq!(outcomes.iter().filter(|(_, h)| *h == Held::Done).count(), 9);
}

#[test]
fn a_delete_of_someone_already_gone_on_a_first_send_is_gone() {
    let portal = Portal::new(admin(), users(3, UserType::User, UserStatus::Disabled));
    portal.people.borrow_mut().remove("u02");
    let outcomes = run_change(&portal, Change::Delete, ids(3));
    assert_eq!(held(&outcomes, "u02"), Held::Gone);
    assert_eq!(held(&outcomes, "u01"), Held::Done);
}

#[test]
fn a_500_is_tried_again_and_a_lost_answer_is_read_back() {
    let portal = Portal::new(admin(), users(4, UserType::User, UserStatus::Active));
    let server = || ApiError::Server {
        status: 500,
        message: "Internal server error".into(),
    };
    portal.send_errors.borrow_mut().push_back(server());
    let outcomes = run_change(&portal, Change::Disable, ids(4));
    assert!(outcomes.iter().all(|(_, h)| *h == Held::Done));
    assert_eq!(portal.sends(), 2);

    // Three 500s: the batch is given up and each person read back.
    let portal = Portal::new(admin(), users(2, UserType::User, UserStatus::Active));
    portal
        .send_errors
        .borrow_mut()
        .extend([server(), server(), server()]);
    let outcomes = run_change(&portal, Change::Disable, ids(2));
    assert_eq!(portal.reads(), 2);
    assert!(outcomes
        .iter()
        .all(|(_, h)| h.can_retry() && h.describe().contains("500")));
}

#[test]
fn a_type_change_whose_retry_meets_its_own_changes_counts_them_done() {
    // The first try changed everyone but its answer was lost (a 502 twice, then the portal
    // answers): the retry is refused at the first person, who already holds the type.
    let portal = Portal::new(admin(), users(3, UserType::User, UserStatus::Active));
    {
        let mut people = portal.people.borrow_mut();
        for p in people.values_mut() {
            Portal::set_type(p, UserType::RoomAdmin);
        }
    }
    portal.send_errors.borrow_mut().push_back(ApiError::Server {
        status: 502,
        message: "Bad gateway".into(),
    });
    let outcomes = run_change(&portal, Change::MakeType(UserType::RoomAdmin), ids(3));
    assert!(
        outcomes.iter().all(|(_, h)| *h == Held::Done),
        "{outcomes:?}"
    );
}

#[test]
fn a_stop_sends_nothing_after_the_batch_in_flight() {
    let portal = Portal::new(admin(), users(150, UserType::User, UserStatus::Active));
    let me = admin();
    let outcomes = block_on(apply(
        Change::Disable,
        &me,
        ids(150),
        &portal,
        &|| portal.sends() >= 1,
        &mut |_| {},
    ));
    assert_eq!(portal.sends(), 1);
    assert_eq!(outcomes.len(), 150);
    let not_reached = outcomes.iter().filter(|(_, h)| h.can_retry()).count();
    assert_eq!(not_reached, 50);
}

#[test]
fn no_answer_reports_the_batch_in_flight_not_known_and_the_rest_not_sent() {
    let portal = Portal::new(admin(), users(150, UserType::User, UserStatus::Active));
    let network = || ApiError::Network("offline".into());
    portal
        .send_errors
        .borrow_mut()
        .extend([network(), network(), network()]);
    let outcomes = run_change(&portal, Change::Disable, ids(150));
    assert_eq!(outcomes.len(), 150);
    assert!(outcomes.iter().all(|(_, h)| h.can_retry()));
    assert!(held(&outcomes, "u01").describe().contains("Not known"));
}
