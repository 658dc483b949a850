//! The panel hosted as deploy/README.md says: under `/admin-panel/` on the portal's own origin,
//! served by a real nginx with the block in deploy/nginx/docspace-admin.conf, and the API
//! proxied to the portal (docspace-sim) by the same nginx, so there is no CORS at all.
//!
//! The panel's files are a build with `--public-url /admin-panel/` (`E2E_DIST_BASE`, or
//! `target/dist-admin-panel`, which `cargo xtask test` builds).

use docspace_e2e::nginx::{admin_panel_dist, get, ApiSim, Nginx, BASE};
use docspace_e2e::{
    assert_portal_page, journey, path_and_query, shown_emails, sign_in_with_key, until_count,
};
use docspace_sim::model::EmployeeStatus;
use docspace_sim::query::PeopleFilter;
use docspace_sim::Role;

/// index.html's Content-Security-Policy, as its `<meta>` says it.
fn meta_policy(index_html: &str) -> String {
    let marker = "http-equiv=\"Content-Security-Policy\" content=\"";
    let start = index_html
        .find(marker)
        .expect("index.html has a Content-Security-Policy meta")
        + marker.len();
    let len = index_html[start..].find('"').expect("the content's end");
    index_html[start..start + len].to_string()
}

fn the_build() -> std::path::PathBuf {
    let dist = admin_panel_dist();
    assert!(
        dist.join("index.html").is_file(),
        "no panel built for /admin-panel/ at {}: run `cargo xtask test`, or \
         `trunk build --release --public-url /admin-panel/ --dist DIR` and set E2E_DIST_BASE=DIR",
        dist.display()
    );
    let index = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    assert!(
        index.contains("src=\"/admin-panel/boot.js\""),
        "the panel at {} was not built for /admin-panel/",
        dist.display()
    );
    dist
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_in_lists_people_and_reloads_a_deep_link_under_admin_panel() {
    let dist = the_build();
    let sim = ApiSim::start(40).await;
    let nginx = Nginx::start(&dist, &sim.addr);
    let base = format!("{}{}", nginx.base, BASE.trim_end_matches('/'));
    let key = sim.key(Role::Owner);
    let everyone = sim.emails(&PeopleFilter::default());
    let disabled_filter = PeopleFilter {
        status_flags: Some(EmployeeStatus::Terminated as u8),
        ..Default::default()
    };
    let disabled = sim.emails(&disabled_filter);
    let portal = sim.portal.clone();
    assert!(
        !disabled.is_empty() && disabled.len() < everyone.len(),
        "the seeded portal has some disabled people, not only"
    );
    journey("nginx", move |c| async move {
        c.goto(&format!("{base}/")).await.unwrap();
        sign_in_with_key(&c, &key).await;
        let n = everyone.len();
        until_count(&c, &format!("Showing {n} of {n} people")).await;
        assert_portal_page(&portal, &PeopleFilter::default(), &shown_emails(&c).await);
        assert!(
            path_and_query(&c).await.starts_with("/admin-panel/"),
            "the panel left /admin-panel/: {}",
            path_and_query(&c).await
        );

        // A deep link, opened and then reloaded: nginx answers index.html for it, and the
        // panel shows the same filtered view both times (2 is the portal's number for
        // disabled; the panel's own links say `status=disabled`).
        let deep = "/admin-panel/people?status=2";
        let n = disabled.len();
        c.goto(&format!("{base}/people?status=2")).await.unwrap();
        until_count(&c, &format!("Showing {n} of {n} people")).await;
        assert_portal_page(&portal, &disabled_filter, &shown_emails(&c).await);
        c.refresh().await.unwrap();
        until_count(&c, &format!("Showing {n} of {n} people")).await;
        assert_portal_page(&portal, &disabled_filter, &shown_emails(&c).await);
        assert_eq!(path_and_query(&c).await, deep);
    })
    .await;
    // Everything went through nginx: the panel's files from the block, the API to the portal.
    let log = nginx.access_log();
    for line in [
        "GET /admin-panel/ HTTP",
        "GET /admin-panel/people?status=2 HTTP",
        "GET /api/2.0/people",
    ] {
        assert!(log.contains(line), "nginx never answered {line:?}:\n{log}");
    }
    // (The browser's own /favicon.ico goes to the portal, which has none.)
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(" /admin-panel") || l.contains(" /api/"))
        .filter(|l| !l.contains("\" 200 ") && !l.contains("\" 304 "))
        .collect();
    assert!(errors.is_empty(), "nginx answered errors: {errors:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caches_hashed_files_for_a_year_and_pages_never_compresses_and_sends_the_policy() {
    let dist = the_build();
    let sim = ApiSim::start(5).await;
    let nginx = Nginx::start(&dist, &sim.addr);
    let addr = nginx.addr.clone();
    let gzip = [("Accept-Encoding", "gzip")];
    let index_html = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let policy = meta_policy(&index_html);

    let hashed: Vec<String> = std::fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wasm") || n.ends_with(".js") || n.ends_with(".css"))
        .filter(|n| n != "boot.js")
        .collect();
    for kind in [".wasm", ".js", ".css"] {
        assert!(
            hashed.iter().any(|n| n.ends_with(kind)),
            "no hashed {kind} file in {hashed:?}"
        );
    }

    // The pages: index.html, a deep link, and boot.js (not hashed) are revalidated each time.
    for path in [
        "/admin-panel/",
        "/admin-panel/index.html",
        "/admin-panel/people?status=disabled",
        "/admin-panel/people/some-id",
        "/admin-panel/boot.js",
    ] {
        let answer = get(&addr, path, &[]);
        assert_eq!(answer.status, 200, "{path}: {answer:?}");
        assert_eq!(answer.header("Cache-Control"), Some("no-cache"), "{path}");
        let csp = answer.header("Content-Security-Policy").unwrap_or_default();
        assert!(
            csp.starts_with(&policy),
            "{path}: the header policy {csp:?} is not index.html's {policy:?}"
        );
        assert_eq!(answer.header("X-Content-Type-Options"), Some("nosniff"));
        if path != "/admin-panel/boot.js" {
            assert_eq!(answer.text(), index_html, "{path} is not index.html");
            assert!(answer
                .header("Content-Type")
                .is_some_and(|t| t.starts_with("text/html")));
        }
    }
    let boot = get(&addr, "/admin-panel/boot.js", &[]);
    assert!(boot
        .header("Content-Type")
        .is_some_and(|t| t.starts_with("application/javascript")));

    // The hashed files: a year, immutable, compressed when asked, the right types.
    for name in &hashed {
        let path = format!("/admin-panel/{name}");
        let plain = get(&addr, &path, &[]);
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(
            plain.header("Cache-Control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
        assert_eq!(plain.header("Content-Encoding"), None, "{path} unasked");
        assert_eq!(
            plain.body,
            std::fs::read(dist.join(name)).unwrap(),
            "{path} is not the file"
        );
        let compressed = get(&addr, &path, &gzip);
        assert_eq!(
            compressed.header("Content-Encoding"),
            Some("gzip"),
            "{path}"
        );
        assert!(
            compressed.body.starts_with(&[0x1f, 0x8b]),
            "{path}: not gzip"
        );
        assert!(
            compressed.body.len() < plain.body.len(),
            "{path}: not smaller"
        );
        assert_eq!(compressed.header("Vary"), Some("Accept-Encoding"), "{path}");
        let expected_type = match name.rsplit('.').next() {
            Some("wasm") => "application/wasm",
            Some("js") => "application/javascript",
            _ => "text/css",
        };
        assert!(
            plain
                .header("Content-Type")
                .is_some_and(|t| t.starts_with(expected_type)),
            "{path}: {:?}",
            plain.header("Content-Type")
        );
        assert!(plain.header("Content-Security-Policy").is_some(), "{path}");
    }
    let page = get(&addr, "/admin-panel/", &gzip);
    assert_eq!(page.header("Content-Encoding"), Some("gzip"));

    // A hashed file that is not there (a stale page after a release) is a 404 that is not
    // cached, never index.html.
    let stale = get(
        &addr,
        "/admin-panel/docspace-admin-0123456789abcdef_bg.wasm",
        &[],
    );
    assert_eq!(stale.status, 404);
    assert_eq!(stale.header("Cache-Control"), None);

    // Without the trailing slash: to the panel. The API and the rest: to the portal.
    let bare = get(&addr, "/admin-panel", &[]);
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("Location"), Some("/admin-panel/"));
    let key = sim.key(Role::Owner);
    let me = get(
        &addr,
        "/api/2.0/people/@self",
        &[("Authorization", &format!("Bearer {key}"))],
    );
    assert_eq!(me.status, 200, "{}", me.text());
    assert!(me.text().contains("\"response\""), "{}", me.text());
    assert_eq!(get(&addr, "/elsewhere", &[]).status, 404);
    assert!(
        nginx.logs().trim().is_empty(),
        "nginx complained:\n{}",
        nginx.logs()
    );
}
