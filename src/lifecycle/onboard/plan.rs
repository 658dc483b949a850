//! What applying a roster is to do and how far it got, kept in `sessionStorage` between
//! answers: a row per person the roster changes (its account, its type, its groups, each a
//! stage), the groups to create, and every request sent. A stage marked `Sent` was saved
//! before its request went out: after a reload it is settled from the portal (the email looked
//! up, the group found by name) before anything is sent again, so nobody is created twice.

use serde::{Deserialize, Serialize};

mod receipt;

use crate::api::{Group, UserType};
use crate::lifecycle::receipt::Receipt;
use crate::people::roster::{Change, Diff};
use std::collections::BTreeSet;

/// The types a roster adds, as the plan keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewType {
    User,
    RoomAdmin,
    DocSpaceAdmin,
}

impl NewType {
    pub fn of(t: UserType) -> NewType {
        match t {
            UserType::RoomAdmin => NewType::RoomAdmin,
            UserType::DocSpaceAdmin | UserType::Owner => NewType::DocSpaceAdmin,
            UserType::User | UserType::Guest => NewType::User,
        }
    }

    pub fn user_type(self) -> UserType {
        match self {
            NewType::User => UserType::User,
            NewType::RoomAdmin => UserType::RoomAdmin,
            NewType::DocSpaceAdmin => UserType::DocSpaceAdmin,
        }
    }
}

/// How far one part of a row got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Waiting,
    /// Sent, its answer not yet read: settled from the portal before it is sent again.
    Sent,
    Done,
    /// Already so on the portal when it was looked at (an earlier try made it).
    AlreadyDone,
    /// The portal refused it (its words), or it could not be done (why).
    Refused(String),
    /// Not known or not sent (the portal stopped answering, the run was stopped): applying
    /// again can do it.
    NotReached(String),
}

impl Stage {
    pub fn is_open(&self) -> bool {
        matches!(self, Stage::Waiting | Stage::Sent)
    }

    pub fn is_done(&self) -> bool {
        matches!(self, Stage::Done | Stage::AlreadyDone)
    }

    fn failed(&self) -> Option<&str> {
        match self {
            Stage::Refused(why) | Stage::NotReached(why) => Some(why),
            _ => None,
        }
    }
}

/// The account part of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Account {
    Create {
        first_name: String,
        last_name: String,
        user_type: NewType,
    },
    Invite {
        user_type: NewType,
    },
    /// On the portal already (`PlannedRow::id`).
    Existing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Join {
    pub group: String,
    pub stage: Stage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRow {
    pub line: usize,
    pub email: String,
    pub account: Account,
    pub id: Option<String>,
    pub account_stage: Stage,
    pub raise: Option<(NewType, Stage)>,
    pub joins: Vec<Join>,
}

/// A group rows join: on the portal already (its ID, `Done`), or to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedGroup {
    pub name: String,
    pub id: Option<String>,
    pub stage: Stage,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OnboardPlan {
    pub rows: Vec<PlannedRow>,
    pub groups: Vec<PlannedGroup>,
    pub receipt: Receipt,
    /// The file the roster came from, for the receipt.
    #[serde(default)]
    pub file: String,
}

/// Done, left and failed rows, as the progress line counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub left: usize,
    pub failed: usize,
}

