use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::api::{Person, UserStatus};
use crate::components::{MenuItem, SharedMenu, SharedMenuView};
use crate::people::date_part;
use crate::people::query::{ListQuery, SortKey, StatusFilter};
use crate::people::selection::{Header, Selection};

/// A status as a badge a person can read without colour.
#[component]
pub fn StatusBadge(status: UserStatus) -> impl IntoView {
    let class = match status {
        UserStatus::Active => "badge badge-active",
        UserStatus::Pending => "badge badge-pending",
        UserStatus::Disabled => "badge badge-disabled",
        UserStatus::Unknown(_) => "badge",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// Two letters for the avatar.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The first group, and how many more ("Design", "+2").
fn groups_shown(names: &[String]) -> (String, Option<String>) {
    match names {
        [] => (String::new(), None),
        [one] => (one.clone(), None),
        [first, rest @ ..] => (first.clone(), Some(format!("+{}", rest.len()))),
    }
}

/// Moves keyboard focus to the name link of the row `step` rows away.
fn focus_row(from: &web_sys::Element, step: i32) {
    let Some(row) = from.closest("tr").ok().flatten() else {
        return;
    };
    let sibling = if step > 0 {
        row.next_element_sibling()
    } else {
        row.previous_element_sibling()
    };
    if let Some(link) = sibling.and_then(|r| r.query_selector("a.name").ok().flatten()) {
        if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
            let _ = link.focus();
        }
    }
}

/// Rows drawn while the first page loads, so the page does not jump when it arrives.
const SKELETON_ROWS: usize = 8;

/// The people list as a table: a checkbox, the name (a link to the profile), email, type,
/// status (only when it is not Active), groups, registration date and a menu of actions.
/// Names are text, never markup. Headers of sortable columns are buttons that say how they
/// sort (`aria-sort`); the header checkbox selects the rows shown, or clears the selection.
#[component]
pub fn PeopleTable(
    #[prop(into)] rows: Signal<Vec<Person>>,
    selection: RwSignal<Selection>,
    #[prop(into)] query: Signal<ListQuery>,
    #[prop(into)] on_sort: Callback<SortKey>,
    /// How many match in all (for the header checkbox).
    #[prop(optional, into)]
    total: Option<Signal<u64>>,
    /// The first page is on its way: placeholder rows are drawn.
    #[prop(optional, into)]
    loading: Option<Signal<bool>>,
    /// The actions of a row's menu; no menu without it.
    #[prop(optional)]
    row_menu: Option<Callback<Person, Vec<MenuItem>>>,
) -> impl IntoView {
    let total = total.unwrap_or_else(|| Signal::derive(move || rows.with(Vec::len) as u64));
    let loading = loading.unwrap_or_else(|| Signal::stored(false));
    // Under the Pending filter the registration date is when they were invited.
    let pending = Memo::new(move |_| query.with(|q| q.status == Some(StatusFilter::Pending)));
    let header = move |key: SortKey| {
        view! {
            <th scope="col" aria-sort=move || query.with(|q| q.aria_sort(key))>
                <button type="button" class="sort" on:click=move |_| on_sort.run(key)>
                    {move || if key == SortKey::Registered && pending.get() { "Invited" } else { key.label() }}
                    <span aria-hidden="true" class="arrow">
                        {move || match query.with(|q| q.aria_sort(key)) {
                            "ascending" => " ▲",
                            "descending" => " ▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        // Inside a row's menu the arrows move between its entries.
        if target.closest("[role=menu]").ok().flatten().is_some() {
            return;
        }
        ev.prevent_default();
        focus_row(&target, step);
    };
    let ids = move || rows.with(|r| r.iter().map(|p| p.id.clone()).collect::<Vec<_>>());
    let head_state = Memo::new(move |_| {
        let ids = ids();
        selection.with(|s| s.header(&ids, total.get()))
    });
    let head_label = move || match head_state.get() {
        Header::None | Header::Some => format!("Select the {} people shown", rows.with(Vec::len)),
        Header::Page | Header::AllMatching => "Clear the selection".to_string(),
    };
    let head_click = move |_| match head_state.get_untracked() {
        Header::None | Header::Some => {
            let ids = ids();
            selection.update(|s| s.select_rows(&ids));
        }
        Header::Page | Header::AllMatching => selection.update(Selection::clear),
    };
    let with_menu = row_menu.is_some();
    let shared = SharedMenu::default();
    let wrap = NodeRef::<leptos::html::Div>::new();
    view! {
        <div class="table-wrap" node_ref=wrap>
        <table class="people" on:keydown=on_keydown>
            <thead>
                <tr>
                    <th scope="col" class="select">
                        <input type="checkbox" aria-label=head_label
                            prop:checked=move || matches!(head_state.get(), Header::Page | Header::AllMatching)
                            prop:indeterminate=move || head_state.get() == Header::Some
                            disabled=move || rows.with(Vec::is_empty)
                            on:click=head_click/>
                    </th>
                    {header(SortKey::Name)}
                    {header(SortKey::Email)}
                    {header(SortKey::Type)}
                    <th scope="col">"Status"</th>
                    <th scope="col">"Groups"</th>
                    {header(SortKey::Registered)}
                    {with_menu.then(|| view! { <th scope="col" class="row-actions"><span class="visually-hidden">"Actions"</span></th> })}
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || rows.get()
                    key=|person| (person.id.clone(), person.status(), person.user_type())
                    children=move |person| {
                        let id = person.id.clone();
                        let checked_id = id.clone();
                        let name = person.name().to_string();
                        let toggle = move |ev: leptos::ev::MouseEvent| {
                            let ids = ids();
                            if let Some(index) = ids.iter().position(|i| *i == id) {
                                selection.update(|s| s.click(&ids, index, ev.shift_key()));
                            }
                        };
                        let names: Vec<String> = person.groups.iter().map(|g| g.name.clone()).collect();
                        let (first_group, more_groups) = groups_shown(&names);
                        let all_groups = names.join(", ");
                        let status = person.status();
                        let type_label = person.user_type().label();
                        // A plain button: the list's one menu opens beside it.
                        let menu = row_menu.map(|menu| {
                            let for_menu = person.clone();
                            view! {
                                <td class="row-actions">
                                    <button type="button" class="secondary row-menu" aria-haspopup="menu"
                                        aria-expanded="false" aria-label=format!("Actions for {name}")
                                        on:click=move |ev| {
                                            let anchor = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
                                            if let (Some(anchor), Some(wrap)) = (anchor, wrap.get_untracked()) {
                                                let person = for_menu.clone();
                                                shared.toggle(anchor, &wrap, move || menu.run(person));
                                            }
                                        }>"⋯"</button>
                                </td>
                            }
                        });
                        view! {
                            <tr class:selected=move || selection.with(|s| s.is_selected(&checked_id))
                                class:inactive=status != UserStatus::Active>
                                <td class="select">
                                    <input type="checkbox" aria-label=format!("Select {name}")
                                        prop:checked={
                                            let id = person.id.clone();
                                            move || selection.with(|s| s.is_selected(&id))
                                        }
                                        on:click=toggle/>
                                </td>
                                <td class="name-cell">
                                    <div class="who">
                                        <span class="avatar" aria-hidden="true">{initials(&name)}</span>
                                        <span class="who-text">
                                            <A href=crate::base::href(&format!("/people/{}", person.id)) attr:class="name">{name.clone()}</A>
                                            // On a phone the type and email go under the name.
                                            <span class="sub">{format!("{type_label} · {}", person.email)}</span>
                                        </span>
                                    </div>
                                </td>
                                <td class="email">{person.email.clone()}</td>
                                <td class="type">{type_label}</td>
                                <td class="status">
                                    {(status != UserStatus::Active).then(|| view! { <StatusBadge status=status/> })}
                                </td>
                                <td class="groups" title=(!all_groups.is_empty()).then_some(all_groups.clone())>
                                    {first_group}
                                    {more_groups.map(|more| view! {
                                        " " <span class="more-groups" aria-hidden="true">{more}</span>
                                        <span class="visually-hidden">{format!(" ({all_groups})")}</span>
                                    })}
                                </td>
                                <td class="registered">
                                    {if status == UserStatus::Pending {
                                        crate::people::invitations::invited_label(&person, (js_sys::Date::now() / 1000.0) as i64)
                                    } else {
                                        person.registration_date.as_deref().map(date_part).unwrap_or("").to_string()
                                    }}
                                </td>
                                {menu}
                            </tr>
                        }
                    }
                />
            </tbody>
        </table>
        <SharedMenuView menu=shared/>
        </div>
        // Outside the table, so that nothing takes a placeholder for a row.
        <Show when=move || loading.get() && rows.with(Vec::is_empty)>
            <div class="skeleton" aria-hidden="true">
                {(0..SKELETON_ROWS).map(|_| view! {
                    <div class="bone-row">
                        <span class="avatar"></span>
                        <span class="bone wide"></span>
                        <span class="bone"></span>
                        <span class="bone short"></span>
                        <span class="bone short"></span>
                    </div>
                }).collect_view()}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials() {
        assert_eq!(super::initials("zoë müller"), "ZM");
        assert_eq!(super::initials("anna@example.com"), "A");
        assert_eq!(super::initials(""), "");
    }

    #[test]
    fn the_first_group_and_how_many_more() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(super::groups_shown(&[]), (String::new(), None));
        assert_eq!(
            super::groups_shown(&names(&["Design"])),
            ("Design".into(), None)
        );
        assert_eq!(
            super::groups_shown(&names(&["Design", "Sales", "Ops"])),
            ("Design".into(), Some("+2".into()))
        );
    }
}
