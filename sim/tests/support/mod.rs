//! Helpers shared by the simulator's integration tests (`mod support;` in a test crate).

/// Validation of JSON bodies against the official DocSpace OpenAPI spec (`tests/spec/`).
pub mod openapi;
