//! The DocSpace API: the only module that knows URLs, headers, the envelope and the portal's
//! codes. Each endpoint is a function that describes its call (`people.rs`, `portal.rs`); the
//! transport sends that value and "Show API request" shows it. Imports nothing from the
//! panel's other layers.

pub mod account;
pub mod audit;
mod call;
mod client;
mod collect;
mod envelope;
mod error;
mod group_client;
pub mod groups;
pub mod history;
pub mod invitation_links;
mod join;
pub mod limits;
mod log;
pub mod people;
pub mod portal;
mod tasks;
mod transport;
mod types;
mod wire;

pub use call::{decode_component, encode_component, masked, ApiCall, Call, Method};
pub use client::{same_id, Identified, Page};
pub use collect::Collected;
pub use envelope::{decode, Envelope};
pub use error::{wait_text, ApiError};
pub use groups::{GroupChange, GroupFilter, GroupSort, GROUP_NAME_MAX};
pub use invitation_links::{InvitationLink, LinkSettings, LinkType};
#[cfg(test)]
pub use join::block_on;
pub use join::join_all;
pub use log::{RequestLog, RequestRecord};
pub use people::{PeopleFilter, SortBy, PAGE_SIZE};
pub use portal::{login, portal_version, Login, PortalVersion};
pub use tasks::{wait_for_task, TaskEnd, TaskProgress};
pub use transport::{
    authorization, on_unauthorized, requests_in_flight, retry_delay_ms, sleep_ms,
    stop_every_client, PortalClient,
};
pub use types::{html_decode, Group, GroupRef, NewPerson, Person, PersonRef, UserStatus, UserType};
pub use wire::{Activation, TaskStatus};
