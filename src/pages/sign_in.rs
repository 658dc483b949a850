use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, Person, PortalClient};
use crate::app::SessionContext;
use crate::session::{normalize_portal, Session};

/// This page's own origin: the default portal when the panel is served next to it.
fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Sign-in with a portal URL and an API key, checked with `GET /people/@self` before it is kept.
#[component]
pub fn SignIn() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let navigate = use_navigate();
    let portal = RwSignal::new(own_origin());
    let key = RwSignal::new(String::new());
    let portal_error = RwSignal::new(None::<String>);
    let key_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let check_key = Action::new_local(|session: &Session| {
        let session = session.clone();
        async move {
            let me: Result<Person, ApiError> = PortalClient::new(&session.portal, &session.token)
                .get_self()
                .await;
            me.map(|_| session)
        }
    });

    Effect::new(move |_| {
        let Some(result) = check_key.value().get() else {
            return;
        };
        match result {
            Ok(session) => match ctx.sign_in(session) {
                Ok(()) => navigate("/people", Default::default()),
                Err(e) => form_error.set(Some(e)),
            },
            Err(ApiError::Unauthorized) => {
                key_error.set(Some("The portal rejected this API key.".into()))
            }
            Err(e) => form_error.set(Some(e.to_string())),
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let portal_checked = normalize_portal(&portal.get_untracked());
        let token = key.get_untracked().trim().to_string();
        portal_error.set(portal_checked.as_ref().err().cloned());
        key_error.set(token.is_empty().then(|| "Enter an API key.".to_string()));
        if let (Ok(portal), false) = (portal_checked, token.is_empty()) {
            check_key.dispatch(Session { portal, token });
        }
    };

    view! {
        <section class="sign-in">
            <h1>"Sign in to DocSpace Admin"</h1>
            {move || ctx.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="portal">"Portal URL"</label>
                    <input id="portal" name="portal" type="url" autocomplete="url" bind:value=portal
                        aria-describedby="portal-error"/>
                    <p id="portal-error" class="field-error">{move || portal_error.get()}</p>
                </div>
                <div class="field">
                    <label for="api-key">"API key"</label>
                    <input id="api-key" name="api-key" type="password" autocomplete="off"
                        placeholder="sk-…" bind:value=key aria-describedby="api-key-error"/>
                    <p id="api-key-error" class="field-error">{move || key_error.get()}</p>
                </div>
                <button type="submit" disabled=move || check_key.pending().get()>
                    {move || if check_key.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
                <p class="form-error" role="alert">{move || form_error.get()}</p>
            </form>
        </section>
    }
}
