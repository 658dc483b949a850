//! What a bulk write leaves on the portal, and how to tell it from the portal's answer. The
//! portal's status code is not the truth: `PUT /people/delete` answers 200 while it skips the
//! people the caller may not delete (and still lists them), `PUT /people/type/{type}` changes
//! people one after another and then refuses the whole request at the first it may not change
//! (those before stay changed). So every write's answer is read person by person, and what it
//! leaves unclear is read back from the portal before anyone is reported.
//!
//! Server sources (DocSpace-server 3.7.2): `UserController.RemoveUsers` (skips room admins
//! unless the caller is a DocSpace admin, DocSpace admins unless the caller is the owner),
//! `UserController.UpdateUserType` (one by one, in the order sent, not atomic),
//! `UserController.UpdateUserStatus` (every id checked before any change).

use crate::api::{same_id, ApiError, Person, UserStatus, UserType};
use crate::people::eligibility::{can_change_type, can_delete, can_enable, can_terminate};

/// A change sent for many people at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Disable,
    Enable,
    MakeType(UserType),
    Delete,
}

/// What the portal holds for one person after a write, as the receipt reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// The change holds, and this write made it.
    Done,
    /// The change held already (someone, or an earlier try, made it): counts as done.
    AlreadyDone,
    /// The portal no longer has them (deleted by someone else).
    Gone,
    /// The portal did not make the change: its reason, and why when the panel can tell.
    Refused(String),
    /// Not known or not sent (the portal did not answer, the run was stopped): trying again
    /// can work.
    NotReached(String),
}

impl Held {
    /// Whether the person ends up as asked.
    pub fn counts_as_done(&self) -> bool {
        matches!(self, Held::Done | Held::AlreadyDone)
    }

    /// Whether sending the change again could work.
    pub fn can_retry(&self) -> bool {
        matches!(self, Held::NotReached(_))
    }

    /// The outcome in words: "done", "already done", "already gone", the reason.
    pub fn describe(&self) -> String {
        match self {
            Held::Done => "done".into(),
            Held::AlreadyDone => "already done".into(),
            Held::Gone => {
                "already gone: the portal no longer has them (deleted by someone else)".into()
            }
            Held::Refused(why) => format!("refused: {why}"),
            Held::NotReached(why) => format!("not reached: {why}"),
        }
    }
}

impl Change {
    /// Whether `person`, as the portal answers or reads them, has the change. Nobody the
    /// portal still answers about is deleted.
    pub fn holds(self, person: &Person) -> bool {
        match self {
            Change::Disable => person.status() == UserStatus::Disabled,
            // Someone who never finished signing up goes back to pending (reference §3.7).
            Change::Enable => matches!(person.status(), UserStatus::Active | UserStatus::Pending),
            Change::MakeType(to) => person.user_type() == to,
            Change::Delete => false,
        }
    }

    /// Whether a refusal of a whole batch may still have changed some of it: the type change
    /// works person by person and stops at the first it refuses; a 402 (seats) can come after
    /// some people were changed. Such a batch is read back, never simply halved.
    pub fn may_be_partial(self, error: &ApiError) -> bool {
        let payment = matches!(error, ApiError::Server { status: 402, .. });
        match self {
            Change::MakeType(_) => {
                payment || matches!(error, ApiError::Forbidden(_) | ApiError::Validation { .. })
            }
            Change::Enable => payment,
            Change::Disable | Change::Delete => false,
        }
    }

