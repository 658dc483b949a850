//! The router and the cross-cutting services (the session).

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::pages::{People, SignIn};
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
}

impl Default for SessionContext {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(SessionContext::new());
    view! {
        <Router>
            <main>
                <Routes fallback=|| view! { <p>"This page does not exist."</p> }>
                    <Route path=path!("/") view=|| view! { <Redirect path="/people"/> }/>
                    <Route path=path!("/sign-in") view=SignIn/>
                    <Route path=path!("/people") view=People/>
                </Routes>
            </main>
        </Router>
    }
}
