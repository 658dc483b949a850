//! Adding people: `POST /people` (reference §3.4) and `POST /people/invite` (§3.5).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;

use super::{body, employee_type, full_dto, lock, me, Reply};
use crate::dto::employee;
use crate::envelope::{error, success, validation, RequestLink};
use crate::model::{ActivationStatus, EmployeeStatus, EmployeeType, User};
use crate::rules::{
    can_add, can_view, is_paid, is_valid_email, is_valid_user_name, too_long, Refusal,
    INCORRECT_USER_NAME,
};
use crate::time::now;
use crate::SharedPortal;

/// `MemberRequestDto`, the fields the simulator uses.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MemberRequest {
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    #[serde(rename = "type")]
    employee_type: Option<Value>,
    password: Option<String>,
    location: Option<String>,
}

fn bad_type(link: &RequestLink, field: &str) -> axum::response::Response {
    validation(
        link,
        field,
        "The JSON value could not be converted to ASC.Core.Users.EmployeeType.",
    )
}

/// `[StringLength(255)]` on `FirstName` and `LastName`: model validation, before the action
/// runs. The errors are keyed by the C# property name, as for any DataAnnotations failure.
pub fn check_name_lengths(
    link: &RequestLink,
    first: &Option<String>,
    last: &Option<String>,
) -> Result<(), axum::response::Response> {
    for (field, name) in [("FirstName", first), ("LastName", last)] {
        if name.as_deref().is_some_and(too_long) {
            return Err(validation(
                link,
                field,
                &format!("The field {field} must be a string with a maximum length of 255."),
            ));
        }
    }
    Ok(())
}

