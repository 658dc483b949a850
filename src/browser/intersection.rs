use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Whether `element` is within `margin_px` of the viewport now. An observer's entry says how it
/// was when the browser last laid the page out, which may be before new rows arrived and
/// pushed it down: without this check, the list asked for its second page as soon as the first
/// arrived (found by `cargo xtask bench`).
pub fn near_now(element: &web_sys::Element, margin_px: u32) -> bool {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let rect = element.get_bounding_client_rect();
    rect.top() < height + f64::from(margin_px) && rect.bottom() > -f64::from(margin_px)
}

/// Calls `on_visible` whenever the element `target` comes within `margin_px` of the viewport:
/// the sentinel at the end of a list that loads its next page. The observer goes with the
/// calling component.
pub fn use_intersection(target: NodeRef<Div>, margin_px: u32, on_visible: impl Fn() + 'static) {
    let on_visible = std::rc::Rc::new(on_visible);
    Effect::new(move |_| {
        let Some(element) = target.get() else {
            return;
        };
        let on_visible = on_visible.clone();
        let watched: web_sys::Element = element.clone().into();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if visible && near_now(&watched, margin_px) {
                on_visible();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(&format!("{margin_px}px"));
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
