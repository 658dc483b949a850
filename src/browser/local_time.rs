//! The browser's time zone, for date-time fields: a `datetime-local` input holds local time
//! without an offset, which only the browser can turn into a moment.

use wasm_bindgen::JsValue;

/// The moment a `datetime-local` value ("2026-12-08T10:00") names in the browser's time zone,
/// in milliseconds since 1970 UTC; `None` for an empty or unreadable value.
pub fn local_input_ms(value: &str) -> Option<f64> {
    let value = value.trim();
    // Only the field's own shape: `Date` would read other text by rules of its own.
    let shaped = value.len() >= 16 && value.as_bytes().get(10) == Some(&b'T');
    if !shaped {
        return None;
    }
    let ms = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (!ms.is_nan()).then_some(ms)
}

/// A portal date ("2026-12-08T10:00:00.0000000+00:00") as a `datetime-local` value in the
/// browser's time zone, to prefill a field; empty when it cannot be read.
pub fn to_local_input(portal_date: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(portal_date));
    if date.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// A portal date as a person reads it, in the browser's language and time zone; the text as
/// given when it cannot be read.
pub fn local_display(portal_date: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(portal_date));
    if date.get_time().is_nan() {
        return portal_date.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string("default", &options))
}
