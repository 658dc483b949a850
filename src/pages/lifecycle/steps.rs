//! The wizard's steps, one component each, in the portal's order.

use leptos::prelude::*;

use super::{subject_of, Run};
use crate::api::{people, ApiError, Person, UserType};
use crate::components::{NewPersonForm, ShowRequest, TextField};
use crate::download::{download_text, today};
use crate::lifecycle::wizard::Wizard;
use crate::people::eligibility::{can_offboard, offboard_scope};

/// What disabling does to a person's API keys and sessions, as the portal's source has it
/// (`ApiKeyBearerAuthHandler` → `SecurityContext.AuthenticateMeWithoutCookieAsync`, which
/// refuses an account that is not active: "Account disabled."; `UpdateUserStatus` →
/// `CookiesManager.ResetUserCookieAsync`), for the verify step.
const API_KEYS: &str = "Their API keys: signing out everywhere leaves them working, but the portal refuses every key of a disabled account, so disabling stops them (and they work again if the account is enabled). Disabling also ends every session.";

#[component]
pub(super) fn ChooseStep(run: Run, me: Person) -> impl IntoView {
    let scope = offboard_scope(&me);
    let who = StoredValue::new(me.clone());
    let pick_email = RwSignal::new(String::new());
    let pick_error = RwSignal::new(None::<String>);
    let pick = Action::new_local(move |email: &String| {
        let client = run.client();
        let email = email.trim().to_string();
        async move { client.find_by_email(&email).await }
    });
    Effect::new(move |_| match pick.value().get() {
        // Only someone this role can take to the end: nothing is offered that would fail later.
        Some(Ok(Some(person))) => match who.with_value(|me| can_offboard(me, &person)) {
            Ok(()) => run.advance(|w| {
                let _ = w.chosen(subject_of(&person));
            }),
            Err(why) => pick_error.set(Some(why.into())),
        },
        Some(Ok(None)) => pick_error.set(Some("Nobody in the portal has this email.".into())),
        Some(Err(e)) => run.failed(e),
        None => {}
    });
    let on_created = Callback::new(move |person: Person| {
        run.advance(|w| {
            let _ = w.chosen(subject_of(&person));
        })
    });
    view! {
        <section class="step">
            <h2>"1. Pick the account, or create one"</h2>
            {scope.map(|text| view! { <p class="notice">{text}</p> })}
            <h3>"Pick an existing account"</h3>
            <form class="pick" on:submit=move |ev| { ev.prevent_default(); pick_error.set(None); pick.dispatch(pick_email.get_untracked()); }>
                <TextField id="pick-email" label="Their email" kind="email" value=pick_email
                    error=Signal::derive(move || pick_error.get())/>
                <button type="submit" disabled=move || pick.pending().get()>"Pick this account"</button>
            </form>
            <h3>"Or create a new account"</h3>
            <p>"The email is looked up first (" <code>{format!("GET {}", people::by_email("").path)}</code> "), then the account is created."</p>
            <NewPersonForm client=run.client() me=me on_created=on_created show_request=true/>
        </section>
    }
}

