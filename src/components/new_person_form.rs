use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{people, ApiError, NewPerson, Person, PortalClient, UserType};
use crate::browser::focus_by_id;
use crate::components::{FormErrors, Placed, ShowRequest, TextField};
use crate::people::eligibility::{
    creatable_types, email_problem, first_name_problem, name_problem,
};

const FIRST: &str = "first-name";
const LAST: &str = "last-name";
const EMAIL: &str = "new-email";
const PASSWORD: &str = "new-password";

/// Where the portal's refusal belongs: its message names the field.
fn place(error: ApiError) -> Placed {
    let message = error.to_string();
    let lower = message.to_lowercase();
    if lower.contains("email") {
        Placed::Field(EMAIL, message)
    } else if lower.contains("firstname") || lower.contains("first name") {
        // "Incorrect firstname or lastname": the first field, which names both.
        Placed::Field(FIRST, message)
    } else if lower.contains("lastname") || lower.contains("last name") {
        Placed::Field(LAST, message)
    } else {
        Placed::Form(message)
    }
}

/// The new account's form: names, email, type (only those the signed-in admin may create),
/// an optional password, or an invitation by email instead. The email is checked with the
/// portal before anything is created; the portal's refusals appear next to their field.
/// `on_created` receives the new account (for an invitation: the pending invitee). With
/// `show_request`, the form shows the request it will send, with what is typed in it.
#[component]
pub fn NewPersonForm(
    client: PortalClient,
    me: Person,
    on_created: Callback<Person>,
    #[prop(optional)] show_request: bool,
) -> impl IntoView {
    let types = creatable_types(&me);
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let kind = RwSignal::new(types.first().copied().unwrap_or(UserType::User));
    let password = RwSignal::new(String::new());
    let invite = RwSignal::new(false);
    let errors = FormErrors::new();
    let client = StoredValue::new(client);

    let submit = Action::new_local(move |(new, invite): &(NewPerson, bool)| {
        let client = client.get_value();
        let (new, invite) = (new.clone(), *invite);
        async move {
            // Refused before anything is created: the portal would say the same.
            match client.find_by_email(&new.email).await {
                Ok(Some(_)) => {
                    return Err(Placed::Field(
                        EMAIL,
                        "Someone with this email is already in the portal.".into(),
                    ))
                }
                Ok(None) => {}
                Err(e) => return Err(place(e)),
            }
            if invite {
                client
                    .invite(&new.email, new.user_type)
                    .await
                    .map_err(place)?;
                match client.find_by_email(&new.email).await {
                    Ok(Some(person)) => Ok(person),
                    Ok(None) => Err(Placed::Form(
                        "The invitation was sent, but the portal does not list the invitee.".into(),
                    )),
                    Err(e) => Err(place(e)),
                }
            } else {
                client.create_person(&new).await.map_err(place)
            }
        }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(person)) => on_created.run(person),
        Some(Err(placed)) => errors.place(placed),
        None => {}
    });

    // What the form holds, as the portal will be sent it.
    let draft = move || {
        let secret = password.get();
        NewPerson {
            first_name: first.get().trim().to_string(),
            last_name: last.get().trim().to_string(),
            email: email.get().trim().to_string(),
            user_type: kind.get(),
            password: (!secret.is_empty()).then_some(secret),
        }
    };
    let preview = Signal::derive(move || {
        let new = draft();
        let call = if invite.get() {
            people::invite(&new.email, new.user_type)
        } else {
            people::create(&new)
        };
        client.get_value().describe(&call)
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let inviting = invite.get_untracked();
        let mut problems = Vec::new();
        if !inviting {
            problems.push((FIRST, first_name_problem(&first.get_untracked())));
            problems.push((LAST, name_problem(&last.get_untracked())));
        }
        problems.push((EMAIL, email_problem(&email.get_untracked())));
        let secret = password.get_untracked();
        if !inviting && !secret.is_empty() && secret.chars().count() < 8 {
            problems.push((
                PASSWORD,
                Some("At least 8 characters, or leave it empty for a generated one."),
            ));
        }
        for (id, problem) in problems {
            if let Some(message) = problem {
                errors.place(Placed::Field(id, message.to_string()));
            }
        }
        // A refused field stops here: nothing is sent, not even the email check, and what was
        // typed stays; the first field to fix gets the focus.
        if let Some(id) = errors.first_field() {
            focus_by_id(id);
            return;
        }
        submit.dispatch((untrack(draft), inviting));
    };

    let no_types = types.is_empty();
    view! {
        <form class="new-person" on:submit=on_submit novalidate>
            <Show when=move || !invite.get()>
                <TextField id=FIRST label="First name" value=first error=errors.of(FIRST)/>
                <TextField id=LAST label="Last name" value=last error=errors.of(LAST)
                    hint="Optional: the portal takes a first name alone."/>
            </Show>
            <TextField id=EMAIL label="Email" kind="email" value=email error=errors.of(EMAIL)/>
            <div class="field">
                <label for="new-type">"Type"</label>
                <select id="new-type" on:change=move |ev| {
                    let slug = event_target_value(&ev);
                    if let Some(t) = creatable_types(&me).into_iter().find(|t| t.wire_name() == slug) {
                        kind.set(t);
                    }
                }>
                    {types.into_iter().map(|t| view! {
                        <option value=t.wire_name() selected=move || kind.get() == t>{t.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || !invite.get()>
                <TextField id=PASSWORD label="Password (optional)" kind="password"
                    autocomplete="new-password" value=password error=errors.of(PASSWORD)/>
            </Show>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || invite.get() on:change=move |ev| invite.set(event_target_checked(&ev))/>
                " Invite by email instead (they choose their name and password)"
            </label>
            <button type="submit" disabled=move || no_types || submit.pending().get()>
                {move || match (submit.pending().get(), invite.get()) {
                    (true, _) => "Working…",
                    (false, true) => "Send invitation",
                    (false, false) => "Create account",
                }}
            </button>
            <p class="form-error" role="alert">{move || errors.form().get()}</p>
            {show_request.then(|| view! { <ShowRequest call=preview/> })}
        </form>
    }
}
