//! The router and the cross-cutting services: the session and the theme.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::TopBar;
use crate::pages::{Lifecycle, NewPerson, Offboard, People, Profile, SignIn};
use crate::preferences::{apply_theme, load_theme, Theme};
use crate::session::{self, current_page, SessionContext};

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
                <Route path=path!("/sign-in") view=SignIn/>
                <ParentRoute path=path!("") view=SignedIn>
                    <Route path=path!("/") view=|| view! { <Redirect path="/people"/> }/>
                    <Route path=path!("/people") view=People/>
                    <Route path=path!("/lifecycle") view=Lifecycle/>
                    <Route path=path!("/offboard") view=Offboard/>
                    <Route path=path!("/people/new") view=NewPerson/>
                    <Route path=path!("/people/:id") view=Profile/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The layout of the pages that need a session: the top bar (built once, not per page) and the
/// page, which gets the session from `use_session()`. Without one, the person goes to sign-in
/// and comes back here.
#[component]
fn SignedIn() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    // Opened without a session (a shared link, a new tab): come back here after signing in.
    // A session that ends later was either expired (which remembers the page itself) or
    // ended by Sign out (which should not).
    if ctx.session.with_untracked(Option::is_none) {
        if let Some(page) = current_page() {
            session::remember_page(&page);
        }
    }
    move || match ctx.session.get() {
        Some(signed_in) => {
            provide_context(signed_in);
            view! {
                <TopBar/>
                // Focusable from script only: "Skip to content" moves the focus here.
                <main id="main" tabindex="-1"><Outlet/></main>
            }
            .into_any()
        }
        None => view! { <Redirect path="/sign-in"/> }.into_any(),
    }
}
