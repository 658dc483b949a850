use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{Person, UserStatus, UserType};
use crate::components::{MenuButton, MenuItem};
use crate::people::eligibility::{
    can_change_status_at_all, can_change_type, can_delete, can_delete_at_all, can_enable,
    can_lower_type, can_lower_types_at_all, can_make_type_at_all, can_offboard, can_terminate,
    Verdict,
};
use crate::people::people_count;

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

    /// Why this portal cannot do the action at all, whoever asks: lowering a type moves rooms
    /// with `POST /people/type`, which came with DocSpace 3.1 (`None` on 3.1 and later, or when
    /// the portal did not say its release).
    pub fn unsupported_here(self) -> Option<String> {
        match self {
            PersonAction::Lower(_) => use_context::<crate::session::Session>()?
                .needs_3_1("Lowering a type with its rooms handed over"),
            _ => None,
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

/// A type's name inside a sentence: "room admin", "DocSpace admin" (a name keeps its capitals).
fn type_words(t: UserType) -> String {
    t.label().to_lowercase().replace("docspace", "DocSpace")
}

/// The type changes of the profile's "Change type" menu, in order.
const TYPE_CHANGES: [PersonAction; 4] = [
    PersonAction::MakeType(UserType::User),
    PersonAction::MakeType(UserType::RoomAdmin),
    PersonAction::MakeType(UserType::DocSpaceAdmin),
    PersonAction::Lower(UserType::User),
];

impl PersonAction {
    /// How a menu names it: "Make DocSpace admin", "Lower to user…" (more is asked before it runs).
    pub fn menu_label(self) -> String {
        match self {
            PersonAction::MakeType(t) => format!("Make {}", type_words(t)),
            PersonAction::Lower(t) => format!("Lower to {}…", type_words(t)),
            other => other.label(),
        }
    }
}

/// Why the profile offers nothing on the owner.
pub const OWNER_NOTE: &str = "The portal owner cannot be changed here: ownership moves in the portal's settings, and the owner's account can be neither disabled nor deleted.";

/// The profile's actions, grouped: the status (Disable or Enable, whichever applies), the type
/// (a "Change type" menu), and a danger zone (Delete, and Offboard… into the wizard). What the
/// signed-in admin may not do is shown unavailable with the reason; the owner is offered nothing.
/// An action asked for goes to `asked`, which a `PersonActionDialog` confirms and runs.
#[component]
pub fn PersonActions(
    person: Person,
    me: Person,
    asked: RwSignal<Option<(Person, PersonAction)>>,
) -> impl IntoView {
    if person.is_owner {
        return view! { <p class="owner-note">{OWNER_NOTE}</p> }.into_any();
    }
    let status = if person.status() == UserStatus::Disabled {
        PersonAction::Enable
    } else {
        PersonAction::Disable
    };
    let target = StoredValue::new(person.clone());
    let offboard = can_offboard(&me, &person);
    let me = StoredValue::new(me);
    let ask = move |action: PersonAction| asked.set(Some((target.get_value(), action)));
    let button = move |action: PersonAction, id: &'static str| {
        let verdict = target.with_value(|p| me.with_value(|me| action.verdict(me, p)));
        let allowed = verdict.is_ok();
        view! {
            <button type="button" class=if action.is_destructive() { "danger" } else { "secondary" }
                disabled=!allowed aria-describedby=(!allowed).then_some(id)
                on:click=move |_| ask(action)>
                {action.label()}
            </button>
            {verdict.err().map(|why| view! { <span id=id class="reason">{why}</span> })}
        }
    };
    let type_items = Callback::new(move |()| {
        TYPE_CHANGES
            .into_iter()
            .map(|action| {
                let why = target
                    .with_value(|p| me.with_value(|me| action.verdict(me, p)))
                    .err()
                    .map(str::to_string)
                    .or_else(|| action.unsupported_here());
                MenuItem::new(action.menu_label(), move || ask(action)).unavailable_for(why)
            })
            .collect::<Vec<_>>()
    });
    let wizard = crate::base::href(&format!(
        "/lifecycle?person={}",
        String::from(js_sys::encode_uri_component(&person.id))
    ));
    view! {
        <div class="action-groups">
            <section class="action-group" aria-labelledby="status-actions">
                <h3 id="status-actions">"Status"</h3>
                <p class="action-row">{button(status, "status-reason")}</p>
            </section>
            <section class="action-group" aria-labelledby="type-actions">
                <h3 id="type-actions">"Type"</h3>
                <p class="action-row">
                    <MenuButton label="Change type" items=type_items/>
                </p>
            </section>
            <section class="action-group danger-zone" aria-labelledby="danger-actions">
                <h3 id="danger-actions">"Danger zone"</h3>
                <p class="action-row">{button(PersonAction::Delete, "delete-reason")}</p>
                <p class="action-row">
                    {match offboard {
                        Ok(()) => view! { <A href=wizard attr:class="button danger-link">"Offboard…"</A> }.into_any(),
                        Err(why) => view! {
                            <button type="button" class="danger" disabled=true aria-describedby="offboard-reason">"Offboard…"</button>
                            <span id="offboard-reason" class="reason">{why}</span>
                        }.into_any(),
                    }}
                </p>
            </section>
        </div>
    }
    .into_any()
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
    fn the_change_type_menu_names_its_entries() {
        let labels = TYPE_CHANGES.map(PersonAction::menu_label);
        assert_eq!(
            labels,
            [
                "Make user",
                "Make room admin",
                "Make DocSpace admin",
                "Lower to user…"
            ]
        );
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
