//! "← People" from a profile returns to the list as it was left: its search, filters, sort and
//! page, which live in its URL. The list page remembers its URL here each time it changes.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::safe_return_page;

thread_local! {
    /// The list's last path and query, as the router sees them (without the base).
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Where the list is when nobody has opened it yet.
const LIST: &str = "/people";

/// Remembers the list's URL (path and query, without the base: `/people?q=ann&status=disabled`);
/// anything that is not a path of this panel is ignored.
pub fn remember_list_url(url: String) {
    if let Some(url) = safe_return_page(&url) {
        LAST.with(|last| *last.borrow_mut() = Some(url));
    }
}

/// The list's last URL, or the list itself.
pub fn list_url() -> String {
    LAST.with(|last| last.borrow().clone())
        .unwrap_or_else(|| LIST.to_string())
}

/// The "← People" link back to the list as it was left.
#[component]
pub fn BackToList() -> impl IntoView {
    view! {
        <p class="back">
            <A href=crate::base::href(&list_url())><span aria-hidden="true">"← "</span>"People"</A>
        </p>
    }
}
