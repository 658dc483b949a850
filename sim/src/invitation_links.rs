//! Invitation links, the portal's join links (more-endpoints.md §2.3, new in 3.7.1):
//! `POST|PUT|DELETE /portal/users/invitationlink` and `GET /portal/users/invitationlink/{employeeType}`,
//! as `PortalController` (`web/ASC.Web.Api/Api/PortalController.cs`) runs them, with the DTO of
//! `InvitationLinkDtoHelper` (`ApiModels/ResponseDto/InvitationLinkDto.cs`). Joining through a
//! link is `join`.
//!
//! At most one link per type, for DocSpace admins (3), room admins (1) and users (4). Each
//! caller gets a URL of their own, signed with their id, and every such URL stops working when
//! the link is deleted, expires or is used up.

pub mod join;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::envelope::{success, validation, RequestLink};
use crate::model::{EmployeeType, Instant, User};
use crate::params::parse_enum;
use crate::people::list::TYPE_NAMES;
use crate::people::{body, lock, me, Reply};
use crate::portal::Portal;
use crate::rules::{can_add, is_paid, Refusal};
use crate::time::{api_date_time, now, parse_date_time};
use crate::SharedPortal;

/// The tenant alias a key is signed with: a self-hosted portal's single tenant is `localhost`.
pub const TENANT_ALIAS: &str = "localhost";

/// One stored link (`InvitationLink`): `expiration` in seconds since 1970 UTC (`None`:
/// `DateTime.MinValue`, never), `max_use_count` `None` for unlimited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationLink {
    pub id: String,
    pub employee_type: EmployeeType,
    pub expiration: Option<i64>,
    pub max_use_count: Option<u32>,
    pub current_use_count: u32,
}

impl InvitationLink {
    /// `Expiration != MinValue && Expiration < UtcNow`, computed whenever it is asked.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expiration.is_some_and(|at| at < now)
    }

    /// `MaxUseCount <= CurrentUseCount` (`InvitationValidator.ValidateCommonLinkAsync`).
    pub fn is_used_up(&self) -> bool {
        self.max_use_count
            .is_some_and(|max| max <= self.current_use_count)
    }
}

/// The `InvitationLinkDto` for `caller`: `employeeType` as a number (`JsonNumberEnumConverter`),
/// `expiration` and `maxUseCount` omitted when unset, and the caller's own URL (no shortener is
/// configured on a stock self-hosted portal, so the long form).
pub fn dto(portal: &Portal, link: &InvitationLink, caller: &User, origin: &str) -> Value {
    let mut dto = Map::new();
    dto.insert("id".into(), link.id.clone().into());
    dto.insert("employeeType".into(), (link.employee_type as u8).into());
    if let Some(at) = link.expiration {
        dto.insert(
            "expiration".into(),
            api_date_time(Instant { unix_seconds: at }).into(),
        );
    }
    dto.insert(
        "isExpired".into(),
        link.is_expired(now().unix_seconds).into(),
    );
    if let Some(max) = link.max_use_count {
        dto.insert("maxUseCount".into(), max.into());
    }
    dto.insert("currentUseCount".into(), link.current_use_count.into());
    let kind = link.employee_type as u8;
    let key = portal.sign(&format!("{kind}.{}.{}.{TENANT_ALIAS}", link.id, caller.id));
    dto.insert(
        "url".into(),
        format!(
            "{origin}/confirm/LinkInvite?type=LinkInvite&key={key}&uid={}&emplType={kind}",
            caller.id
        )
        .into(),
    );
    Value::Object(dto)
}

/// `ArgumentException(nameof(inDto.EmployeeType))`: the types that have no links.
fn link_type(number: i64) -> Result<EmployeeType, Refusal> {
    match number {
        1 => Ok(EmployeeType::RoomAdmin),
        3 => Ok(EmployeeType::DocSpaceAdmin),
        4 => Ok(EmployeeType::User),
        _ => Err(Refusal::BadRequest("EmployeeType".into())),
    }
}

/// `(type == DocSpaceAdmin && !owner) || !CheckPermissions(UserSecurityProvider(type),
/// AddRemoveUser)`: the owner for DocSpace admin links, DocSpace admins for room admin links,
/// room admins too for user links; the same rule as adding such a person.
fn may_manage(me: &User, kind: EmployeeType) -> Result<(), Refusal> {
    can_add(me, kind)
}

/// `CountPaidUserChecker.CheckAppend` for paid types: one more paid seat must fit.
fn check_seat(portal: &Portal, kind: EmployeeType) -> Result<(), Refusal> {
    match portal.paid_seats() {
        Some(max) if is_paid(kind) && portal.paid_in_use() + 1 > max => Err(
            Refusal::PaymentRequired(format!("The number of admins should not exceed {max}")),
        ),
        _ => Ok(()),
    }
}

