//! Invitation links as an administrator uses them (more-endpoints.md §2.3): a User link with a
//! use limit, five people joining through it and the sixth refused, an expired link, a past
//! expiry refused before anything is sent, Change and Delete checked against the portal's
//! state, the cards a room admin sees, and an older portal's notice; axe in light and dark.

use docspace_e2e::axe::assert_accessible;
use docspace_e2e::{
    button, find, join_through, journey, screenshot, set_theme, sign_in_with_key, toast, until, Sim,
};
use docspace_sim::model::EmployeeType;
use docspace_sim::Role;
use fantoccini::{Client, Locator};
use serde_json::json;

const THEMES: [&str; 2] = ["light", "dark"];
const LINK_ROUTES: [&str; 2] = [
    "/api/2.0/portal/users/invitationlink",
    "/api/2.0/portal/users/invitationlink/{employeeType}",
];

/// Inside the card of `kind` ("User", "Room admin", "DocSpace admin").
fn card(kind: &str, inner: &str) -> String {
    format!("//section[contains(@class,'link-card')][h2[normalize-space(.)='{kind}']]{inner}")
}

/// Sets a field's value as typing does (an `input` event), whatever the browser's date format.
async fn set_value(c: &Client, id: &str, value: &str) {
    c.execute(
        "const f = document.getElementById(arguments[0]);
         f.value = arguments[1];
         f.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(id), json!(value)],
    )
    .await
    .unwrap();
}