/// Group names as the portal compares them when the panel looks one up: trimmed, any case.
pub(super) fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl PlannedRow {
    fn stages(&self) -> impl Iterator<Item = &Stage> {
        std::iter::once(&self.account_stage)
            .chain(self.raise.iter().map(|(_, s)| s))
            .chain(self.joins.iter().map(|j| &j.stage))
    }

    /// The account was not made: what depended on it is not done either.
    pub fn account_failed(&mut self, stage: Stage) {
        let why = match &stage {
            Stage::NotReached(_) => {
                Stage::NotReached("Not sent: the account is not there yet.".into())
            }
            _ => Stage::Refused("Not done: the account was not made.".into()),
        };
        self.account_stage = stage;
        if let Some((_, s)) = &mut self.raise {
            *s = why.clone();
        }
        for j in &mut self.joins {
            j.stage = why.clone();
        }
    }

    /// What happened to the row, in words for the receipt.
    pub fn outcome(&self) -> String {
        let mut said = Vec::new();
        match (&self.account, &self.account_stage) {
            (Account::Existing, _) => {}
            (Account::Create { user_type, .. }, s) if s.is_done() => {
                said.push(format!("created as {}", user_type.user_type().label()))
            }
            (Account::Invite { user_type }, s) if s.is_done() => {
                said.push(format!("invited as {}", user_type.user_type().label()))
            }
            (Account::Create { .. }, s) | (Account::Invite { .. }, s) => match s.failed() {
                Some(why) => return format!("Not added: {why}"),
                None => said.push("not added yet".into()),
            },
        }
        if let Some((to, s)) = &self.raise {
            said.push(match s.failed() {
                Some(why) => format!("not made {}: {why}", to.user_type().label()),
                None if s.is_done() => format!("made {}", to.user_type().label()),
                None => format!("not made {} yet", to.user_type().label()),
            });
        }
        for j in &self.joins {
            said.push(match j.stage.failed() {
                Some(why) => format!("not in {}: {why}", j.group),
                None if j.stage.is_done() => format!("in {}", j.group),
                None => format!("not in {} yet", j.group),
            });
        }
        let text = said.join("; ");
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

impl OnboardPlan {
    /// The plan of `diff`'s rows that change something and are not left out. `groups` are the
    /// portal's: a group rows join is found there by name, or created.
    pub fn of(
        diff: &Diff,
        left_out: &BTreeSet<usize>,
        groups: &[Group],
        file: &str,
    ) -> OnboardPlan {
        let mut plan = OnboardPlan {
            file: file.to_string(),
            ..OnboardPlan::default()
        };
        for e in diff.entries.iter().filter(|e| !left_out.contains(&e.line)) {
            let (account, id, raise, names) = match &e.change {
                Change::Create {
                    first_name,
                    last_name,
                    user_type,
                    groups,
                } => (
                    Account::Create {
                        first_name: first_name.clone(),
                        last_name: last_name.clone(),
                        user_type: NewType::of(*user_type),
                    },
                    None,
                    None,
                    groups,
                ),
                Change::Invite { user_type, groups } => (
                    Account::Invite {
                        user_type: NewType::of(*user_type),
                    },
                    None,
                    None,
                    groups,
                ),
                Change::Update { id, raise, join } => (
                    Account::Existing,
                    Some(id.clone()),
                    raise.map(|(_, to)| (NewType::of(to), Stage::Waiting)),
                    join,
                ),
                _ => continue,
            };
            for name in names {
                if !plan.groups.iter().any(|g| same_name(&g.name, name)) {
                    let found = groups.iter().find(|g| same_name(&g.name, name));
                    plan.groups.push(PlannedGroup {
                        name: found.map_or_else(|| name.clone(), |g| g.name.clone()),
                        id: found.map(|g| g.id.clone()),
                        stage: if found.is_some() {
                            Stage::AlreadyDone
                        } else {
                            Stage::Waiting
                        },
                    });
                }
            }
            let account_stage = if account == Account::Existing {
                Stage::AlreadyDone
            } else {
                Stage::Waiting
            };
            let joins = names
                .iter()
                .map(|g| Join {
                    group: plan.group_named(g).to_string(),
                    stage: Stage::Waiting,
                })
                .collect();
            plan.rows.push(PlannedRow {
                line: e.line,
                email: e.email.clone(),
                account,
                id,
                account_stage,
                raise,
                joins,
            });
        }
        plan
    }

    /// The group's name as the plan spells it (the portal's, when it has it).
    fn group_named<'a>(&'a self, name: &'a str) -> &'a str {
        self.groups
            .iter()
            .find(|g| same_name(&g.name, name))
            .map_or(name, |g| g.name.as_str())
    }

    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for row in &self.rows {
            if row.stages().any(Stage::is_open) {
                p.left += 1;
            } else if row.stages().any(|s| s.failed().is_some()) {
                p.failed += 1;
            } else {
                p.done += 1;
            }
        }
        p
    }

    /// How far each step is: the accounts (created or invited), the types raised, the
    /// memberships; each as done of all (failed ones count as not done).
    pub fn steps(&self) -> [(&'static str, usize, usize); 3] {
        let count = |stages: &mut dyn Iterator<Item = &Stage>| {
            stages.fold((0, 0), |(done, all), s| {
                (done + usize::from(s.is_done()), all + 1)
            })
        };
        let (accounts, all_accounts) = count(
            &mut self
                .rows
                .iter()
                .filter(|r| r.account != Account::Existing)
                .map(|r| &r.account_stage),
        );
        let (types, all_types) = count(
            &mut self
                .rows
                .iter()
                .filter_map(|r| r.raise.as_ref().map(|(_, s)| s)),
        );
        let (joins, all_joins) = count(
            &mut self
                .rows
                .iter()
                .flat_map(|r| r.joins.iter().map(|j| &j.stage)),
        );
        [
            ("accounts", accounts, all_accounts),
            ("types", types, all_types),
            ("memberships", joins, all_joins),
        ]
    }

    /// "accounts 60 of 162, types 0 of 10, memberships 0 of 174": the steps the plan has.
    pub fn steps_line(&self) -> String {
        self.steps()
            .iter()
            .filter(|(_, _, all)| *all > 0)
            .map(|(name, done, all)| format!("{name} {done} of {all}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether nothing is left to send.
    pub fn finished(&self) -> bool {
        self.progress().left == 0 && self.groups.iter().all(|g| !g.stage.is_open())
    }

    /// Whether something was not reached (and applying again can do it).
    pub fn not_reached(&self) -> bool {
        let missed = |s: &Stage| matches!(s, Stage::NotReached(_));
        self.groups.iter().any(|g| missed(&g.stage))
            || self.rows.iter().any(|r| r.stages().any(missed))
    }

    /// What was not reached is tried again by the next run (what the portal refused is not).
    pub fn retry_not_reached(&mut self) {
        let again = |s: &mut Stage| {
            if matches!(s, Stage::NotReached(_)) {
                *s = Stage::Sent;
            }
        };
        for g in &mut self.groups {
            again(&mut g.stage);
        }
        for row in &mut self.rows {
            again(&mut row.account_stage);
            if let Some((_, s)) = &mut row.raise {
                again(s);
            }
            for j in &mut row.joins {
                again(&mut j.stage);
            }
        }
    }
}
