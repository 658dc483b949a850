//! Components mounted in headless Chromium, asserted on their DOM.
#![cfg(target_arch = "wasm32")]

use docspace_admin::api::Person;
use docspace_admin::app::ThemeContext;
use docspace_admin::components::PeopleTable;
use docspace_admin::pages::SignIn;
use docspace_admin::people::query::{ListQuery, SortKey};
use docspace_admin::people::selection::Selection;
use docspace_admin::preferences::Theme;
use docspace_admin::session::SessionContext;
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

fn people() -> Vec<Person> {
    vec![
        person(
            r#"{"id":"1","displayName":"&lt;img src=x onerror=alert(1)&gt;","email":"x@example.com",
               "status":1,"isCollaborator":true,"registrationDate":"2025-01-15T10:30:00.0000000+03:00",
               "groups":[{"id":"g","name":"<b>Sales"}]}"#,
        ),
        person(
            r#"{"id":"2","displayName":"","email":"invitee@example.com","status":4,"isVisitor":true}"#,
        ),
        person(
            r#"{"id":"3","displayName":"Zoë Müller","email":"zoe@example.com","status":2,"isOwner":true}"#,
        ),
    ]
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

/// Mounts a table of `people()` inside a router (its names are links).
fn mount_table(
    root: &web_sys::HtmlElement,
    selection: RwSignal<Selection>,
    query: RwSignal<ListQuery>,
    sorted: RwSignal<Option<SortKey>>,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <PeopleTable rows=Signal::stored(people()) selection=selection query=query
                    on_sort=Callback::new(move |key| sorted.set(Some(key)))/>
            </Router>
        }
    })
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn people_table_renders_names_as_text_never_markup() {
    let root = container();
    let handle = mount_table(
        &root,
        RwSignal::new(Selection::default()),
        RwSignal::new(ListQuery::default()),
        RwSignal::new(None),
    );
    assert!(settle(|| root.query_selector_all("tbody tr").unwrap().length() == 3).await);
    assert!(
        root.query_selector("tbody img, tbody b").unwrap().is_none(),
        "user data became markup"
    );
    assert_eq!(
        text(&root, "tbody tr:nth-child(1) a.name"),
        "<img src=x onerror=alert(1)>"
    );
    assert_eq!(text(&root, "tbody tr:nth-child(1) td.groups"), "<b>Sales");
    // Active is the rule: only another status is shown, and such a row is dimmed.
    assert_eq!(text(&root, "tbody tr:nth-child(1) td.status"), "");
    assert!(root
        .query_selector("tbody tr:nth-child(1).inactive")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector("tbody tr:nth-child(2).inactive")
        .unwrap()
        .is_some());
    assert_eq!(text(&root, "tbody tr:nth-child(1) td.type"), "User");
    assert_eq!(
        text(&root, "tbody tr:nth-child(1) td.registered"),
        "2025-01-15"
    );
    // A pending invitee has no name yet: the email stands in.
    assert_eq!(
        text(&root, "tbody tr:nth-child(2) a.name"),
        "invitee@example.com"
    );
    assert_eq!(text(&root, "tbody tr:nth-child(2) td.status"), "Pending");
    assert_eq!(text(&root, "tbody tr:nth-child(3) td.type"), "Owner");
    assert_eq!(text(&root, "tbody tr:nth-child(3) td.status"), "Disabled");
    assert_eq!(
        root.query_selector("tbody tr:nth-child(3) a.name")
            .unwrap()
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some("/people/3")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn shift_click_selects_a_range_and_headers_sort() {
    let root = container();
    let selection = RwSignal::new(Selection::default());
    let query = RwSignal::new(ListQuery::default());
    let sorted = RwSignal::new(None);
    let handle = mount_table(&root, selection, query, sorted);
    assert!(settle(|| root.query_selector_all("tbody tr").unwrap().length() == 3).await);
    let checkbox = |row: u32| -> web_sys::HtmlElement {
        root.query_selector(&format!("tbody tr:nth-child({row}) input[type=checkbox]"))
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    assert_eq!(
        checkbox(1).get_attribute("aria-label").as_deref(),
        Some("Select <img src=x onerror=alert(1)>")
    );
    checkbox(1).click();
    let init = web_sys::MouseEventInit::new();
    init.set_shift_key(true);
    init.set_bubbles(true);
    let shift_click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    checkbox(3).dispatch_event(&shift_click).unwrap();
    assert!(
        settle(|| root
            .query_selector_all("tbody tr.selected")
            .unwrap()
            .length()
            == 3)
        .await
    );
    assert_eq!(selection.with_untracked(|s| s.count(3)), 3);

    // Headers say how the list sorts, and a click asks for a sort.
    let name_header = root
        .query_selector("thead th:nth-child(2)")
        .unwrap()
        .unwrap();
    assert_eq!(
        name_header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    let email_button: web_sys::HtmlElement = root
        .query_selector("thead th:nth-child(3) button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    email_button.click();
    assert_eq!(sorted.get_untracked(), Some(SortKey::Email));
    query.set(
        ListQuery::default()
            .sorted_by(SortKey::Email)
            .sorted_by(SortKey::Email),
    );
    let email_header = root
        .query_selector("thead th:nth-child(3)")
        .unwrap()
        .unwrap();
    assert!(
        settle(|| email_header.get_attribute("aria-sort").as_deref() == Some("descending")).await
    );
    assert_eq!(
        name_header.get_attribute("aria-sort").as_deref(),
        Some("none")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn sign_in_refuses_an_empty_key_and_an_unencrypted_portal_before_any_request() {
    let root = container();
    // Every request the page would send goes through fetch: count them.
    let window = web_sys::window().unwrap();
    let fetches = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let counter = fetches.clone();
    let fake_fetch =
        wasm_bindgen::closure::Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
            counter.set(counter.get() + 1);
            js_sys::Promise::reject(&"fetch is disabled in this test".into())
        });
    let real_fetch = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    js_sys::Reflect::set(&window, &"fetch".into(), fake_fetch.as_ref()).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(SessionContext::new());
        provide_context(ThemeContext(RwSignal::new(Theme::System)));
        view! { <Router><SignIn/></Router> }
    });
    let input = |id: &str| -> web_sys::HtmlInputElement {
        root.query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap()
            .unchecked_into()
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
    portal.set_value("http://docspace.example.com");
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

    let error = |id: &str| text(&root, &format!("#{id}"));
    assert!(
        settle(|| error("api-key-error") == "Enter an API key.").await,
        "key error: {:?}",
        error("api-key-error")
    );
    assert!(
        settle(|| error("portal-error").contains("https://")).await,
        "portal error: {:?}",
        error("portal-error")
    );
    // What the person typed is still there, nothing was sent and nothing was kept.
    assert_eq!(input("portal").value(), "http://docspace.example.com");
    // With a key, the unencrypted portal alone still stops it.
    let key = input("api-key");
    key.set_value("sk-abc123");
    key.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    button.click();
    assert!(settle(|| error("api-key-error").is_empty()).await);
    assert!(error("portal-error").contains("https://"));
    assert_eq!(input("api-key").value(), "sk-abc123");
    assert_eq!(fetches.get(), 0, "nothing was sent to any portal");
    js_sys::Reflect::set(&window, &"fetch".into(), &real_fetch).unwrap();
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    assert!(storage
        .get_item("docspace-admin.session")
        .unwrap()
        .is_none());
    drop(handle);
}

/// The list's sentinel loads the next page only when it is near the viewport now: an
/// observer's answer computed before the rows arrived must not load a page (found by
/// `cargo xtask bench`: the list asked for page 2 without any scrolling).
#[wasm_bindgen_test]
fn a_sentinel_pushed_down_by_new_rows_is_not_near() {
    use docspace_admin::browser::near_now;
    let host = container();
    let filler = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap();
    filler.set_attribute("style", "height: 10px").unwrap();
    let sentinel = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap();
    sentinel.set_attribute("style", "height: 1px").unwrap();
    host.append_child(&filler).unwrap();
    host.append_child(&sentinel).unwrap();
    assert!(
        near_now(&sentinel, 400),
        "an empty list: the end is in view"
    );
    // A page of rows arrives and pushes the end far below.
    filler.set_attribute("style", "height: 5000px").unwrap();
    assert!(!near_now(&sentinel, 400), "now it is not");
    host.remove();
}

#[wasm_bindgen_test]
async fn toasts_are_said_dismissed_and_kept_few() {
    use docspace_admin::components::{provide_toasts, Toaster, Toasts};
    let root = container();
    let toasts = RwSignal::new(None::<Toasts>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        toasts.set(Some(provide_toasts()));
        view! { <Toaster/> }
    });
    let Some(t) = toasts.get_untracked() else {
        panic!("no toasts")
    };
    let first = t.success("Amara Okafor is disabled.");
    assert!(settle(|| text(&root, "li.toast .toast-message") == "Amara Okafor is disabled.").await);
    // Said to screen readers, with its kind in words.
    assert_eq!(
        text(&root, "[role=status]"),
        "Done: Amara Okafor is disabled."
    );
    t.dismiss(first);
    assert!(settle(|| root.query_selector("li.toast").unwrap().is_none()).await);
    for i in 0..6 {
        t.error(format!("problem {i}"));
    }
    assert!(settle(|| root.query_selector_all("li.toast").unwrap().length() == 4).await);
    assert_eq!(
        text(&root, "li.toast .toast-message"),
        "problem 2",
        "the oldest went first"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_menu_opens_on_its_first_entry_and_an_unavailable_entry_does_nothing() {
    use docspace_admin::components::{MenuButton, MenuItem};
    let root = container();
    let taken = RwSignal::new(Vec::<&'static str>::new());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let items = Callback::new(move |()| {
            vec![
                MenuItem::new("Make user…", move || taken.update(|t| t.push("user"))),
                MenuItem::new("Make room admin…", move || {
                    taken.update(|t| t.push("room"))
                })
                .unavailable_for(Some("Room admins cannot make room admins.".into())),
            ]
        });
        view! { <MenuButton label="Change type" items=items/> }
    });
    let button: web_sys::HtmlElement = root
        .query_selector("button[aria-haspopup=menu]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    button.click();
    assert!(settle(|| root.query_selector("[role=menu]").unwrap().is_some()).await);
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let entries = root.query_selector_all("[role=menuitem]").unwrap();
    assert_eq!(entries.length(), 2);
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        active.text_content().as_deref(),
        Some("Make user…"),
        "the first entry has the focus"
    );
    let refused: web_sys::HtmlElement = entries.item(1).unwrap().unchecked_into();
    assert_eq!(
        refused.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    let why = refused.get_attribute("aria-describedby").unwrap();
    assert_eq!(
        text(&root, &format!("#{why}")),
        "Room admins cannot make room admins."
    );
    refused.click();
    assert!(settle(|| taken.with(Vec::is_empty)).await);
    let first: web_sys::HtmlElement = entries.item(0).unwrap().unchecked_into();
    first.click();
    assert!(settle(|| taken.get() == ["user"]).await);
    assert!(
        settle(|| root.query_selector("[role=menu]").unwrap().is_none()).await,
        "taking an entry closes the menu"
    );
    drop(handle);
}
