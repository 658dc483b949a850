use leptos::prelude::*;

use crate::api::invitation_links::delete_link;
use crate::api::{InvitationLink, LinkType, PortalClient};
use crate::browser::{copy_text, local_display};
use crate::components::{use_toasts, ConfirmDialog, InvitationLinkForm, ShowRequest};
use crate::people::invitation_links::{badges, place_refusal, uses_text};

/// What the card shows below its title.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Editing {
    No,
    Create,
    Change,
}

/// The portal's link for one type: "No link yet" with Create link, or the link (its URL with
/// Copy, the uses, when it expires, whether it still works) with Change and Delete. Read from
/// the portal when the card appears and after each change; a refusal (no free paid seat, the
/// portal not allowing invitations) is shown in the card with the portal's message.
#[component]
pub fn InvitationLinkCard(client: PortalClient, kind: LinkType) -> impl IntoView {
    let slug = kind.label().to_lowercase().replace(' ', "-");
    let title_id = format!("{slug}-link-title");
    let client = StoredValue::new(client);
    let toasts = use_toasts();
    // The portal's link (or none), or its refusal; read again on "Try again".
    let reload = RwSignal::new(0u32);
    let read = LocalResource::new(move || {
        reload.track();
        let client = client.get_value();
        async move {
            client
                .invitation_link(kind)
                .await
                .map_err(|e| place_refusal(&e).1)
        }
    });
    // What the portal answered to this card's own change or delete, which is newer than the read.
    let written = RwSignal::new(None::<Result<Option<InvitationLink>, String>>);
    let link = Signal::derive(move || written.get().or_else(|| read.get()));
    let editing = RwSignal::new(Editing::No);
    let current = move || link.get().and_then(Result::ok).flatten();
    let on_saved = Callback::new(move |saved: InvitationLink| {
        let created = editing.get_untracked() == Editing::Create;
        editing.set(Editing::No);
        written.set(Some(Ok(Some(saved))));
        toasts.success(if created {
            format!(
                "The {} link is ready: copy it and send it to the people you invite.",
                kind.label()
            )
        } else {
            format!("The {} link is changed.", kind.label())
        });
    });
    let on_cancel = Callback::new(move |()| editing.set(Editing::No));

    let delete_open = RwSignal::new(false);
    let delete = Action::new_local(move |id: &String| {
        let client = client.get_value();
        let id = id.clone();
        async move { client.delete_invitation_link(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            delete_open.set(false);
            written.set(Some(Ok(None)));
            toasts.success(format!(
                "The {} link is deleted: it no longer works for anyone.",
                kind.label()
            ));
        }
    });
    let copy = move |url: String| {
        leptos::task::spawn_local(async move {
            match copy_text(&url).await {
                Ok(()) => toasts.success(format!("The {} link is copied.", kind.label())),
                Err(why) => toasts.error(why),
            };
        });
    };

    let url_id = format!("{slug}-link-url");
    let shown = move || {
        let url_id = url_id.clone();
        match link.get() {
            None => view! { <p class="hint" role="status">"Reading the link…"</p> }.into_any(),
            Some(Err(why)) => view! {
                <p class="error" role="alert">{why}</p>
                <button type="button" class="secondary" on:click=move |_| {
                    written.set(None);
                    reload.update(|n| *n += 1);
                }>"Try again"</button>
            }
            .into_any(),
            Some(Ok(None)) => match editing.get() {
                Editing::Create => view! {
                    <InvitationLinkForm client=client.get_value() kind=kind existing=None on_saved=on_saved on_cancel=on_cancel/>
                }
                .into_any(),
                _ => view! {
                    <p class="no-link">"No link yet"</p>
                    <button type="button" on:click=move |_| editing.set(Editing::Create)>"Create link"</button>
                }
                .into_any(),
            },
            Some(Ok(Some(found))) => {
                let url = found.url.clone().unwrap_or_default();
                let copied = url.clone();
                let expires = found
                    .expiration
                    .as_deref()
                    .map_or_else(|| "Never".to_string(), local_display);
                let form = (editing.get() == Editing::Change).then(|| {
                    view! {
                        <InvitationLinkForm client=client.get_value() kind=kind existing=Some(found.clone())
                            on_saved=on_saved on_cancel=on_cancel/>
                    }
                });
                view! {
                    <div class="field">
                        <label for=url_id.clone()>"Link"</label>
                        <input id=url_id type="text" readonly prop:value=url class="link-url"/>
                    </div>
                    <p class="link-badges">
                        {badges(&found).into_iter().map(|b| view! { <span class="badge badge-disabled">{b}</span> " " }).collect_view()}
                    </p>
                    <dl class="link-facts">
                        <dt>"Uses"</dt><dd class="link-uses">{uses_text(&found)}</dd>
                        <dt>"Expires"</dt><dd class="link-expires">{expires}</dd>
                    </dl>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=move |_| copy(copied.clone())>"Copy"</button>
                        <button type="button" class="secondary" on:click=move |_| editing.set(Editing::Change)>"Change"</button>
                        <button type="button" class="danger" on:click=move |_| delete_open.set(true)>"Delete…"</button>
                    </div>
                    {form}
                }
                .into_any()
            }
        }
    };
    let delete_request = Signal::derive(move || {
        let id = current().map(|l| l.id).unwrap_or_default();
        client.get_value().describe(&delete_link(&id))
    });
    let labelled_by = title_id.clone();
    view! {
        <section class="link-card" aria-labelledby=labelled_by>
            <h2 id=title_id>{kind.label()}</h2>
            {shown}
            // Mounted only while asked, so that the page's three cards never hold three
            // dialogs with one title id.
            {move || delete_open.get().then(|| view! {
                <ConfirmDialog open=delete_open
                    title=format!("Delete the {} link?", kind.label())
                    message="The link stops working for everyone it was sent to: nobody more can join through it, by your copy or anyone else's. People who already joined keep their accounts.".to_string()
                    confirm_label="Delete link"
                    pending=delete.pending()
                    error=Signal::derive(move || delete.value().get().and_then(Result::err).map(|e| place_refusal(&e).1))
                    on_confirm=Callback::new(move |()| {
                        if let Some(found) = current() {
                            delete.dispatch(found.id);
                        }
                    })>
                    <ShowRequest call=delete_request/>
                </ConfirmDialog>
            })}
        </section>
    }
}
