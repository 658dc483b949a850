//! `/api/2.0/portal/users/{userID}`: one user by id, from the portal's own controller
//! (`web/ASC.Web.Api/Api/PortalController.cs`, `GetUserById`), not the People API.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

use crate::dto::user_info;
use crate::envelope::{success, RequestLink};
use crate::guid;
use crate::params::Params;
use crate::people::{lock, me, trim_fields, Reply};
use crate::rules::{can_view_id, Refusal};
use crate::SharedPortal;

/// `GET /portal/users/{userID}` (route `users/{userID:guid}`): the core `UserInfo` of the user
/// with that id (`dto::user_info`), not an `EmployeeFullDto`.
///
/// - The id is a GUID in any form .NET reads (`guid`); other text does not match the route, so
///   no action runs and the answer is a bare 404, as for any unknown route. There is no
///   user-name lookup here, unlike `GET /people/{userid}`.
/// - `CanUserViewAnotherUserAsync(caller, id)` comes first (`rules::can_view_id`): 403 "Access
///   denied" for users and guests asking about anyone else, known or not.
/// - Then `UserManager.GetUsersAsync(id)`, which gives LostUser for an unknown or deleted
///   id, a system user: 404 "The user could not be found". Terminated and pending users are
///   found.
///
/// Not modelled: an API key or OAuth token with scopes needs a global read or write scope for
/// this route, since `AuthorizationExtension.ScopesMap`
/// (`common/ASC.Api.Core/Auth/AuthorizationExtension.cs`) gives `portal` no scope of its own
/// (a key limited to `accounts:read` may call `GET /people/{userid}` but not this). The
/// simulator's keys have full access.
pub async fn get_user_by_id(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let Ok(id) = guid::parse(&user_id) else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let target = portal.user(&id);
    can_view_id(&me, &id, target)?;
    let user = target.ok_or(Refusal::NotFound)?;
    let mut dto = user_info(user);
    trim_fields(&mut dto, Params::parse(query.as_deref()).get("fields"));
    Ok(success(&link, dto, None))
}
