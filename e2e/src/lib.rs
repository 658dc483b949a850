//! The harness for journeys through the built panel: a simulator serving `dist/` and the API on
//! one loopback port, and a headless Chromium driven over WebDriver.
//!
//! A journey runs inside [`journey`], which always closes the WebDriver session and kills
//! ChromeDriver's whole process group, whether the journey passed or panicked, so that a failing
//! test leaves no browser behind.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use docspace_sim::{FaultSpec, PortalSpec, Role, SharedPortal, Simulator};
use fantoccini::{Client, ClientBuilder, Locator};

pub mod axe;
pub mod nginx;
pub mod offboarding;

/// How long a journey waits for any one thing to appear.
pub const WAIT: Duration = Duration::from_secs(15);

/// How long a whole journey may take.
pub const JOURNEY_LIMIT: Duration = Duration::from_secs(120);

/// The built panel: `E2E_DIST`, or the workspace's `dist/` (`cargo xtask test` builds it first).
pub fn dist_dir() -> PathBuf {
    std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// The panel built for `/admin-panel/`: `E2E_DIST_BASE`, or `target/dist-admin-panel`
/// (`cargo xtask test` builds it after `dist/`).
pub fn dist_dir_under() -> PathBuf {
    std::env::var_os("E2E_DIST_BASE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/dist-admin-panel"))
}

/// A running simulator on a free loopback port.
pub struct Sim {
    pub base: String,
    pub portal: SharedPortal,
    pub faults: docspace_sim::Faults,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Sim {
    /// Starts a simulator with `users` people serving the built panel.
    pub async fn start(users: usize) -> Sim {
        Sim::start_with(users, FaultSpec::default()).await
    }

    /// The same, with latency, failures or rate limits on every API answer.
    pub async fn start_with(users: usize, faults: FaultSpec) -> Sim {
        Sim::serve(users, faults, dist_dir(), "/").await
    }

    /// A simulator with `users` people whose every answer is `latency_ms` late, so that a run
    /// lasts long enough to be interrupted.
    pub async fn slow(users: usize, latency_ms: u64) -> Sim {
        Sim::start_with(
            users,
            FaultSpec {
                latency_ms,
                ..FaultSpec::default()
            },
        )
        .await
    }

    /// A simulator serving the panel built for `base` (see [`dist_dir_under`]) under that path.
    pub async fn start_under(users: usize, base: &str) -> Sim {
        Sim::serve(users, FaultSpec::default(), dist_dir_under(), base).await
    }

    async fn serve(users: usize, faults: FaultSpec, dist: PathBuf, panel_base: &str) -> Sim {
        assert!(
            dist.join("index.html").is_file(),
            "no built panel at {}: run `cargo xtask test` (it runs `trunk build --release` first)",
            dist.display()
        );
        let sim = Simulator::new(&PortalSpec::new(users, 7), faults);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = sim.router_under(Some(dist), panel_base);
        tokio::spawn(async move {
            let _ = docspace_sim::serve(listener, router, async {
                let _ = rx.await;
            })
            .await;
        });
        Sim {
            base,
            portal: sim.portal,
            faults: sim.faults,
            shutdown: Some(tx),
        }
    }

    pub fn key(&self, role: Role) -> String {
        let portal = self.portal.lock().unwrap_or_else(|e| e.into_inner());
        portal
            .role_keys()
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, k)| k.clone())
            .expect("a key for every role")
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// ChromeDriver in a process group of its own, killed whole on drop.
struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Driver {
    fn start(name: &str) -> Driver {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let mut command = Command::new(&chromedriver);
        // Port 0: ChromeDriver picks a free port itself and says which, so parallel journeys
        // never race for one.
        command
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command.spawn().unwrap_or_else(|e| {
            panic!("cannot start {chromedriver}: {e} (run `cargo xtask setup`)")
        });
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel::<u16>();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            // Keep reading to the end, so that ChromeDriver never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let port = line
                    .strip_prefix("ChromeDriver was started successfully on port ")
                    .and_then(|rest| rest.trim_end_matches('.').parse().ok());
                if let Some(port) = port {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(port);
                    }
                }
            }
        });
        let mut driver = Driver {
            child,
            port: 0,
            profile: std::env::temp_dir().join(profile_marker(name)),
        };
        driver.port = rx
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("{chromedriver} did not start within {WAIT:?}"));
        driver
    }

    async fn client(&self) -> Client {
        let caps = serde_json::json!({
            // The console, for tests that prove what it never holds.
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    "--disable-default-apps", "--disable-extensions", "--window-size=1280,900",
                    format!("--user-data-dir={}", self.profile.display()),
                ]
            }
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("capabilities are an object"),
        };
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Chromium is a child of ChromeDriver, in the same process group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The processes whose command line contains `marker` (see [`profile_marker`]).
pub fn leftover_processes(marker: &str) -> Vec<String> {
    let out = Command::new("pgrep").args(["-af", marker]).output();
    match out {
        Ok(out) => String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.contains("pgrep"))
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The name of a journey's browser profile directory, which appears on the command line of
/// every browser process it starts.
pub fn profile_marker(journey_name: &str) -> String {
    format!("docspace-e2e-{journey_name}-{}", std::process::id())
}

/// Runs `steps` in a fresh browser. The session is closed and ChromeDriver's process group
/// killed afterwards, even when `steps` panics; the panic is then re-raised.
/// `name` must be unique among the journeys of one test binary.
pub async fn journey<F, Fut>(name: &str, steps: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    journey_within(name, JOURNEY_LIMIT, steps).await
}

/// [`journey`] with a limit of its own, for the long runs (fault runs, the soak).
pub async fn journey_within<F, Fut>(name: &str, limit: Duration, steps: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start(name);
    let client = driver.client().await;
    // A page that hangs the browser would hang WebDriver commands too: bound the whole journey.
    let task = tokio::spawn(steps(client.clone()));
    let abort = task.abort_handle();
    let outcome = match tokio::time::timeout(limit, task).await {
        Ok(outcome) => outcome,
        Err(_) => {
            abort.abort();
            drop(driver);
            panic!("the journey {name:?} did not finish within {limit:?}");
        }
    };
    let _ = client.close().await;
    drop(driver);
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("the journey was cancelled: {e}");
    }
}

