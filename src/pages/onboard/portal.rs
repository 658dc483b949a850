//! The onboarding page's portal: what the roster is compared with (everyone, read once sorted by
//! email, the groups, the paid seats and invitation emails left), and the panel's client behind the apply engine's trait, every
//! request written down for the receipt.

use crate::api::{
    ApiError, Group, NewPerson, PeopleFilter, Person, PortalClient, RequestLog, SortBy, UserStatus,
    UserType,
};
use crate::lifecycle::onboard::OnboardingPortal;
use crate::lifecycle::receipt::RequestRecord;

/// The portal as the roster is compared with it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PortalNow {
    pub(super) people: Vec<Person>,
    pub(super) groups: Vec<Group>,
    /// Whom the read could not collect, in words (their rows may show as new; the portal
    /// refuses a second account with the same email).
    pub(super) shortfall: Option<String>,
    /// Paid seats left, when the portal's plan limits them and says so to the caller.
    pub(super) seats_left: Option<usize>,
    /// Invitation emails left under the portal's invitation limit, when it has one.
    pub(super) invitations_left: Option<usize>,
}

impl PortalNow {
    /// What the preview says about the read and the portal's limits.
    pub(super) fn notices(&self) -> Vec<String> {
        let mut said = Vec::new();
        if let Some(s) = &self.shortfall {
            said.push(format!("{s} Rows for them may show as new: the portal refuses a second account with the same email, and the receipt says so."));
        }
        if let Some(n) = self.seats_left {
            said.push(format!(
                "The portal's plan has {n} paid {} left (DocSpace admins and room admins): the rows that need more are refused, in the file's order.",
                if n == 1 { "seat" } else { "seats" },
            ));
        }
        if let Some(n) = self.invitations_left {
            said.push(format!(
                "The portal may send {n} more invitation {} before its invitation limit starts again: invitations past {} are refused, in the file's order.",
                if n == 1 { "email" } else { "emails" },
                if n == 1 { "it" } else { "them" }
            ));
        }
        said
    }
}

/// Everyone (in pages of 100, by email) and every group.
pub(super) async fn read_portal(client: &PortalClient) -> Result<PortalNow, ApiError> {
    let everyone = PeopleFilter {
        sort: SortBy::Email,
        ..PeopleFilter::default()
    };
    let collected = client.all_matching(&everyone).await?;
    let groups = client.all_groups().await?;
    let invitations_left = client.invitations_left().await?;
    let seats_left = client.seats_left().await?;
    Ok(PortalNow {
        shortfall: collected.shortfall(),
        seats_left,
        invitations_left,
        people: collected.people,
        groups,
    })
}

pub(super) struct LiveOnboarding {
    pub(super) client: PortalClient,
    pub(super) log: RequestLog,
}

impl OnboardingPortal for LiveOnboarding {
    async fn create_group(&self, name: &str) -> Result<Group, ApiError> {
        self.client.create_group(name, None, &[]).await
    }

    async fn all_groups(&self) -> Result<Vec<Group>, ApiError> {
        self.client.all_groups().await
    }

    async fn create(&self, new: &NewPerson) -> Result<Person, ApiError> {
        self.client.create_person(new).await
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<Person>, ApiError> {
        self.client.find_by_email(email).await
    }

    async fn invite(&self, invitations: &[(String, UserType)]) -> Result<(), ApiError> {
        self.client.invite_many(invitations).await
    }

    async fn pending(&self) -> Result<Vec<Person>, ApiError> {
        let pending = PeopleFilter {
            status: Some(UserStatus::Pending),
            sort: SortBy::Email,
            ..PeopleFilter::default()
        };
        Ok(self.client.all_matching(&pending).await?.people)
    }

    async fn set_type(&self, ids: &[String], to: UserType) -> Result<Vec<Person>, ApiError> {
        self.client.set_type(ids, to).await
    }

    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError> {
        match self.client.person_by_id(id).await {
            Ok(found) => Ok(Some(found.person)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn add_to_group(&self, group: &str, ids: &[String]) -> Result<Group, ApiError> {
        self.client.add_to_group(group, ids).await
    }

    async fn sleep(&self, ms: u32) {
        crate::api::sleep_ms(ms).await;
    }

    fn take_requests(&self) -> Vec<RequestRecord> {
        self.log.take()
    }
}
