use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{same_id, GroupRef, Person, PortalClient};
use crate::base::href;
use crate::components::use_toasts;
use crate::people::groups::{can_edit_groups, cannot_join};

/// The person's groups, each a link (the head of a group is marked); a DocSpace admin adds the
/// person to another group or takes them out of one here. The list is read back from the portal
/// after each change.
#[component]
pub fn ProfileGroups(person: Person, me: Person, client: PortalClient) -> impl IntoView {
    let groups = RwSignal::new(person.groups.clone());
    let editable = can_edit_groups(&me).is_ok();
    let why_not = cannot_join(&person);
    let client = StoredValue::new(client);
    let all = RwSignal::new(Vec::<crate::api::Group>::new());
    if editable {
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            all.set(client.get_value().all_groups().await.unwrap_or_default());
        });
    }
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let toasts = use_toasts();
    let person_id = StoredValue::new(person.id.clone());
    let user_name = person.user_name.clone();
    let change = Action::new_local(move |(group, add, name): &(String, bool, String)| {
        let client = client.get_value();
        let (group, add, name) = (group.clone(), *add, name.clone());
        let id = person_id.get_value();
        async move {
            let ids = [id.clone()];
            if add {
                client.add_to_group(&group, &ids).await?;
            } else {
                client.remove_from_group(&group, &ids).await?;
            }
            let now = client.groups_of(&id).await?;
            Ok::<_, crate::api::ApiError>((now, add, name))
        }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok((now, add, name))) => {
            let is_in = now.iter().any(|g| g.name == name);
            groups.set(now);
            error.set(None);
            chosen.set(String::new());
            match (add, is_in) {
                (true, true) => {
                    toasts.success(format!("Added to “{name}”."));
                }
                (false, false) => {
                    toasts.success(format!("Removed from “{name}”."));
                }
                (true, false) => {
                    error.set(Some(format!("The portal did not add them to “{name}”.")))
                }
                (false, true) => {
                    error.set(Some(format!("The portal still lists them in “{name}”.")))
                }
            }
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let head_of = move |g: &GroupRef| {
        !user_name.is_empty() && g.manager.as_deref() == Some(user_name.as_str())
    };
    view! {
        <section class="profile-groups" aria-labelledby="groups-title">
            <h2 id="groups-title">"Groups"</h2>
            {move || if groups.with(Vec::is_empty) {
                view! { <p>"In no group."</p> }.into_any()
            } else {
                view! {
                    <ul class="group-links">
                        {groups.get().into_iter().map(|g| {
                            let head = head_of(&g);
                            let (id, name) = (g.id.clone(), g.name.clone());
                            let label = format!("Remove from {}", g.name);
                            view! {
                                <li>
                                    <A href=href(&format!("/groups/{}", g.id))>{g.name.clone()}</A>
                                    {head.then(|| view! { " " <span class="badge">"Head of group"</span> })}
                                    {editable.then(|| view! {
                                        " " <button type="button" class="secondary" aria-label=label
                                            disabled=move || change.pending().get()
                                            on:click=move |_| { change.dispatch((id.clone(), false, name.clone())); }>"Remove"</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| match why_not {
                Some(why) => view! { <p class="hint">{why}</p> }.into_any(),
                None => view! {
                    <div class="field inline">
                        <label for="add-to-group">"Add to group"</label>
                        <select id="add-to-group" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">"Choose a group"</option>
                            {move || all.get().into_iter()
                                .filter(|g| !groups.with(|mine| mine.iter().any(|m| same_id(&m.id, &g.id))))
                                .map(|g| view! { <option value=g.id.clone()>{g.name.clone()}</option> })
                                .collect_view()}
                        </select>
                        <button type="button" disabled=move || chosen.get().is_empty() || change.pending().get()
                            on:click=move |_| {
                                let id = chosen.get_untracked();
                                let name = all.with_untracked(|a| a.iter().find(|g| g.id == id).map(|g| g.name.clone()).unwrap_or_default());
                                change.dispatch((id, true, name));
                            }>"Add"</button>
                    </div>
                }.into_any(),
            })}
            <p class="form-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