/// `TenantUserInvitationSettings.AllowInvitingMembers` (more-endpoints.md §2.4).
fn check_setting(portal: &Portal) -> Result<(), Refusal> {
    if portal.allow_inviting_members {
        Ok(())
    } else {
        Err(Refusal::AccessDenied)
    }
}

/// The JSON of a request body as System.Text.Json binds `InvitationLink…RequestDto`, and the
/// `[Range(1, 1000)]` of `MaxUseCount`: refusals before the action runs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LinkRequest {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    employee_type: Option<Value>,
    #[serde(default)]
    expiration: Option<Value>,
    #[serde(default)]
    max_use_count: Option<Value>,
}

/// A `required` property missing from the body.
fn missing(link: &RequestLink, dto: &str, property: &str) -> Response {
    validation(
        link,
        "$",
        &format!(
            "JSON deserialization for type 'ASC.Web.Api.ApiModels.RequestsDto.{dto}' was missing required properties including: '{property}'."
        ),
    )
}

fn not_converted(link: &RequestLink, property: &str, to: &str) -> Response {
    validation(
        link,
        &format!("$.{property}"),
        &format!("The JSON value could not be converted to {to}. Path: $.{property}"),
    )
}

/// `employeeType`: a number (any integer, as the enum converter allows) or a name.
fn read_type(link: &RequestLink, value: &Value) -> Result<i64, Response> {
    let bad = || not_converted(link, "employeeType", "ASC.Core.Users.EmployeeType");
    match value {
        Value::Number(n) => n.as_i64().ok_or_else(bad),
        Value::String(s) => TYPE_NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s))
            .map(|(_, n)| i64::from(*n))
            .ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// `expiration` (`DateTime?`, not ApiDateTime): `None` for null, absent or `DateTime.MinValue`.
fn read_expiration(link: &RequestLink, value: &Option<Value>) -> Result<Option<i64>, Response> {
    let min_value = parse_date_time("0001-01-01T00:00:00");
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => match parse_date_time(s) {
            Some(at) if Some(at) == min_value => Ok(None),
            Some(at) => Ok(Some(at)),
            None => Err(not_converted(
                link,
                "expiration",
                "System.Nullable`1[System.DateTime]",
            )),
        },
        Some(_) => Err(not_converted(
            link,
            "expiration",
            "System.Nullable`1[System.DateTime]",
        )),
    }
}

/// `maxUseCount` (`int?` with `[Range(1, 1000)]`).
fn read_max_use_count(link: &RequestLink, value: &Option<Value>) -> Result<Option<u32>, Response> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_i64().filter(|n| i32::try_from(*n).is_ok()) {
            Some(n) if (1..=1000).contains(&n) => Ok(Some(n as u32)),
            Some(_) => Err(validation(
                link,
                "MaxUseCount",
                "The field MaxUseCount must be between 1 and 1000.",
            )),
            None => Err(not_converted(
                link,
                "maxUseCount",
                "System.Nullable`1[System.Int32]",
            )),
        },
        Some(_) => Err(not_converted(
            link,
            "maxUseCount",
            "System.Nullable`1[System.Int32]",
        )),
    }
}

/// `ArgumentException(nameof(inDto.Expiration))` for a moment already past.
fn check_future(expiration: Option<i64>) -> Result<(), Refusal> {
    match expiration {
        Some(at) if at < now().unix_seconds => Err(Refusal::BadRequest("Expiration".into())),
        _ => Ok(()),
    }
}

/// The link with the id a body names; 404 "The record could not be found"
/// (`ItemNotFoundException` without a message) when there is none. The id is a `Guid`: other
/// text fails the JSON binding.
fn find<'a>(
    portal: &'a Portal,
    link: &RequestLink,
    dto: &str,
    id: &Option<Value>,
) -> Result<&'a InvitationLink, Response> {
    let id = match id {
        None => return Err(missing(link, dto, "id")),
        Some(Value::String(s)) => {
            crate::guid::parse(s).map_err(|_| not_converted(link, "id", "System.Guid"))?
        }
        Some(_) => return Err(not_converted(link, "id", "System.Guid")),
    };
    portal
        .invitation_links
        .iter()
        .find(|l| l.id == id)
        .ok_or_else(|| Refusal::RecordNotFound.into())
}

/// `POST /portal/users/invitationlink`: setting, type, expiration, permission, seat, one per
/// type, in that order.
pub async fn create(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: LinkRequest = body(&link, &bytes)?;
    let dto_name = "InvitationLinkCreateRequestDto";
    let number = match &request.employee_type {
        None => return Err(missing(&link, dto_name, "employeeType")),
        Some(value) => read_type(&link, value)?,
    };
    let expiration = read_expiration(&link, &request.expiration)?;
    let max_use_count = read_max_use_count(&link, &request.max_use_count)?;
    check_setting(&portal)?;
    let kind = link_type(number)?;
    check_future(expiration)?;
    may_manage(&me, kind)?;
    check_seat(&portal, kind)?;
    if portal
        .invitation_links
        .iter()
        .any(|l| l.employee_type == kind)
    {
        return Err(
            Refusal::BadRequest("link with the same EmployeeType already exists".into()).into(),
        );
    }
    let created = InvitationLink {
        id: portal.new_guid(),
        employee_type: kind,
        expiration,
        max_use_count,
        current_use_count: 0,
    };
    portal.invitation_links.push(created.clone());
    Ok(success(
        &link,
        dto(&portal, &created, &me, &link.origin),
        None,
    ))
}

