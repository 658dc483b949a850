use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{Group, PortalClient};
use crate::browser::focus_by_id;
use crate::components::{FormErrors, Placed, TextField};
use crate::people::groups::{group_name_problem, same_name};

const NAME: &str = "group-name";

/// A new group's name, checked before the portal sees it (empty, blank, too long); a name
/// another group already has is allowed by the portal, so the form says so and asks once more.
/// Members and the head are added on the group's page or from the people list's selection;
/// `members` (when given) join it as it is created.
#[component]
pub fn NewGroupForm(
    client: PortalClient,
    on_created: Callback<Group>,
    on_cancel: Callback<()>,
    #[prop(optional)] members: Vec<String>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new();
    // The name the admin was warned about and confirmed.
    let confirmed_duplicate = RwSignal::new(None::<String>);
    let warning = RwSignal::new(None::<String>);
    let client = StoredValue::new(client);
    let members = StoredValue::new(members);
    let existing = LocalResource::new(move || {
        let client = client.get_value();
        async move { client.all_groups().await.unwrap_or_default() }
    });
    let create = Action::new_local(move |name: &String| {
        let client = client.get_value();
        let name = name.clone();
        let members = members.get_value();
        async move { client.create_group(&name, None, &members).await }
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
    view! {
        <form class="new-group" on:submit=on_submit novalidate>
            <TextField id=NAME label="Group name" value=name error=errors.of(NAME)
                hint="Up to 128 characters."/>
            {move || duplicate_pending().then(|| view! {
                <p class="warning" role="status">{warning.get()}</p>
            })}
            <div class="actions">
                <button type="submit" disabled=move || create.pending().get()>
                    {move || if create.pending().get() {
                        "Creating…"
                    } else if duplicate_pending() {
                        "Create anyway"
                    } else {
                        "Create group"
                    }}
                </button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
