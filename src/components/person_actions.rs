use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{sleep_ms, wait_for_task, ApiError, Person, PortalClient, TaskEnd, UserType};
use crate::components::{ConfirmDialog, HeirPicker};
use crate::lifecycle::plan::Heir;
use crate::people::eligibility::{
    can_change_status_at_all, can_change_type, can_delete, can_delete_at_all, can_enable,
    can_lower_type, can_lower_types_at_all, can_make_type_at_all, can_terminate, Verdict,
};
use crate::people::people_count;
use crate::session::SessionContext;

/// What can be done to one person from their profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonAction {
    Disable,
    Enable,
    Delete,
    MakeType(UserType),
    /// Lowers the type after moving the person's rooms to someone (`POST /people/type`).
    Lower(UserType),
}

impl PersonAction {
    pub const ALL: [PersonAction; 7] = [
        PersonAction::Disable,
        PersonAction::Enable,
        PersonAction::MakeType(UserType::User),
        PersonAction::MakeType(UserType::RoomAdmin),
        PersonAction::MakeType(UserType::DocSpaceAdmin),
        PersonAction::Lower(UserType::User),
        PersonAction::Delete,
    ];

    pub fn label(self) -> String {
        match self {
            PersonAction::Disable => "Disable".into(),
            PersonAction::Enable => "Enable".into(),
            PersonAction::Delete => "Delete".into(),
            PersonAction::MakeType(t) => format!("Make {}", t.label().to_lowercase()),
            PersonAction::Lower(t) => format!("Lower to {}", t.label().to_lowercase()),
        }
    }

    /// What the bulk dialog asks, naming the change plainly: "Change 5 people to Room admin".
    pub fn bulk_title(self, n: usize) -> String {
        let who = people_count(n);
        match self {
            PersonAction::Disable => format!("Disable {who}"),
            PersonAction::Enable => format!("Enable {who}"),
            PersonAction::Delete => format!("Delete {who}"),
            PersonAction::MakeType(t) | PersonAction::Lower(t) => {
                format!("Change {who} to {}", t.label())
            }
        }
    }

    /// What the bulk dialog says once done: "Disabled 4 of 5 people".
    pub fn bulk_result(self, done: usize, of: usize) -> String {
        let count = if done == of {
            people_count(of)
        } else {
            format!("{done} of {}", people_count(of))
        };
        match self {
            PersonAction::Disable => format!("Disabled {count}"),
            PersonAction::Enable => format!("Enabled {count}"),
            PersonAction::Delete => format!("Deleted {count}"),
            PersonAction::MakeType(t) | PersonAction::Lower(t) => {
                format!("Changed {count} to {}", t.label())
            }
        }
    }

    /// Whether it takes something away (sign-in, the account): its confirm button is red.
    pub fn is_destructive(self) -> bool {
        matches!(self, PersonAction::Disable | PersonAction::Delete)
    }

    /// Whether `me`'s role may take this action on anyone at all (the portal's checks that
    /// do not depend on the person): what the list's bulk bar offers before choosing people.
    pub fn role_verdict(self, me: &Person) -> Verdict {
        match self {
            PersonAction::Disable | PersonAction::Enable => can_change_status_at_all(me),
            PersonAction::Delete => can_delete_at_all(me),
            PersonAction::MakeType(t) => can_make_type_at_all(me, t),
            PersonAction::Lower(_) => can_lower_types_at_all(me),
        }
    }

    /// Whether `me` may take this action on `target`; a refusal of the role comes first.
    pub fn verdict(self, me: &Person, target: &Person) -> Verdict {
        self.role_verdict(me)?;
        match self {
            PersonAction::Disable => can_terminate(me, target),
            PersonAction::Enable => can_enable(me, target),
            PersonAction::Delete => can_delete(me, target),
            PersonAction::MakeType(t) => can_change_type(me, target, t),
            PersonAction::Lower(t) => can_lower_type(me, target, t),
        }
    }

