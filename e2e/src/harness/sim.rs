//! The simulated portal a journey runs against, serving the built panel on one loopback port,
//! and what a journey reads from (or plants in) its seeded people.

use std::path::{Path, PathBuf};

use docspace_sim::{FaultSpec, PortalSpec, Role, SharedPortal, Simulator};

use super::spec_check::RequestCheck;

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

/// A running simulator on a free loopback port, every request it receives checked against the
/// official spec (a violation fails the journey, or the test when the simulator is dropped).
pub struct Sim {
    pub base: String,
    pub portal: SharedPortal,
    pub faults: docspace_sim::Faults,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    /// Dropped after `Drop for Sim` has stopped the server: reports what is left.
    _requests: RequestCheck,
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

    /// A simulator of another DocSpace release (`"3.6.1"`: before invitation links), with
    /// `users` people, serving the built panel.
    pub async fn of_version(users: usize, version: &str) -> Sim {
        let mut spec = PortalSpec::new(users, 7);
        spec.version = version.parse().expect("a version such as 3.6.1");
        Sim::serve_spec(&spec, FaultSpec::default(), dist_dir(), "/").await
    }

    /// A simulator serving the panel built for `base` (see [`dist_dir_under`]) under that path.
    pub async fn start_under(users: usize, base: &str) -> Sim {
        Sim::serve(users, FaultSpec::default(), dist_dir_under(), base).await
    }

    async fn serve(users: usize, faults: FaultSpec, dist: PathBuf, panel_base: &str) -> Sim {
        Sim::serve_spec(&PortalSpec::new(users, 7), faults, dist, panel_base).await
    }

    async fn serve_spec(
        spec: &PortalSpec,
        faults: FaultSpec,
        dist: PathBuf,
        panel_base: &str,
    ) -> Sim {
        assert!(
            dist.join("index.html").is_file(),
            "no built panel at {}: run `cargo xtask test` (it runs `trunk build --release` first)",
            dist.display()
        );
        let sim = Simulator::new(spec, faults);
        let requests = RequestCheck::install(&sim.faults);
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
            _requests: requests,
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
        decoy.shared_files = 0;
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

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Asserts that `shown` (emails, from the top of the list) is a first page the portal may
/// answer for `filter`: each person once, each matching, in the filter's order of keys, and
/// nobody left out before the last key shown. The portal has no tie-breaker (people with equal
/// keys come in any order, and at a page's end any of them may be the ones shown), so the order
/// among equals is not asserted.
#[track_caller]
pub fn assert_portal_page(
    portal: &SharedPortal,
    filter: &docspace_sim::query::PeopleFilter,
    shown: &[String],
) {
    assert_portal_order(portal, filter, shown, true);
}

/// The checks of [`assert_portal_page`] without the completeness one (`complete: false`): each
/// person once, each matching, in the filter's order of keys.
#[track_caller]
pub fn assert_portal_order(
    portal: &SharedPortal,
    filter: &docspace_sim::query::PeopleFilter,
    shown: &[String],
    complete: bool,
) {
    use std::cmp::Ordering;
    let portal = portal.lock().unwrap_or_else(|e| e.into_inner());
    let users: Vec<&docspace_sim::model::User> = shown
        .iter()
        .map(|email| {
            portal
                .user_by_email(email)
                .unwrap_or_else(|| panic!("{email} is not on the portal"))
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for u in &users {
        assert!(seen.insert(&u.id), "{} is shown twice", u.email);
        assert!(filter.matches(u), "{} does not match the filter", u.email);
    }
    for pair in users.windows(2) {
        assert_ne!(
            filter.compare(pair[0], pair[1]),
            Ordering::Greater,
            "{} is shown before {}, out of the portal's order",
            pair[0].email,
            pair[1].email
        );
    }
    if !complete {
        return;
    }
    let matching: Vec<_> = portal.users.iter().filter(|u| filter.matches(u)).collect();
    assert_eq!(
        users.len(),
        shown.len().min(matching.len()),
        "the page's length"
    );
    if let Some(last) = users.last() {
        let before_last = matching
            .iter()
            .filter(|u| filter.compare(u, last) == Ordering::Less)
            .filter(|u| !seen.contains(&u.id))
            .map(|u| u.email.clone())
            .collect::<Vec<_>>();
        assert!(
            before_last.is_empty(),
            "left out before the last shown: {before_last:?}"
        );
    }
}

/// Joins the portal through an invitation link's `url` as its sign-up page does (more-endpoints
/// §2.3, `UserController.AddMember` under the confirm scheme): `POST /people` with the link's
/// query in the `confirm` header, and its key and `type` (the link's `emplType`) in the body.
/// Answers the HTTP status. `base` is the simulator's (`Sim::base`).
pub async fn join_through(base: &str, url: &str, email: &str) -> u16 {
    use hyper_util::client::legacy::Client;
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .unwrap_or_default()
            .to_string()
    };
    let kind: u8 = param("emplType").parse().unwrap_or(0);
    let body = serde_json::json!({
        "fromInviteLink": true, "key": param("key"), "type": kind, "email": email,
        "firstName": "Joined", "lastName": "Through", "password": "joined-by-link-2026",
    });
    let request = http::Request::builder()
        .method("POST")
        .uri(format!("{}/api/2.0/people", base))
        .header("Content-Type", "application/json")
        .header("confirm", query)
        .body(body.to_string())
        .expect("a request");
    let client: Client<_, String> =
        Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
    client
        .request(request)
        .await
        .expect("an answer")
        .status()
        .as_u16()
}
