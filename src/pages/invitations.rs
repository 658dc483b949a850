use leptos::prelude::*;

use crate::components::InvitationLinkCard;
use crate::people::invitation_links::link_types_for;
use crate::session::use_session;

/// The portal's invitation links: one card per type the signed-in person may invite (the owner
/// all three, a DocSpace admin room admins and users, a room admin users). On a portal before
/// 3.7.1, which has no such links, the page says so and asks nothing.
#[component]
pub fn Invitations() -> impl IntoView {
    let session = use_session();
    let heading = view! {
        <h1>"Invitations"</h1>
        <p class="hint">"A link lets anyone who has it join the portal as the type it is for. Each type has at most one link; every admin sees it with a URL of their own, and all of them stop working together."</p>
    };
    if let Some(why) = session.lacks_invitation_links() {
        return view! { {heading} <p class="notice" role="status" id="invitations-unavailable">{why}</p> }
            .into_any();
    }
    let types = link_types_for(&session.me);
    if types.is_empty() {
        return view! {
            {heading}
            <p class="error" role="alert">"Users and guests cannot invite people: only admins and room admins have invitation links."</p>
        }
        .into_any();
    }
    let client = session.client();
    view! {
        {heading}
        <div class="link-cards">
            {types.into_iter().map(|kind| view! { <InvitationLinkCard client=client.clone() kind=kind/> }).collect_view()}
        </div>
    }
    .into_any()
}
