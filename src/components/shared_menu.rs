//! One menu for every row of a long list: each row carries a plain button (no component, no
//! signal of its own), and the one menu opens beside the button pressed. A list of 10,000
//! people builds one menu, not 10,000.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::menu_button::{Inside, MenuItem, MenuPopup, Move};

/// The id the pressed button takes while its menu is open (the menu is named by it).
const BUTTON_ID: &str = "row-menu-button";
const MENU_ID: &str = "row-menu";

#[derive(Clone)]
struct Opened {
    anchor: web_sys::HtmlElement,
    items: Vec<MenuItem>,
    /// Pixels from the top and the right of the container.
    place: (f64, f64),
}

/// The shared menu of a list, and which row's button opened it.
#[derive(Clone, Copy)]
pub struct SharedMenu {
    opened: RwSignal<Option<Opened>, LocalStorage>,
}

impl Default for SharedMenu {
    fn default() -> Self {
        SharedMenu {
            opened: RwSignal::new_local(None),
        }
    }
}

impl SharedMenu {
    /// Opens `items()` under `anchor` (a row's button), inside `container` (the positioned
    /// element around the list), or closes it when it is open there already.
    pub fn toggle(
        &self,
        anchor: web_sys::HtmlElement,
        container: &web_sys::Element,
        items: impl FnOnce() -> Vec<MenuItem>,
    ) {
        let same = self.opened.with_untracked(|o| {
            o.as_ref()
                .is_some_and(|o| o.anchor.is_same_node(Some(&anchor)))
        });
        self.close(false);
        if same {
            return;
        }
        let (a, c) = (
            anchor.get_bounding_client_rect(),
            container.get_bounding_client_rect(),
        );
        let place = (a.bottom() - c.top() + 4.0, (c.right() - a.right()).max(0.0));
        anchor.set_id(BUTTON_ID);
        let _ = anchor.set_attribute("aria-expanded", "true");
        let _ = anchor.set_attribute("aria-controls", MENU_ID);
        self.opened.set(Some(Opened {
            anchor,
            items: items(),
            place,
        }));
    }

    /// Closes the menu; `refocus` takes the focus back to the button that opened it.
    pub fn close(&self, refocus: bool) {
        let Some(was) = self.opened.try_get_untracked().flatten() else {
            return;
        };
        self.opened.set(None);
        was.anchor.remove_attribute("id").ok();
        was.anchor.remove_attribute("aria-controls").ok();
        let _ = was.anchor.set_attribute("aria-expanded", "false");
        if refocus {
            let _ = was.anchor.focus();
        }
    }
}

/// Where the shared menu shows, inside the list's positioned container.
#[component]
pub fn SharedMenuView(menu: SharedMenu) -> impl IntoView {
    move || {
        menu.opened.get().map(|o| {
            let anchor: web_sys::Element = o.anchor.unchecked_into();
            view! {
                <MenuPopup id=MENU_ID.to_string() items=o.items first=Move::First
                    inside=Inside::Anchor(anchor) labelled_by=BUTTON_ID.to_string()
                    close=Callback::new(move |refocus| menu.close(refocus)) place=o.place/>
            }
        })
    }
}
