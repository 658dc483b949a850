use leptos::prelude::*;

use crate::components::{BulkSet, ResendDialog, TextField};
use crate::people::invitations::parse_days;
use crate::people::query::{ListQuery, StatusFilter};
use crate::session::use_session;

/// Under the Pending filter: "Resend invitations older than N days…", for everyone pending
/// that the list's other filters match (not only the rows loaded). A number of days that is
/// not one is refused next to the field, and what was typed stays. `on_done` hears when
/// anything was sent.
#[component]
pub fn PendingResend(
    #[prop(into)] query: Signal<ListQuery>,
    on_done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let days = RwSignal::new("14".to_string());
    let error = RwSignal::new(None::<String>);
    let asked = RwSignal::new(None::<(u32, ListQuery)>);
    let me = StoredValue::new(session.me.clone());
    let client = StoredValue::new(session.client());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_days(&days.get_untracked()) {
            Ok(d) => {
                error.set(None);
                let mut q = query.get_untracked();
                q.status = Some(StatusFilter::Pending);
                asked.set(Some((d, q)));
            }
            Err(why) => error.set(Some(why.to_string())),
        }
    };
    view! {
        <form class="pending-resend" on:submit=submit novalidate>
            <TextField id="resend-older-days" label="Invited more than (days) ago" value=days
                inputmode="numeric" error=Signal::derive(move || error.get())/>
            <button type="submit" class="secondary">"Resend older invitations…"</button>
        </form>
        {move || asked.get().map(|(d, q)| view! {
            <ResendDialog set=BulkSet::Matching { query: q, excluded: Vec::new(), total: 0 }
                older_than=d me=me.get_value() client=client.get_value()
                on_close=Callback::new(move |did: bool| {
                    asked.set(None);
                    if did {
                        on_done.run(());
                    }
                })/>
        })}
    }
}
