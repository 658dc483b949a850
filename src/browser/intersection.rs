use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Calls `on_visible` whenever the element `target` comes within `margin` (CSS, e.g. "400px")
/// of the viewport: the sentinel at the end of a list that loads its next page. The observer
/// goes with the calling component.
pub fn use_intersection(
    target: NodeRef<Div>,
    margin: &'static str,
    on_visible: impl Fn() + 'static,
) {
    let on_visible = std::rc::Rc::new(on_visible);
    Effect::new(move |_| {
        let Some(element) = target.get() else {
            return;
        };
        let on_visible = on_visible.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if visible {
                on_visible();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(margin);
        if let Ok(observer) = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &options,
        ) {
            observer.observe(&element);
            let kept = SendWrapper::new((observer, callback));
            on_cleanup(move || kept.0.disconnect());
        }
    });
}
