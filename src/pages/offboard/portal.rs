//! The offboarding run's portal: the panel's client behind the engine's trait, and the lookups
//! that turn a selection or a pasted list into people.

use crate::api::decode_component;
use crate::api::{ApiError, Person, PortalClient, RequestLog, TaskProgress};
use crate::lifecycle::handoff::{self, Handoff};
use crate::lifecycle::receipt::RequestRecord;
use crate::lifecycle::run::OffboardingPortal;
use crate::people::query::ListQuery;

/// The portal as the run uses it: every request written down for the receipt.
pub(super) struct LivePortal {
    pub(super) client: PortalClient,
    pub(super) log: RequestLog,
}

impl OffboardingPortal for LivePortal {
    async fn disable(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.client.set_status(ids, true).await
    }

    async fn delete(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.client.delete_people(ids).await
    }

    async fn start_handover(&self, from: &str, to: &str, delete: bool) -> Result<(), ApiError> {
        self.client
            .start_reassign(from, to, delete)
            .await
            .map(|_| ())
    }

    async fn handover_progress(&self, from: &str) -> Result<Option<TaskProgress>, ApiError> {
        self.client.reassign_progress(from).await
    }

    async fn read_back(&self, id: &str) -> Result<Option<Person>, ApiError> {
        match self.client.person_by_id(id).await {
            Ok(found) => Ok(Some(found.person)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn owns_rooms(&self, id: &str) -> Result<bool, ApiError> {
        self.client.reassign_necessary(id).await
    }

    async fn sleep(&self, ms: u32) {
        crate::api::sleep_ms(ms).await;
    }

    fn take_requests(&self) -> Vec<RequestRecord> {
        self.log.take()
    }
}

/// Whom a lookup found: the people, the items the portal does not know, and the items refused
/// with the reason (an answer about someone else).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Found {
    pub(super) people: Vec<Person>,
    pub(super) missing: Vec<String>,
    pub(super) refused: Vec<(String, String)>,
}

/// Whom a handoff from the list names, as the portal knows them now.
pub(super) async fn resolve(client: &PortalClient, handoff: Handoff) -> Result<Found, ApiError> {
    match handoff {
        Handoff::People(people) => Ok(Found {
            people,
            ..Found::default()
        }),
        Handoff::Matching {
            url_query,
            excluded,
        } => {
            let pairs: Vec<(String, String)> = url_query
                .trim_start_matches('?')
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), decode_component(v)))
                .collect();
            let query = ListQuery::from_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let mut people = client.all_matching(&query.filter()).await?;
            people.retain(|p| !excluded.contains(&p.id));
            Ok(Found {
                people,
                ..Found::default()
            })
        }
    }
}

/// Looks up each pasted email or ID. An ID is read checked (`person_by_id`): an answer about
/// someone else is refused with the reason, never planned.
pub(super) async fn resolve_pasted(
    client: &PortalClient,
    items: Vec<String>,
) -> Result<Found, ApiError> {
    let mut found = Found::default();
    for item in items {
        if handoff::is_id(&item) {
            match client.person_by_id(&item).await {
                Ok(identified) => found.people.push(identified.person),
                Err(ApiError::NotFound(_)) => found.missing.push(item),
                Err(ApiError::WrongPerson(why)) => found.refused.push((item, why)),
                Err(e) => return Err(e),
            }
        } else {
            match client.find_by_email(&item).await? {
                Some(p) => found.people.push(p),
                None => found.missing.push(item),
            }
        }
    }
    Ok(found)
}
