use wasm_bindgen::JsCast;

/// Moves keyboard focus to the first element matching `selector` (made focusable from script
/// if it is not, without entering the Tab order), so that a keyboard or screen reader user
/// continues from what just appeared. Returns whether there was such an element.
pub fn move_focus_to(selector: &str) -> bool {
    let Some(element) = leptos::prelude::document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    element.focus().is_ok()
}

/// Moves the focus to the field `id`, if it is on the page.
pub fn focus_by_id(id: &str) {
    let field = leptos::prelude::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}
