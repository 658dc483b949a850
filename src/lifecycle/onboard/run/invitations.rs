//! The invitations of a roster, a hundred per request, then the invitees' IDs.

use std::collections::{HashMap, HashSet};

use crate::api::{ApiError, UserType};
use crate::lifecycle::run::Ended;

use super::super::plan::{Account, Stage};
use super::accounts::{after_wait, settle_sent};
use super::{next_after, Next, OnboardingPortal, Run, Tries, INVITES_PER_REQUEST};

/// Sends the invitations, [`INVITES_PER_REQUEST`] per request. The portal takes them in order
/// and keeps those before one it refuses, so a refused request is settled by looking its
/// emails up, and the rest are sent one by one to find whom the refusal is for. A 429 (the
/// invitation throttle) is waited out. Then the invitees' IDs are read from the pending list.
pub(super) async fn send_invitations<P: OnboardingPortal>(run: &mut Run<'_, P>) -> Option<Ended> {
    let mut alone: HashSet<usize> = HashSet::new();
    let (mut attempt, mut lookups) = (Tries::default(), Tries::default());
    loop {
        if (run.stop)() {
            return Some(Ended::Stopped);
        }
        let open: Vec<usize> = (0..run.plan.rows.len())
            .filter(|&i| {
                let row = &run.plan.rows[i];
                matches!(row.account, Account::Invite { .. }) && row.account_stage.is_open()
            })
            .collect();
        let picks: Vec<usize> = match open.iter().find(|i| alone.contains(*i)) {
            Some(&i) => vec![i],
            None => open.into_iter().take(INVITES_PER_REQUEST).collect(),
        };
        if picks.is_empty() {
            break;
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
        let invitations: Vec<(String, UserType)> = picks
            .iter()
            .filter_map(|&i| match run.plan.rows[i].account {
                Account::Invite { user_type } => {
                    Some((run.plan.rows[i].email.clone(), user_type.user_type()))
                }
                _ => None,
            })
            .collect();
        for &i in &picks {
            run.plan.rows[i].account_stage = Stage::Sent;
        }
        run.save(None);
        let answer = run.portal.invite(&invitations).await;
        run.record();
        match answer {
            Ok(()) => {
                attempt = Tries::default();
                for &i in &picks {
                    run.plan.rows[i].account_stage = Stage::Done;
                    alone.remove(&i);
                }
                run.save(None);
            }
            Err(e) => match next_after(&mut attempt, &e) {
                Next::Again(ms, note) => {
                    if matches!(e, ApiError::RateLimited { .. }) {
                        // The limiter answers before the portal reads the request.
                        for &i in &picks {
                            run.plan.rows[i].account_stage = Stage::Waiting;
                        }
                    }
                    if !run.wait(ms, note).await {
                        return Some(Ended::Stopped);
                    }
                }
                Next::End(ended) => return Some(ended),
                Next::Give(stage) => {
                    attempt = Tries::default();
                    if picks.len() > 1 && matches!(stage, Stage::Refused(_)) {
                        // Those before the refused one were invited: the lookups settle them.
                        alone.extend(picks);
                    } else {
                        for &i in &picks {
                            run.plan.rows[i].account_failed(stage.clone());
                        }
                    }
                    run.save(None);
                }
            },
        }
    }
    learn_invitee_ids(run).await
}

/// The IDs of invitees the plan does not know yet, from the pending list (a request per
/// hundred), then by email for whoever it leaves out.
async fn learn_invitee_ids<P: OnboardingPortal>(run: &mut Run<'_, P>) -> Option<Ended> {
    let unknown = |run: &Run<'_, P>| -> Vec<usize> {
        (0..run.plan.rows.len())
            .filter(|&i| {
                let row = &run.plan.rows[i];
                row.id.is_none() && row.account_stage.is_done()
            })
            .collect()
    };
    if unknown(run).is_empty() {
        return None;
    }
    if let Ok(pending) = run.portal.pending().await {
        let by_email: HashMap<String, String> = pending
            .into_iter()
            .map(|p| (p.email.trim().to_lowercase(), p.id))
            .collect();
        for row in &mut run.plan.rows {
            if row.id.is_none() && row.account_stage.is_done() {
                row.id = by_email.get(&row.email.to_lowercase()).cloned();
            }
        }
    }
    run.record();
    for i in unknown(run) {
        let mut attempt = Tries::default();
        loop {
            let email = run.plan.rows[i].email.clone();
            let found = run.portal.find_by_email(&email).await;
            run.record();
            match found {
                Ok(Some(person)) => run.plan.rows[i].id = Some(person.id),
                Ok(None) => run.plan.rows[i].account_failed(Stage::Refused(
                    "Invited, but the portal does not list them: it may have refused the invitation without a word.".into(),
                )),
                Err(e) => match next_after(&mut attempt, &e) {
                    Next::Give(stage) => {
                        let why = format!("Invited, but their ID could not be read: {}", match &stage {
                            Stage::Refused(w) | Stage::NotReached(w) => w.as_str(),
                            _ => "",
                        });
                        for j in &mut run.plan.rows[i].joins {
                            j.stage = Stage::NotReached(why.clone());
                        }
                    }
                    other => {
                        if let Some(ended) = after_wait(run, other).await {
                            return Some(ended);
                        }
                        continue;
                    }
                },
            }
            break;
        }
    }
    run.save(None);
    None
}
