use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, PortalClient};
use crate::app::SessionContext;
use crate::components::PeopleTable;

/// The first page of the portal's people, with the total.
#[component]
pub fn People() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let Some(session) = ctx.session.get_untracked() else {
        return view! { <Redirect path="/sign-in"/> }.into_any();
    };
    let client = PortalClient::new(&session.portal, &session.token);
    let people = LocalResource::new(move || {
        let client = client.clone();
        async move { client.list_people(0, 100).await }
    });

    // A rejected key ends the session: back to sign-in, saying why.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Err(ApiError::Unauthorized)) = people.get() {
            ctx.sign_out(Some(ApiError::Unauthorized.to_string()));
            navigate("/sign-in", Default::default());
        }
    });

    let navigate = use_navigate();
    let sign_out = move |_| {
        ctx.sign_out(None);
        navigate("/sign-in", Default::default());
    };

    view! {
        <header class="top">
            <h1>"People"</h1>
            <span class="portal">{session.portal.clone()}</span>
            <button type="button" on:click=sign_out>"Sign out"</button>
        </header>
        <Transition fallback=|| view! { <p role="status">"Loading people…"</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(page) => {
                        let summary = format!("Showing {} of {} people", page.items.len(), page.total);
                        view! {
                            <p class="count" role="status">{summary}</p>
                            <PeopleTable people=page.items/>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}
