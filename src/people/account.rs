//! Account actions on a person's sign-in, as the portal has them (more-endpoints.md §3.1, §3.2,
//! §3.5): who may change an email, send a password reset link, or reset an authenticator app,
//! what each does (in the words the confirmations use), and why it is not offered.
//!
//! The portal lets an admin do nothing else to another person's account: no rename, no
//! password set, no language (§3.3): the panel offers none of it.

use crate::api::{same_id, wait_text, Activation, ApiError, Person, UserStatus, UserType};

fn is_admin(person: &Person) -> bool {
    matches!(
        person.user_type(),
        UserType::Owner | UserType::DocSpaceAdmin
    )
}

/// What `POST /people/email` does for this caller and person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailChange {
    /// A DocSpace admin (or the owner): the address changes at once.
    Immediate,
    /// Someone else, for themselves: a link to confirm goes to the new address.
    ConfirmationLink,
}

/// Whether `me` may change `target`'s email, in the portal's order
/// (`UserController.SendEmailChangeInstructions`): the invited and the disabled are not found;
/// then oneself, or a DocSpace admin for anyone but the owner, and for another admin only the
/// owner.
pub fn can_change_email(me: &Person, target: &Person) -> Result<EmailChange, &'static str> {
    match target.status() {
        UserStatus::Pending => {
            return Err("They have not accepted their invitation: the portal changes no invitee's email (invite the new address instead).")
        }
        UserStatus::Disabled => {
            return Err("Disabled: the portal changes no disabled account's email.")
        }
        _ => {}
    }
    let myself = same_id(&me.id, &target.id);
    if !is_admin(me) {
        return if myself {
            Ok(EmailChange::ConfirmationLink)
        } else {
            Err("Only DocSpace admins can change someone else's email.")
        };
    }
    if myself {
        Ok(EmailChange::Immediate)
    } else if target.is_owner {
        Err("Only the owner can change the owner's email.")
    } else if target.user_type() == UserType::DocSpaceAdmin && !me.is_owner {
        Err("Only the portal owner can change another DocSpace admin's email.")
    } else {
        Ok(EmailChange::Immediate)
    }
}

impl EmailChange {
    /// What the confirmation says will happen.
    pub fn effect(self, name: &str, myself: bool) -> String {
        match (self, myself) {
            (EmailChange::Immediate, false) => format!(
                "The portal changes {name}'s email at once. Every session they have open ends, and they must confirm the new address from the activation email the portal sends to it. Their API keys keep working."
            ),
            (EmailChange::Immediate, true) => "The portal changes your email at once. Every session you have open ends (if you signed in to this panel with a password, you sign in again), and you must confirm the new address from the activation email sent to it. Your API keys keep working.".into(),
            (EmailChange::ConfirmationLink, _) => "The portal emails a confirmation link to the new address. Nothing changes until you follow it.".into(),
        }
    }

    /// What the toast says after the portal took it.
    pub fn done(self, name: &str, email: &str) -> String {
        match self {
            EmailChange::Immediate => format!(
                "{name}'s email is now {email}: their sessions have ended and the portal sent the activation email to the new address."
            ),
            EmailChange::ConfirmationLink => format!(
                "The portal sent a confirmation link to {email}: your email changes when you follow it."
            ),
        }
    }
}

/// What `POST /people/password` sends to this person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordReset {
    /// A link to set a new password.
    Link,
    /// They never joined: the invitation again instead.
    Invitation,
}

/// Whether `me` may send `target` a password reset link, in the portal's order
/// (`UserController.SendUserPassword`, `UserManagerWrapper.SendUserPasswordAsync`): oneself, or a
/// DocSpace admin for anyone but the owner (another admin only by the owner); then the sender's
/// refusals, in the portal's words.
pub fn can_send_password_reset(me: &Person, target: &Person) -> Result<PasswordReset, String> {
    if !same_id(&me.id, &target.id) {
        if !is_admin(me) {
            return Err("Only DocSpace admins can send someone else a password reset link.".into());
        }
        if target.is_owner {
            return Err(
                "The portal sends the owner's reset link to no one but the owner: they ask for it on the sign-in page."
                    .into(),
            );
        }
        if target.user_type() == UserType::DocSpaceAdmin && !me.is_owner {
            return Err(
                "Only the portal owner can send another DocSpace admin a password reset link."
                    .into(),
            );
        }
    }
    let refused = |why: &str, portal: &str| {
        Err(format!(
            "{why}: the portal refuses (\u{201c}{portal}\u{201d})."
        ))
    };
    if target.status() == UserStatus::Disabled {
        return refused("Disabled", "Your profile is suspended");
    }
    if target.is_ldap {
        return refused(
            "Their password is kept in LDAP",
            "Password recovery operation is prohibited for an LDAP user",
        );
    }
    if target.is_sso {
        return refused(
            "They sign in with single sign-on",
            "Password recovery operation is prohibited for an SSO user",
        );
    }
    if target.status() == UserStatus::Pending && target.activation() == Activation::Pending {
        Ok(PasswordReset::Invitation)
    } else {
        Ok(PasswordReset::Link)
    }
}

impl PasswordReset {
    /// What the confirmation says will happen.
    pub fn effect(self, name: &str, email: &str) -> String {
        match self {
            PasswordReset::Link => format!(
                "The portal emails {email} a link to set a new password; {name}'s current password keeps working until then."
            ),
            PasswordReset::Invitation => format!(
                "{name} has not joined yet: the portal sends the invitation again instead, to {email}."
            ),
        }
    }
}

/// Whether the profile offers a reset of `target`'s authenticator app, and whether `me` may:
/// `None` when there is nothing to reset as far as the portal tells (it reports
/// `tfaAppEnabled` only to admins, only while its authenticator-app sign-in is on); else the
/// portal's rules (`TfaappController.UnlinkTfaApp`): someone else's only by the owner, and not
/// a disabled account's.
pub fn can_reset_authenticator(me: &Person, target: &Person) -> Option<Result<(), &'static str>> {
    if target.tfa_app_enabled != Some(true) {
        return None;
    }
    Some(if same_id(&me.id, &target.id) {
        // The portal answers oneself with a page to set up a new app, on its own site, behind a
        // cookie it sets there: the panel cannot take anyone to it.
        Err("Reset your own app in your portal profile (Login settings): the portal then takes you to set up a new one.")
    } else if !me.is_owner {
        Err("Only the portal owner can reset someone else's authenticator app.")
    } else if target.status() == UserStatus::Disabled {
        Err("Disabled: the portal resets no disabled account's app.")
    } else {
        Ok(())
    })
}

/// What resetting `name`'s authenticator app does, as the confirmation says it.
pub fn authenticator_effect(name: &str) -> String {
    format!(
        "{name}'s authenticator app is unlinked and every session they have open ends. At their next sign-in they set up an app again. The portal emails them that it was reset; their API keys keep working."
    )
}

/// A refusal of one of these actions, in words: a 429 says that the portal limits them (a few
/// per person every 15 minutes) and when to try again; anything else as the portal says it.
pub fn refusal_text(error: &ApiError) -> String {
    match error {
        ApiError::RateLimited { retry_after } => format!(
            "The portal allows only a few of these per person every 15 minutes (email changes, password links, invitations): try again {}.",
            wait_text(*retry_after)
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
