use leptos::prelude::*;

use crate::api::audit::{AuditEvent, LoginEvent};
use crate::api::history::{read_history, HistoryPages, Together};
use crate::api::{ApiError, Person, PortalClient};
use crate::components::latest_sign_ins::outcome;
use crate::download::{download_text, today};
use crate::people::activity::person::{activity_csv, parse_days, sign_ins_of, Days, RangeError};
use crate::people::date_part;
use crate::people::invitations::unix_seconds;

/// Rows shown at first, and added by "Show more".
const SHOWN: usize = 50;

struct LivePages(PortalClient);

impl HistoryPages for LivePages {
    async fn page(&self, start: usize) -> Result<Vec<LoginEvent>, ApiError> {
        self.0.login_page(start).await
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Asked,
    Reading(String),
    Failed(String),
    NoAudit,
    Ready {
        sign_ins: Vec<LoginEvent>,
        changes: Vec<AuditEvent>,
        days: Days,
    },
}

/// The UTC day of `unix`, as a date field holds it.
fn day_text(unix: i64) -> String {
    Days {
        from: unix,
        to: unix,
    }
    .api_from()[..10]
        .to_string()
}

/// Someone's activity, on their profile (DocSpace admins): their sign-ins, failed ones
/// included, and what was done to their account, between two days, read from the portal's
/// login history (every page back to the first day: its filter pages before it filters) and
/// its audit trail (filtered by the portal). Paged on screen; both lists download as CSV.
#[component]
pub fn PersonActivity(person: Person, client: PortalClient) -> impl IntoView {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let from = RwSignal::new(day_text(now - 30 * 86_400));
    let to = RwSignal::new(day_text(now));
    let range_error = RwSignal::new(None::<RangeError>);
    let stage = RwSignal::new(Stage::Asked);
    let shown_sign_ins = RwSignal::new(SHOWN);
    let shown_changes = RwSignal::new(SHOWN);
    let person = StoredValue::new(person);
    let client = StoredValue::new(client);
    let show = move || {
        let days = match parse_days(&from.get_untracked(), &to.get_untracked()) {
            Ok(d) => d,
            Err(e) => {
                range_error.set(Some(e));
                return;
            }
        };
        range_error.set(None);
        shown_sign_ins.set(SHOWN);
        shown_changes.set(SHOWN);
        stage.set(Stage::Reading("Reading the portal's sign-ins…".into()));
        let (client, person) = (client.get_value(), person.get_value());
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let read = async {
                let reach = client.history_reach().await?;
                if !reach.filters {
                    return Ok(Stage::NoAudit);
                }
                let older = |e: &LoginEvent| unix_seconds(&e.date).is_some_and(|at| at < days.from);
                let history = read_history(&LivePages(client.clone()), Together, older, |n| {
                    stage.set(Stage::Reading(format!(
                        "Reading the portal's sign-ins: {n} read…"
                    )))
                })
                .await?;
                let sign_ins: Vec<LoginEvent> =
                    sign_ins_of(&history.events, &person.id, &person.email, days)
                        .into_iter()
                        .cloned()
                        .collect();
                let changes = client
                    .events_about(&person.id, &days.api_from(), &days.api_to())
                    .await?;
                Ok::<Stage, ApiError>(Stage::Ready {
                    sign_ins,
                    changes,
                    days,
                })
            };
            stage.set(read.await.unwrap_or_else(|e| Stage::Failed(e.to_string())));
        });
    };
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        if let Stage::Ready {
            sign_ins, changes, ..
        } = stage.get_untracked()
        {
            let name = format!(
                "activity-{}-{}.csv",
                person.with_value(|p| p.email.clone()),
                today()
            );
            export_error.set(
                download_text(
                    &name,
                    "text/csv;charset=utf-8",
                    &activity_csv(&sign_ins, &changes),
                )
                .err(),
            );
        }
    };
    let field_error = move |which: bool| {
        range_error.get().and_then(|e| match (e, which) {
            (RangeError::From(why), true) | (RangeError::To(why), false) => Some(why),
            _ => None,
        })
    };
    view! {
        <section class="activity" aria-labelledby="activity-title">
            <h2 id="activity-title">"Activity"</h2>
            <form class="activity-range" on:submit=move |ev| { ev.prevent_default(); show(); }>
                <label for="activity-from">"From"</label>
                <input id="activity-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))
                    aria-invalid=move || field_error(true).is_some().then_some("true")
                    aria-describedby=move || field_error(true).map(|_| "activity-from-error")/>
                <label for="activity-to">"To"</label>
                <input id="activity-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))
                    aria-invalid=move || field_error(false).is_some().then_some("true")
                    aria-describedby=move || field_error(false).map(|_| "activity-to-error")/>
                <button type="submit">"Show activity"</button>
                {move || field_error(true).map(|why| view! { <p id="activity-from-error" class="field-error">{why}</p> })}
                {move || field_error(false).map(|why| view! { <p id="activity-to-error" class="field-error">{why}</p> })}
            </form>
            {move || match stage.get() {
                Stage::Asked => view! { <p class="hint">"Sign-ins and changes to this account, from the portal's login history and audit trail."</p> }.into_any(),
                Stage::Reading(what) => view! { <p role="status" id="activity-status">{what}</p> }.into_any(),
                Stage::Failed(why) => view! { <p class="error" role="alert">{format!("The portal could not be read: {why}")}</p> }.into_any(),
                Stage::NoAudit => view! { <p class="notice" role="status">"This portal's plan does not include the audit trail: the portal answers only its 20 latest events, whoever they are about, so this person's activity cannot be shown."</p> }.into_any(),
                Stage::Ready { sign_ins, changes, days } => {
                    let (n_in, n_ch) = (sign_ins.len(), changes.len());
                    let period = format!("{} to {}", &days.api_from()[..10], &days.api_to()[..10]);
                    view! {
                        <p role="status" id="activity-status">{format!("{n_in} sign-in events and {n_ch} changes to the account, {period}.")}</p>
                        <div class="actions"><button type="button" class="secondary" on:click=export>"Download the activity (CSV)"</button></div>
                        {move || export_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <h3 id="activity-sign-ins">"Sign-ins"</h3>
                        <div class="table-wrap"><table class="results" aria-labelledby="activity-sign-ins">
                            <thead><tr><th scope="col">"When"</th><th scope="col">"What"</th><th scope="col">"IP"</th><th scope="col">"Browser"</th></tr></thead>
                            <tbody>{move || sign_ins.iter().take(shown_sign_ins.get()).map(|e| view! {
                                <tr class={if outcome(e) == "Failed" { "failed" } else { "" }}>
                                    <td>{format!("{} {}", date_part(&e.date), e.date.get(11..16).unwrap_or(""))}</td>
                                    <td>{outcome(e)}</td>
                                    <td>{e.ip.clone().unwrap_or_default()}</td>
                                    <td>{[e.browser.clone(), e.platform.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ")}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                        <Show when=move || shown_sign_ins.get() < n_in>
                            <button type="button" class="secondary" on:click=move |_| shown_sign_ins.update(|n| *n += SHOWN)>"Show more sign-ins"</button>
                        </Show>
                        <h3 id="activity-changes">"Changes to the account"</h3>
                        <div class="table-wrap"><table class="results" aria-labelledby="activity-changes">
                            <thead><tr><th scope="col">"When"</th><th scope="col">"What"</th><th scope="col">"By"</th></tr></thead>
                            <tbody>{move || changes.iter().take(shown_changes.get()).map(|e| view! {
                                <tr>
                                    <td>{format!("{} {}", date_part(&e.date), e.date.get(11..16).unwrap_or(""))}</td>
                                    <td>{e.action.clone().unwrap_or_default()}</td>
                                    <td>{e.user.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                        <Show when=move || shown_changes.get() < n_ch>
                            <button type="button" class="secondary" on:click=move |_| shown_changes.update(|n| *n += SHOWN)>"Show more changes"</button>
                        </Show>
                    }.into_any()
                }
            }}
        </section>
    }
}
