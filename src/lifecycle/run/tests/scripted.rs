//! The scripted portal the run's tests drive: every answer is decided by the test (by default
//! everything succeeds at once), and every call is recorded.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::api::{ApiError, Person, TaskProgress};
use crate::lifecycle::plan::{Actor, Heir, OffboardingPlan};
use crate::lifecycle::receipt::RequestRecord;
use crate::lifecycle::run::{run, Ended, OffboardingPortal};

pub(super) const ME: &str = "me";

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Call {
    SignOut(String),
    Disable(Vec<String>),
    Delete(Vec<String>),
    Start(String, String, bool),
    Progress(String),
    Read(String),
    Owns(String),
    Head(String, String),
    Sleep(u32),
}

/// Errors the next matching calls get, each once.
pub(super) type ScriptedErrors = RefCell<VecDeque<(fn(&Call) -> bool, ApiError)>>;

/// A portal whose answers the test scripts: by default everything succeeds at once.
#[derive(Default)]
pub(super) struct Scripted {
    pub(super) calls: RefCell<Vec<Call>>,
    /// The next call matching the predicate gets this error (each used once).
    pub(super) errors: ScriptedErrors,
    /// Anyone the portal refuses to disable or delete (a batch with them is refused).
    pub(super) refused: HashSet<String>,
    /// Who owns rooms.
    pub(super) owners: HashSet<String>,
    /// Polls a handover takes before it completes.
    pub(super) polls_left: RefCell<HashMap<String, u32>>,
    /// Handovers that end in failure, with the portal's message.
    pub(super) handover_fails: HashMap<String, String>,
    /// Who the portal no longer has (for `read_back`): deleted by the run, or by someone else
    /// (a disable or handover of them is then refused, as the portal refuses an unknown id).
    pub(super) deleted: RefCell<HashSet<String>>,
    /// DocSpace admins: a delete by a non-owner skips them, answering 200 all the same.
    pub(super) admins: HashSet<String>,
    /// Whether the caller is the owner (who may delete admins).
    pub(super) caller_is_owner: bool,
    /// Who the portal holds disabled (by the run's requests that it accepted).
    pub(super) disabled: RefCell<HashSet<String>>,
    /// Handovers whose job the portal forgets before the run sees it end, as it forgets a
    /// finished job 60 s after: how many times, and whether the job ran first (the rooms moved,
    /// and the profile was deleted if asked).
    pub(super) vanish: RefCell<HashMap<String, Vanish>>,
    /// Whom the portal does not make a head (a disabled account, a guest): it answers the
    /// group with its head unchanged.
    pub(super) not_heads: HashSet<String>,
    /// Whose sign-out the portal refuses.
    pub(super) refused_sign_outs: HashSet<String>,
    /// The `deleteProfile` of each handover started, by leaver.
    pub(super) started: RefCell<HashMap<String, bool>>,
}

/// A job the portal forgets: `times` more times, having run (`ran`) or not.
#[derive(Debug, Clone, Copy)]
pub(super) struct Vanish {
    pub(super) times: u32,
    pub(super) ran: bool,
}

impl Scripted {
    fn answer(&self, call: Call) -> Result<(), ApiError> {
        self.calls.borrow_mut().push(call.clone());
        let mut errors = self.errors.borrow_mut();
        if let Some(i) = errors.iter().position(|(matches, _)| matches(&call)) {
            return Err(errors
                .remove(i)
                .map(|(_, e)| e)
                .unwrap_or(ApiError::Unauthorized));
        }
        Ok(())
    }

    pub(super) fn calls(&self) -> Vec<Call> {
        self.calls.borrow().clone()
    }

    pub(super) fn count(&self, what: fn(&Call) -> bool) -> usize {
        self.calls.borrow().iter().filter(|c| what(c)).count()
    }
}

fn refusal(ids: &[String], refused: &HashSet<String>) -> Result<(), ApiError> {
    if ids.iter().any(|id| refused.contains(id)) {
        Err(ApiError::Forbidden("Access denied".into()))
    } else {
        Ok(())
    }
}

impl Scripted {
    /// Someone as the portal answers about them: disabled; a DocSpace admin when scripted so.
    pub(super) fn held(&self, id: &str) -> Person {
        let mut p = person(id, false);
        if self.disabled.borrow().contains(id) {
            p.status = 2;
        }
        if self.admins.contains(id) {
            p.is_admin = true;
            p.is_collaborator = false;
        }
        p
    }
}

impl OffboardingPortal for Scripted {
    async fn sign_out(&self, id: &str) -> Result<(), ApiError> {
        self.answer(Call::SignOut(id.into()))?;
        refusal(&[id.to_string()], &self.refused_sign_outs)
    }

    async fn disable(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.answer(Call::Disable(ids.to_vec()))?;
        refusal(ids, &self.refused)?;
        // Every id is checked first: an unknown one (deleted meanwhile) refuses the request.
        if ids.iter().any(|id| self.deleted.borrow().contains(id)) {
            return Err(ApiError::Forbidden("Access denied".into()));
        }
        self.disabled.borrow_mut().extend(ids.iter().cloned());
        Ok(ids.iter().map(|id| self.held(id)).collect())
    }

