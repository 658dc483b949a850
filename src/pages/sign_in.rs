use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{login, ApiError, Login, PortalClient};
use crate::session::SessionContext;
use crate::session::{normalize_portal, take_return_page, Session};

/// This page's own origin: the default portal when the panel is served next to it.
fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    ApiKey,
    Password,
}

/// What the form sends, once checked.
#[derive(Clone)]
enum Credentials {
    Key(String),
    Password { email: String, password: String },
}

/// Where a refusal belongs on the form.
#[derive(Clone)]
enum Problem {
    Key(String),
    Password(String),
    /// About the portal address: the browser would not let the panel call it.
    Portal(String),
    Form(String),
}

/// A call to a portal on another origin got no answer: the browser most likely blocked it.
/// Says why in one sentence (this page's own policy, or the portal's CORS) and where to look.
fn blocked(portal: &str, error: ApiError) -> Problem {
    let own = own_origin();
    let origin = crate::session::origin_of(portal);
    if origin == own || !matches!(error, ApiError::Network(_)) {
        return Problem::Form(error.to_string());
    }
    let policy = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[http-equiv='Content-Security-Policy']")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default();
    Problem::Portal(if crate::session::policy_allows(&policy, &own, &origin) {
        format!(
            "The browser got no answer from {origin}: if the portal is up, it does not allow calls from {own} (CORS). Serve the panel next to the portal, on its own address, as the README's hosting section shows."
        )
    } else {
        format!(
            "This copy of the panel may only call {own} (its Content-Security-Policy), so the browser blocked {origin}. Serve the panel next to the portal, on its own address, as the README's hosting section shows."
        )
    })
}

/// Signs in and checks the credential with `GET /people/@self` before anything is kept.
async fn sign_in(portal: String, credentials: Credentials) -> Result<Session, Problem> {
    let token = match credentials {
        Credentials::Key(key) => key,
        Credentials::Password { email, password } => match login(&portal, &email, &password).await {
            Ok(Login::Token(token)) => token,
            Ok(Login::SecondFactorRequired) => {
                return Err(Problem::Password(
                    "This account signs in with a second factor, which DocSpace Admin does not support yet. Use an API key instead."
                        .into(),
                ))
            }
            Err(ApiError::Unauthorized) => {
                return Err(Problem::Password("The portal did not accept this email and password.".into()))
            }
            Err(ApiError::Forbidden(message)) => return Err(Problem::Password(message)),
            Err(e) => return Err(blocked(&portal, e)),
        },
    };
    match PortalClient::new(&portal, &token).get_self().await {
        Ok(me) => Ok(Session { portal, token, me }),
        Err(ApiError::Unauthorized) => {
            Err(Problem::Key("The portal rejected this API key.".into()))
        }
        Err(e) => Err(blocked(&portal, e)),
    }
}

/// Sign-in with a portal URL and an API key, or an email and password.
#[component]
pub fn SignIn() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let navigate = use_navigate();
    let method = RwSignal::new(Method::ApiKey);
    let portal = RwSignal::new(own_origin());
    let key = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let portal_error = RwSignal::new(None::<String>);
    let key_error = RwSignal::new(None::<String>);
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let submit = Action::new_local(|(portal, credentials): &(String, Credentials)| {
        sign_in(portal.clone(), credentials.clone())
    });

    Effect::new(move |_| {
        let Some(result) = submit.value().get() else {
            return;
        };
        match result {
            Ok(session) => match ctx.sign_in(session) {
                Ok(()) => {
                    let page = take_return_page().unwrap_or_else(|| "/people".into());
                    navigate(&page, Default::default());
                }
                Err(e) => form_error.set(Some(e)),
            },
            Err(Problem::Key(m)) => key_error.set(Some(m)),
            Err(Problem::Password(m)) => password_error.set(Some(m)),
            Err(Problem::Portal(m)) => portal_error.set(Some(m)),
            Err(Problem::Form(m)) => form_error.set(Some(m)),
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        for error in [
            portal_error,
            key_error,
            email_error,
            password_error,
            form_error,
        ] {
            error.set(None);
        }
        let portal_checked = normalize_portal(&portal.get_untracked());
        portal_error.set(portal_checked.as_ref().err().cloned());
        let credentials = match method.get_untracked() {
            Method::ApiKey => {
                let token = key.get_untracked().trim().to_string();
                if token.is_empty() {
                    key_error.set(Some("Enter an API key.".into()));
                    None
                } else {
                    Some(Credentials::Key(token))
                }
            }
            Method::Password => {
                let address = email.get_untracked().trim().to_string();
                let secret = password.get_untracked();
                if address.is_empty() {
                    email_error.set(Some("Enter your email.".into()));
                }
                if secret.is_empty() {
                    password_error.set(Some("Enter your password.".into()));
                }
                (!address.is_empty() && !secret.is_empty()).then_some(Credentials::Password {
                    email: address,
                    password: secret,
                })
            }
        };
        if let (Ok(portal), Some(credentials)) = (portal_checked, credentials) {
            submit.dispatch((portal, credentials));
        }
    };

    let field_error = |id: &'static str, error: RwSignal<Option<String>>| {
        view! { <p id=id class="field-error">{move || error.get()}</p> }
    };

    view! {
        <main id="main">
            <section class="sign-in">
                <h1>"Sign in to DocSpace Admin"</h1>
                {move || ctx.notice.get().map(|n| view! { <p class="notice" role="alert">{n}</p> })}
                <form on:submit=on_submit novalidate>
                    <div class="field">
                        <label for="portal">"Portal URL"</label>
                        <input id="portal" name="portal" type="url" autocomplete="url" bind:value=portal
                            aria-describedby="portal-error"
                            aria-invalid=move || portal_error.with(Option::is_some).then_some("true")/>
                        {field_error("portal-error", portal_error)}
                    </div>
                    <fieldset class="method">
                        <legend>"Sign in with"</legend>
                        <label>
                            <input type="radio" name="method" checked=move || method.get() == Method::ApiKey
                                on:change=move |_| method.set(Method::ApiKey)/>
                            " API key"
                        </label>
                        <label>
                            <input type="radio" name="method" checked=move || method.get() == Method::Password
                                on:change=move |_| method.set(Method::Password)/>
                            " Email and password"
                        </label>
                    </fieldset>
                    <Show when=move || method.get() == Method::ApiKey>
                        <div class="field">
                            <label for="api-key">"API key"</label>
                            <input id="api-key" name="api-key" type="password" autocomplete="off"
                                placeholder="sk-…" bind:value=key aria-describedby="api-key-error"
                                aria-invalid=move || key_error.with(Option::is_some).then_some("true")/>
                            {field_error("api-key-error", key_error)}
                        </div>
                    </Show>
                    <Show when=move || method.get() == Method::Password>
                        <div class="field">
                            <label for="email">"Email"</label>
                            <input id="email" name="email" type="email" autocomplete="username"
                                bind:value=email aria-describedby="email-error"
                                aria-invalid=move || email_error.with(Option::is_some).then_some("true")/>
                            {field_error("email-error", email_error)}
                        </div>
                        <div class="field">
                            <label for="password">"Password"</label>
                            <input id="password" name="password" type="password"
                                autocomplete="current-password" bind:value=password
                                aria-describedby="password-error"
                                aria-invalid=move || password_error.with(Option::is_some).then_some("true")/>
                            {field_error("password-error", password_error)}
                        </div>
                    </Show>
                    <button type="submit" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                    <p class="form-error" role="alert">{move || form_error.get()}</p>
                </form>
            </section>
        </main>
    }
}
