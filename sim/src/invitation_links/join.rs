//! Joining the portal through an invitation link: `POST /people` with the link's query in a
//! `confirm` header (`UserController.AddMember`, `[Authorize(AuthenticationSchemes = "confirm",
//! Roles = "LinkInvite,Authenticated")]`), as the portal's sign-up page sends it:
//!
//! ```text
//! POST /api/2.0/people
//! confirm: type=LinkInvite&key=…&uid=…&emplType=4
//! {"fromInviteLink": true, "key": "…", "type": 4, "email": …, "firstName": …, "lastName": …, "password": …}
//! ```
//!
//! Read from the code (nothing here was run against a live portal):
//! - `ConfirmAuthHandler` reads the header (`EmailValidationKeyModelHelper.GetModel`) and has
//!   the key checked (`InvitationValidator.ValidateAsync`): signed by the portal, naming this
//!   type, the `uid` and the tenant, its link still there with that type, not expired
//!   ("Expired"), not used up ("QuotaFailed"); a DocSpace admin link only when `uid` is the
//!   owner. Anything but Ok fails the authentication: a bare 401, the request never reaches the
//!   action. Without a parsable `type` in the header it falls back to the ordinary sign-in.
//! - On success the request runs as the `uid`, the person who copied the link. Not traced: what
//!   the server answers when that person is gone or disabled since (`AuthenticateMeWithoutCookieAsync`
//!   throws inside the handler); the simulator answers a 401 then, as for a bad key.
//! - `AddMember` checks the body's key again, with the body's `type` (`GetLinkDataAsync`): not
//!   Ok → 403. Then the inviter must still be allowed to add that type, and the portal must
//!   allow inviting members (403 each).
//! - The person is created active, email not yet confirmed (`AddUserAsync` with
//!   `fromInviteLink`: activation instructions are sent), created by the inviter, of the link's
//!   type, and the link's `currentUseCount` grows by one. Out of paid seats, a paid type's
//!   sign-up silently makes a User, and that use is not counted (`catch (TenantQuotaException)`).
//! - The key may also come from a confirm cookie (`_LinkInvite`); the simulator sets none.
//! - Not modelled: a request that also carries a sign-in runs, on the server, as the signed-in
//!   person (`ConfirmAuthHandler` keeps `securityContext.CurrentAccount` when authenticated); the
//!   simulator always runs a sign-up as the link's `uid`, as the portal's sign-up page (signed
//!   out) does.

use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

use super::KeyCheck;
use crate::envelope::{success, unauthorized, RequestLink};
use crate::model::{ActivationStatus, EmployeeStatus, EmployeeType, User};
use crate::people::create::check_name_lengths;
use crate::people::{body, employee_type, full_dto, Reply};
use crate::portal::Portal;
use crate::rules::{
    can_add, is_paid, is_valid_email, is_valid_user_name, Refusal, INCORRECT_USER_NAME,
};
use crate::time::now;

/// `ConfirmType`'s names: a header whose `type` is one of them goes to the confirm scheme.
const CONFIRM_TYPES: &[&str] = &[
    "EmpInvite",
    "LinkInvite",
    "PortalSuspend",
    "PortalContinue",
    "PortalRemove",
    "DnsChange",
    "PortalOwnerChange",
    "Activation",
    "EmailChange",
    "EmailActivation",
    "PasswordChange",
    "ProfileRemove",
    "PhoneActivation",
    "PhoneAuth",
    "Auth",
    "TfaActivation",
    "TfaAuth",
    "Wizard",
    "GuestShareLink",
];

/// The `confirm` header's query (`EmailValidationKeyModel`).
pub struct Confirm {
    kind: String,
    key: String,
    employee_type: u8,
    uid: String,
}

/// The header's model, when its `type` is a confirmation type; `None` sends the request to the
/// ordinary sign-in.
pub fn confirm_of(headers: &HeaderMap) -> Option<Confirm> {
    let raw = headers.get("confirm")?.to_str().ok()?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.trim_start_matches('?')).ok()?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let kind = get("type").filter(|t| CONFIRM_TYPES.contains(&t.as_str()))?;
    // `EmployeeTypeExtensions.TryParse`, a name or a number; anything else is `All` (0).
    let employee_type = get("emplType")
        .and_then(|t| employee_type(&Value::String(t)))
        .flatten()
        .map_or(0, |t| t as u8);
    Some(Confirm {
        kind,
        key: get("key").unwrap_or_default(),
        employee_type,
        // `Guid.TryParse`, else `Guid.Empty`, which no key names.
        uid: get("uid")
            .and_then(|u| crate::guid::parse(&u).ok())
            .unwrap_or_default(),
    })
}

