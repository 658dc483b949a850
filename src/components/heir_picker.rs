use std::time::Duration;

use leptos::prelude::*;

use crate::api::{Person, PortalClient};
use crate::browser::use_debounce;
use crate::components::TextField;
use crate::lifecycle::plan::Heir;

/// How long typing pauses before the portal is asked.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// Matches offered at once: more are found by typing more of a name.
const SHOWN: usize = 10;

/// The choice of who receives a leaver's rooms: an active DocSpace admin (the owner among
/// them) or room admin, found by typing part of their name or email (the portal searches, so
/// it scales to any number of admins). `exclude` (the leavers) are never offered; disabled
/// accounts are not either. The choice goes to `heir`.
#[component]
pub fn HeirPicker(
    /// The id of the group; its search box is `{id}-search`.
    id: &'static str,
    /// The group's legend, e.g. "Give the rooms to".
    label: &'static str,
    heir: RwSignal<Option<Heir>>,
    #[prop(into)] exclude: Signal<Vec<String>>,
    client: PortalClient,
) -> impl IntoView {
    let client = StoredValue::new(client);
    let text = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    let debounce = use_debounce(DEBOUNCE);
    Effect::new(move |_| {
        text.track();
        debounce.run(move || {
            let now = text.get_untracked().trim().to_string();
            if asked.get_untracked() != now {
                asked.set(now);
            }
        });
    });
    let found = LocalResource::new(move || {
        let client = client.get_value();
        let text = asked.get();
        async move { client.find_heirs(&text).await }
    });
    let search_id = format!("{id}-search");
    let options = move |people: Vec<Person>, total: u64| {
        let excluded = exclude.get_untracked();
        let on_page = people.len() as u64;
        let offered: Vec<Person> = people
            .into_iter()
            .filter(|p| !excluded.contains(&p.id))
            .collect();
        let shown: Vec<Person> = offered.iter().take(SHOWN).cloned().collect();
        let summary = match (shown.len(), offered.len()) {
            (0, _) => "Nobody who may receive rooms matches: try another name.".to_string(),
            (n, m) if n < m || total > on_page => {
                format!("The first {n} matches: type more of a name or email to narrow them.")
            }
            (n, _) => format!("{n} {} match.", if n == 1 { "person" } else { "people" }),
        };
        view! {
            <p class="hint" role="status">{summary}</p>
            <ul class="heir-options">
                {shown.into_iter().map(|p| {
                    let candidate = Heir::of(&p);
                    let chosen = heir.with_untracked(|h| h.as_ref().is_some_and(|h| h.id == p.id));
                    view! {
                        <li>
                            <label class="radio">
                                <input type="radio" name=id value=p.id.clone() checked=chosen
                                    on:change=move |_| heir.set(Some(candidate.clone()))/>
                                " " {p.name().to_string()} " · " {p.email.clone()} " · "
                                {p.user_type().label()}
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <fieldset class="heir-picker" id=id>
            <legend>{label}</legend>
            <TextField id=search_id label="Find an admin or room admin" kind="search"
                placeholder="Name or email" value=text/>
            <Transition fallback=|| view! { <p role="status">"Looking for admins…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(page) => options(page.items, page.total).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <p class="chosen" role="status">
                {move || heir.get().map(|h| format!("Rooms go to {}.", h.label()))}
            </p>
        </fieldset>
    }
}
