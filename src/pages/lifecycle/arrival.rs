//! `/lifecycle?person=<id>`: the wizard opened for someone ("Offboard…" on a profile). They are
//! read by ID and picked as picking by email does; a wizard in progress for someone else is
//! named and kept until the admin discards it (with the same confirmation as "Cancel").

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::{subject_of, Discard, Run};
use crate::api::Person;
use crate::lifecycle::wizard::{Arrival, Subject, WizardStep};
use crate::people::eligibility::can_offboard;
use crate::session::use_session;

#[component]
pub(super) fn Arrived(
    run: Run,
    me: Person,
    /// The ID asked for.
    id: String,
    discard: Discard,
    /// Whether the person is being read to be picked (the first step waits for them).
    picking: RwSignal<bool>,
) -> impl IntoView {
    let arrival = run.wizard.with_untracked(|w| w.arrival(&id));
    let navigate = use_navigate();
    // Once the person is picked (or the admin goes on with the wizard as it is), the address
    // no longer asks for them: a reload, or "Offboard someone else", does not pick them again.
    let settle = StoredValue::new(move || {
        navigate(
            "/lifecycle",
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    });
    let settle = move || settle.with_value(|go| go());
    if arrival == Arrival::Resume {
        Effect::new(move |_| settle());
        return ().into_any();
    }
    let pick = arrival == Arrival::Pick;
    picking.set(pick);
    on_cleanup(move || {
        picking.try_set(false);
    });
    // Picking reads them with the wizard's client, so that the receipt starts with the read;
    // a wizard about someone else keeps its receipt to itself.
    let client = StoredValue::new(if pick {
        run.client()
    } else {
        use_session().client()
    });
    let read = LocalResource::new(move || {
        let client = client.get_value();
        let id = id.clone();
        async move { client.person_by_id(&id).await }
    });
    let me = StoredValue::new(me);
    let refusal = move |person: &Person| {
        me.with_value(|me| can_offboard(me, person))
            .err()
            .map(|why| format!("{} cannot be offboarded here: {why}", person.name()))
    };
    let Arrival::Busy(current) = arrival else {
        Effect::new(move |_| match read.get() {
            Some(Ok(found)) => {
                picking.set(false);
                match refusal(&found.person) {
                    None => {
                        run.advance(|w| {
                            let _ = w.chosen(subject_of(&found.person));
                        });
                        settle();
                    }
                    Some(why) => run.error.set(Some(why)),
                }
            }
            Some(Err(e)) => {
                picking.set(false);
                run.failed(e);
            }
            None => {}
        });
        return ().into_any();
    };
    let step = run.wizard.with_untracked(|w| w.step);
    let situation = if step == WizardStep::Receipt {
        format!(
            "The offboarding of {} ({}) is finished here; its receipt is shown below.",
            current.name, current.email
        )
    } else {
        format!(
            "The offboarding of {} ({}) is in progress here, at the step \u{201c}{}\u{201d}. One person is offboarded at a time.",
            current.name,
            current.email,
            step.label()
        )
    };
    let current = StoredValue::new(current);
    let go_on = move || {
        view! {
            <button type="button" class="secondary" on:click=move |_| settle()>
                {format!("Go on with {}", current.with_value(|c| c.name.clone()))}
            </button>
        }
    };
    let start_with = move |next: Subject| {
        let name = next.name.clone();
        view! {
            <button type="button" on:click=move |_| {
                discard.then.set(Some(next.clone()));
                discard.open.set(true);
            }>{format!("Discard it and start with {name}")}</button>
        }
    };
    view! {
        <section class="arrival" aria-labelledby="arrival-title">
            <h2 id="arrival-title">
                {format!("{} is being offboarded here", current.with_value(|c| c.name.clone()))}
            </h2>
            <p>{situation}</p>
            <Transition fallback=|| view! { <p role="status">"Reading the account you asked for…"</p> }>
                {move || Suspend::new(async move {
                    match read.await {
                        Ok(found) => match refusal(&found.person) {
                            None => view! {
                                <div class="buttons">
                                    {start_with(subject_of(&found.person))}
                                    {go_on()}
                                </div>
                            }.into_any(),
                            Some(why) => view! {
                                <p class="error" role="alert">{why}</p>
                                <div class="buttons">{go_on()}</div>
                            }.into_any(),
                        },
                        Err(e) => view! {
                            <p class="error" role="alert">{e.to_string()}</p>
                            <div class="buttons">{go_on()}</div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}
