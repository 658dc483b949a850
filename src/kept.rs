//! What the panel keeps in this browser beyond the tab (`localStorage`): an offboarding plan
//! in progress, so that closing the tab does not lose it. IDs, names, emails, outcomes and the
//! requests sent, never a token. It is removed when the run ends, when it is discarded, and at
//! sign-out.
//!
//! `localStorage` is shared by every tab of the panel, so a plan carries a lease: the tab that
//! runs it renews it while it runs; another tab shows it without running it until the lease
//! lapses (the running tab ended the run, or was closed).

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use crate::lifecycle::plan::OffboardingPlan;

const PLAN_KEY: &str = "docspace-admin.offboarding";
const TAB_KEY: &str = "docspace-admin.tab";
/// How long a lease holds without being renewed (the running tab renews it every few seconds).
pub const LEASE_MS: f64 = 15_000.0;

thread_local! {
    /// Whether a run of this page (in this tab) is sending requests, even after the page was
    /// left: its request in flight is answered before it stops.
    static RUNNING_HERE: Cell<bool> = const { Cell::new(false) };
    /// Signed out: nothing is kept until someone signs in again, even by a run that is
    /// answering its last request.
    static SEALED: Cell<bool> = const { Cell::new(false) };
}

/// Signing out: the kept plan is removed, and a run still answering its last request cannot
/// write it back.
pub fn forget_all_and_seal() {
    SEALED.with(|s| s.set(true));
    forget_plan();
}

/// Someone signed in: plans may be kept again.
pub fn unseal() {
    SEALED.with(|s| s.set(false));
}

/// A plan as kept: when it was saved, and which tab runs it until when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub plan: OffboardingPlan,
    /// Milliseconds since 1970 (the browser's clock).
    pub saved_at: f64,
    #[serde(default)]
    pub running_in: Option<String>,
    #[serde(default)]
    pub lease_until: f64,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// This tab's name, made once per tab (kept in `sessionStorage`).
pub fn tab_id() -> String {
    if let Some(id) = crate::session::recall::<String>(TAB_KEY) {
        return id;
    }
    let id = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    crate::session::keep(TAB_KEY, &id);
    id
}

/// Saves the plan; `running`: this tab runs it (and holds the lease for a while).
pub fn save_plan(plan: &OffboardingPlan, running: bool) {
    if SEALED.with(Cell::get) {
        return;
    }
    let kept = Kept {
        plan: plan.clone(),
        saved_at: now(),
        running_in: running.then(tab_id),
        lease_until: if running { now() + LEASE_MS } else { 0.0 },
    };
    if let (Some(storage), Ok(json)) = (local(), serde_json::to_string(&kept)) {
        let _ = storage.set_item(PLAN_KEY, &json);
    }
}

pub fn load_plan() -> Option<Kept> {
    let json = local()?.get_item(PLAN_KEY).ok()??;
    serde_json::from_str(&json).ok()
}

pub fn forget_plan() {
    if let Some(storage) = local() {
        let _ = storage.remove_item(PLAN_KEY);
    }
}

/// Whether the storage event is about the kept plan.
pub fn is_plan_key(key: Option<String>) -> bool {
    key.is_none_or(|k| k == PLAN_KEY)
}

/// Whether the kept plan is being run somewhere else: by another tab whose lease holds, or
/// by a run of this tab that is still answering its last request.
pub fn running_elsewhere(kept: &Kept) -> bool {
    match &kept.running_in {
        Some(tab) if *tab == tab_id() => RUNNING_HERE.with(Cell::get),
        Some(_) => kept.lease_until > now(),
        None => false,
    }
}

/// Marks a run of this tab as sending (or not).
pub fn set_running_here(running: bool) {
    RUNNING_HERE.with(|r| r.set(running));
}

pub fn running_here() -> bool {
    RUNNING_HERE.with(Cell::get)
}
