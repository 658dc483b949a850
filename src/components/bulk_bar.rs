use leptos::prelude::*;

use crate::api::{Person, UserType};
use crate::components::PersonAction;
use crate::people::eligibility::{can_offboard_many, Verdict};
use crate::people::selection::Selection;
use crate::session::Session;

/// The bulk actions, in the bar's order.
const ACTIONS: [PersonAction; 4] = [
    PersonAction::Disable,
    PersonAction::Enable,
    PersonAction::MakeType(UserType::User),
    PersonAction::MakeType(UserType::RoomAdmin),
];

/// Each bulk action's verdict for the signed-in role, then offboarding's. Without a session
/// (a component mounted alone) everything is offered, and the portal decides.
fn verdicts(me: Option<&Person>) -> Vec<Verdict> {
    let Some(me) = me else {
        return vec![Ok(()); ACTIONS.len() + 1];
    };
    ACTIONS
        .iter()
        .map(|a| a.role_verdict(me))
        .chain([can_offboard_many(me)])
        .collect()
}

/// The reasons shown once each, and which of them describes each refused button (its index).
fn reasons(verdicts: &[Verdict]) -> (Vec<&'static str>, Vec<Option<usize>>) {
    let mut shown: Vec<&'static str> = Vec::new();
    let refs = verdicts
        .iter()
        .map(|v| {
            v.err().map(|why| {
                shown.iter().position(|s| *s == why).unwrap_or_else(|| {
                    shown.push(why);
                    shown.len() - 1
                })
            })
        })
        .collect();
    (shown, refs)
}

/// What is selected, with "every match", "clear", and offboarding the selection. An action the
/// signed-in role can never take (a room admin's Disable, say) is disabled, with the reason.
#[component]
pub fn BulkBar(
    selection: RwSignal<Selection>,
    #[prop(into)] total: Signal<u64>,
    on_offboard: Callback<()>,
    on_action: Callback<PersonAction>,
) -> impl IntoView {
    let count = move || selection.with(|s| s.count(total.get()));
    let me = use_context::<Session>().map(|s| s.me);
    let verdicts = verdicts(me.as_ref());
    let (shown, refs) = reasons(&verdicts);
    let reason_id = move |i: Option<usize>| i.map(|i| format!("bulk-why-{i}"));
    let offboard_why = reason_id(refs[ACTIONS.len()]);
    view! {
        <Show when=move || { count() > 0 }>
            <div class="bulk-bar" role="region" aria-label="Selection">
                <p role="status">{move || format!("{} selected", count())}</p>
                <Show when=move || !selection.with(Selection::is_all_matching) && count() < total.get()>
                    <button type="button" class="secondary" on:click=move |_| selection.update(Selection::select_all_matching)>
                        {move || format!("Select all {} matching", total.get())}
                    </button>
                </Show>
                <button type="button" class="secondary" on:click=move |_| selection.update(Selection::clear)>
                    "Clear selection"
                </button>
                {ACTIONS
                    .into_iter()
                    .zip(refs.clone())
                    .map(|(action, why)| view! {
                        <button type="button" class="secondary" disabled=why.is_some()
                            aria-describedby=reason_id(why) on:click=move |_| on_action.run(action)>
                            {format!("{}…", action.label())}
                        </button>
                    })
                    .collect_view()}
                <button type="button" class="danger" disabled=offboard_why.is_some()
                    aria-describedby=offboard_why.clone() on:click=move |_| on_offboard.run(())>
                    {move || format!("Offboard {} selected…", count())}
                </button>
                {shown
                    .iter()
                    .enumerate()
                    .map(|(i, why)| view! { <p id=format!("bulk-why-{i}") class="reason">{*why}</p> })
                    .collect_view()}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_reason_is_shown_once() {
        let (shown, refs) = super::reasons(&[Err("a"), Err("a"), Ok(()), Err("b"), Err("a")]);
        assert_eq!(shown, ["a", "b"]);
        assert_eq!(refs, [Some(0), Some(0), None, Some(1), Some(0)]);
    }

    #[test]
    fn a_room_admin_may_only_make_guests_users() {
        let me: crate::api::Person = serde_json::from_value(serde_json::json!({
            "id": "room", "displayName": "Room", "email": "room@example.com", "status": 1,
            "isRoomAdmin": true,
        }))
        .unwrap();
        let verdicts = super::verdicts(Some(&me));
        let offered: Vec<bool> = verdicts.iter().map(Result::is_ok).collect();
        // Disable, Enable, Make user, Make room admin, Offboard.
        assert_eq!(offered, [false, false, true, false, false]);
        let (shown, _) = super::reasons(&verdicts);
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown
            .iter()
            .all(|why| why.starts_with("Room admins cannot")));
        assert!(super::verdicts(None).iter().all(Result::is_ok));
    }
}
