use leptos::prelude::*;

use crate::api::{ApiError, Group, PeopleFilter, Person, PortalClient};
use crate::components::{BulkSet, FormErrors, Placed, TextField};
use crate::lifecycle::membership::{
    plan, settle, summary, MemberOutcome, Membership, IDS_PER_REQUEST,
};
use crate::people::groups::{cannot_join, group_name_problem, same_name};
use crate::people::people_count;

const NEW: &str = "new";
const NEW_NAME: &str = "bulk-new-group";

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Finding,
    Ready,
    /// What it is doing now, in words.
    Running(String),
    Done(Vec<(Person, MemberOutcome)>),
    Failed(String),
}

/// The group's member IDs as the people list holds them (disabled members too: the group's own
/// answer leaves them out), collected by ID.
async fn member_ids(client: &PortalClient, group: &str) -> Result<Vec<String>, ApiError> {
    let filter = PeopleFilter {
        group: Some(group.to_string()),
        ..PeopleFilter::default()
    };
    let collected = client.all_matching(&filter).await?;
    Ok(collected.people.into_iter().map(|p| p.id).collect())
}

/// Adds the selection to a group (an existing one, or a new one named here), or removes it
/// from one: members are sent in lists of [`IDS_PER_REQUEST`], and each person's outcome is
/// read from the group afterwards (the portal skips whom it cannot take without a word).
#[component]
pub fn GroupBulkDialog(
    kind: Membership,
    set: BulkSet,
    client: PortalClient,
    /// The group chosen to begin with (on a group's page, that group).
    #[prop(optional_no_strip)]
    preset: Option<String>,
    on_close: Callback<bool>,
) -> impl IntoView {
    let stage = RwSignal::new(Stage::Finding);
    let people = RwSignal::new(Vec::<Person>::new());
    let shortfall = RwSignal::new(None::<String>);
    let groups = RwSignal::new(None::<Vec<Group>>);
    let chosen = RwSignal::new(preset.unwrap_or_default());
    let new_name = RwSignal::new(String::new());
    // The head of a new group, among the people selected who may head it.
    let new_head = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let client = StoredValue::new(client);
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        let client = client.get_value();
        let all = client.all_groups().await;
        let found = match set {
            BulkSet::Picked(picked) => Ok(picked),
            BulkSet::Matching {
                query, excluded, ..
            } => client.all_matching(&query.filter()).await.map(|c| {
                shortfall.set(c.shortfall());
                let mut found = c.people;
                found.retain(|p| !excluded.contains(&p.id));
                found
            }),
        };
        match (all, found) {
            (Ok(all), Ok(found)) => {
                groups.set(Some(all));
                people.set(found);
                stage.set(Stage::Ready);
            }
            (Err(e), _) | (_, Err(e)) => stage.set(Stage::Failed(e.to_string())),
        }
    });
    let group_name = move || {
        let id = chosen.get();
        if id == NEW {
            return new_name.get();
        }
        groups.with(|g| {
            g.iter()
                .flatten()
                .find(|g| g.id == id)
                .map(|g| g.name.clone())
                .unwrap_or_default()
        })
    };
    let start = move || {
        errors.clear();
        let id = chosen.get_untracked();
        if id.is_empty() {
            errors.place(Placed::Field("bulk-group", "Choose a group.".into()));
            return;
        }
        if id == NEW {
            if let Some(problem) = group_name_problem(&new_name.get_untracked()) {
                errors.place(Placed::Field(NEW_NAME, problem));
                return;
            }
        }
        let everyone = people.get_untracked();
        let name = new_name.get_untracked();
        let head = Some(new_head.get_untracked()).filter(|h| !h.is_empty());
        let client = client.get_value();
        stage.set(Stage::Running("Reading the group's members…".into()));
        leptos::task::spawn_local(async move {
            let run = async {
                let (group, before) = if id == NEW {
                    stage.try_set(Stage::Running(format!("Creating the group “{name}”…")));
                    let created = client.create_group(&name, head.as_deref(), &[]).await?;
                    (created.id, Vec::new())
                } else {
                    let before = member_ids(&client, &id).await?;
                    (id, before)
                };
                let (send, mut outcomes) = plan(kind, &everyone, &before);
                for (i, chunk) in send.chunks(IDS_PER_REQUEST).enumerate() {
                    stage.try_set(Stage::Running(format!(
                        "Sending {} of {}…",
                        (i * IDS_PER_REQUEST + chunk.len()),
                        send.len()
                    )));
                    match kind {
                        Membership::Add => client.add_to_group(&group, chunk).await?,
                        Membership::Remove => client.remove_from_group(&group, chunk).await?,
                    };
                }
                stage.try_set(Stage::Running("Reading the group back…".into()));
                let after = member_ids(&client, &group).await?;
                outcomes.extend(settle(kind, &everyone, &send, &after));
                Ok::<_, ApiError>(outcomes)
            };
            match run.await {
                Ok(outcomes) => stage.try_set(Stage::Done(outcomes)),
                Err(e) => stage.try_set(Stage::Failed(format!(
                    "{e} Open the group to see what it holds now; running this again changes only who is still to change."
                ))),
            };
        });
    };
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    });
    let changed = move || matches!(stage.get_untracked(), Stage::Done(_) | Stage::Failed(_));
    let running = move || matches!(stage.get(), Stage::Running(_));
    let n = move || people.with(Vec::len);
    // Removing the head of the chosen group clears its head.
    let head_leaving = move || {
        if kind != Membership::Remove {
            return None;
        }
        let id = chosen.get();
        let group = groups.with(|g| g.iter().flatten().find(|g| g.id == id).cloned())?;
        let head = group.manager?;
        people
            .with(|p| p.iter().any(|p| crate::api::same_id(&p.id, &head.id)))
            .then(|| (group.name, head.name().to_string()))
    };
    let title = move || match kind {
        Membership::Add => format!("Add {} to a group", people_count(n())),
        Membership::Remove => format!("Remove {} from a group", people_count(n())),
    };
    view! {
        <dialog node_ref=dialog class="confirm bulk" aria-labelledby="group-bulk-title"
            on:cancel=move |ev: leptos::ev::Event| if running() { ev.prevent_default() }
            on:close=move |_| on_close.run(changed())>
            <h2 id="group-bulk-title">{title}</h2>
            {move || shortfall.get().map(|s| view! { <p class="warning">{s}</p> })}
            {move || match stage.get() {
                Stage::Finding => view! { <p role="status">"Finding the people selected…"</p> }.into_any(),
                Stage::Failed(why) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                Stage::Running(what) => view! { <p role="status">{what}</p> }.into_any(),
                Stage::Ready => view! {
                    <div class="field">
                        <label for="bulk-group">"Group"</label>
                        <select id="bulk-group" prop:value=move || chosen.get()
                            aria-describedby="bulk-group-error"
                            on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">"Choose a group"</option>
                            {(kind == Membership::Add).then(|| view! { <option value=NEW>"A new group…"</option> })}
                            {groups.get().unwrap_or_default().into_iter().map(|g| {
                                let label = format!("{} ({})", g.name, g.members_count);
                                view! { <option value=g.id>{label}</option> }
                            }).collect_view()}
                        </select>
                        <p id="bulk-group-error" class="field-error">{move || errors.of("bulk-group").get()}</p>
                    </div>
                    <Show when=move || chosen.get() == NEW>
                        <TextField id=NEW_NAME label="Name of the new group" value=new_name error=errors.of(NEW_NAME)/>
                        {move || groups.with(|g| same_name(&new_name.get(), g.as_deref().unwrap_or(&[]), None).map(|other| view! {
                            <p class="warning">{format!("Another group is already named “{}”: the portal allows it, and this makes a second one.", other.name)}</p>
                        }))}
                        <div class="field">
                            <label for="bulk-new-head">"Head of the new group"</label>
                            <select id="bulk-new-head" prop:value=move || new_head.get()
                                on:change=move |ev| new_head.set(event_target_value(&ev))>
                                <option value="">"No head"</option>
                                {move || people.get().into_iter().filter(|p| cannot_join(p).is_none()).map(|p| {
                                    let text = format!("{} ({})", p.name(), p.email);
                                    view! { <option value=p.id.clone()>{text}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    </Show>
                    {move || head_leaving().map(|(group, head)| view! {
                        <p class="warning">{format!("{head} heads “{group}” and is among them: the group will have no head (removing the head is the portal's only way to clear it).")}</p>
                    })}
                    {(kind == Membership::Add).then(|| view! {
                        <p class="hint">"Disabled people and guests cannot be members: they are not sent, and the report names them."</p>
                    })}
                }.into_any(),
                Stage::Done(outcomes) => view! {
                    <p role="status">{summary(&outcomes)}</p>
                    <table class="report">
                        <thead><tr><th scope="col">"Person"</th><th scope="col">"Outcome"</th></tr></thead>
                        <tbody>
                            {outcomes.into_iter().map(|(p, o)| view! {
                                <tr class:failed=matches!(o, MemberOutcome::NotDone(_))>
                                    <td>{format!("{} ({})", p.name(), p.email)}</td>
                                    <td>{o.label()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <div class="actions">
                <Show when=move || stage.get() == Stage::Ready>
                    <button type="button" on:click=move |_| start() disabled=move || n() == 0>
                        {move || {
                            let name = group_name();
                            match (kind, name.is_empty()) {
                                (_, true) => kind.verb().to_string(),
                                (Membership::Add, false) => format!("Add {} to “{name}”", people_count(n())),
                                (Membership::Remove, false) => format!("Remove {} from “{name}”", people_count(n())),
                            }
                        }}
                    </button>
                </Show>
                <button type="button" class="secondary" disabled=running
                    on:click=move |_| on_close.run(changed())>
                    {move || if matches!(stage.get(), Stage::Done(_)) { "Close" } else { "Cancel" }}
                </button>
            </div>
        </dialog>
    }
}
