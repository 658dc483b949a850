//! One component per file.

mod back_to_list;
mod bulk_action_dialog;
mod bulk_bar;
mod confirm_dialog;
mod heir_picker;
mod list_controls;
mod menu_button;
mod new_person_form;
mod people_table;
mod person_action_dialog;
mod person_actions;
pub mod role_gate;
mod row_menu;
mod shared_menu;
mod show_request;
mod text_field;
mod toaster;
mod top_bar;

pub use back_to_list::{list_url, remember_list_url, BackToList};
pub use bulk_action_dialog::{BulkActionDialog, BulkSet};
pub use bulk_bar::BulkBar;
pub use confirm_dialog::ConfirmDialog;
pub use heir_picker::HeirPicker;
pub use list_controls::ListControls;
pub use menu_button::{MenuButton, MenuItem};
pub use new_person_form::NewPersonForm;
pub use people_table::{PeopleTable, StatusBadge};
pub use person_action_dialog::{ActionDone, PersonActionDialog};
pub use person_actions::{PersonAction, PersonActions};
pub use row_menu::person_menu;
pub use shared_menu::{SharedMenu, SharedMenuView};
pub use show_request::ShowRequest;
pub use text_field::{FormErrors, Placed, TextField};
pub use toaster::{provide_toasts, use_toasts, ToastAction, ToastKind, Toaster, Toasts};
pub use top_bar::TopBar;
