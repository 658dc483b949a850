//! `/api/2.0/security/audit/…` (`SecurityController`): the login history and the audit trail,
//! filtered or the last 20, and their lifetimes. DocSpace admins only (`EditPortalSettings`:
//! 403 "Access denied" for anyone else). Enums are numbers on the wire, nulls are left out,
//! and no list has a `total`.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{
    action_text, map_of, AuditEvent, EventQuery, LoginEvent, LoginQuery, ACTION_NAMES, GUEST_ID,
    MAX_LIFETIME_DAYS,
};
use crate::envelope::{error, success, RequestLink};
use crate::params::{parse_enum, BadParam, Params};
use crate::people::list::paging;
use crate::people::{lock, me, parse_guid, Reply};
use crate::portal::Portal;
use crate::rules::{is_admin, Refusal};
use crate::time::{api_date_time, date_time, now, parse_date_time};
use crate::SharedPortal;

/// `BillingException(Resource.ErrorNotAllowedOption)`.
fn not_in_plan() -> Response {
    error(
        StatusCode::PAYMENT_REQUIRED,
        "Your pricing plan does not support this option",
        Some("ASC.Core.Billing.BillingException"),
    )
}

/// Refuses a caller who is not a DocSpace admin (`EditPortalSettings`).
fn admin(portal: &Portal, headers: &HeaderMap) -> Result<(), Response> {
    let me = me(portal, headers)?;
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    Ok(())
}

/// `ApiDateTime` from a query: an explicit offset or `Z` is required; anything else reaches
/// the converter's null time zone and fails binding (`ApiDateTime.Parse(value, null)`).
fn date_param(field: &str, value: &str) -> Result<i64, BadParam> {
    let v = value.trim();
    let tail = v
        .len()
        .checked_sub(6)
        .and_then(|i| v.get(i..))
        .unwrap_or("");
    let offset = tail.len() == 6
        && (tail.starts_with('+') || tail.starts_with('-'))
        && tail.as_bytes()[3] == b':';
    if !(v.ends_with('Z') || v.ends_with('z') || offset) {
        return Err(BadParam {
            field: field.into(),
            message: "The input was not valid.".into(),
        });
    }
    parse_date_time(v).ok_or_else(|| BadParam::invalid_value(field, value))
}

/// `MessageAction` by name or number; `0` and `None` mean any.
fn action_param(value: &str) -> Result<Option<i32>, BadParam> {
    let v = value.trim();
    let n = match v.parse::<i32>() {
        Ok(n) => n,
        Err(_) => ACTION_NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(v))
            .map(|(_, n)| *n)
            .ok_or_else(|| BadParam::invalid_value("action", value))?,
    };
    Ok((n != 0 && n != -1).then_some(n))
}

/// The parameters both filters take: `userId`, `action`, `from`, `to`.
struct Common {
    user_id: Option<String>,
    action: Option<i32>,
    from: Option<i64>,
    to: Option<i64>,
}

fn common(params: &Params) -> Result<Common, BadParam> {
    Ok(Common {
        user_id: params
            .get("userid")
            .map(|v| parse_guid("userId", v))
            .transpose()?,
        action: params
            .get("action")
            .map(action_param)
            .transpose()?
            .flatten(),
        from: params
            .get("from")
            .map(|v| date_param("from", v))
            .transpose()?,
        to: params.get("to").map(|v| date_param("to", v)).transpose()?,
    })
}

fn login_query(params: &Params) -> Result<LoginQuery, BadParam> {
    let paging = paging(params)?;
    let Common {
        user_id,
        action,
        from,
        to,
    } = common(params)?;
    Ok(LoginQuery {
        user_id,
        action,
        from,
        to,
        start: paging.start,
        count: paging.count,
    })
}

const ACTION_TYPES: &[(&str, u8)] = &[
    ("None", 0),
    ("Create", 1),
    ("Update", 2),
    ("Delete", 3),
    ("Link", 4),
    ("Unlink", 5),
    ("Attach", 6),
    ("Detach", 7),
    ("Send", 8),
    ("Import", 9),
    ("Export", 10),
    ("UpdateAccess", 11),
    ("Download", 12),
    ("Upload", 13),
    ("Copy", 14),
    ("Move", 15),
    ("Reassigns", 16),
    ("Follow", 17),
    ("Unfollow", 18),
    ("Logout", 19),
];
const ENTRY_TYPES: &[(&str, u8)] = &[
    ("None", 0),
    ("File", 1),
    ("Folder", 2),
    ("User", 23),
    ("Group", 24),
    ("Room", 25),
    ("Tag", 26),
    ("Agent", 27),
];
const LOCATION_TYPES: &[(&str, u8)] = &[
    ("None", 0),
    ("Files", 1),
    ("Folders", 2),
    ("DocumentsSettings", 3),
    ("Rooms", 27),
    ("Settings", 29),
    ("Contacts", 30),
    ("Agents", 31),
];

