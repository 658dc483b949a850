use leptos::prelude::*;

use crate::api::{same_id, Person};
use crate::people::groups::cannot_join;

/// The head of a group: one of its members who may head it (disabled members and guests are not
/// offered), made head with one request. The portal has no way to clear a head but to take them
/// out of the group, and the form says so.
#[component]
pub fn GroupHeadForm(
    #[prop(into)] members: Signal<Vec<Person>>,
    /// The head's ID.
    #[prop(into)]
    head: Signal<Option<String>>,
    #[prop(into)] pending: Signal<bool>,
    on_head: Callback<Person>,
) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let offered = move || {
        members.with(|m| {
            m.iter()
                .filter(|p| cannot_join(p).is_none())
                .filter(|p| !head.with(|h| h.as_deref().is_some_and(|h| same_id(h, &p.id))))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = chosen.get_untracked();
        if let Some(p) = members.with_untracked(|m| m.iter().find(|p| p.id == id).cloned()) {
            on_head.run(p);
            chosen.set(String::new());
        }
    };
    view! {
        <form class="group-head-form" on:submit=on_submit novalidate>
            <h2>"Head of group"</h2>
            <div class="field inline">
                <label for="new-group-head">"New head"</label>
                <select id="new-group-head" aria-describedby="new-group-head-hint" prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">"Choose a member"</option>
                    {move || offered().into_iter().map(|p| {
                        let text = format!("{} ({})", p.name(), p.email);
                        view! { <option value=p.id.clone()>{text}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" disabled=move || chosen.get().is_empty() || pending.get()>"Make head"</button>
            </div>
            <p class="hint" id="new-group-head-hint">"Only active members who are not guests can head a group. To leave the group without a head, remove its head from the group: the portal has no other way."</p>
        </form>
    }
}
