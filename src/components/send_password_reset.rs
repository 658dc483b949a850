use leptos::prelude::*;

use crate::api::{Person, PortalClient};
use crate::components::{use_toasts, ConfirmDialog};
use crate::people::account::{can_send_password_reset, refusal_text, PasswordReset};

/// "Send password reset link…" on a profile (`POST /people/password`): after a confirmation
/// naming the effect (a link to set a new password; for an invitee who never joined, the
/// invitation again instead), the portal emails the person; its sentence is the toast.
/// Unavailable, with the reason, where the portal would refuse.
#[component]
pub fn SendPasswordReset(person: Person, me: Person, client: PortalClient) -> impl IntoView {
    let verdict = can_send_password_reset(&me, &person);
    let kind = verdict.clone().unwrap_or(PasswordReset::Link);
    let open = RwSignal::new(false);
    let client = StoredValue::new(client);
    let (name, email) = (person.name().to_string(), person.email.clone());
    let toasts = use_toasts();
    let sent_to = email.clone();
    let action = Action::new_local(move |_: &()| {
        let (client, email) = (client.get_value(), sent_to.clone());
        async move { client.send_password_reset(&email).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(said)) = action.value().get() {
            open.set(false);
            toasts.success(said);
        }
    });
    let why_id = "password-reset-why";
    let blocked = verdict.is_err();
    view! {
        <div class="password-reset">
            <button type="button" class="secondary" disabled=blocked
                aria-describedby=blocked.then_some(why_id)
                on:click=move |_| open.set(true)>"Send password reset link…"</button>
            {verdict.err().map(|why| view! { <span id=why_id class="hint">" " {why}</span> })}
            <ConfirmDialog open=open
                title=match kind {
                    PasswordReset::Link => format!("Send {name} a password reset link?"),
                    PasswordReset::Invitation => format!("Send {name} the invitation again?"),
                }
                message=kind.effect(&name, &email)
                confirm_label=match kind {
                    PasswordReset::Link => "Send reset link",
                    PasswordReset::Invitation => "Send the invitation",
                }
                pending=action.pending()
                error=Signal::derive(move || action.value().get().and_then(Result::err).map(|e| refusal_text(&e)))
                destructive=false
                on_confirm=Callback::new(move |()| { action.dispatch(()); })/>
        </div>
    }
}
