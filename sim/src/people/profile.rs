//! One person: `@self`, by id or user name, by email (reference §3.3).

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;

use super::{full_dto, lock, me, trim_fields, Reply};
use crate::envelope::{success, RequestLink};
use crate::params::Params;
use crate::rules::{can_view, Refusal};
use crate::SharedPortal;

/// `GET /people/@self`: always allowed; adds the fields only `@self` carries.
pub async fn get_self(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let mut dto = full_dto(&portal, &me, &me, &link);
    if let Some(fields) = dto.as_object_mut() {
        fields.insert("theme".into(), "System".into());
        fields.insert("loginEventId".into(), 0.into());
        fields.insert("authCookieLifetime".into(), (365.0 * 86_400.0).into());
        fields.insert("hasPersonalFolder".into(), true.into());
    }
    trim_fields(&mut dto, Params::parse(query.as_deref()).get("fields"));
    Ok(success(&link, dto, None))
}

/// `GET /people/{userid}`: a GUID or a user name; 404 for unknown and deleted users, 403 when
/// the caller may not see them.
pub async fn get_user(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    Path(userid): Path<String>,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let user = portal
        .user_by_id_or_name(&userid)
        .ok_or(Refusal::NotFound)?;
    can_view(&me, user)?;
    let mut dto = full_dto(&portal, user, &me, &link);
    trim_fields(&mut dto, Params::parse(query.as_deref()).get("fields"));
    Ok(success(&link, dto, None))
}

/// `GET /people/email?email=`.
pub async fn get_by_email(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    let params = Params::parse(query.as_deref());
    let email = params.get("email").unwrap_or("");
    let user = portal.user_by_email(email).ok_or(Refusal::NotFound)?;
    can_view(&me, user)?;
    Ok(success(&link, full_dto(&portal, user, &me, &link), None))
}
