use leptos::prelude::*;

use crate::api::{same_id, Group, PortalClient};
use crate::components::{use_toasts, ConfirmDialog};
use crate::people::people_count;

/// Moves every member of the group into another one (the portal's `PUT
/// /group/{fromId}/members/{toId}`), after a confirmation naming both groups and what happens to
/// the head. `on_moved` gets the other group as the portal answers it.
#[component]
pub fn MoveMembers(
    #[prop(into)] group: Signal<Option<Group>>,
    client: PortalClient,
    on_moved: Callback<Group>,
) -> impl IntoView {
    let client = StoredValue::new(client);
    let others = RwSignal::new(Vec::<Group>::new());
    Effect::new(move |_| {
        let Some(this) = group.with(|g| g.as_ref().map(|g| g.id.clone())) else {
            return;
        };
        let client = client.get_value();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let mut all = client.all_groups().await.unwrap_or_default();
            all.retain(|g| !same_id(&g.id, &this));
            others.set(all);
        });
    });
    let chosen = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let target = move || others.with(|o| o.iter().find(|g| g.id == chosen.get()).cloned());
    let toasts = use_toasts();
    let action = Action::new_local(move |to: &String| {
        let client = client.get_value();
        let (to, from) = (
            to.clone(),
            group.get_untracked().map(|g| g.id).unwrap_or_default(),
        );
        async move { client.move_members(&from, &to).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(to)) = action.value().get() {
            open.set(false);
            chosen.set(String::new());
            toasts.success(format!(
                "Moved the members to “{}”, which now has {}.",
                to.name,
                people_count(to.members_count as usize)
            ));
            on_moved.run(to);
        }
    });
    let message = move || {
        let (name, count, head) = group.with(|g| {
            g.as_ref()
                .map(|g| {
                    let head = g.manager.as_ref().map(|m| m.name().to_string());
                    (g.name.clone(), g.members_count, head)
                })
                .unwrap_or_default()
        });
        let to = target().map(|g| g.name).unwrap_or_default();
        format!(
            "The {} (active and pending) of “{name}” join “{to}” and leave “{name}”, which stays, with its disabled members only.{} “{to}” keeps its own head.",
            people_count(count as usize),
            head.map(|h| format!(" {h}, its head, becomes a plain member of “{to}”, and “{name}” has no head."))
                .unwrap_or_default()
        )
    };
    view! {
        <section class="move-members" aria-labelledby="move-members-title">
            <h2 id="move-members-title">"Move all members"</h2>
            <div class="field inline">
                <label for="move-to-group">"To the group"</label>
                <select id="move-to-group" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">"Choose a group"</option>
                    {move || others.get().into_iter().map(|g| {
                        let label = format!("{} ({})", g.name, g.members_count);
                        view! { <option value=g.id>{label}</option> }
                    }).collect_view()}
                </select>
                <button type="button" class="secondary" disabled=move || chosen.get().is_empty()
                    on:click=move |_| open.set(true)>"Move all members…"</button>
            </div>
            <ConfirmDialog open=open
                title=Signal::derive(move || format!("Move all members to “{}”?", target().map(|g| g.name).unwrap_or_default()))
                message=Signal::derive(message)
                confirm_label="Move the members"
                pending=action.pending()
                error=Signal::derive(move || action.value().get().and_then(Result::err).map(|e| e.to_string()))
                destructive=false
                on_confirm=Callback::new(move |()| { action.dispatch(chosen.get_untracked()); })/>
        </section>
    }
}
