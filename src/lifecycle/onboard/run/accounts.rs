//! The first steps of applying a roster: the groups it lacks, the accounts created, the
//! invitations sent. Each is saved as `Sent` before its request goes out; one found `Sent`
//! (its answer lost, or a tab closed while it was in flight) is looked up on the portal first.

use std::collections::HashMap;

use crate::api::{ApiError, NewPerson, UserStatus};
use crate::lifecycle::batches::join_all;
use crate::lifecycle::run::Ended;

use super::super::plan::{same_name, Account, NewType, Stage};
use super::{next_after, Next, OnboardingPortal, Run, Tries, CREATES_AT_ONCE};

/// Creates the groups the plan lacks, one request each. A group whose create was sent
/// without an answer is looked for by name first. Rows that were to join a group that could
/// not be created are told why.
pub(super) async fn create_groups<P: OnboardingPortal>(run: &mut Run<'_, P>) -> Option<Ended> {
    for i in 0..run.plan.groups.len() {
        let mut attempt = Tries::default();
        while run.plan.groups[i].stage.is_open() {
            if (run.stop)() {
                return Some(Ended::Stopped);
            }
            let name = run.plan.groups[i].name.clone();
            let answer = if run.plan.groups[i].stage == Stage::Sent {
                match run.portal.all_groups().await {
                    Ok(all) => {
                        run.record();
                        if let Some(found) = all.iter().find(|g| same_name(&g.name, &name)) {
                            run.plan.groups[i].id = Some(found.id.clone());
                            run.plan.groups[i].stage = Stage::AlreadyDone;
                            run.save(None);
                            continue;
                        }
                        None
                    }
                    Err(e) => Some(Err(e)),
                }
            } else {
                None
            };
            let answer = match answer {
                Some(failed) => failed,
                None => {
                    run.plan.groups[i].stage = Stage::Sent;
                    run.save(None);
                    run.portal.create_group(&name).await
                }
            };
            run.record();
            match answer {
                Ok(group) => {
                    run.plan.groups[i].id = Some(group.id);
                    run.plan.groups[i].stage = Stage::Done;
                    run.save(None);
                }
                Err(e) => match next_after(&mut attempt, &e) {
                    Next::Again(ms, note) => {
                        if !run.wait(ms, note).await {
                            return Some(Ended::Stopped);
                        }
                    }
                    Next::End(ended) => return Some(ended),
                    Next::Give(stage) => run.plan.groups[i].stage = stage,
                },
            }
        }
    }
    let failed: Vec<(String, String)> = run
        .plan
        .groups
        .iter()
        .filter_map(|g| match &g.stage {
            Stage::Refused(why) | Stage::NotReached(why) => Some((g.name.clone(), why.clone())),
            _ => None,
        })
        .collect();
    for row in &mut run.plan.rows {
        for join in row.joins.iter_mut().filter(|j| j.stage.is_open()) {
            if let Some((_, why)) = failed.iter().find(|(name, _)| *name == join.group) {
                join.stage = Stage::Refused(format!("The group could not be created: {why}"));
            }
        }
    }
    None
}

/// Looks up, by email, the rows among `picks` saved as sent: who the portal has is settled
/// (made by the request whose answer was lost), the others are sent again. `Some` when the run
/// must wait or end: the wait's milliseconds and note, or the end.
pub(super) async fn settle_sent<P: OnboardingPortal>(
    run: &mut Run<'_, P>,
    picks: &[usize],
    attempt: &mut Tries,
) -> Result<(), Next> {
    for &i in picks {
        if run.plan.rows[i].account_stage != Stage::Sent {
            continue;
        }
        let email = run.plan.rows[i].email.clone();
        let found = run.portal.find_by_email(&email).await;
        run.record();
        match found {
            // A disabled account is not what was asked: sent, the portal says why not.
            Ok(Some(person)) if person.status() != UserStatus::Disabled => {
                let row = &mut run.plan.rows[i];
                row.id = Some(person.id);
                row.account_stage = Stage::AlreadyDone;
            }
            Ok(_) => {}
            Err(e) => match next_after(attempt, &e) {
                Next::Give(stage) => run.plan.rows[i].account_failed(stage),
                other => {
                    return Err(other);
                }
            },
        }
    }
    Ok(())
}

