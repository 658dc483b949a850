use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::app::SessionContext;
use crate::components::NewPersonForm;

/// `/people/new`: a new account; on success its profile opens.
#[component]
pub fn NewPerson() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let Some(session) = ctx.session.get_untracked() else {
        return ().into_any();
    };
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