    /// The confirmation: a title, what will happen, and the confirm button's words.
    pub fn confirmation(self, target: &Person) -> (String, String, String) {
        let name = target.name();
        let who = format!("{name} ({})", target.email);
        match self {
            PersonAction::Disable => (
                format!("Disable {name}?"),
                format!("{who} will be signed out and will not be able to sign in. Their data is kept, and the account can be enabled again."),
                format!("Disable {name}"),
            ),
            PersonAction::Enable => (
                format!("Enable {name}?"),
                format!("{who} will be able to sign in again."),
                format!("Enable {name}"),
            ),
            PersonAction::Delete => (
                format!("Delete {name} for good?"),
                format!("{who} will be deleted from the portal. This cannot be undone, and rooms they own are not handed to anyone first."),
                format!("Delete {name}"),
            ),
            PersonAction::MakeType(t) => (
                format!("Make {name} a {}?", t.label().to_lowercase()),
                format!("{who} becomes a {}.", t.label().to_lowercase()),
                format!("Make {}", t.label().to_lowercase()),
            ),
            PersonAction::Lower(t) => (
                format!("Lower {name} to {}?", t.label().to_lowercase()),
                format!(
                    "The rooms {who} owns go to the person you choose; then they become a {}.",
                    t.label().to_lowercase()
                ),
                format!("Move rooms and lower to {}", t.label().to_lowercase()),
            ),
        }
    }
}

