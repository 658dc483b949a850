//! The Groups endpoints (`/api/2.0/group…`, `more-endpoints.md` 1), each a function that
//! describes the call. Who may call which: reads for room admins and up, writes for DocSpace
//! admins and the owner.

use serde_json::{json, Value};

use super::call::{segment, Call};

/// The portal's longest group name (`GroupRequestDto`: `StringLength(128, MinimumLength = 1)`).
pub const GROUP_NAME_MAX: usize = 128;

/// How `GET /group` sorts (`sortBy`; anything else is read as `title`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupSort {
    #[default]
    Name,
    /// By the head's first name.
    Head,
    Members,
}

impl GroupSort {
    fn wire(self) -> &'static str {
        match self {
            GroupSort::Name => "title",
            GroupSort::Head => "manager",
            GroupSort::Members => "membersCount",
        }
    }
}

/// What `GET /group` is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupFilter {
    /// `filterValue`: a part of the name, without regard to case.
    pub search: String,
    pub sort: GroupSort,
    pub descending: bool,
}

/// `GET /group`: one page of groups, without their members.
pub fn list(filter: &GroupFilter, start_index: u64, count: u8) -> Call {
    let mut call = Call::get("/api/2.0/group")
        .with_query("startIndex", start_index)
        .with_query("count", count)
        .with_query("sortBy", filter.sort.wire())
        .with_query(
            "sortOrder",
            if filter.descending {
                "Descending"
            } else {
                "Ascending"
            },
        );
    if !filter.search.trim().is_empty() {
        call = call.with_query("filterValue", filter.search.trim());
    }
    call
}

/// `GET /group/{id}`, with its members (`includeMembers`: the portal's default).
pub fn get(id: &str, include_members: bool) -> Call {
    let call = Call::get(format!("/api/2.0/group/{}", segment(id)));
    if include_members {
        call
    } else {
        call.with_query("includeMembers", false)
    }
}

/// `POST /group`: a new group, its head (made a member by the portal) and its members. One
/// member the portal cannot take (disabled, a guest, gone) and nothing is created.
pub fn create(name: &str, head: Option<&str>, members: &[String]) -> Call {
    let mut body = json!({ "groupName": name, "members": members });
    if let Some(head) = head {
        body["groupManager"] = Value::from(head);
    }
    Call::post("/api/2.0/group", body)
}

/// What `PUT /group/{id}` changes; what is left out stays as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupChange {
    pub name: Option<String>,
    pub head: Option<String>,
    pub add: Vec<String>,
    pub remove: Vec<String>,
}

/// `PUT /group/{id}`: the name, then the head, then the members added, then those removed (who
/// the portal cannot take is skipped without a word; removing the head clears it).
pub fn update(id: &str, change: &GroupChange) -> Call {
    let mut body = json!({});
    if let Some(name) = &change.name {
        body["groupName"] = Value::from(name.as_str());
    }
    if let Some(head) = &change.head {
        body["groupManager"] = Value::from(head.as_str());
    }
    if !change.add.is_empty() {
        body["membersToAdd"] = json!(change.add);
    }
    if !change.remove.is_empty() {
        body["membersToRemove"] = json!(change.remove);
    }
    Call::put(format!("/api/2.0/group/{}", segment(id)), body)
}

/// `DELETE /group/{id}`: the group goes, its people stay (the portal answers 204, no body).
pub fn delete(id: &str) -> Call {
    Call::delete(format!("/api/2.0/group/{}", segment(id)))
}

/// `PUT /group/{id}/members`: adds members (who it cannot take is skipped).
pub fn add_members(id: &str, ids: &[String]) -> Call {
    Call::put(
        format!("/api/2.0/group/{}/members", segment(id)),
        json!({ "members": ids }),
    )
}

/// `DELETE /group/{id}/members` (a DELETE with a body): removes members; the head with them.
pub fn remove_members(id: &str, ids: &[String]) -> Call {
    Call::delete(format!("/api/2.0/group/{}/members", segment(id)))
        .with_body(json!({ "members": ids }))
}

/// `PUT /group/{from}/members/{to}`: every active or pending member of `from` moves to `to`.
pub fn move_members(from: &str, to: &str) -> Call {
    Call::put_empty(format!(
        "/api/2.0/group/{}/members/{}",
        segment(from),
        segment(to)
    ))
}

/// `PUT /group/{id}/manager`: a new head, made a member; the old head stays a member.
pub fn set_head(id: &str, person: &str) -> Call {
    Call::put(
        format!("/api/2.0/group/{}/manager", segment(id)),
        json!({ "userId": person }),
    )
}

/// `GET /group/user/{id}`: the groups a person is in, by name, unpaged.
pub fn of_person(id: &str) -> Call {
    Call::get(format!("/api/2.0/group/user/{}", segment(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_query() {
        let f = GroupFilter {
            search: " sales ".into(),
            sort: GroupSort::Members,
            descending: true,
        };
        assert_eq!(
            list(&f, 100, 100).path_and_query(),
            "/api/2.0/group?startIndex=100&count=100&sortBy=membersCount&sortOrder=Descending&filterValue=sales"
        );
        assert_eq!(
            list(&GroupFilter::default(), 0, 25).path_and_query(),
            "/api/2.0/group?startIndex=0&count=25&sortBy=title&sortOrder=Ascending"
        );
        assert_eq!(get("g1", true).path_and_query(), "/api/2.0/group/g1");
        assert_eq!(
            get("g1", false).path_and_query(),
            "/api/2.0/group/g1?includeMembers=false"
        );
    }

    #[test]
    fn writes_carry_their_bodies() {
        let ids = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            create("Sales", Some("h"), &ids).body,
            Some(json!({"groupName": "Sales", "groupManager": "h", "members": ["a", "b"]}))
        );
        assert_eq!(
            create("Sales", None, &[]).body,
            Some(json!({"groupName": "Sales", "members": []}))
        );
        let rename = GroupChange {
            name: Some("Ops".into()),
            ..GroupChange::default()
        };
        assert_eq!(update("g", &rename).body, Some(json!({"groupName": "Ops"})));
        let members = GroupChange {
            head: Some("h".into()),
            add: ids.clone(),
            remove: vec!["c".into()],
            ..GroupChange::default()
        };
        assert_eq!(
            update("g", &members).body,
            Some(
                json!({"groupManager": "h", "membersToAdd": ["a", "b"], "membersToRemove": ["c"]})
            )
        );
        let remove = remove_members("g", &ids);
        assert_eq!(
            (remove.method, remove.path.as_str()),
            (
                super::super::call::Method::Delete,
                "/api/2.0/group/g/members"
            )
        );
        assert_eq!(remove.body, Some(json!({"members": ["a", "b"]})));
        assert_eq!(
            add_members("g", &ids).body,
            Some(json!({"members": ["a", "b"]}))
        );
        let moved = move_members("f", "t");
        assert_eq!(
            (moved.path.as_str(), moved.body),
            ("/api/2.0/group/f/members/t", None)
        );
        assert_eq!(set_head("g", "p").body, Some(json!({"userId": "p"})));
        assert_eq!(of_person("p/q").path, "/api/2.0/group/user/p%2Fq");
        assert_eq!(delete("g").path, "/api/2.0/group/g");
    }
}
