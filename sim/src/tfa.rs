//! `PUT /settings/tfaappnewapp` `{id}` (more-endpoints.md §3.5,
//! `web/ASC.Web.Api/Api/Settings/TfaappController.UnlinkTfaApp`): a person's authenticator app
//! is unlinked, so that at their next sign-in they set one up again. Only the portal owner may
//! do it to someone else; every refusal is an `InvalidOperationException`, so a 403 with its
//! message kept (the spec's 405 is not what the code answers).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;

use crate::envelope::{success, validation, RequestLink};
use crate::model::EmployeeStatus;
use crate::people::{body, lock, me, Reply};
use crate::portal::account::TfaReset;
use crate::portal::groups::EMPTY_GUID;
use crate::rules::{is_admin, Refusal};
use crate::SharedPortal;

/// `Resource.ErrorAccessDenied`, thrown as an `InvalidOperationException` here (so not
/// replaced by "Access denied").
pub const NO_PERMISSION: &str = "No permissions to perform this action";
/// `Resource.TfaAppNotAvailable`.
pub const NOT_AVAILABLE: &str = "TFA application settings are not available";

/// `TfaRequestsDto`, of which this action reads `id` (a `Guid?`).
#[derive(Deserialize)]
struct TfaRequest {
    #[serde(default)]
    id: Option<String>,
}

/// Whether `text` is a GUID as System.Text.Json reads one for a `Guid` property: the `D` form
/// only (`8-4-4-4-12` hex digits).
fn json_guid(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let shaped = parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()));
    shaped.then(|| text.to_ascii_lowercase())
}

pub async fn unlink_tfa_app(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: TfaRequest = body(&link, &bytes)?;
    let id = match request.id.as_deref() {
        None => EMPTY_GUID.to_string(),
        Some(text) => json_guid(text).ok_or_else(|| {
            // System.Text.Json's conversion error (its line and byte position left out).
            validation(
                &link,
                "$.id",
                "The JSON value could not be converted to System.Nullable`1[System.Guid]. Path: $.id.",
            )
        })?,
    };
    // An empty id counts as oneself for the permissions, but the person looked up is then
    // `LostUser`, who has no app: refused by the third rule [code reading].
    let is_me = id == EMPTY_GUID || id == me.id;
    if !is_me && !is_admin(&me) {
        // `CheckPermissionsAsync(…, Action_EditUser)`: DocSpace admins only, for someone else.
        return Err(Refusal::Invalid(NO_PERMISSION.into()).into());
    }
    if !is_me && !me.is_owner {
        return Err(Refusal::Invalid(NO_PERMISSION.into()).into());
    }
    // `IsVisibleSettings` is the installation's `web:hide-settings`, which hides nothing here;
    // the sign-in setting being off does not stop a reset.
    if !portal.accounts.has_tfa_app(&id) {
        return Err(Refusal::Invalid(NOT_AVAILABLE.into()).into());
    }
    let target = portal
        .user(&id)
        .filter(|u| u.status != EmployeeStatus::Terminated)
        .cloned()
        .ok_or_else(|| Refusal::Invalid("Not available.".into()))?;
    portal.accounts.tfa_apps.remove(&target.id);
    portal.revoke_sessions(&target.id);
    portal.accounts.tfa_resets.push(TfaReset {
        by: me.id.clone(),
        of: target.id.clone(),
    });
    let answer = if is_me {
        // `GetConfirmationUrlAndKey(…, ConfirmType.TfaActivation)`: where to enrol a new app;
        // its key goes into a confirm cookie, which the simulator does not set.
        format!(
            "{}/confirm/TfaActivation?type=TfaActivation&uid={}",
            link.origin, target.id
        )
    } else {
        String::new()
    };
    Ok(success(&link, Value::String(answer), None))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_d_form_is_a_guid_in_json() {
        use super::json_guid;
        assert_eq!(
            json_guid("0F8FAD5B-D9CB-469F-A165-70867728950E").as_deref(),
            Some("0f8fad5b-d9cb-469f-a165-70867728950e")
        );
        for bad in [
            "",
            "0f8fad5bd9cb469fa16570867728950e",
            "{0f8fad5b-d9cb-469f-a165-70867728950e}",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
        ] {
            assert_eq!(json_guid(bad), None, "{bad}");
        }
    }
}
