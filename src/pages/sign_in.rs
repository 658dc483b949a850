use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{login, portal_version, same_id, ApiError, Login, PortalClient};
use crate::components::{FormErrors, Placed, TextField};
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

/// The form's fields, by id: where a refusal belongs.
const PORTAL: &str = "portal";
const KEY: &str = "api-key";
const EMAIL: &str = "email";
const PASSWORD: &str = "password";

/// A call to a portal on another origin got no answer: the browser most likely blocked it.
/// Says why in one sentence (this page's own policy, or the portal's CORS) and where to look.
fn blocked(portal: &str, error: ApiError) -> Placed {
    let own = own_origin();
    let origin = crate::session::origin_of(portal);
    if origin == own || !matches!(error, ApiError::Network(_)) {
        return Placed::Form(error.to_string());
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
    Placed::Field(
        PORTAL,
        if crate::session::policy_allows(&policy, &own, &origin) {
            format!(
            "The browser got no answer from {origin}: if the portal is up, it does not allow calls from {own} (CORS). Serve the panel next to the portal, on its own address, as the README's hosting section shows."
        )
        } else {
            format!(
            "This copy of the panel may only call {own} (its Content-Security-Policy), so the browser blocked {origin}. Serve the panel next to the portal, on its own address, as the README's hosting section shows."
        )
        },
    )
}

/// What to say when the portal answers as someone other than who signed in.
fn cookie_trap(me: &crate::api::Person, typed: &str) -> String {
    format!(
        "The portal answered as {} ({}), not as {}: this browser is signed in to the portal as them, and on the portal's own address the portal's sign-in cookie wins over this sign-in. Nothing was done as them. Sign out of the portal in this browser, or sign in here with an API key, which the cookie does not override.",
        me.name(),
        me.email,
        typed.trim()
    )
}

/// Signs in and checks the credential with `GET /people/@self` before anything is kept.
async fn sign_in(portal: String, credentials: Credentials) -> Result<Session, Placed> {
    let credentials_email = match &credentials {
        Credentials::Password { email, .. } => Some(email.clone()),
        Credentials::Key(_) => None,
    };
    let token = match credentials {
        Credentials::Key(key) => key,
        Credentials::Password { email, password } => match login(&portal, &email, &password).await {
            Ok(Login::Token(token)) => token,
            Ok(Login::SecondFactorRequired) => {
                return Err(Placed::Field(
                    PASSWORD,
                    "This account signs in with a second factor, which DocSpace Admin does not support yet. Use an API key instead."
                        .into(),
                ))
            }
            Err(ApiError::Unauthorized) => {
                return Err(Placed::Field(
                    PASSWORD,
                    "The portal did not accept this email and password.".into(),
                ))
            }
            Err(ApiError::Forbidden(message)) => return Err(Placed::Field(PASSWORD, message)),
            Err(e) => return Err(blocked(&portal, e)),
        },
    };
    let typed_email = credentials_email;
    let checked = PortalClient::new(&portal, &token).get_self().await;
    // The same-origin cookie trap: on the portal's own address, a browser that holds a portal
    // session sends its `asc_auth_key` cookie, which the server reads before the token
    // (`CookieAuthHandler`): every request would run as that other person.
    if let (Ok(me), Some(typed)) = (&checked, &typed_email) {
        if !me.email.eq_ignore_ascii_case(typed.trim()) && !same_id(&me.id, typed.trim()) {
            return Err(Placed::Field(EMAIL, cookie_trap(me, typed)));
        }
    }
    // What the portal can do: a 3.0 portal has no API keys and lacks some steps.
    let version = portal_version(&portal).await;
    match checked {
        Ok(me) => Ok(Session {
            portal,
            token,
            me,
            version: version.map(|v| v.full()),
        }),
        Err(ApiError::Unauthorized) => Err(Placed::Field(
            KEY,
            match version.filter(|v| !v.has_3_1()) {
                Some(v) => format!(
                    "This portal runs DocSpace {v}: API keys need 3.1 or later; sign in with email and password."
                ),
                None => "The portal rejected this API key.".into(),
            },
        )),
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
    let errors = FormErrors::new();

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
                Err(e) => errors.place(Placed::Form(e)),
            },
            Err(placed) => errors.place(placed),
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let portal_checked = normalize_portal(&portal.get_untracked());
        if let Err(e) = &portal_checked {
            errors.place(Placed::Field(PORTAL, e.clone()));
        }
        let credentials = match method.get_untracked() {
            Method::ApiKey => {
                let token = key.get_untracked().trim().to_string();
                if token.is_empty() {
                    errors.place(Placed::Field(KEY, "Enter an API key.".into()));
                    None
                } else {
                    Some(Credentials::Key(token))
                }
            }
            Method::Password => {
                let address = email.get_untracked().trim().to_string();
                let secret = password.get_untracked();
                if address.is_empty() {
                    errors.place(Placed::Field(EMAIL, "Enter your email.".into()));
                }
                if secret.is_empty() {
                    errors.place(Placed::Field(PASSWORD, "Enter your password.".into()));
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

    view! {
        <main id="main">
            <section class="sign-in">
                <h1>"Sign in to DocSpace Admin"</h1>
                {move || ctx.notice.get().map(|n| view! { <p class="notice" role="alert">{n}</p> })}
                <form on:submit=on_submit novalidate>
                    <TextField id=PORTAL name=PORTAL label="Portal URL" kind="url" autocomplete="url"
                        value=portal error=errors.of(PORTAL)/>
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
                        <TextField id=KEY name=KEY label="API key" kind="password" placeholder="sk-…"
                            value=key error=errors.of(KEY)/>
                    </Show>
                    <Show when=move || method.get() == Method::Password>
                        <TextField id=EMAIL name=EMAIL label="Email" kind="email" autocomplete="username"
                            value=email error=errors.of(EMAIL)/>
                        <TextField id=PASSWORD name=PASSWORD label="Password" kind="password"
                            autocomplete="current-password" value=password error=errors.of(PASSWORD)/>
                    </Show>
                    <button type="submit" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                    <p class="form-error" role="alert">{move || errors.form().get()}</p>
                </form>
            </section>
        </main>
    }
}
