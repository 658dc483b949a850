//! The People endpoints (`/api/2.0/people…`, reference §3), each a function that describes the
//! call: the transport sends that value, and "Show API request" shows the same value.

use serde_json::json;

use super::call::{segment, Call};
use super::types::{NewPerson, UserStatus, UserType};

/// The portal's largest page.
pub const PAGE_SIZE: u8 = 100;

/// How `/people/filter` sorts (`sortBy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// The portal's default: first name, active people first.
    #[default]
    FirstName,
    Email,
    Type,
    RegistrationDate,
}

impl SortBy {
    fn wire(self) -> &'static str {
        match self {
            SortBy::FirstName => "firstname",
            SortBy::Email => "email",
            SortBy::Type => "type",
            SortBy::RegistrationDate => "registrationdate",
        }
    }
}

/// What `/people/filter` is asked for (reference §3.2), in the panel's own terms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeopleFilter {
    /// `filterValue`: every word must be in the first name, last name or email.
    pub search: String,
    pub status: Option<UserStatus>,
    /// One type is `employeeType`; several are `employeeTypes`, or'ed.
    pub types: Vec<UserType>,
    pub sort: SortBy,
    pub descending: bool,
    /// `groupId`: members of this group (heads included, disabled members too).
    pub group: Option<String>,
    /// `withoutGroup`: people in no group (the portal then ignores `groupId`).
    pub without_group: bool,
}

/// `GET /people/@self`: who the credential belongs to; also how a key is checked.
pub fn me() -> Call {
    Call::get("/api/2.0/people/@self")
}

/// `GET /people/{id}`: looked up as a user name first, then as an ID (see
/// `PortalClient::person_by_id`, which checks the answer).
pub fn person(id: &str) -> Call {
    Call::get(format!("/api/2.0/people/{}", segment(id)))
}

/// `GET /people/email?email=`.
pub fn by_email(email: &str) -> Call {
    Call::get("/api/2.0/people/email").with_query("email", email)
}

/// `GET /people/filter`: one page of people matching `filter`.
pub fn filter(filter: &PeopleFilter, start_index: u64, count: u8) -> Call {
    let mut call = Call::get("/api/2.0/people/filter")
        .with_query("startIndex", start_index)
        .with_query("count", count)
        .with_query("sortBy", filter.sort.wire())
        // As the official spec spells the enum (`SortOrder`: "Ascending", "Descending"); the
        // server binds it without regard to case, a stricter one might not.
        .with_query(
            "sortOrder",
            if filter.descending {
                "Descending"
            } else {
                "Ascending"
            },
        );
    if !filter.search.is_empty() {
        call = call.with_query("filterValue", &filter.search);
    }
    if filter.without_group {
        call = call.with_query("withoutGroup", true);
    } else if let Some(group) = &filter.group {
        call = call.with_query("groupId", group);
    }
    if let Some(status) = filter.status {
        call = call.with_query("employeeStatus", status.code());
    }
    match filter.types.as_slice() {
        [] => {}
        [one] => call = call.with_query("employeeType", one.code()),
        several => {
            for t in several {
                call = call.with_query("employeeTypes", t.code());
            }
        }
    }
    call
}

/// `POST /people`.
pub fn create(new: &NewPerson) -> Call {
    Call::post(
        "/api/2.0/people",
        serde_json::to_value(new).unwrap_or_default(),
    )
}

/// `POST /people/invite` for one email.
pub fn invite(email: &str, as_type: UserType) -> Call {
    invite_many(&[(email.to_string(), as_type)])
}

/// `POST /people/invite` for several emails, each with its type. The portal takes them in
/// order and keeps those before one it refuses (`more-endpoints.md` 2.1).
pub fn invite_many(invitations: &[(String, UserType)]) -> Call {
    let invitations: Vec<serde_json::Value> = invitations
        .iter()
        .map(|(email, t)| json!({ "email": email, "type": t.wire_name() }))
        .collect();
    Call::post(
        "/api/2.0/people/invite",
        json!({ "invitations": invitations }),
    )
}

/// `PUT /people/invite` with `{userIds}`: the invitation again to whoever never registered, the
/// activation instructions again to whoever did not confirm their email; the portal skips anyone
/// else without a word and answers with everyone listed.
pub fn resend_invitations(ids: &[String]) -> Call {
    Call::put("/api/2.0/people/invite", json!({ "userIds": ids }))
}

/// `PUT /people/status/{2|1}`: disables (`disable`) or enables again. The portal checks every
/// id first; one refusal and nothing changes.
pub fn set_status(ids: &[String], disable: bool) -> Call {
    let status = if disable {
        UserStatus::Disabled
    } else {
        UserStatus::Active
    };
    Call::put(
        format!("/api/2.0/people/status/{}", status.code()),
        json!({ "userIds": ids }),
    )
}

/// `PUT /people/type/{type}`: an upgrade (see `eligibility::can_change_type`).
pub fn set_type(ids: &[String], to: UserType) -> Call {
    Call::put(
        format!("/api/2.0/people/type/{}", to.code()),
        json!({ "userIds": ids }),
    )
}

/// `DELETE /people/{id}`: only a disabled account; the ID is read as a GUID first.
pub fn delete_one(id: &str) -> Call {
    Call::delete(format!("/api/2.0/people/{}", segment(id)))
}

/// `PUT /people/delete`: deletes disabled accounts; unknown ids are dropped.
pub fn delete_many(ids: &[String]) -> Call {
    Call::put("/api/2.0/people/delete", json!({ "userIds": ids }))
}

