//! Onboarding a team from a roster: the plan made from the roster's diff (`plan`) and the run
//! that applies it (`run`), tested natively with a scripted portal (`tests`). The page reads the
//! file, shows the diff, and on confirmation saves the plan and runs it.

pub mod plan;
pub mod run;
#[cfg(test)]
mod tests;

pub use plan::{Account, Join, NewType, OnboardPlan, PlannedGroup, PlannedRow, Progress, Stage};
pub use run::{apply, OnboardingPortal, CREATES_AT_ONCE, INVITES_PER_REQUEST};
