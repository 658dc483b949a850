use leptos::prelude::*;

use crate::api::{Person, PortalClient};
use crate::components::PersonAction;
use crate::lifecycle::batches::{apply_in_batches, Outcome};

/// A change for many selected people: who it applies to, who is left out and why, then a
/// report per person. Opens as a modal dialog; `on_close` runs when it closes.
#[component]
pub fn BulkActionDialog(
    action: PersonAction,
    people: Vec<Person>,
    me: Person,
    client: PortalClient,
    on_close: Callback<()>,
) -> impl IntoView {
    let (eligible, left_out): (Vec<Person>, Vec<Person>) = people
        .into_iter()
        .partition(|p| action.verdict(&me, p).is_ok());
    let reasons: Vec<(String, String)> = left_out
        .iter()
        .map(|p| {
            (
                p.name().to_string(),
                action.verdict(&me, p).err().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let n = eligible.len();
    let names: Vec<(String, String)> = eligible
        .iter()
        .map(|p| (p.id.clone(), p.name().to_string()))
        .collect();
    let ids: Vec<String> = eligible.iter().map(|p| p.id.clone()).collect();
    let verb = action.label();
    let client = StoredValue::new(client);
    let run = Action::new_local(move |_: &()| {
        let client = client.get_value();
        let ids = ids.clone();
        async move {
            apply_in_batches(ids, |batch| {
                let client = client.clone();
                async move {
                    match action {
                        PersonAction::Disable => client.set_status(&batch, true).await.map(|_| ()),
                        PersonAction::Enable => client.set_status(&batch, false).await.map(|_| ()),
                        PersonAction::MakeType(t) => client.set_type(&batch, t).await.map(|_| ()),
                        PersonAction::Delete => client.delete_people(&batch).await.map(|_| ()),
                        // Not offered in bulk: each needs a job and someone to take the rooms.
                        PersonAction::Lower(_) => Err(crate::api::ApiError::Forbidden(
                            "Lower types one at a time, from the profile.".into(),
                        )),
                    }
                }
            })
            .await
        }
    });
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    });
    let name_of = move |id: &str| {
        names
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let title = format!("{verb} {n} people?");
    let confirm_label = format!("{verb} {n} people");
    let any_left_out = !reasons.is_empty();
    let report = move |outcomes: Vec<Outcome>| {
        let done = outcomes.iter().filter(|o| o.1.is_ok()).count();
        let failed: Vec<(String, String)> = outcomes
            .into_iter()
            .filter_map(|(id, r)| r.err().map(|e| (name_of(&id), e)))
            .collect();
        view! {
            <p role="status" class="bulk-report">{format!("{verb}: done for {done} of {n}.")}</p>
            <ul class="not-done">
                {failed.into_iter().map(|(name, why)| view! { <li>{format!("{name}: {why}")}</li> }).collect_view()}
            </ul>
        }
    };

    view! {
        <dialog node_ref=dialog class="confirm bulk" aria-labelledby="bulk-title" on:close=move |_| on_close.run(())>
            <h2 id="bulk-title">{title}</h2>
            <Show when=move || any_left_out>
                <p>{format!("Left out ({}):", left_out.len())}</p>
            </Show>
            <ul class="left-out">
                {reasons.into_iter().map(|(name, why)| view! { <li>{format!("{name}: {why}")}</li> }).collect_view()}
            </ul>
            {move || run.value().get().map(&report)}
            <div class="dialog-buttons">
                <button type="button" class="secondary" on:click=move |_| on_close.run(())>
                    {move || if run.value().with(Option::is_some) { "Close" } else { "Cancel" }}
                </button>
                <Show when=move || run.value().with(Option::is_none)>
                    <button type="button" class="danger" disabled=move || n == 0 || run.pending().get()
                        on:click=move |_| { run.dispatch(()); }>
                        {confirm_label.clone()}
                    </button>
                </Show>
            </div>
        </dialog>
    }
}