/// ChromeDriver's log of the browser's console since the last call (its own endpoint).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// The console's messages (every level) since the last call, one line each.
pub async fn browser_log(client: &Client) -> Vec<String> {
    let entries = client
        .issue_cmd(BrowserLog)
        .await
        .expect("the browser's log");
    entries
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        e["level"].as_str().unwrap_or(""),
                        e["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// XPath for the input labelled `label`, as a person finds a field.
pub fn field(label: &str) -> String {
    format!("//input[@id=//label[normalize-space(.)='{label}']/@for]")
}

/// XPath for the button named `name`.
pub fn button(name: &str) -> String {
    format!("//button[normalize-space(.)='{name}']")
}

/// Waits (bounded) until an element matching `xpath` exists, and returns it.
pub async fn find(client: &Client, xpath: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath} did not appear within {WAIT:?}: {e}"))
}

/// Waits (bounded) until `check` returns true.
pub async fn until<F, Fut>(what: &str, check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    until_within(what, WAIT, check).await
}

/// Waits until `check` returns true, for at most `limit`.
pub async fn until_within<F, Fut>(what: &str, limit: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits (bounded by `limit`) until an element matching `xpath` exists, and returns it.
pub async fn find_within(
    client: &Client,
    xpath: &str,
    limit: Duration,
) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(limit)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath} did not appear within {limit:?}: {e}"))
}

/// From now on, keeps what the page hands to a download (`URL.createObjectURL` of a blob), as
/// the browser would save it; [`downloaded`] returns it.
pub async fn keep_downloads(client: &Client) {
    client
        .execute(
            "window.__download = null; const make = URL.createObjectURL; \
             URL.createObjectURL = b => { window.__download = null; \
               b.text().then(t => window.__download = t); return make.call(URL, b); };",
            vec![],
        )
        .await
        .expect("hook the downloads");
}

/// The text of the last download (see [`keep_downloads`]) after clicking `button_name`, without
/// the byte-order mark.
pub async fn download(client: &Client, button_name: &str) -> String {
    client
        .execute("window.__download = null", vec![])
        .await
        .expect("forget the last download");
    find(client, &button(button_name))
        .await
        .click()
        .await
        .expect("click the download");
    let c = client.clone();
    until("the file reached the download", move || {
        let c = c.clone();
        async move {
            c.execute("return window.__download !== null", vec![])
                .await
                .ok()
                == Some(serde_json::json!(true))
        }
    })
    .await;
    let text = client
        .execute("return window.__download", vec![])
        .await
        .expect("the download");
    text.as_str()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}')
        .to_string()
}

