use leptos::prelude::*;

use crate::api::{Person, PortalClient};
use crate::components::{use_toasts, ConfirmDialog};
use crate::people::sessions::{can_sign_out_everywhere, EFFECT};

/// "Sign out everywhere…" on a profile: every login session of the person ends, after a
/// confirmation naming the effect (their API keys keep working). Unavailable, with the reason,
/// where the portal would refuse.
#[component]
pub fn SignOutEverywhere(person: Person, me: Person, client: PortalClient) -> impl IntoView {
    let allowed = can_sign_out_everywhere(&me, &person);
    let open = RwSignal::new(false);
    let client = StoredValue::new(client);
    let (id, name) = (person.id.clone(), person.name().to_string());
    let toasts = use_toasts();
    let done_name = name.clone();
    let action = Action::new_local(move |_: &()| {
        let client = client.get_value();
        let id = id.clone();
        async move { client.sign_out_everywhere(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            open.set(false);
            toasts.success(format!(
                "{done_name} is signed out everywhere: their sessions have ended."
            ));
        }
    });
    let why_id = "sign-out-everywhere-why";
    view! {
        <div class="sign-out-everywhere">
            <button type="button" class="secondary" disabled=allowed.is_err()
                aria-describedby=allowed.is_err().then_some(why_id)
                on:click=move |_| open.set(true)>"Sign out everywhere…"</button>
            {allowed.err().map(|why| view! { <span id=why_id class="hint">" " {why}</span> })}
            <ConfirmDialog open=open
                title=format!("Sign {name} out everywhere?")
                message=EFFECT.to_string()
                confirm_label="Sign out everywhere"
                pending=action.pending()
                error=Signal::derive(move || action.value().get().and_then(Result::err).map(|e| e.to_string()))
                destructive=false
                on_confirm=Callback::new(move |()| { action.dispatch(()); })/>
        </div>
    }
}
