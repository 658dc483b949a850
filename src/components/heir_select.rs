use leptos::prelude::*;

use crate::api::PortalClient;

/// The choice of who receives a leaver's rooms: an active DocSpace admin or room admin.
/// Loaded when shown; the chosen id goes to `heir` (empty: nobody chosen yet).
#[component]
pub fn HeirSelect(
    id: &'static str,
    label: &'static str,
    heir: RwSignal<String>,
    client: PortalClient,
) -> impl IntoView {
    let client = StoredValue::new(client);
    let heirs = LocalResource::new(move || {
        let client = client.get_value();
        async move { client.room_heirs().await }
    });
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading admins…"</p> }>
            {move || Suspend::new(async move {
                match heirs.await {
                    Ok(people) => view! {
                        <div class="field">
                            <label for=id>{label}</label>
                            <select id=id on:change=move |ev| heir.set(event_target_value(&ev))>
                                <option value="">"Choose an admin or room admin"</option>
                                {people.into_iter().map(|p| view! {
                                    <option value=p.id.clone() selected=heir.get_untracked() == p.id>
                                        {format!("{} ({})", p.name(), p.email)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