/// The URL the User card shows.
async fn shown_url(c: &Client) -> String {
    find(c, &card("User", "//input[contains(@class,'link-url')]"))
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn open_invitations(c: &Client) {
    find(c, "//header//a[normalize-space(.)='Invitations']")
        .await
        .click()
        .await
        .unwrap();
    find(c, "//h1[normalize-space(.)='Invitations']").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_makes_a_user_link_that_five_people_join_through_then_changes_and_deletes_it() {
    let sim = Sim::start(40).await;
    let (base, key, portal, faults) = (
        sim.base.clone(),
        sim.key(Role::Admin),
        sim.portal.clone(),
        sim.faults.clone(),
    );
    let joiner = sim.base.clone();
    journey("invitations", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        open_invitations(&c).await;
        // A DocSpace admin invites room admins and users, not other DocSpace admins.
        find(&c, &card("Room admin", "//p[normalize-space(.)='No link yet']")).await;
        find(&c, &card("User", "//p[normalize-space(.)='No link yet']")).await;
        assert!(c
            .find_all(Locator::XPath(&card("DocSpace admin", "")))
            .await
            .unwrap()
            .is_empty());
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the invitations page ({theme})")).await;
        }
        set_theme(&c, "light").await;

        // A User link for five people.
        find(&c, &card("User", "//button[normalize-space(.)='Create link']"))
            .await
            .click()
            .await
            .unwrap();
        set_value(&c, "user-link-limit", "5").await;
        find(&c, &card("User", "//form//button[normalize-space(.)='Create link']"))
            .await
            .click()
            .await
            .unwrap();
        toast(&c, "The User link is ready: copy it and send it to the people you invite.").await;
        find(&c, &card("User", "//dd[contains(@class,'link-uses') and normalize-space(.)='0 of 5 used']")).await;
        find(&c, &card("User", "//dd[contains(@class,'link-expires') and normalize-space(.)='Never']")).await;
        let url = shown_url(&c).await;
        let stored = portal.lock().unwrap().invitation_links.clone();
        assert_eq!(stored.len(), 1);
        assert_eq!(
            (stored[0].employee_type, stored[0].max_use_count, stored[0].expiration),
            (EmployeeType::User, Some(5), None)
        );
        screenshot(&c, "invitations-user-link").await;
        // What reaches the clipboard (reading it back needs a permission the page lacks).
        c.execute(
            "const write = navigator.clipboard.writeText.bind(navigator.clipboard);
             navigator.clipboard.writeText = (text) => { window.copiedText = text; return write(text); };",
            vec![],
        )
        .await
        .unwrap();
        find(&c, &card("User", "//button[normalize-space(.)='Copy']"))
            .await
            .click()
            .await
            .unwrap();
        toast(&c, "The User link is copied.").await;
        let copied = c.execute("return window.copiedText", vec![]).await.unwrap();
        assert_eq!(copied.as_str(), Some(url.as_str()), "the URL went to the clipboard");

        // Five people join through it; the sixth is refused by the portal.
        for n in 0..5 {
            let status = join_through(&joiner, &url, &format!("joined{n}@example.com")).await;
            assert_eq!(status, 200, "sign-up {n}");
        }
        assert_eq!(join_through(&joiner, &url, "joined5@example.com").await, 401);
        assert!(portal.lock().unwrap().user_by_email("joined5@example.com").is_none());
        c.refresh().await.unwrap();
        find(&c, &card("User", "//dd[contains(@class,'link-uses') and normalize-space(.)='5 of 5 used']")).await;
        find(&c, &card("User", "//span[contains(@class,'badge') and normalize-space(.)='Used up']")).await;

        // Expired on the portal's side.
        let an_hour_ago = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 3600;
        portal.lock().unwrap().invitation_links[0].expiration = Some(an_hour_ago);
        c.refresh().await.unwrap();
        find(&c, &card("User", "//span[contains(@class,'badge') and normalize-space(.)='Expired']")).await;

        // A past expiry typed in the form is refused next to the field, and nothing is sent.
        find(&c, &card("User", "//button[normalize-space(.)='Change']"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//p[@id='user-link-expiry-hint' and contains(.,'replaces both settings')]").await;
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the link's Change form ({theme})")).await;
        }
        set_theme(&c, "light").await;
        set_value(&c, "user-link-expiry", "2020-01-01T10:00").await;
        set_value(&c, "user-link-limit", "10").await;
        faults.clear_requests();
        find(&c, &button("Save changes")).await.click().await.unwrap();
        find(&c, "//p[@id='user-link-expiry-error' and normalize-space(.)='The expiry must be in the future.']").await;
        screenshot(&c, "invitations-change-refused").await;
        let active = c.active_element().await.unwrap().attr("id").await.unwrap();
        assert_eq!(active.as_deref(), Some("user-link-expiry"), "the focus is on the field");
        let sent: Vec<String> = faults.requests().into_iter().map(|r| r.route).collect();
        assert!(!sent.iter().any(|r| LINK_ROUTES.contains(&r.as_str())), "{sent:?}");

        // Never, and ten uses: the change replaces both and keeps the count.
        set_value(&c, "user-link-expiry", "").await;
        find(&c, &button("Save changes")).await.click().await.unwrap();
        toast(&c, "The User link is changed.").await;
        find(&c, &card("User", "//dd[contains(@class,'link-uses') and normalize-space(.)='5 of 10 used']")).await;
        find(&c, &card("User", "//dd[contains(@class,'link-expires') and normalize-space(.)='Never']")).await;
        let stored = portal.lock().unwrap().invitation_links[0].clone();
        assert_eq!(
            (stored.expiration, stored.max_use_count, stored.current_use_count),
            (None, Some(10), 5)
        );
        assert!(c
            .find_all(Locator::XPath(&card("User", "//span[contains(@class,'badge')]")))
            .await
            .unwrap()
            .is_empty());

        // Delete, confirmed with its effect.
        find(&c, &card("User", "//button[normalize-space(.)='Delete…']"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//dialog[@open]//p[contains(.,'stops working for everyone it was sent to')]").await;
        for theme in THEMES {
            set_theme(&c, theme).await;
            assert_accessible(&c, &format!("the delete dialog ({theme})")).await;
        }
        set_theme(&c, "light").await;
        screenshot(&c, "invitations-delete").await;
        find(&c, &button("Delete link")).await.click().await.unwrap();
        toast(&c, "The User link is deleted: it no longer works for anyone.").await;
        find(&c, &card("User", "//p[normalize-space(.)='No link yet']")).await;
        assert!(portal.lock().unwrap().invitation_links.is_empty());
        assert_eq!(join_through(&joiner, &url, "joined6@example.com").await, 401);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_admin_sees_only_the_user_link() {
    let sim = Sim::start(30).await;
    let (base, key) = (sim.base.clone(), sim.key(Role::RoomAdmin));
    journey("invitations-room-admin", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        open_invitations(&c).await;
        find(&c, &card("User", "//p[normalize-space(.)='No link yet']")).await;
        let titles = c
            .find_all(Locator::XPath("//section[contains(@class,'link-card')]/h2"))
            .await
            .unwrap();
        let mut names = Vec::new();
        for title in titles {
            names.push(title.text().await.unwrap());
        }
        assert_eq!(names, ["User"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_before_3_7_1_gets_a_notice_and_no_request() {
    let sim = Sim::of_version(30, "3.6.1").await;
    let (base, key, faults) = (sim.base.clone(), sim.key(Role::Owner), sim.faults.clone());
    journey("invitations-3-6", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        open_invitations(&c).await;
        find(
            &c,
            "//p[@id='invitations-unavailable' and normalize-space(.)='Invitation links need DocSpace 3.7.1 or later; this portal runs DocSpace 3.6.1.']",
        )
        .await;
        until("the page has settled", || async {
            c.find_all(Locator::XPath("//section[contains(@class,'link-card')]"))
                .await
                .map(|cards| cards.is_empty())
                .unwrap_or(false)
        })
        .await;
        let sent: Vec<String> = faults.requests().into_iter().map(|r| r.path).collect();
        assert!(!sent.iter().any(|p| p.contains("invitationlink")), "{sent:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portals_refusals_are_shown_in_the_card_with_its_message() {
    let sim = Sim::start(30).await;
    let (base, key, portal) = (sim.base.clone(), sim.key(Role::Owner), sim.portal.clone());
    let max = {
        let mut p = sim.portal.lock().unwrap();
        let used = p.paid_in_use();
        p.set_paid_seats(Some(used));
        used
    };
    journey("invitations-refused", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        open_invitations(&c).await;
        // No free paid seat: the portal refuses even to show the paid types' links.
        let seats = format!(
            "//p[@role='alert' and normalize-space(.)='The portal answered 402: The number of admins should not exceed {max}']"
        );
        find(&c, &card("DocSpace admin", &seats)).await;
        find(&c, &card("Room admin", &seats)).await;
        find(&c, &card("User", "//p[normalize-space(.)='No link yet']")).await;

        // The portal stops allowing invitations while the form is open: the refusal goes under it.
        find(&c, &card("User", "//button[normalize-space(.)='Create link']"))
            .await
            .click()
            .await
            .unwrap();
        portal.lock().unwrap().allow_inviting_members = false;
        find(&c, &card("User", "//form//button[normalize-space(.)='Create link']"))
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            &card(
                "User",
                "//form//p[@role='alert' and starts-with(normalize-space(.),'Access denied: the portal refused. It may not allow inviting members')]",
            ),
        )
        .await;
        assert!(portal.lock().unwrap().invitation_links.is_empty());
        c.refresh().await.unwrap();
        find(
            &c,
            &card("User", "//p[@role='alert' and starts-with(normalize-space(.),'Access denied')]"),
        )
        .await;
    })
    .await;
}
