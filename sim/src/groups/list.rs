//! Reading groups: `GET /group` (more-endpoints.md §1.1), `GET /group/{id}` (§1.3) and `GET
//! /group/user/{userid}` (§1.11).

use std::cmp::Ordering;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use serde_json::Value;

use super::{find, group_dto, list_item, route_guid};
use crate::dto::group_summary;
use crate::envelope::{success, RequestLink};
use crate::params::{parse_bool, parse_enum, BadParam, Params};
use crate::people::list::paging;
use crate::people::{lock, me, parse_guid, Reply};
use crate::portal::Portal;
use crate::query::tie_rank;
use crate::rules::can_read_groups;
use crate::SharedPortal;

/// `GroupSortType`, parsed by name without regard to case; anything else sorts by title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupSort {
    Title,
    Manager,
    MembersCount,
}

impl GroupSort {
    pub fn parse(value: &str) -> GroupSort {
        match value.to_ascii_lowercase().as_str() {
            "manager" => GroupSort::Manager,
            "memberscount" => GroupSort::MembersCount,
            _ => GroupSort::Title,
        }
    }
}

/// `GeneralInformationRequestDto`, as bound.
struct GroupQuery {
    start: usize,
    count: usize,
    text: String,
    user_id: Option<String>,
    manager: bool,
    sort: GroupSort,
    descending: bool,
}

fn group_query(params: &Params) -> Result<GroupQuery, BadParam> {
    let paging = paging(params)?;
    let user_id = params
        .get("userid")
        .map(|v| parse_guid("userId", v))
        .transpose()?;
    let manager = params
        .get("manager")
        .map(|v| parse_bool("manager", v))
        .transpose()?
        .unwrap_or(false);
    let descending = match params.get("sortorder") {
        Some(v) => parse_enum("sortOrder", v, &[("Ascending", 0), ("Descending", 1)])? == 1,
        None => false,
    };
    Ok(GroupQuery {
        start: paging.start,
        count: paging.count,
        // `BuildTextSearch`: lower-cased and trimmed, then a substring of the lower-cased name.
        text: params
            .get("filtervalue")
            .unwrap_or("")
            .trim()
            .to_lowercase(),
        user_id,
        manager,
        sort: params
            .get("sortby")
            .map(GroupSort::parse)
            .unwrap_or(GroupSort::Title),
        descending,
    })
}

/// The indexes of the groups `GET /group` answers, in its order: `DbUserService.GetGroupsAsync`
/// filters non-removed rows by name and by the user's membership (or headship, with
/// `manager`), then orders by the one key of the sort, with no tie-breaker: equal keys come in
/// an order of their own on each request (`ties`, as for lists of people).
///
/// - `title`: the name, as the database's collation compares it (without regard to case);
/// - `manager`: the head's first name; a group without a head has none (NULL), which comes
///   first ascending and last descending;
/// - `membersCount`: the membership rows, terminated members included (unlike the
///   `membersCount` field).
fn matching(portal: &Portal, query: &GroupQuery, rows: &[usize], ties: u64) -> Vec<usize> {
    let mut found: Vec<usize> = portal
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.removed && g.name.to_lowercase().contains(&query.text))
        .filter(|(index, g)| match &query.user_id {
            None => true,
            Some(id) if query.manager => g.head.as_deref() == Some(id.as_str()),
            Some(id) => portal.user(id).is_some_and(|u| u.groups.contains(index)),
        })
        .map(|(index, _)| index)
        .collect();
    let head_first = |index: usize| {
        portal.groups[index]
            .head
            .as_deref()
            .and_then(|id| portal.user(id))
            .map(|u| u.first_name.to_lowercase())
    };
    let key_order = |a: usize, b: usize| -> Ordering {
        match query.sort {
            GroupSort::Title => portal.groups[a]
                .name
                .to_lowercase()
                .cmp(&portal.groups[b].name.to_lowercase()),
            GroupSort::Manager => head_first(a).cmp(&head_first(b)),
            GroupSort::MembersCount => rows[a].cmp(&rows[b]),
        }
    };
    found.sort_by(|a, b| {
        let keys = key_order(*a, *b);
        let keys = if query.descending {
            keys.reverse()
        } else {
            keys
        };
        keys.then_with(|| {
            tie_rank(ties, &portal.groups[*a].id).cmp(&tie_rank(ties, &portal.groups[*b].id))
        })
    });
    found
}

/// `GET /group`: a page of the portal's groups (never the system ones), without `members`, with
/// `total`. 403 for users and guests.
pub async fn list(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let query =
        group_query(&Params::parse(query.as_deref())).map_err(|b| b.into_response(&link))?;
    can_read_groups(&me)?;
    let ties = portal.next_tie_order();
    let portal = &*portal;
    let (shown_counts, rows) = portal.member_counts();
    let found = matching(portal, &query, &rows, ties);
    let total = found.len();
    let page: Vec<Value> = found
        .into_iter()
        .skip(query.start)
        .take(query.count)
        .map(|index| list_item(portal, index, &me, &link, shown_counts[index]))
        .collect();
    Ok(success(&link, Value::Array(page), Some(total)))
}

/// `GET /group/{id}?includeMembers=`: one group, its members unless `includeMembers=false`; a
/// system group's id reads that group (`isSystem`). 404 "The group could not be found" for an
/// unknown or deleted group and for the lost group's id.
pub async fn get(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let id = route_guid(&id)?;
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let include_members = Params::parse(query.as_deref())
        .get("includemembers")
        .map(|v| parse_bool("includeMembers", v))
        .transpose()
        .map_err(|b| b.into_response(&link))?
        .unwrap_or(true);
    can_read_groups(&me)?;
    let target = find(&portal, &id)?;
    let dto = group_dto(&portal, target, &me, &link, include_members);
    Ok(success(&link, dto, None))
}

/// `GET /group/user/{userid}`: the `GroupSummaryDto`s of the groups the user is a member of,
/// by name (ordinal), no paging and no `total`. No check that the caller may see that user,
/// and no 404: an unknown id has no groups.
pub async fn of_user(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(userid): Path<String>,
    link: RequestLink,
) -> Reply {
    let id = route_guid(&userid)?;
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    can_read_groups(&me)?;
    let groups: Vec<Value> = portal
        .groups_of(&id)
        .into_iter()
        .map(|g| {
            let head = g
                .head
                .as_deref()
                .and_then(|h| portal.user(h))
                .map(|u| u.user_name.as_str());
            group_summary(&g.id, &g.name, head, false)
        })
        .collect();
    Ok(success(&link, Value::Array(groups), None))
}
