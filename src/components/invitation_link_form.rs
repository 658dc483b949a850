use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::invitation_links::{change_link, create_link};
use crate::api::{InvitationLink, LinkSettings, LinkType, PortalClient};
use crate::browser::{focus_by_id, local_input_ms, to_local_input};
use crate::components::{FormErrors, Placed, ShowRequest, TextField};
use crate::people::invitation_links::{check_link_form, place_refusal, LinkField, LinkForm};

/// The ids of a type's form fields (one form per card, so per type).
fn field_ids(kind: LinkType) -> (&'static str, &'static str) {
    match kind {
        LinkType::DocSpaceAdmin => ("docspace-admin-link-expiry", "docspace-admin-link-limit"),
        LinkType::RoomAdmin => ("room-admin-link-expiry", "room-admin-link-limit"),
        LinkType::User => ("user-link-expiry", "user-link-limit"),
    }
}

/// Creates the link of `kind`, or (with `existing`) changes it: when it stops working (local
/// date and time, sent in UTC) and how many may join. Both are checked before anything is
/// sent, each next to its field; a change replaces both, so the form says what an empty field
/// means. The portal's refusals go next to the field they name, or under the form.
#[component]
pub fn InvitationLinkForm(
    client: PortalClient,
    kind: LinkType,
    existing: Option<InvitationLink>,
    on_saved: Callback<InvitationLink>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let (expiry_id, limit_id) = field_ids(kind);
    let id_of = move |field: LinkField| match field {
        LinkField::Expiry => expiry_id,
        LinkField::Limit => limit_id,
    };
    let expiry = RwSignal::new(
        existing
            .as_ref()
            .and_then(|l| l.expiration.as_deref())
            .map(to_local_input)
            .unwrap_or_default(),
    );
    let limit = RwSignal::new(
        existing
            .as_ref()
            .and_then(|l| l.max_use_count)
            .map(|n| n.to_string())
            .unwrap_or_default(),
    );
    let used = existing.as_ref().map_or(0, |l| l.current_use_count);
    let link_id = StoredValue::new(existing.as_ref().map(|l| l.id.clone()));
    let changing = existing.is_some();
    let errors = FormErrors::new();
    let client = StoredValue::new(client);
    let settings_now = move || {
        let (text, limit) = (expiry.get(), limit.get());
        let form = LinkForm {
            expiry_text: &text,
            expiry_ms: local_input_ms(&text),
            limit: &limit,
        };
        check_link_form(&form, js_sys::Date::now(), used)
    };
    let save = Action::new_local(move |settings: &LinkSettings| {
        let client = client.get_value();
        let settings = settings.clone();
        let id = link_id.get_value();
        async move {
            match id {
                Some(id) => client.change_invitation_link(&id, settings).await,
                None => client.create_invitation_link(kind, settings).await,
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(link)) => on_saved.run(link),
        Some(Err(e)) => match place_refusal(&e) {
            (Some(field), message) => errors.place(Placed::Field(id_of(field), message)),
            (None, message) => errors.place(Placed::Form(message)),
        },
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        match settings_now() {
            Ok(settings) => {
                save.dispatch(settings);
            }
            Err(problems) => {
                for (field, message) in problems {
                    errors.place(Placed::Field(id_of(field), message));
                }
                if let Some(first) = errors.first_field() {
                    focus_by_id(first);
                }
            }
        }
    };
    // The request the button sends, once what is typed is something the portal would take.
    let preview = move || {
        settings_now().ok().map(|settings| {
            let call = match link_id.get_value() {
                Some(id) => change_link(&id, settings),
                None => create_link(kind, settings),
            };
            client.get_value().describe(&call)
        })
    };
    let expiry_hint = if changing {
        "Your local time. A change replaces both settings: leave it empty and the link never expires."
    } else {
        "Your local time. Leave it empty and the link never expires."
    };
    let limit_hint = if changing {
        format!("1 to 1000, not below the {used} who have joined. Leave it empty for no limit.")
    } else {
        "1 to 1000. Leave it empty for no limit.".to_string()
    };
    let title = if changing {
        format!("Change the {} link", kind.label())
    } else {
        format!("New {} link", kind.label())
    };
    let label = title.clone();
    view! {
        <form class="link-form" novalidate on:submit=on_submit aria-label=label>
            <h3>{title}</h3>
            <TextField id=expiry_id label="Expires (optional)" kind="datetime-local" value=expiry
                error=errors.of(expiry_id) hint=expiry_hint.to_string()/>
            <TextField id=limit_id label="Use limit (optional)" value=limit inputmode="numeric"
                error=errors.of(limit_id) hint=limit_hint/>
            <p class="error" role="alert">{move || errors.form().get()}</p>
            <div class="actions">
                <button type="submit" disabled=move || save.pending().get()>
                    {move || match (save.pending().get(), changing) {
                        (true, _) => "Saving…",
                        (false, true) => "Save changes",
                        (false, false) => "Create link",
                    }}
                </button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
            {move || preview().map(|call| view! { <ShowRequest call=Signal::stored(call)/> })}
        </form>
    }
}
