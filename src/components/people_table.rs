use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::api::{Person, UserStatus};
use crate::people::date_part;
use crate::people::query::{ListQuery, SortKey};
use crate::people::selection::Selection;

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

/// The people list as a table: a checkbox, the name (a link to the profile), email, type,
/// status, groups and registration date. Names are text, never markup. Headers of sortable
/// columns are buttons that say how they sort (`aria-sort`).
#[component]
pub fn PeopleTable(
    #[prop(into)] rows: Signal<Vec<Person>>,
    selection: RwSignal<Selection>,
    #[prop(into)] query: Signal<ListQuery>,
    #[prop(into)] on_sort: Callback<SortKey>,
) -> impl IntoView {
    let header = move |label: &'static str, key: SortKey| {
        view! {
            <th scope="col" aria-sort=move || query.with(|q| q.aria_sort(key))>
                <button type="button" class="sort" on:click=move |_| on_sort.run(key)>
                    {label}
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
        if let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            ev.prevent_default();
            focus_row(&target, step);
        }
    };
    view! {
        <table class="people" on:keydown=on_keydown>
            <thead>
                <tr>
                    <th scope="col" class="select"><span class="visually-hidden">"Selected"</span></th>
                    {header("Name", SortKey::Name)}
                    {header("Email", SortKey::Email)}
                    {header("Type", SortKey::Type)}
                    <th scope="col">"Status"</th>
                    <th scope="col">"Groups"</th>
                    {header("Registered", SortKey::Registered)}
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || rows.get()
                    key=|person| person.id.clone()
                    children=move |person| {
                        let id = person.id.clone();
                        let checked_id = id.clone();
                        let name = person.name().to_string();
                        let toggle = move |ev: leptos::ev::MouseEvent| {
                            let ids: Vec<String> = rows.with(|r| r.iter().map(|p| p.id.clone()).collect());
                            if let Some(index) = ids.iter().position(|i| *i == id) {
                                selection.update(|s| s.click(&ids, index, ev.shift_key()));
                            }
                        };
                        let groups = person.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr class:selected=move || selection.with(|s| s.is_selected(&checked_id))>
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
                                        <A href=crate::base::href(&format!("/people/{}", person.id)) attr:class="name">{name.clone()}</A>
                                    </div>
                                </td>
                                <td class="email">{person.email.clone()}</td>
                                <td class="type">{person.user_type().label()}</td>
                                <td class="status"><StatusBadge status=person.status()/></td>
                                <td class="groups">{groups}</td>
                                <td class="registered">
                                    {person.registration_date.as_deref().map(date_part).unwrap_or("").to_string()}
                                </td>
                            </tr>
                        }
                    }
                />
            </tbody>
        </table>
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
}
