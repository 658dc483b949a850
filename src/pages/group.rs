use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{ApiError, Group, GroupChange, Person};
use crate::base::href;
use crate::components::{
    use_toasts, ConfirmDialog, FormErrors, GroupHeadForm, MemberPicker, MoveMembers, PeopleList,
    Placed, TextField,
};
use crate::people::groups::{can_edit_groups, can_read_groups, group_name_problem, same_name};
use crate::people::people_count;
use crate::people::query::{GroupScope, ListQuery};
use crate::session::use_session;

/// One group: its head, and its members in the people table (selection, bulk actions, CSV; the
/// Groups menu starts on this group); for a DocSpace admin, a new head, members added from the
/// portal's search, a rename, all members moved to another group, and delete.
#[component]
pub fn GroupPage() -> impl IntoView {
    let session = use_session();
    if let Err(why) = can_read_groups(&session.me) {
        return view! { <h1>"Group"</h1> <p class="error" role="alert">{why}</p> }.into_any();
    }
    let editable = can_edit_groups(&session.me).is_ok();
    let client = StoredValue::new(session.client());
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let group = RwSignal::new(None::<Result<Group, ApiError>>);
    // Bumped to read the group again (its head and count) after a change made elsewhere on the
    // page; `list_refresh` loads the members' list again after a change it did not make itself.
    let reread = RwSignal::new(0u32);
    let list_refresh = RwSignal::new(0u32);
    Effect::new(move |_| {
        let id = id.get();
        reread.track();
        let client = client.get_value();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            group.set(Some(client.group(&id).await));
        });
    });
    // The members' list: search, filters and sort in this page's URL, the group fixed.
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let mut q = query_map.with(|m| ListQuery::from_query(|k| m.get(k)));
        q.group = Some(GroupScope::In(id.get()));
        q
    });
    let navigate = use_navigate();
    let go = Callback::new(move |(next, replace): (ListQuery, bool)| {
        let url = ListQuery {
            group: None,
            ..next
        }
        .to_url();
        navigate(
            &format!("/groups/{}{url}", id.get_untracked()),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let toasts = use_toasts();
    // Every change answers with the group as the portal now holds it.
    let last_rename = StoredValue::new(false);
    let change = Action::new_local(move |(what, done): &(GroupEdit, String)| {
        last_rename.set_value(matches!(what, GroupEdit::Update(_)));
        let client = client.get_value();
        let (what, done, id) = (what.clone(), done.clone(), id.get_untracked());
        async move {
            let answer = match what {
                GroupEdit::Update(change) => client.update_group(&id, &change).await,
                GroupEdit::Add(ids) => client.add_to_group(&id, &ids).await,
                GroupEdit::Head(person) => client.set_group_head(&id, &person).await,
            };
            answer.map(|g| (g, done))
        }
    });
    let errors = FormErrors::new();
    Effect::new(move |_| match change.value().get() {
        Some(Ok((g, done))) => {
            group.set(Some(Ok(g)));
            list_refresh.update(|n| *n += 1);
            toasts.success(done);
        }
        // A refused rename is shown next to the name, by the rename form.
        Some(Err(e)) if !last_rename.get_value() => errors.place(Placed::Form(e.to_string())),
        _ => {}
    });
    let loaded_group =
        Signal::derive(move || group.with(|g| g.as_ref().and_then(|g| g.as_ref().ok()).cloned()));
    let members = Signal::derive(move || {
        loaded_group.with(|g| {
            g.as_ref()
                .and_then(|g| g.members.clone())
                .unwrap_or_default()
        })
    });
    let member_ids = Signal::derive(move || {
        members.with(|m| m.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
    });
    let head = Signal::derive(move || {
        loaded_group.with(|g| {
            g.as_ref()
                .and_then(|g| g.manager.as_ref().map(|m| m.id.clone()))
        })
    });
    let pending = change.pending();
    // Built once the group is read, not again on every change: what is typed in them stays.
    let loaded = Memo::new(move |_| matches!(group.get(), Some(Ok(_))));

    view! {
        {move || match group.get() {
            None => view! { <p class="loading" role="status">"Loading the group…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <h1>"Group"</h1>
                <p class="error" role="alert">{e.to_string()}</p>
                <p><A href=href("/groups")>"← Groups"</A></p>
            }.into_any(),
            Some(Ok(g)) => view! {
                <p><A href=href("/groups")>"← Groups"</A></p>
                <h1>{g.name.clone()}</h1>
                <p class="group-head">"Head of group: " {match g.manager.clone() {
                    Some(head) => view! { <A href=href(&format!("/people/{}", head.id))>{head.name().to_string()}</A> }.into_any(),
                    None => view! { <span>"none"</span> }.into_any(),
                }}</p>
                <p class="group-size">{format!("{} (active and pending; the portal does not count disabled members)", people_count(g.members_count as usize))}</p>
            }.into_any(),
        }}
        <p class="form-error" role="alert">{move || errors.form().get()}</p>
        {move || (editable && loaded.get()).then(|| view! {
            <GroupHeadForm members=members head=head pending=pending
                on_head=Callback::new(move |p: Person| {
                    errors.clear();
                    let done = format!("{} is now the head of the group.", p.name());
                    change.dispatch((GroupEdit::Head(p.id), done));
                })/>
            <MemberPicker client=client.get_value() members=member_ids pending=pending
                on_add=Callback::new(move |people: Vec<Person>| {
                    errors.clear();
                    let done = format!("Added {} to the group.", people_count(people.len()));
                    change.dispatch((GroupEdit::Add(people.into_iter().map(|p| p.id).collect()), done));
                })/>
        })}
        {move || loaded.get().then(|| view! {
            <PeopleList query=query go=go title="Members" subheading=true group=id.get_untracked()
                refresh=list_refresh on_changed=Callback::new(move |()| reread.update(|n| *n += 1))/>
        })}
        {move || (editable && loaded.get()).then(|| view! {
            <Rename group=group change=change/>
            <MoveMembers group=loaded_group client=client.get_value()
                on_moved=Callback::new(move |_| {
                    reread.update(|n| *n += 1);
                    list_refresh.update(|n| *n += 1);
                })/>
            <DeleteGroup group=group/>
        })}
    }
    .into_any()
}

/// A change on the group's page.
#[derive(Debug, Clone)]
enum GroupEdit {
    Update(GroupChange),
    Add(Vec<String>),
    Head(String),
}

type ChangeAction = Action<(GroupEdit, String), Result<(Group, String), ApiError>>;

/// Renames the group; the name is checked as a new group's is.
#[component]
fn Rename(group: RwSignal<Option<Result<Group, ApiError>>>, change: ChangeAction) -> impl IntoView {
    const FIELD: &str = "rename-group";
    let current = move || {
        group.with(|g| {
            g.as_ref()
                .and_then(|g| g.as_ref().ok())
                .map(|g| (g.id.clone(), g.name.clone()))
                .unwrap_or_default()
        })
    };
    let name = RwSignal::new(current().1);
    let errors = FormErrors::new();
    // The portal's refusal of a rename goes next to the name.
    let renaming = RwSignal::new(false);
    Effect::new(move |_| match change.value().get() {
        Some(Err(e)) if renaming.get_untracked() => {
            errors.place(Placed::Field(FIELD, e.to_string()));
            renaming.set(false);
        }
        Some(Ok(_)) => renaming.set(false),
        _ => {}
    });
    let session = use_session();
    let client = StoredValue::new(session.client());
    let others = LocalResource::new(move || {
        let client = client.get_value();
        async move { client.all_groups().await.unwrap_or_default() }
    });
    // Another group with the name: the portal allows it; the form says so and lets it go on.
    let duplicate = move || {
        let typed = name.get();
        let (id, now) = current();
        if typed.trim() == now.trim() {
            return None;
        }
        others.with(|o| {
            o.as_ref()
                .and_then(|o| same_name(&typed, o, Some(&id)).map(|g| g.name.clone()))
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let typed = name.get_untracked();
        if let Some(problem) = group_name_problem(&typed) {
            errors.place(Placed::Field(FIELD, problem));
            crate::browser::focus_by_id(FIELD);
            return;
        }
        let change_to = GroupChange {
            name: Some(typed.clone()),
            ..GroupChange::default()
        };
        renaming.set(true);
        change.dispatch((
            GroupEdit::Update(change_to),
            format!("Renamed to “{typed}”."),
        ));
    };
    view! {
        <form class="rename-group" on:submit=on_submit novalidate>
            <h2>"Rename"</h2>
            <TextField id=FIELD label="Group name" value=name error=errors.of(FIELD) hint="Up to 128 characters."/>
            {move || duplicate().map(|other| view! {
                <p class="warning" role="status">{format!("Another group is already named “{other}”: the portal allows it, and the two will share the name.")}</p>
            })}
            <button type="submit" disabled=move || change.pending().get() || name.get() == current().1>"Rename"</button>
        </form>
    }
}

/// Deletes the group after its name is typed; its people stay in the portal.
#[component]
fn DeleteGroup(group: RwSignal<Option<Result<Group, ApiError>>>) -> impl IntoView {
    let session = use_session();
    let client = StoredValue::new(session.client());
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let of = move || {
        group.with(|g| {
            g.as_ref()
                .and_then(|g| g.as_ref().ok())
                .map(|g| (g.id.clone(), g.name.clone(), g.members_count))
                .unwrap_or_default()
        })
    };
    let toasts = use_toasts();
    let navigate = use_navigate();
    let delete = Action::new_local(move |_: &()| {
        let client = client.get_value();
        let (id, _, _) = of();
        async move { client.delete_group(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            let (_, name, count) = of();
            toasts.success(format!(
                "Deleted the group “{name}”. Its {} are still in the portal.",
                people_count(count as usize)
            ));
            navigate("/groups", Default::default());
        }
    });
    view! {
        <section class="danger-zone">
            <h2>"Delete the group"</h2>
            <p>"The group goes; its people stay in the portal, with their rooms and files. Rooms shared with the group are no longer shared with it."</p>
            <button type="button" class="danger" on:click=move |_| { typed.set(String::new()); open.set(true); }>"Delete group…"</button>
            <ConfirmDialog open=open
                title=Signal::derive(move || format!("Delete the group “{}”?", of().1))
                message=Signal::derive(move || format!("The group is deleted. Its {} stay in the portal. Type the group's name to confirm.", people_count(of().2 as usize)))
                confirm_label="Delete group"
                pending=delete.pending()
                error=Signal::derive(move || delete.value().get().and_then(Result::err).map(|e| e.to_string()))
                ready=Signal::derive(move || typed.get() == of().1)
                on_confirm=Callback::new(move |()| { delete.dispatch(()); })>
                <TextField id="confirm-group-name" label="Group name" value=typed/>
            </ConfirmDialog>
        </section>
    }
}
