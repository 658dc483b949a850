//! The invitation link form mounted in headless Chromium: a past expiry and a bad limit are
//! refused next to their fields before any request, and the local time typed goes out in UTC.
#![cfg(target_arch = "wasm32")]

use docspace_admin::api::{LinkType, PortalClient};
use docspace_admin::browser::local_input_ms;
use docspace_admin::components::InvitationLinkForm;
use docspace_admin::people::invitation_links::utc_iso;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

async fn settle(done: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if done() {
            return true;
        }
        leptos::task::tick().await;
    }
    done()
}

fn set_value(root: &web_sys::HtmlElement, id: &str, value: &str) {
    let input: web_sys::HtmlInputElement = root
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_past_expiry_and_a_bad_limit_are_refused_before_any_request() {
    let root = container();
    let saved = RwSignal::new(0u32);
    // A portal nobody listens on: a request would fail, and `saved` would not move anyway.
    let client = PortalClient::new("http://127.0.0.1:9", "sk-test");
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <InvitationLinkForm client=client.clone() kind=LinkType::User existing=None
                on_saved=Callback::new(move |_| saved.update(|n| *n += 1))
                on_cancel=Callback::new(|()| {})/>
        }
    });
    set_value(&root, "user-link-expiry", "2020-01-01T10:00");
    set_value(&root, "user-link-limit", "1001");
    let submit: web_sys::HtmlElement = root
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    submit.click();
    assert!(
        settle(|| !text(&root, "#user-link-expiry-error").is_empty()).await,
        "the expiry's error shows"
    );
    assert_eq!(
        text(&root, "#user-link-expiry-error"),
        "The expiry must be in the future."
    );
    assert!(
        text(&root, "#user-link-limit-error").starts_with("Enter a whole number from 1 to 1000")
    );
    assert_eq!(
        docspace_admin::api::requests_in_flight(),
        0,
        "nothing was sent"
    );
    assert_eq!(saved.get_untracked(), 0);
    // Nothing to preview while the form holds something the portal would refuse.
    assert!(root.query_selector("details.api-call").unwrap().is_none());
}

#[wasm_bindgen_test]
fn the_local_time_typed_goes_out_in_utc() {
    let typed = "2030-06-15T10:30";
    let expected = js_sys::Date::new(&typed.into()).to_iso_string();
    let sent = utc_iso(local_input_ms(typed).expect("a moment"));
    assert_eq!(sent, String::from(expected));
    assert!(sent.ends_with('Z'));
    assert_eq!(local_input_ms(""), None);
    assert_eq!(local_input_ms("tomorrow"), None);
}
