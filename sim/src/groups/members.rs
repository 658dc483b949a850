//! A group's members and head: `PUT /group/{id}/members` (add, more-endpoints.md §1.6), `POST`
//! (replace, §1.7), `DELETE` (remove, §1.8), `PUT /group/{fromId}/members/{toId}` (move,
//! §1.9) and `PUT /group/{id}/manager` (§1.10).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::{argument_null, find, find_row, group_dto, route_guid, Body, Target};
use crate::envelope::{error, success, RequestLink};
use crate::people::{lock, me, Reply};
use crate::portal::Portal;
use crate::rules::{can_edit_groups, can_read_groups, Refusal};
use crate::SharedPortal;

/// The ids of the group's Active and Pending members (`GetUsersByGroupAsync`), the ones the
/// replace and the move act on; none for an unknown group.
fn shown_member_ids(portal: &Portal, id: &str) -> Vec<String> {
    portal
        .shown_members(id)
        .into_iter()
        .map(|u| u.id.clone())
        .collect()
}

/// The group's `GroupDto` with `members`, as the endpoints answer.
fn answer(portal: &Portal, index: usize, me: &crate::model::User, link: &RequestLink) -> Reply {
    Ok(success(
        link,
        group_dto(portal, Target::Row(index), me, link, true),
        None,
    ))
}

/// `PUT /group/{id}/members` with `{members}` (`AddMembersTo`): owner and DocSpace admins only
/// (403), 404 for no such group; those who may join are added, the others skipped without a
/// word. Without `members` (`{}`) the action's loop reads a null: a NullReferenceException, 500.
///
/// Each member costs a lookup by id, so a thousand members on a portal of ten thousand is one
/// pass to add them and one to answer.
pub async fn add(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(id): Path<String>,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let id = route_guid(&id)?;
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let members = Body::parse(&link, &bytes)?.guids("members")?;
    can_edit_groups(&me)?;
    let index = find_row(&portal, &id)?;
    let Some(members) = members else {
        return Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Object reference not set to an instance of an object.",
            Some("System.NullReferenceException"),
        ));
    };
    for member in &members {
        if portal.may_join(member) {
            portal.join(index, member);
        }
    }
    answer(&portal, index, &me, &link)
}

/// `POST /group/{id}/members` with `{members}` (`SetMembersTo`):
///
/// 1. before any permission check: no `members` is an ArgumentNullException (400, parameter
///    `source`), and a list where nobody may join is 400 "Members";
/// 2. every Active and Pending member is removed (owner and DocSpace admins only, 403; 404 for
///    no such group), which clears the head when the head is one of them, even if they are in
///    the new list;
/// 3. those of the list who may join are added.
///
/// A terminated member is not among those removed (their row stays), and neither is a head who
/// is not a member: such a head stays head.
pub async fn replace(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(id): Path<String>,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let id = route_guid(&id)?;
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let Some(members) = Body::parse(&link, &bytes)?.guids("members")? else {
        return Err(argument_null("source"));
    };
    if !members.iter().any(|m| portal.may_join(m)) {
        return Err(Refusal::BadRequest("Members".into()).into());
    }
    let current = shown_member_ids(&portal, &id);
    can_edit_groups(&me)?;
    let index = find_row(&portal, &id)?;
    for member in &current {
        portal.leave(index, member);
    }
    for member in &members {
        if portal.may_join(member) {
            portal.join(index, member);
        }
    }
    answer(&portal, index, &me, &link)
}

/// `DELETE /group/{id}/members` with `{members}` (`RemoveMembersFrom`; a DELETE with a JSON
/// body, which is required): owner and DocSpace admins only (403), 404 for no such group;
/// everyone listed who exists is removed, whatever their status; unknown ids are skipped.
/// Removing the head clears the head.
pub async fn remove(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(id): Path<String>,
    link: RequestLink,
    bytes: Bytes,
) -> Reply {
    let id = route_guid(&id)?;
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let members = Body::parse(&link, &bytes)?
        .guids("members")?
        .unwrap_or_default();
    can_edit_groups(&me)?;
    let index = find_row(&portal, &id)?;
    for member in &members {
        portal.leave(index, member);
    }
    answer(&portal, index, &me, &link)
}

/// `PUT /group/{fromId}/members/{toId}` (`MoveMembersTo`, no body): owner and DocSpace admins
/// only (403), 404 when either group is missing; each Active and Pending member of `fromId` is
/// added to `toId` (if they may join) and removed from `fromId`. Terminated members stay in
/// `fromId`; a moved head leaves `fromId` without one and is a plain member of `toId`, whose
/// head does not change. `fromId == toId` empties the group. Answers `toId`'s `GroupDto`.
pub async fn move_all(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path((from, to)): Path<(String, String)>,
    link: RequestLink,
) -> Reply {
    let from = route_guid(&from)?;
    let to = route_guid(&to)?;
    let mut portal = lock(&shared);
    let me = me(&portal, &headers)?;
    can_edit_groups(&me)?;
    let from_index = find_row(&portal, &from)?;
    let to_index = find_row(&portal, &to)?;
    for member in shown_member_ids(&portal, &from) {
        if portal.may_join(&member) {
            portal.join(to_index, &member);
        }
        portal.leave(from_index, &member);
    }
    answer(&portal, to_index, &me, &link)
}

/// `PUT /group/{id}/manager` with `{userId}` (`SetGroupManager`), which demands no permission up
/// front:
///
/// 1. the group (404 "The group could not be found"), then the user: none (or deleted) is 404
///    "The user could not be found";
/// 2. a user who may not join (a guest, a terminated user) changes nothing;
/// 3. anyone else becomes the head, the reference written before anything is checked
///    (`SetDepartmentManagerAsync`); making them a member then needs `EditGroups`
///    (`AddUserIntoGroupAsync`): 403 for anyone but the owner and DocSpace admins, **with the
///    head already written** and the user not a member (more-endpoints.md §1.10, "partial
///    write");
/// 4. the answer reads the group (`GetGroup`, `ReadGroups`): 403 for users and guests, so a
///    room admin naming a guest gets the unchanged group.
pub async fn set_manager(
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
    let Some(user_id) = request.guid("userId")? else {
        return Err(request.missing("SetManagerRequest", "userId"));
    };
    let index = match find(&portal, &id)? {
        Target::Row(index) => index,
        Target::System(_) => return Err(Refusal::GroupNotFound.into()),
    };
    if portal.user(&user_id).is_none() {
        return Err(Refusal::NotFound.into());
    }
    if portal.may_join(&user_id) {
        portal.write_head(index, &user_id);
        can_edit_groups(&me)?;
        portal.join(index, &user_id);
    }
    can_read_groups(&me)?;
    answer(&portal, index, &me, &link)
}