/// The profile's actions: each one a button, disabled with the reason when the signed-in admin
/// may not take it, and confirmed in a dialog that names what it will do.
#[component]
pub fn PersonActions(person: Person, me: Person, on_changed: Callback<String>) -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let navigate = use_navigate();
    let person = StoredValue::new(person);
    let chosen = RwSignal::new(None::<PersonAction>);
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let heir = RwSignal::new(None::<Heir>);
    let run = Action::new_local(move |action: &PersonAction| {
        let action = *action;
        let target = person.get_value();
        let client = ctx.session.get_untracked().map(|s| s.client());
        let heir = heir.get_untracked().map(|h| h.id).unwrap_or_default();
        async move {
            let Some(client) = client else {
                return Err(ApiError::Unauthorized);
            };
            let ids = vec![target.id.clone()];
            match action {
                PersonAction::Disable => client.set_status(&ids, true).await.map(|_| ()),
                PersonAction::Enable => client.set_status(&ids, false).await.map(|_| ()),
                PersonAction::MakeType(t) => client.set_type(&ids, t).await.map(|_| ()),
                PersonAction::Delete => client.delete_person(&target.id).await.map(|_| ()),
                PersonAction::Lower(t) => lower_and_wait(&client, &target.id, t, &heir).await,
            }
            .map(|()| (action, target))
        }
    });
    Effect::new(move |_| match run.value().get() {
        Some(Ok((action, target))) => {
            open.set(false);
            let name = target.name().to_string();
            if action == PersonAction::Delete {
                navigate("/people", Default::default());
            } else {
                on_changed.run(format!("Done: {} — {name}.", action.label()));
            }
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        _ => {}
    });
    let texts = move || chosen.get().map(|a| a.confirmation(&person.get_value()));
    view! {
        <ul class="actions">
            {PersonAction::ALL
                .into_iter()
                .enumerate()
                .map(|(i, action)| {
                    let verdict = person.with_value(|p| action.verdict(&me, p));
                    let reason_id = format!("action-reason-{i}");
                    let allowed = verdict.is_ok();
                    view! {
                        <li>
                            <button type="button" class=if action.is_destructive() { "danger" } else { "secondary" }
                                disabled=!allowed
                                aria-describedby=(!allowed).then(|| reason_id.clone())
                                on:click=move |_| {
                                    error.set(None);
                                    chosen.set(Some(action));
                                    open.set(true);
                                }>
                                {action.label()}
                            </button>
                            {verdict.err().map(|why| view! { <span id=reason_id class="reason">{why}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <ConfirmDialog
            open=open
            title=Signal::derive(move || texts().map(|t| t.0).unwrap_or_default())
            message=Signal::derive(move || texts().map(|t| t.1).unwrap_or_default())
            confirm_label=Signal::derive(move || texts().map(|t| t.2).unwrap_or_default())
            pending=run.pending()
            error=error
            ready=Signal::derive(move || {
                !matches!(chosen.get(), Some(PersonAction::Lower(_))) || heir.with(Option::is_some)
            })
            on_confirm=Callback::new(move |()| {
                if let Some(action) = chosen.get_untracked() {
                    run.dispatch(action);
                }
            })
        >
            <Show when=move || matches!(chosen.get(), Some(PersonAction::Lower(_)))>
                {move || ctx.session.get_untracked().map(|s| view! {
                    <HeirPicker id="lower-heir" label="Give their rooms to" heir=heir
                        exclude=Signal::stored(vec![person.with_value(|p| p.id.clone())]) client=s.client()/>
                })}
            </Show>
        </ConfirmDialog>
    }
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
        TaskEnd::Gone => first,
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

    fn person(id: &str, t: UserType, status: u8) -> Person {
        let json = serde_json::json!({
            "id": id, "displayName": id, "email": format!("{id}@example.com"), "status": status,
            "isOwner": t == UserType::Owner, "isAdmin": t == UserType::DocSpaceAdmin,
            "isRoomAdmin": t == UserType::RoomAdmin, "isCollaborator": t == UserType::User,
            "isVisitor": t == UserType::Guest,
        });
        serde_json::from_value(json).unwrap()
    }

    /// The actions `me` is offered on `target`, by label.
    fn offered(me: &Person, target: &Person) -> Vec<String> {
        PersonAction::ALL
            .into_iter()
            .filter(|a| a.verdict(me, target).is_ok())
            .map(PersonAction::label)
            .collect()
    }

    #[test]
    fn what_each_role_is_offered_on_a_profile() {
        let owner = person("owner", UserType::Owner, 1);
        let admin = person("admin", UserType::DocSpaceAdmin, 1);
        let room = person("room", UserType::RoomAdmin, 1);
        let user = person("user", UserType::User, 1);
        let guest = person("guest", UserType::Guest, 1);
        let gone = person("gone", UserType::User, 2);
        assert_eq!(
            offered(&owner, &user),
            ["Disable", "Make room admin", "Make docspace admin"]
        );
        assert_eq!(offered(&owner, &gone), ["Enable", "Delete"]);
        assert_eq!(offered(&admin, &user), ["Disable", "Make room admin"]);
        assert_eq!(offered(&admin, &room), ["Disable", "Lower to user"]);
        assert_eq!(offered(&admin, &gone), ["Enable", "Delete"]);
        // A room admin may only make a guest a user: never disable, enable or delete.
        assert_eq!(offered(&room, &guest), ["Make user"]);
        assert!(offered(&room, &user).is_empty());
        assert!(offered(&room, &gone).is_empty());
        for me in [&user, &guest] {
            assert!(offered(me, &gone).is_empty() && offered(me, &guest).is_empty());
        }
        // Lowering is not theirs either: they are not sent to "Lower to user".
        let other_room = person("room2", UserType::RoomAdmin, 1);
        assert!(PersonAction::MakeType(UserType::User)
            .verdict(&room, &other_room)
            .unwrap_err()
            .starts_with("Room admins cannot lower"));
        // The reason names the role.
        assert_eq!(
            PersonAction::Delete.verdict(&room, &gone),
            Err("Room admins cannot delete accounts on DocSpace: only the owner and DocSpace admins can.")
        );
        assert!(PersonAction::Disable
            .verdict(&room, &user)
            .unwrap_err()
            .starts_with("Room admins cannot disable"));
    }

    #[test]
    fn what_each_role_is_offered_in_bulk() {
        let bulk = [
            PersonAction::Disable,
            PersonAction::Enable,
            PersonAction::MakeType(UserType::User),
            PersonAction::MakeType(UserType::RoomAdmin),
        ];
        let allowed = |t: UserType| {
            let me = person("me", t, 1);
            bulk.into_iter()
                .filter(|a| a.role_verdict(&me).is_ok())
                .count()
        };
        assert_eq!(allowed(UserType::Owner), 4);
        assert_eq!(allowed(UserType::DocSpaceAdmin), 4);
        assert_eq!(allowed(UserType::RoomAdmin), 1, "make user only");
        assert_eq!(allowed(UserType::User), 0);
        assert_eq!(allowed(UserType::Guest), 0);
    }
}
