//! The router and the cross-cutting services: the session and the theme.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::ApiError;
use crate::components::TopBar;
use crate::pages::{Lifecycle, NewPerson, Offboard, People, Profile, SignIn};
use crate::preferences::{apply_theme, load_theme, Theme};
use crate::session::{self, Session};

/// The signed-in session, shared by every page. `notice` says why a person was sent back to
/// sign-in (an expired or revoked key), once.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub session: RwSignal<Option<Session>>,
    pub notice: RwSignal<Option<String>>,
}

impl SessionContext {
    pub fn new() -> Self {
        SessionContext {
            session: RwSignal::new(session::load()),
            notice: RwSignal::new(None),
        }
    }

    pub fn sign_in(&self, new: Session) -> Result<(), String> {
        session::save(&new)?;
        crate::kept::unseal();
        self.notice.set(None);
        self.session.set(Some(new));
        Ok(())
    }

    /// Forgets the session; `why` is shown on the sign-in page.
    pub fn sign_out(&self, why: Option<String>) {
        session::clear();
        self.notice.set(why);
        self.session.set(None);
    }

    /// The portal rejected the credential: back to sign-in, saying why, and back to this page
    /// after signing in again.
    pub fn expire(&self) {
        if let Some(page) = current_page() {
            session::remember_page(&page);
        }
        self.sign_out(Some(ApiError::Unauthorized.to_string()));
    }

    /// Ends the session if `error` says the credential is no longer accepted. Returns whether
    /// it did.
    pub fn check(&self, error: &ApiError) -> bool {
        let expired = matches!(error, ApiError::Unauthorized);
        if expired {
            self.expire();
        }
        expired
    }
}

impl Default for SessionContext {
    fn default() -> Self {
        Self::new()
    }
}

/// The path and query of the page the person is on, as the router names it (below the base).
pub fn current_page() -> Option<String> {
    let location = web_sys::window()?.location();
    let pathname = location.pathname().ok()?;
    Some(format!(
        "{}{}",
        crate::base::strip_base(crate::base::base(), &pathname),
        location.search().ok()?
    ))
}

/// Moves keyboard focus to the first element matching `selector` (made focusable from script
/// if it is not, without entering the Tab order), so that a keyboard or screen reader user
/// continues from what just appeared. Returns whether there was such an element.
pub fn move_focus_to(selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    element.focus().is_ok()
}

/// The chosen theme, shared with the top bar's switch.
#[derive(Clone, Copy)]
pub struct ThemeContext(pub RwSignal<Theme>);

#[component]
pub fn App() -> impl IntoView {
    provide_context(SessionContext::new());
    let theme = RwSignal::new(load_theme());
    Effect::new(move |_| apply_theme(theme.get()));
    provide_context(ThemeContext(theme));
    view! {
        <Router base=crate::base::base()>
            <Routes fallback=|| view! { <main><p>"This page does not exist."</p></main> }>
                <Route path=path!("/") view=|| view! { <Redirect path="/people"/> }/>
                <Route path=path!("/sign-in") view=SignIn/>
                <Route path=path!("/people") view=|| view! { <SignedIn><People/></SignedIn> }/>
                <Route path=path!("/lifecycle") view=|| view! { <SignedIn><Lifecycle/></SignedIn> }/>
                <Route path=path!("/offboard") view=|| view! { <SignedIn><Offboard/></SignedIn> }/>
                <Route path=path!("/people/new") view=|| view! { <SignedIn><NewPerson/></SignedIn> }/>
                <Route path=path!("/people/:id") view=|| view! { <SignedIn><Profile/></SignedIn> }/>
            </Routes>
        </Router>
    }
}

/// Pages that need a session: without one, the person goes to sign-in and comes back here.
#[component]
fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let children = StoredValue::new(children);
    // Opened without a session (a shared link, a new tab): come back here after signing in.
    // A session that ends later was either expired (which remembers the page itself) or
    // ended by Sign out (which should not).
    if ctx.session.with_untracked(Option::is_none) {
        if let Some(page) = current_page() {
            session::remember_page(&page);
        }
    }
    move || {
        if ctx.session.with(Option::is_some) {
            view! {
                <TopBar/>
                // Focusable from script only: "Skip to content" moves the focus here.
                <main id="main" tabindex="-1">{children.read_value()()}</main>
            }
            .into_any()
        } else {
            view! { <Redirect path="/sign-in"/> }.into_any()
        }
    }
}
