//! The groups, typed (`groups.rs` describes each call).

use super::client::Page;
use super::error::ApiError;
use super::groups::{self, GroupChange, GroupFilter};
use super::transport::PortalClient;
use super::types::{Group, GroupRef};

impl PortalClient {
    /// One page of `GET /group`, and how many groups match.
    pub async fn list_groups(
        &self,
        filter: &GroupFilter,
        start_index: u64,
        count: u8,
    ) -> Result<Page<Group>, ApiError> {
        let env = self
            .send_enveloped::<Vec<Group>>(&groups::list(filter, start_index, count))
            .await?;
        let total = env.total.unwrap_or(start_index + env.response.len() as u64);
        Ok(Page {
            items: env.response,
            total,
        })
    }

    /// Every group, by name, read in pages of 100 (a group read twice is kept once).
    pub async fn all_groups(&self) -> Result<Vec<Group>, ApiError> {
        let filter = GroupFilter::default();
        let mut all: Vec<Group> = Vec::new();
        let mut start = 0;
        loop {
            let page = self.list_groups(&filter, start, 100).await?;
            let read = page.items.len() as u64;
            for g in page.items {
                if !all.iter().any(|a| super::same_id(&a.id, &g.id)) {
                    all.push(g);
                }
            }
            start += read;
            if read == 0 || start >= page.total {
                return Ok(all);
            }
        }
    }

    /// A group with its members (active and pending: the portal leaves disabled ones out).
    pub async fn group(&self, id: &str) -> Result<Group, ApiError> {
        self.send(&groups::get(id, true)).await
    }

    pub async fn create_group(
        &self,
        name: &str,
        head: Option<&str>,
        members: &[String],
    ) -> Result<Group, ApiError> {
        self.send(&groups::create(name, head, members)).await
    }

    pub async fn update_group(&self, id: &str, change: &GroupChange) -> Result<Group, ApiError> {
        self.send(&groups::update(id, change)).await
    }

    pub async fn delete_group(&self, id: &str) -> Result<(), ApiError> {
        self.send::<serde_json::Value>(&groups::delete(id))
            .await
            .map(|_| ())
    }

    pub async fn add_to_group(&self, id: &str, people: &[String]) -> Result<Group, ApiError> {
        self.send(&groups::add_members(id, people)).await
    }

    pub async fn remove_from_group(&self, id: &str, people: &[String]) -> Result<Group, ApiError> {
        self.send(&groups::remove_members(id, people)).await
    }

    /// Moves every active and pending member of `from` into `to`; answers with `to`.
    pub async fn move_members(&self, from: &str, to: &str) -> Result<Group, ApiError> {
        self.send(&groups::move_members(from, to)).await
    }

    pub async fn set_group_head(&self, id: &str, person: &str) -> Result<Group, ApiError> {
        self.send(&groups::set_head(id, person)).await
    }

    /// The groups `person` is in.
    pub async fn groups_of(&self, person: &str) -> Result<Vec<GroupRef>, ApiError> {
        self.send(&groups::of_person(person)).await
    }
}