    async fn delete(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.answer(Call::Delete(ids.to_vec()))?;
        refusal(ids, &self.refused)?;
        let mut deleted = self.deleted.borrow_mut();
        let found: Vec<Person> = ids
            .iter()
            .filter(|id| !deleted.contains(*id))
            .map(|id| self.held(id))
            .collect();
        for p in &found {
            if self.caller_is_owner || !self.admins.contains(&p.id) {
                deleted.insert(p.id.clone());
            }
        }
        Ok(found)
    }

    async fn start_handover(&self, from: &str, to: &str, delete: bool) -> Result<(), ApiError> {
        self.answer(Call::Start(from.into(), to.into(), delete))?;
        self.started.borrow_mut().insert(from.into(), delete);
        Ok(())
    }

    async fn handover_progress(&self, from: &str) -> Result<Option<TaskProgress>, ApiError> {
        self.answer(Call::Progress(from.into()))?;
        if let Some(vanish) = self
            .vanish
            .borrow_mut()
            .get_mut(from)
            .filter(|v| v.times > 0)
        {
            vanish.times -= 1;
            if vanish.ran && self.started.borrow().get(from) == Some(&true) {
                self.deleted.borrow_mut().insert(from.into());
            }
            return Ok(None);
        }
        let mut polls = self.polls_left.borrow_mut();
        let left = polls.entry(from.to_string()).or_insert(0);
        let done = *left == 0;
        *left = left.saturating_sub(1);
        let failed = self.handover_fails.get(from);
        Ok(Some(TaskProgress {
            id: None,
            percentage: if done { 100 } else { 50 },
            is_completed: done,
            status: match (done, failed) {
                (false, _) => 1,
                (true, None) => 2,
                (true, Some(_)) => 4,
            },
            error: failed.cloned().filter(|_| done),
        }))
    }

    async fn set_group_head(&self, group: &str, head: &str) -> Result<Option<String>, ApiError> {
        self.answer(Call::Head(group.into(), head.into()))?;
        Ok(Some(if self.not_heads.contains(head) {
            "old-head".to_string()
        } else {
            head.to_string()
        }))
    }

    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError> {
        self.answer(Call::Read(id.into()))?;
        Ok((!self.deleted.borrow().contains(id)).then(|| self.held(id)))
    }

    async fn owns_rooms(&self, id: &str) -> Result<bool, ApiError> {
        self.answer(Call::Owns(id.into()))?;
        Ok(self.owners.contains(id))
    }

    async fn sleep(&self, ms: u32) {
        self.calls.borrow_mut().push(Call::Sleep(ms));
    }

    fn take_requests(&self) -> Vec<RequestRecord> {
        Vec::new()
    }
}

/// Runs a future whose calls complete at once.
pub(super) fn block<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the scripted portal answers at once"),
    }
}

pub(super) fn person(id: &str, owner: bool) -> Person {
    serde_json::from_value(serde_json::json!({
        "id": id, "displayName": format!("Person {id}"), "email": format!("{id}@example.com"),
        "status": 1, "isOwner": owner, "isCollaborator": !owner,
    }))
    .unwrap()
}

pub(super) fn me() -> Actor {
    Actor {
        id: ME.into(),
        name: "Me".into(),
    }
}

pub(super) fn plan_of(n: usize) -> OffboardingPlan {
    let people = (0..n).map(|i| person(&format!("u{i}"), false)).collect();
    let mut plan = OffboardingPlan::new(&person(ME, true), people, vec![]);
    plan.confirm(&me());
    plan
}

pub(super) fn heir() -> Heir {
    Heir {
        id: "heir-id".into(),
        name: "Hana Heir".into(),
        email: "hana@example.com".into(),
    }
}

/// Runs the plan as `me` with no stop, giving every report to `saw`.
pub(super) fn go_reporting(
    plan: &mut OffboardingPlan,
    portal: &Scripted,
    saw: &mut dyn FnMut(&OffboardingPlan),
) -> Ended {
    block(run(
        plan,
        portal,
        &person(ME, true),
        &|| false,
        &mut |p, _| saw(p),
    ))
}

/// Runs the plan as `me` with no stop; the notes it reported.
pub(super) fn go(plan: &mut OffboardingPlan, portal: &Scripted) -> (Ended, Vec<String>) {
    let mut notes = Vec::new();
    let ended = block(run(
        plan,
        portal,
        &person(ME, true),
        &|| false,
        &mut |_, note| notes.extend(note),
    ));
    (ended, notes)
}

pub(super) fn is_disable(c: &Call) -> bool {
    matches!(c, Call::Disable(_))
}

pub(super) fn is_sign_out(c: &Call) -> bool {
    matches!(c, Call::SignOut(_))
}

pub(super) fn is_delete(c: &Call) -> bool {
    matches!(c, Call::Delete(_))
}

pub(super) fn slept(portal: &Scripted) -> u32 {
    portal
        .calls()
        .iter()
        .map(|c| if let Call::Sleep(ms) = c { *ms } else { 0 })
        .sum()
}

pub(super) fn sent_any(portal: &Scripted) -> bool {
    portal.count(is_disable) > 0
}

pub(super) fn with_owners(n: usize, owners: &[&str]) -> (OffboardingPlan, Scripted) {
    let mut plan = plan_of(n);
    plan.heir = Some(heir());
    for id in owners {
        plan.set_owns_rooms(id, true);
    }
    let portal = Scripted {
        owners: owners.iter().map(|s| s.to_string()).collect(),
        ..Scripted::default()
    };
    (plan, portal)
}
