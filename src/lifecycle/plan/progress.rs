//! How far a run is, step by step, in counts that only grow while it runs: someone counts for
//! a step once it is done for them (disabled counts for Disable; deleted for Disable and
//! Delete; gone, deleted by someone else, for every step), or once it ended with a problem for
//! them, which is counted apart. The states a person passes through during a run (disabled,
//! handing over, disabled again, deleted) never take them back before a step they passed, so
//! no count goes down between two reports; only "try again" takes problems back.

use super::{Leaver, LeaverState, OffboardingPlan, SignOut, Step};

#[cfg(test)]
mod tests;

/// One step of the run, as the progress counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepCount {
    pub step: Step,
    /// Those past this step: it is done for them, or they are gone.
    pub done: usize,
    /// Those for whom this step ended with a problem (the reason is next to each).
    pub problems: usize,
    /// Those this step is for: everyone, or for the handover those who own rooms.
    pub total: usize,
}

/// How the run stands, as its colour and its words say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Everything so far is done.
    Ok,
    /// Someone ended with a problem.
    Warn,
    /// The run is held up by an error (the portal failing or unreachable).
    Danger,
}

impl Tone {
    /// The class the progress bar takes.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "tone-ok",
            Tone::Warn => "tone-warn",
            Tone::Danger => "tone-danger",
        }
    }
}

/// The steps the plan takes, each with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunProgress {
    pub steps: Vec<StepCount>,
    /// The first step someone still waits for (`None`: nothing is left to do).
    pub current: Option<Step>,
}

/// Where a step stands for one leaver.
#[derive(PartialEq)]
enum Mark {
    Done,
    Problem,
    /// Not done yet, or never reached (an earlier step ended with a problem).
    Open,
}

fn order(step: Step) -> u8 {
    match step {
        Step::SignOut => 0,
        Step::Terminate => 1,
        Step::Reassign => 2,
        Step::Delete => 3,
        Step::Done => 4,
    }
}

/// Where the sign-out stands for a leaver. A sign-out the portal failed stays a problem (the
/// reason next to them says the disable ended their sessions), unless their disable failed
/// too: one problem per person. Someone disabled without it is past it: the disable ended
/// their sessions.
fn sign_out_mark(leaver: &Leaver) -> Mark {
    match (&leaver.signed_out, &leaver.state) {
        (SignOut::Done, _) | (_, LeaverState::Gone) => Mark::Done,
        (SignOut::Failed(_), LeaverState::Failed { .. }) => Mark::Open,
        (SignOut::Failed(_), _) => Mark::Problem,
        (_, LeaverState::Terminated | LeaverState::Reassigning | LeaverState::Deleted) => {
            Mark::Done
        }
        _ => Mark::Open,
    }
}

fn mark(leaver: &Leaver, step: Step) -> Mark {
    if step == Step::SignOut {
        return sign_out_mark(leaver);
    }
    let passed = match &leaver.state {
        LeaverState::Gone => true,
        LeaverState::Failed { step: failed, .. } => {
            // A failure of the delete (`Done` never fails) is the delete's.
            let failed = order(*failed).min(order(Step::Delete));
            if failed == order(step) {
                return Mark::Problem;
            }
            failed > order(step)
        }
        LeaverState::Waiting => false,
        LeaverState::Deleted => true,
        LeaverState::Terminated | LeaverState::Reassigning => match step {
            Step::SignOut | Step::Terminate => true,
            Step::Reassign => leaver.handed_over,
            Step::Delete | Step::Done => false,
        },
    };
    if passed {
        Mark::Done
    } else {
        Mark::Open
    }
}

/// "1 problem", "2 problems".
pub fn problems_count(n: usize) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
    }
}

impl RunProgress {
    /// Everyone who ended with a problem (each once: a problem ends their run).
    pub fn problems(&self) -> usize {
        self.steps.iter().map(|s| s.problems).sum()
    }

    /// Work done and all the work, one unit per leaver and step: the overall bar.
    pub fn units(&self) -> (usize, usize) {
        self.steps
            .iter()
            .fold((0, 0), |(done, total), s| (done + s.done, total + s.total))
    }

