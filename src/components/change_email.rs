use leptos::prelude::*;

use crate::api::{same_id, ApiError, Person, PortalClient};
use crate::browser::focus_by_id;
use crate::components::{use_toasts, ConfirmDialog, FormErrors, Placed, TextField};
use crate::people::account::{can_change_email, refusal_text, EmailChange};
use crate::people::validation::email_problem;

const FIELD: &str = "change-email-new";

/// Where the portal's refusal belongs: next to the address when it is about the address ("User
/// with this email is already registered", "Incorrect email"), else under the dialog.
fn place(error: &ApiError) -> Placed {
    let text = refusal_text(error);
    match error {
        ApiError::Validation { .. } | ApiError::Forbidden(_) | ApiError::NotFound(_)
            if text.to_lowercase().contains("email") =>
        {
            Placed::Field(FIELD, text)
        }
        _ => Placed::Form(text),
    }
}

/// "Change email…" on a profile (`POST /people/email`): a dialog with the new address, checked
/// before it is sent; the confirmation names the effect (an admin's change is immediate and
/// ends the person's sessions; one's own as a non-admin is a link to confirm). The portal's
/// refusal appears next to the field, with what was typed kept. Unavailable, with the reason,
/// where the portal would refuse. `on_changed` runs once the portal took it, to read the
/// person again.
#[component]
pub fn ChangeEmail(
    person: Person,
    me: Person,
    client: PortalClient,
    on_changed: Callback<()>,
) -> impl IntoView {
    let verdict = can_change_email(&me, &person);
    let myself = same_id(&me.id, &person.id);
    let kind = verdict.unwrap_or(EmailChange::Immediate);
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let client = StoredValue::new(client);
    let (id, name, current) = (
        person.id.clone(),
        person.name().to_string(),
        person.email.clone(),
    );
    let toasts = use_toasts();
    let done_name = name.clone();
    let action = Action::new_local(move |email: &String| {
        let (client, id, email) = (client.get_value(), id.clone(), email.clone());
        async move { client.change_email(&id, &email).await.map(|_| email) }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(email)) => {
            open.set(false);
            toasts.success(kind.done(&done_name, &email));
            on_changed.run(());
        }
        Some(Err(e)) => {
            let placed = place(&e);
            let field = matches!(placed, Placed::Field(..));
            errors.place(placed);
            if field {
                focus_by_id(FIELD);
            }
        }
        None => {}
    });
    let now = current.clone();
    let on_confirm = Callback::new(move |()| {
        errors.clear();
        let value = typed.get_untracked();
        let problem = email_problem(&value).map(str::to_string).or_else(|| {
            value
                .trim()
                .eq_ignore_ascii_case(&now)
                .then(|| "This is the email the account has now.".to_string())
        });
        if let Some(problem) = problem {
            errors.place(Placed::Field(FIELD, problem));
            focus_by_id(FIELD);
            return;
        }
        action.dispatch(value.trim().to_string());
    });
    let title = if myself {
        "Change your email?".to_string()
    } else {
        format!("Change {name}'s email?")
    };
    let confirm_label = match kind {
        EmailChange::Immediate => "Change email",
        EmailChange::ConfirmationLink => "Send confirmation link",
    };
    let why_id = "change-email-why";
    view! {
        <div class="change-email">
            <button type="button" class="secondary" disabled=verdict.is_err()
                aria-describedby=verdict.is_err().then_some(why_id)
                on:click=move |_| {
                    errors.clear();
                    typed.set(String::new());
                    open.set(true);
                }>"Change email…"</button>
            {verdict.err().map(|why| view! { <span id=why_id class="hint">" " {why}</span> })}
            <ConfirmDialog open=open title=title
                message=kind.effect(&name, myself)
                confirm_label=confirm_label
                pending=action.pending()
                error=errors.form()
                destructive=false
                on_confirm=on_confirm>
                <TextField id=FIELD label="New email" kind="email" value=typed
                    error=errors.of(FIELD) hint=format!("Now: {current}")/>
            </ConfirmDialog>
        </div>
    }
}