/// Saves a screenshot as `<E2E_SCREENSHOTS>/<name>.png` when that variable names a directory,
/// so that a person can look at what a journey saw.
pub async fn screenshot(client: &Client, name: &str) {
    let Some(dir) = std::env::var_os("E2E_SCREENSHOTS") else {
        return;
    };
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::create_dir_all(&dir).expect("the screenshot directory");
    std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).expect("write the screenshot");
}

impl Sim {
    /// Up to `n` seeded people, past the five role accounts, for whom `pick` holds.
    pub fn people(
        &self,
        n: usize,
        pick: impl Fn(&docspace_sim::model::User) -> bool,
    ) -> Vec<docspace_sim::model::User> {
        let portal = self.portal.lock().unwrap_or_else(|e| e.into_inner());
        portal
            .users
            .iter()
            .skip(5)
            .filter(|u| pick(u))
            .take(n)
            .cloned()
            .collect()
    }

    /// Up to `n` active people of the User type: the plain accounts journeys offboard.
    pub fn active_users(&self, n: usize) -> Vec<docspace_sim::model::User> {
        use docspace_sim::model::{EmployeeStatus, EmployeeType};
        self.people(n, |u| {
            u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User
        })
    }

    /// Plants an account whose user name is `victim`'s ID (made with the email
    /// `<id>@example.org`, as anyone who may create accounts can), numbered `n`; returns it.
    pub fn plant_decoy(
        &self,
        victim: &docspace_sim::model::User,
        n: usize,
    ) -> docspace_sim::model::User {
        let mut p = self.portal.lock().unwrap_or_else(|e| e.into_inner());
        let mut decoy = victim.clone();
        decoy.id = p.new_guid();
        decoy.user_name = victim.id.clone();
        decoy.email = format!("{}@example.org", victim.id);
        decoy.first_name = "Decoy".into();
        decoy.last_name = format!("Number {n}");
        decoy.status = docspace_sim::model::EmployeeStatus::Active;
        decoy.rooms_owned = 0;
        p.add_user(decoy.clone());
        decoy
    }

    /// API requests answered so far, all routes together (`/__sim/stats`).
    pub fn requests(&self) -> u64 {
        self.faults.counts().values().sum()
    }

    /// The emails the portal lists for `filter`, in its order, as the owner sees them.
    pub fn emails(&self, filter: &docspace_sim::query::PeopleFilter) -> Vec<String> {
        let portal = self.portal.lock().unwrap_or_else(|e| e.into_inner());
        let matches: Vec<_> = portal.users.iter().filter(|u| filter.matches(u)).collect();
        filter
            .sort(matches)
            .into_iter()
            .map(|u| u.email.clone())
            .collect()
    }
}

/// Ticks the checkbox of row `n` (1-based) of the people list.
pub async fn tick_row(client: &Client, n: usize) {
    client
        .find(Locator::Css(&format!(
            "tbody tr:nth-child({n}) input[type=checkbox]"
        )))
        .await
        .expect("the row's checkbox")
        .click()
        .await
        .expect("tick the row");
}

/// On the sign-in page: signs in with an API key and waits until a signed-in page shows.
pub async fn sign_in_with_key(client: &Client, key: &str) {
    find(client, &field("API key"))
        .await
        .send_keys(key)
        .await
        .expect("type the key");
    find(client, &button("Sign in"))
        .await
        .click()
        .await
        .expect("click Sign in");
    // Signed in: the panel leaves the sign-in page for the page asked for.
    find(client, "//header[contains(@class,'top-bar')]").await;
}

/// The emails in the table, top to bottom.
pub async fn shown_emails(client: &Client) -> Vec<String> {
    let cells = client
        .find_all(Locator::Css("table.people tbody td.email"))
        .await
        .expect("the table");
    let mut emails = Vec::with_capacity(cells.len());
    for cell in cells {
        emails.push(cell.text().await.expect("a cell"));
    }
    emails
}

/// The "Showing N of TOTAL people" line.
pub async fn count_text(client: &Client) -> String {
    find(client, "//p[contains(@class,'count')]")
        .await
        .text()
        .await
        .expect("the count")
}

/// Waits (bounded) until the count line reads `expected`.
pub async fn until_count(client: &Client, expected: &str) {
    let c = client.clone();
    let expected = expected.to_string();
    until(&format!("the count reads {expected:?}"), move || {
        let c = c.clone();
        let expected = expected.clone();
        async move { count_text(&c).await == expected }
    })
    .await;
}

/// The page's path and query.
pub async fn path_and_query(client: &Client) -> String {
    let url = client.current_url().await.expect("a URL");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}
