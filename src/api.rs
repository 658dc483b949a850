//! The DocSpace API: the only module that knows URLs, headers and the envelope.

mod client;
mod envelope;
mod error;
mod types;

pub use client::{
    authorization, login, masked, people_filter_url, requests_in_flight, retry_delay_ms, same_id,
    sleep_ms, stop_every_client, ApiCall, Identified, Login, Page, PortalClient, RequestLog,
    PAGE_SIZE,
};
pub use envelope::{decode, Envelope};
pub use error::ApiError;
pub use types::{
    html_decode, GroupRef, NewPerson, Person, PersonRef, TaskProgress, UserStatus, UserType,
};
