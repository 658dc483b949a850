use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::NewPersonForm;
use crate::session::use_session;

/// `/people/new`: a new account; on success its profile opens.
#[component]
pub fn NewPerson() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let on_created = Callback::new(move |person: crate::api::Person| {
        navigate(&format!("/people/{}", person.id), Default::default());
    });
    view! {
        <h1>"New account"</h1>
        <NewPersonForm client=session.client() me=session.me.clone() on_created=on_created/>
    }
    .into_any()
}
