use std::time::Duration;

use leptos::prelude::*;

use crate::api::{same_id, PeopleFilter, Person, PortalClient};
use crate::browser::use_debounce;
use crate::people::groups::cannot_join;

/// People found by the portal's own search (not only the rows loaded somewhere), to add to a
/// group: each one the portal would skip (disabled, a guest) is shown unavailable with the
/// reason; those already in the group say so. `on_add` gets the people picked.
#[component]
pub fn MemberPicker(
    client: PortalClient,
    /// The group's members now (by ID).
    #[prop(into)]
    members: Signal<Vec<String>>,
    #[prop(into)] pending: Signal<bool>,
    /// Where the button adds them: "Add 2 people to {into}" ("group" unless given).
    #[prop(optional)]
    into: Option<&'static str>,
    on_add: Callback<Vec<Person>>,
) -> impl IntoView {
    let into = into.unwrap_or("group");
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<(Vec<Person>, u64), String>>);
    let picked = RwSignal::new(Vec::<Person>::new());
    let client = StoredValue::new(client);
    let debounce = use_debounce(Duration::from_millis(300));
    let on_input = move |ev: leptos::ev::Event| {
        text.set(event_target_value(&ev));
        debounce.run(move || {
            let search = text.get_untracked().trim().to_string();
            if search.is_empty() {
                found.set(None);
                return;
            }
            let client = client.get_value();
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let filter = PeopleFilter {
                    search: search.clone(),
                    ..PeopleFilter::default()
                };
                let answer = client.list_people(&filter, 0, 25).await;
                // Only the answer for what the box holds now.
                if text.get_untracked().trim() == search {
                    found.set(Some(
                        answer
                            .map(|p| (p.items, p.total))
                            .map_err(|e| e.to_string()),
                    ));
                }
            });
        });
    };
    let is_member = move |p: &Person| members.with(|m| m.iter().any(|id| same_id(id, &p.id)));
    let toggle = move |p: Person| {
        picked.update(|all| {
            if let Some(i) = all.iter().position(|x| same_id(&x.id, &p.id)) {
                all.remove(i);
            } else {
                all.push(p);
            }
        })
    };
    view! {
        <section class="member-picker" aria-labelledby="add-members-title">
            <h2 id="add-members-title">"Add members"</h2>
            <div class="field search">
                <label for="member-search">"Find people"</label>
                <input id="member-search" type="search" prop:value=move || text.get() on:input=on_input
                    placeholder="Name or email" autocomplete="off" aria-describedby="member-search-status"/>
            </div>
            <p id="member-search-status" class="hint" role="status">{move || match found.get() {
                None => "Type a name or email: the portal's whole list is searched.".to_string(),
                Some(Ok((people, total))) if total as usize > people.len() => format!(
                    "{} match; the first {} are shown. Type more to narrow it.", total, people.len()),
                Some(Ok((people, _))) => format!("{} found.", crate::people::people_count(people.len())),
                Some(Err(e)) => e,
            }}</p>
            <ul class="picker-results">
                {move || found.get().and_then(Result::ok).map(|(people, _)| people.into_iter().map(|p| {
                    let why = if is_member(&p) { Some("Already a member.") } else { cannot_join(&p) };
                    let id = format!("pick-{}", p.id);
                    let label = format!("{} ({})", p.name(), p.email);
                    let chosen = { let id = p.id.clone(); move || picked.with(|all| all.iter().any(|x| same_id(&x.id, &id))) };
                    let person = p.clone();
                    let why_id = format!("{id}-why");
                    view! {
                        <li>
                            <label for=id.clone() class="checkbox" class:unavailable=why.is_some()>
                                <input type="checkbox" id=id.clone() disabled=why.is_some() prop:checked=chosen
                                    aria-describedby=why.map(|_| why_id.clone())
                                    on:change=move |_| toggle(person.clone())/>
                                " " {label}
                            </label>
                            {why.map(|why| view! { <span id=why_id class="hint">" " {why}</span> })}
                        </li>
                    }
                }).collect_view())}
            </ul>
            <p>
                <button type="button" disabled=move || picked.with(Vec::is_empty) || pending.get()
                    on:click=move |_| {
                        on_add.run(picked.get_untracked());
                        picked.set(Vec::new());
                    }>
                    {move || match picked.with(Vec::len) {
                        0 => format!("Add to {into}"),
                        n => format!("Add {} to {into}", crate::people::people_count(n)),
                    }}
                </button>
            </p>
        </section>
    }
}
