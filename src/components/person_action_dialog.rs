//! The confirmation and the run of one action on one person, for a profile and for a row menu
//! of the list alike. The answer is read, not the status: the portal's answer to a status or a
//! type change lists the people it changed, and the person it lists is "after"; when it does
//! not list them, they are read back. Feedback is a toast, with "Enable again" after Disable.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{
    same_id, sleep_ms, wait_for_task, ApiError, Person, PortalClient, TaskEnd, UserStatus, UserType,
};
use crate::components::{
    use_toasts, ConfirmDialog, HeirPicker, PersonAction, ToastAction, ToastKind, Toasts,
};
use crate::lifecycle::change::Change;
use crate::lifecycle::plan::Heir;
use crate::session::SessionContext;

/// What `on_done` is told: the action, the person before, and the person after (`None`: deleted).
pub type ActionDone = (PersonAction, Person, Option<Person>);

/// The confirmation and the run of one action on one person (from a profile or a row menu).
#[component]
pub fn PersonActionDialog(
    /// The person and the action asked for; `None` while closed. The dialog sets it back to `None` when it closes.
    asked: RwSignal<Option<(Person, PersonAction)>>,
    /// Once the portal has answered: the action, the person before, and the person as the portal now holds them (`None` when deleted).
    on_done: Callback<ActionDone>,
) -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let toasts = use_toasts();
    let root = root_owner();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let heir = RwSignal::new(None::<Heir>);
    // Opening follows `asked`; closing (Cancel, Esc) empties it.
    Effect::new(move |_| {
        let wanted = asked.with(Option::is_some);
        if wanted && !open.get_untracked() {
            error.set(None);
            heir.set(None);
        }
        if wanted != open.get_untracked() {
            open.set(wanted);
        }
    });
    Effect::new(move |_| {
        if !open.get() && asked.with_untracked(Option::is_some) {
            asked.set(None);
        }
    });
    let run = Action::new_local(move |(target, action): &(Person, PersonAction)| {
        let (target, action) = (target.clone(), *action);
        let session = ctx.session.get_untracked();
        let heir = heir.get_untracked();
        let root = root.clone();
        async move {
            let Some(session) = session else {
                return;
            };
            let client = session.client();
            let heir_id = heir.as_ref().map(|h| h.id.clone()).unwrap_or_default();
            match take(&client, &session.me, &target, action, &heir_id).await {
                Ok(after) => {
                    asked.try_set(None);
                    let message = done_message(action, &target, after.as_ref(), heir.as_ref());
                    let undo = (action == PersonAction::Disable)
                        .then(|| after.clone())
                        .flatten()
                        .map(|disabled| enable_again(&root, ctx, toasts, disabled, on_done));
                    toasts.show(ToastKind::Success, message, undo);
                    on_done.try_run((action, target, after));
                }
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        }
    });
    let texts = move || {
        asked.with(|a| {
            a.as_ref()
                .map(|(person, action)| action.confirmation(person))
        })
    };
    // The confirm button is red only for what takes something away; the dialog is built again
    // (while closed) when that changes, and stays as it is while it closes.
    let destructive = Memo::new(move |before: Option<&bool>| {
        asked
            .with(|a| a.as_ref().map(|(_, action)| action.is_destructive()))
            .or(before.copied())
            .unwrap_or(true)
    });
    let lowering = move || {
        matches!(
            asked.with(|a| a.as_ref().map(|a| a.1)),
            Some(PersonAction::Lower(_))
        )
    };
    move || {
        view! {
            <ConfirmDialog
                open=open
                destructive=destructive.get()
                title=Signal::derive(move || texts().map(|t| t.0).unwrap_or_default())
                message=Signal::derive(move || texts().map(|t| t.1).unwrap_or_default())
                confirm_label=Signal::derive(move || texts().map(|t| t.2).unwrap_or_default())
                pending=run.pending()
                error=error
                ready=Signal::derive(move || !lowering() || heir.with(Option::is_some))
                on_confirm=Callback::new(move |()| {
                    if let Some(wanted) = asked.get_untracked() {
                        error.set(None);
                        run.dispatch(wanted);
                    }
                })
            >
                <Show when=lowering>
                    {move || ctx.session.get_untracked().map(|s| view! {
                        <HeirPicker id="lower-heir" label="Give their rooms to" heir=heir
                            exclude=Signal::derive(move || asked.with(|a| a.iter().map(|(p, _)| p.id.clone()).collect()))
                            client=s.client()/>
                    })}
                </Show>
            </ConfirmDialog>
        }
    }
}

