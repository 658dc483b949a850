//! `/api/2.0/people` (reference §3): one file per group of endpoints, with what they share here.

pub mod account;
pub mod change;
pub mod create;
pub mod delete;
pub mod list;
pub mod profile;
pub mod reassign;
pub mod resend;
pub mod retype;

use std::sync::MutexGuard;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::dto::{employee_full, MemberOf, Viewer};
use crate::envelope::{self, validation, RequestLink};
use crate::guid::OVERFLOW_MESSAGE;
use crate::model::{EmployeeType, User};
use crate::params::BadParam;
use crate::portal::groups::ordinal;
use crate::portal::Portal;
use crate::rules::{is_admin, Refusal};
use crate::{caller, SharedPortal};

/// Handlers answer `Ok` with the success envelope, or `Err` with the portal's refusal.
pub type Reply = Result<Response, Response>;

impl From<Refusal> for Response {
    fn from(refusal: Refusal) -> Response {
        match refusal {
            Refusal::AccessDenied => envelope::access_denied(),
            Refusal::Invalid(message) => envelope::error(
                StatusCode::FORBIDDEN,
                &message,
                Some("System.InvalidOperationException"),
            ),
            Refusal::NotFound => envelope::user_not_found(),
            Refusal::RecordNotFound => envelope::error(
                StatusCode::NOT_FOUND,
                "The record could not be found",
                Some("ASC.Common.Web.ItemNotFoundException"),
            ),
            Refusal::GroupNotFound => envelope::error(
                StatusCode::NOT_FOUND,
                "The group could not be found",
                Some("ASC.Common.Web.ItemNotFoundException"),
            ),
            Refusal::BadRequest(message) => envelope::error(
                StatusCode::BAD_REQUEST,
                &message,
                Some("System.ArgumentException"),
            ),
            Refusal::PaymentRequired(message) => envelope::error(
                StatusCode::PAYMENT_REQUIRED,
                &message,
                Some("ASC.Core.Tenants.TenantQuotaException"),
            ),
            Refusal::Internal(message) => envelope::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &message,
                Some("System.Exception"),
            ),
        }
    }
}

/// The portal, locked for one request, with finished background jobs applied first.
pub fn lock(shared: &SharedPortal) -> MutexGuard<'_, Portal> {
    let mut portal = shared.lock().unwrap_or_else(|e| e.into_inner());
    portal.settle_tasks();
    portal
}

/// The calling user, cloned out of the portal so that the portal can then be changed.
pub fn me(portal: &Portal, headers: &HeaderMap) -> Result<User, Response> {
    caller(portal, headers)
        .cloned()
        .ok_or_else(envelope::unauthorized)
}

pub fn viewer_of(caller: &User) -> Viewer {
    if is_admin(caller) {
        Viewer::Admin
    } else {
        Viewer::Other
    }
}

/// A user as `caller` may see them: their groups (with each head's user name) unless a
/// User-type caller looks at someone else (`EmployeeFullDtoHelper.FillGroupsAsync`).
pub fn full_dto(portal: &Portal, user: &User, caller: &User, link: &RequestLink) -> Value {
    let creator = user.created_by.as_deref().and_then(|id| portal.user(id));
    let hidden = caller.employee_type == EmployeeType::User && caller.id != user.id;
    let mut member_of: Vec<MemberOf> = user
        .groups
        .iter()
        .map(|i| MemberOf {
            group: &portal.groups[*i],
            head_user_name: portal.head_name_at(*i),
        })
        .collect();
    member_of.sort_by(|a, b| ordinal(&a.group.name, &b.group.name));
    employee_full(
        user,
        (!hidden).then_some(member_of.as_slice()),
        creator,
        viewer_of(caller),
        portal.accounts.tfa_app_enabled(&user.id),
        &link.origin,
    )
}

/// The user `PUT` and `DELETE /people/{userid}` act on: a GUID first, then a user name
/// (`Portal::user_by_guid_or_name`, after `PeopleControllerBase.GetUserInfoAsync`); 404 for no
/// one.
pub fn target_of(portal: &Portal, userid: &str) -> Result<User, Response> {
    match portal.user_by_guid_or_name(userid) {
        Ok(user) => user.cloned().ok_or_else(|| Refusal::NotFound.into()),
        // `new Guid(userid)` threw an OverflowException, which nothing catches: a plain 500.
        Err(_) => Err(envelope::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            OVERFLOW_MESSAGE,
            Some("System.OverflowException"),
        )),
    }
}

