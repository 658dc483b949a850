//! The router and the cross-cutting services: the session and the theme.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::role_gate::{Needs, RoleGate};
use crate::components::{provide_toasts, Toaster, TopBar};
use crate::pages::{
    GroupPage, Groups, Inactive, Invitations, Lifecycle, NewPerson, Offboard, Onboard, People,
    Profile, SignIn,
};
use crate::people::eligibility::{
    can_offboard_many, can_offboard_one, can_take_step, OffboardStep,
};
use crate::preferences::{apply_theme, load_theme, Theme};
use crate::session::{self, current_page, SessionContext};

/// The chosen theme, shared with the top bar's switch.
#[derive(Clone, Copy)]
pub struct ThemeContext(pub RwSignal<Theme>);

/// The wizard's steps, each of which must be open to the role (creating is optional: an
/// account can be picked instead).
const OFFBOARD_ONE: Needs = Needs {
    verdict: can_offboard_one,
    steps: &OffboardStep::ALL,
};

/// Offboarding many: finding people, disabling them, handing over rooms, deleting.
const OFFBOARD_MANY: Needs = Needs {
    verdict: can_offboard_many,
    steps: &[
        OffboardStep::Verify,
        OffboardStep::Disable,
        OffboardStep::HandOver,
        OffboardStep::Delete,
    ],
};

/// A new account, of a type the role may create.
const CREATE: Needs = Needs {
    verdict: |me| can_take_step(me, OffboardStep::Create),
    steps: &[],
};

#[component]
pub fn App() -> impl IntoView {
    provide_context(SessionContext::new());
    provide_toasts();
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
                    <Route path=path!("/lifecycle") view=|| view! {
                        <RoleGate title="Offboard one person" needs=OFFBOARD_ONE><Lifecycle/></RoleGate>
                    }/>
                    <Route path=path!("/offboard") view=|| view! {
                        <RoleGate title="Offboard many people" needs=OFFBOARD_MANY><Offboard/></RoleGate>
                    }/>
                    <Route path=path!("/people/new") view=|| view! {
                        <RoleGate title="New account" needs=CREATE><NewPerson/></RoleGate>
                    }/>
                    <Route path=path!("/people/inactive") view=Inactive/>
                    <Route path=path!("/people/:id") view=Profile/>
                    <Route path=path!("/groups") view=Groups/>
                    <Route path=path!("/groups/:id") view=GroupPage/>
                    <Route path=path!("/invitations") view=Invitations/>
                    <Route path=path!("/onboard") view=|| view! {
                        <RoleGate title="Onboard a team" needs=CREATE><Onboard/></RoleGate>
                    }/>
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
                <Toaster/>
                // Focusable from script only: "Skip to content" moves the focus here.
                <main id="main" tabindex="-1"><Outlet/></main>
            }
            .into_any()
        }
        None => view! { <Redirect path="/sign-in"/> }.into_any(),
    }
}