    /// "Disable 100/240 · Hand over 3/7 · Delete 0/240 · 2 problems".
    pub fn line(&self) -> String {
        let mut parts: Vec<String> = self
            .steps
            .iter()
            .map(|s| {
                let name = match s.step {
                    Step::SignOut => "Sign out",
                    Step::Terminate => "Disable",
                    Step::Reassign => "Hand over",
                    Step::Delete | Step::Done => "Delete",
                };
                format!("{name} {}/{}", s.done, s.total)
            })
            .collect();
        let problems = self.problems();
        if problems > 0 {
            parts.push(problems_count(problems));
        }
        parts.join(" · ")
    }

    /// While the run works: "Disabling 100 of 240…", or held up by an error, saying so.
    pub fn working(&self, held_up: bool) -> String {
        let at = self
            .current
            .and_then(|step| self.steps.iter().find(|s| s.step == step));
        let doing = match at {
            Some(s) => {
                let verb = match s.step {
                    Step::SignOut => "Signing out",
                    Step::Terminate => "Disabling",
                    Step::Reassign => "Handing over rooms",
                    Step::Delete | Step::Done => "Deleting",
                };
                format!("{verb} {} of {}", s.done, s.total)
            }
            None => "Finishing".to_string(),
        };
        if held_up {
            format!("{doing}: held up by the error above, and going on by itself when it clears…")
        } else {
            format!("{doing}…")
        }
    }

    /// The colour of the bar: held up by an error, some problems, or all well.
    pub fn tone(&self, held_up: bool) -> Tone {
        if held_up {
            Tone::Danger
        } else if self.problems() > 0 {
            Tone::Warn
        } else {
            Tone::Ok
        }
    }

    /// The words when the run is over: "Finished." or "Finished with 2 problems: …".
    pub fn finished(&self) -> String {
        match self.problems() {
            0 => "Finished.".to_string(),
            1 => "Finished with 1 problem: the reason is next to the person.".to_string(),
            n => format!("Finished with {n} problems: the reason is next to each person."),
        }
    }
}

impl OffboardingPlan {
    /// The steps this plan takes, each with how many are past it: Disable always; Hand over
    /// when rooms go to a heir and someone owns some; Delete unless the run was finished
    /// before deleting anyone.
    pub fn progress(&self) -> RunProgress {
        let owners = self.leavers.iter().filter(|l| l.owns_rooms);
        let mut steps = Vec::new();
        if self.leavers.iter().any(|l| self.signs_out(l)) {
            steps.push(Step::SignOut);
        }
        steps.push(Step::Terminate);
        if self.heir.is_some() && owners.clone().next().is_some() {
            steps.push(Step::Reassign);
        }
        let deleted_any = self.leavers.iter().any(|l| l.state == LeaverState::Deleted);
        if !self.finished_early || deleted_any {
            steps.push(Step::Delete);
        }
        let count = |step: Step| {
            let mut count = StepCount {
                step,
                done: 0,
                problems: 0,
                total: 0,
            };
            let this_step = self.leavers.iter().filter(|l| self.takes(l, step));
            for leaver in this_step {
                count.total += 1;
                match mark(leaver, step) {
                    Mark::Done => count.done += 1,
                    Mark::Problem => count.problems += 1,
                    Mark::Open => {}
                }
            }
            count
        };
        // The step at work: the first someone still waits for (not stopped by a problem).
        let current = steps.iter().copied().find(|&step| {
            self.leavers.iter().any(|l| {
                self.takes(l, step)
                    && !matches!(l.state, LeaverState::Failed { .. })
                    && mark(l, step) == Mark::Open
            })
        });
        RunProgress {
            steps: steps.into_iter().map(count).collect(),
            current,
        }
    }

    /// Whether `step` is one for this leaver: the handover for those who own rooms, the sign-out
    /// for those it is planned for, the others for everyone.
    fn takes(&self, l: &Leaver, step: Step) -> bool {
        match step {
            Step::Reassign => l.owns_rooms,
            Step::SignOut => self.signs_out(l),
            _ => true,
        }
    }

    /// When the admin finished before the end: who was left as they were, in words.
    pub fn ended_early(&self) -> Option<String> {
        if !self.finished_early {
            return None;
        }
        let (waiting, disabled, ..) = self.counts();
        let mut parts = Vec::new();
        if waiting > 0 {
            parts.push(format!("{waiting} not disabled"));
        }
        if disabled > 0 {
            parts.push(format!("{disabled} kept disabled, not deleted"));
        }
        (!parts.is_empty()).then(|| format!("Ended early: {}.", parts.join(", ")))
    }
}
