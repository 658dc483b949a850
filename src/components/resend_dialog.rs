use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, Person, PortalClient};
use crate::components::{use_toasts, BulkSet};
use crate::lifecycle::resend::{resend_all, Progress, Report, ResendPortal};
use crate::people::invitations::pending_older_than;
use crate::people::sessions::resend_invitation;

/// Where a resend under way is kept in this tab (`sessionStorage`), so that after a reload the
/// list offers it again (`ResendResume`); forgotten when it ends.
pub const RESEND_KEY: &str = "docspace-admin.resend";

/// A resend under way: whom it sends to, and who started it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnfinishedResend {
    pub people: Vec<Person>,
    pub by: String,
}

/// The portal as sending again uses it.
struct LiveResend(PortalClient);

impl ResendPortal for LiveResend {
    async fn resend(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        self.0.resend_invitations(ids).await
    }

    async fn sleep(&self, ms: u32) {
        crate::api::sleep_ms(ms).await;
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Finding,
    Failed(String),
    Ready,
    Running(Progress),
    Done(Report),
}

/// People named in full before "and N more".
const NAMED: usize = 10;

fn named(p: &Person) -> String {
    format!("{} ({})", p.name(), p.email)
}

/// Now, in seconds since 1970, by the browser's clock.
fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// "Resend to the 12", "Resend to 1 person".
fn confirm_label(n: usize) -> String {
    if n == 1 {
        "Resend to 1 person".into()
    } else {
        format!("Resend to the {n}")
    }
}

/// Sends the invitation (or the activation email) again to many people: the set as chosen in
/// the list, or, with `older_than`, its pending people first invited more than that many days
/// ago. It names whom it sends to and who is left out and why (the portal would skip them
/// silently), sends them in one request per hundred, waits out the portal's limit on these
/// requests saying so, and ends with a line per person. `on_close` gets whether anything was
/// sent.
#[component]
pub fn ResendDialog(
    set: BulkSet,
    #[prop(optional)] older_than: Option<u32>,
    me: Person,
    client: PortalClient,
    on_close: Callback<bool>,
) -> impl IntoView {
    let toasts = use_toasts();
    let stage = RwSignal::new(Stage::Finding);
    let people = RwSignal::new(Vec::<Person>::new());
    let shortfall = RwSignal::new(None::<String>);
    let stop = Arc::new(AtomicBool::new(false));
    let client = StoredValue::new(client);
    let pick = move |found: Vec<Person>| match older_than {
        Some(days) => pending_older_than(&found, days, now_seconds()),
        None => found,
    };
    match set {
        BulkSet::Picked(picked) => {
            people.set(pick(picked));
            stage.set(Stage::Ready);
        }
        BulkSet::Matching {
            query, excluded, ..
        } => {
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                match client
                    .get_value()
                    .all_matching_counted(&query.filter(), false, |_, _| {})
                    .await
                {
                    Ok(collected) => {
                        shortfall.set(collected.shortfall());
                        let mut found = collected.people;
                        found.retain(|p| !excluded.contains(&p.id));
                        people.set(pick(found));
                        stage.set(Stage::Ready);
                    }
                    Err(e) => stage.set(Stage::Failed(e.to_string())),
                }
            });
        }
    }
    let me = StoredValue::new(me);
    let split = Memo::new(move |_| {
        me.with_value(|me| {
            people.with(|all| {
                let (to, left): (Vec<Person>, Vec<Person>) = all
                    .iter()
                    .cloned()
                    .partition(|p| resend_invitation(me, p).is_ok());
                let reasons: Vec<String> = left
                    .iter()
                    .map(|p| {
                        format!(
                            "{}: {}",
                            named(p),
                            resend_invitation(me, p).err().unwrap_or_default()
                        )
                    })
                    .collect();
                (to, reasons)
            })
        })
    });
    let n = move || split.with(|(to, _)| to.len());
    let stop_on_leave = stop.clone();
    on_cleanup(move || stop_on_leave.store(true, Ordering::Relaxed));
    let start = {
        let stop = stop.clone();
        move || {
            let to = split.with_untracked(|(to, _)| to.clone());
            stage.set(Stage::Running(Progress::Sending {
                done: 0,
                of: to.len(),
            }));
            let client = client.get_value();
            let me = me.get_value();
            let stop = stop.clone();
            crate::session::keep(
                RESEND_KEY,
                &UnfinishedResend {
                    people: to.clone(),
                    by: me.id.clone(),
                },
            );
            leptos::task::spawn_local(async move {
                let portal = LiveResend(client);
                let report = resend_all(
                    &me,
                    &to,
                    &portal,
                    &|| stop.load(Ordering::Relaxed),
                    &mut |p| {
                        stage.try_set(Stage::Running(p));
                    },
                )
                .await;
                crate::session::forget(RESEND_KEY);
                if report.sent() == report.lines.len() && report.waits.is_empty() {
                    toasts.success(format!(
                        "Sent again to {}.",
                        crate::people::people_count(report.sent())
                    ));
                    on_close.run(true);
                } else {
                    stage.try_set(Stage::Done(report));
                }
            });
        }
    };
    let request_stop = {
        let stop = stop.clone();
        move || stop.store(true, Ordering::Relaxed)
    };
    let running = move || matches!(stage.get(), Stage::Running(_));
    let close = move || {
        on_close.run(matches!(
            stage.get_untracked(),
            Stage::Running(_) | Stage::Done(_)
        ))
    };
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    });
    let title = move || match stage.get() {
        Stage::Finding => "Resend invitations: finding them…".to_string(),
        Stage::Done(report) => format!("Sent again to {} of {}", report.sent(), report.lines.len()),
        Stage::Running(_) => format!("Resending {}…", crate::people::people_count(n())),
        _ => match older_than {
            Some(days) => format!(
                "Resend the {} pending invitations older than {days} days?",
                n()
            ),
            None => format!(
                "Resend the invitation to {}?",
                crate::people::people_count(n())
            ),
        },
    };
    let stop_for_cancel = request_stop.clone();
    view! {
        <dialog node_ref=dialog class="confirm bulk resend" aria-labelledby="resend-title"
            on:cancel=move |ev: leptos::ev::Event| {
                if running() {
                    ev.prevent_default();
                    stop_for_cancel();
                }
            }
            on:close=move |_| close()>
            <h2 id="resend-title">{title}</h2>
            {move || match stage.get() {
                Stage::Finding => view! { <p role="status">"Finding everyone…"</p> }.into_any(),
                Stage::Failed(why) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                Stage::Ready => view! {
                    <p>"The portal emails each of them again: a new invitation to whoever never joined, the instructions to confirm their address to whoever did not."</p>
                    <ul class="named">
                        {split.with(|(to, _)| to.iter().take(NAMED).map(named).collect::<Vec<_>>()).into_iter()
                            .map(|who| view! { <li>{who}</li> }).collect_view()}
                    </ul>
                    {move || (n() > NAMED).then(|| view! { <p>{format!("and {} more", n() - NAMED)}</p> })}
                    {move || (n() == 0).then(|| view! { <p class="hint">"Nobody to send to."</p> })}
                    {move || shortfall.get().map(|why| view! { <p class="warning" role="alert">{why}</p> })}
                }.into_any(),
                Stage::Running(Progress::Sending { done, of }) => view! {
                    <p role="status">{format!("Sending… {done} of {of} answered")}</p>
                    <progress aria-label="Progress" max=of.max(1) value=done></progress>
                }.into_any(),
                Stage::Running(Progress::Waiting { seconds_left }) => view! {
                    <p role="status" class="waiting">{format!(
                        "The portal is limiting these requests (DocSpace allows 5 every 15 minutes for each admin): sending again in {seconds_left} s. Nothing is lost; Cancel stops here."
                    )}</p>
                }.into_any(),
                Stage::Done(report) => view! {
                    {(!report.waits.is_empty()).then(|| view! {
                        <p class="hint waited">{format!(
                            "The portal limited these requests {}: waited {} s in all.",
                            if report.waits.len() == 1 { "once".to_string() } else { format!("{} times", report.waits.len()) },
                            report.waits.iter().sum::<u32>()
                        )}</p>
                    })}
                    <ul class="resend-report">
                        {report.lines.into_iter().map(|(p, sent)| view! {
                            <li class:not-sent=!sent.was_sent()>{format!("{}: {}", named(&p), sent.describe())}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <Show when=move || matches!(stage.get(), Stage::Ready) && split.with(|(_, r)| !r.is_empty())>
                <p>{move || format!("Left out ({}):", split.with(|(_, r)| r.len()))}</p>
                <ul class="left-out">
                    {move || split.with(|(_, r)| r.clone()).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </Show>
            <div class="dialog-buttons">
                {move || match stage.get() {
                    Stage::Running(_) => {
                        let stop = request_stop.clone();
                        view! { <button type="button" class="secondary" on:click=move |_| stop()>"Cancel"</button> }.into_any()
                    }
                    Stage::Done(_) | Stage::Failed(_) => view! {
                        <button type="button" on:click=move |_| close()>"Close"</button>
                    }.into_any(),
                    Stage::Finding | Stage::Ready => {
                        let start = start.clone();
                        view! {
                            <button type="button" class="secondary" on:click=move |_| close()>"Cancel"</button>
                            <Show when=move || matches!(stage.get(), Stage::Ready)>
                                <button type="button" class="primary" disabled=move || n() == 0
                                    on:click={ let start = start.clone(); move |_| start() }>
                                    {move || confirm_label(n())}
                                </button>
                            </Show>
                        }.into_any()
                    }
                }}
            </div>
        </dialog>
    }
}