/// The query, and whether it names a `moduleType` (which the server's filter cannot take).
fn event_query(params: &Params) -> Result<(EventQuery, bool), BadParam> {
    let paging = paging(params)?;
    let Common {
        user_id,
        action,
        from,
        to,
    } = common(params)?;
    let pick = |name: &str, field: &str, names: &[(&str, u8)]| {
        params
            .get(name)
            .map(|v| parse_enum(field, v, names))
            .transpose()
    };
    let module = pick("moduletype", "moduleType", LOCATION_TYPES)?.unwrap_or(0);
    Ok((
        EventQuery {
            user_id,
            action,
            action_type: pick("actiontype", "actionType", ACTION_TYPES)?,
            entry_type: pick("entrytype", "entryType", ENTRY_TYPES)?,
            target: params.get("target").map(str::to_string),
            from,
            to,
            start: paging.start,
            count: paging.count,
        },
        module != 0 && action.is_none(),
    ))
}

/// `user` as `EventTypeConverter` fills it: the person's name, else the recorded login, else
/// "Anonymous" for the Guest account, else "Unknown Account".
fn user_text(portal: &Portal, id: &str, login: Option<&str>) -> String {
    if let Some(name) = portal.name_of(id).filter(|n| !n.trim().is_empty()) {
        return name;
    }
    if let Some(l) = login.filter(|l| !l.is_empty()) {
        return l.to_string();
    }
    if id == GUEST_ID {
        "Anonymous".into()
    } else {
        "Unknown Account".into()
    }
}

fn put_origin(dto: &mut Map<String, Value>, origin: &super::Origin) {
    for (key, value) in [
        ("ip", &origin.ip),
        ("browser", &origin.browser),
        ("platform", &origin.platform),
        ("page", &origin.page),
    ] {
        if !value.is_empty() {
            // `IP.Split(':')[0]` when it has a colon: a port goes (and an IPv6 address is cut).
            let v = if key == "ip" {
                value.split(':').next().unwrap_or("")
            } else {
                value.as_str()
            };
            dto.insert(key.into(), v.into());
        }
    }
}

/// `LoginEventDto`. `limited`: the `last` route's shortened texts.
pub fn login_dto(portal: &Portal, e: &LoginEvent, limited: bool) -> Value {
    let mut dto = Map::new();
    dto.insert("id".into(), e.id.into());
    dto.insert("date".into(), api_date_time(e.at).into());
    dto.insert(
        "user".into(),
        user_text(portal, &e.user_id, e.login.as_deref()).into(),
    );
    dto.insert("userId".into(), e.user_id.clone().into());
    if let Some(login) = &e.login {
        dto.insert("login".into(), login.clone().into());
    }
    dto.insert(
        "action".into(),
        shorten(action_text(e.action, ""), limited).into(),
    );
    dto.insert("actionId".into(), e.action.into());
    put_origin(&mut dto, &e.origin);
    Value::Object(dto)
}

