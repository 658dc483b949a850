//! Input hardening (issue 6): the create form and the offboarding list import refuse what is
//! malformed with a message where it belongs, keep what was typed, and send nothing for it.

use std::collections::BTreeMap;

use docspace_e2e::{button, field, find, journey, screenshot, sign_in_with_key, Sim};
use docspace_sim::Role;
use fantoccini::{Client, Locator};
use serde_json::json;

const CREATE: &str = "POST /api/2.0/people";
const INVITE: &str = "POST /api/2.0/people/invite";
const BY_EMAIL: &str = "GET /api/2.0/people/email";
const BY_ID: &str = "GET /api/2.0/people/{userid}";
const FILTER: &str = "GET /api/2.0/people/filter";

/// Requests per route since `before`.
fn since(before: &BTreeMap<String, u64>, after: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    after
        .iter()
        .map(|(k, n)| (k.clone(), n - before.get(k).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Puts `value` in the field with id `id` as typing would end (an `input` event), so that
/// control characters, which a keyboard cannot type, reach the form too.
async fn fill(c: &Client, id: &str, value: &str) {
    c.execute(
        "const f = document.getElementById(arguments[0]);
         f.value = arguments[1];
         f.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(id), json!(value)],
    )
    .await
    .unwrap();
}

async fn value_of(c: &Client, id: &str) -> String {
    c.execute(
        "return document.getElementById(arguments[0]).value",
        vec![json!(id)],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_string()
}

async fn error_text(c: &Client, id: &str) -> String {
    c.find(Locator::Id(&format!("{id}-error")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_create_form_refuses_bad_names_and_emails_next_to_the_field_sending_nothing() {
    let sim = Sim::start(20).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let faults = sim.faults.clone();
    let portal = sim.portal.clone();
    journey("hardening-create", move |c| async move {
        c.goto(&format!("{base}/people/new")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        let before = faults.counts();
        // A person types the first one.
        find(&c, &field("First name"))
            .await
            .send_keys("   ")
            .await
            .unwrap();
        find(&c, &field("Last name"))
            .await
            .send_keys("Lovelace")
            .await
            .unwrap();
        find(&c, &field("Email"))
            .await
            .send_keys("ada@example.com")
            .await
            .unwrap();
        // 255 characters: the portal's field would take it, mail would not.
        let labels = ["d", "e", "f", "g"].map(|l| l.repeat(if l == "g" { 58 } else { 60 }));
        let long_email = format!("a@{}.example.com", labels.join("."));
        assert_eq!(long_email.chars().count(), 255);
        let long_local = format!("{}@example.com", "l".repeat(65));
        let long_name = "N".repeat(256);
        // (first, last, email, the field whose message shows, what it says), no two in a row
        // with the same message, so that each wait sees this case's answer.
        let cases: Vec<(&str, &str, &str, &str, &str)> = vec![
            (
                "   ",
                "Lovelace",
                "ada@example.com",
                "first-name",
                "Enter a first name.",
            ),
            (
                "Ada",
                &long_name,
                "ada@example.com",
                "last-name",
                "at most 255 characters",
            ),
            (
                "Ada",
                "Lovelace 2nd",
                "ada@example.com",
                "last-name",
                "no digits, dots",
            ),
            (
                "A.",
                "Lovelace",
                "ada@example.com",
                "first-name",
                "no digits, dots",
            ),
            (
                "A\u{7}da",
                "Lovelace",
                "ada@example.com",
                "first-name",
                "control characters",
            ),
            (
                "Ada",
                "Love\u{202e}lace",
                "ada@example.com",
                "last-name",
                "control characters",
            ),
            (
                "Ada",
                "Lovelace",
                "ada.example.com",
                "new-email",
                "needs an @",
            ),
            (
                "Ada",
                "Lovelace",
                "anna@",
                "new-email",
                "domain after the @",
            ),
            ("Ada", "Lovelace", "a@@b.c", "new-email", "only one @"),
            ("Ada", "Lovelace", "x@y", "new-email", "needs a dot"),
            (
                "Ada",
                "Lovelace",
                "ada love@example.com",
                "new-email",
                "spaces",
            ),
            (
                "Ada",
                "Lovelace",
                "ada\u{1}@example.com",
                "new-email",
                "control characters",
            ),
            ("Ada", "Lovelace", &long_local, "new-email", "at most 64"),
            ("Ada", "Lovelace", &long_email, "new-email", "at most 254"),
        ];
        for (i, (first, last, email, at, says)) in cases.into_iter().enumerate() {
            if i > 0 {
                fill(&c, "first-name", first).await;
                fill(&c, "last-name", last).await;
                fill(&c, "new-email", email).await;
            }
            find(&c, &button("Create account"))
                .await
                .click()
                .await
                .unwrap();
            find(
                &c,
                &format!("//p[@id='{at}-error' and contains(., '{says}')]"),
            )
            .await;
            for other in ["first-name", "last-name", "new-email"] {
                if other != at {
                    assert_eq!(error_text(&c, other).await, "", "case {i}: {other}");
                }
            }
            let invalid = c
                .find(Locator::Id(at))
                .await
                .unwrap()
                .attr("aria-invalid")
                .await
                .unwrap();
            assert_eq!(invalid.as_deref(), Some("true"), "case {i}");
            assert_eq!(value_of(&c, "first-name").await, first, "case {i}: kept");
            assert_eq!(value_of(&c, "last-name").await, last, "case {i}: kept");
            assert_eq!(value_of(&c, "new-email").await, email, "case {i}: kept");
        }
        screenshot(&c, "hardening-create-refused").await;

        // An invitation is checked the same way.
        c.find(Locator::XPath(
            "//label[contains(., 'Invite by email instead')]/input",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        fill(&c, "new-email", "bob@@example.com").await;
        find(&c, &button("Send invitation"))
            .await
            .click()
            .await
            .unwrap();
        find(
            &c,
            "//p[@id='new-email-error' and contains(., 'only one @')]",
        )
        .await;
        assert_eq!(value_of(&c, "new-email").await, "bob@@example.com");

        let sent = since(&before, &faults.counts());
        assert!(
            sent.is_empty(),
            "nothing sent for a refused form: {sent:#?}"
        );

        // The same form sends both once it is right: the counts above watch the right routes.
        c.find(Locator::XPath(
            "//label[contains(., 'Invite by email instead')]/input",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        find(&c, &field("First name")).await;
        assert_eq!(value_of(&c, "first-name").await, "Ada", "kept while hidden");
        fill(&c, "new-email", "ada.lovelace@example.com").await;
        // The portal takes a first name alone, and so does the form.
        fill(&c, "last-name", "").await;
        find(&c, &button("Create account"))
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//h1[normalize-space(.)='Ada']").await;
        let sent = since(&before, &faults.counts());
        assert_eq!(sent.get(BY_EMAIL), Some(&1), "{sent:#?}");
        assert_eq!(sent.get(CREATE), Some(&1), "{sent:#?}");
        assert_eq!(sent.get(INVITE), None, "{sent:#?}");
        let created = portal
            .lock()
            .unwrap()
            .user_by_email("ada.lovelace@example.com")
            .cloned()
            .expect("created");
        assert_eq!(
            (created.first_name.as_str(), created.last_name.as_str()),
            ("Ada", "")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_list_refuses_bad_rows_and_looks_up_only_the_rest() {
    let sim = Sim::start(40).await;
    let team = sim.active_users(4);
    let unknown_id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assert!(sim.portal.lock().unwrap().user(unknown_id).is_none());
    let unknown_email = "nobody.here@example.com";
    let hostile = "<img src=x onerror=\"window.__pwned=1\">";
    let lines = [
        team[0].email.clone(),                       // 1
        team[1].id.clone(),                          // 2
        "anna@".into(),                              // 3
        team[0].email.to_uppercase(),                // 4
        "a@@b.c".into(),                             // 5
        "0f8fad5b-d9cb-469f-a165-7086772895".into(), // 6
        unknown_email.into(),                        // 7
        team[2].email.clone(),                       // 8
        "x@y".into(),                                // 9
        unknown_id.into(),                           // 10
        team[1].id.to_uppercase(),                   // 11
        "not an address".into(),                     // 12
        hostile.into(),                              // 13
        String::new(),                               // 14
        team[3].email.clone(),                       // 15
    ];
    let pasted = lines.join("\n");
    let expected_refused: Vec<(String, String, &str)> = vec![
        ("Row 3".into(), "anna@".into(), "domain after the @"),
        (
            "Row 4".into(),
            team[0].email.to_uppercase(),
            "Duplicate of row 1.",
        ),
        ("Row 5".into(), "a@@b.c".into(), "only one @"),
        ("Row 6".into(), lines[5].clone(), "30 hexadecimal digits"),
        ("Row 9".into(), "x@y".into(), "needs a dot"),
        (
            "Row 11".into(),
            team[1].id.to_uppercase(),
            "Duplicate of row 2.",
        ),
        (
            "Row 12".into(),
            "not an address".into(),
            "Neither an email address nor an ID.",
        ),
        (
            "Row 13".into(),
            hostile.into(),
            "Neither an email address nor an ID.",
        ),
    ];
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    let faults = sim.faults.clone();
    journey("hardening-paste", move |c| async move {
        c.goto(&format!("{base}/offboard")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        let before = faults.counts();
        find(&c, "//textarea[@id='pasted']")
            .await
            .send_keys(&pasted)
            .await
            .unwrap();
        find(
            &c,
            "//p[@id='paste-summary' and normalize-space(.)='6 people will be looked up; 8 rows left out (see above).']",
        )
        .await;
        let rows = c
            .find_all(Locator::Css("#pasted-refused table tbody tr"))
            .await
            .unwrap();
        let mut shown = Vec::new();
        for row in rows {
            let mut cells = Vec::new();
            for cell in row.find_all(Locator::Css("td")).await.unwrap() {
                cells.push(cell.text().await.unwrap());
            }
            shown.push(cells);
        }
        assert_eq!(shown.len(), expected_refused.len(), "{shown:#?}");
        for (cells, (row, text, why)) in shown.iter().zip(&expected_refused) {
            assert_eq!(&cells[0], row);
            assert_eq!(&cells[1], text, "shown as typed, as text");
            assert!(cells[2].contains(why), "{row}: {:?} should say {why:?}", cells[2]);
        }
        let pwned = c.execute("return window.__pwned === undefined", vec![]).await.unwrap();
        assert_eq!(pwned, json!(true), "a refused row is text, never markup");
        assert_eq!(value_of(&c, "pasted").await, pasted, "what was typed stays");
        let typing = since(&before, &faults.counts());
        assert!(typing.is_empty(), "nothing sent while reading the list: {typing:#?}");
        screenshot(&c, "hardening-paste-refused").await;

        find(&c, &button("Review")).await.click().await.unwrap();
        find(&c, "//h2[normalize-space(.)='4 people will be offboarded']").await;
        for (missing, why) in [(unknown_email, "already deleted?"), (unknown_id, "already deleted?")] {
            let row = find(
                &c,
                &format!("//table[contains(@class,'left-out')]//tr[td[1]='{missing}']"),
            )
            .await;
            assert!(row.text().await.unwrap().contains(why), "{missing}");
        }
        // The refused rows stay in view in the review, with their reasons.
        let left_out = c
            .find_all(Locator::Css("table.left-out tbody tr"))
            .await
            .unwrap();
        let mut left_out_text = Vec::new();
        for row in left_out {
            left_out_text.push(row.text().await.unwrap());
        }
        for (row, text, why) in &expected_refused {
            assert!(
                left_out_text
                    .iter()
                    .any(|l| l.contains(&format!("{row}: {text}")) && l.contains(why)),
                "{row} in the review's Left out: {left_out_text:#?}"
            );
        }
        // The accepted rows are matched against one page of the portal's 40 people; the two it
        // does not hold (an unknown email and an unknown ID) get one lookup each; nothing is sent
        // for the 8 refused rows. (The review itself reads the members of any group a leaver
        // heads, to offer a new head: those reads are not the lookup's.)
        let mut sent = since(&before, &faults.counts());
        sent.retain(|route, _| !route.starts_with("GET /api/2.0/group/"));
        assert_eq!(sent.get(FILTER), Some(&1), "{sent:#?}");
        assert_eq!(sent.get(BY_EMAIL), Some(&1), "{sent:#?}");
        assert_eq!(sent.get(BY_ID), Some(&1), "{sent:#?}");
        assert_eq!(sent.values().sum::<u64>(), 3, "{sent:#?}");
        screenshot(&c, "hardening-paste-review").await;
    })
    .await;
}
