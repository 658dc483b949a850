use leptos::prelude::*;

mod steps;

use steps::{
    CheckStep, ChooseStep, DeleteStep, ReassignStep, ReceiptStep, TerminateStep, VerifyStep,
};

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
    // Only a change of step re-renders the step: saving the receipt keeps what is typed.
    let step = Memo::new(move |_| run.wizard.with(|w| w.step));
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
        <Show when=move || resumed>
            <p class="notice" role="status">"Resuming where you stopped."</p>
        </Show>
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
        {move || match step.get() {
            WizardStep::Choose => view! { <ChooseStep run=run me=me.clone()/> }.into_any(),
            WizardStep::Verify => view! { <VerifyStep run=run me=me.clone()/> }.into_any(),
            WizardStep::Terminate => view! { <TerminateStep run=run/> }.into_any(),
            WizardStep::Reassign => view! { <ReassignStep run=run/> }.into_any(),
            WizardStep::Delete => view! { <DeleteStep run=run/> }.into_any(),
            WizardStep::Check => view! { <CheckStep run=run/> }.into_any(),
            WizardStep::Receipt => view! { <ReceiptStep run=run/> }.into_any(),
        }}
        <Show when=move || !matches!(step.get(), WizardStep::Choose | WizardStep::Receipt)>
            <WayOut run=run/>
        </Show>
    }
    .into_any()
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
fn WayOut(run: Run) -> impl IntoView {
    let open = RwSignal::new(false);
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
    let message = move || {
        let subject = run.subject();
        let step = run.wizard.with(|w| w.step);
        format!(
            "{} ({}) {}. The wizard starts again from the beginning; download the receipt first if you need it.",
            subject.name,
            subject.email,
            standing(step)
        )
    };
    view! {
        <div class="buttons way-out">
            <button type="button" class="secondary" on:click=move |_| download(false)>"Download receipt so far (JSON)"</button>
            <button type="button" class="secondary" on:click=move |_| download(true)>"Download receipt so far (CSV)"</button>
            <button type="button" class="secondary" on:click=move |_| open.set(true)>"Cancel"</button>
        </div>
        <ConfirmDialog
            open=open
            title="Cancel this offboarding?".to_string()
            message=Signal::derive(message)
            confirm_label="Cancel the offboarding".to_string()
            pending=Signal::stored(false)
            error=Signal::stored(None::<String>)
            destructive=false
            on_confirm=Callback::new(move |()| {
                open.set(false);
                run.advance(|w| *w = Wizard::default());
            })
        />
    }
}

pub(super) fn subject_of(person: &Person) -> Subject {
    Subject {
        id: person.id.clone(),
        name: person.name().to_string(),
        email: person.email.clone(),
    }
}
