//! Users as the server serializes them: `EmployeeDto` and `EmployeeFullDto` (reference §4),
//! and the core `UserInfo`; camelCase with nulls omitted.

use serde_json::{Map, Value};

use crate::model::{ActivationStatus, EmployeeType, Group, User};
use crate::portal::TENANT_ID;
use crate::time::{api_date_time, date_time};

/// What the caller may see of the serialized user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// An owner or DocSpace admin: sees `createdBy`.
    Admin,
    Other,
}

/// HTML-encodes text as .NET's `HtmlEncode` does for display names.
pub fn html_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The slim `EmployeeDto`.
pub fn employee(user: &User, origin: &str) -> Map<String, Value> {
    let avatar =
        |size: &str| format!("/static/images/default_user_photo_size_{size}.png?hash=1760000000");
    let mut dto = Map::new();
    dto.insert("id".into(), user.id.clone().into());
    dto.insert(
        "displayName".into(),
        html_encode(&user.display_name()).into(),
    );
    dto.insert("avatar".into(), avatar("82-82").into());
    dto.insert("avatarOriginal".into(), avatar("200-200").into());
    dto.insert("avatarMax".into(), avatar("200-200").into());
    dto.insert("avatarMedium".into(), avatar("48-48").into());
    dto.insert("avatarSmall".into(), avatar("32-32").into());
    dto.insert(
        "profileUrl".into(),
        format!("{origin}/accounts/view/{}", user.user_name).into(),
    );
    dto.insert("hasAvatar".into(), false.into());
    dto.insert("isAnonim".into(), false.into());
    dto
}

/// A group a user is a member of, with its head's user name, for `EmployeeFullDto.groups`.
#[derive(Debug, Clone, Copy)]
pub struct MemberOf<'a> {
    pub group: &'a Group,
    pub head_user_name: Option<&'a str>,
}

/// `GroupSummaryDto` (`common/ASC.Api.Core/Model/GroupSummaryDto.cs`): `id`, `name`, `manager`
/// (the head's user name, omitted when there is none), `isSystem` (only ever `true`, omitted for
/// a normal group).
pub fn group_summary(id: &str, name: &str, manager: Option<&str>, is_system: bool) -> Value {
    let mut dto = Map::new();
    dto.insert("id".into(), id.into());
    dto.insert("name".into(), name.into());
    if let Some(manager) = manager {
        dto.insert("manager".into(), manager.into());
    }
    if is_system {
        dto.insert("isSystem".into(), true.into());
    }
    Value::Object(dto)
}

/// The full `EmployeeFullDto`, as `viewer` is allowed to see it. `groups` are the user's groups
/// sorted by name (`Portal::groups_of`), or `None` when the caller may not see them
/// (`EmployeeFullDtoHelper.FillGroupsAsync`: a User-type caller looking at someone else), which
/// omits `groups` and `department`. `tfa_app_enabled` is whether the user has an authenticator
/// app configured, or `None` while the portal's authenticator-app sign-in setting is off; only
/// an admin viewer sees it (README §4.2).
pub fn employee_full(
    user: &User,
    groups: Option<&[MemberOf]>,
    creator: Option<&User>,
    viewer: Viewer,
    tfa_app_enabled: Option<bool>,
    origin: &str,
) -> Value {
    let mut dto = employee(user, origin);
    let t = user.employee_type;
    dto.insert("firstName".into(), user.first_name.clone().into());
    dto.insert("lastName".into(), user.last_name.clone().into());
    dto.insert("userName".into(), user.user_name.clone().into());
    dto.insert("email".into(), user.email.clone().into());
    dto.insert("status".into(), (user.status as u8).into());
    dto.insert("activationStatus".into(), (user.activation as u8).into());
    if let Some(at) = user.terminated {
        dto.insert("terminated".into(), api_date_time(at).into());
    }
    if let Some(member_of) = groups {
        let department = member_of
            .iter()
            .map(|m| html_encode(&m.group.name))
            .collect::<Vec<_>>()
            .join(", ");
        dto.insert("department".into(), department.into());
        if !member_of.is_empty() {
            let groups: Vec<Value> = member_of
                .iter()
                .map(|m| group_summary(&m.group.id, &m.group.name, m.head_user_name, false))
                .collect();
            dto.insert("groups".into(), groups.into());
        }
    }
    if let Some(location) = &user.location {
        dto.insert("location".into(), location.clone().into());
    }
    dto.insert(
        "isAdmin".into(),
        (t == EmployeeType::DocSpaceAdmin && !user.is_owner).into(),
    );
    dto.insert("isRoomAdmin".into(), (t == EmployeeType::RoomAdmin).into());
    dto.insert("isLDAP".into(), false.into());
    dto.insert("isOwner".into(), user.is_owner.into());
    dto.insert("isVisitor".into(), (t == EmployeeType::Guest).into());
    dto.insert("isCollaborator".into(), (t == EmployeeType::User).into());
    dto.insert("mobilePhoneActivationStatus".into(), 0.into());
    dto.insert("isSSO".into(), false.into());
    dto.insert(
        "registrationDate".into(),
        api_date_time(user.registered).into(),
    );
    if viewer == Viewer::Admin {
        if let Some(creator) = creator {
            dto.insert("createdBy".into(), Value::Object(employee(creator, origin)));
        }
        if let Some(enabled) = tfa_app_enabled {
            dto.insert("tfaAppEnabled".into(), enabled.into());
        }
    }
    Value::Object(dto)
}

