//! One person's lifecycle, step by step in the portal's order: choose (create or pick), verify,
//! terminate, hand over their rooms (when they own some), delete, confirm the portal answers
//! 404, and the receipt. Saved after every step, so that a reload resumes where it stopped.

use serde::{Deserialize, Serialize};

use super::receipt::Receipt;
use crate::api::same_id;

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
            WizardStep::Choose => "Pick or create",
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

/// What opening the wizard for someone (`/lifecycle?person=<id>`, "Offboard…" on a profile)
/// does with the wizard saved in this tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// Nothing is in progress: pick them.
    Pick,
    /// The wizard is already about them: it goes on where it stopped.
    Resume,
    /// Someone else's offboarding is in progress (or finished, its receipt still shown): it is
    /// not dropped unasked.
    Busy(Subject),
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

    /// What opening the wizard for the person `id` does (see `Arrival`).
    pub fn arrival(&self, id: &str) -> Arrival {
        match (&self.subject, self.step) {
            (_, WizardStep::Choose) | (None, _) => Arrival::Pick,
            (Some(subject), _) if same_id(&subject.id, id) => Arrival::Resume,
            (Some(subject), _) => Arrival::Busy(subject.clone()),
        }
    }

    /// Drops whatever was in progress, its receipt too, and starts with `subject` picked.
    pub fn start_with(&mut self, subject: Subject) {
        *self = Wizard::default();
        self.subject = Some(subject);
        self.step = WizardStep::Verify;
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

    fn someone(id: &str) -> Subject {
        Subject {
            id: id.into(),
            name: format!("Person {id}"),
            email: format!("{id}@example.com"),
        }
    }

    #[test]
    fn opening_it_for_someone_picks_them_only_when_nothing_is_in_progress() {
        let mut w = Wizard::default();
        assert_eq!(w.arrival("u1"), Arrival::Pick);
        w.chosen(subject()).unwrap();
        // The same person (IDs compare as the portal's GUIDs do): go on where it stopped.
        assert_eq!(w.arrival("u1"), Arrival::Resume);
        assert_eq!(w.arrival("U1"), Arrival::Resume);
        // Someone else: the wizard in progress is named, never dropped unasked.
        assert_eq!(w.arrival("u2"), Arrival::Busy(subject()));
        for step in [
            |w: &mut Wizard| w.verified(true),
            |w: &mut Wizard| w.terminated(),
            |w: &mut Wizard| w.reassigned(None),
            |w: &mut Wizard| w.deleted(),
            |w: &mut Wizard| w.confirmed_gone(),
        ] {
            step(&mut w).unwrap();
            assert_eq!(w.arrival("u2"), Arrival::Busy(subject()), "at {:?}", w.step);
        }
        // A finished wizard still holds its receipt: not dropped unasked either.
        assert_eq!(w.step, WizardStep::Receipt);
        assert_eq!(w.arrival("u1"), Arrival::Resume);
    }

    #[test]
    fn starting_with_someone_else_drops_the_wizard_in_progress() {
        let mut w = Wizard::default();
        w.chosen(subject()).unwrap();
        w.verified(true).unwrap();
        w.receipt.portal = "https://portal.example.com".into();
        w.start_with(someone("u2"));
        assert_eq!(w.step, WizardStep::Verify);
        assert_eq!(w.subject, Some(someone("u2")));
        assert!(!w.owns_rooms && w.reassigned_to.is_none());
        assert_eq!(
            w.receipt,
            Receipt::default(),
            "the old receipt goes with it"
        );
        assert_eq!(w.arrival("u2"), Arrival::Resume);
        assert_eq!(w.arrival("u1"), Arrival::Busy(someone("u2")));
        // A subject-less wizard past the first step (an old save) is nobody's.
        let odd = Wizard {
            step: WizardStep::Delete,
            ..Wizard::default()
        };
        assert_eq!(odd.arrival("u1"), Arrival::Pick);
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