/// The change `action` makes, as the bulk runs tell whether it holds.
fn change_of(action: PersonAction) -> Option<Change> {
    match action {
        PersonAction::Disable => Some(Change::Disable),
        PersonAction::Enable => Some(Change::Enable),
        PersonAction::MakeType(t) | PersonAction::Lower(t) => Some(Change::MakeType(t)),
        PersonAction::Delete => None,
    }
}

/// Sends `action` for `target` and answers with the person as the portal now holds them
/// (`None`: deleted); an answer that leaves them unchanged is a refusal.
async fn take(
    client: &PortalClient,
    me: &Person,
    target: &Person,
    action: PersonAction,
    heir: &str,
) -> Result<Option<Person>, ApiError> {
    let ids = vec![target.id.clone()];
    let answer = match action {
        PersonAction::Disable => client.set_status(&ids, true).await?,
        PersonAction::Enable => client.set_status(&ids, false).await?,
        PersonAction::MakeType(t) => client.set_type(&ids, t).await?,
        PersonAction::Lower(t) => {
            lower_and_wait(client, &target.id, t, heir).await?;
            Vec::new()
        }
        PersonAction::Delete => {
            client.delete_person(&target.id).await?;
            return Ok(None);
        }
    };
    let after = match answer.into_iter().find(|p| same_id(&p.id, &target.id)) {
        Some(listed) => listed,
        None => client.person_by_id(&target.id).await?.person,
    };
    match change_of(action) {
        Some(change) if !change.holds(&after) => Err(ApiError::Server {
            status: 200,
            message: change.refusal(me, &after, "The portal answered without making the change."),
        }),
        _ => Ok(Some(after)),
    }
}

/// What the toast says once the portal holds the change.
fn done_message(
    action: PersonAction,
    before: &Person,
    after: Option<&Person>,
    heir: Option<&Heir>,
) -> String {
    let name = after.unwrap_or(before).name().to_string();
    match action {
        PersonAction::Disable => format!("{name} is disabled."),
        PersonAction::Enable => enabled_message(&name, after),
        PersonAction::Delete => format!("{name} is deleted."),
        PersonAction::MakeType(_) | PersonAction::Lower(_) => {
            let now = after.map_or(UserType::User, Person::user_type);
            let moved = match (action, heir) {
                (PersonAction::Lower(_), Some(h)) => format!(" Their rooms went to {}.", h.label()),
                _ => String::new(),
            };
            format!("{name} is now a {}.{moved}", now.label().to_lowercase())
        }
    }
}

/// Someone who never finished signing up comes back pending, not active (reference §3.7).
fn enabled_message(name: &str, after: Option<&Person>) -> String {
    match after.map(Person::status) {
        Some(UserStatus::Pending) => {
            format!("{name} is enabled; they have not accepted their invitation yet.")
        }
        _ => format!("{name} is enabled."),
    }
}

/// The toast's "Enable again" after a Disable: it sends the enable at once (nothing is lost by
/// it) and says how it went. It outlives the page that made it (a toast stays after a
/// navigation), so it is kept by the app's root owner, not by this dialog.
fn enable_again(
    root: &Option<Owner>,
    ctx: SessionContext,
    toasts: Toasts,
    disabled: Person,
    on_done: Callback<ActionDone>,
) -> ToastAction {
    let make = move || {
        Callback::new(move |()| {
            let disabled = disabled.clone();
            let Some(session) = ctx.session.try_get_untracked().flatten() else {
                return;
            };
            spawn_local(async move {
                let client = session.client();
                let name = disabled.name().to_string();
                match take(&client, &session.me, &disabled, PersonAction::Enable, "").await {
                    Ok(after) => {
                        let message = enabled_message(&name, after.as_ref()).replacen(
                            " is enabled",
                            " is enabled again",
                            1,
                        );
                        toasts.show(ToastKind::Success, message, None);
                        on_done.try_run((PersonAction::Enable, disabled, after));
                    }
                    Err(e) => {
                        toasts.error(format!("{name} could not be enabled again: {e}"));
                    }
                }
            });
        })
    };
    let run = match root {
        Some(root) => root.with(make),
        None => make(),
    };
    ToastAction {
        label: "Enable again".into(),
        run,
    }
}

