//! The harness for journeys through the built panel: a simulator serving `dist/` and the API on
//! one loopback port, and a headless Chromium driven over WebDriver.
//!
//! A journey runs inside [`journey`], which always closes the WebDriver session and kills
//! ChromeDriver's whole process group, whether the journey passed or panicked, so that a failing
//! test leaves no browser behind.
//!
//! One concern a module, all re-exported here: `harness` (the simulator, the browser, a
//! journey's bounds), `locate` (finding things as a person does, and waiting), `downloads`,
//! and `panel` (the panel's own steps and readings).

mod downloads;
mod harness;
mod locate;
mod panel;

pub mod axe;
pub mod nginx;
pub mod offboarding;

pub use downloads::{download, keep_downloads};
pub use harness::{
    assert_portal_order, assert_portal_page, browser_log, check_request, dist_dir, dist_dir_under,
    join_through, journey, journey_within, leftover_processes, profile_marker, watch_requests,
    RequestCheck, Sim, JOURNEY_LIMIT, WAIT,
};
pub use locate::{button, field, find, find_within, until, until_within};
pub use panel::{
    at_profile, count_text, field_value, lit, menu_pick, open_user_menu, path_and_query,
    pick_entry, screenshot, set_theme, shown_emails, sign_in_with_key, sign_in_with_password,
    sign_out, tick_row, toast, until_count,
};
