use leptos::prelude::*;

use leptos_router::components::A;

use crate::api::Person;
use crate::base::href;
use crate::people::eligibility::{can_take_step, OffboardStep, Verdict};
use crate::session::use_session;

/// What a page needs of the signed-in person's role, and what it lists when refused.
#[derive(Clone, Copy)]
pub struct Needs {
    /// Whether the role can finish what the page offers, and why not.
    pub verdict: fn(&Person) -> Verdict,
    /// The steps the page takes, each listed with whether the role may take it.
    pub steps: &'static [OffboardStep],
}

/// A page that the signed-in role cannot finish is not shown: instead, its title, why (naming
/// the role), and which of its steps the role could and could not take. Nothing on the gate
/// sends a request.
#[component]
pub fn RoleGate(title: &'static str, needs: Needs, children: Children) -> impl IntoView {
    let me = use_session().me;
    let Err(why) = (needs.verdict)(&me) else {
        return children().into_any();
    };
    let verdicts: Vec<(OffboardStep, Verdict)> = needs
        .steps
        .iter()
        .map(|&step| (step, can_take_step(&me, step)))
        .collect();
    let some = verdicts.iter().any(|(_, v)| v.is_ok());
    let partway = some.then_some(
        "You can take some of these steps but not all of them, so none is offered here: \
         the offboarding would stop partway, with the account created or disabled but not gone.",
    );
    let steps = (!verdicts.is_empty()).then(|| {
        let items = verdicts
            .into_iter()
            .map(|(step, verdict)| {
                let (class, state) = match verdict {
                    Ok(()) => ("step-allowed", "you can"),
                    Err(reason) => ("step-refused", reason),
                };
                view! {
                    <li class=class>
                        <span class="step-name">{step.label()}</span>
                        " — "
                        <span class="step-state">{state}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h2>"What it takes, step by step"</h2>
            <ul class="role-gate-steps">{items}</ul>
            {partway.map(|text| view! { <p>{text}</p> })}
        }
    });
    view! {
        <section class="role-gate" aria-labelledby="role-gate-title">
            <h1 id="role-gate-title">{title}</h1>
            <p class="notice role-gate-why">{why}</p>
            {steps}
            <p><A href=href("/people")>"Back to People"</A></p>
        </section>
    }
    .into_any()
}
