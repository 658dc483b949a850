use leptos::prelude::*;

use crate::api::{Person, PortalClient};
use crate::lifecycle::plan::{Heir, NewHead};
use crate::people::groups::cannot_join;

/// The choice of a new head for a group a leaver heads: one of its other members who may head
/// it (active, not a guest, not leaving too), read from the portal, or none. The choice goes to
/// `on_choose`; the select keeps it while the members are read again.
#[component]
pub fn NewHeadPicker(
    head: NewHead,
    /// The leavers: never offered.
    exclude: Vec<String>,
    client: PortalClient,
    on_choose: Callback<Option<Heir>>,
) -> impl IntoView {
    let select_id = format!("new-head-{}", head.group_id);
    let hint_id = format!("{select_id}-hint");
    let group_id = head.group_id.clone();
    let members = LocalResource::new(move || {
        let client = client.clone();
        let id = group_id.clone();
        async move { client.group(&id).await }
    });
    let chosen = RwSignal::new(head.to.as_ref().map(|h| h.id.clone()).unwrap_or_default());
    let candidates = RwSignal::new(Vec::<Person>::new());
    let exclude = StoredValue::new(exclude);
    let offered = move |people: Vec<Person>| {
        people
            .into_iter()
            .filter(|p| exclude.with_value(|x| !x.contains(&p.id)) && cannot_join(p).is_none())
            .collect::<Vec<_>>()
    };
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        chosen.set(id.clone());
        let heir = candidates.with_untracked(|c| c.iter().find(|p| p.id == id).map(Heir::of));
        on_choose.run(heir);
    };
    let label = format!("New head of “{}”", head.group_name);
    let warning = format!(
        "{} heads “{}”. Pick a new head, set before anyone is disabled, or leave it: the portal clears the head when it deletes them.",
        head.leaver_name, head.group_name
    );
    view! {
        <div class="field new-head">
            <p class="warning" id=hint_id.clone()>{warning}</p>
            <label for=select_id.clone()>{label}</label>
            <Transition fallback=|| view! { <p role="status">"Reading the group’s members…"</p> }>
                {move || {
                    let select_id = select_id.clone();
                    let hint_id = hint_id.clone();
                    Suspend::new(async move {
                        let answer = members.await;
                        let (people, error) = match answer {
                            Ok(group) => (offered(group.members.unwrap_or_default()), None),
                            Err(e) => (Vec::new(), Some(e.to_string())),
                        };
                        candidates.set(people.clone());
                        let none_left = people.is_empty() && error.is_none();
                        view! {
                            <select id=select_id aria-describedby=hint_id prop:value=move || chosen.get() on:change=on_change>
                                <option value="">"Leave without a new head"</option>
                                {people.into_iter().map(|p| {
                                    let text = format!("{} ({})", p.name(), p.email);
                                    view! { <option value=p.id.clone()>{text}</option> }
                                }).collect_view()}
                            </select>
                            {none_left.then(|| view! { <p class="hint">"Nobody else in the group may head it (disabled people, guests and leavers cannot)."</p> })}
                            {error.map(|e| view! {
                                <p class="error" role="alert">{format!("Could not read the group’s members: {e}")}</p>
                                <button type="button" class="secondary" on:click=move |_| members.refetch()>"Try again"</button>
                            })}
                        }
                    })
                }}
            </Transition>
        </div>
    }
}
