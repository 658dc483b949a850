//! The list's CSV export and its mark for the bench.

use leptos::prelude::request_animation_frame;

use crate::download::{download_text, today};
use crate::people::csv::people_csv;
use crate::people::query::ListQuery;

/// Marks, on the browser's performance timeline, the frame in which the first page of rows is
/// in the page (`cargo xtask bench` reads it).
pub(super) fn mark_first_rows() {
    request_animation_frame(|| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("docspace-admin:first-rows");
        }
    });
}

/// Every person the query matches, page after page, as one CSV download; `progress` hears
/// how many are read of how many.
pub(super) async fn export_csv(
    client: crate::api::PortalClient,
    query: ListQuery,
    progress: impl FnMut(usize, u64),
) -> Result<(usize, u64), String> {
    let collected = client
        .all_matching_counted(&query.filter(), true, progress)
        .await
        .map_err(|e| format!("Export stopped: {e}"))?;
    download_text(
        &format!("people-{}.csv", today()),
        "text/csv;charset=utf-8",
        &people_csv(&collected.people),
    )?;
    Ok((collected.people.len(), collected.missing()))
}