/// Waits or ends as `next` says; `Some` when the run ends.
pub(super) async fn after_wait<P: OnboardingPortal>(
    run: &mut Run<'_, P>,
    next: Next,
) -> Option<Ended> {
    match next {
        Next::Again(ms, note) => (!run.wait(ms, note).await).then_some(Ended::Stopped),
        Next::End(ended) => Some(ended),
        Next::Give(_) => None,
    }
}

fn new_person(account: &Account, email: &str) -> Option<NewPerson> {
    match account {
        Account::Create {
            first_name,
            last_name,
            user_type,
        } => Some(NewPerson {
            first_name: first_name.clone(),
            last_name: last_name.clone(),
            email: email.to_string(),
            user_type: user_type.user_type(),
            password: None,
        }),
        _ => None,
    }
}

/// Creates the accounts, [`CREATES_AT_ONCE`] at a time (the portal makes up a password and
/// emails them how to sign in).
pub(super) async fn create_accounts<P: OnboardingPortal>(run: &mut Run<'_, P>) -> Option<Ended> {
    let mut attempts: HashMap<usize, Tries> = HashMap::new();
    let mut lookups = Tries::default();
    loop {
        if (run.stop)() {
            return Some(Ended::Stopped);
        }
        let picks: Vec<usize> = (0..run.plan.rows.len())
            .filter(|&i| {
                let row = &run.plan.rows[i];
                matches!(row.account, Account::Create { .. }) && row.account_stage.is_open()
            })
            .take(CREATES_AT_ONCE)
            .collect();
        if picks.is_empty() {
            return None;
        }
        if let Err(next) = settle_sent(run, &picks, &mut lookups).await {
            if let Some(ended) = after_wait(run, next).await {
                return Some(ended);
            }
            continue;
        }
        lookups = Tries::default();
        let picks: Vec<usize> = picks
            .into_iter()
            .filter(|&i| run.plan.rows[i].account_stage.is_open())
            .collect();
        if picks.is_empty() {
            run.save(None);
            continue;
        }
        let sends: Vec<NewPerson> = picks
            .iter()
            .filter_map(|&i| new_person(&run.plan.rows[i].account, &run.plan.rows[i].email))
            .collect();
        for &i in &picks {
            run.plan.rows[i].account_stage = Stage::Sent;
        }
        run.save(None);
        let portal = run.portal;
        let answers = join_all(sends.iter().map(|new| portal.create(new)).collect()).await;
        run.record();
        let mut again: Option<(u32, String)> = None;
        let mut ended = None;
        for (&i, answer) in picks.iter().zip(answers) {
            let row = &mut run.plan.rows[i];
            match answer {
                Ok(person) => {
                    let wanted = match row.account {
                        Account::Create { user_type, .. } => user_type,
                        _ => NewType::User,
                    };
                    // Out of paid seats, the portal quietly makes a user instead.
                    if person.user_type() != wanted.user_type() {
                        row.raise = Some((
                            wanted,
                            Stage::Refused(format!(
                                "The portal made them a {} instead: no paid seat was left.",
                                person.user_type().label().to_lowercase()
                            )),
                        ));
                    }
                    row.id = Some(person.id);
                    row.account_stage = Stage::Done;
                }
                Err(e) => {
                    let attempt = attempts.entry(i).or_default();
                    match next_after(attempt, &e) {
                        Next::Again(ms, note) => {
                            if matches!(e, ApiError::RateLimited { .. }) {
                                // The limiter answers before the portal reads the request.
                                row.account_stage = Stage::Waiting;
                            }
                            if again.as_ref().is_none_or(|(longest, _)| ms > *longest) {
                                again = Some((ms, note));
                            }
                        }
                        Next::End(e) => ended = Some(e),
                        Next::Give(stage) => row.account_failed(stage),
                    }
                }
            }
        }
        run.save(None);
        if ended.is_some() {
            return ended;
        }
        if let Some((ms, note)) = again {
            if !run.wait(ms, note).await {
                return Some(Ended::Stopped);
            }
        }
    }
}
