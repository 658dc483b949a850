//! The offboarding run's portal: the panel's client behind the engine's trait, and the lookups
//! that turn a selection or a pasted list into people.

use crate::api::decode_component;
use crate::api::{
    ApiError, Page, PeopleFilter, Person, PortalClient, RequestLog, SortBy, TaskProgress, PAGE_SIZE,
};
use crate::lifecycle::handoff::Handoff;
pub(super) use crate::lifecycle::lookup::Found;
use crate::lifecycle::lookup::{Halted, Lookup, LookupPortal, Progress};
use crate::lifecycle::receipt::RequestRecord;
use crate::lifecycle::run::OffboardingPortal;
use crate::people::query::ListQuery;

/// The portal as the run uses it: every request written down for the receipt.
pub(super) struct LivePortal {
    pub(super) client: PortalClient,
    pub(super) log: RequestLog,
}

impl OffboardingPortal for LivePortal {
    async fn sign_out(&self, id: &str) -> Result<(), ApiError> {
        self.client.sign_out_everywhere(id).await
    }

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

    async fn set_group_head(&self, group: &str, head: &str) -> Result<Option<String>, ApiError> {
        let group = self.client.set_group_head(group, head).await?;
        Ok(group.manager.map(|m| m.id))
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
            let collected = client.all_matching(&query.filter()).await?;
            // Who could not be collected is named in the review, never silently left out.
            let refused = collected
                .shortfall()
                .map(|why| (format!("{} matching the list", collected.missing()), why))
                .into_iter()
                .collect();
            let mut people = collected.people;
            people.retain(|p| !excluded.contains(&p.id));
            Ok(Found {
                people,
                refused,
                ..Found::default()
            })
        }
    }
}

impl LookupPortal for LivePortal {
    async fn page(&self, start: u64) -> Result<Page<Person>, ApiError> {
        // By email: unique, so the pages keep their order from one request to the next.
        let everyone = PeopleFilter {
            sort: SortBy::Email,
            ..PeopleFilter::default()
        };
        self.client.list_people(&everyone, start, PAGE_SIZE).await
    }

    async fn by_email(&self, email: &str) -> Result<Option<Person>, ApiError> {
        self.client.find_by_email(email).await
    }

    async fn by_id(&self, id: &str) -> Result<Person, ApiError> {
        self.client.person_by_id(id).await.map(|found| found.person)
    }

    async fn sleep(&self, ms: u32) {
        crate::api::sleep_ms(ms).await;
    }
}

/// Looks up the pasted emails and IDs (`lookup` keeps what it found, so that trying again
/// after a stop or a failure continues): the portal's people read once, 100 a page, and those
/// not found in it looked up one by one; an ID read alone is checked (`person_by_id`): an
/// answer about someone else is refused with the reason, never planned.
pub(super) async fn resolve_pasted(
    portal: &LivePortal,
    lookup: &mut Lookup,
    stop: &dyn Fn() -> bool,
    report: &mut dyn FnMut(&Progress),
) -> Result<Found, Halted> {
    lookup.run(portal, stop, report).await
}
