//! Never the wrong person, never unconfirmed, always stoppable: a journey per defect found by
//! trying the offboarding flows as a new administrator would, and as someone set on breaking
//! them (issue 12). Each one failed on the build before the fix.

mod bulk;
mod identity;
mod plan;
mod rooms;

use std::time::{Duration, Instant};

use docspace_e2e::offboarding::{
    click, confirm_delete, finished, hand_rooms_to, mark_leavers, pick_heir, progress, receipt,
    review_all_leavers, review_pasted, room_owning_team, until_progress,
};
use docspace_e2e::{
    button, field, find, find_within, journey, journey_within, keep_downloads, screenshot,
    sign_in_with_key, sign_in_with_password, tick_row, until, until_count, until_within, Sim,
};
use docspace_sim::model::{EmployeeStatus, EmployeeType, User};
use docspace_sim::{Role, SharedPortal};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

const DELETE_BATCH: &str = "PUT /api/2.0/people/delete";
const STATUS: &str = "PUT /api/2.0/people/status/{status}";
const LOGOUT: &str = "POST /api/2.0/authentication/logout";

fn emails(people: &[User]) -> String {
    people
        .iter()
        .map(|u| u.email.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn status_of(portal: &SharedPortal, id: &str) -> Option<EmployeeStatus> {
    portal.lock().unwrap().user(id).map(|u| u.status)
}

/// The text of the open dialog.
async fn dialog_text(c: &Client) -> String {
    find(c, "//dialog[@open]").await.text().await.unwrap()
}

/// What the last download holds, parsed by the browser's own `JSON.parse` (which refuses a
/// byte-order mark).
async fn parsed_download(c: &Client) -> serde_json::Value {
    c.execute("return JSON.parse(window.__download)", vec![])
        .await
        .expect("JSON.parse takes the receipt")
}

async fn click_download(c: &Client, name: &str) {
    c.execute("window.__download = null", vec![]).await.unwrap();
    click(c, name).await;
    let c2 = c.clone();
    until("the download", move || {
        let c = c2.clone();
        async move {
            c.execute("return window.__download !== null", vec![])
                .await
                .ok()
                == Some(json!(true))
        }
    })
    .await;
}

async fn kept_plan(c: &Client) -> serde_json::Value {
    c.execute(
        "return localStorage.getItem('docspace-admin.offboarding')",
        vec![],
    )
    .await
    .unwrap()
}
