//! A menu button (the WAI-ARIA menu button pattern): a button that opens a short list of
//! actions. Arrow keys, Home and End move between them, Enter or Space takes one, Esc closes
//! the menu and returns to the button, Tab or a click elsewhere closes it. An action that
//! cannot be taken stays in the list, unavailable, with its reason.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::use_pointer_down;

/// One entry of a menu.
#[derive(Clone)]
pub struct MenuItem {
    pub label: String,
    /// Why it cannot be taken, when it cannot.
    pub unavailable: Option<String>,
    /// It takes something away: shown in the danger colour.
    pub danger: bool,
    pub run: Callback<()>,
}

impl MenuItem {
    pub fn new(label: impl Into<String>, run: impl Fn() + Send + Sync + 'static) -> Self {
        MenuItem {
            label: label.into(),
            unavailable: None,
            danger: false,
            run: Callback::new(move |()| run()),
        }
    }

    /// Unavailable for `why`, when there is a reason.
    pub fn unavailable_for(mut self, why: Option<String>) -> Self {
        self.unavailable = why;
        self
    }

    pub fn danger(mut self) -> Self {
        self.danger = true;
        self
    }
}

static NEXT_MENU: AtomicUsize = AtomicUsize::new(0);

/// Moves the focus to the item `index` of the menu (wrapping), or the first or last.
fn focus_item(menu: &web_sys::Element, to: Move) {
    let Ok(items) = menu.query_selector_all("[role=menuitem]") else {
        return;
    };
    let n = items.length();
    if n == 0 {
        return;
    }
    let active = leptos::prelude::document().active_element();
    let current = (0..n).find(|i| {
        items
            .item(*i)
            .zip(active.as_ref())
            .is_some_and(|(item, a)| item.is_same_node(Some(a)))
    });
    let next = match (to, current) {
        (Move::First, _) | (Move::Next, None) => 0,
        (Move::Last, _) | (Move::Previous, None) => n - 1,
        (Move::Next, Some(i)) => (i + 1) % n,
        (Move::Previous, Some(i)) => (i + n - 1) % n,
    };
    if let Some(item) = items
        .item(next)
        .and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = item.focus();
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Move {
    First,
    Last,
    Next,
    Previous,
}

/// A button that opens a menu of `items` (asked for when it opens, so that a list of many rows
/// builds no menus until one is opened).
#[component]
pub fn MenuButton(
    /// What the button shows: "Change type", "More".
    #[prop(into)]
    label: String,
    /// Its accessible name, when the text is not enough ("Actions for Amara Okafor").
    #[prop(optional, into)]
    name: Option<String>,
    #[prop(into)] items: Callback<(), Vec<MenuItem>>,
    #[prop(optional, into)] class: Option<String>,
    /// No "▾" after the text (a row's "⋯").
    #[prop(optional)]
    no_caret: bool,
) -> impl IntoView {
    let id = format!("menu-{}", NEXT_MENU.fetch_add(1, Ordering::Relaxed));
    let open = RwSignal::new(None::<(Vec<MenuItem>, Move)>);
    let button = NodeRef::<leptos::html::Button>::new();
    let show = move |first: Move| open.set(Some((items.run(()), first)));
    let close = move |refocus: bool| {
        open.set(None);
        if refocus {
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            show(Move::First);
        }
        "ArrowUp" => {
            ev.prevent_default();
            show(Move::Last);
        }
        _ => {}
    };
    let popup_id = id.clone();
    let button_id = format!("{id}-button");
    let root = NodeRef::<leptos::html::Span>::new();
    view! {
        <span class="menu" node_ref=root>
            <button type="button" node_ref=button id=button_id.clone() class=class.unwrap_or_else(|| "secondary".into())
                aria-haspopup="menu" aria-controls=id.clone()
                aria-expanded=move || if open.with(Option::is_some) { "true" } else { "false" }
                aria-label=name
                on:keydown=on_button_key
                on:click=move |_| if open.with_untracked(Option::is_some) { close(false) } else { show(Move::First) }>
                {label}
                {(!no_caret).then(|| view! { <span aria-hidden="true" class="caret">" ▾"</span> })}
            </button>
            {move || open.get().map(|(items, first)| view! {
                <MenuPopup id=popup_id.clone() items=items first=first
                    inside=Inside::Root(root) labelled_by=button_id.clone() close=Callback::new(close)/>
            })}
        </span>
    }
}

/// What counts as inside an open menu, where a press does not close it: the menu's button
/// and the menu (`Root`), or the button of a row that opened a list's shared menu.
pub(crate) enum Inside {
    Root(NodeRef<leptos::html::Span>),
    Anchor(web_sys::Element),
}

/// An open menu: its entries, the focus on the first (or last), Esc and Tab, and a press
/// elsewhere closing it (`close(true)` when the focus should go back to its button).
#[component]
pub(crate) fn MenuPopup(
    id: String,
    items: Vec<MenuItem>,
    first: Move,
    inside: Inside,
    /// The id of the element that names the menu (its button).
    labelled_by: String,
    close: Callback<bool>,
    /// Where it sits (pixels from the top and the right of its positioned container), when
    /// not under its button (a list's shared menu). Set through the CSSOM: the page's
    /// Content-Security-Policy refuses `style` attributes.
    #[prop(optional)]
    place: Option<(f64, f64)>,
) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Ul>::new();
    let popup = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let (Some(p), Some((top, right))) = (popup.get(), place) {
            let style = web_sys::HtmlElement::style(&p);
            let _ = style.set_property("top", &format!("{top}px"));
            let _ = style.set_property("right", &format!("{right}px"));
        }
    });
    // A press on the menu's own button toggles it there; anywhere else closes it.
    use_pointer_down(move |target| {
        let within = |e: &web_sys::Element| e.contains(Some(target));
        let in_popup = popup.get_untracked().is_some_and(|p| within(&p));
        let in_button = match &inside {
            Inside::Root(root) => root.get_untracked().is_some_and(|r| within(&r)),
            Inside::Anchor(anchor) => within(anchor),
        };
        if !in_popup && !in_button {
            close.run(false);
        }
    });
    Effect::new(move |_| {
        if let Some(m) = menu.get() {
            focus_item(&m, first);
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(m) = menu.get_untracked() else {
            return;
        };
        let to = match ev.key().as_str() {
            "ArrowDown" => Move::Next,
            "ArrowUp" => Move::Previous,
            "Home" => Move::First,
            "End" => Move::Last,
            "Escape" => {
                ev.prevent_default();
                // Esc closes the menu only, not what is around it (a selection, a dialog).
                ev.stop_propagation();
                close.run(true);
                return;
            }
            "Tab" => {
                // Back to the button, from where the browser's Tab goes on.
                close.run(true);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        focus_item(&m, to);
    };
    view! {
        <div class="menu-popup" node_ref=popup>
            <ul node_ref=menu role="menu" id=id.clone() aria-labelledby=labelled_by on:keydown=on_key>
                {items.into_iter().enumerate().map(|(i, item)| {
                    let why_id = format!("{id}-why-{i}");
                    let available = item.unavailable.is_none();
                    let run = item.run;
                    view! {
                        <li role="none">
                            <button type="button" role="menuitem" tabindex="-1"
                                class:danger-item=item.danger
                                aria-disabled=(!available).then_some("true")
                                aria-describedby=(!available).then(|| why_id.clone())
                                on:click=move |_| if available {
                                    close.run(true);
                                    run.run(());
                                }>
                                {item.label}
                            </button>
                            {item.unavailable.map(|why| view! { <span id=why_id class="why">{why}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
