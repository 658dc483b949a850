use leptos::prelude::*;

mod steps;

use steps::{
    CheckStep, ChooseStep, DeleteStep, ReassignStep, ReceiptStep, TerminateStep, VerifyStep,
};

use crate::api::{ApiCall, ApiError, Person, PortalClient, RequestLog};
use crate::app::SessionContext;
use crate::lifecycle::wizard::{Progress, Subject, Wizard, WizardStep};

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
    ctx: SessionContext,
}

impl Run {
    /// Moves the requests made so far into the receipt, applies `change`, and saves.
    pub(super) fn advance(&self, change: impl FnOnce(&mut Wizard)) {
        let records = self.log.get_value().take();
        self.wizard.update(|w| {
            w.receipt.records.extend(records);
            change(w);
            save_wizard(w);
        });
        self.error.set(None);
    }

    /// Records the requests and shows the portal's refusal (a 401 ends the session; the
    /// saved wizard resumes after signing in again).
    pub(super) fn failed(&self, error: ApiError) {
        self.advance(|_| {});
        if !self.ctx.check(&error) {
            self.error.set(Some(error.to_string()));
        }
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

/// "Show API request": what a step calls, and a curl line with the credential masked.
#[component]
pub(super) fn ShowRequest(call: ApiCall) -> impl IntoView {
    view! {
        <details class="api-call">
            <summary>"Show API request"</summary>
            <pre>{format!("{} {}", call.method, call.url)}</pre>
            {call.body.map(|body| view! { <pre>{body}</pre> })}
            <pre class="curl">{call.curl}</pre>
        </details>
    }
}

/// `/lifecycle`: one person, from creation (or choice) to deletion and a 404, with a receipt.
#[component]
pub fn Lifecycle() -> impl IntoView {
    let ctx = expect_context::<SessionContext>();
    let Some(session) = ctx.session.get_untracked() else {
        return ().into_any();
    };
    let log = RequestLog::default();
    let run = Run {
        wizard: RwSignal::new(load_wizard()),
        log: StoredValue::new(log.clone()),
        client: StoredValue::new(session.client().with_log(&log)),
        error: RwSignal::new(None),
        ctx,
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
                crate::app::move_focus_to("section.step h2");
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
            WizardStep::Verify => view! { <VerifyStep run=run/> }.into_any(),
            WizardStep::Terminate => view! { <TerminateStep run=run/> }.into_any(),
            WizardStep::Reassign => view! { <ReassignStep run=run/> }.into_any(),
            WizardStep::Delete => view! { <DeleteStep run=run/> }.into_any(),
            WizardStep::Check => view! { <CheckStep run=run/> }.into_any(),
            WizardStep::Receipt => view! { <ReceiptStep run=run/> }.into_any(),
        }}
    }
    .into_any()
}

pub(super) fn subject_of(person: &Person) -> Subject {
    Subject {
        id: person.id.clone(),
        name: person.name().to_string(),
        email: person.email.clone(),
    }
}
