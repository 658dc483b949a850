//! One component per file.

mod bulk_action_dialog;
mod bulk_bar;
mod confirm_dialog;
mod heir_picker;
mod list_controls;
mod new_person_form;
mod people_table;
mod person_actions;
pub mod role_gate;
mod show_request;
mod text_field;
mod top_bar;

pub use bulk_action_dialog::{BulkActionDialog, BulkSet};
pub use bulk_bar::BulkBar;
pub use confirm_dialog::ConfirmDialog;
pub use heir_picker::HeirPicker;
pub use list_controls::ListControls;
pub use new_person_form::NewPersonForm;
pub use people_table::{PeopleTable, StatusBadge};
pub use person_actions::{PersonAction, PersonActions};
pub use show_request::ShowRequest;
pub use text_field::{FormErrors, Placed, TextField};
pub use top_bar::TopBar;
