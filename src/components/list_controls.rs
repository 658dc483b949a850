use std::time::Duration;

use leptos::prelude::*;

use crate::api::Group;
use crate::browser::{use_debounce, use_key};
use crate::people::query::{GroupScope, ListQuery, SortKey, StatusFilter, TypeFilter};

/// How long typing pauses before the search runs.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Search and filters. Changes go to the URL through `on_change` (`replace` for typing, so
/// that every keystroke is not a history entry). `/` focuses the search box. With `groups`
/// (the portal's groups, `None` while they load), a Group filter: one group, or people in none.
#[component]
pub fn ListControls(
    #[prop(into)] query: Signal<ListQuery>,
    on_change: Callback<(ListQuery, bool)>,
    #[prop(optional, into)] groups: Option<Signal<Option<Vec<Group>>>>,
) -> impl IntoView {
    let text = RwSignal::new(query.get_untracked().search);
    // The box follows the URL (back/forward, "Clear filters") unless the person is typing.
    Effect::new(move |_| {
        let search = query.with(|q| q.search.clone());
        if text.get_untracked().trim() != search {
            text.set(search);
        }
    });
    let debounce = use_debounce(DEBOUNCE);
    let on_input = move |ev: leptos::ev::Event| {
        text.set(event_target_value(&ev));
        debounce.run(move || {
            let next = ListQuery {
                search: text.get_untracked().trim().to_string(),
                ..query.get_untracked()
            };
            if next != query.get_untracked() {
                on_change.run((next, true));
            }
        });
    };
    let search_box = NodeRef::<leptos::html::Input>::new();
    use_key("/", false, move |ev| {
        if let Some(input) = search_box.get_untracked() {
            ev.prevent_default();
            let _ = input.focus();
        }
    });

    let sort_value = move || query.with(ListQuery::sort_choice);
    let status_value = move || query.with(|q| q.status.map(|s| s.slug()).unwrap_or(""));
    let type_value = move || query.with(|q| q.user_type.map(|t| t.slug()).unwrap_or(""));
    view! {
        <div class="controls" role="search">
            <div class="field search">
                <label for="search">"Search"</label>
                <input id="search" type="search" node_ref=search_box prop:value=move || text.get()
                    on:input=on_input placeholder="Name or email (press /)" autocomplete="off"/>
            </div>
            <div class="field">
                <label for="status-filter">"Status"</label>
                <select id="status-filter" prop:value=status_value on:change=move |ev| {
                    let slug = event_target_value(&ev);
                    let status = StatusFilter::ALL.into_iter().find(|s| s.slug() == slug);
                    on_change.run((ListQuery { status, ..query.get_untracked() }, false));
                }>
                    <option value="">"Any status"</option>
                    {StatusFilter::ALL.into_iter().map(|s| view! { <option value=s.slug()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="type-filter">"Type"</label>
                <select id="type-filter" prop:value=type_value on:change=move |ev| {
                    let slug = event_target_value(&ev);
                    let user_type = TypeFilter::ALL.into_iter().find(|t| t.slug() == slug);
                    on_change.run((ListQuery { user_type, ..query.get_untracked() }, false));
                }>
                    <option value="">"Any type"</option>
                    {TypeFilter::ALL.into_iter().map(|t| view! { <option value=t.slug()>{t.label()}</option> }).collect_view()}
                </select>
            </div>
            {groups.map(|groups| {
                let group_value = move || {
                    groups.track();
                    query.with(|q| q.group.as_ref().map(|g| g.slug().to_string()).unwrap_or_default())
                };
                view! {
                    <div class="field">
                        <label for="group-filter">"Group"</label>
                        <select id="group-filter" prop:value=group_value on:change=move |ev| {
                            let slug = event_target_value(&ev);
                            let group = match slug.as_str() {
                                "" => None,
                                "none" => Some(GroupScope::Without),
                                id => Some(GroupScope::In(id.to_string())),
                            };
                            on_change.run((ListQuery { group, ..query.get_untracked() }, false));
                        }>
                            <option value="">"Any group"</option>
                            <option value="none">"Without group"</option>
                            {move || {
                                let listed = groups.get();
                                // A group in the URL that the list does not hold (still loading,
                                // or deleted) stays chosen, under its ID.
                                let chosen = query.with(|q| match &q.group {
                                    Some(GroupScope::In(id)) => Some(id.clone()),
                                    _ => None,
                                });
                                let unknown = chosen.filter(|id| {
                                    !listed.as_ref().is_some_and(|l| l.iter().any(|g| crate::api::same_id(&g.id, id)))
                                });
                                let unknown = unknown.map(|id| {
                                    let label = if listed.is_none() { "Loading groups…".to_string() } else { format!("Unknown group {id}") };
                                    view! { <option value=id>{label}</option> }
                                });
                                let options = listed.unwrap_or_default().into_iter().map(|g| {
                                    let label = format!("{} ({})", g.name, g.members_count);
                                    view! { <option value=g.id>{label}</option> }
                                }).collect_view();
                                view! { {unknown} {options} }
                            }}
                        </select>
                    </div>
                }
            })}
            // Where the column headers are hidden (a phone), the list is sorted from here.
            <div class="field sort-control">
                <label for="sort-by">"Sort by"</label>
                <select id="sort-by" prop:value=sort_value on:change=move |ev| {
                    let choice = event_target_value(&ev);
                    let (slug, descending) = match choice.strip_suffix("-desc") {
                        Some(slug) => (slug.to_string(), true),
                        None => (choice, false),
                    };
                    if let Some(key) = SortKey::ALL.into_iter().find(|k| k.slug() == slug) {
                        on_change.run((query.get_untracked().sorted(key, descending), false));
                    }
                }>
                    {SortKey::ALL.into_iter().flat_map(|k| [
                        view! { <option value=k.slug().to_string()>{format!("{}, ascending", k.label())}</option> },
                        view! { <option value=format!("{}-desc", k.slug())>{format!("{}, descending", k.label())}</option> },
                    ]).collect_view()}
                </select>
            </div>
        </div>
    }
}
