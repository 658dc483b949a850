//! Creating, renaming and deleting groups: `POST /group` (more-endpoints.md §1.2), `PUT
//! /group/{id}` (§1.4), `DELETE /group/{id}` (§1.5).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

use super::{
    argument_null, find, find_row, group_dto, name_length, route_guid, user_not_found_argument,
    Body, Field, Target,
};
use crate::envelope::{success, validation, RequestLink};
use crate::model::Group;
use crate::people::{lock, me, Reply};
use crate::portal::groups::EMPTY_GUID;
use crate::rules::{can_edit_groups, Refusal};
use crate::SharedPortal;

/// `ArgumentException.ThrowIfNullOrWhiteSpace(inDto.GroupName)`'s message for a name of spaces.
pub const WHITESPACE_NAME: &str = "The value cannot be an empty string or composed entirely of \
                                   whitespace. (Parameter 'inDto.GroupName')";

/// `POST /group` with `{groupName, groupManager?, members?}` (`AddGroup`, `GroupRequestDto`):
///
/// 0. the body binds: `groupName` present, 1 to 128 UTF-16 units (`[StringLength(128,
///    MinimumLength = 1)]`), GUIDs well formed; else the validation 400, before anything else;
/// 1. owner and DocSpace admins only (403);
/// 2. a `null` or all-whitespace name: 400 (`ThrowIfNullOrWhiteSpace`);
/// 3. every member and the head (unless absent or the empty GUID) must be able to join
///    (`Portal::may_join`): else 400 "The user could not be found", and nothing is created;
/// 4. the group is created with the head (made a member too) and the members.
///
/// Names are kept as sent (not trimmed), and need not be unique. Answers the `GroupDto` with
/// `members`.
pub async fn create(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request = Body::parse(&link, &bytes)?;
    let name = match request.text("groupName")? {
        Field::Absent => return Err(request.missing("GroupRequestDto", "groupName")),
        Field::Null => None,
        Field::Given(name) => Some(name),
    };
    if name
        .as_deref()
        .is_some_and(|n| !(1..=128).contains(&name_length(n)))
    {
        return Err(validation(
            &link,
            "GroupName",
            "The field GroupName must be a string with a minimum length of 1 and a maximum \
             length of 128.",
        ));
    }
    let head = request.guid("groupManager")?.filter(|id| id != EMPTY_GUID);
    let members = request.guids("members")?.unwrap_or_default();
    can_edit_groups(&me)?;
    let Some(name) = name else {
        return Err(argument_null("inDto.GroupName"));
    };
    if name.chars().all(char::is_whitespace) {
        return Err(Refusal::BadRequest(WHITESPACE_NAME.into()).into());
    }
    if !members.iter().chain(&head).all(|id| portal.may_join(id)) {
        return Err(user_not_found_argument());
    }
    let id = portal.new_guid();
    portal.groups.push(Group::new(id.clone(), name));
    let index = portal.groups.len() - 1;
    if let Some(head) = &head {
        portal.write_head(index, head);
        portal.join(index, head);
    }
    for member in &members {
        portal.join(index, member);
    }
    let name = portal.groups[index].name.clone();
    portal.record(&me.id, crate::audit::action::GROUP_CREATED, &[&id], &name);
    let dto = group_dto(&portal, Target::Row(index), &me, &link, true);
    Ok(success(&link, dto, None))
}

/// `PUT /group/{id}` with `{groupName?, groupManager?, membersToAdd?, membersToRemove?}`
/// (`UpdateGroup`), in the server's order:
///
/// 1. owner and DocSpace admins only (403), then the group (404);
/// 2. `groupName`, if not `null`, replaces the name: `[StringLength(128)]` and nothing else, so
///    `""` is stored;
/// 3. `groupManager`, if they may join, becomes the head (and a member; the old head stays a
///    member); anyone else, or the empty GUID, is ignored: there is no way to clear the head;
/// 4. `membersToAdd` who may join are added, the others skipped without a word;
/// 5. `membersToRemove` who exist are removed; removing the head clears the head, also when
///    step 3 just set them.
///
/// Answers the `GroupDto` with `members`, whatever changed.
pub async fn update(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(id): Path<String>,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let id = route_guid(&id)?;
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let request = Body::parse(&link, &bytes)?;
    let name = request.text("groupName")?;
    if matches!(&name, Field::Given(n) if name_length(n) > 128) {
        return Err(validation(
            &link,
            "GroupName",
            "The field GroupName must be a string with a maximum length of 128.",
        ));
    }
    let head = request.guid("groupManager")?;
    let to_add = request.guids("membersToAdd")?.unwrap_or_default();
    let to_remove = request.guids("membersToRemove")?.unwrap_or_default();
    can_edit_groups(&me)?;
    let index = find_row(&portal, &id)?;
    if let Field::Given(name) = name {
        portal.groups[index].name = name;
    }
    if let Some(head) = head.filter(|h| portal.may_join(h)) {
        portal.write_head(index, &head);
        portal.join(index, &head);
    }
    for member in to_add
        .iter()
        .filter(|m| portal.may_join(m))
        .cloned()
        .collect::<Vec<_>>()
    {
        portal.join(index, &member);
    }
    for member in &to_remove {
        portal.leave(index, member);
    }
    let (gid, name) = (
        portal.groups[index].id.clone(),
        portal.groups[index].name.clone(),
    );
    portal.record(&me.id, crate::audit::action::GROUP_UPDATED, &[&gid], &name);
    let dto = group_dto(&portal, Target::Row(index), &me, &link, true);
    Ok(success(&link, dto, None))
}

/// `DELETE /group/{id}` (`DeleteGroup`): owner and DocSpace admins only (403), 404 for no such
/// group; the group, its memberships and its head go, the people stay. The action returns a
/// `NoContentResult`, which the server's response wrapper does not wrap: 204 with an empty
/// body (the spec says 200 with a `NoContentResultWrapper`). A system group's id also answers
/// 204 and changes nothing (`UserManager.DeleteGroupAsync` skips it).
pub async fn delete(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Reply {
    let id = route_guid(&id)?;
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    can_edit_groups(&me)?;
    if let Target::Row(index) = find(&portal, &id)? {
        let name = portal.groups[index].name.clone();
        portal.delete_group(&id);
        portal.record(&me.id, crate::audit::action::GROUP_DELETED, &[&id], &name);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
