//! Every request a journey's simulator receives is checked against the official OpenAPI spec, and
//! the journey fails on any the spec does not allow (issue #16: "the simulator checks every
//! request it receives against the official spec and the journeys fail on a violation, as the
//! contract tests already do for answers").
//!
//! The simulator is as lenient as a portal (unknown query parameters dropped, enum names bound
//! without regard to case), so a request the spec does not define often gets a fine answer: only
//! a check of the request itself sees it. The check is the contract tests' validator
//! (`sim/tests/support/openapi.rs`, `Specs::check_request`), shared by path, with both spec files
//! loaded once per test binary.
//!
//! How a journey fails: [`Sim`](super::Sim) and [`ApiSim`](crate::nginx::ApiSim) install the
//! checker when they start and hold a [`RequestCheck`]. [`journey`](super::journey) reports, once
//! its steps have passed, what the simulators started on its thread received; and a
//! `RequestCheck` reports what is left when its simulator is dropped (a panic, unless the test is
//! already failing, when the list goes to stderr instead). So no journey, nor any other test
//! holding a simulator, can forget the check.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::ThreadId;

use docspace_sim::{Faults, RecordedRequest, RequestViolation};

#[path = "../../../sim/tests/support/openapi.rs"]
mod openapi;

/// Both spec files, read once.
fn specs() -> &'static openapi::Specs {
    static SPECS: OnceLock<openapi::Specs> = OnceLock::new();
    SPECS.get_or_init(|| {
        openapi::Specs::load_from(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../sim/tests/spec"))
    })
}

/// What the spec finds wrong with one request, as the simulator recorded it.
pub fn check(request: &RecordedRequest) -> Vec<String> {
    specs().check_request(
        &request.method,
        &request.path,
        &request.route,
        request.query.as_deref(),
        &request.body,
    )
}

/// One watched simulator: its faults (where the violations are kept) and how many of them have
/// been reported already.
struct Watched {
    id: u64,
    thread: ThreadId,
    faults: Faults,
    reported: usize,
}

/// The simulators alive, by the thread that started them (a test's thread, where its journeys
/// run too).
static WATCHED: Mutex<Vec<Watched>> = Mutex::new(Vec::new());

fn watched() -> std::sync::MutexGuard<'static, Vec<Watched>> {
    WATCHED.lock().unwrap_or_else(|e| e.into_inner())
}

/// The spec check of one simulator's requests, held by the simulator's handle; reports what is
/// left unreported when dropped.
pub struct RequestCheck {
    id: u64,
}

impl RequestCheck {
    /// Installs the spec check on `faults` and watches its violations.
    pub fn install(faults: &Faults) -> RequestCheck {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        faults.check_requests(Arc::new(check));
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        watched().push(Watched {
            id,
            thread: std::thread::current().id(),
            faults: faults.clone(),
            reported: 0,
        });
        RequestCheck { id }
    }
}

/// Also shows every API request to `watch` as it arrives, before it is answered (and before any
/// fault delays or fails it), while the spec check goes on: a journey can see what the portal
/// held at the moment a request came. Replaces an earlier watch.
pub fn watch_requests(faults: &Faults, watch: impl Fn(&RecordedRequest) + Send + Sync + 'static) {
    faults.check_requests(Arc::new(move |request: &RecordedRequest| {
        watch(request);
        check(request)
    }));
}

impl Drop for RequestCheck {
    fn drop(&mut self) {
        let left = {
            let mut all = watched();
            let Some(at) = all.iter().position(|w| w.id == self.id) else {
                return;
            };
            let mut watch = all.remove(at);
            unreported(&mut watch)
        };
        if left.is_empty() {
            return;
        }
        let report = report(&left, "");
        if std::thread::panicking() {
            eprintln!("{report}");
        } else {
            panic!("{report}");
        }
    }
}

/// The violations of `watch` not reported yet, now counted as reported.
fn unreported(watch: &mut Watched) -> Vec<RequestViolation> {
    let all = watch.faults.request_violations();
    let new = all.get(watch.reported..).unwrap_or_default().to_vec();
    watch.reported = all.len();
    new
}

/// The violations not reported yet of every simulator started on this thread.
pub(crate) fn unreported_here() -> Vec<RequestViolation> {
    let here = std::thread::current().id();
    watched()
        .iter_mut()
        .filter(|w| w.thread == here)
        .flat_map(unreported)
        .collect()
}

/// The failure message, after `context` (`the journey "x": `, or nothing): each violation on a
/// line of its own, with the request's method and target (one line per problem).
pub(crate) fn report(violations: &[RequestViolation], context: &str) -> String {
    let mut text = format!(
        "{context}the simulator received {} request{} the official spec does not allow \
         (sim/tests/spec/, checked by sim/tests/support/openapi.rs):",
        violations.len(),
        if violations.len() == 1 { "" } else { "s" }
    );
    for violation in violations {
        for problem in &violation.problems {
            text.push_str(&format!(
                "\n  {} {}: {problem}",
                violation.request.method, violation.request.target
            ));
        }
    }
    text
}
