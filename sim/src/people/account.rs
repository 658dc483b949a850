//! Account actions on a person's sign-in (more-endpoints.md §3.1, §3.2):
//!
//! - `POST /people/email` (`UserController.SendEmailChangeInstructions`): a DocSpace admin sets
//!   someone's email at once (the address is then unconfirmed, every login session of theirs
//!   ends, and the activation email goes to the new address); someone who is not an admin gets
//!   a confirmation link for their own and nothing changes yet.
//! - `POST /people/password` (`UserController.SendUserPassword`,
//!   `UserManagerWrapper.SendUserPasswordAsync`): a link to set a new password, or, for an
//!   invitee who never joined, the invitation again. Anonymous too; then its refusals are only
//!   logged.
//!
//! Both carry `[EnableRateLimiting(SensitiveApi)]` and `[AllowNotPayment]`. Each request DTO is
//! validated by ASP.NET before the action runs (`[EmailAddress]`, `[StringLength(255)]`, and
//! `[Required]` on `EmailMemberRequestDto.Email`): those refusals are the validation 400.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::Value;

use super::{body, lock, me, Reply};
use crate::envelope::{success, validation_many, RequestLink};
use crate::model::{ActivationStatus, EmployeeStatus};
use crate::portal::account::{EmailChange, EmailChangeKind, PasswordEmail, PasswordEmailKind};
use crate::portal::groups::EMPTY_GUID;
use crate::rules::{is_admin, test_email_regex, too_long, Refusal};
use crate::time::now;
use crate::SharedPortal;

/// `Resource.MessageEmailChangeInstuctionsSentOnEmail`, which has no `{0}` (the server's
/// `string.Format` with the address leaves it as it is).
pub const EMAIL_CHANGE_SENT: &str = "The email change instructions have been successfully sent";

/// `customNamingPeople.Substitute<Resource>("ErrorEmailAlreadyExists")`: "{!User} with this
/// email is already registered", with the portal's default naming.
pub const EMAIL_TAKEN: &str = "User with this email is already registered";

/// The messages `EmailAddressAttribute` (.NET 8: exactly one `@`, neither first nor last, no
/// CR or LF; null passes), `StringLength(255)` and, with `required`, `RequiredAttribute` (an
/// empty string fails it) give for an `Email` property, in the order the attributes are
/// declared. Empty: valid.
fn email_attribute_errors(email: Option<&str>, required: bool) -> Vec<&'static str> {
    let mut errors = Vec::new();
    let Some(email) = email else {
        if required {
            errors.push("The Email field is required.");
        }
        return errors;
    };
    if required && email.trim().is_empty() {
        errors.push("The Email field is required.");
    }
    let at = email.find('@');
    let one_at_inside = at.is_some_and(|i| i > 0 && i != email.len() - 1)
        && at == email.rfind('@')
        && !email.contains(['\r', '\n']);
    if !one_at_inside {
        errors.push("The Email field is not a valid e-mail address.");
    }
    if too_long(email) {
        errors.push("The field Email must be a string with a maximum length of 255.");
    }
    errors
}

fn check_email_attributes(
    link: &RequestLink,
    email: Option<&str>,
    required: bool,
) -> Result<(), axum::response::Response> {
    let errors = email_attribute_errors(email, required);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(validation_many(link, "Email", &errors))
    }
}

/// `UpdateMemberRequestDto`, of which this action reads `userId` and `email`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EmailChangeRequest {
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// `POST /people/email` `{userId, email}`: checked in the server's order, then set (a DocSpace
/// admin caller, the owner included, themselves included) or a confirmation link sent (anyone
/// else, for themselves). Answers the same sentence either way.
pub async fn change_email(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: EmailChangeRequest = body(&link, &bytes)?;
    check_email_attributes(&link, request.email.as_deref(), false)?;
    // `Guid.TryParse(inDto.UserId, out var userid)`, then `userid == Guid.Empty`.
    let user_id = match request.user_id.as_deref().map(crate::guid::parse) {
        Some(Ok(id)) if id != EMPTY_GUID => id,
        _ => {
            return Err(crate::envelope::error(
                StatusCode::BAD_REQUEST,
                "Value cannot be null. (Parameter 'UserId')",
                Some("System.ArgumentNullException"),
            ))
        }
    };
    let email = request.email.unwrap_or_default().trim().to_string();
    if email.is_empty() {
        return Err(Refusal::BadRequest("Email field is empty".into()).into());
    }
    if !test_email_regex(&email) {
        return Err(Refusal::BadRequest("Incorrect email".into()).into());
    }
    // An unknown id is `Constants.LostUser`, a system user: not found, as the terminated and
    // the invited are.
    let target = portal
        .user(&user_id)
        .filter(|u| u.status == EmployeeStatus::Active)
        .cloned()
        .ok_or(Refusal::NotFound)?;
    let myself = target.id == me.id;
    let admin = is_admin(&me);
    if !admin && !myself {
        return Err(Refusal::AccessDenied.into());
    }
    if target.is_owner && !myself {
        return Err(Refusal::AccessDenied.into());
    }
    if !me.is_owner && is_admin(&target) && !myself {
        return Err(Refusal::AccessDenied.into());
    }
    // Anyone's address, the target's own included: so the later "The current email and the
    // new email are the same" cannot be reached [code reading].
    if portal.user_by_email(&email).is_some() {
        return Err(Refusal::BadRequest(EMAIL_TAKEN.into()).into());
    }
    let kind = if admin {
        if let Some(user) = portal.user_mut(&target.id) {
            user.email = email.clone();
            user.activation = ActivationStatus::NotActivated;
            user.modified = now();
        }
        // `CookiesManager.ResetUserCookieAsync`: every login token of theirs stops working
        // (the caller's own too, when it is their own address; the server then sets a new
        // auth cookie in the answer, which a client signed in by header does not use).
        portal.revoke_sessions(&target.id);
        EmailChangeKind::Set
    } else {
        EmailChangeKind::ConfirmationLink
    };
    portal.record(
        &me.id,
        crate::audit::action::USER_SENT_EMAIL_CHANGE_INSTRUCTIONS,
        &[&target.id],
        &target.display_name(),
    );
    portal.accounts.email_changes.push(EmailChange {
        by: me.id.clone(),
        of: target.id.clone(),
        email,
        kind,
    });
    Ok(success(&link, EMAIL_CHANGE_SENT.into(), None))
}

