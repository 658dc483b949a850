use leptos::prelude::*;

use crate::api::ApiCall;

/// "Show API request": the call a button next to it sends (built from the same described call
/// the client sends), with a curl line whose credential is masked. `call` may change as the
/// person types.
#[component]
pub fn ShowRequest(#[prop(into)] call: Signal<ApiCall>) -> impl IntoView {
    view! {
        <details class="api-call">
            <summary>"Show API request"</summary>
            <pre class="request-line">{move || call.with(|c| format!("{} {}", c.method, c.url))}</pre>
            {move || call.with(|c| c.body.clone()).map(|body| view! { <pre class="request-body">{body}</pre> })}
            <pre class="curl">{move || call.with(|c| c.curl.clone())}</pre>
        </details>
    }
}
