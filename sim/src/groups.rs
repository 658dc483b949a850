//! `/api/2.0/group` (more-endpoints.md §1; `products/ASC.People/Server/Api/GroupsController.cs`,
//! class `GroupController`, DocSpace-server 3.7.2): one file per kind of endpoint, with what
//! they share here: the `:guid` routes, finding a group, `GroupDto`, and reading the bodies.
//!
//! - `list`: `GET /group`, `GET /group/{id}`, `GET /group/user/{userid}`;
//! - `change`: `POST /group`, `PUT /group/{id}`, `DELETE /group/{id}`;
//! - `members`: `PUT|POST|DELETE /group/{id}/members`, `PUT /group/{fromId}/members/{toId}`,
//!   `PUT /group/{id}/manager`.
//!
//! The state is `Portal`'s (`portal::groups`). Not modelled: writes to a system group's id
//! (the server would write system-group membership, i.e. change people's types without the
//! checks of `PUT /people/type`; more-endpoints.md §1.0 says never to send them): they answer
//! 404 "The group could not be found" here, except `DELETE`, which the server answers 204
//! without changing the group, as here. Reads of a system group's id work as on the server.

pub mod change;
pub mod list;
pub mod members;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::envelope::{error, validation, RequestLink};
use crate::guid;
use crate::model::User;
use crate::people::{body, full_dto, parse_guid};
use crate::portal::groups::{shown, SystemGroup, EMPTY_GUID, LOST_GROUP, SYSTEM_CATEGORY};
use crate::portal::Portal;
use crate::rules::Refusal;

/// A group a route names: one of the portal's (its index in `Portal::groups`) or a system group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Row(usize),
    System(SystemGroup),
}

/// A route segment under the `:guid` constraint (`{id:guid}`, `{userid:guid}`, …): a GUID in
/// any form `Guid.TryParse` reads, in lower-case `D` form. Any other text does not match the
/// route, so no action runs: a bare 404, before authentication.
pub fn route_guid(segment: &str) -> Result<String, Response> {
    guid::parse(segment).map_err(|_| StatusCode::NOT_FOUND.into_response())
}

/// `GetGroupInfoAsync`: a group of the portal that is not deleted, or a system group; 404 "The
/// group could not be found" for anything else, the lost group's id included.
pub fn find(portal: &Portal, id: &str) -> Result<Target, Refusal> {
    if id == LOST_GROUP {
        return Err(Refusal::GroupNotFound);
    }
    if let Some(system) = SystemGroup::by_id(id) {
        return Ok(Target::System(system));
    }
    portal
        .group_index(id)
        .map(Target::Row)
        .ok_or(Refusal::GroupNotFound)
}

/// The group a write changes: a group of the portal. A system group's id is not modelled for
/// writes (see the module's doc): 404 as for an unknown group.
pub fn find_row(portal: &Portal, id: &str) -> Result<usize, Refusal> {
    match find(portal, id)? {
        Target::Row(index) => Ok(index),
        Target::System(_) => Err(Refusal::GroupNotFound),
    }
}

/// `GroupDto` (`GroupFullDtoHelper.Get`), its properties in the class's order: `parent` always
/// the empty GUID; `isSystem` only for a system group; `manager` (the head, as `caller` may see
/// them) only when there is one; `members` (Active and Pending members, as `caller` may see
/// them) only with `include_members`; `membersCount` always, Active and Pending only.
pub fn group_dto(
    portal: &Portal,
    target: Target,
    caller: &User,
    link: &RequestLink,
    include_members: bool,
) -> Value {
    let members: Vec<&User> = match target {
        Target::Row(index) => portal
            .users
            .iter()
            .filter(|u| shown(u) && u.groups.contains(&index))
            .collect(),
        Target::System(system) => portal
            .users
            .iter()
            .filter(|u| shown(u) && system.contains(u))
            .collect(),
    };
    let count = members.len();
    dto_of(
        portal,
        target,
        caller,
        link,
        include_members.then_some(members),
        count,
    )
}

/// A list item of `GET /group`: no `members`, the count given.
pub fn list_item(
    portal: &Portal,
    index: usize,
    caller: &User,
    link: &RequestLink,
    members_count: usize,
) -> Value {
    dto_of(
        portal,
        Target::Row(index),
        caller,
        link,
        None,
        members_count,
    )
}

