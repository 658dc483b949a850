//! DocSpace Admin: a browser admin panel for the people of an ONLYOFFICE DocSpace portal.

pub mod api;
pub mod app;
pub mod base;
pub mod browser;
pub mod components;
pub mod download;
pub mod kept;
pub mod lifecycle;
pub mod pages;
pub mod people;
pub mod preferences;
pub mod session;

pub use app::App;
