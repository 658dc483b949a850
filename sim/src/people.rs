//! `/api/2.0/people` handlers (reference §3).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

use crate::dto::{employee_full, Viewer};
use crate::envelope::{access_denied, success, validation, RequestLink};
use crate::model::{EmployeeStatus, EmployeeType, User};
use crate::params::{parse_bool, parse_enum, parse_int, BadParam, Params};
use crate::portal::Portal;
use crate::query::{Area, PeopleFilter, SortBy};
use crate::{caller, SharedPortal};

const STATUS_NAMES: &[(&str, u8)] = &[
    ("Active", 1),
    ("Terminated", 2),
    ("Pending", 4),
    ("Default", 5),
    ("All", 7),
];
const TYPE_NAMES: &[(&str, u8)] = &[
    ("All", 0),
    ("RoomAdmin", 1),
    ("Guest", 2),
    ("DocSpaceAdmin", 3),
    ("User", 4),
];

fn employee_type(n: u8) -> Option<EmployeeType> {
    match n {
        1 => Some(EmployeeType::RoomAdmin),
        2 => Some(EmployeeType::Guest),
        3 => Some(EmployeeType::DocSpaceAdmin),
        4 => Some(EmployeeType::User),
        _ => None,
    }
}

fn viewer_of(caller: &User) -> Viewer {
    if Portal::is_admin(caller) {
        Viewer::Admin
    } else {
        Viewer::Other
    }
}

pub fn full_dto(portal: &Portal, user: &User, caller: &User, link: &RequestLink) -> Value {
    let creator = user.created_by.as_deref().and_then(|id| portal.user(id));
    employee_full(
        user,
        &portal.groups,
        creator,
        viewer_of(caller),
        &link.origin,
    )
}

/// `GET /people/@self`: always allowed; adds the fields only `@self` carries.
pub async fn get_self(
    State(portal): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Response {
    let portal = portal.read().unwrap_or_else(|e| e.into_inner());
    let Some(me) = caller(&portal, &headers) else {
        return crate::envelope::unauthorized();
    };
    let mut dto = full_dto(&portal, me, me, &link);
    if let Some(fields) = dto.as_object_mut() {
        fields.insert("theme".into(), "System".into());
        fields.insert("loginEventId".into(), 0.into());
        fields.insert("authCookieLifetime".into(), (365.0 * 86_400.0).into());
        fields.insert("hasPersonalFolder".into(), true.into());
    }
    success(&link, dto, None)
}

/// The paging part of a list query: `startIndex` and `count` (1..100, default 100).
struct Paging {
    start: usize,
    count: usize,
}

fn paging(params: &Params) -> Result<Paging, BadParam> {
    let start = match params.get("startindex") {
        Some(v) => parse_int("startIndex", v)?.max(0) as usize,
        None => 0,
    };
    let count = match params.get("count") {
        Some(v) => parse_int("count", v)?,
        None => 100,
    };
    if !(1..=100).contains(&count) {
        return Err(BadParam {
            field: "count".into(),
            message: "The field Count must be between 1 and 100.".into(),
        });
    }
    Ok(Paging {
        start,
        count: count as usize,
    })
}

fn people_filter(params: &Params) -> Result<PeopleFilter, BadParam> {
    let mut filter = PeopleFilter::default().with_search(params.get("filtervalue").unwrap_or(""));
    if let Some(v) = params.get("sortby") {
        filter.sort_by = SortBy::parse(v);
    }
    if let Some(v) = params.get("sortorder") {
        filter.descending =
            parse_enum("sortOrder", v, &[("ascending", 0), ("descending", 1)])? == 1;
    }
    if let Some(v) = params.get("employeestatus") {
        filter.status_flags = Some(parse_enum("employeeStatus", v, STATUS_NAMES)?);
    }
    if let Some(v) = params.get("employeetype") {
        filter
            .types
            .extend(employee_type(parse_enum("employeeType", v, TYPE_NAMES)?));
    }
    for v in params.all("employeetypes") {
        filter
            .types
            .extend(employee_type(parse_enum("employeeTypes", v, TYPE_NAMES)?));
    }
    if let Some(v) = params.get("activationstatus") {
        filter.activation = Some(parse_enum(
            "activationStatus",
            v,
            &[("NotActivated", 0), ("Activated", 1), ("Pending", 2)],
        )?);
    }
    if let Some(v) = params.get("area") {
        filter.area = match parse_enum("area", v, &[("All", 0), ("People", 1), ("Guests", 2)])? {
            1 => Area::People,
            2 => Area::Guests,
            _ => Area::All,
        };
    }
    if let Some(v) = params.get("isadministrator") {
        filter.is_administrator = Some(parse_bool("isAdministrator", v)?);
    }
    if let Some(v) = params.get("payments") {
        filter.paid = Some(parse_enum("payments", v, &[("Paid", 0), ("Free", 1)])? == 0);
    }
    Ok(filter)
}

/// `GET /people/filter`: a page of the people the caller may list, with `total`.
pub async fn filter(
    State(portal): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Response {
    let portal = portal.read().unwrap_or_else(|e| e.into_inner());
    let Some(me) = caller(&portal, &headers) else {
        return crate::envelope::unauthorized();
    };
    let params = Params::parse(query.as_deref());
    let (paging, filter) = match paging(&params).and_then(|p| Ok((p, people_filter(&params)?))) {
        Ok(parsed) => parsed,
        Err(bad) => return validation(&link, &bad.field, &bad.message),
    };
    // Users and guests may not list anyone (reference §5.8).
    let is_admin = Portal::is_admin(me);
    if !is_admin && me.employee_type != EmployeeType::RoomAdmin {
        return access_denied();
    }
    let mut matches: Vec<&User> = portal
        .users
        .iter()
        .filter(|u| filter.matches(u))
        // Room admins see no terminated users, and only the guests they invited.
        .filter(|u| {
            is_admin
                || (u.status != EmployeeStatus::Terminated
                    && (u.employee_type != EmployeeType::Guest
                        || u.created_by.as_deref() == Some(me.id.as_str())))
        })
        .collect();
    matches.sort_by(|a, b| filter.compare(a, b));
    let total = matches.len();
    let page: Vec<Value> = matches
        .into_iter()
        .skip(paging.start)
        .take(paging.count)
        .map(|u| full_dto(&portal, u, me, &link))
        .collect();
    success(&link, Value::Array(page), Some(total))
}
