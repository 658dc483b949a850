use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

mod arrival;
mod reassign_step;
mod steps;

use arrival::Arrived;

use reassign_step::ReassignStep;
use steps::{CheckStep, ChooseStep, DeleteStep, ReceiptStep, TerminateStep, VerifyStep};

use crate::api::{ApiError, Person, PortalClient, RequestLog};
use crate::components::ConfirmDialog;
use crate::download::{download_text, today};
use crate::lifecycle::wizard::{Progress, Subject, Wizard, WizardStep};
use crate::session::use_session;

const WIZARD_KEY: &str = "docspace-admin.wizard";

fn load_wizard() -> Wizard {
    crate::session::recall(WIZARD_KEY).unwrap_or_default()
}

fn save_wizard(wizard: &Wizard) {
    crate::session::keep(WIZARD_KEY, wizard);
}

/// The wizard's shared state: where it is, saved after every change, and the log its client
/// writes every request to.
#[derive(Clone, Copy)]
pub(super) struct Run {
    pub(super) wizard: RwSignal<Wizard>,
    log: StoredValue<RequestLog>,
    client: StoredValue<PortalClient>,
    pub(super) error: RwSignal<Option<String>>,
}

impl Run {
    /// Moves the requests made so far into the receipt, applies `change`, and saves.
    pub(super) fn advance(&self, change: impl FnOnce(&mut Wizard)) {
        let records = self.log.get_value().take();
        let portal = self.client.get_value().portal().to_string();
        self.wizard.update(|w| {
            w.receipt.records.extend(records);
            w.receipt.portal = portal;
            change(w);
            save_wizard(w);
        });
        self.error.set(None);
    }

    /// Records the requests and shows the portal's refusal (after a 401 the session has
    /// ended; the saved wizard resumes after signing in again).
    pub(super) fn failed(&self, error: ApiError) {
        self.advance(|_| {});
        self.error.set(Some(error.to_string()));
    }

    pub(super) fn client(&self) -> PortalClient {
        self.client.get_value()
    }

    pub(super) fn subject(&self) -> Subject {
        self.wizard
            .with_untracked(|w| w.subject.clone())
            .unwrap_or(Subject {
                id: String::new(),
                name: String::new(),
                email: String::new(),
            })
    }
}

