//! Components mounted in headless Chromium, asserted on their DOM.
#![cfg(target_arch = "wasm32")]

use docspace_admin::api::Person;
use docspace_admin::app::SessionContext;
use docspace_admin::components::PeopleTable;
use docspace_admin::pages::SignIn;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn person(json: &str) -> Person {
    serde_json::from_str(json).unwrap()
}

/// Waits, a bounded number of reactive ticks, until `done` holds.
async fn settle(done: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if done() {
            return true;
        }
        leptos::task::tick().await;
    }
    done()
}

#[wasm_bindgen_test]
fn people_table_renders_names_as_text_never_markup() {
    let root = container();
    let people = vec![
        person(
            r#"{"id":"1","displayName":"&lt;img src=x onerror=alert(1)&gt;","email":"x@example.com",
               "status":1,"isCollaborator":true}"#,
        ),
        person(
            r#"{"id":"2","displayName":"","email":"invitee@example.com","status":4,"isVisitor":true}"#,
        ),
        person(
            r#"{"id":"3","displayName":"Zoë Müller","email":"zoe@example.com","status":2,"isOwner":true}"#,
        ),
    ];
    let handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <PeopleTable people=people.clone()/> },
    );

    let rows = root.query_selector_all("tbody tr").unwrap();
    assert_eq!(rows.length(), 3);
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "a name became markup"
    );
    let cells = |row: u32| rows.item(row).unwrap().text_content().unwrap_or_default();
    assert!(
        cells(0).starts_with("<img src=x onerror=alert(1)>"),
        "{}",
        cells(0)
    );
    assert!(cells(0).contains("User") && cells(0).contains("Active"));
    // A pending invitee has no name yet: the email stands in.
    assert!(
        cells(1).starts_with("invitee@example.com")
            && cells(1).contains("Guest")
            && cells(1).contains("Pending")
    );
    assert!(
        cells(2).contains("Zoë Müller")
            && cells(2).contains("Owner")
            && cells(2).contains("Disabled")
    );
    let headers: Vec<String> = (0..4)
        .map(|i| {
            root.query_selector_all("th[scope=col]")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(headers, ["Name", "Email", "Type", "Status"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn sign_in_refuses_an_empty_key_and_a_bad_url_next_to_the_fields() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(SessionContext::new());
        view! { <Router><SignIn/></Router> }
    });
    let input = |id: &str| -> web_sys::HtmlInputElement {
        root.query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    let text = |id: &str| {
        root.query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap_or_default()
    };
    // Every input has a visible label.
    for id in ["portal", "api-key"] {
        assert!(
            root.query_selector(&format!("label[for={id}]"))
                .unwrap()
                .is_some(),
            "{id} has no label"
        );
    }
    let portal = input("portal");
    portal.set_value("docspace.example.com");
    portal
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let button: web_sys::HtmlElement = root
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Sign in");
    button.click();

    assert!(
        settle(|| text("api-key-error") == "Enter an API key.").await,
        "key error: {:?}",
        text("api-key-error")
    );
    assert!(
        settle(|| text("portal-error").contains("https://")).await,
        "portal error: {:?}",
        text("portal-error")
    );
    // What the person typed is still there, and nothing was signed in.
    assert_eq!(input("portal").value(), "docspace.example.com");
    assert!(web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("docspace-admin.session")
        .unwrap()
        .is_none());
    drop(handle);
}