/// `EmailMemberRequestDto`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordRequest {
    #[serde(default)]
    email: Option<String>,
}

/// `POST /people/password` `{email}`. Signed in: oneself, or a DocSpace admin for anyone but the
/// owner (and other admins only by the owner), else 403 "Access denied"; then whatever the
/// sender refuses is a 403 with its reason. Anonymous (no credentials, or a login token that
/// signs nobody in): the refusals are only logged and the answer is the same whoever the
/// address belongs to. The portal has no captcha configured, so none is asked for.
pub async fn send_password(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let caller = crate::caller(&portal, &headers).cloned();
    // `[AllowAnonymous]`, but since 3.7.1 an API key that signs nobody in has no scope
    // (`ApiKeyScopesFilter`): 403 with an empty body, as on `settings/version/build`.
    if caller.is_none()
        && portal.version().checks_key_scopes_on_anonymous()
        && crate::settings::is_api_key_request(&headers)
    {
        return Err(StatusCode::FORBIDDEN.into_response());
    }
    let request: PasswordRequest = body(&link, &bytes)?;
    check_email_attributes(&link, request.email.as_deref(), true)?;
    let asked = request.email.unwrap_or_default();
    if let Some(me) = &caller {
        // `GetUserByEmailAsync(inDto.Email)`, as sent: nobody is `LostUser`, neither the owner
        // nor an admin.
        let target = portal.user_by_email(&asked).cloned();
        let myself = target.as_ref().is_some_and(|t| t.id == me.id);
        if !myself {
            if !is_admin(me) {
                return Err(Refusal::AccessDenied.into());
            }
            if target.as_ref().is_some_and(|t| t.is_owner) {
                return Err(Refusal::AccessDenied.into());
            }
            if target.as_ref().is_some_and(is_admin) && !me.is_owner {
                return Err(Refusal::AccessDenied.into());
            }
        }
    }
    let email = asked.trim();
    if !test_email_regex(email) {
        // `new ArgumentException(nameof(email), Resource.ErrorNotCorrectEmail)`: the message and
        // the parameter name swapped.
        return Err(Refusal::BadRequest("email (Parameter 'Incorrect email')".into()).into());
    }
    // LDAP, SSO and auto-generated addresses are refused next; the simulator has none.
    let sent = match portal.user_by_email(email) {
        None => Err(format!(
            "The user with \"{email}\" email could not be found"
        )),
        Some(user) if user.status == EmployeeStatus::Terminated => {
            Err("Your profile is suspended".to_string())
        }
        Some(user)
            if user.status == EmployeeStatus::Pending
                && user.activation == ActivationStatus::Pending =>
        {
            Ok((user.id.clone(), PasswordEmailKind::Invitation))
        }
        Some(user) => Ok((user.id.clone(), PasswordEmailKind::ResetLink)),
    };
    match sent {
        Ok((to, kind)) => {
            if kind == PasswordEmailKind::ResetLink {
                // `StudioNotifyService.UserPasswordChangeAsync` records it, by the caller or,
                // asked anonymously, by the Guest account.
                let by = caller
                    .as_ref()
                    .map_or(crate::audit::GUEST_ID.to_string(), |me| me.id.clone());
                let name = portal.name_of(&to).unwrap_or_default();
                portal.record(
                    &by,
                    crate::audit::action::USER_SENT_PASSWORD_CHANGE_INSTRUCTIONS,
                    &[&to],
                    &name,
                );
            }
            portal.accounts.password_emails.push(PasswordEmail {
                by: caller.as_ref().map(|me| me.id.clone()),
                to,
                kind,
            })
        }
        Err(reason) if caller.is_some() => return Err(Refusal::Invalid(reason).into()),
        Err(_) => {}
    }
    let answer = if caller.is_some() {
        format!("The password change instruction has been sent to {asked} email address.")
    } else {
        format!(
            "If a user with the {asked} email exists, the password change instruction has been sent to this email address."
        )
    };
    Ok(success(&link, Value::String(answer), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_email_attributes_as_dotnet_checks_them() {
        assert!(email_attribute_errors(None, false).is_empty());
        assert_eq!(
            email_attribute_errors(None, true),
            ["The Email field is required."]
        );
        assert_eq!(
            email_attribute_errors(Some(""), true),
            [
                "The Email field is required.",
                "The Email field is not a valid e-mail address."
            ]
        );
        // The attribute is lax: the portal's own regex refuses these later.
        assert!(email_attribute_errors(Some("a@b"), true).is_empty());
        assert!(email_attribute_errors(Some(" a@b.com "), false).is_empty());
        for bad in ["nope", "@a.com", "a@", "a@b@c.com", "a@b.com\n"] {
            assert_eq!(email_attribute_errors(Some(bad), false).len(), 1, "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(
            email_attribute_errors(Some(&long), false),
            ["The field Email must be a string with a maximum length of 255."]
        );
    }
}
