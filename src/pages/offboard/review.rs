//! The review before anything changes: who is in, who is left out and why, who owns rooms,
//! and what happens to their rooms.

use leptos::prelude::*;

use super::portal::LivePortal;
use crate::api::{Person, PortalClient, RequestLog};
use crate::components::{HeirPicker, NewHeadPicker, TextField};
use crate::lifecycle::plan::{Actor, Heir, LeaverGroup, OffboardingPlan, SignOut};
use crate::lifecycle::run::check_rooms;
use crate::people::people_count;

/// A leaver's groups, the ones they head marked.
fn groups_cell(groups: &[LeaverGroup]) -> String {
    groups
        .iter()
        .map(|g| {
            if g.head {
                format!("{} (head)", g.name)
            } else {
                g.name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub(super) fn ReviewView(
    plan: OffboardingPlan,
    client: PortalClient,
    log: RequestLog,
    me: Person,
    on_start: Callback<OffboardingPlan>,
) -> impl IntoView {
    let plan = RwSignal::new(plan);
    let handover = RwSignal::new(false);
    // On a 3.0 portal nobody can be asked whether they own data (`reassign/necessary` came
    // with 3.1): the handover is not offered, and says why.
    let no_handover =
        crate::session::use_session().needs_3_1("Handing rooms and shared files over");
    let heir = RwSignal::new(None::<Heir>);
    let delete_owners = RwSignal::new(false);
    // Everyone's sessions end before anyone is disabled, unless the admin leaves it to the
    // disable (which ends them too) to save a request per person.
    let sign_out = RwSignal::new(true);
    let to_sign_out = move || {
        plan.with(|p| {
            p.leavers
                .iter()
                .filter(|l| l.signed_out == SignOut::Waiting)
                .count()
        })
    };
    let typed_owners = RwSignal::new(String::new());
    let checking = RwSignal::new(false);
    let check_error = RwSignal::new(None::<String>);
    let client = StoredValue::new(client);
    let log = StoredValue::new(log);
    // The check belongs to the review, not to the button that asked for it (the "Try again"
    // button goes as soon as it is pressed): it is cancelled only when the review goes.
    let review_owner = StoredValue::new(Owner::current());
    // Asks who owns rooms, for those not asked yet. A failure stops the review with the reason
    // and a retry: nobody is taken to own no rooms because the portal did not answer.
    let check = move || {
        if checking.get_untracked() {
            return;
        }
        checking.set(true);
        check_error.set(None);
        let task = async move {
            let portal = LivePortal {
                client: client.get_value(),
                log: log.get_value(),
            };
            let mut p = plan.get_untracked();
            let result = check_rooms(&mut p, &portal, &mut |p| plan.set(p.clone())).await;
            checking.set(false);
            if let Err((name, error)) = result {
                let (total, left) =
                    plan.with_untracked(|p| (p.leavers.len(), p.rooms_unchecked().len()));
                check_error.set(Some(format!(
                    "Could not check whether {name} owns rooms or shared files: {error}. {} of {total} checked; nothing has been changed.",
                    total - left
                )));
            }
        };
        match review_owner.get_value() {
            Some(owner) => owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(task)),
            None => leptos::task::spawn_local_scoped_with_cancellation(task),
        }
    };
    let count = move || plan.with(|p| p.leavers.len());
    let unchecked = move || plan.with(|p| p.rooms_unchecked().len());
    let owners = move || plan.with(|p| p.owners().len());
    let owner_names = move || {
        plan.with(|p| {
            p.owners()
                .iter()
                .map(|l| l.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let heads = plan.with_untracked(|p| p.heads.clone());
    // Kept apart from the plan, which the room check replaces as it goes.
    let new_heads = RwSignal::new(Vec::<(String, Heir)>::new());
    let leavers =
        Signal::derive(move || plan.with(|p| p.leavers.iter().map(|l| l.id.clone()).collect()));
    let rooms_status = move || {
        let total = count();
        if checking.get() {
            format!(
                "Checking who owns rooms or shared files… {} of {total}",
                total - unchecked()
            )
        } else if check_error.with(Option::is_some) || unchecked() > 0 {
            String::new()
        } else if owners() == 0 {
            "Nobody owns rooms or shared files.".to_string()
        } else {
            format!(
                "{} own rooms or shared files: {}. The handover moves both.",
                owners(),
                owner_names()
            )
        }
    };
    let owners_known = move || unchecked() == 0 && !checking.get();
    let ready = move || {
        count() > 0
            && !checking.get()
            && (!handover.get()
                || (owners_known()
                    && (owners() == 0 || heir.with(Option::is_some))
                    && (!delete_owners.get() || typed_owners.get().trim() == owners().to_string())))
    };
    let start = move |_| {
        let mut p = plan.get_untracked();
        let handing = handover.get_untracked() && !p.owners().is_empty();
        p.heir = if handing { heir.get_untracked() } else { None };
        p.delete_owners_on_handover = handing && delete_owners.get_untracked();
        p.set_sign_out_first(sign_out.get_untracked());
        for (group, to) in new_heads.get_untracked() {
            let _ = p.choose_head(&group, Some(to));
        }
        p.receipt.records.extend(log.get_value().take());
        p.confirm(&Actor::of(&me));
        on_start.run(p);
    };
    let owns_cell = move |owns: bool, checked: bool| {
        if owns {
            "yes"
        } else if handover.get() && !checked {
            "not checked"
        } else {
            ""
        }
    };
    view! {
        <section class="step review">
            <h2>{move || format!("{} will be offboarded", people_count(count()))}</h2>
            <table class="leavers">
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Groups"</th><th scope="col">"Owns rooms or shared files"</th></tr></thead>
                <tbody>
                    <For each=move || plan.with(|p| p.leavers.clone())
                        key=|l| (l.id.clone(), l.owns_rooms, l.rooms_checked)
                        children=move |l| view! {
                            <tr><td>{l.name}</td><td>{l.email}</td><td>{groups_cell(&l.groups)}</td><td>{move || owns_cell(l.owns_rooms, l.rooms_checked)}</td></tr>
                        }/>
                </tbody>
            </table>
            <Show when=move || plan.with(|p| !p.left_out.is_empty())>
                <h3>{move || format!("Left out: {}", plan.with(|p| p.left_out.len()))}</h3>
                <table class="left-out">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {move || plan.with(|p| p.left_out.clone()).into_iter().map(|l| view! {
                            <tr><td>{l.name}</td><td class="reason">{l.reason}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
            {(!heads.is_empty()).then(|| view! {
                <h3>{format!("Heads of group: {}", heads.len())}</h3>
                {heads.into_iter().map(|head| {
                    let group = head.group_id.clone();
                    let on_choose = Callback::new(move |to: Option<Heir>| new_heads.update(|all| {
                        all.retain(|(g, _)| *g != group);
                        all.extend(to.map(|to| (group.clone(), to)));
                    }));
                    view! { <NewHeadPicker head=head exclude=leavers.get_untracked() client=client.get_value() on_choose=on_choose/> }
                }).collect_view()}
            })}
            <label class="checkbox">
                <input type="checkbox" id="offboard-sign-out" prop:checked=move || sign_out.get()
                    aria-describedby="offboard-sign-out-hint"
                    on:change=move |ev| sign_out.set(event_target_checked(&ev))/>
                " Sign them out everywhere first"
            </label>
            <p id="offboard-sign-out-hint" class="hint">{move || format!(
                "Every session they have open ends before anyone is disabled, one request per person ({}); the receipt shows it as a step. The portal's disable ends their sessions too.",
                match to_sign_out() { 1 => "1 request".to_string(), n => format!("{n} requests") }
            )}</p>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || handover.get() disabled=no_handover.is_some()
                    aria-describedby=no_handover.is_some().then_some("handover-unavailable")
                    on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    handover.set(on);
                    if on { check(); }
                }/>
                " Hand the rooms and shared files of those who own some to one person first"
            </label>
            {no_handover.clone().map(|why| view! { <p id="handover-unavailable" class="hint">{why}</p> })}
            <Show when=move || handover.get()>
                <p class="room-check" role="status">{rooms_status}</p>
                <Show when=move || check_error.with(Option::is_some)>
                    <div class="error" role="alert">
                        <p>{move || check_error.get()}</p>
                        <button type="button" on:click=move |_| check()>"Try again"</button>
                    </div>
                </Show>
                <Show when=move || { owners_known() && owners() > 0 }>
                    <HeirPicker id="offboard-heir" label="Give the rooms to" heir=heir exclude=leavers client=client.get_value()/>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || delete_owners.get()
                            on:change=move |ev| { delete_owners.set(event_target_checked(&ev)); typed_owners.set(String::new()); }/>
                        " Delete each owner as soon as their rooms and files are handed over"
                    </label>
                    <Show when=move || delete_owners.get()>
                        <p class="warning">
                            {move || format!("The portal deletes each of the {} as soon as their handover ends, without waiting for you to confirm the others' deletion. This cannot be undone.", owners())}
                        </p>
                        <TextField id="confirm-owners" inputmode="numeric" value=typed_owners
                            label=Signal::derive(move || format!("Type {} to confirm deleting the room owners", owners()))/>
                    </Show>
                </Show>
            </Show>
            <p>{move || if handover.get() && delete_owners.get() {
                "They cannot sign in once disabled: the portal ends every session they have open as it disables them, and refuses their API keys. The room owners are deleted as their handover ends; everyone else is deleted only after you type how many on the next step."
            } else {
                "They cannot sign in once disabled: the portal ends every session they have open as it disables them, and refuses their API keys. Nobody is deleted until you type how many on the next step."
            }}</p>
            <button type="button" class="danger" disabled=move || !ready() on:click=start>
                {move || format!("Disable {}", people_count(count()))}
            </button>
        </section>
    }
}
