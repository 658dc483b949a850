use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Runs `handler` when the pointer goes down anywhere outside the element `target` (a menu
/// that closes when the person clicks elsewhere). The listener goes with the component.
pub fn use_pointer_outside<E>(target: NodeRef<E>, handler: impl Fn() + 'static)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let listener = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let Some(element) = target
            .get_untracked()
            .and_then(|e| e.dyn_into::<web_sys::Node>().ok())
        else {
            return;
        };
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|t| element.contains(Some(&t)));
        if !inside {
            handler();
        }
    });
    on_cleanup(move || listener.remove());
}

/// Runs `handler` with the node the pointer went down on, anywhere in the page, while the
/// calling component is shown.
pub fn use_pointer_down(handler: impl Fn(&web_sys::Node) + 'static) {
    let listener = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) {
            handler(&target);
        }
    });
    on_cleanup(move || listener.remove());
}