/// The core `UserInfo` (`common/ASC.Core.Common/Core/UserInfo.cs`), which `GET
/// /portal/users/{userID}` returns as it is: System.Text.Json with the server's options
/// (camelCase, nulls omitted, enums as numbers), properties in declaration order, dates as
/// plain `DateTime`s (`time::date_time`, not ApiDateTime strings), `createdBy` a bare id. The
/// simulator keeps no birthday, sex, title, contacts, notes, culture, mobile phone, LDAP or SSO
/// data, nor the `spam` choice: null there, so omitted; `ldapQouta`, a plain long, is 0. Every
/// caller who may see the user sees all of it.
pub fn user_info(user: &User) -> Value {
    let active = user.activation == ActivationStatus::Activated;
    let mut info = Map::new();
    info.insert("id".into(), user.id.clone().into());
    info.insert("firstName".into(), user.first_name.clone().into());
    info.insert("lastName".into(), user.last_name.clone().into());
    info.insert("userName".into(), user.user_name.clone().into());
    info.insert("status".into(), (user.status as u8).into());
    info.insert("activationStatus".into(), (user.activation as u8).into());
    if let Some(at) = user.terminated {
        info.insert("terminatedDate".into(), date_time(at).into());
    }
    // Registering the portal stamps its owner's work-from date (`HostedSolution`, and the
    // standalone database seed); people added later have none.
    if user.is_owner {
        info.insert("workFromDate".into(), date_time(user.registered).into());
    }
    info.insert("email".into(), user.email.clone().into());
    if let Some(location) = &user.location {
        info.insert("location".into(), location.clone().into());
    }
    // Deleted users are never found, so never shown.
    info.insert("removed".into(), false.into());
    info.insert("lastModified".into(), date_time(user.modified).into());
    info.insert("tenantId".into(), TENANT_ID.into());
    info.insert("isActive".into(), active.into());
    info.insert("mobilePhoneActivationStatus".into(), 0.into());
    info.insert("ldapQouta".into(), 0.into());
    info.insert("createDate".into(), date_time(user.registered).into());
    if let Some(creator) = &user.created_by {
        info.insert("createdBy".into(), creator.clone().into());
    }
    info.insert("checkActivation".into(), (!active).into());
    Value::Object(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_info_in_the_order_of_the_class_with_nulls_left_out() {
        let portal = crate::portal::Portal::new(&crate::portal::PortalSpec::new(20, 3));
        let keys = |user: &User| -> Vec<String> {
            let info = user_info(user);
            info.as_object().unwrap().keys().cloned().collect()
        };
        let mut user = portal.users[3].clone();
        user.location = None;
        user.terminated = None;
        assert_eq!(
            keys(&user),
            [
                "id",
                "firstName",
                "lastName",
                "userName",
                "status",
                "activationStatus",
                "email",
                "removed",
                "lastModified",
                "tenantId",
                "isActive",
                "mobilePhoneActivationStatus",
                "ldapQouta",
                "createDate",
                "createdBy",
                "checkActivation",
            ]
        );
        let owner = user_info(&portal.users[0]);
        assert_eq!(owner["workFromDate"], owner["createDate"]);
        assert!(owner.get("createdBy").is_none());
    }

    #[test]
    fn encodes_markup_in_names() {
        assert_eq!(
            html_encode("<img src=x onerror=\"a('b')\"> & co"),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co"
        );
        assert_eq!(html_encode("Zoë Müller"), "Zoë Müller");
    }
}
