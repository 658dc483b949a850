//! `GET /people/filter` and `GET /people` (reference §3.2).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use serde_json::Value;

use super::{full_dto, lock, me, parse_guid, trim_fields, Reply};
use crate::envelope::{success, RequestLink};
use crate::model::{EmployeeStatus, EmployeeType, User};
use crate::params::{parse_bool, parse_enum, parse_int, BadParam, Params};
use crate::portal::Portal;
use crate::query::{Area, GroupFilter, PeopleFilter, SortBy};
use crate::rules::{can_list, listed_for};
use crate::SharedPortal;

pub const STATUS_NAMES: &[(&str, u8)] = &[
    ("Active", 1),
    ("Terminated", 2),
    ("Pending", 4),
    ("Default", 5),
    ("All", 7),
];
pub const TYPE_NAMES: &[(&str, u8)] = &[
    ("All", 0),
    ("RoomAdmin", 1),
    ("Guest", 2),
    ("DocSpaceAdmin", 3),
    ("User", 4),
];

pub fn type_from_number(n: u8) -> Option<EmployeeType> {
    match n {
        1 => Some(EmployeeType::RoomAdmin),
        2 => Some(EmployeeType::Guest),
        3 => Some(EmployeeType::DocSpaceAdmin),
        4 => Some(EmployeeType::User),
        _ => None,
    }
}

/// `startIndex` and `count` (1..100, default 100).
pub(crate) struct Paging {
    pub start: usize,
    pub count: usize,
}

pub(crate) fn paging(params: &Params) -> Result<Paging, BadParam> {
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

/// Search and sort, shared by both list endpoints.
fn search_and_sort(params: &Params) -> Result<PeopleFilter, BadParam> {
    let mut filter = PeopleFilter::default().with_search(
        params.get("filtervalue").unwrap_or(""),
        params.get("filterseparator"),
    );
    if let Some(v) = params.get("sortby") {
        filter.sort_by = SortBy::parse(v);
    }
    if let Some(v) = params.get("sortorder") {
        filter.descending =
            parse_enum("sortOrder", v, &[("ascending", 0), ("descending", 1)])? == 1;
    }
    Ok(filter)
}

fn people_filter(params: &Params, portal: &Portal, me: &User) -> Result<PeopleFilter, BadParam> {
    let mut filter = search_and_sort(params)?;
    let flag = |name: &str, field: &str| -> Result<bool, BadParam> {
        params.get(name).map_or(Ok(false), |v| parse_bool(field, v))
    };
    if let Some(v) = params.get("groupid") {
        let id = parse_guid("groupId", v)?;
        let index = portal.group_index(&id);
        filter.group = Some(GroupFilter {
            index,
            head: index.and_then(|i| portal.groups[i].head.clone()),
            exclude: flag("excludegroup", "excludeGroup")?,
        });
    }
    filter.without_group = flag("withoutgroup", "withoutGroup")?;
    if filter.without_group {
        filter.heads = portal
            .live_groups()
            .filter_map(|g| g.head.clone())
            .collect();
    }
    if let Some(v) = params.get("inviterid") {
        filter.inviter = Some(parse_guid("inviterId", v)?);
    }
    if flag("invitedbyme", "invitedByMe")? {
        filter.inviter = Some(me.id.clone());
    }
    // Every simulated account is a standard one with the default quota.
    if let Some(v) = params.get("accountlogintype") {
        let login = parse_enum(
            "accountLoginType",
            v,
            &[("SSO", 0), ("LDAP", 1), ("Standart", 2)],
        )?;
        filter.nobody |= login != 2;
    }
    if let Some(v) = params.get("quotafilter") {
        let quota = parse_enum(
            "quotaFilter",
            v,
            &[("All", 0), ("Default", 1), ("Custom", 2)],
        )?;
        filter.nobody |= quota == 2;
    }
    if let Some(v) = params.get("employeestatus") {
        filter.status_flags = Some(parse_enum("employeeStatus", v, STATUS_NAMES)?);
    }
    if let Some(v) = params.get("employeetype") {
        filter
            .types
            .extend(type_from_number(parse_enum("employeeType", v, TYPE_NAMES)?));
    }
    for v in params.all("employeetypes") {
        filter.types.extend(type_from_number(parse_enum(
            "employeeTypes",
            v,
            TYPE_NAMES,
        )?));
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

fn answer(
    shared: &SharedPortal,
    headers: &HeaderMap,
    query: Option<&str>,
    link: &RequestLink,
    parse: fn(&Params, &Portal, &User) -> Result<PeopleFilter, BadParam>,
) -> Reply {
    let mut portal = lock(shared);
    let me = me(&portal, headers)?;
    let params = Params::parse(query);
    let (paging, filter) = paging(&params)
        .and_then(|p| Ok((p, parse(&params, &portal, &me)?)))
        .map_err(|bad| bad.into_response(link))?;
    can_list(&me)?;
    let ties = portal.next_tie_order();
    let portal = &*portal;
    let matches: Vec<&User> = portal
        .users
        .iter()
        .filter(|u| filter.matches(u) && listed_for(&me, u))
        .collect();
    let creator_first = |u: &User| {
        u.created_by
            .as_deref()
            .and_then(|id| portal.user(id))
            .map(|c| c.first_name.clone())
    };
    let matches = filter.sort_for_request(matches, ties, &creator_first);
    let total = matches.len();
    let mut page = Value::Array(
        matches
            .into_iter()
            .skip(paging.start)
            .take(paging.count)
            .map(|u| full_dto(portal, u, &me, link))
            .collect(),
    );
    trim_fields(&mut page, params.get("fields"));
    Ok(success(link, page, Some(total)))
}

/// `GET /people/filter`: a page of the people the caller may list, with `total`.
pub async fn filter(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    answer(&shared, &headers, query.as_deref(), &link, people_filter)
}

/// `GET /people`: the same engine, forced to active users.
pub async fn all_profiles(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    answer(
        &shared,
        &headers,
        query.as_deref(),
        &link,
        |params, _, _| {
            let mut filter = search_and_sort(params)?;
            filter.status_flags = Some(EmployeeStatus::Active as u8);
            Ok(filter)
        },
    )
}
