//! Account actions on a person's sign-in (more-endpoints.md §3.1, §3.2, §3.5): change their
//! email, send them a link to set a new password, reset their authenticator app. Each answers
//! with a string: the portal's own sentence, or (a reset of someone else's app) nothing.

use serde_json::json;

use super::call::Call;

/// `POST /people/email` `{userId, email}`: a DocSpace admin sets the address at once (it is then
/// unconfirmed and the person's sessions end); anyone else, for themselves, gets a link to
/// confirm it by. One of the actions the portal limits to a few per 15 minutes.
pub fn change_email(id: &str, email: &str) -> Call {
    Call::post(
        "/api/2.0/people/email",
        json!({ "userId": id, "email": email }),
    )
}

/// `POST /people/password` `{email}`: the portal emails a link to set a new password (to an
/// invitee who never joined, the invitation again). Limited as `change_email` is.
pub fn send_password_reset(email: &str) -> Call {
    Call::post("/api/2.0/people/password", json!({ "email": email }))
}

/// `PUT /settings/tfaappnewapp` `{id}`: the person's authenticator app is unlinked and their
/// sessions end; someone else's only by the portal owner. Always with the id: an empty one is
/// refused as nobody's.
pub fn reset_authenticator_app(id: &str) -> Call {
    Call::put("/api/2.0/settings/tfaappnewapp", json!({ "id": id }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_actions_send_what_the_portal_reads() {
        let email = change_email("a1b2", "new@example.com");
        assert_eq!(email.path_and_query(), "/api/2.0/people/email");
        assert!(!email.is_read());
        assert_eq!(
            email.body,
            Some(json!({"userId": "a1b2", "email": "new@example.com"}))
        );
        let password = send_password_reset("x@example.com");
        assert_eq!(password.path_and_query(), "/api/2.0/people/password");
        assert_eq!(password.body, Some(json!({"email": "x@example.com"})));
        let tfa = reset_authenticator_app("a1b2");
        assert_eq!(tfa.path_and_query(), "/api/2.0/settings/tfaappnewapp");
        assert_eq!(tfa.body, Some(json!({"id": "a1b2"})));
    }
}
