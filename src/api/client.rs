//! What the panel asks of the portal, typed: each method sends one described call (see
//! `people.rs`, `portal.rs`), or a few when one answer cannot be trusted alone.

use serde::Deserialize;

use super::account;
use super::collect::{collect_matching, Collected, MatchingPages};
use super::error::ApiError;
use super::people::{self, PeopleFilter, SortBy, PAGE_SIZE};
use super::portal;
use super::tasks::TaskProgress;
use super::transport::PortalClient;
use super::types::{NewPerson, Person, UserStatus, UserType};

/// A page of a list endpoint: the items and the total number of matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// Whether two account IDs are the same (GUIDs compare without case).
pub fn same_id(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A person read by ID, and the account the portal answered with first when that was someone
/// else (whose user name spells this ID).
#[derive(Debug, Clone, PartialEq)]
pub struct Identified {
    pub person: Person,
    pub impostor: Option<Person>,
}

impl Identified {
    /// What to tell the admin when another account answered for this person.
    pub fn impostor_note(&self) -> Option<String> {
        self.impostor.as_ref().map(|other| {
            format!(
                "Another account, {} ({}), has this person's ID as its user name, and the portal answers GET /api/2.0/people/{{id}} with it. The panel ignored that answer and read the account with this ID instead: everything here acts on it by ID.",
                other.name(),
                other.email
            )
        })
    }
}

/// What `GET /portal/users/{id}` tells of someone (the core `UserInfo`): enough to find their
/// full profile by email.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PortalUser {
    id: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    removed: bool,
}

/// What the panel says when `/people/{id}` answered with `impostor` and the person with the ID
/// could not be read by ID (`why`).
fn impostor_message(id: &str, impostor: &Person, why: &str) -> String {
    format!(
        "The portal answered with another account, {} ({}), whose user name is this ID ({id}): the panel ignores that answer. {why} Nothing was done to either account.",
        impostor.name(),
        impostor.email
    )
}

impl PortalClient {
    /// Who the credential belongs to; also how a key is checked.
    pub async fn get_self(&self) -> Result<Person, ApiError> {
        self.send(&people::me()).await
    }

    /// `GET /people/{id}` as the portal answers it: possibly someone whose user name is `id`.
    /// Use [`person_by_id`](Self::person_by_id).
    async fn get_person(&self, id: &str) -> Result<Person, ApiError> {
        self.send(&people::person(id)).await
    }

    /// The person with this ID, checked. `GET /people/{id}` looks `{id}` up as a user name
    /// first (the server's `GetProfileByUserId`), and a user name is an email's local part:
    /// an account made with `<someone's ID>@…` answers for them. An answer about anyone else
    /// is never taken: the ID is then read where it can only be an ID
    /// (`GET /portal/users/{id}`, the core record) and the full profile found by that email.
    /// When that read is not allowed (an API key without the portal-wide read scope), the
    /// answer is a [`ApiError::WrongPerson`] that says so.
    pub async fn person_by_id(&self, id: &str) -> Result<Identified, ApiError> {
        let answer = self.get_person(id).await?;
        if same_id(&answer.id, id) {
            return Ok(Identified {
                person: answer,
                impostor: None,
            });
        }
        let impostor = answer;
        match self.send::<PortalUser>(&portal::user_by_id(id)).await {
            Ok(user) if !user.removed && same_id(&user.id, id) => {
                match self.find_by_email(&user.email).await? {
                    Some(person) if same_id(&person.id, id) => Ok(Identified {
                        person,
                        impostor: Some(impostor),
                    }),
                    _ => Err(ApiError::WrongPerson(impostor_message(
                        id,
                        &impostor,
                        "The account with this ID could not be read by its email either.",
                    ))),
                }
            }
            Ok(_) | Err(ApiError::NotFound(_)) => Err(ApiError::NotFound(format!(
                "No account has the ID {id}. (The portal answered with {} ({}), whose user name is this ID: that answer was ignored.)",
                impostor.name(),
                impostor.email
            ))),
            Err(ApiError::Forbidden(_)) => Err(ApiError::WrongPerson(impostor_message(
                id,
                &impostor,
                "The account with this ID could not be read by ID: the portal allows that read (GET /api/2.0/portal/users/{id}) only to a sign-in or a key with portal-wide read access. Find the person by email instead.",
            ))),
            Err(e) => Err(e),
        }
    }

