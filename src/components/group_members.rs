use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{same_id, Person};
use crate::base::href;
use crate::components::{ConfirmDialog, StatusBadge};
use crate::people::groups::cannot_join;
use crate::people::people_count;

/// A group's members (as the portal lists them: active and pending), its head marked. For a
/// DocSpace admin: pick members to remove (confirmed, naming how many and whether the head is
/// among them: removing the head is the portal's only way to clear it), or make one the head.
#[component]
pub fn GroupMembers(
    #[prop(into)] members: Signal<Vec<Person>>,
    /// The head's ID.
    #[prop(into)]
    head: Signal<Option<String>>,
    editable: bool,
    #[prop(into)] pending: Signal<bool>,
    on_remove: Callback<Vec<Person>>,
    on_head: Callback<Person>,
) -> impl IntoView {
    let picked = RwSignal::new(Vec::<String>::new());
    // Whoever left the group is no longer picked.
    Effect::new(move |_| {
        let now = members.get();
        picked.update(|p| p.retain(|id| now.iter().any(|m| same_id(&m.id, id))));
    });
    let is_head = move |id: &str| head.with(|h| h.as_deref().is_some_and(|h| same_id(h, id)));
    let confirm = RwSignal::new(false);
    let chosen = move || {
        members.with(|m| {
            picked.with(|p| {
                m.iter()
                    .filter(|x| p.iter().any(|id| same_id(id, &x.id)))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let message = move || {
        let people = chosen();
        let head_too = people.iter().any(|p| is_head(&p.id));
        format!(
            "{} will leave the group and stay in the portal.{}",
            people_count(people.len()),
            if head_too {
                " The head of the group is among them: the group will have no head."
            } else {
                ""
            }
        )
    };
    view! {
        <section class="group-members" aria-labelledby="members-title">
            <h2 id="members-title">"Members"</h2>
            {editable.then(|| view! {
                <p class="hint">"The portal has no way to clear the head of a group except removing that person from it."</p>
                <p>
                    <button type="button" class="danger" disabled=move || picked.with(Vec::is_empty) || pending.get()
                        on:click=move |_| confirm.set(true)>
                        {move || match picked.with(Vec::len) {
                            0 => "Remove from group".to_string(),
                            n => format!("Remove {} from group…", people_count(n)),
                        }}
                    </button>
                </p>
                <ConfirmDialog open=confirm
                    title=Signal::derive(move || format!("Remove {} from the group?", people_count(picked.with(Vec::len))))
                    message=Signal::derive(message)
                    confirm_label="Remove from group"
                    pending=pending
                    error=Signal::stored(None::<String>)
                    on_confirm=Callback::new(move |()| {
                        on_remove.run(chosen());
                        confirm.set(false);
                    })/>
            })}
            <table class="people members">
                <thead><tr>
                    {editable.then(|| view! { <th scope="col" class="select"><span class="visually-hidden">"Pick"</span></th> })}
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Status"</th>
                    {editable.then(|| view! { <th scope="col"><span class="visually-hidden">"Head of group"</span></th> })}
                </tr></thead>
                <tbody>
                    <For each=move || members.get() key=|p| p.id.clone() let:p>
                        {
                            let id = p.id.clone();
                            let row_id = id.clone();
                            let head_id = id.clone();
                            let name = p.name().to_string();
                            let check_label = format!("Pick {name} ({})", p.email);
                            let person = p.clone();
                            let can_head = cannot_join(&p).is_none();
                            view! {
                                <tr>
                                    {editable.then(|| view! {
                                        <td class="select"><input type="checkbox" aria-label=check_label
                                            prop:checked=move || picked.with(|all| all.iter().any(|x| same_id(x, &row_id)))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let id = id.clone();
                                                picked.update(|all| {
                                                    all.retain(|x| !same_id(x, &id));
                                                    if on { all.push(id); }
                                                });
                                            }/></td>
                                    })}
                                    <td>
                                        <A href=href(&format!("/people/{}", p.id))>{name.clone()}</A>
                                        {move || is_head(&head_id).then(|| view! { " " <span class="badge">"Head of group"</span> })}
                                    </td>
                                    <td>{p.email.clone()}</td>
                                    <td>{p.user_type().label()}</td>
                                    <td><StatusBadge status=p.status()/></td>
                                    {editable.then(|| {
                                        let pid = p.id.clone();
                                        view! {
                                            <td>{move || (!is_head(&pid) && can_head).then(|| {
                                                let person = person.clone();
                                                let label = format!("Make head: {} ({})", person.name(), person.email);
                                                view! {
                                                    <button type="button" class="secondary" aria-label=label disabled=move || pending.get()
                                                        on:click=move |_| on_head.run(person.clone())>"Make head"</button>
                                                }
                                            })}</td>
                                        }
                                    })}
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            {move || members.with(Vec::is_empty).then(|| view! { <p class="empty">"No members yet."</p> })}
        </section>
    }
}
