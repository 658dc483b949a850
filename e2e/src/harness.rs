//! Running a journey: the simulator that serves the panel, and a headless Chromium driven over
//! WebDriver by a ChromeDriver that is always killed afterwards, with its whole process group.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};

mod sim;
mod spec_check;

pub use sim::{
    assert_portal_order, assert_portal_page, dist_dir, dist_dir_under, join_through, Sim,
};
pub use spec_check::{check as check_request, watch_requests, RequestCheck};

/// How long a journey waits for any one thing to appear.
pub const WAIT: Duration = Duration::from_secs(15);

/// How long a whole journey may take.
pub const JOURNEY_LIMIT: Duration = Duration::from_secs(120);

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
///
/// When the steps have passed, the journey fails if a simulator started on this thread received
/// a request the official spec does not allow (see `spec_check`); when they failed, those
/// requests are listed on stderr beside the failure.
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
            note_violations(name);
            panic!("the journey {name:?} did not finish within {limit:?}");
        }
    };
    let _ = client.close().await;
    drop(driver);
    if let Err(e) = outcome {
        note_violations(name);
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("the journey was cancelled: {e}");
    }
    let violations = spec_check::unreported_here();
    if !violations.is_empty() {
        panic!(
            "{}",
            spec_check::report(&violations, &format!("the journey {name:?}: "))
        );
    }
}

/// Lists on stderr the requests against the spec of a journey that failed otherwise.
fn note_violations(name: &str) {
    let violations = spec_check::unreported_here();
    if !violations.is_empty() {
        eprintln!(
            "{}",
            spec_check::report(&violations, &format!("the journey {name:?} failed; also, "))
        );
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
