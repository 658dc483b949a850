use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Runs `handler` when `key` is pressed anywhere in the page while the calling component is
/// shown, unless the person is typing in a field and `when_typing` is false. The listener goes
/// with the component.
pub fn use_key(
    key: &'static str,
    when_typing: bool,
    handler: impl Fn(&web_sys::KeyboardEvent) + 'static,
) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != key {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if when_typing || !typing {
            handler(&ev);
        }
    });
    on_cleanup(move || listener.remove());
}
