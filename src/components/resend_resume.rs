use leptos::prelude::*;

use crate::components::resend_dialog::{UnfinishedResend, RESEND_KEY};
use crate::components::{BulkSet, ResendDialog};
use crate::session::use_session;

/// A resend this tab started and a reload interrupted (while it waited out the portal's limit,
/// or before the portal answered): offered again, to review and send, or to discard. Nothing
/// is sent without the confirmation.
#[component]
pub fn ResendResume() -> impl IntoView {
    let session = use_session();
    let me = session.me.clone();
    let found = crate::session::recall::<UnfinishedResend>(RESEND_KEY)
        .filter(|u| crate::api::same_id(&u.by, &me.id) && !u.people.is_empty());
    let unfinished = RwSignal::new(found);
    let open = RwSignal::new(false);
    let me = StoredValue::new(me);
    let client = StoredValue::new(session.client());
    let discard = move || {
        crate::session::forget(RESEND_KEY);
        unfinished.set(None);
        open.set(false);
    };
    view! {
        {move || unfinished.get().map(|u| {
            let n = u.people.len();
            view! {
                <div class="notice resend-resume" role="status">
                    <p>{format!(
                        "A resend of the invitation to {} did not finish: the page was reloaded before the portal answered. Nothing more was sent since.",
                        crate::people::people_count(n)
                    )}</p>
                    <button type="button" class="secondary" on:click=move |_| open.set(true)>"Review and resend…"</button>
                    " "
                    <button type="button" class="link" on:click=move |_| discard()>"Discard"</button>
                </div>
            }
        })}
        {move || (open.get()).then(|| unfinished.get()).flatten().map(|u| view! {
            <ResendDialog set=BulkSet::Picked(u.people) me=me.get_value() client=client.get_value()
                on_close=Callback::new(move |_| discard())/>
        })}
    }
}
