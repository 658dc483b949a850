//! What a person's row menu offers (the list, and any page that lists people with the table).

use leptos::prelude::*;

use crate::api::{Person, UserStatus, UserType};
use crate::components::{MenuItem, PersonAction};
use crate::people::eligibility::can_offboard_one;

/// The type changes that make sense from `from`: raising to each higher type, lowering (with a
/// handover of rooms) from an admin type.
fn type_actions(from: UserType) -> Vec<PersonAction> {
    let mut actions: Vec<PersonAction> =
        [UserType::User, UserType::RoomAdmin, UserType::DocSpaceAdmin]
            .into_iter()
            .filter(|t| *t != from)
            .filter(|t| {
                !(*t == UserType::User
                    && matches!(from, UserType::RoomAdmin | UserType::DocSpaceAdmin))
            })
            .map(PersonAction::MakeType)
            .collect();
    if matches!(from, UserType::RoomAdmin | UserType::DocSpaceAdmin) {
        actions.push(PersonAction::Lower(UserType::User));
    }
    actions
}

/// Open, Disable or Enable, the type changes, and Offboard…: each unavailable with the
/// portal's reason when `me` may not take it. Nothing is offered on the owner but Open.
pub fn person_menu(
    me: &Person,
    person: &Person,
    ask: Callback<(Person, PersonAction)>,
    open: Callback<Person>,
    offboard: Callback<Person>,
) -> Vec<MenuItem> {
    let opened = person.clone();
    let mut items = vec![MenuItem::new("Open", move || open.run(opened.clone()))];
    if person.is_owner {
        return items;
    }
    let status = if person.status() == UserStatus::Disabled {
        PersonAction::Enable
    } else {
        PersonAction::Disable
    };
    let offered = std::iter::once(status).chain(type_actions(person.user_type()));
    for action in offered {
        let why = action
            .verdict(me, person)
            .err()
            .map(str::to_string)
            .or_else(|| action.unsupported_here());
        let target = person.clone();
        // Each opens a confirmation: "…".
        let mut label = action.menu_label();
        if !label.ends_with('…') {
            label.push('…');
        }
        let item =
            MenuItem::new(label, move || ask.run((target.clone(), action))).unavailable_for(why);
        items.push(if action.is_destructive() {
            item.danger()
        } else {
            item
        });
    }
    let leaver = person.clone();
    let why = can_offboard_one(me)
        .err()
        .map(str::to_string)
        .or_else(|| (person.id == me.id).then(|| "You cannot offboard yourself.".to_string()));
    items.push(
        MenuItem::new("Offboard…", move || offboard.run(leaver.clone()))
            .unavailable_for(why)
            .danger(),
    );
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_changes_from_each_type() {
        let labels = |t| {
            type_actions(t)
                .into_iter()
                .map(PersonAction::label)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(UserType::User),
            ["Make room admin", "Make docspace admin"]
        );
        assert_eq!(
            labels(UserType::Guest),
            ["Make user", "Make room admin", "Make docspace admin"]
        );
        assert_eq!(
            labels(UserType::RoomAdmin),
            ["Make docspace admin", "Lower to user"]
        );
        assert_eq!(
            labels(UserType::DocSpaceAdmin),
            ["Make room admin", "Lower to user"]
        );
    }
}
