//! Applying a roster against a portal kept in memory, which does what the server does (an
//! invitation request taken in order and kept up to the one it refuses, a create that makes a
//! user when no paid seat is left) and fails as told: an error before it acts, or an answer lost
//! after it acted.

use std::cell::RefCell;
use std::collections::{BTreeSet, VecDeque};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde_json::json;

use super::*;
use crate::api::{ApiError, Group, NewPerson, Person, RequestRecord, UserType};
use crate::lifecycle::run::Ended;
use crate::people::roster::{parse, Diff, PortalNow};

mod apply;
mod faults;

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

#[derive(Clone)]
struct Account {
    id: String,
    email: String,
    first_name: String,
    kind: UserType,
    status: u8,
    groups: Vec<String>,
}

/// What a request does when its fault comes up.
enum Fault {
    /// Answers this error without acting.
    Fail(ApiError),
    /// Acts, then the answer is lost.
    Lost,
}

#[derive(Default)]
struct State {
    people: Vec<Account>,
    groups: Vec<(String, String)>,
    next: usize,
    sent: Vec<&'static str>,
    faults: VecDeque<(&'static str, Fault)>,
    slept: u32,
    seats: Option<usize>,
}

#[derive(Default)]
struct Fake(RefCell<State>);

fn to_person(a: &Account, groups: &[(String, String)]) -> Person {
    let names: Vec<serde_json::Value> = a
        .groups
        .iter()
        .map(|id| {
            let name = groups.iter().find(|(g, _)| g == id).map(|(_, n)| n.clone());
            json!({"id": id, "name": name})
        })
        .collect();
    serde_json::from_value(json!({
        "id": a.id, "email": a.email, "firstName": a.first_name, "displayName": a.first_name,
        "status": a.status, "isAdmin": a.kind == UserType::DocSpaceAdmin,
        "isCollaborator": a.kind == UserType::User, "isVisitor": a.kind == UserType::Guest,
        "groups": names,
    }))
    .unwrap()
}

fn rank(t: UserType) -> u8 {
    match t {
        UserType::Owner | UserType::DocSpaceAdmin => 3,
        UserType::RoomAdmin => 2,
        UserType::User => 1,
        UserType::Guest => 0,
    }
}

impl Fake {
    /// The fault for `what`, if the next one is for it.
    fn fault(&self, what: &'static str) -> Option<Fault> {
        let mut s = self.0.borrow_mut();
        s.sent.push(what);
        if s.faults.front().is_some_and(|(w, _)| *w == what) {
            s.faults.pop_front().map(|(_, f)| f)
        } else {
            None
        }
    }

    fn answer<T>(
        &self,
        what: &'static str,
        act: impl FnOnce(&mut State) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        match self.fault(what) {
            Some(Fault::Fail(e)) => Err(e),
            Some(Fault::Lost) => {
                act(&mut self.0.borrow_mut())?;
                Err(ApiError::Network("the answer was lost".into()))
            }
            None => act(&mut self.0.borrow_mut()),
        }
    }

    fn count(&self, what: &str) -> usize {
        self.0.borrow().sent.iter().filter(|w| **w == what).count()
    }

    fn add(&self, email: &str, kind: UserType, status: u8) -> String {
        let mut s = self.0.borrow_mut();
        s.next += 1;
        let id = format!("p{}", s.next);
        s.people.push(Account {
            id: id.clone(),
            email: email.into(),
            first_name: "Name".into(),
            kind,
            status,
            groups: Vec::new(),
        });
        id
    }

    fn people(&self) -> Vec<Person> {
        let s = self.0.borrow();
        s.people.iter().map(|a| to_person(a, &s.groups)).collect()
    }

    fn groups(&self) -> Vec<Group> {
        self.0
            .borrow()
            .groups
            .iter()
            .map(|(id, name)| serde_json::from_value(json!({"id": id, "name": name})).unwrap())
            .collect()
    }

    fn with_email(&self, email: &str) -> Vec<Account> {
        self.0
            .borrow()
            .people
            .iter()
            .filter(|a| a.email.eq_ignore_ascii_case(email))
            .cloned()
            .collect()
    }
}

impl OnboardingPortal for Fake {
    async fn create_group(&self, name: &str) -> Result<Group, ApiError> {
        self.answer("create group", |s| {
            s.next += 1;
            let id = format!("g{}", s.next);
            s.groups.push((id.clone(), name.to_string()));
            Ok(serde_json::from_value(json!({"id": id, "name": name})).unwrap())
        })
    }

    async fn all_groups(&self) -> Result<Vec<Group>, ApiError> {
        self.answer("groups", |_| Ok(()))?;
        Ok(self.groups())
    }

    async fn create(&self, new: &NewPerson) -> Result<Person, ApiError> {
        self.answer("create", |s| {
            if s.people
                .iter()
                .any(|a| a.email.eq_ignore_ascii_case(&new.email))
            {
                return Err(ApiError::Validation {
                    message: "User with this email is already registered".into(),
                    fields: Default::default(),
                });
            }
            let paid = matches!(new.user_type, UserType::RoomAdmin | UserType::DocSpaceAdmin);
            let kind = match &mut s.seats {
                Some(0) if paid => UserType::User,
                Some(n) if paid => {
                    *n -= 1;
                    new.user_type
                }
                _ => new.user_type,
            };
            s.next += 1;
            let account = Account {
                id: format!("p{}", s.next),
                email: new.email.clone(),
                first_name: new.first_name.clone(),
                kind,
                status: 1,
                groups: Vec::new(),
            };
            s.people.push(account.clone());
            Ok(to_person(&account, &s.groups))
        })
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<Person>, ApiError> {
        self.answer("find", |_| Ok(()))?;
        let s = self.0.borrow();
        Ok(s.people
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(email))
            .map(|a| to_person(a, &s.groups)))
    }