/// The app's root owner: what is created under it lives as long as the app.
fn root_owner() -> Option<Owner> {
    let mut owner = Owner::current();
    while let Some(parent) = owner.as_ref().and_then(Owner::parent) {
        owner = Some(parent);
    }
    owner
}

/// Starts lowering the type and waits (boundedly) until the portal has moved the rooms.
async fn lower_and_wait(
    client: &PortalClient,
    id: &str,
    to: UserType,
    heir: &str,
) -> Result<(), ApiError> {
    let first = client.lower_type(id, to, heir).await?;
    let end = wait_for_task(
        first.clone(),
        || client.lower_type_progress(id),
        sleep_ms,
        400,
        600,
        |_| {},
    )
    .await?;
    let task = match end {
        TaskEnd::Finished(t) | TaskEnd::StillRunning(t) => t,
        // The portal forgets a finished job (60 s after it ended): what it holds says whether
        // the change was made.
        TaskEnd::Gone => {
            let now = client.person_by_id(id).await?.person;
            return if now.user_type() == to {
                Ok(())
            } else {
                Err(ApiError::Server {
                    status: 200,
                    message: format!(
                        "The portal no longer has the type change's job and they are still {}: the rooms may not have moved. Try again.",
                        now.user_type().label()
                    ),
                })
            };
        }
    };
    match (task.is_completed, task.succeeded()) {
        (true, true) => Ok(()),
        (true, false) => Err(ApiError::Server {
            status: 200,
            message: task
                .error
                .unwrap_or_else(|| "The portal stopped moving the rooms.".into()),
        }),
        (false, _) => Err(ApiError::Server {
            status: 200,
            message: "The portal is still moving the rooms; check the profile again later.".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(status: u8, t: UserType) -> Person {
        let json = serde_json::json!({
            "id": "u1", "displayName": "Amara Okafor", "email": "amara@example.com",
            "status": status, "isAdmin": t == UserType::DocSpaceAdmin,
            "isRoomAdmin": t == UserType::RoomAdmin, "isCollaborator": t == UserType::User,
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_toast_says_what_the_portal_now_holds() {
        let active = person(1, UserType::User);
        let disabled = person(2, UserType::User);
        let said = |action, after: Option<&Person>| done_message(action, &active, after, None);
        assert_eq!(
            said(PersonAction::Disable, Some(&disabled)),
            "Amara Okafor is disabled."
        );
        assert_eq!(
            said(PersonAction::Enable, Some(&active)),
            "Amara Okafor is enabled."
        );
        // Someone who never accepted their invitation comes back pending: said so.
        assert_eq!(
            said(PersonAction::Enable, Some(&person(4, UserType::User))),
            "Amara Okafor is enabled; they have not accepted their invitation yet."
        );
        assert_eq!(said(PersonAction::Delete, None), "Amara Okafor is deleted.");
        // The type is the one the portal answered with.
        let room_admin = person(1, UserType::RoomAdmin);
        assert_eq!(
            said(
                PersonAction::MakeType(UserType::RoomAdmin),
                Some(&room_admin)
            ),
            "Amara Okafor is now a room admin."
        );
    }

    #[test]
    fn each_change_is_checked_against_the_answer_but_a_delete() {
        let disabled = person(2, UserType::User);
        assert!(change_of(PersonAction::Disable).is_some_and(|c| c.holds(&disabled)));
        assert!(change_of(PersonAction::Enable).is_some_and(|c| !c.holds(&disabled)));
        let lowered = person(1, UserType::User);
        assert!(change_of(PersonAction::Lower(UserType::User)).is_some_and(|c| c.holds(&lowered)));
        assert_eq!(change_of(PersonAction::Delete), None);
    }
}