/// `POST /people`: a new active user whose activation is pending. The names follow the
/// portal's rule (`rules::is_valid_user_name`): a first name is required, no dots or digits,
/// the last name may be empty; checked in `UserManagerWrapper.AddUserAsync`
/// (`web/ASC.Web.Core/Users/UserManagerWrapper.cs`) before the email's uniqueness.
pub async fn create(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    // A sign-up through an invitation link authenticates with its key, not as a caller.
    if let Some(answer) =
        crate::invitation_links::join::if_confirmed(&mut portal, &headers, &link, &bytes)
    {
        return answer;
    }
    let me = me(&portal, &headers)?;
    let request: MemberRequest = body(&link, &bytes)?;
    check_name_lengths(&link, &request.first_name, &request.last_name)?;
    // `All` (or none) puts the user in no system group, which makes a room admin.
    let new_type = match &request.employee_type {
        None => EmployeeType::RoomAdmin,
        Some(v) => employee_type(v)
            .ok_or_else(|| bad_type(&link, "$.type"))?
            .unwrap_or(EmployeeType::RoomAdmin),
    };
    can_add(&me, new_type)?;
    let email = request.email.unwrap_or_default().trim().to_string();
    if !is_valid_email(&email) {
        return Err(Refusal::BadRequest("Incorrect email".into()).into());
    }
    // Stored as sent, spaces included: the server does not trim names.
    let Some(first_name) = request.first_name else {
        // `UserNameRegex.IsMatch(null)` throws before any rule is read.
        return Err(error(
            axum::http::StatusCode::BAD_REQUEST,
            "Value cannot be null. (Parameter 'input')",
            Some("System.ArgumentNullException"),
        ));
    };
    let last_name = request.last_name.unwrap_or_default();
    if !is_valid_user_name(&first_name, &last_name) {
        return Err(Refusal::BadRequest(INCORRECT_USER_NAME.into()).into());
    }
    if portal.user_by_email(&email).is_some() {
        return Err(
            Refusal::BadRequest("User with this email is already registered".into()).into(),
        );
    }
    // Out of paid seats, the portal quietly makes a user instead (reference §3.4).
    let new_type = if is_paid(new_type) && portal.check_seats(1).is_err() {
        EmployeeType::User
    } else {
        new_type
    };
    let password = match request.password.filter(|p| !p.is_empty()) {
        Some(p) if p.chars().count() < 8 => {
            return Err(Refusal::BadRequest(
                "The password is too weak: use at least 8 characters".into(),
            )
            .into())
        }
        Some(p) => p,
        None => portal.new_password(),
    };
    let created = now();
    let user = User {
        id: portal.new_guid(),
        user_name: portal.unique_user_name(&email),
        first_name,
        last_name,
        email,
        password,
        employee_type: new_type,
        is_owner: false,
        status: EmployeeStatus::Active,
        activation: ActivationStatus::Pending,
        registered: created,
        terminated: None,
        modified: created,
        groups: Vec::new(),
        location: request.location.filter(|l| !l.trim().is_empty()),
        created_by: Some(me.id.clone()),
        rooms_owned: 0,
        shared_files: 0,
    };
    let dto = full_dto(&portal, &user, &me, &link);
    let (id, name) = (user.id.clone(), user.display_name());
    portal.add_user(user);
    portal.record(&me.id, crate::audit::action::USER_CREATED, &[&id], &name);
    Ok(success(&link, dto, None))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InviteRequest {
    invitations: Option<Vec<Invitation>>,
    #[allow(dead_code)]
    culture: Option<String>,
}

#[derive(Deserialize)]
struct Invitation {
    email: Option<String>,
    #[serde(rename = "type")]
    employee_type: Option<Value>,
}

/// `POST /people/invite`: pending invitees without names; an existing user's type is raised,
/// a terminated one refused, in order and kept as it goes (those before a refusal stay
/// invited). Answers with every pending user the caller can see.
pub async fn invite(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: InviteRequest = body(&link, &bytes)?;
    // The caps on invitation emails (`invitation_caps.rs`): the throttle before the action, then
    // the limit in model validation, both counting every non-empty email.
    let emails = request.invitations.as_ref().map_or(0, |list| {
        list.iter()
            .filter(|i| i.email.as_deref().is_some_and(|e| !e.is_empty()))
            .count() as u32
    });
    let (caps, at) = (portal.invitation_caps(), std::time::Instant::now());
    if let Err(wait) = portal.invitation_counters.throttle(&caps, emails, at) {
        return Err(crate::sensitive::too_many_requests(
            wait,
            caps.per_day.unwrap_or_default(),
        ));
    }
    let Some(invitations) = request.invitations else {
        return Err(validation(
            &link,
            "Invitations",
            "The Invitations field is required.",
        ));
    };
    if i64::from(emails) > portal.invitation_counters.left(&caps, at) {
        return Err(validation(
            &link,
            "Invitations",
            "Invitation limit is exceeded",
        ));
    }
    if !(crate::rules::is_admin(&me) || me.employee_type == EmployeeType::RoomAdmin) {
        return Err(Refusal::AccessDenied.into());
    }
    // Paid seats are counted first, for every admin or room-admin invitation, existing emails
    // included (`more-endpoints.md` 2.1, check 4).
    let mut types = Vec::with_capacity(invitations.len());
    for (i, invitation) in invitations.iter().enumerate() {
        types.push(match &invitation.employee_type {
            None => EmployeeType::RoomAdmin,
            Some(v) => employee_type(v)
                .ok_or_else(|| bad_type(&link, &format!("$.invitations[{i}].type")))?
                .unwrap_or(EmployeeType::RoomAdmin),
        });
    }
    portal.check_seats(types.iter().filter(|t| is_paid(**t)).count())?;
    // Then each in order, kept as it goes: a refusal ends the request with those before it
    // invited (`UserController.InviteUsers` is not atomic).
    for (invitation, new_type) in invitations.iter().zip(types) {
        let email = invitation
            .email
            .clone()
            .unwrap_or_default()
            .trim()
            .to_string();
        if !is_valid_email(&email) || !email.is_ascii() {
            return Err(Refusal::BadRequest("Incorrect email".into()).into());
        }
        can_add(&me, new_type)?;
        let existing = portal
            .user_by_email(&email)
            .map(|u| (u.id.clone(), u.status));
        match existing {
            Some((_, EmployeeStatus::Terminated)) => {
                return Err(Refusal::BadRequest(format!("User disabled: {email}")).into());
            }
            Some((id, _)) => {
                if let Some(user) = portal.user_mut(&id) {
                    if new_type.rank() < user.employee_type.rank() && !user.is_owner {
                        user.employee_type = new_type;
                    }
                }
            }
            None => {
                let invited = now();
                let user = User {
                    id: portal.new_guid(),
                    user_name: portal.unique_user_name(&email),
                    first_name: String::new(),
                    last_name: String::new(),
                    email,
                    password: portal.new_password(),
                    employee_type: new_type,
                    is_owner: false,
                    status: EmployeeStatus::Pending,
                    activation: ActivationStatus::Pending,
                    registered: invited,
                    terminated: None,
                    modified: invited,
                    groups: Vec::new(),
                    location: None,
                    created_by: Some(me.id.clone()),
                    rooms_owned: 0,
                    shared_files: 0,
                };
                let (id, email) = (user.id.clone(), user.email.clone());
                portal.add_user(user);
                portal.record(
                    &me.id,
                    crate::audit::action::SEND_JOIN_INVITE,
                    &[&id],
                    &email,
                );
                // Its invitation email is sent.
                portal.invitation_counters.spend(&caps, at);
            }
        }
    }
    let pending: Vec<Value> = portal
        .users
        .iter()
        .filter(|u| u.status == EmployeeStatus::Pending && can_view(&me, u).is_ok())
        .map(|u| Value::Object(employee(u, &link.origin)))
        .collect();
    Ok(success(&link, Value::Array(pending), None))
}
