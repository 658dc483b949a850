//! The last steps of applying a roster, once everyone has an account: the types raised (a
//! request per type for up to a hundred people, read person by person by `bulk::apply`), then
//! the memberships (a request per group for its new members, each settled from the members the
//! portal answers with). Both are safe to send again, so a step saved as sent is simply sent.

use crate::api::{same_id, ApiError, Person};
use crate::lifecycle::bulk::{self, BulkPortal};
use crate::lifecycle::change::{Change, Held};
use crate::lifecycle::membership::IDS_PER_REQUEST;
use crate::lifecycle::run::Ended;

use super::super::plan::{NewType, Stage};
use super::{next_after, Next, OnboardingPortal, Run, Tries};

/// The portal as `bulk::apply` needs it, for type changes only.
struct Types<'a, P>(&'a P);

impl<P: OnboardingPortal> BulkPortal for Types<'_, P> {
    async fn send(&self, change: Change, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        match change {
            Change::MakeType(to) => self.0.set_type(ids, to).await,
            _ => Err(ApiError::Decode("a roster only changes types".into())),
        }
    }

    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError> {
        self.0.read_back(id).await
    }

    async fn sleep(&self, ms: u32) {
        self.0.sleep(ms).await
    }
}

fn stage_of(held: Held) -> Stage {
    match held {
        Held::Done => Stage::Done,
        Held::AlreadyDone => Stage::AlreadyDone,
        Held::Gone => Stage::Refused("The portal no longer has them.".into()),
        Held::Refused(why) => Stage::Refused(why),
        Held::NotReached(why) => Stage::NotReached(why),
    }
}

/// Raises the types the roster asks for, a request per type.
pub(super) async fn raise_types<P: OnboardingPortal>(run: &mut Run<'_, P>) -> Option<Ended> {
    for to in [NewType::DocSpaceAdmin, NewType::RoomAdmin, NewType::User] {
        let rows: Vec<usize> = (0..run.plan.rows.len())
            .filter(|&i| {
                let row = &run.plan.rows[i];
                row.id.is_some()
                    && row.account_stage.is_done()
                    && matches!(&row.raise, Some((t, s)) if *t == to && s.is_open())
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        if (run.stop)() {
            return Some(Ended::Stopped);
        }
        let ids: Vec<String> = rows
            .iter()
            .filter_map(|&i| run.plan.rows[i].id.clone())
            .collect();
        for &i in &rows {
            if let Some((_, s)) = &mut run.plan.rows[i].raise {
                *s = Stage::Sent;
            }
        }
        run.save(None);
        let portal = Types(run.portal);
        let outcomes = bulk::apply(
            Change::MakeType(to.user_type()),
            run.me,
            ids,
            &portal,
            run.stop,
            &mut |_| {},
        )
        .await;
        run.record();
        for (id, held) in outcomes {
            let stage = stage_of(held);
            if let Some(row) = run
                .plan
                .rows
                .iter_mut()
                .find(|r| r.id.as_deref().is_some_and(|r| same_id(r, &id)))
            {
                if let Some((_, s)) = &mut row.raise {
                    *s = stage;
                }
            }
        }
        run.save(None);
    }
    None
}

/// Puts everyone in the groups the roster names, [`IDS_PER_REQUEST`] people per request.
pub(super) async fn join_groups<P: OnboardingPortal>(run: &mut Run<'_, P>) -> Option<Ended> {
    for g in 0..run.plan.groups.len() {
        let (name, Some(group_id)) = (
            run.plan.groups[g].name.clone(),
            run.plan.groups[g].id.clone(),
        ) else {
            continue;
        };
        // (row, person) for each open join to this group.
        let joining: Vec<(usize, String)> = run
            .plan
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.account_stage.is_done())
            .filter(|(_, r)| r.joins.iter().any(|j| j.group == name && j.stage.is_open()))
            .filter_map(|(i, r)| r.id.clone().map(|id| (i, id)))
            .collect();
        for chunk in joining.chunks(IDS_PER_REQUEST) {
            let mut attempt = Tries::default();
            loop {
                if (run.stop)() {
                    return Some(Ended::Stopped);
                }
                set_joins(run, chunk, &name, &Stage::Sent);
                run.save(None);
                let ids: Vec<String> = chunk.iter().map(|(_, id)| id.clone()).collect();
                let answer = run.portal.add_to_group(&group_id, &ids).await;
                run.record();
                match answer {
                    Ok(group) => {
                        for (i, id) in chunk {
                            let member = group
                                .members
                                .as_ref()
                                .is_none_or(|members| members.iter().any(|m| same_id(&m.id, id)));
                            let stage = if member {
                                Stage::Done
                            } else {
                                Stage::Refused("The portal did not add them to the group.".into())
                            };
                            set_joins(run, &[(*i, id.clone())], &name, &stage);
                        }
                        run.save(None);
                        break;
                    }
                    Err(e) => match next_after(&mut attempt, &e) {
                        Next::Again(ms, note) => {
                            if !run.wait(ms, note).await {
                                return Some(Ended::Stopped);
                            }
                        }
                        Next::End(ended) => return Some(ended),
                        Next::Give(stage) => {
                            set_joins(run, chunk, &name, &stage);
                            run.save(None);
                            break;
                        }
                    },
                }
            }
        }
    }
    None
}

fn set_joins<P: OnboardingPortal>(
    run: &mut Run<'_, P>,
    rows: &[(usize, String)],
    group: &str,
    stage: &Stage,
) {
    for (i, _) in rows {
        for j in run.plan.rows[*i].joins.iter_mut() {
            if j.group == group {
                j.stage = stage.clone();
            }
        }
    }
}