/// A JSON body, refused as ASP.NET's model binding refuses it: a validation 400.
pub fn body<T: DeserializeOwned>(link: &RequestLink, bytes: &[u8]) -> Result<T, Response> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(validation(
            link,
            "",
            "A non-empty request body is required.",
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        validation(
            link,
            "$",
            &format!("The JSON value could not be converted: {e}"),
        )
    })
}

/// A GUID as .NET parses one (`D`, `N` or `B` form), normalised to lower-case `D` form.
pub fn parse_guid(field: &str, value: &str) -> Result<String, BadParam> {
    let trimmed = value.trim();
    let inner = trimmed
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .unwrap_or(trimmed);
    let hex: String = inner.chars().filter(|c| *c != '-').collect();
    let dashed_ok = !inner.contains('-')
        || inner.split('-').map(str::len).collect::<Vec<_>>() == [8, 4, 4, 4, 12];
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) || !dashed_ok {
        return Err(BadParam::invalid_value(field, value));
    }
    let hex = hex.to_ascii_lowercase();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

/// `EmployeeType` by name or number (JSON bodies use `JsonStringEnumConverter`); `All` is 0.
pub fn employee_type(value: &Value) -> Option<Option<EmployeeType>> {
    let n = match value {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "all" => 0,
            "roomadmin" => 1,
            "guest" => 2,
            "docspaceadmin" => 3,
            "user" => 4,
            other => other.parse().ok()?,
        },
        _ => return None,
    };
    match n {
        0 => Some(None),
        1 => Some(Some(EmployeeType::RoomAdmin)),
        2 => Some(Some(EmployeeType::Guest)),
        3 => Some(Some(EmployeeType::DocSpaceAdmin)),
        4 => Some(Some(EmployeeType::User)),
        _ => None,
    }
}

/// `UpdateMembersRequestDto`: `{userIds: guid[], resendAll}`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserIds {
    #[serde(default)]
    pub user_ids: Option<Vec<String>>,
    #[serde(default)]
    pub resend_all: Option<bool>,
}

impl UserIds {
    /// The ids, each a valid GUID, or the validation 400 the portal gives for a bad one.
    pub fn parse(self, link: &RequestLink) -> Result<Vec<String>, Response> {
        self.user_ids
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, id)| {
                parse_guid(&format!("$.userIds[{i}]"), id).map_err(|b| b.into_response(link))
            })
            .collect()
    }
}

/// Keeps only the `fields=a,b,c` properties of each user in a response (reference §2.1).
pub fn trim_fields(value: &mut Value, fields: Option<&str>) {
    let Some(fields) = fields else { return };
    let wanted: Vec<String> = fields
        .split(',')
        .map(|f| f.trim().to_ascii_lowercase())
        .filter(|f| !f.is_empty())
        .collect();
    if wanted.is_empty() {
        return;
    }
    let trim = |item: &mut Value| {
        if let Value::Object(map) = item {
            map.retain(|k, _| wanted.contains(&k.to_ascii_lowercase()));
        }
    };
    match value {
        Value::Array(items) => items.iter_mut().for_each(trim),
        item => trim(item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn guids_as_dotnet_parses_them() {
        let d = "0F8FAD5B-D9CB-469F-A165-70867728950E";
        assert_eq!(
            parse_guid("id", d).ok().as_deref(),
            Some("0f8fad5b-d9cb-469f-a165-70867728950e")
        );
        assert!(parse_guid("id", "0f8fad5bd9cb469fa16570867728950e").is_ok());
        assert!(parse_guid("id", "{0f8fad5b-d9cb-469f-a165-70867728950e}").is_ok());
        for bad in [
            "",
            "nope",
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
            "0f8fad5bd-9cb-469f-a165-70867728950e",
        ] {
            assert!(parse_guid("id", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn employee_types_by_name_or_number() {
        assert_eq!(
            employee_type(&json!("RoomAdmin")),
            Some(Some(EmployeeType::RoomAdmin))
        );
        assert_eq!(employee_type(&json!(4)), Some(Some(EmployeeType::User)));
        assert_eq!(employee_type(&json!(0)), Some(None));
        assert_eq!(employee_type(&json!("Collaborator")), None);
        assert_eq!(employee_type(&json!(9)), None);
        assert_eq!(employee_type(&json!(true)), None);
    }

    #[test]
    fn fields_trim_each_item() {
        let mut v = json!([{"id": 1, "displayName": "a", "email": "x"}, {"id": 2, "email": "y"}]);
        trim_fields(&mut v, Some("id, DisplayName"));
        assert_eq!(v, json!([{"id": 1, "displayName": "a"}, {"id": 2}]));
        let mut one = json!({"id": 1, "email": "x"});
        trim_fields(&mut one, None);
        assert_eq!(one, json!({"id": 1, "email": "x"}));
    }
}