/// `GET /portal/users/invitationlink/{employeeType}`: the type first (a name or a number the
/// enum defines, else the binder's 400), then the setting, the permission and, for paid types,
/// the seat check even though nothing is created. No link of that type: an envelope without
/// `response` (the action returned null).
pub async fn get(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(employee_type): Path<String>,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let number = parse_enum("employeeType", &employee_type, TYPE_NAMES)
        .map_err(|bad| bad.into_response(&link))?;
    let kind = link_type(i64::from(number))?;
    check_setting(&portal)?;
    may_manage(&me, kind)?;
    check_seat(&portal, kind)?;
    let found = portal
        .invitation_links
        .iter()
        .find(|l| l.employee_type == kind);
    let answer = found.map_or(Value::Null, |l| dto(&portal, l, &me, &link.origin));
    Ok(success(&link, answer, None))
}

/// `PUT /portal/users/invitationlink`: a full replace of `expiration` and `maxUseCount` (an
/// omitted one means never, or unlimited); `currentUseCount` kept, and a limit below it refused
/// (equal is allowed and uses the link up). Setting, record, limit, expiration, permission.
pub async fn update(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: LinkRequest = body(&link, &bytes)?;
    let dto_name = "InvitationLinkUpdateRequestDto";
    if request.id.is_none() {
        return Err(missing(&link, dto_name, "id"));
    }
    let expiration = read_expiration(&link, &request.expiration)?;
    let max_use_count = read_max_use_count(&link, &request.max_use_count)?;
    check_setting(&portal)?;
    let mut changed = find(&portal, &link, dto_name, &request.id)?.clone();
    if max_use_count.is_some_and(|max| max < changed.current_use_count) {
        return Err(Refusal::BadRequest("MaxUseCount".into()).into());
    }
    check_future(expiration)?;
    may_manage(&me, changed.employee_type)?;
    changed.expiration = expiration;
    changed.max_use_count = max_use_count;
    if let Some(stored) = portal
        .invitation_links
        .iter_mut()
        .find(|l| l.id == changed.id)
    {
        *stored = changed.clone();
    }
    Ok(success(
        &link,
        dto(&portal, &changed, &me, &link.origin),
        None,
    ))
}

/// `DELETE /portal/users/invitationlink` with `{id}`: setting, record, permission. A void
/// action: the envelope has no `response` (the spec's `StringWrapper` is not what is sent).
pub async fn delete(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request: LinkRequest = body(&link, &bytes)?;
    let dto_name = "InvitationLinkDeleteRequestDto";
    if request.id.is_none() {
        return Err(missing(&link, dto_name, "id"));
    }
    check_setting(&portal)?;
    let gone = find(&portal, &link, dto_name, &request.id)?.clone();
    may_manage(&me, gone.employee_type)?;
    portal.invitation_links.retain(|l| l.id != gone.id);
    Ok(success(&link, Value::Null, None))
}

/// What a link answers to a key (`InvitationValidator.ValidateCommonLinkAsync`), for
/// `join`: the link, or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    Ok,
    Invalid,
    Expired,
    QuotaFailed,
}

impl Portal {
    /// What `key`, sent with `emplType` and `uid`, opens: the link whose id it was signed with,
    /// if it is still there and of that type (checked in the server's order: signature and
    /// parts, link, expired, used up).
    pub fn check_link_key(&self, key: &str, kind: u8, uid: &str) -> (KeyCheck, Option<String>) {
        let Some(payload) = self.read_signed(key) else {
            return (KeyCheck::Invalid, None);
        };
        let parts: Vec<&str> = payload.split('.').collect();
        let id = match parts.as_slice() {
            [k, id, by, alias]
                if *k == kind.to_string() && *by == uid && *alias == TENANT_ALIAS =>
            {
                id.to_string()
            }
            _ => return (KeyCheck::Invalid, None),
        };
        let Some(found) = self
            .invitation_links
            .iter()
            .find(|l| l.id == id && l.employee_type as u8 == kind)
        else {
            return (KeyCheck::Invalid, Some(id));
        };
        let check = if found.is_expired(now().unix_seconds) {
            KeyCheck::Expired
        } else if found.is_used_up() {
            KeyCheck::QuotaFailed
        } else {
            KeyCheck::Ok
        };
        (check, Some(id))
    }
}
