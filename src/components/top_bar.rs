use leptos::prelude::*;

use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::app::ThemeContext;
use crate::base::href;
use crate::browser::{move_focus_to, use_pointer_outside};
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

/// Whether `path` is the people list or a profile (not the new-account form, a place of its
/// own): only one entry of the bar is current.
fn is_people(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    path.ends_with("/people")
        || (path.contains("/people/")
            && !path.ends_with("/people/new")
            && !path.ends_with("/people/inactive"))
}

/// The bar above every signed-in page: where you are, and a menu of who you are with the
/// portal, the theme and Sign out. On a phone the places fold into a "Menu" too.
#[component]
pub fn TopBar() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let ThemeContext(theme) = expect_context::<ThemeContext>();
    let navigate = use_navigate();
    let session = move || ctx.session.get();
    let signing_out = RwSignal::new(false);
    let location = use_location();
    let nav_open = RwSignal::new(false);
    let user_open = RwSignal::new(false);
    // Going somewhere closes the folded menus.
    Effect::new(move |_| {
        location.pathname.track();
        nav_open.set(false);
        user_open.set(false);
    });
    let user_menu = NodeRef::<leptos::html::Div>::new();
    use_pointer_outside(user_menu, move || {
        if user_open.get_untracked() {
            user_open.set(false);
        }
    });
    let nav_area = NodeRef::<leptos::html::Div>::new();
    use_pointer_outside(nav_area, move || {
        if nav_open.get_untracked() {
            nav_open.set(false);
        }
    });
    let close_on_escape =
        move |ev: leptos::ev::KeyboardEvent, open: RwSignal<bool>, button: &'static str| {
            if ev.key() == "Escape" && open.get_untracked() {
                ev.stop_propagation();
                open.set(false);
                move_focus_to(button);
            }
        };
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
            <div class="nav-area" node_ref=nav_area on:keydown=move |ev| close_on_escape(ev, nav_open, "#nav-toggle")>
                <button type="button" id="nav-toggle" class="secondary nav-toggle" aria-controls="main-nav"
                    aria-expanded=move || if nav_open.get() { "true" } else { "false" }
                    on:click=move |_| nav_open.update(|o| *o = !*o)>"Menu"</button>
                <nav id="main-nav" aria-label="Main" class:open=move || nav_open.get()>
                    <a href=href("/people") aria-current=move || is_people(&location.pathname.get()).then_some("page")>"People"</a>
                    {move || session().map(|s| {
                        let me = &s.me;
                        view! {
                            {nav_entry("/people/new", "New account", can_take_step(me, OffboardStep::Create))}
                            {nav_entry("/groups", "Groups", crate::people::groups::can_read_groups(me))}
                            {nav_entry("/invitations", "Invitations", crate::people::invitation_links::can_invite(me))}
                            {nav_entry("/people/inactive", "Inactive", crate::people::activity::can_read_activity(me))}
                            {nav_entry("/onboard", "Onboard", can_take_step(me, OffboardStep::Create))}
                            {nav_entry("/lifecycle", "Offboard one", can_offboard_one(me))}
                            {nav_entry("/offboard", "Offboard many", can_offboard_many(me))}
                        }
                    })}
                </nav>
            </div>
            <span class="portal" title="Portal">{move || session().map(|s| s.portal)}</span>
            <div class="user-menu" node_ref=user_menu on:keydown=move |ev| close_on_escape(ev, user_open, "#user-toggle")>
                <button type="button" id="user-toggle" class="secondary user-toggle" aria-controls="user-panel"
                    aria-expanded=move || if user_open.get() { "true" } else { "false" }
                    on:click=move |_| user_open.update(|o| *o = !*o)>
                    <span class="me">{move || session().map(|s| s.me.name().to_string())}</span>
                    <span aria-hidden="true">" ▾"</span>
                </button>
                <div id="user-panel" class="user-panel" hidden=move || !user_open.get()>
                    <p class="signed-in-as">
                        {move || session().map(|s| format!("{} · {}", s.me.email, s.portal))}
                    </p>
                    <p class="theme">
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
                    </p>
                    <button type="button" class="secondary" disabled=move || signing_out.get() on:click=sign_out>"Sign out"</button>
                </div>
            </div>
        </header>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_place_is_current() {
        for path in [
            "/people",
            "/people/",
            "/admin-panel/people",
            "/people/abc-123",
        ] {
            assert!(super::is_people(path), "{path}");
        }
        for path in [
            "/people/new",
            "/admin-panel/people/new",
            "/lifecycle",
            "/offboard",
        ] {
            assert!(!super::is_people(path), "{path}");
        }
    }
}