/// `/lifecycle`: one person, from creation (or choice) to deletion and a 404, with a receipt.
#[component]
pub fn Lifecycle() -> impl IntoView {
    let session = use_session();
    let log = RequestLog::default();
    let run = Run {
        wizard: RwSignal::new(load_wizard()),
        log: StoredValue::new(log.clone()),
        client: StoredValue::new(session.client().with_log(&log)),
        error: RwSignal::new(None),
    };
    let me = session.me.clone();
    let resumed = run.wizard.with_untracked(|w| w.step != WizardStep::Choose);
    // `?person=<id>` ("Offboard…" on a profile): that person, picked once read.
    let query = use_query_map();
    let requested = Memo::new(move |_| query.with(|q| q.get("person")).filter(|id| !id.is_empty()));
    let discard = Discard {
        open: RwSignal::new(false),
        then: RwSignal::new(None),
    };
    let picking = RwSignal::new(false);
    let arrival_me = me.clone();
    // Only a change of step re-renders the step: saving the receipt keeps what is typed.
    let step = Memo::new(move |_| run.wizard.with(|w| w.step));
    // A step is built again for another person too (a wizard discarded for someone else
    // starts at the same step).
    let shown = Memo::new(move |_| {
        run.wizard
            .with(|w| (w.step, w.subject.as_ref().map(|s| s.id.clone())))
    });
    // A new step replaces the one that had the focus: take the focus to its title, so that the
    // next Tab goes on inside it and a screen reader says where the wizard is.
    Effect::new(move |previous: Option<WizardStep>| {
        let now = step.get();
        if previous.is_some_and(|p| p != now) {
            request_animation_frame(|| {
                crate::browser::move_focus_to("section.step h2");
            });
        }
        now
    });
    view! {
        <h1>"Offboard one person"</h1>
        <Show when=move || resumed && requested.with(Option::is_none)>
            <p class="notice" role="status">"Resuming where you stopped."</p>
        </Show>
        {move || requested.get().map(|id| view! {
            <Arrived run=run me=arrival_me.clone() id=id discard=discard picking=picking/>
        })}
        <ol class="stepper" aria-label="Steps">
            {move || run.wizard.with(|w| w.progress()).into_iter().map(|(s, p)| {
                // Done and skipped are said in words too, not by colour and strike-through alone.
                let (class, state) = match p {
                    Progress::Done => ("step-done", Some(", done")),
                    Progress::Current => ("step-current", None),
                    Progress::Skipped => ("step-skipped", Some(", skipped")),
                    Progress::ToDo => ("step-todo", None),
                };
                view! {
                    <li class=class aria-current=(p == Progress::Current).then_some("step")>
                        {s.label()}
                        {state.map(|state| view! { <span class="visually-hidden">{state}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="error" role="alert">{move || run.error.get()}</p>
        {move || match shown.get().0 {
            WizardStep::Choose if picking.get() => view! {
                <p class="loading" role="status">"Reading the account to offboard…"</p>
            }.into_any(),
            WizardStep::Choose => view! { <ChooseStep run=run me=me.clone()/> }.into_any(),
            WizardStep::Verify => view! { <VerifyStep run=run me=me.clone()/> }.into_any(),
            WizardStep::Terminate => view! { <TerminateStep run=run/> }.into_any(),
            WizardStep::Reassign => view! { <ReassignStep run=run/> }.into_any(),
            WizardStep::Delete => view! { <DeleteStep run=run/> }.into_any(),
            WizardStep::Check => view! { <CheckStep run=run/> }.into_any(),
            WizardStep::Receipt => view! { <ReceiptStep run=run/> }.into_any(),
        }}
        <Show when=move || !matches!(step.get(), WizardStep::Choose | WizardStep::Receipt)>
            <WayOut run=run discard=discard/>
        </Show>
        <DiscardDialog run=run discard=discard/>
    }
    .into_any()
}

/// Dropping the wizard in progress: asked for by "Cancel" (then it starts again from the
/// beginning) or by "Discard it and start with …" (then `then` is picked).
#[derive(Clone, Copy)]
pub(super) struct Discard {
    pub(super) open: RwSignal<bool>,
    pub(super) then: RwSignal<Option<Subject>>,
}

/// The one confirmation that drops the wizard in progress, saying where its person stands.
#[component]
fn DiscardDialog(run: Run, discard: Discard) -> impl IntoView {
    let navigate = use_navigate();
    let message = move || {
        let subject = run.subject();
        let step = run.wizard.with(|w| w.step);
        let next = discard.then.with(|t| match t {
            Some(next) => format!("The wizard starts again with {} ({}); download the receipt first if you need it.", next.name, next.email),
            None => "The wizard starts again from the beginning; download the receipt first if you need it.".to_string(),
        });
        format!(
            "{} ({}) {}. {next}",
            subject.name,
            subject.email,
            standing(step)
        )
    };
    view! {
        <ConfirmDialog
            open=discard.open
            title="Cancel this offboarding?".to_string()
            message=Signal::derive(message)
            confirm_label="Cancel the offboarding".to_string()
            pending=Signal::stored(false)
            error=Signal::stored(None::<String>)
            destructive=false
            on_confirm=Callback::new(move |()| {
                discard.open.set(false);
                match discard.then.get_untracked() {
                    Some(next) => {
                        run.advance(|w| w.start_with(next));
                        // The person is picked: the address no longer asks for them.
                        navigate("/lifecycle", NavigateOptions { replace: true, ..Default::default() });
                    }
                    None => run.advance(|w| *w = Wizard::default()),
                }
            })
        />
    }
}

/// Where the person stands at `step`, for the cancel confirmation.
fn standing(step: WizardStep) -> &'static str {
    match step {
        WizardStep::Choose | WizardStep::Verify | WizardStep::Terminate => {
            "stays active: nothing was changed"
        }
        WizardStep::Reassign | WizardStep::Delete => "stays disabled, not deleted",
        WizardStep::Check | WizardStep::Receipt => "was deleted",
    }
}

/// At every step: the receipt so far, and a way to stop here.
#[component]
fn WayOut(run: Run, discard: Discard) -> impl IntoView {
    let download = move |csv: bool| {
        let receipt = run.wizard.with_untracked(|w| w.receipt.clone());
        let result = if csv {
            download_text(
                &format!("receipt-{}.csv", today()),
                "text/csv;charset=utf-8",
                &receipt.to_csv(),
            )
        } else {
            download_text(
                &format!("receipt-{}.json", today()),
                "application/json",
                &receipt.to_json(),
            )
        };
        if let Err(e) = result {
            run.error.set(Some(e));
        }
    };
    view! {
        <div class="buttons way-out">
            <button type="button" class="secondary" on:click=move |_| download(false)>"Download receipt so far (JSON)"</button>
            <button type="button" class="secondary" on:click=move |_| download(true)>"Download receipt so far (CSV)"</button>
            <button type="button" class="secondary" on:click=move |_| {
                discard.then.set(None);
                discard.open.set(true);
            }>"Cancel"</button>
        </div>
    }
}

pub(super) fn subject_of(person: &Person) -> Subject {
    Subject {
        id: person.id.clone(),
        name: person.name().to_string(),
        email: person.email.clone(),
    }
}
