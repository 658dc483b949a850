//! One component per file.

mod bulk_bar;
mod list_controls;
mod people_table;
mod top_bar;

pub use bulk_bar::BulkBar;
pub use list_controls::ListControls;
pub use people_table::{PeopleTable, StatusBadge};
pub use top_bar::TopBar;
