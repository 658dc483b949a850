use leptos::prelude::*;

use crate::api::{Person, PortalClient};
use crate::components::{use_toasts, ConfirmDialog};
use crate::people::account::{authenticator_effect, can_reset_authenticator, refusal_text};

/// "Reset authenticator app…" on a profile (`PUT /settings/tfaappnewapp`), for a person the
/// portal reports with an authenticator app (it tells only admins): after a confirmation naming
/// the effect (the app unlinked, every session ended, a new app at the next sign-in). Only the
/// owner may reset someone else's; anyone else sees why not. `on_changed` runs once the portal
/// took it, to read the person again.
#[component]
pub fn ResetAuthenticator(
    person: Person,
    me: Person,
    client: PortalClient,
    on_changed: Callback<()>,
) -> impl IntoView {
    let Some(verdict) = can_reset_authenticator(&me, &person) else {
        return ().into_any();
    };
    let open = RwSignal::new(false);
    let client = StoredValue::new(client);
    let (id, name) = (person.id.clone(), person.name().to_string());
    let toasts = use_toasts();
    let done_name = name.clone();
    let action = Action::new_local(move |_: &()| {
        let (client, id) = (client.get_value(), id.clone());
        async move { client.reset_authenticator_app(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            open.set(false);
            toasts.success(format!(
                "{done_name}'s authenticator app was reset: their sessions have ended, and they set up an app at their next sign-in."
            ));
            on_changed.run(());
        }
    });
    let why_id = "reset-authenticator-why";
    view! {
        <div class="reset-authenticator">
            <button type="button" class="secondary" disabled=verdict.is_err()
                aria-describedby=verdict.is_err().then_some(why_id)
                on:click=move |_| open.set(true)>"Reset authenticator app…"</button>
            {verdict.err().map(|why| view! { <span id=why_id class="hint">" " {why}</span> })}
            <ConfirmDialog open=open
                title=format!("Reset {name}'s authenticator app?")
                message=authenticator_effect(&name)
                confirm_label="Reset authenticator app"
                pending=action.pending()
                error=Signal::derive(move || action.value().get().and_then(Result::err).map(|e| refusal_text(&e)))
                destructive=true
                on_confirm=Callback::new(move |()| { action.dispatch(()); })/>
        </div>
    }
    .into_any()
}