fn dto_of(
    portal: &Portal,
    target: Target,
    caller: &User,
    link: &RequestLink,
    members: Option<Vec<&User>>,
    members_count: usize,
) -> Value {
    let (id, name, category, head) = match target {
        Target::Row(index) => {
            let group = &portal.groups[index];
            (
                group.id.as_str(),
                group.name.as_str(),
                EMPTY_GUID,
                group.head.as_deref(),
            )
        }
        Target::System(system) => (system.id(), system.name(), SYSTEM_CATEGORY, None),
    };
    let mut dto = Map::new();
    dto.insert("name".into(), name.into());
    dto.insert("parent".into(), EMPTY_GUID.into());
    dto.insert("category".into(), category.into());
    dto.insert("id".into(), id.into());
    dto.insert("isLDAP".into(), false.into());
    if matches!(target, Target::System(_)) {
        dto.insert("isSystem".into(), true.into());
    }
    if let Some(head) = head.and_then(|id| portal.user(id)) {
        dto.insert("manager".into(), full_dto(portal, head, caller, link));
    }
    if let Some(members) = members {
        let members: Vec<Value> = members
            .into_iter()
            .map(|u| full_dto(portal, u, caller, link))
            .collect();
        dto.insert("members".into(), members.into());
    }
    dto.insert("membersCount".into(), members_count.into());
    Value::Object(dto)
}

/// A property of a JSON body: absent, an explicit `null`, or a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field<T> {
    Absent,
    Null,
    Given(T),
}

/// A request body bound as System.Text.Json binds the server's request DTOs: an object whose
/// properties are matched without regard to case (the web defaults); anything else, or a
/// property of the wrong type, is the validation 400.
pub struct Body<'a> {
    fields: Map<String, Value>,
    link: &'a RequestLink,
}

impl<'a> Body<'a> {
    /// The body of a `[FromBody]` parameter: an empty body is the validation 400 "A non-empty
    /// request body is required.".
    pub fn parse(link: &'a RequestLink, bytes: &[u8]) -> Result<Body<'a>, Response> {
        match body::<Value>(link, bytes)? {
            Value::Object(fields) => Ok(Body { fields, link }),
            _ => Err(validation(
                link,
                "$",
                "The JSON value could not be converted to the request's type.",
            )),
        }
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    fn wrong_type(&self, name: &str, dotnet_type: &str) -> Response {
        validation(
            self.link,
            &format!("$.{name}"),
            &format!("The JSON value could not be converted to {dotnet_type}. Path: $.{name}"),
        )
    }

    /// A `string` property.
    pub fn text(&self, name: &str) -> Result<Field<String>, Response> {
        match self.get(name) {
            None => Ok(Field::Absent),
            Some(Value::Null) => Ok(Field::Null),
            Some(Value::String(s)) => Ok(Field::Given(s.clone())),
            Some(_) => Err(self.wrong_type(name, "System.String")),
        }
    }

    /// A `Guid` property (not nullable: `null` does not bind).
    pub fn guid(&self, name: &str) -> Result<Option<String>, Response> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => parse_guid(&format!("$.{name}"), s)
                .map(Some)
                .map_err(|b| b.into_response(self.link)),
            Some(_) => Err(self.wrong_type(name, "System.Guid")),
        }
    }

    /// An `IEnumerable<Guid>` property: `None` when absent or `null`.
    pub fn guids(&self, name: &str) -> Result<Option<Vec<String>>, Response> {
        let items = match self.get(name) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Array(items)) => items,
            Some(_) => {
                return Err(self.wrong_type(
                    name,
                    "System.Collections.Generic.IEnumerable`1[System.Guid]",
                ))
            }
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let at = format!("$.{name}[{i}]");
                match item {
                    Value::String(s) => parse_guid(&at, s).map_err(|b| b.into_response(self.link)),
                    _ => Err(validation(
                        self.link,
                        &at,
                        &format!(
                            "The JSON value could not be converted to System.Guid. Path: {at}"
                        ),
                    )),
                }
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A `required` property that is absent: System.Text.Json refuses the whole body.
    pub fn missing(&self, dto: &str, name: &str) -> Response {
        validation(
            self.link,
            "$",
            &format!(
                "JSON deserialization for type 'ASC.People.ApiModels.RequestDto.{dto}' was \
                 missing required properties, including the following: {name}"
            ),
        )
    }
}

/// `[StringLength]` counts UTF-16 code units, as .NET's `string.Length`.
pub fn name_length(name: &str) -> usize {
    name.encode_utf16().count()
}

/// An `ArgumentNullException` (400, its own message).
pub fn argument_null(parameter: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        &format!("Value cannot be null. (Parameter '{parameter}')"),
        Some("System.ArgumentNullException"),
    )
}

/// "The user could not be found" as an `ArgumentException` (400), as `AddGroup` throws it for
/// a member or head who may not be one.
pub fn user_not_found_argument() -> Response {
    Refusal::BadRequest("The user could not be found".into()).into()
}
