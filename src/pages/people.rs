use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::{remember_list_url, PeopleList};
use crate::people::eligibility::can_list;
use crate::people::query::ListQuery;
use crate::session::use_session;

/// The people list: search, filters and sort from the URL, 100 rows per request loaded as the
/// person scrolls, selection, and CSV export of everything that matches.
#[component]
pub fn People() -> impl IntoView {
    let session = use_session();
    if let Err(why) = can_list(&session.me) {
        return view! { <h1>"People"</h1> <p class="error" role="alert">{why}</p> }.into_any();
    }
    let navigate = use_navigate();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| ListQuery::from_query(|k| m.get(k))));
    // "← People" on a profile comes back to this view.
    Effect::new(move |_| remember_list_url(format!("/people{}", query.with(ListQuery::to_url))));
    let go = Callback::new(move |(next, replace): (ListQuery, bool)| {
        navigate(
            &format!("/people{}", next.to_url()),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    view! { <PeopleList query=query go=go title="People"/> }.into_any()
}
