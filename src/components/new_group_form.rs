use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{same_id, Group, Person, PortalClient};
use crate::browser::focus_by_id;
use crate::components::{FormErrors, MemberPicker, Placed, TextField};
use crate::people::groups::{group_name_problem, same_name};
use crate::people::people_count;

const NAME: &str = "group-name";
const FORM: &str = "new-group-form";

/// A new group: its name, checked before the portal sees it (empty, blank, too long; a name
/// another group already has is allowed by the portal, so the form says so and asks once more),
/// members found by the portal's own search (disabled people and guests shown unavailable), and
/// a head among them. One request creates it with all of them; a refusal is shown next to the
/// name, and nothing typed or picked is lost.
#[component]
pub fn NewGroupForm(
    client: PortalClient,
    on_created: Callback<Group>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new();
    // The name the admin was warned about and confirmed.
    let confirmed_duplicate = RwSignal::new(None::<String>);
    let warning = RwSignal::new(None::<String>);
    let members = RwSignal::new(Vec::<Person>::new());
    let head = RwSignal::new(String::new());
    let client = StoredValue::new(client);
    let existing = LocalResource::new(move || {
        let client = client.get_value();
        async move { client.all_groups().await.unwrap_or_default() }
    });
    let create = Action::new_local(move |name: &String| {
        let client = client.get_value();
        let name = name.clone();
        let ids: Vec<String> = members.with_untracked(|m| m.iter().map(|p| p.id.clone()).collect());
        let head = Some(head.get_untracked()).filter(|h| !h.is_empty());
        async move { client.create_group(&name, head.as_deref(), &ids).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(group)) => on_created.run(group),
        Some(Err(e)) => errors.place(Placed::Field(NAME, e.to_string())),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let typed = name.get_untracked();
        if let Some(problem) = group_name_problem(&typed) {
            errors.place(Placed::Field(NAME, problem));
            focus_by_id(NAME);
            return;
        }
        let groups = existing.get_untracked().unwrap_or_default();
        if let Some(other) = same_name(&typed, &groups, None) {
            if confirmed_duplicate.get_untracked().as_deref() != Some(typed.as_str()) {
                warning.set(Some(format!(
                    "Another group is already named “{}” ({} members). The portal allows two groups with one name; press “Create anyway” to go on, or change the name.",
                    other.name, other.members_count
                )));
                confirmed_duplicate.set(Some(typed));
                return;
            }
        }
        warning.set(None);
        create.dispatch(typed);
    };
    let duplicate_pending = move || {
        warning.with(Option::is_some)
            && confirmed_duplicate.with(|c| c.as_deref() == Some(name.get().as_str()))
    };
    let member_ids = Signal::derive(move || {
        members.with(|m| m.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
    });
    let drop_member = move |id: String| {
        members.update(|m| m.retain(|p| !same_id(&p.id, &id)));
        if same_id(&head.get_untracked(), &id) {
            head.set(String::new());
        }
    };
    view! {
        <section class="new-group" aria-labelledby="new-group-title">
            <h2 id="new-group-title">"New group"</h2>
            // The search for members is outside the form: Enter there searches, it does not create.
            <form id=FORM on:submit=on_submit novalidate>
                <TextField id=NAME label="Group name" value=name error=errors.of(NAME)
                    hint="Up to 128 characters."/>
                {move || duplicate_pending().then(|| view! {
                    <p class="warning" role="status">{warning.get()}</p>
                })}
            </form>
            <MemberPicker client=client.get_value() members=member_ids pending=create.pending()
                into="the new group"
                on_add=Callback::new(move |picked: Vec<Person>| members.update(|m| {
                    for p in picked {
                        if !m.iter().any(|x| same_id(&x.id, &p.id)) {
                            m.push(p);
                        }
                    }
                }))/>
            <h3>{move || format!("Members: {}", people_count(members.with(Vec::len)))}</h3>
            <ul class="new-members">
                {move || members.get().into_iter().map(|p| {
                    let label = format!("Take out {} ({})", p.name(), p.email);
                    let id = p.id.clone();
                    view! {
                        <li>{format!("{} ({})", p.name(), p.email)} " "
                            <button type="button" class="secondary" aria-label=label on:click=move |_| drop_member(id.clone())>"Take out"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="field inline">
                <label for="new-group-head-choice">"Head of group"</label>
                <select id="new-group-head-choice" form=FORM prop:value=move || head.get()
                    on:change=move |ev| head.set(event_target_value(&ev))>
                    <option value="">"No head"</option>
                    {move || members.get().into_iter().map(|p| {
                        let text = format!("{} ({})", p.name(), p.email);
                        view! { <option value=p.id.clone()>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="submit" form=FORM disabled=move || create.pending().get()>
                    {move || if create.pending().get() {
                        "Creating…".to_string()
                    } else if duplicate_pending() {
                        "Create anyway".to_string()
                    } else {
                        match members.with(Vec::len) {
                            0 => "Create group".to_string(),
                            n => format!("Create group with {}", people_count(n)),
                        }
                    }}
                </button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </section>
    }
}
