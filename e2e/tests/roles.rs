//! Offer only what the role can finish (issue 14): a room admin, who may neither disable nor
//! delete anyone on DocSpace, is not offered the wizard or bulk offboarding (the entries are
//! unavailable with the reason, the pages say why and offer no step, nothing reaches the
//! portal), while a DocSpace admin and the owner still are.

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    button, field, find, journey, screenshot, sign_in_with_key, tick_row, until, Sim,
};
use docspace_sim::Role;
use fantoccini::{Client, Locator};
use serde_json::json;

const ROOM_ADMINS_CANNOT: &str =
    "Room admins cannot disable or delete accounts on DocSpace: only the owner and DocSpace admins can.";

/// The top bar's entry named `label`, whatever it is (a link or an unavailable entry).
fn nav_entry(label: &str) -> String {
    format!("//header//nav//a[normalize-space(.)='{label}']")
}

/// The text of the element that describes `element` (`aria-describedby`).
async fn description(c: &Client, element: &fantoccini::elements::Element) -> String {
    let id = element
        .attr("aria-describedby")
        .await
        .unwrap()
        .expect("a described-by note");
    c.find(Locator::Id(&id))
        .await
        .unwrap_or_else(|e| panic!("the note #{id}: {e}"))
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// How many elements match `xpath` now.
async fn count(c: &Client, xpath: &str) -> usize {
    c.find_all(Locator::XPath(xpath)).await.unwrap().len()
}

/// Chooses `theme` with the top bar's Theme switch and waits until the page shows it.
async fn choose_theme(c: &Client, theme: &str) {
    docspace_e2e::open_user_menu(c).await;
    find(c, "//header//select[@id=//label[.='Theme']/@for]")
        .await
        .select_by_value(theme)
        .await
        .unwrap();
    let c2 = c.clone();
    let theme = theme.to_string();
    until("the theme applies", move || {
        let c = c2.clone();
        let theme = theme.clone();
        async move {
            c.execute(
                "return document.documentElement.getAttribute('data-theme')",
                vec![],
            )
            .await
            .unwrap()
                == json!(theme)
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_admin_is_offered_neither_the_wizard_nor_bulk_offboarding() {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(Role::RoomAdmin);
    let portal = sim.portal.clone();
    let faults = sim.faults.clone();
    let people_before = portal.lock().unwrap().users.len();
    let user = portal
        .lock()
        .unwrap()
        .role_user(Role::User)
        .cloned()
        .unwrap();
    // A guest the room admin invited: the portal lists it to them.
    let guest = {
        let mut p = portal.lock().unwrap();
        let room_admin = p.role_user(Role::RoomAdmin).unwrap().id.clone();
        let guest = p.role_user(Role::Guest).unwrap().id.clone();
        let g = p.user_mut(&guest).unwrap();
        g.created_by = Some(room_admin);
        g.clone()
    };
    journey("roles-room-admin", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;

        // The two entries are there, unavailable, with the reason as their description.
        for label in ["Offboard one", "Offboard many"] {
            let entry = find(&c, &nav_entry(label)).await;
            assert_eq!(
                entry.attr("aria-disabled").await.unwrap().as_deref(),
                Some("true"),
                "{label} is offered to a room admin"
            );
            assert_eq!(entry.attr("href").await.unwrap(), None, "{label} is a link");
            assert_eq!(description(&c, &entry).await, ROOM_ADMINS_CANNOT, "{label}");
        }
        // Creating a user is theirs to do.
        let new = find(&c, &nav_entry("New account")).await;
        assert!(new.attr("href").await.unwrap().is_some());

        // The wizard by its address: why, step by step, and no form.
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, "//h1[normalize-space(.)='Offboard one person']").await;
        find(
            &c,
            &format!("//section[contains(@class,'role-gate')]//p[normalize-space(.)='{ROOM_ADMINS_CANNOT}']"),
        )
        .await;
        find(&c, "//li[contains(@class,'step-allowed')][contains(., 'Create the account')]").await;
        find(
            &c,
            "//li[contains(@class,'step-refused')][contains(., 'Disable it')][contains(., 'Room admins cannot disable')]",
        )
        .await;
        find(&c, "//li[contains(@class,'step-refused')][contains(., 'Delete it')]").await;
        assert_eq!(count(&c, "//form | //input[not(@type='hidden')] | //textarea").await, 0);
        assert_eq!(count(&c, &field("Email")).await, 0);
        assert_eq!(count(&c, &button("Create account")).await, 0);
        assert_eq!(count(&c, &button("Pick this account")).await, 0);
        for theme in ["light", "dark"] {
            choose_theme(&c, theme).await;
            screenshot(&c, &format!("roles-gate-{theme}")).await;
            assert_accessible(&c, &format!("the wizard's gate for a room admin ({theme})")).await;
            // The reason of an unavailable entry, shown by focusing it, reads well too.
            c.execute(
                "[...document.querySelectorAll('header nav a[aria-disabled=true]')]
                   .find(a => a.textContent.trim() === arguments[0]).focus()",
                vec![json!("Offboard many")],
            )
            .await
            .unwrap();
            find(&c, "//header//span[contains(@class,'nav-why')]").await;
            assert_accessible(&c, &format!("an unavailable entry's reason ({theme})")).await;
        }

        // Bulk offboarding by its address: the same.
        c.goto(&format!("{base}/offboard")).await.unwrap();
        find(&c, "//h1[normalize-space(.)='Offboard many people']").await;
        find(
            &c,
            &format!("//section[contains(@class,'role-gate')]//p[normalize-space(.)='{ROOM_ADMINS_CANNOT}']"),
        )
        .await;
        assert_eq!(count(&c, "//form | //input[not(@type='hidden')] | //textarea").await, 0);

        // The list's selection (a guest): Disable and Offboard are unavailable, with the
        // reasons; making the guest a user is theirs.
        c.goto(&format!("{base}/people?q={}", guest.email)).await.unwrap();
        find(&c, "//table[contains(@class,'people')]//tbody/tr").await;
        tick_row(&c, 1).await;
        let offboard = find(&c, "//div[contains(@class,'bulk-bar')]//button[starts-with(normalize-space(.),'Offboard')]").await;
        assert!(offboard.attr("disabled").await.unwrap().is_some());
        assert_eq!(description(&c, &offboard).await, ROOM_ADMINS_CANNOT);
        let disable = find(&c, "//div[contains(@class,'bulk-bar')]//button[starts-with(normalize-space(.),'Disable')]").await;
        assert!(disable.attr("disabled").await.unwrap().is_some());
        assert!(description(&c, &disable).await.starts_with("Room admins cannot disable"));
        // Making a user is theirs (of guests): in the Change type menu, offered.
        find(&c, "//button[@aria-haspopup='menu' and starts-with(normalize-space(.),'Change type')]")
            .await
            .click()
            .await
            .unwrap();
        let make_user = find(&c, "//ul[@role='menu']//button[@role='menuitem' and starts-with(normalize-space(.),'Make user')]").await;
        assert_eq!(make_user.attr("aria-disabled").await.unwrap(), None);
        let make_room_admin = find(&c, "//ul[@role='menu']//button[@role='menuitem' and starts-with(normalize-space(.),'Make room admin')]").await;
        assert_eq!(make_room_admin.attr("aria-disabled").await.unwrap().as_deref(), Some("true"));

        // A profile: Disable and Delete are there, unavailable, saying why for this role.
        c.goto(&format!("{base}/people/{}", user.id)).await.unwrap();
        find(&c, &format!("//h1[normalize-space(.)='{}']", user.display_name())).await;
        for (action, why) in [("Disable", "Room admins cannot disable"), ("Delete", "Room admins cannot delete")] {
            let b = find(&c, &button(action)).await;
            assert!(b.attr("disabled").await.unwrap().is_some(), "{action}");
            assert!(description(&c, &b).await.starts_with(why), "{action}");
        }

        // Nothing was asked of the portal but reading.
        let writes: Vec<String> = faults
            .requests()
            .into_iter()
            .filter(|r| r.method != "GET")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(writes.is_empty(), "the panel sent {writes:?}");
        assert_eq!(portal.lock().unwrap().users.len(), people_before);
    })
    .await;
}

/// Signs in as `role` and checks that both offboarding entries are links and both pages offer
/// their first step.
async fn offered_both(role: Role, name: &str) {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(role);
    let owner = sim
        .portal
        .lock()
        .unwrap()
        .role_user(Role::Owner)
        .cloned()
        .unwrap();
    let faults = sim.faults.clone();
    journey(name, move |c| async move {
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, "//section[contains(@class,'step')]/h2[normalize-space(.)='1. Pick the account, or create one']").await;
        find(&c, &button("Create account")).await;
        for label in ["Offboard one", "Offboard many", "New account"] {
            let entry = find(&c, &nav_entry(label)).await;
            assert!(entry.attr("href").await.unwrap().is_some(), "{label}");
            assert_eq!(entry.attr("aria-disabled").await.unwrap(), None, "{label}");
        }
        // Someone they cannot take to the end (the owner) is refused at once, with the reason,
        // before any step asks the portal about them.
        find(&c, &field("Their email"))
            .await
            .send_keys(&owner.email)
            .await
            .unwrap();
        find(&c, &button("Pick this account")).await.click().await.unwrap();
        let why = find(&c, "//p[@id='pick-email-error' and normalize-space(.)!='']")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(why, "The portal owner's account cannot be disabled or deleted.");
        find(&c, &button("Create account")).await;
        let asked: Vec<String> = faults
            .requests()
            .into_iter()
            .filter(|r| r.path.contains("/reassign/") || r.method != "GET")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(asked.is_empty(), "{asked:?}");

        find(&c, &nav_entry("Offboard many")).await.click().await.unwrap();
        find(&c, "//h1[normalize-space(.)='Offboard many people']").await;
        find(&c, "//textarea").await;
        assert_eq!(count(&c, "//section[contains(@class,'role-gate')]").await, 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_docspace_admin_is_offered_both() {
    offered_both(Role::Admin, "roles-admin").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_is_offered_both() {
    offered_both(Role::Owner, "roles-owner").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_is_offered_neither_offboarding_nor_new_accounts() {
    let sim = Sim::start(20).await;
    let base = sim.base.clone();
    let key = sim.key(Role::User);
    journey("roles-user", move |c| async move {
        c.goto(&format!("{base}/people/new")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        find(&c, "//h1[normalize-space(.)='New account']").await;
        find(&c, "//section[contains(@class,'role-gate')]//p[starts-with(normalize-space(.),'Users cannot create accounts')]").await;
        assert_eq!(count(&c, "//form | //input[not(@type='hidden')]").await, 0);
        for (label, why) in [
            ("New account", "Users cannot create accounts"),
            ("Offboard one", "Users cannot disable or delete accounts"),
            ("Offboard many", "Users cannot disable or delete accounts"),
            ("Invitations", "Only admins and room admins can invite people"),
        ] {
            let entry = find(&c, &nav_entry(label)).await;
            assert_eq!(entry.attr("aria-disabled").await.unwrap().as_deref(), Some("true"));
            assert!(description(&c, &entry).await.starts_with(why), "{label}");
        }
    })
    .await;
}