/// `limitedActionText`: a text over 49 characters is cut to 47 and "...".
fn shorten(text: String, limited: bool) -> String {
    if limited && text.chars().count() > 49 {
        let cut: String = text.chars().take(47).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// `AuditEventDto`.
pub fn event_dto(portal: &Portal, e: &AuditEvent, limited: bool) -> Value {
    let mut dto = Map::new();
    dto.insert("id".into(), e.id.into());
    dto.insert("date".into(), api_date_time(e.at).into());
    dto.insert("user".into(), user_text(portal, &e.by, None).into());
    dto.insert("userId".into(), e.by.clone().into());
    dto.insert(
        "action".into(),
        shorten(action_text(e.action, &e.about), limited).into(),
    );
    dto.insert("actionId".into(), e.action.into());
    put_origin(&mut dto, &e.origin);
    let map = map_of(e.action);
    dto.insert("actionType".into(), map.map_or(0, |m| m.action_type).into());
    dto.insert("product".into(), map.map_or(0, |m| m.product).into());
    dto.insert("location".into(), map.map_or(0, |m| m.location).into());
    if let Some(target) = &e.target {
        dto.insert(
            "target".into(),
            json!(target.split(',').collect::<Vec<_>>()),
        );
    }
    dto.insert(
        "entries".into(),
        json!(map.map(|m| m.entries.to_vec()).unwrap_or_default()),
    );
    if let Some(context) = map.and_then(|m| match m.location {
        30 => Some("Contacts"),
        29 => Some("Settings"),
        _ => None,
    }) {
        dto.insert("context".into(), context.into());
    }
    Value::Object(dto)
}

/// `GET /security/audit/login/filter`.
pub async fn login_filter(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let mut portal = lock(&shared);
    admin(&portal, &headers)?;
    let q = login_query(&Params::parse(query.as_deref())).map_err(|b| b.into_response(&link))?;
    portal.audit.purge(now());
    if !portal.has_audit_feature() {
        return Ok(login_list(&portal, &link, true, None));
    }
    Ok(login_list(&portal, &link, false, Some(&q)))
}

fn login_list(
    portal: &Portal,
    link: &RequestLink,
    limited: bool,
    q: Option<&LoginQuery>,
) -> Response {
    let events = match q {
        Some(q) => portal.audit.login_filter(q),
        None => portal.audit.login_last(),
    };
    let dtos: Vec<Value> = events
        .iter()
        .map(|e| login_dto(portal, e, limited))
        .collect();
    success(link, Value::Array(dtos), None)
}

/// `GET /security/audit/login/last`.
pub async fn login_last(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Reply {
    let mut portal = lock(&shared);
    admin(&portal, &headers)?;
    portal.audit.purge(now());
    Ok(login_list(&portal, &link, true, None))
}

/// `GET /security/audit/events/filter`.
pub async fn events_filter(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    admin(&portal, &headers)?;
    let (q, module) =
        event_query(&Params::parse(query.as_deref())).map_err(|b| b.into_response(&link))?;
    if !portal.has_audit_feature() {
        return Ok(event_list(&portal, &link, true, None));
    }
    if module {
        // `auditActionMapper.Mappers…Find(m => m.Location == …)` is null for the Login mapper
        // and its `.Actions` throws (the null check went in 2025).
        return Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Object reference not set to an instance of an object.",
            Some("System.NullReferenceException"),
        ));
    }
    Ok(event_list(&portal, &link, false, Some(&q)))
}

fn event_list(
    portal: &Portal,
    link: &RequestLink,
    limited: bool,
    q: Option<&EventQuery>,
) -> Response {
    let events = match q {
        Some(q) => portal.audit.event_filter(q),
        None => portal.audit.event_last(now()),
    };
    let dtos: Vec<Value> = events
        .iter()
        .map(|e| event_dto(portal, e, limited))
        .collect();
    success(link, Value::Array(dtos), None)
}

/// `GET /security/audit/events/last`.
pub async fn events_last(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    admin(&portal, &headers)?;
    Ok(event_list(&portal, &link, true, None))
}

fn lifetimes_dto(login: i64, trail: i64, modified: &str) -> Value {
    json!({
        "loginHistoryLifeTime": login,
        "auditTrailLifeTime": trail,
        "lastModified": modified,
    })
}

/// `GET /security/audit/settings/lifetime`: not wrapped, whatever the plan.
pub async fn lifetime(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    admin(&portal, &headers)?;
    let l = portal.audit.lifetimes;
    let modified = date_time(l.modified.unwrap_or_else(now));
    Ok(success(
        &link,
        lifetimes_dto(l.login_history.into(), l.audit_trail.into(), &modified),
        None,
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LifetimesIn {
    #[serde(default)]
    login_history_life_time: i64,
    #[serde(default)]
    audit_trail_life_time: i64,
    last_modified: Option<String>,
}

#[derive(Deserialize)]
struct WrapperIn {
    settings: Option<LifetimesIn>,
}

/// `POST /security/audit/settings/lifetime` with `{settings: {…}}`: 402 on a plan without the
/// audit feature; each lifetime 1 to 180 days, else 400 with the property's name. The answer
/// is the settings as sent.
pub async fn set_lifetime(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    if !portal.has_audit_feature() {
        return Err(not_in_plan());
    }
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    let body: WrapperIn = crate::people::body(&link, &bytes)?;
    let Some(s) = body.settings else {
        return Err(Refusal::Internal(
            "Object reference not set to an instance of an object.".into(),
        )
        .into());
    };
    let max = i64::from(MAX_LIFETIME_DAYS);
    if !(1..=max).contains(&s.login_history_life_time) {
        return Err(Refusal::BadRequest("LoginHistoryLifeTime".into()).into());
    }
    if !(1..=max).contains(&s.audit_trail_life_time) {
        return Err(Refusal::BadRequest("AuditTrailLifeTime".into()).into());
    }
    let at = now();
    portal.audit.lifetimes = super::Lifetimes {
        login_history: s.login_history_life_time as u32,
        audit_trail: s.audit_trail_life_time as u32,
        modified: Some(at),
    };
    portal.audit.purge(at);
    portal.record(
        &me.id,
        super::action::AUDIT_SETTINGS_UPDATED,
        &[] as &[&str],
        "",
    );
    let modified = s
        .last_modified
        .unwrap_or_else(|| "0001-01-01T00:00:00".into());
    Ok(success(
        &link,
        lifetimes_dto(
            s.login_history_life_time,
            s.audit_trail_life_time,
            &modified,
        ),
        None,
    ))
}
