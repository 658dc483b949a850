//! Contract tests: docspace-sim against the DocSpace reference (shared/docspace-api/README.md)
//! and the official OpenAPI spec. Every answer is also checked against the spec by the harness.

#[path = "../support/openapi.rs"]
mod openapi;

mod harness;

mod account;
mod audit;
mod auth;
mod checker;
mod decoys;
mod faults;
mod groups;
mod invitation_caps;
mod invitation_links;
mod invite_order;
mod lifecycle;
mod lists;
mod names;
mod paging;
mod payment;
mod payment_quota;
mod portal_users;
mod profiles;
mod reassign;
mod requests;
mod resend;
mod robustness;
mod sessions;
mod shared_files;
mod versions;
