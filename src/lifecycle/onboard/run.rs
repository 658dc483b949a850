//! Applying a roster, in the order that works: the groups it lacks are created, then the
//! accounts (a few creates at a time: the portal takes one person per create), the invitations
//! (a hundred per request), the types raised (a request per type, through `bulk::apply`), and
//! last the memberships (a request per group for all its new members). Every answer is reported
//! so that the page saves the plan; the portal's failures meet the offboarding run's patience
//! (`after_batch_error`): a 429 is waited out as its Retry-After says, a gateway error or a
//! lost answer is tried again, and a refusal marks only its own row.

use crate::api::{wait_text, ApiError, Group, NewPerson, Person, RequestRecord, UserType};
use crate::lifecycle::batches::{after_batch_error, wait, AfterError};
use crate::lifecycle::run::Ended;

use super::plan::{OnboardPlan, Stage};

mod accounts;
mod after;
mod invitations;

/// Creates in flight at once (the portal allows 15 parallel writes; a browser sends 6 to one
/// host over HTTP/1.1).
pub const CREATES_AT_ONCE: usize = 6;
/// Invitations per `POST /people/invite`.
pub const INVITES_PER_REQUEST: usize = 100;

/// What applying a roster needs from the portal.
#[allow(async_fn_in_trait)]
pub trait OnboardingPortal {
    /// `POST /group`.
    async fn create_group(&self, name: &str) -> Result<Group, ApiError>;
    /// Every group (to find one whose create was sent without an answer).
    async fn all_groups(&self) -> Result<Vec<Group>, ApiError>;
    /// `POST /people`.
    async fn create(&self, new: &NewPerson) -> Result<Person, ApiError>;
    /// `GET /people/email`.
    async fn find_by_email(&self, email: &str) -> Result<Option<Person>, ApiError>;
    /// `POST /people/invite` for these emails and types.
    async fn invite(&self, invitations: &[(String, UserType)]) -> Result<(), ApiError>;
    /// Everyone whose invitation is pending (collected by ID), to learn the invitees' IDs.
    async fn pending(&self) -> Result<Vec<Person>, ApiError>;
    /// `PUT /people/type/{type}`.
    async fn set_type(&self, ids: &[String], to: UserType) -> Result<Vec<Person>, ApiError>;
    /// Someone as the portal holds them now.
    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError>;
    /// `PUT /group/{id}/members`, answering with the group and its members.
    async fn add_to_group(&self, group: &str, ids: &[String]) -> Result<Group, ApiError>;
    async fn sleep(&self, ms: u32);
    /// The requests sent since the last call, for the receipt.
    fn take_requests(&self) -> Vec<RequestRecord>;
}

/// Reports the plan after every answer, with a note for the page (a wait, an outage).
pub type Report<'a> = &'a mut dyn FnMut(&OnboardPlan, Option<String>);

/// What a step does after its request failed.
pub(super) enum Next {
    /// Wait this long (the note says why), then settle and send again.
    Again(u32, String),
    /// The run ends here (sign in again; or the person signed out).
    End(Ended),
    /// This part is not done: the portal's reason (`Refused`) or why it is unknown.
    Give(Stage),
}

/// How often one request has failed, 429s apart: waiting out a rate limit does not use up the
/// tries a 500 gets.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tries {
    limited: u32,
    failed: u32,
}

/// The longest Retry-After waited out in the tab: beyond it the limit is one per day (the
/// portal's throttle on invitation emails), and the part is left for "Apply again".
pub const LONGEST_WAIT_S: u32 = 300;

/// What to do after another failure of the request `tries` counts.
pub(super) fn next_after(tries: &mut Tries, error: &ApiError) -> Next {
    if let ApiError::RateLimited {
        retry_after: Some(s @ LONGEST_WAIT_S..),
    } = error
    {
        return Next::Give(Stage::NotReached(format!(
            "The portal takes no more of these requests for now (a daily limit, such as its throttle on invitation emails): apply again {}.",
            wait_text(Some(*s))
        )));
    }
    let count = if matches!(error, ApiError::RateLimited { .. }) {
        &mut tries.limited
    } else {
        &mut tries.failed
    };
    *count += 1;
    match after_batch_error(*count, error) {
        AfterError::Retry { ms, unreachable } => {
            let seconds = ms.div_ceil(1000);
            let note = if unreachable {
                format!("The portal is unreachable ({error}). Nothing is lost: the roster's plan is kept, and applying it goes on when the portal answers. Next try in {seconds} s…")
            } else if matches!(error, ApiError::RateLimited { .. }) {
                format!(
                    "The portal is receiving too many requests: waiting {seconds} s, as it asks…"
                )
            } else {
                format!("{error}. Trying again in {seconds} s…")
            };
            Next::Again(ms, note)
        }
        AfterError::SignIn => Next::End(Ended::SignIn),
        AfterError::SignedOut => Next::End(Ended::Stopped),
        AfterError::Refused(why) => Next::Give(Stage::Refused(why)),
        AfterError::Failed(why)
            if matches!(
                error,
                ApiError::Server { status: 500.., .. } | ApiError::RateLimited { .. }
            ) =>
        {
            Next::Give(Stage::NotReached(format!(
                "The portal kept failing: {why}. Apply again to retry."
            )))
        }
        AfterError::Failed(why) => Next::Give(Stage::Refused(why)),
    }
}

pub(super) struct Run<'a, P: OnboardingPortal> {
    plan: &'a mut OnboardPlan,
    portal: &'a P,
    me: &'a Person,
    stop: &'a dyn Fn() -> bool,
    report: Report<'a>,
}

impl<P: OnboardingPortal> Run<'_, P> {
    pub(super) fn record(&mut self) {
        self.plan
            .receipt
            .records
            .extend(self.portal.take_requests());
    }

    pub(super) fn save(&mut self, note: Option<String>) {
        (self.report)(self.plan, note);
    }

    /// Waits `ms` with the note shown; false when stopped meanwhile.
    pub(super) async fn wait(&mut self, ms: u32, note: String) -> bool {
        self.save(Some(note));
        let portal = self.portal;
        wait(ms, self.stop, |slice| portal.sleep(slice)).await
    }
}

/// Applies `plan` as `me` until everything is done or failed, the run is stopped (`stop`,
/// looked at before each request), or the credential is refused.
pub async fn apply<P: OnboardingPortal>(
    plan: &mut OnboardPlan,
    portal: &P,
    me: &Person,
    stop: &dyn Fn() -> bool,
    report: Report<'_>,
) -> Ended {
    let mut run = Run {
        plan,
        portal,
        me,
        stop,
        report,
    };
    let ended = steps(&mut run).await;
    run.record();
    run.save(None);
    ended
}

async fn steps<P: OnboardingPortal>(run: &mut Run<'_, P>) -> Ended {
    if let Some(e) = accounts::create_groups(run).await {
        return e;
    }
    if let Some(e) = accounts::create_accounts(run).await {
        return e;
    }
    if let Some(e) = invitations::send_invitations(run).await {
        return e;
    }
    if let Some(e) = after::raise_types(run).await {
        return e;
    }
    if let Some(e) = after::join_groups(run).await {
        return e;
    }
    Ended::Settled
}