/// `MemberRequestDto`, the fields a sign-up sends.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JoinRequest {
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    password: Option<String>,
    #[serde(rename = "type")]
    employee_type: Option<Value>,
    #[serde(default)]
    from_invite_link: bool,
    key: Option<String>,
    location: Option<String>,
}

/// `POST /people` under the confirm scheme.
pub fn join(portal: &mut Portal, confirm: Confirm, link: &RequestLink, bytes: &[u8]) -> Reply {
    // Only invitation link keys are made by the simulator: any other confirmation fails.
    if confirm.kind != "LinkInvite" {
        return Err(unauthorized());
    }
    let (check, _) = portal.check_link_key(&confirm.key, confirm.employee_type, &confirm.uid);
    let inviter = portal
        .user(&confirm.uid)
        .filter(|u| u.status == EmployeeStatus::Active)
        .cloned();
    let Some(inviter) = inviter.filter(|inviter| {
        check == KeyCheck::Ok
            && (confirm.employee_type != EmployeeType::DocSpaceAdmin as u8 || inviter.is_owner)
    }) else {
        return Err(unauthorized());
    };
    let request: JoinRequest = body(link, bytes)?;
    check_name_lengths(link, &request.first_name, &request.last_name)?;
    // `inDto.Type`, default `All` (0).
    let body_type = match &request.employee_type {
        None => 0,
        Some(v) => employee_type(v)
            .ok_or_else(|| {
                crate::envelope::validation(
                    link,
                    "$.type",
                    "The JSON value could not be converted to ASC.Core.Users.EmployeeType.",
                )
            })?
            .map_or(0, |t| t as u8),
    };
    let (new_type, counted_link) = if request.from_invite_link {
        let key = request.key.as_deref().unwrap_or_default();
        match portal.check_link_key(key, body_type, &confirm.uid) {
            (KeyCheck::Ok, Some(id)) => {
                let kind = crate::people::list::type_from_number(body_type)
                    .ok_or(Refusal::AccessDenied)?;
                (kind, Some(id))
            }
            _ => return Err(Refusal::AccessDenied.into()),
        }
    } else {
        // No link data: the inviter adds a person of the body's type themselves.
        let kind =
            crate::people::list::type_from_number(body_type).unwrap_or(EmployeeType::RoomAdmin);
        (kind, None)
    };
    can_add(&inviter, new_type)?;
    if !portal.allow_inviting_members {
        return Err(Refusal::AccessDenied.into());
    }
    let password = match request.password.map(|p| p.trim().to_string()) {
        Some(p) if p.is_empty() => portal.new_password(),
        None => portal.new_password(),
        Some(p) if p.chars().count() < 8 => {
            return Err(Refusal::BadRequest(
                "The password is too weak: use at least 8 characters".into(),
            )
            .into())
        }
        Some(p) => p,
    };
    let email = request.email.unwrap_or_default().trim().to_string();
    if !is_valid_email(&email) {
        return Err(Refusal::BadRequest("Incorrect email".into()).into());
    }
    let first_name = request.first_name.unwrap_or_default();
    let last_name = request.last_name.unwrap_or_default();
    if !is_valid_user_name(&first_name, &last_name) {
        return Err(Refusal::BadRequest(INCORRECT_USER_NAME.into()).into());
    }
    if portal.user_by_email(&email).is_some() {
        return Err(
            Refusal::BadRequest("User with this email is already registered".into()).into(),
        );
    }
    let over_quota = is_paid(new_type) && portal.check_seats(1).is_err();
    let created = now();
    let user = User {
        id: portal.new_guid(),
        user_name: portal.unique_user_name(&email),
        first_name,
        last_name,
        email,
        password,
        employee_type: if over_quota {
            EmployeeType::User
        } else {
            new_type
        },
        is_owner: false,
        status: EmployeeStatus::Active,
        activation: ActivationStatus::NotActivated,
        registered: created,
        terminated: None,
        modified: created,
        groups: Vec::new(),
        location: request.location.filter(|l| !l.trim().is_empty()),
        created_by: Some(inviter.id.clone()),
        rooms_owned: 0,
        shared_files: 0,
    };
    let dto = full_dto(portal, &user, &inviter, link);
    portal.add_user(user);
    if let (false, Some(id)) = (over_quota, counted_link) {
        if let Some(used) = portal.invitation_links.iter_mut().find(|l| l.id == id) {
            used.current_use_count += 1;
        }
    }
    Ok(success(link, dto, None))
}

/// For `people::create`: the answer when the request is a sign-up through a confirmation link.
pub fn if_confirmed(
    portal: &mut Portal,
    headers: &HeaderMap,
    link: &RequestLink,
    bytes: &[u8],
) -> Option<Result<Response, Response>> {
    confirm_of(headers).map(|confirm| join(portal, confirm, link, bytes))
}
