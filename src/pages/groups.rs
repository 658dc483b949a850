use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{ApiError, Group};
use crate::base::href;
use crate::browser::use_debounce;
use crate::components::NewGroupForm;
use crate::people::groups::{can_edit_groups, can_read_groups, GroupListQuery, GROUP_SORTS};
use crate::session::use_session;

/// Groups read per request (the portal's largest page).
const PAGE: u8 = 100;

/// The portal's groups: name, head and member count, searched and sorted by the portal, 100
/// per request with "Load more"; a DocSpace admin creates one here.
#[component]
pub fn Groups() -> impl IntoView {
    let session = use_session();
    if let Err(why) = can_read_groups(&session.me) {
        return view! { <h1>"Groups"</h1> <p class="error" role="alert">{why}</p> }.into_any();
    }
    let may_edit = can_edit_groups(&session.me);
    let client = StoredValue::new(session.client());
    let navigate = use_navigate();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|m| {
            let pairs: Vec<(&str, String)> = ["q", "sort", "order"]
                .into_iter()
                .filter_map(|k| m.get(k).map(|v| (k, v)))
                .collect();
            GroupListQuery::from_url(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        })
    });
    let go = Callback::new(move |(next, replace): (GroupListQuery, bool)| {
        navigate(
            &format!("/groups{}", next.to_url()),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    let rows = RwSignal::new(Vec::<Group>::new());
    let total = RwSignal::new(None::<u64>);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    let read = StoredValue::new(0u64);
    let generation = StoredValue::new(0u64);
    let fetch = move |q: GroupListQuery, start: u64| {
        let now = generation.get_value();
        loading.set(true);
        failed.set(None);
        let client = client.get_value();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let result = client.list_groups(&q.filter(), start, PAGE).await;
            if generation.get_value() != now {
                return;
            }
            loading.set(false);
            match result {
                Ok(page) => {
                    read.set_value(start + page.items.len() as u64);
                    rows.update(|r| {
                        for g in page.items {
                            if !r.iter().any(|shown| crate::api::same_id(&shown.id, &g.id)) {
                                r.push(g);
                            }
                        }
                    });
                    total.set(Some(page.total));
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    Effect::new(move |_| {
        let q = query.get();
        generation.update_value(|g| *g += 1);
        rows.set(Vec::new());
        read.set_value(0);
        total.set(None);
        fetch(q, 0);
    });
    let has_more = move || {
        rows.track();
        total.get().is_some_and(|t| read.get_value() < t)
    };

    let text = RwSignal::new(query.get_untracked().search);
    let debounce = use_debounce(Duration::from_millis(300));
    let on_input = move |ev: leptos::ev::Event| {
        text.set(event_target_value(&ev));
        debounce.run(move || {
            let next = GroupListQuery {
                search: text.get_untracked().trim().to_string(),
                ..query.get_untracked()
            };
            if next != query.get_untracked() {
                go.run((next, true));
            }
        });
    };
    let count_text = move || match total.get() {
        Some(1) => "1 group".to_string(),
        Some(t) => format!("Showing {} of {t} groups", rows.with(Vec::len)),
        None => "Loading groups…".to_string(),
    };
    let creating = RwSignal::new(false);
    let navigate_new = use_navigate();
    let on_created = Callback::new(move |g: Group| {
        navigate_new(&format!("/groups/{}", g.id), Default::default());
    });

    view! {
        <div class="list-head">
            <h1>"Groups"</h1>
            <p class="count" role="status" aria-live="polite">{count_text}</p>
            {match may_edit {
                Ok(()) => view! {
                    <button type="button" class="export" aria-expanded=move || creating.get().to_string()
                        on:click=move |_| creating.update(|c| *c = !*c)>"New group"</button>
                }.into_any(),
                Err(why) => view! { <p class="hint">{why}</p> }.into_any(),
            }}
        </div>
        <Show when=move || creating.get()>
            <NewGroupForm client=client.get_value() on_created=on_created
                on_cancel=Callback::new(move |()| creating.set(false))/>
        </Show>
        <div class="controls" role="search">
            <div class="field search">
                <label for="group-search">"Search"</label>
                <input id="group-search" type="search" prop:value=move || text.get() on:input=on_input
                    placeholder="Part of a group's name" autocomplete="off"/>
            </div>
        </div>
        <table class="groups">
            <thead>
                <tr>
                    {GROUP_SORTS.into_iter().map(|(sort, label, _)| view! {
                        <th scope="col" aria-sort=move || query.with(|q| q.aria_sort(sort))>
                            <button type="button" class="sort"
                                on:click=move |_| go.run((query.get_untracked().sorted_by(sort), false))>
                                {label}
                            </button>
                        </th>
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>
                <For each=move || rows.get() key=|g| g.id.clone() let:g>
                    <tr>
                        <td><A href=href(&format!("/groups/{}", g.id))>{g.name.clone()}</A></td>
                        <td>{match g.manager.clone() {
                            Some(head) => view! {
                                <A href=href(&format!("/people/{}", head.id))>{head.name().to_string()}</A>
                            }.into_any(),
                            None => view! { <span class="muted">"No head"</span> }.into_any(),
                        }}</td>
                        <td class="number">{g.members_count}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        {move || failed.get().map(|e| view! {
            <div class="error" role="alert">
                <p>{e.to_string()}</p>
                <button type="button" on:click=move |_| fetch(query.get_untracked(), read.get_value())>"Try again"</button>
            </div>
        })}
        {move || (total.get() == Some(0)).then(|| view! {
            <p class="empty">{move || if query.with(|q| q.search.is_empty()) {
                "The portal has no groups yet."
            } else {
                "No group's name contains this."
            }}</p>
        })}
        <Show when=move || has_more() && !loading.get()>
            <button type="button" class="secondary load-more"
                on:click=move |_| fetch(query.get_untracked(), read.get_value())>"Load more"</button>
        </Show>
    }
    .into_any()
}