    /// The account with this email, if there is one (an email cannot stand for anyone else).
    pub async fn find_by_email(&self, email: &str) -> Result<Option<Person>, ApiError> {
        match self.send(&people::by_email(email)).await {
            Ok(person) => Ok(Some(person)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether the portal no longer has the account with this ID (and `email`): `GET
    /// /people/{id}` answers 404. When another account answers instead (its user name spells
    /// the ID), the ID is checked where only an ID is read, or by the email.
    pub async fn is_gone(&self, id: &str, email: &str) -> Result<bool, ApiError> {
        match self.person_by_id(id).await {
            Ok(_) => Ok(false),
            Err(ApiError::NotFound(_)) => Ok(true),
            Err(ApiError::WrongPerson(why)) => match self.find_by_email(email).await? {
                Some(p) if same_id(&p.id, id) => Ok(false),
                Some(_) | None if !email.is_empty() => Ok(true),
                _ => Err(ApiError::WrongPerson(why)),
            },
            Err(e) => Err(e),
        }
    }

    /// One page of `GET /people/filter`.
    pub async fn list_people(
        &self,
        filter: &PeopleFilter,
        start_index: u64,
        count: u8,
    ) -> Result<Page<Person>, ApiError> {
        let env = self
            .send_enveloped::<Vec<Person>>(&people::filter(filter, start_index, count))
            .await?;
        let total = env.total.unwrap_or(start_index + env.response.len() as u64);
        Ok(Page {
            items: env.response,
            total,
        })
    }

    /// Everyone `filter` matches, each once, collected by ID (`collect.rs`: the portal's pages
    /// have no tie-breaker), in no particular order, and how many the portal counts.
    pub async fn all_matching(&self, filter: &PeopleFilter) -> Result<Collected, ApiError> {
        self.all_matching_counted(filter, false, |_, _| {}).await
    }

    /// `all_matching` (`in_order`: in the filter's order as far as the portal keeps it),
    /// telling `progress` after each page how many different people are read of how many.
    pub async fn all_matching_counted(
        &self,
        filter: &PeopleFilter,
        in_order: bool,
        progress: impl FnMut(usize, u64),
    ) -> Result<Collected, ApiError> {
        collect_matching(
            &QueryPages {
                client: self,
                filter,
            },
            in_order,
            progress,
        )
        .await
    }

    /// People who may receive rooms (active DocSpace admins, the owner among them, and room
    /// admins) whose name or email contains `text`: the first page, and how many match.
    pub async fn find_heirs(&self, text: &str) -> Result<Page<Person>, ApiError> {
        let filter = PeopleFilter {
            search: text.trim().to_string(),
            status: Some(UserStatus::Active),
            types: vec![UserType::RoomAdmin, UserType::DocSpaceAdmin],
            ..PeopleFilter::default()
        };
        self.list_people(&filter, 0, PAGE_SIZE).await
    }

    /// Disables (`disable`) or enables again.
    pub async fn set_status(&self, ids: &[String], disable: bool) -> Result<Vec<Person>, ApiError> {
        self.send(&people::set_status(ids, disable)).await
    }

    pub async fn set_type(&self, ids: &[String], to: UserType) -> Result<Vec<Person>, ApiError> {
        self.send(&people::set_type(ids, to)).await
    }

    /// Deletes one disabled account, answering with who was deleted.
    pub async fn delete_person(&self, id: &str) -> Result<Person, ApiError> {
        self.send(&people::delete_one(id)).await
    }

    pub async fn delete_people(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.send(&people::delete_many(ids)).await
    }

    pub async fn create_person(&self, new: &NewPerson) -> Result<Person, ApiError> {
        self.send(&people::create(new)).await
    }

    pub async fn invite(&self, email: &str, as_type: UserType) -> Result<(), ApiError> {
        self.send::<serde_json::Value>(&people::invite(email, as_type))
            .await
            .map(|_| ())
    }

    /// Invites several at once (the answer lists the pending people, without their emails).
    pub async fn invite_many(&self, invitations: &[(String, UserType)]) -> Result<(), ApiError> {
        self.send::<serde_json::Value>(&people::invite_many(invitations))
            .await
            .map(|_| ())
    }

    /// Whether they own rooms to hand over.
    pub async fn reassign_necessary(&self, id: &str) -> Result<bool, ApiError> {
        self.send(&people::reassign_necessary(id)).await
    }

    pub async fn start_reassign(
        &self,
        from: &str,
        to: &str,
        delete_profile: bool,
    ) -> Result<TaskProgress, ApiError> {
        self.send(&people::reassign_start(from, to, delete_profile))
            .await
    }

    /// The handover's progress; `None` when the portal has no job for them.
    pub async fn reassign_progress(&self, id: &str) -> Result<Option<TaskProgress>, ApiError> {
        self.send(&people::reassign_progress(id)).await
    }

    pub async fn cancel_reassign(&self, id: &str) -> Result<Option<TaskProgress>, ApiError> {
        self.send(&people::reassign_terminate(id)).await
    }

    pub async fn lower_type(
        &self,
        id: &str,
        to: UserType,
        heir: &str,
    ) -> Result<TaskProgress, ApiError> {
        self.send(&people::lower_type(id, to, heir)).await
    }

    pub async fn lower_type_progress(&self, id: &str) -> Result<Option<TaskProgress>, ApiError> {
        self.send(&people::lower_type_progress(id)).await
    }

    /// Ends a login token on the portal.
    pub async fn logout(&self) -> Result<(), ApiError> {
        self.send::<serde_json::Value>(&portal::logout())
            .await
            .map(|_| ())
    }

    /// Sends the invitation (or the activation email) again to each of `ids`.
    pub async fn resend_invitations(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.send(&people::resend_invitations(ids)).await
    }

    /// Changes `id`'s email (an admin: at once; oneself otherwise: a link to confirm it by);
    /// the portal's sentence.
    pub async fn change_email(&self, id: &str, email: &str) -> Result<String, ApiError> {
        self.send(&account::change_email(id, email)).await
    }

    /// Emails the person at `email` a link to set a new password (an invitee: the invitation
    /// again); the portal's sentence.
    pub async fn send_password_reset(&self, email: &str) -> Result<String, ApiError> {
        self.send(&account::send_password_reset(email)).await
    }

    /// Unlinks `id`'s authenticator app; their sessions end.
    pub async fn reset_authenticator_app(&self, id: &str) -> Result<(), ApiError> {
        self.send::<serde_json::Value>(&account::reset_authenticator_app(id))
            .await
            .map(|_| ())
    }

    /// Ends every login session of `id` ("log out everywhere").
    pub async fn sign_out_everywhere(&self, id: &str) -> Result<(), ApiError> {
        self.send::<serde_json::Value>(&portal::sign_out_everywhere(id))
            .await
            .map(|_| ())
    }
}

/// The pages of one query, in its order or sorted by email (unique: no ties).
struct QueryPages<'a> {
    client: &'a PortalClient,
    filter: &'a PeopleFilter,
}

impl MatchingPages for QueryPages<'_> {
    async fn page(&self, by_email: bool, start: u64) -> Result<Page<Person>, ApiError> {
        if by_email {
            let by_email = PeopleFilter {
                sort: SortBy::Email,
                descending: false,
                ..self.filter.clone()
            };
            self.client.list_people(&by_email, start, PAGE_SIZE).await
        } else {
            self.client.list_people(self.filter, start, PAGE_SIZE).await
        }
    }
}