    /// Why `me` could not make this change to `person` as the portal holds them now, in the
    /// panel's words, when it can tell.
    fn why_not(self, me: &Person, person: &Person) -> Option<&'static str> {
        let verdict = match self {
            Change::Disable => can_terminate(me, person),
            Change::Enable => can_enable(me, person),
            Change::MakeType(to) => can_change_type(me, person, to),
            Change::Delete => can_delete(me, person),
        };
        verdict.err()
    }

    /// The portal's reason for refusing `person`, with the panel's explanation when it has one.
    pub fn refusal(self, me: &Person, person: &Person, portal_said: &str) -> String {
        match self.why_not(me, person) {
            Some(why) if !portal_said.contains(why) => {
                format!("{} ({why})", portal_said.trim_end_matches('.'))
            }
            _ => portal_said.to_string(),
        }
    }

    /// Whom a 200 answer to a delete left in place: `RemoveUsers` skips room admins unless the
    /// caller is a DocSpace admin (the owner is one), and DocSpace admins unless the caller is
    /// the owner, and still lists them in its answer.
    pub fn skipped_by_delete(me: &Person, person: &Person) -> Option<&'static str> {
        match person.user_type() {
            UserType::DocSpaceAdmin if !me.is_owner => {
                Some("only the owner can delete DocSpace admins")
            }
            UserType::RoomAdmin
                if !matches!(me.user_type(), UserType::Owner | UserType::DocSpaceAdmin) =>
            {
                Some("only DocSpace admins can delete room admins")
            }
            _ => None,
        }
    }

    /// Reads a 200 answer to this change for `ids`: who it says was changed (done), and whom
    /// the answer leaves unclear (to read back): missing from it, answered without the change,
    /// or, for a delete, listed but skipped.
    pub fn read_answer(
        self,
        me: &Person,
        ids: &[String],
        answer: &[Person],
    ) -> (Vec<String>, Vec<(String, Asked<'static>)>) {
        let mut done = Vec::new();
        let mut unclear = Vec::new();
        for id in ids {
            let said = answer.iter().find(|p| same_id(&p.id, id));
            let changed = match (self, said) {
                (_, None) => false,
                (Change::Delete, Some(p)) => Change::skipped_by_delete(me, p).is_none(),
                (change, Some(p)) => change.holds(p),
            };
            if changed {
                done.push(id.clone());
            } else if said.is_some() {
                unclear.push((id.clone(), Asked::Listed));
            } else {
                unclear.push((id.clone(), Asked::Missing));
            }
        }
        (done, unclear)
    }

    /// What the portal holds for someone read back after this change: `now` is their profile
    /// (`None`: the portal no longer has them); `asked` what the write's answer said of them;
    /// `resent`: the request had been sent before (its answer lost), so a change that holds
    /// may be this run's own.
    pub fn settle(self, me: &Person, now: Option<&Person>, asked: Asked<'_>, resent: bool) -> Held {
        match (now, asked) {
            // Listed in a delete's answer and gone: deleted by it.
            (None, Asked::Listed) if self == Change::Delete => Held::Done,
            // A delete's answer leaves out whom the portal did not find: on a first send,
            // someone else had deleted them.
            (None, Asked::Missing) if self == Change::Delete && resent => Held::Done,
            (None, _) => Held::Gone,
            (Some(p), asked) if self.holds(p) => {
                if matches!(asked, Asked::Refused(_)) && !resent {
                    Held::AlreadyDone
                } else {
                    Held::Done
                }
            }
            (Some(p), Asked::Refused(said)) => Held::Refused(self.refusal(me, p, said)),
            (Some(p), _) if self == Change::Delete => {
                Held::Refused(match Change::skipped_by_delete(me, p) {
                    Some(why) => {
                        format!("The portal skipped them ({why}) and answered 200 all the same.")
                    }
                    None => "The portal answered 200 but still has them.".into(),
                })
            }
            (Some(p), _) => {
                Held::Refused(self.refusal(me, p, "The portal answered without making the change."))
            }
        }
    }
}

impl Change {
    /// What the portal holds for someone whose batch it kept failing (`said`), read back
    /// (`now`): the change may have been made all the same; otherwise trying again can work.
    pub fn after_failure(self, now: Result<Option<Person>, ApiError>, said: &str) -> Held {
        match now {
            Ok(Some(p)) if self.holds(&p) => Held::Done,
            Ok(None) if self == Change::Delete => Held::Done,
            Ok(None) => Held::Gone,
            Ok(Some(_)) => Held::NotReached(said.to_string()),
            Err(e) => Held::NotReached(format!("{said} (reading them back failed too: {e})")),
        }
    }
}

/// What a write's answer said of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked<'a> {
    /// Listed in a 200 answer (without the change, or skipped by a delete).
    Listed,
    /// Left out of a 200 answer.
    Missing,
    /// The portal refused a request with them in it, saying this.
    Refused(&'a str),
}

#[cfg(test)]
mod tests;