/// `GET /people/reassign/necessary`: whether they own rooms or shared files to hand over
/// before they are deleted. The server counts shared files and folders only when asked about
/// the guest type (`ReassignController.NecessaryReassign`: rooms for any `type`, then
/// `GetSharedEntriesCountAsync` when `type` is Guest); the handover (`reassign/start`) moves
/// both, so both are asked about. Room admins may ask it for that type too.
pub fn reassign_necessary(id: &str) -> Call {
    Call::get("/api/2.0/people/reassign/necessary")
        .with_query("userId", id)
        .with_query("type", UserType::Guest.wire_name())
}

/// `POST /people/reassign/start`: hands `from`'s rooms to `to`; with `delete_profile` the
/// portal deletes `from` when it is done.
pub fn reassign_start(from: &str, to: &str, delete_profile: bool) -> Call {
    Call::post(
        "/api/2.0/people/reassign/start",
        json!({ "fromUserId": from, "toUserId": to, "deleteProfile": delete_profile }),
    )
}

/// `GET /people/reassign/progress/{id}`.
pub fn reassign_progress(id: &str) -> Call {
    Call::get(format!("/api/2.0/people/reassign/progress/{}", segment(id)))
}

/// `PUT /people/reassign/terminate`: cancels a running handover.
pub fn reassign_terminate(id: &str) -> Call {
    Call::put(
        "/api/2.0/people/reassign/terminate",
        json!({ "userId": id }),
    )
}

/// `POST /people/type`: lowers a type (to User or Guest) after moving the rooms to `heir`.
pub fn lower_type(id: &str, to: UserType, heir: &str) -> Call {
    let to = if to == UserType::Guest {
        UserType::Guest
    } else {
        UserType::User
    };
    Call::post(
        "/api/2.0/people/type",
        json!({ "type": to.wire_name(), "userId": id, "reassignUserId": heir }),
    )
}

/// `GET /people/type/progress/{id}`.
pub fn lower_type_progress(id: &str) -> Call {
    Call::get(format!("/api/2.0/people/type/progress/{}", segment(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sort order is sent as the official spec spells its enum (`SortOrder`), both ways.
    #[test]
    fn the_sort_order_is_one_the_spec_names() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!("../../sim/tests/spec/people_2.0.json")).unwrap();
        let names = &spec["components"]["schemas"]["SortOrder"]["oneOf"][0]["enum"];
        for descending in [false, true] {
            let f = PeopleFilter {
                descending,
                ..PeopleFilter::default()
            };
            let query = filter(&f, 0, 100).path_and_query();
            let sent = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("sortOrder="))
                .unwrap();
            assert!(
                names.as_array().unwrap().iter().any(|n| n == sent),
                "{sent} is not in {names}"
            );
        }
    }

    #[test]
    fn the_list_query() {
        let f = PeopleFilter {
            search: "anna iv".into(),
            status: Some(UserStatus::Disabled),
            types: vec![UserType::DocSpaceAdmin],
            sort: SortBy::RegistrationDate,
            descending: false,
            group: Some("g1".into()),
            without_group: false,
        };
        assert_eq!(
            filter(&f, 200, 100).path_and_query(),
            "/api/2.0/people/filter?startIndex=200&count=100&sortBy=registrationdate&sortOrder=Ascending&filterValue=anna%20iv&groupId=g1&employeeStatus=2&employeeType=3"
        );
        assert_eq!(
            filter(&PeopleFilter::default(), 0, 100).path_and_query(),
            "/api/2.0/people/filter?startIndex=0&count=100&sortBy=firstname&sortOrder=Ascending"
        );
        let alone = PeopleFilter {
            group: Some("ignored by the portal".into()),
            without_group: true,
            ..PeopleFilter::default()
        };
        assert!(filter(&alone, 0, 100)
            .path_and_query()
            .ends_with("&sortOrder=Ascending&withoutGroup=true"));
        let heirs = PeopleFilter {
            types: vec![UserType::RoomAdmin, UserType::DocSpaceAdmin],
            status: Some(UserStatus::Active),
            ..PeopleFilter::default()
        };
        assert!(filter(&heirs, 0, 100)
            .path_and_query()
            .ends_with("&employeeStatus=1&employeeTypes=1&employeeTypes=3"));
    }

    #[test]
    fn writes_carry_their_bodies() {
        let ids = vec!["a".to_string()];
        assert_eq!(
            set_status(&ids, true).path_and_query(),
            "/api/2.0/people/status/2"
        );
        assert_eq!(set_status(&ids, false).path, "/api/2.0/people/status/1");
        assert_eq!(
            set_type(&ids, UserType::RoomAdmin).path,
            "/api/2.0/people/type/1"
        );
        assert_eq!(
            invite("x@y.z", UserType::User).body,
            Some(json!({"invitations": [{"email": "x@y.z", "type": "User"}]}))
        );
        let many = [
            ("a@y.z".to_string(), UserType::RoomAdmin),
            ("b@y.z".to_string(), UserType::User),
        ];
        assert_eq!(
            invite_many(&many).body,
            Some(
                json!({"invitations": [{"email": "a@y.z", "type": "RoomAdmin"}, {"email": "b@y.z", "type": "User"}]})
            )
        );
        let new = NewPerson {
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann@x.y".into(),
            user_type: UserType::RoomAdmin,
            password: None,
        };
        assert_eq!(
            create(&new).body,
            Some(
                json!({"firstName": "Ann", "lastName": "Lee", "email": "ann@x.y", "type": "RoomAdmin"})
            )
        );
        assert_eq!(
            person("a/b").path,
            "/api/2.0/people/a%2Fb",
            "one segment, whatever it holds"
        );
    }
}
