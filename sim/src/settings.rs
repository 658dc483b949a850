//! `GET /api/2.0/settings/version/build`: which release the portal is (more-endpoints §8).
//!
//! `VersionController.GetBuildVersions` (`web/ASC.Web.Api/Api/Settings/VersionController.cs`) is
//! `[AllowAnonymous]` and `[AllowNotPayment]`, and `[ApiExplorerSettings(IgnoreApi = true)]`, so
//! it is missing from the OpenAPI spec. It answers `BuildVersion`
//! (`web/ASC.Web.Api/Core/BuildVersion.cs`) in the usual envelope:
//!
//! - `docSpace`: the configured `version:number` (here `--portal-version`, as given);
//! - `communityServer`: `"12.0.0"`, up to 3.0.4 only;
//! - `documentServer`: the ONLYOFFICE Docs version, or null (so omitted) when no Docs URL is
//!   configured, which is the simulated portal's case: it has no Docs.
//!
//! `GET /api/2.0/settings` (`SettingsController.GetSettingsAsync`, `[AllowAnonymous]`): what the
//! portal tells any caller (culture, version, the deep link) and, to a signed-in one, more: its
//! owner, time zone, and `invitationLimit`, the invitation emails it may still send
//! (`invitation_caps.rs`).

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::envelope::{success, RequestLink};
use crate::SharedPortal;

/// `ApiKeyScopesFilter.IsApiKeyRequest`: an `Authorization` that starts with `Bearer ` (that
/// exact case) and whose rest, trimmed, starts with `sk-`.
pub fn is_api_key_request(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|key| key.trim().starts_with("sk-"))
}

/// `GET /settings/version/build`: no credentials needed. Since 3.7.1 an API key, if one is
/// sent, must carry a read or write scope (`ApiKeyScopesFilter`): the simulator's keys have
/// full access and pass, while a key that signs nobody in (unknown, revoked, or its owner's
/// account disabled) has no scope at all and gets a 403 with an empty body. Before 3.7.1
/// such a key is simply ignored, as any failed authentication is on an anonymous action.
pub async fn build_version(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Response {
    let portal = crate::people::lock(&shared);
    let version = portal.version();
    if version.checks_key_scopes_on_anonymous()
        && is_api_key_request(&headers)
        && crate::caller(&portal, &headers).is_none()
    {
        return StatusCode::FORBIDDEN.into_response();
    }
    let mut build = Map::new();
    build.insert("docSpace".into(), version.as_str().into());
    if let Some(community) = version.community_server() {
        build.insert("communityServer".into(), community.into());
    }
    success(&link, Value::Object(build), None)
}

/// `GET /settings`: the `SettingsDto` fields an anonymous caller gets, and a signed-in
/// caller's (the owner, the time zone, `invitationLimit`).
pub async fn portal_settings(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Response {
    let portal = crate::people::lock(&shared);
    let mut dto = Map::new();
    dto.insert("culture".into(), "en-US".into());
    dto.insert("baseDomain".into(), "localhost".into());
    dto.insert("cookieSettingsEnabled".into(), false.into());
    dto.insert("docSpace".into(), true.into());
    dto.insert("standalone".into(), true.into());
    dto.insert("version".into(), portal.version().as_str().into());
    dto.insert("tenantStatus".into(), "Active".into());
    dto.insert(
        "deepLink".into(),
        serde_json::json!({
            "androidPackageName": "com.onlyoffice.documents",
            "url": "oodocuments://openfile",
            "iosPackageId": "944896972",
        }),
    );
    if crate::caller(&portal, &headers).is_some() {
        if let Some(owner) = portal.users.iter().find(|u| u.is_owner) {
            dto.insert("ownerId".into(), owner.id.clone().into());
        }
        dto.insert("timezone".into(), "UTC".into());
        dto.insert("utcOffset".into(), "00:00:00".into());
        dto.insert("utcHoursOffset".into(), 0.into());
        dto.insert("tenantAlias".into(), "localhost".into());
        dto.insert(
            "invitationLimit".into(),
            portal
                .invitation_counters
                .left(&portal.invitation_caps(), std::time::Instant::now())
                .into(),
        );
    }
    success(&link, Value::Object(dto), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bearer_sk_header_is_an_api_key_request() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
            is_api_key_request(&headers)
        };
        assert!(with("Bearer sk-abc") && with("Bearer   sk-abc"));
        assert!(!with("bearer sk-abc") && !with("sk-abc") && !with("Bearer token"));
        assert!(!is_api_key_request(&HeaderMap::new()));
    }
}
