use leptos::prelude::*;

use crate::api::{Activation, Person, PortalClient};
use crate::components::{use_toasts, ConfirmDialog};
use crate::people::sessions::resend_invitation;

/// For someone who never accepted their invitation (or never confirmed their email): send it
/// again (`PUT /people/invite`), after a confirmation naming the address. Nothing for anyone
/// whose email is confirmed; unavailable with the reason where the portal would skip them.
#[component]
pub fn ResendInvitation(person: Person, me: Person, client: PortalClient) -> impl IntoView {
    if person.activation() == Activation::Activated {
        return ().into_any();
    }
    let verdict = resend_invitation(&me, &person);
    let kind = verdict.unwrap_or(match person.activation() {
        Activation::NotActivated => crate::people::sessions::Resend::Activation,
        _ => crate::people::sessions::Resend::Invitation,
    });
    let open = RwSignal::new(false);
    let client = StoredValue::new(client);
    let (id, email) = (person.id.clone(), person.email.clone());
    let toasts = use_toasts();
    let done = kind.done(&email);
    let action = Action::new_local(move |_: &()| {
        let client = client.get_value();
        let ids = vec![id.clone()];
        async move { client.resend_invitations(&ids).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            open.set(false);
            toasts.success(done.clone());
        }
    });
    let why_id = "resend-invitation-why";
    view! {
        <div class="resend-invitation">
            <button type="button" class="secondary" disabled=verdict.is_err()
                aria-describedby=verdict.is_err().then_some(why_id)
                on:click=move |_| open.set(true)>{kind.button()}</button>
            {verdict.err().map(|why| view! { <span id=why_id class="hint">" " {why}</span> })}
            <ConfirmDialog open=open
                title=kind.button().trim_end_matches('…').to_string() + "?"
                message=kind.effect(&email)
                confirm_label=kind.button().trim_end_matches('…').to_string()
                pending=action.pending()
                error=Signal::derive(move || action.value().get().and_then(Result::err).map(|e| e.to_string()))
                destructive=false
                on_confirm=Callback::new(move |()| { action.dispatch(()); })/>
        </div>
    }
    .into_any()
}
