use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::audit::{HistoryReach, LoginEvent};
use crate::api::history::{read_history, HistoryPages, Together};
use crate::api::{ApiError, PeopleFilter, Person, PortalClient};
use crate::components::{ActivityList, BulkSet, LatestSignIns, ResendDialog};
use crate::download::{download_text, today};
use crate::lifecycle::handoff::Handoff;
use crate::people::activity::{last_sign_ins, report, report_csv, Report, Row, When, DAY_CHOICES};
use crate::people::invitations::parse_days;
use crate::session::use_session;

/// The days asked when the URL does not say.
const DEFAULT_DAYS: u32 = 90;

/// What the report is made from, read once; a change of days only counts again.
#[derive(Debug, Clone, PartialEq)]
struct Read {
    people: Vec<Person>,
    /// Without the audit feature: the latest sign-ins, all the portal shows.
    latest: Vec<LoginEvent>,
    last: HashMap<String, When>,
    reach: HistoryReach,
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Reading(String),
    Failed(String),
    Ready(Read),
}

struct LivePages(PortalClient);

impl HistoryPages for LivePages {
    async fn page(&self, start: usize) -> Result<Vec<LoginEvent>, ApiError> {
        self.0.login_page(start).await
    }
}

/// Everyone, their plan's reach and (when it can) the whole login history.
async fn read_all(client: PortalClient, stage: RwSignal<Stage>) -> Result<Read, ApiError> {
    let reach = client.history_reach().await?;
    let collected = client
        .all_matching_counted(&PeopleFilter::default(), false, |n, of| {
            stage.set(Stage::Reading(format!("Reading everyone: {n} of {of}…")))
        })
        .await?;
    let latest = if reach.filters {
        Vec::new()
    } else {
        client.login_page(0).await?
    };
    let events = if reach.filters {
        read_history(
            &LivePages(client.clone()),
            Together,
            |_| false,
            |n| {
                stage.set(Stage::Reading(format!(
                    "Reading the portal's sign-ins: {n} read…"
                )))
            },
        )
        .await?
        .events
    } else {
        Vec::new()
    };
    Ok(Read {
        people: collected.people,
        latest,
        last: last_sign_ins(&events),
        reach,
    })
}

/// A list of the report.
type Pick = fn(&Report) -> Vec<Row>;

fn inactive_rows(r: &Report) -> Vec<Row> {
    r.inactive.clone()
}

fn never_rows(r: &Report) -> Vec<Row> {
    r.never.clone()
}

fn pending_rows(r: &Report) -> Vec<Row> {
    r.pending.clone()
}

fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Who is still here (`/people/inactive`): the people with no sign-in in N days, those with
/// none the portal remembers, and the invitations waiting longer, from the portal's login
/// history read once. From here: offboard the people ticked, resend the invitations ticked,
/// export the report. DocSpace admins only (the portal shows its history to them alone).
#[component]
pub fn Inactive() -> impl IntoView {
    let session = use_session();
    let me = session.me.clone();
    if let Err(why) = crate::people::activity::can_read_activity(&me) {
        return view! { <h1>"Inactive people"</h1> <p class="error" role="alert">{why}</p> }
            .into_any();
    }
    let client = session.client();
    let query = use_query_map();
    let navigate = use_navigate();
    let days = Memo::new(move |_| {
        query
            .with(|q| q.get("days"))
            .and_then(|d| parse_days(&d).ok())
            .unwrap_or(DEFAULT_DAYS)
    });
    let typed = RwSignal::new(days.get_untracked().to_string());
    let typed_error = RwSignal::new(None::<&'static str>);
    let go_days = {
        let navigate = navigate.clone();
        move |d: u32| {
            navigate(
                &format!("/people/inactive?days={d}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            )
        }
    };
    let stage = RwSignal::new(Stage::Reading("Reading the portal…".into()));
    let load = {
        let client = client.clone();
        move || {
            let client = client.clone();
            stage.set(Stage::Reading("Reading the portal…".into()));
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                match read_all(client, stage).await {
                    Ok(read) => stage.set(Stage::Ready(read)),
                    Err(e) => stage.set(Stage::Failed(e.to_string())),
                }
            });
        }
    };
    load();
    let now = now_seconds();
    let made = Memo::new(move |_| match stage.get() {
        Stage::Ready(read) => Some(report(
            &read.people,
            &read.last,
            now,
            days.get(),
            read.reach,
        )),
        _ => None,
    });
    let rows = move |pick: Pick| {
        Signal::derive(move || made.with(|r| r.as_ref().map(pick).unwrap_or_default()))
    };
    let picked = RwSignal::new(HashSet::<String>::new());
    let picked_pending = RwSignal::new(HashSet::<String>::new());
    let chosen = move |set: RwSignal<HashSet<String>>, lists: &[Pick]| {
        made.with(|r| {
            r.as_ref()
                .map(|r| {
                    lists
                        .iter()
                        .flat_map(|pick| pick(r))
                        .filter(|row| set.with(|s| s.contains(&row.person.id)))
                        .map(|row| row.person)
                        .collect::<Vec<Person>>()
                })
                .unwrap_or_default()
        })
    };
    let to_offboard = Memo::new(move |_| chosen(picked, &[inactive_rows as Pick, never_rows]));
    let to_resend = Memo::new(move |_| chosen(picked_pending, &[pending_rows as Pick]));
    let offboard = {
        let navigate = navigate.clone();
        Callback::new(move |()| {
            crate::session::hand_over(&Handoff::People(to_offboard.get_untracked()));
            navigate("/offboard", Default::default());
        })
    };
    let resending = RwSignal::new(false);
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        let Some(csv) = made.with_untracked(|r| r.as_ref().map(report_csv)) else {
            return;
        };
        let name = format!("inactive-{}-days-{}.csv", days.get_untracked(), today());
        export_error.set(download_text(&name, "text/csv;charset=utf-8", &csv).err());
    };
    let go_submit = go_days.clone();
    let me = StoredValue::new(me);
    let client = StoredValue::new(client);
    let retry = StoredValue::new(load);
    view! {
        <h1>"Inactive people"</h1>
        <p class="hint">"Who has not signed in for a while, from the portal's login history, and the invitations nobody accepted. Pick people to offboard them or to send their invitation again."</p>
        <form class="days-form" on:submit=move |ev| {
            ev.prevent_default();
            match parse_days(&typed.get_untracked()) {
                Ok(d) => { typed_error.set(None); go_submit(d); }
                Err(why) => typed_error.set(Some(why)),
            }
        }>
            <fieldset>
                <legend>"No sign-in in the last"</legend>
                {DAY_CHOICES.into_iter().map(|d| {
                    let go = go_days.clone();
                    view! {
                        <button type="button" class="secondary" aria-pressed=move || if days.get() == d { "true" } else { "false" }
                            on:click=move |_| { typed.set(d.to_string()); typed_error.set(None); go(d); }>{format!("{d} days")}</button>
                    }
                }).collect_view()}
                <label for="days">"Days"</label>
                <input id="days" name="days" inputmode="numeric" prop:value=move || typed.get()
                    aria-invalid=move || typed_error.get().is_some().then_some("true")
                    aria-describedby=move || typed_error.get().map(|_| "days-error")
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="submit">"Show"</button>
                {move || typed_error.get().map(|why| view! { <p id="days-error" class="field-error">{why}</p> })}
            </fieldset>
        </form>
        {move || match stage.get() {
            Stage::Reading(what) => view! { <p id="activity-progress" role="status">{what}</p> }.into_any(),
            Stage::Failed(why) => view! {
                <p class="error" role="alert" id="activity-error">{format!("The portal could not be read: {why}")}</p>
                <button type="button" on:click=move |_| retry.with_value(|load| load())>"Try again"</button>
            }.into_any(),
            Stage::Ready(_) => ().into_any(),
        }}
        <Show when=move || made.with(Option::is_some)>
            <div class="caveats">
                {move || made.with(|r| r.as_ref().map(|r| r.caveats.clone()).unwrap_or_default()).into_iter().map(|c| view! { <p class="notice">{c}</p> }).collect_view()}
            </div>
            <div class="actions">
                <Show when=move || made.with(|r| r.as_ref().is_some_and(|r| r.knows_sign_ins))>
                    <button type="button" class="danger" disabled=move || to_offboard.with(Vec::is_empty) on:click=move |_| offboard.run(())>
                        {move || format!("Offboard the {} selected…", to_offboard.with(Vec::len))}
                    </button>
                </Show>
                <button type="button" class="secondary" disabled=move || to_resend.with(Vec::is_empty) on:click=move |_| resending.set(true)>
                    {move || format!("Resend {} invitations…", to_resend.with(Vec::len))}
                </button>
                <button type="button" class="secondary" on:click=export>"Export CSV"</button>
                {move || export_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
            <Show when=move || made.with(|r| r.as_ref().is_some_and(|r| r.knows_sign_ins))>
                <ActivityList id="inactive" title=Signal::derive(move || format!("No sign-in in the last {} days", days.get())) since="Last sign-in" rows=rows(inactive_rows as Pick) picked=picked now=now
                    empty="Everyone active has signed in within the period."/>
                <ActivityList id="never" title="Never signed in".to_string() since="Added" rows=rows(never_rows as Pick) picked=picked now=now
                    empty="Everyone active has signed in at least once."/>
            </Show>
            {move || match stage.get() {
                Stage::Ready(read) if !read.latest.is_empty() => Some(view! { <LatestSignIns events=read.latest/> }),
                _ => None,
            }}
            <ActivityList id="pending" title=Signal::derive(move || format!("Invitations waiting more than {} days", days.get())) since="Invited" rows=rows(pending_rows as Pick) picked=picked_pending now=now
                empty="No invitation has waited that long."/>
        </Show>
        <Show when=move || resending.get()>
            <ResendDialog set=BulkSet::Picked(to_resend.get_untracked()) me=me.get_value() client=client.get_value()
                on_close=Callback::new(move |_| { resending.set(false); picked_pending.set(HashSet::new()); })/>
        </Show>
    }
    .into_any()
}
