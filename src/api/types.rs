//! What the portal sends about people, decoded once into the panel's own types.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A person's account type, derived from the DTO's flags (the portal sends no `type` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserType {
    Owner,
    DocSpaceAdmin,
    RoomAdmin,
    User,
    Guest,
}

impl UserType {
    pub fn label(self) -> &'static str {
        match self {
            UserType::Owner => "Owner",
            UserType::DocSpaceAdmin => "DocSpace admin",
            UserType::RoomAdmin => "Room admin",
            UserType::User => "User",
            UserType::Guest => "Guest",
        }
    }
}

/// `EmployeeStatus` as a person reads it; the portal's UI calls Terminated "Disabled".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserStatus {
    Active,
    Disabled,
    Pending,
    Unknown(u8),
}

impl UserStatus {
    pub fn label(self) -> String {
        match self {
            UserStatus::Active => "Active".into(),
            UserStatus::Disabled => "Disabled".into(),
            UserStatus::Pending => "Pending".into(),
            UserStatus::Unknown(code) => format!("Status {code}"),
        }
    }
}

/// A group a person belongs to (`GroupSummaryDto`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GroupRef {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The head's user name (not an ID), when the group has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
}

/// A group (`GroupDto`): its head, how many active and pending members it has, and the
/// members themselves when the answer includes them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub manager: Option<Person>,
    #[serde(default)]
    pub members: Option<Vec<Person>>,
    #[serde(default)]
    pub members_count: u64,
    #[serde(default, rename = "isLDAP")]
    pub is_ldap: bool,
}

/// The slim `EmployeeDto`, as `createdBy` carries it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonRef {
    pub id: String,
    #[serde(
        default,
        deserialize_with = "html_decoded",
        serialize_with = "html_encoded"
    )]
    pub display_name: String,
}

/// An `EmployeeFullDto`, with `displayName` already HTML-decoded. Fields the portal may omit
/// (nulls are omitted) are optional or default. It serializes back to the portal's form
/// (`displayName` encoded again), so that a stored copy decodes the same.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    #[serde(
        default,
        deserialize_with = "html_decoded",
        serialize_with = "html_encoded"
    )]
    pub display_name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub user_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub status: u8,
    #[serde(default)]
    pub activation_status: u8,
    #[serde(default)]
    pub is_owner: bool,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub is_room_admin: bool,
    #[serde(default)]
    pub is_visitor: bool,
    #[serde(default)]
    pub is_collaborator: bool,
    #[serde(default, rename = "isLDAP")]
    pub is_ldap: bool,
    #[serde(default, rename = "isSSO")]
    pub is_sso: bool,
    #[serde(default)]
    pub groups: Vec<GroupRef>,
    /// `ApiDateTime`: a string on the wire, e.g. `2025-01-15T10:30:00.0000000+03:00`.
    #[serde(default)]
    pub registration_date: Option<String>,
    #[serde(default)]
    pub terminated: Option<String>,
    #[serde(default)]
    pub created_by: Option<PersonRef>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub used_space: Option<f64>,
    #[serde(default)]
    pub quota_limit: Option<i64>,
    /// Whether they have an authenticator app set up; the portal tells only admins, and only
    /// while its authenticator-app sign-in setting is on (reference §4.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tfa_app_enabled: Option<bool>,
}

/// A new account, as `POST /people` takes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Sent as its `EmployeeType` name.
    #[serde(rename = "type", serialize_with = "super::wire::type_by_name")]
    pub user_type: UserType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl Person {
    pub fn user_type(&self) -> UserType {
        if self.is_owner {
            UserType::Owner
        } else if self.is_admin {
            UserType::DocSpaceAdmin
        } else if self.is_visitor {
            UserType::Guest
        } else if self.is_collaborator {
            UserType::User
        } else {
            // No system group means room admin (reference §3.1).
            UserType::RoomAdmin
        }
    }

    pub fn status(&self) -> UserStatus {
        UserStatus::from_code(self.status)
    }

    pub fn activation(&self) -> super::wire::Activation {
        super::wire::Activation::from_code(self.activation_status)
    }

    /// The name to show: pending invitees have none yet, so their email stands in.
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.email
        } else {
            &self.display_name
        }
    }
}

fn html_decoded<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    Ok(raw.map(|s| html_decode(&s)).unwrap_or_default())
}

fn html_encoded<S: Serializer>(value: &str, s: S) -> Result<S::Ok, S::Error> {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    s.serialize_str(&out)
}

/// Decodes the entities .NET's `HtmlEncode` writes (named `&amp; &lt; &gt; &quot; &apos;` and
/// numeric `&#NN;`/`&#xHH;`). Anything else is left exactly as it was.
pub fn html_decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity.strip_prefix('#').and_then(|num| {
                    match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_the_portal_encodes() {
        assert_eq!(html_decode("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(
            html_decode("&lt;img src=x onerror=alert(1)&gt;"),
            "<img src=x onerror=alert(1)>"
        );
        assert_eq!(html_decode("O&#39;Brien &quot;Q&quot;"), "O'Brien \"Q\"");
        assert_eq!(html_decode("&#x41;&#66;"), "AB");
        assert_eq!(html_decode("Zoë Müller"), "Zoë Müller");
    }

    #[test]
    fn leaves_what_is_not_an_entity() {
        assert_eq!(html_decode("R&D; 5 & 6"), "R&D; 5 & 6");
        assert_eq!(html_decode("&"), "&");
        assert_eq!(html_decode("&#xZZ; &#99999999;"), "&#xZZ; &#99999999;");
        // Decoding once only: an encoded entity stays an entity.
        assert_eq!(html_decode("&amp;lt;"), "&lt;");
    }

    #[test]
    fn person_type_from_flags_and_decoded_name() {
        let json = r#"{"id":"1","displayName":"Ann &amp; Co","email":"a@x","status":1,
            "isOwner":false,"isAdmin":false,"isRoomAdmin":false,"isVisitor":false,"isCollaborator":true}"#;
        let p: Person = serde_json::from_str(json).unwrap();
        assert_eq!(p.name(), "Ann & Co");
        assert_eq!(p.user_type(), UserType::User);
        assert_eq!(p.status(), UserStatus::Active);
        let pending: Person = serde_json::from_str(
            r#"{"id":"2","displayName":"","email":"new@x","status":4,"isRoomAdmin":true}"#,
        )
        .unwrap();
        assert_eq!(pending.name(), "new@x");
        assert_eq!(pending.user_type(), UserType::RoomAdmin);
        assert_eq!(pending.status().label(), "Pending");
        let owner: Person =
            serde_json::from_str(r#"{"id":"3","isOwner":true,"isAdmin":false}"#).unwrap();
        assert_eq!(owner.user_type(), UserType::Owner);
    }
}
