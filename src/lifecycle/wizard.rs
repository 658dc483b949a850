//! One person's lifecycle, step by step in the portal's order: choose (create or pick), verify,
//! terminate, hand over their rooms (when they own some), delete, confirm the portal answers
//! 404, and the receipt. Saved after every step, so that a reload resumes where it stopped.

use serde::{Deserialize, Serialize};

use super::receipt::Receipt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum WizardStep {
    #[default]
    Choose,
    Verify,
    Terminate,
    Reassign,
    Delete,
    Check,
    Receipt,
}

impl WizardStep {
    pub const ALL: [WizardStep; 7] = [
        WizardStep::Choose,
        WizardStep::Verify,
        WizardStep::Terminate,
        WizardStep::Reassign,
        WizardStep::Delete,
        WizardStep::Check,
        WizardStep::Receipt,
    ];

    pub fn label(self) -> &'static str {
        match self {
            WizardStep::Choose => "Create or pick",
            WizardStep::Verify => "Verify",
            WizardStep::Terminate => "Disable",
            WizardStep::Reassign => "Hand over rooms",
            WizardStep::Delete => "Delete",
            WizardStep::Check => "Check",
            WizardStep::Receipt => "Receipt",
        }
    }
}

/// Who the wizard is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// Where a step stands, for the stepper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Done,
    Current,
    Skipped,
    ToDo,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Wizard {
    pub step: WizardStep,
    pub subject: Option<Subject>,
    /// What `reassign/necessary` said at verification.
    pub owns_rooms: bool,
    /// Whether their rooms were handed over (false: skipped or not needed).
    pub reassigned_to: Option<String>,
    pub receipt: Receipt,
}

/// A step's result arrived while the wizard is at another step (a stale answer): ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfOrder;

impl Wizard {
    fn expect(&self, step: WizardStep) -> Result<(), OutOfOrder> {
        if self.step == step {
            Ok(())
        } else {
            Err(OutOfOrder)
        }
    }

    /// A person was created or picked.
    pub fn chosen(&mut self, subject: Subject) -> Result<(), OutOfOrder> {
        self.expect(WizardStep::Choose)?;
        self.subject = Some(subject);
        self.step = WizardStep::Verify;
        Ok(())
    }

    /// Their profile was read back; `owns_rooms` from `reassign/necessary`.
    pub fn verified(&mut self, owns_rooms: bool) -> Result<(), OutOfOrder> {
        self.expect(WizardStep::Verify)?;
        self.owns_rooms = owns_rooms;
        self.step = WizardStep::Terminate;
        Ok(())
    }

    /// Disabled: on to handing over rooms when they own some, else to deletion.
    pub fn terminated(&mut self) -> Result<(), OutOfOrder> {
        self.expect(WizardStep::Terminate)?;
        self.step = if self.owns_rooms {
            WizardStep::Reassign
        } else {
            WizardStep::Delete
        };
        Ok(())
    }

    /// Rooms handed to `to` (`None`: the admin chose not to).
    pub fn reassigned(&mut self, to: Option<String>) -> Result<(), OutOfOrder> {
        self.expect(WizardStep::Reassign)?;
        self.reassigned_to = to;
        self.step = WizardStep::Delete;
        Ok(())
    }

    pub fn deleted(&mut self) -> Result<(), OutOfOrder> {
        self.expect(WizardStep::Delete)?;
        self.step = WizardStep::Check;
        Ok(())
    }

    /// The portal answered 404 for them.
    pub fn confirmed_gone(&mut self) -> Result<(), OutOfOrder> {
        self.expect(WizardStep::Check)?;
        self.step = WizardStep::Receipt;
        Ok(())
    }

    /// Every step with where it stands; handing over rooms is skipped for someone who owns
    /// none (known from verification on), or when the admin chose not to.
    pub fn progress(&self) -> Vec<(WizardStep, Progress)> {
        let index = |step: WizardStep| WizardStep::ALL.iter().position(|s| *s == step).unwrap_or(0);
        let at = index(self.step);
        WizardStep::ALL
            .iter()
            .map(|&step| {
                let i = index(step);
                let progress = if step == WizardStep::Reassign && i != at {
                    let known_unneeded = at >= index(WizardStep::Terminate) && !self.owns_rooms;
                    match (i < at, self.reassigned_to.is_some()) {
                        (true, true) => Progress::Done,
                        (true, false) => Progress::Skipped,
                        (false, _) if known_unneeded => Progress::Skipped,
                        (false, _) => Progress::ToDo,
                    }
                } else if i < at {
                    Progress::Done
                } else if i == at {
                    Progress::Current
                } else {
                    Progress::ToDo
                };
                (step, progress)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            id: "u1".into(),
            name: "John Doe".into(),
            email: "john.doe@example.com".into(),
        }
    }

    #[test]
    fn without_rooms_the_wizard_goes_straight_from_disable_to_delete() {
        let mut w = Wizard::default();
        w.chosen(subject()).unwrap();
        w.verified(false).unwrap();
        w.terminated().unwrap();
        assert_eq!(w.step, WizardStep::Delete);
        assert_eq!(w.progress()[3], (WizardStep::Reassign, Progress::Skipped));
        w.deleted().unwrap();
        w.confirmed_gone().unwrap();
        assert_eq!(w.step, WizardStep::Receipt);
        let progress = w.progress();
        assert!(progress[..6]
            .iter()
            .all(|(s, p)| *p == Progress::Done || *s == WizardStep::Reassign));
        assert_eq!(progress[6], (WizardStep::Receipt, Progress::Current));
    }

    #[test]
    fn with_rooms_it_offers_the_handover() {
        let mut w = Wizard::default();
        w.chosen(subject()).unwrap();
        w.verified(true).unwrap();
        w.terminated().unwrap();
        assert_eq!(w.step, WizardStep::Reassign);
        assert_eq!(w.progress()[3], (WizardStep::Reassign, Progress::Current));
        w.reassigned(Some("heir".into())).unwrap();
        assert_eq!(w.step, WizardStep::Delete);
        assert_eq!(w.progress()[3], (WizardStep::Reassign, Progress::Done));
    }

    #[test]
    fn stale_answers_change_nothing() {
        let mut w = Wizard::default();
        assert_eq!(w.terminated(), Err(OutOfOrder));
        w.chosen(subject()).unwrap();
        assert_eq!(w.chosen(subject()), Err(OutOfOrder));
        assert_eq!(w.deleted(), Err(OutOfOrder));
        assert_eq!(w.step, WizardStep::Verify);
    }

    #[test]
    fn resumes_at_every_step() {
        let mut w = Wizard::default();
        let mut seen = Vec::new();
        type Step = fn(&mut Wizard) -> Result<(), OutOfOrder>;
        let steps: [Step; 6] = [
            |w| w.chosen(subject()),
            |w| w.verified(true),
            |w| w.terminated(),
            |w| w.reassigned(None),
            |w| w.deleted(),
            |w| w.confirmed_gone(),
        ];
        for step in steps {
            let stored = serde_json::to_string(&w).unwrap();
            let resumed: Wizard = serde_json::from_str(&stored).unwrap();
            assert_eq!(resumed, w);
            seen.push(resumed.step);
            step(&mut w).unwrap();
        }
        assert_eq!(seen, WizardStep::ALL[..6]);
    }
}
