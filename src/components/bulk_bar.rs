use leptos::prelude::*;

use crate::api::{Person, UserStatus, UserType};
use crate::components::{MenuButton, MenuItem, PersonAction};
use crate::lifecycle::membership::Membership;
use crate::people::eligibility::{can_offboard_many, Verdict};
use crate::people::query::{ListQuery, StatusFilter};
use crate::people::selection::Selection;
use crate::session::Session;

/// The types the bar's "Change type" menu offers.
const TYPES: [UserType; 2] = [UserType::User, UserType::RoomAdmin];

/// What the selection is, as far as the bar can tell: the people picked (loaded rows), or
/// every match of a query (not loaded, so not counted per action).
#[derive(Debug, Clone, PartialEq)]
enum Chosen {
    Picked(Vec<Person>),
    Matching(Option<StatusFilter>),
}

/// How many of the selected an action applies to: `Some((k, n))` when the bar knows.
fn applies(action: PersonAction, me: Option<&Person>, chosen: &Chosen) -> Option<(usize, usize)> {
    let Chosen::Picked(people) = chosen else {
        return None;
    };
    let k = people
        .iter()
        .filter(|p| me.is_none_or(|me| action.verdict(me, p).is_ok()))
        .count();
    Some((k, people.len()))
}

/// "Disable (2 of 3)…", "Disable (3)…", or "Disable…" for every match.
fn label(action: PersonAction, counts: Option<(usize, usize)>) -> String {
    match counts {
        Some((k, n)) if k == n => format!("{} ({n})…", action.label()),
        Some((k, n)) => format!("{} ({k} of {n})…", action.label()),
        None => format!("{}…", action.label()),
    }
}

/// Why an action is unavailable for this selection, if it is: the role's reason first, then
/// "none of them".
fn unavailable(
    action: PersonAction,
    me: Option<&Person>,
    counts: Option<(usize, usize)>,
) -> Option<String> {
    if let Some(why) = me.and_then(|me| action.role_verdict(me).err()) {
        return Some(why.to_string());
    }
    let Some((0, n)) = counts else {
        return None;
    };
    let what = match action {
        PersonAction::Disable => "disabled",
        PersonAction::Enable => "enabled",
        PersonAction::Delete => "deleted",
        PersonAction::MakeType(_) | PersonAction::Lower(_) => "changed to that type",
    };
    Some(if n == 1 {
        format!("The person selected cannot be {what}.")
    } else {
        format!("None of the {n} selected can be {what}.")
    })
}

/// How many of the picked the portal would send an invitation (or activation email) again.
fn resend_counts(me: Option<&Person>, chosen: &Chosen) -> Option<(usize, usize)> {
    let Chosen::Picked(people) = chosen else {
        return None;
    };
    let k = people
        .iter()
        .filter(|p| me.is_none_or(|me| crate::people::sessions::resend_invitation(me, p).is_ok()))
        .count();
    Some((k, people.len()))
}

/// Deleting is offered when everyone selected is disabled (the portal deletes only
/// disabled people).
fn delete_unavailable(me: Option<&Person>, chosen: &Chosen) -> Option<String> {
    if let Some(why) = me.and_then(|me| PersonAction::Delete.role_verdict(me).err()) {
        return Some(why.to_string());
    }
    let all_disabled = match chosen {
        Chosen::Picked(people) => people.iter().all(|p| p.status() == UserStatus::Disabled),
        Chosen::Matching(status) => *status == Some(StatusFilter::Disabled),
    };
    (!all_disabled).then(|| {
        "Only disabled people can be deleted: select disabled people only (or filter by Disabled), or offboard them.".to_string()
    })
}

/// Which status change comes first: Disable, unless none of the selected can be disabled
/// and some can be enabled (or every match is disabled).
fn status_first(me: Option<&Person>, chosen: &Chosen) -> (PersonAction, PersonAction) {
    let enable_first = match chosen {
        Chosen::Picked(_) => {
            let disable = applies(PersonAction::Disable, me, chosen).map_or(0, |c| c.0);
            let enable = applies(PersonAction::Enable, me, chosen).map_or(0, |c| c.0);
            disable == 0 && enable > 0
        }
        Chosen::Matching(status) => *status == Some(StatusFilter::Disabled),
    };
    if enable_first {
        (PersonAction::Enable, PersonAction::Disable)
    } else {
        (PersonAction::Disable, PersonAction::Enable)
    }
}

