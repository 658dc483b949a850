use leptos::prelude::*;

use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::app::ThemeContext;
use crate::base::href;
use crate::browser::move_focus_to;
use crate::people::eligibility::{
    can_offboard_many, can_offboard_one, can_take_step, OffboardStep, Verdict,
};
use crate::preferences::Theme;
use crate::session::SessionContext;

/// A place of the main navigation: a link when the signed-in role can finish what it offers,
/// else shown unavailable (`aria-disabled`, no address to follow) with the reason, which is
/// its description and shows when it is pointed at or focused.
fn nav_entry(path: &'static str, label: &'static str, verdict: Verdict) -> AnyView {
    match verdict {
        Ok(()) => view! { <A href=href(path)>{label}</A> }.into_any(),
        Err(why) => {
            let id = format!("nav-why-{}", path.trim_start_matches('/').replace('/', "-"));
            view! {
                <span class="nav-unavailable">
                    <a role="link" aria-disabled="true" tabindex="0" aria-describedby=id.clone()>{label}</a>
                    <span id=id class="nav-why">{why}</span>
                </span>
            }
            .into_any()
        }
    }
}

/// The bar above every signed-in page: where you are, who you are, the theme, Sign out.
#[component]
pub fn TopBar() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let ThemeContext(theme) = expect_context::<ThemeContext>();
    let navigate = use_navigate();
    let session = move || ctx.session.get();
    let signing_out = RwSignal::new(false);
    // Every job stops first (no client made so far sends anything more), the requests already
    // on their way are answered, and then a login token is ended on the portal. An API key
    // lives until it is deleted in the portal, and the sign-in page says so.
    let sign_out = move |_| {
        if signing_out.get_untracked() {
            return;
        }
        signing_out.set(true);
        crate::api::stop_every_client();
        let ended = ctx.session.get_untracked();
        crate::session::forget_all();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let mut waited = 0;
            while crate::api::requests_in_flight() > 0 && waited < 10_000 {
                crate::api::sleep_ms(100).await;
                waited += 100;
            }
            let notice = match ended.map(|s| s.client()) {
                Some(client) if client.uses_api_key() => "Signed out. Your API key still works: the portal ends a key only when it is deleted (Developer Tools → API keys).".to_string(),
                Some(client) => match client.logout().await {
                    Ok(()) => "Signed out: the portal ended this sign-in.".to_string(),
                    Err(e) => format!("Signed out of the panel, but the portal did not confirm that it ended this sign-in: {e}"),
                },
                None => "Signed out.".to_string(),
            };
            ctx.sign_out(Some(notice));
            navigate("/sign-in", Default::default());
        });
    };
    view! {
        <header class="top-bar">
            // The router would treat "#main" as a navigation: move the focus past the bar here.
            <a class="skip" href="#main" on:click=move |ev| {
                ev.prevent_default();
                move_focus_to("#main");
            }>"Skip to content"</a>
            <span class="brand">"DocSpace Admin"</span>
            <nav aria-label="Main">
                <A href=href("/people")>"People"</A>
                {move || session().map(|s| {
                    let me = &s.me;
                    view! {
                        {nav_entry("/people/new", "New account", can_take_step(me, OffboardStep::Create))}
                        {nav_entry("/lifecycle", "Offboard one", can_offboard_one(me))}
                        {nav_entry("/offboard", "Offboard many", can_offboard_many(me))}
                    }
                })}
            </nav>
            <span class="portal" title="Portal">{move || session().map(|s| s.portal)}</span>
            <span class="me">{move || session().map(|s| s.me.name().to_string())}</span>
            <span class="theme">
                // Named "Theme" only: a label around the select would add the chosen option.
                <label for="theme">"Theme"</label>
                " "
                <select id="theme" on:change=move |ev| theme.set(Theme::from_slug(&event_target_value(&ev)))>
                    {Theme::ALL
                        .into_iter()
                        .map(|t| {
                            view! {
                                <option value=t.slug() selected=move || theme.get() == t>
                                    {t.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </span>
            <button type="button" class="secondary" disabled=move || signing_out.get() on:click=sign_out>"Sign out"</button>
        </header>
    }
}
