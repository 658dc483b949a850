//! Invitation links, the portal's join links (`more-endpoints.md` §2.3, DocSpace 3.7.1 and
//! later): at most one per type, read one type at a time (there is no list), changed as a
//! whole. `employeeType` is a number on these routes, in both directions.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::call::{segment, Call};
use super::error::ApiError;
use super::transport::PortalClient;

const PATH: &str = "/api/2.0/portal/users/invitationlink";

/// The types a link can be for, in the portal's order and with its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkType {
    DocSpaceAdmin,
    RoomAdmin,
    User,
}

impl LinkType {
    pub const ALL: [LinkType; 3] = [LinkType::DocSpaceAdmin, LinkType::RoomAdmin, LinkType::User];

    /// `EmployeeType` as these routes write it.
    pub fn code(self) -> u8 {
        match self {
            LinkType::DocSpaceAdmin => 3,
            LinkType::RoomAdmin => 1,
            LinkType::User => 4,
        }
    }

    pub fn from_code(code: u8) -> Option<LinkType> {
        LinkType::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            LinkType::DocSpaceAdmin => "DocSpace admin",
            LinkType::RoomAdmin => "Room admin",
            LinkType::User => "User",
        }
    }
}

/// `InvitationLinkDto`. `expiration` (an ApiDateTime in the portal's time zone) and
/// `maxUseCount` are absent when the link never expires or has no limit; `isExpired` is the
/// portal's own verdict at the time it answered.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationLink {
    pub id: String,
    pub employee_type: u8,
    #[serde(default)]
    pub expiration: Option<String>,
    #[serde(default)]
    pub is_expired: bool,
    #[serde(default)]
    pub max_use_count: Option<u32>,
    #[serde(default)]
    pub current_use_count: u32,
    /// This caller's own URL of the link (signed with their ID).
    #[serde(default)]
    pub url: Option<String>,
}

/// What a link is set to: when it stops working (UTC, ending in `Z`) and how many may join.
/// `None` means never, or no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkSettings {
    pub expiration: Option<String>,
    pub max_use_count: Option<u32>,
}

impl LinkSettings {
    /// The fields that are set; an unset one is left out, which the portal reads as "never" or
    /// "no limit" (a change replaces both).
    fn into_fields(self, mut fields: Map<String, Value>) -> Value {
        if let Some(at) = self.expiration {
            fields.insert("expiration".into(), at.into());
        }
        if let Some(max) = self.max_use_count {
            fields.insert("maxUseCount".into(), max.into());
        }
        Value::Object(fields)
    }
}

/// `GET /portal/users/invitationlink/{employeeType}`: the link of that type; no `response` when
/// there is none.
pub fn link_of_type(kind: LinkType) -> Call {
    Call::get(format!("{PATH}/{}", segment(&kind.code().to_string())))
}

/// `POST /portal/users/invitationlink`: a new link of `kind` (one per type).
pub fn create_link(kind: LinkType, settings: LinkSettings) -> Call {
    let mut fields = Map::new();
    fields.insert("employeeType".into(), kind.code().into());
    Call::post(PATH, settings.into_fields(fields))
}

/// `PUT /portal/users/invitationlink`: both settings replaced (what is left out is cleared).
pub fn change_link(id: &str, settings: LinkSettings) -> Call {
    let mut fields = Map::new();
    fields.insert("id".into(), id.into());
    Call::put(PATH, settings.into_fields(fields))
}

/// `DELETE /portal/users/invitationlink` with `{id}` in the body; the answer has no `response`.
pub fn delete_link(id: &str) -> Call {
    Call::delete(PATH).with_body(json!({ "id": id }))
}

impl PortalClient {
    /// The portal's link for `kind`, if it has one.
    pub async fn invitation_link(
        &self,
        kind: LinkType,
    ) -> Result<Option<InvitationLink>, ApiError> {
        self.send(&link_of_type(kind)).await
    }

    pub async fn create_invitation_link(
        &self,
        kind: LinkType,
        settings: LinkSettings,
    ) -> Result<InvitationLink, ApiError> {
        self.send(&create_link(kind, settings)).await
    }

    pub async fn change_invitation_link(
        &self,
        id: &str,
        settings: LinkSettings,
    ) -> Result<InvitationLink, ApiError> {
        self.send(&change_link(id, settings)).await
    }

    pub async fn delete_invitation_link(&self, id: &str) -> Result<(), ApiError> {
        self.send::<Value>(&delete_link(id)).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::super::call::Method;
    use super::*;

    #[test]
    fn a_type_is_read_by_its_number() {
        let call = link_of_type(LinkType::User);
        assert_eq!(call.method, Method::Get);
        assert_eq!(
            call.path_and_query(),
            "/api/2.0/portal/users/invitationlink/4"
        );
        assert_eq!(link_of_type(LinkType::RoomAdmin).path, format!("{PATH}/1"));
        assert_eq!(
            link_of_type(LinkType::DocSpaceAdmin).path,
            format!("{PATH}/3")
        );
        assert_eq!(LinkType::from_code(4), Some(LinkType::User));
        assert_eq!(LinkType::from_code(2), None);
    }

    #[test]
    fn create_sends_the_type_as_a_number_and_only_what_is_set() {
        let call = create_link(
            LinkType::User,
            LinkSettings {
                expiration: Some("2026-12-08T10:00:00.000Z".into()),
                max_use_count: Some(5),
            },
        );
        assert_eq!((call.method, call.path.as_str()), (Method::Post, PATH));
        assert_eq!(
            call.body,
            Some(
                json!({"employeeType": 4, "expiration": "2026-12-08T10:00:00.000Z", "maxUseCount": 5})
            )
        );
        let bare = create_link(LinkType::RoomAdmin, LinkSettings::default());
        assert_eq!(bare.body, Some(json!({"employeeType": 1})));
    }

    #[test]
    fn a_change_names_the_link_and_leaves_out_what_is_cleared() {
        let call = change_link(
            "abc",
            LinkSettings {
                expiration: None,
                max_use_count: Some(10),
            },
        );
        assert_eq!((call.method, call.path.as_str()), (Method::Put, PATH));
        assert_eq!(call.body, Some(json!({"id": "abc", "maxUseCount": 10})));
        let delete = delete_link("abc");
        assert_eq!(
            (delete.method, delete.path.as_str()),
            (Method::Delete, PATH)
        );
        assert_eq!(delete.body, Some(json!({"id": "abc"})));
    }

    #[test]
    fn the_dto_reads_with_its_optional_fields_absent() {
        let link: InvitationLink = serde_json::from_value(json!({
            "id": "l1", "employeeType": 4, "isExpired": false, "currentUseCount": 0,
            "url": "http://portal/confirm/LinkInvite?type=LinkInvite&key=k&uid=u&emplType=4"
        }))
        .unwrap();
        assert_eq!((link.expiration, link.max_use_count), (None, None));
        let full: InvitationLink = serde_json::from_value(json!({
            "id": "l1", "employeeType": 1, "expiration": "2026-12-08T10:00:00.0000000+00:00",
            "isExpired": true, "maxUseCount": 5, "currentUseCount": 5, "url": "u"
        }))
        .unwrap();
        assert!(full.is_expired);
        assert_eq!(full.max_use_count, Some(5));
    }
}