/// What is selected, with "every match", "clear", and at most three actions in view (Disable
/// or Enable, Change type, Offboard), the rest under "More". An action shows for how many of
/// the selected it applies ("Disable (2 of 3)…"); one that applies to none, or that the
/// signed-in role can never take, is unavailable with the reason. It stays on screen (sticky;
/// at the bottom on a phone).
#[component]
pub fn BulkBar(
    selection: RwSignal<Selection>,
    #[prop(into)] total: Signal<u64>,
    /// The rows loaded, to count the selected.
    #[prop(into)]
    rows: Signal<Vec<Person>>,
    #[prop(into)] query: Signal<ListQuery>,
    on_offboard: Callback<()>,
    on_action: Callback<PersonAction>,
    /// "Groups": add the selection to a group, or remove it from one.
    #[prop(optional)]
    on_groups: Option<Callback<Membership>>,
    /// "Resend invitation": the invitation (or activation email) again, for the selection.
    #[prop(optional)]
    on_resend: Option<Callback<()>>,
) -> impl IntoView {
    let count = move || selection.with(|s| s.count(total.get()));
    let me = StoredValue::new(use_context::<Session>().map(|s| s.me));
    let chosen = Memo::new(move |_| {
        selection.with(|s| {
            if s.is_all_matching() {
                Chosen::Matching(query.with(|q| q.status))
            } else {
                Chosen::Picked(
                    rows.with(|r| r.iter().filter(|p| s.is_selected(&p.id)).cloned().collect()),
                )
            }
        })
    });
    let offboard_why: Verdict = me.with_value(|me| me.as_ref().map_or(Ok(()), can_offboard_many));
    let status_button = move || {
        let (first, _) = me.with_value(|me| chosen.with(|c| status_first(me.as_ref(), c)));
        let counts = me.with_value(|me| chosen.with(|c| applies(first, me.as_ref(), c)));
        let why = me.with_value(|me| unavailable(first, me.as_ref(), counts));
        view! {
            <button type="button" class=if first.is_destructive() { "danger" } else { "secondary" }
                disabled=why.is_some() aria-describedby=why.is_some().then_some("bulk-why-status")
                on:click=move |_| on_action.run(first)>
                {label(first, counts)}
            </button>
            {why.map(|why| view! { <p id="bulk-why-status" class="reason">{why}</p> })}
        }
    };
    let item = move |action: PersonAction| {
        let counts = me.with_value(|me| chosen.with_untracked(|c| applies(action, me.as_ref(), c)));
        let why = me.with_value(|me| unavailable(action, me.as_ref(), counts));
        MenuItem::new(label(action, counts), move || on_action.run(action)).unavailable_for(why)
    };
    let type_items = Callback::new(move |()| {
        TYPES
            .into_iter()
            .map(|t| item(PersonAction::MakeType(t)))
            .collect()
    });
    let more_items = Callback::new(move |()| {
        let (_, second) =
            me.with_value(|me| chosen.with_untracked(|c| status_first(me.as_ref(), c)));
        let delete_why =
            me.with_value(|me| chosen.with_untracked(|c| delete_unavailable(me.as_ref(), c)));
        let delete = if delete_why.is_some() {
            MenuItem::new(label(PersonAction::Delete, None), || {}).unavailable_for(delete_why)
        } else {
            item(PersonAction::Delete)
        };
        let mut items = vec![item(second)];
        if let Some(run) = on_resend {
            let counts =
                me.with_value(|me| chosen.with_untracked(|c| resend_counts(me.as_ref(), c)));
            let why = matches!(counts, Some((0, _)))
                .then(|| "None of them has an invitation the portal would send again.".to_string());
            let label = match counts {
                Some((k, n)) if k == n => format!("Resend invitation ({n})…"),
                Some((k, n)) => format!("Resend invitation ({k} of {n})…"),
                None => "Resend invitation…".to_string(),
            };
            items.push(MenuItem::new(label, move || run.run(())).unavailable_for(why));
        }
        items.push(delete.danger());
        items
    });
    let groups_why = me.with_value(|me| {
        me.as_ref()
            .and_then(|me| crate::people::groups::can_edit_groups(me).err())
    });
    let group_items = Callback::new(move |()| {
        let Some(run) = on_groups else {
            return Vec::new();
        };
        [Membership::Add, Membership::Remove]
            .into_iter()
            .map(|kind| {
                MenuItem::new(format!("{}…", kind.verb()), move || run.run(kind))
                    .unavailable_for(groups_why.map(str::to_string))
            })
            .collect()
    });
    view! {
        <Show when=move || { count() > 0 }>
            <div class="bulk-bar" role="region" aria-label="Selection">
                <p role="status">{move || format!("{} selected", count())}</p>
                <Show when=move || !selection.with(Selection::is_all_matching) && count() < total.get()>
                    <button type="button" class="link" on:click=move |_| selection.update(Selection::select_all_matching)>
                        {move || format!("Select all {} matching", total.get())}
                    </button>
                </Show>
                <button type="button" class="link" on:click=move |_| selection.update(Selection::clear)>
                    "Clear"<span class="long">" selection"</span>
                </button>
                <span class="bulk-actions">
                    {status_button}
                    <MenuButton label="Change type" items=type_items/>
                    {on_groups.is_some().then(|| view! { <MenuButton label="Groups" items=group_items/> })}
                    <button type="button" class="danger" disabled=offboard_why.is_err()
                        aria-describedby=offboard_why.is_err().then_some("bulk-why-offboard")
                        on:click=move |_| on_offboard.run(())>
                        // On a phone the button says "Offboard…": the count is in the bar.
                        "Offboard"<span class="long">{move || format!(" {} selected", count())}</span>"…"
                    </button>
                    <MenuButton label="More" items=more_items/>
                </span>
                {offboard_why.err().map(|why| view! { <p id="bulk-why-offboard" class="reason">{why}</p> })}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, t: UserType, status: u8) -> Person {
        serde_json::from_value(serde_json::json!({
            "id": id, "displayName": id, "email": format!("{id}@example.com"), "status": status,
            "isOwner": t == UserType::Owner, "isAdmin": t == UserType::DocSpaceAdmin,
            "isRoomAdmin": t == UserType::RoomAdmin, "isCollaborator": t == UserType::User,
            "isVisitor": t == UserType::Guest,
        }))
        .unwrap()
    }

    #[test]
    fn the_bar_counts_whom_each_action_applies_to() {
        let admin = person("admin", UserType::DocSpaceAdmin, 1);
        let chosen = Chosen::Picked(vec![
            person("a", UserType::User, 1),
            person("b", UserType::User, 1),
            person("c", UserType::User, 2),
        ]);
        let me = Some(&admin);
        let disable = applies(PersonAction::Disable, me, &chosen);
        assert_eq!(label(PersonAction::Disable, disable), "Disable (2 of 3)…");
        assert_eq!(status_first(me, &chosen).0, PersonAction::Disable);
        assert!(delete_unavailable(me, &chosen).is_some(), "two are active");
        let disabled = Chosen::Picked(vec![person("c", UserType::User, 2)]);
        assert_eq!(status_first(me, &disabled).0, PersonAction::Enable);
        assert_eq!(delete_unavailable(me, &disabled), None);
        let counts = applies(PersonAction::Delete, me, &disabled);
        assert_eq!(label(PersonAction::Delete, counts), "Delete (1)…");
        assert_eq!(
            label(
                PersonAction::Disable,
                applies(PersonAction::Disable, me, &Chosen::Matching(None))
            ),
            "Disable…"
        );
        assert_eq!(
            unavailable(
                PersonAction::Disable,
                me,
                applies(PersonAction::Disable, me, &disabled)
            ),
            Some("The person selected cannot be disabled.".into())
        );
    }

    #[test]
    fn every_match_of_the_disabled_filter_may_be_enabled_or_deleted() {
        let admin = person("admin", UserType::DocSpaceAdmin, 1);
        let me = Some(&admin);
        let disabled = Chosen::Matching(Some(StatusFilter::Disabled));
        assert_eq!(status_first(me, &disabled).0, PersonAction::Enable);
        assert_eq!(delete_unavailable(me, &disabled), None);
        let anyone = Chosen::Matching(None);
        assert_eq!(status_first(me, &anyone).0, PersonAction::Disable);
        assert!(delete_unavailable(me, &anyone).is_some());
    }

    #[test]
    fn a_room_admin_is_told_why() {
        let room = person("room", UserType::RoomAdmin, 1);
        let chosen = Chosen::Picked(vec![person("g", UserType::Guest, 1)]);
        let why = unavailable(
            PersonAction::Disable,
            Some(&room),
            applies(PersonAction::Disable, Some(&room), &chosen),
        );
        assert!(why.is_some_and(|w| w.starts_with("Room admins cannot")));
        let make_user = PersonAction::MakeType(UserType::User);
        assert_eq!(
            unavailable(
                make_user,
                Some(&room),
                applies(make_user, Some(&room), &chosen)
            ),
            None
        );
        assert!(delete_unavailable(Some(&room), &chosen)
            .is_some_and(|w| w.starts_with("Room admins cannot")));
    }
}