#[component]
pub(super) fn VerifyStep(run: Run, me: Person) -> impl IntoView {
    let subject = run.subject();
    let me = StoredValue::new(me);
    // A 3.0 portal cannot be asked whether someone owns data (`reassign/necessary` is 3.1).
    let unaskable = crate::session::use_session()
        .needs_3_1("Asking whether someone owns rooms or shared files");
    let unaskable_note = StoredValue::new(unaskable.clone());
    let read = LocalResource::new(move || {
        let unaskable = unaskable.is_some();
        let client = run.client();
        let id = run.subject().id;
        async move {
            // Read by ID, checked: an account whose user name spells this ID never answers
            // for the person chosen.
            let found = client.person_by_id(&id).await?;
            let note = found.impostor_note();
            // Someone this role cannot take to the end is not asked about (the portal refuses
            // a DocSpace admin's rooms to anyone but the owner) and goes no further.
            let refused = me.with_value(|me| can_offboard(me, &found.person)).err();
            let owns_rooms = match refused {
                None if !unaskable => client.reassign_necessary(&id).await?,
                _ => false,
            };
            Ok::<_, ApiError>((found.person, note, owns_rooms, refused))
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = read.get() {
            run.failed(e);
        }
    });
    let call = run.client().describe(&people::person(&subject.id));
    view! {
        <section class="step">
            <h2>"2. Verify: read the account back"</h2>
            <ShowRequest call=call/>
            <Transition fallback=|| view! { <p role="status">"Reading the profile…"</p> }>
                {move || Suspend::new(async move {
                    match read.await {
                        Ok((person, impostor, owns_rooms, refused)) => {
                            let rooms = match (unaskable_note.get_value(), owns_rooms) {
                                (Some(why), _) => why,
                                (None, true) => "They own rooms or shared files: you can hand them to someone before deleting.".to_string(),
                                (None, false) => "They own no rooms or shared files.".to_string(),
                            };
                            view! {
                                {impostor.map(|note| view! { <p class="warning" role="alert">{note}</p> })}
                                <dl class="fields">
                                    <dt>"Name"</dt><dd class="verified-name">{person.name().to_string()}</dd>
                                    <dt>"Email"</dt><dd>{person.email.clone()}</dd>
                                    <dt>"Type"</dt><dd>{person.user_type().label()}</dd>
                                    <dt>"Status"</dt><dd>{person.status().label()}</dd>
                                    <dt>"ID"</dt><dd>{person.id.clone()}</dd>
                                </dl>
                                {match refused {
                                    Some(why) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                                    None => view! {
                                        <p>{rooms}</p>
                                        <p class="hint api-keys">{API_KEYS}</p>
                                        <button type="button" on:click=move |_| run.advance(|w| { let _ = w.verified(owns_rooms); })>
                                            "Continue"
                                        </button>
                                    }.into_any(),
                                }}
                            }.into_any()
                        }
                        // A refusal is not met with a "Try again" that cannot succeed.
                        Err(ApiError::Forbidden(_)) => view! {
                            <p>"The portal refused: trying again would not help. Cancel below, or ask the owner or a DocSpace admin."</p>
                        }.into_any(),
                        Err(_) => view! {
                            <button type="button" on:click=move |_| read.refetch()>"Try again"</button>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub(super) fn TerminateStep(run: Run) -> impl IntoView {
    let subject = run.subject();
    let name = subject.name.clone();
    let id = std::slice::from_ref(&subject.id);
    // Signed out everywhere first (a DocSpace admin may end anyone's sessions), so that nothing
    // they have open works a moment longer; the portal also ends them when it disables.
    let me = crate::session::use_session().me;
    let signs_out = matches!(me.user_type(), UserType::Owner | UserType::DocSpaceAdmin);
    let sign_out_call = signs_out.then(|| {
        run.client()
            .describe(&crate::api::portal::sign_out_everywhere(&subject.id))
    });
    let call = run.client().describe(&people::set_status(id, true));
    let terminate = Action::new_local(move |_: &()| {
        let client = run.client();
        let id = run.subject().id;
        async move {
            if signs_out {
                client.sign_out_everywhere(&id).await?;
            }
            client.set_status(&[id], true).await
        }
    });
    Effect::new(move |_| match terminate.value().get() {
        Some(Ok(_)) => run.advance(|w| {
            let _ = w.terminated();
        }),
        Some(Err(e)) => run.failed(e),
        None => {}
    });
    let first = if signs_out {
        "First every session they have open ends (browsers, the desktop and mobile apps); then the account is disabled"
    } else {
        "The account is disabled (the portal ends every session they have open)"
    };
    view! {
        <section class="step">
            <h2>"3. Disable the account"</h2>
            <p>{format!("{name} ({}): {first}. They cannot sign in, and their API keys stop working while the account is disabled. Their data is kept.", subject.email)}</p>
            {sign_out_call.map(|call| view! { <ShowRequest call=call/> })}
            <ShowRequest call=call/>
            <button type="button" disabled=move || terminate.pending().get() on:click=move |_| { terminate.dispatch(()); }>
                {format!("Disable {name}")}
            </button>
        </section>
    }
}

#[component]
pub(super) fn DeleteStep(run: Run) -> impl IntoView {
    let subject = run.subject();
    let typed = RwSignal::new(String::new());
    let expected = subject.email.clone();
    let delete = Action::new_local(move |_: &()| {
        let client = run.client();
        let id = run.subject().id;
        async move {
            match client.delete_person(&id).await {
                Ok(deleted) if !crate::api::same_id(&deleted.id, &id) => {
                    Err(ApiError::WrongPerson(format!(
                        "The portal answered the deletion with another account, {} ({}). Check both accounts in the portal.",
                        deleted.name(),
                        deleted.email
                    )))
                }
                // Already gone (a repeated step): that is what this step wanted.
                Ok(_) | Err(ApiError::NotFound(_)) => Ok(()),
                Err(e) => Err(e),
            }
        }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => run.advance(|w| {
            let _ = w.deleted();
        }),
        Some(Err(e)) => run.failed(e),
        None => {}
    });
    let call = run.client().describe(&people::delete_one(&subject.id));
    let matches = move || typed.with(|t| t.trim().eq_ignore_ascii_case(&expected));
    view! {
        <section class="step">
            <h2>"5. Delete the account"</h2>
            <p>{format!("{} ({}) will be deleted from the portal. This cannot be undone.", subject.name, subject.email)}</p>
            <ShowRequest call=call/>
            <TextField id="confirm-email" label=format!("Type {} to confirm", subject.email) value=typed/>
            <button type="button" class="danger" disabled=move || !matches() || delete.pending().get()
                on:click=move |_| { delete.dispatch(()); }>
                {format!("Delete {}", subject.name)}
            </button>
        </section>
    }
}

#[component]
pub(super) fn CheckStep(run: Run) -> impl IntoView {
    let subject = run.subject();
    let check = LocalResource::new(move || {
        let client = run.client();
        let subject = run.subject();
        async move { client.is_gone(&subject.id, &subject.email).await }
    });
    Effect::new(move |_| match check.get() {
        Some(Ok(true)) => run.advance(|w| {
            let _ = w.confirmed_gone();
        }),
        Some(Err(e)) => run.failed(e),
        _ => {}
    });
    let call = run.client().describe(&people::person(&subject.id));
    view! {
        <section class="step">
            <h2>"6. Check that the portal no longer knows them"</h2>
            <ShowRequest call=call/>
            {move || match check.get() {
                Some(Ok(false)) => view! {
                    <p class="error" role="alert">"The portal still has this account."</p>
                    <button type="button" on:click=move |_| check.refetch()>"Check again"</button>
                }.into_any(),
                _ => view! { <p role="status">"Checking…"</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
pub(super) fn ReceiptStep(run: Run) -> impl IntoView {
    let wizard = run.wizard.get_untracked();
    let subject = run.subject();
    let receipt = wizard.receipt.clone();
    let count = receipt.records.len();
    let (json, csv) = (receipt.to_json(), receipt.to_csv());
    let download = move |csv_format: bool| {
        let result = if csv_format {
            download_text(
                &format!("receipt-{}.csv", today()),
                "text/csv;charset=utf-8",
                &csv,
            )
        } else {
            download_text(
                &format!("receipt-{}.json", today()),
                "application/json",
                &json,
            )
        };
        if let Err(e) = result {
            run.error.set(Some(e));
        }
    };
    let download = StoredValue::new(download);
    view! {
        <section class="step receipt">
            <h2>"Receipt"</h2>
            <p role="status">{format!("{} ({}) was offboarded: the portal answers 404 for them. {count} requests:", subject.name, subject.email)}</p>
            <table class="receipt-table">
                <thead><tr>
                    <th scope="col">"Time"</th><th scope="col">"Request"</th><th scope="col">"Status"</th>
                    <th scope="col">"ms"</th><th scope="col">"Outcome"</th>
                </tr></thead>
                <tbody>
                    {receipt.records.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.at}</td>
                            <td><code>{format!("{} {}", r.method, r.path)}</code></td>
                            <td>{r.status.map(|s| s.to_string()).unwrap_or_else(|| "no answer".into())}</td>
                            <td>{r.duration_ms}</td>
                            <td>{r.outcome}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="buttons">
                <button type="button" class="secondary" on:click=move |_| download.with_value(|d| d(false))>"Download JSON"</button>
                <button type="button" class="secondary" on:click=move |_| download.with_value(|d| d(true))>"Download CSV"</button>
                <button type="button" on:click=move |_| run.advance(|w| *w = Wizard::default())>"Offboard someone else"</button>
            </div>
        </section>
    }
}
