//! Browser glue as small hooks in the leptos-use shape: each `use_…` function sets something up
//! for the component that calls it and undoes it when that component goes. Pages and
//! components use these instead of writing listeners, observers and timers inline.

mod clipboard;
mod debounce;
mod focus;
mod intersection;
mod keys;
mod local_time;
mod outside;

pub use clipboard::copy_text;
pub use debounce::use_debounce;
pub use focus::{focus_by_id, move_focus_to};
pub use intersection::{near_now, use_intersection};
pub use keys::use_key;
pub use local_time::{local_display, local_input_ms, to_local_input};
pub use outside::{use_pointer_down, use_pointer_outside};
