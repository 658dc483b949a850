//! The DocSpace API: the only module that knows URLs, headers and the envelope.

mod client;
mod envelope;
mod error;
mod types;

pub use client::{authorization, people_filter_url, Page, PortalClient};
pub use envelope::{decode, Envelope};
pub use error::ApiError;
pub use types::{html_decode, Person, UserStatus, UserType};