    async fn invite(&self, invitations: &[(String, UserType)]) -> Result<(), ApiError> {
        self.answer("invite", |s| {
            // In order, each kept: the first refusal ends the request (`more-endpoints.md` 2.1).
            for (email, kind) in invitations {
                match s
                    .people
                    .iter_mut()
                    .find(|a| a.email.eq_ignore_ascii_case(email))
                {
                    Some(a) if a.status == 2 => {
                        return Err(ApiError::Validation {
                            message: format!("User disabled: {email}"),
                            fields: Default::default(),
                        })
                    }
                    Some(a) => {
                        if rank(*kind) > rank(a.kind) {
                            a.kind = *kind;
                        }
                    }
                    None => {
                        s.next += 1;
                        s.people.push(Account {
                            id: format!("p{}", s.next),
                            email: email.clone(),
                            first_name: String::new(),
                            kind: *kind,
                            status: 4,
                            groups: Vec::new(),
                        });
                    }
                }
            }
            Ok(())
        })
    }

    async fn pending(&self) -> Result<Vec<Person>, ApiError> {
        self.answer("pending", |_| Ok(()))?;
        Ok(self
            .people()
            .into_iter()
            .filter(|p| p.status == 4)
            .collect())
    }

    async fn set_type(&self, ids: &[String], to: UserType) -> Result<Vec<Person>, ApiError> {
        self.answer("type", |s| {
            for a in s.people.iter_mut().filter(|a| ids.contains(&a.id)) {
                a.kind = to;
            }
            Ok(())
        })?;
        Ok(self
            .people()
            .into_iter()
            .filter(|p| ids.contains(&p.id))
            .collect())
    }

    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError> {
        self.answer("read", |_| Ok(()))?;
        Ok(self.people().into_iter().find(|p| p.id == id))
    }

    async fn add_to_group(&self, group: &str, ids: &[String]) -> Result<Group, ApiError> {
        self.answer("add members", |s| {
            for a in s
                .people
                .iter_mut()
                .filter(|a| ids.contains(&a.id) && a.status != 2)
            {
                if !a.groups.iter().any(|g| g == group) {
                    a.groups.push(group.to_string());
                }
            }
            Ok(())
        })?;
        let members: Vec<Person> = self
            .people()
            .into_iter()
            .filter(|p| p.groups.iter().any(|g| g.id == group))
            .collect();
        Ok(serde_json::from_value(
            json!({"id": group, "name": "", "members": serde_json::to_value(&members).unwrap()}),
        )
        .unwrap())
    }

    async fn sleep(&self, ms: u32) {
        self.0.borrow_mut().slept += ms;
    }

    fn take_requests(&self) -> Vec<RequestRecord> {
        Vec::new()
    }
}

fn me() -> Person {
    serde_json::from_value(
        json!({"id": "me", "email": "me@example.com", "isAdmin": true, "status": 1}),
    )
    .unwrap()
}

/// The plan of `roster` against what `fake` holds now.
fn plan_of(fake: &Fake, roster: &str) -> (OnboardPlan, Diff) {
    let me = me();
    let roster = parse(roster, &[UserType::User, UserType::RoomAdmin]).unwrap();
    let (people, groups) = (fake.people(), fake.groups());
    let seats_left = fake.0.borrow().seats;
    let diff = Diff::of(
        &roster,
        &PortalNow {
            me: &me,
            people: &people,
            groups: &groups,
            seats_left,
            invitations_left: None,
            create_groups: true,
        },
    );
    (
        OnboardPlan::of(&diff, &BTreeSet::new(), &groups, "team.csv"),
        diff,
    )
}

/// Applies `plan` to the end, with the notes it reported.
fn go(plan: &mut OnboardPlan, fake: &Fake) -> (Ended, Vec<String>) {
    let mut notes = Vec::new();
    let ended = block_on(apply(plan, fake, &me(), &|| false, &mut |_, note| {
        notes.extend(note)
    }));
    (ended, notes)
}

/// A roster: `creates` people with names, `invites` without, `existing` already on the
/// portal as users who become room admins, everyone in "Team" and every third in "Sales".
fn roster(creates: usize, invites: usize, existing: usize) -> String {
    let mut text = String::from("email,first name,last name,type,groups\n");
    for i in 0..creates {
        text.push_str(&format!(
            "new{i}@example.com,Nia,Ng,User,Team{}\n",
            if i % 3 == 0 { ";Sales" } else { "" }
        ));
    }
    for i in 0..invites {
        text.push_str(&format!("inv{i}@example.com,,,Room admin,Team\n"));
    }
    for i in 0..existing {
        text.push_str(&format!("old{i}@example.com,,,Room admin,Sales\n"));
    }
    text
}
