//! What the panel decides about groups, without a browser: who may read and change them, a
//! group name's problems, and who can be a member (`more-endpoints.md` 1.0).

use crate::api::{
    encode_component, same_id, Group, GroupFilter, GroupSort, Person, UserStatus, UserType,
    GROUP_NAME_MAX,
};

use super::eligibility::Verdict;

/// Reading groups: DocSpace admins, the owner and room admins (`ReadGroups`).
pub fn can_read_groups(me: &Person) -> Verdict {
    match me.user_type() {
        UserType::Owner | UserType::DocSpaceAdmin | UserType::RoomAdmin => Ok(()),
        UserType::User | UserType::Guest => {
            Err("Only DocSpace admins and room admins can see the portal's groups.")
        }
    }
}

/// Creating, changing and deleting groups: DocSpace admins and the owner (`EditGroups`).
pub fn can_edit_groups(me: &Person) -> Verdict {
    match me.user_type() {
        UserType::Owner | UserType::DocSpaceAdmin => Ok(()),
        _ => Err("Only DocSpace admins can create, change or delete groups."),
    }
}

/// What is wrong with a group name before the portal sees it: empty or blank (the portal
/// refuses both on create, and would store an empty name on a rename), or longer than
/// [`GROUP_NAME_MAX`] (counted in UTF-16 units, as .NET counts). The portal keeps the name as
/// typed, spaces around it included; so does the panel.
pub fn group_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some("Enter a name for the group.".into())
    } else if name.encode_utf16().count() > GROUP_NAME_MAX {
        Some(format!(
            "A group name is at most {GROUP_NAME_MAX} characters ({} now).",
            name.encode_utf16().count()
        ))
    } else if name.chars().any(char::is_control) {
        Some("A group name cannot contain control characters.".into())
    } else {
        None
    }
}

/// Another group with the same name (the portal allows it; the panel says so and lets the
/// admin go on). `except` is the group being renamed.
pub fn same_name<'a>(name: &str, groups: &'a [Group], except: Option<&str>) -> Option<&'a Group> {
    let name = name.trim();
    groups.iter().find(|g| {
        g.name.trim().eq_ignore_ascii_case(name) && !except.is_some_and(|id| same_id(id, &g.id))
    })
}

/// Why `person` cannot be a member or head of a group, if they cannot: the portal skips (or,
/// creating a group, refuses) disabled people and guests.
pub fn cannot_join(person: &Person) -> Option<&'static str> {
    if person.status() == UserStatus::Disabled {
        Some("Disabled: the portal does not put disabled people in groups.")
    } else if person.user_type() == UserType::Guest {
        Some("A guest: the portal does not put guests in groups.")
    } else {
        None
    }
}

/// Whether `person` heads `group`.
pub fn heads(group: &Group, person: &Person) -> bool {
    group
        .manager
        .as_ref()
        .is_some_and(|m| same_id(&m.id, &person.id))
}

/// The groups list's state, in its URL: `?q=…&sort=head|members&order=desc`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupListQuery {
    pub search: String,
    pub sort: GroupSort,
    pub descending: bool,
}

/// The sorts, as their column headers name them, and their slugs.
pub const GROUP_SORTS: [(GroupSort, &str, &str); 3] = [
    (GroupSort::Name, "Name", "name"),
    (GroupSort::Head, "Head of group", "head"),
    (GroupSort::Members, "Members", "members"),
];

impl GroupListQuery {
    pub fn from_url<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> GroupListQuery {
        let mut query = GroupListQuery::default();
        for (key, value) in pairs {
            match key {
                "q" => query.search = value.trim().to_string(),
                "sort" => {
                    query.sort = GROUP_SORTS
                        .iter()
                        .find(|(_, _, slug)| *slug == value)
                        .map(|(sort, _, _)| *sort)
                        .unwrap_or_default()
                }
                "order" => query.descending = value == "desc",
                _ => {}
            }
        }
        query
    }

    pub fn to_url(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.is_empty() {
            parts.push(format!("q={}", encode_component(&self.search)));
        }
        if let Some((_, _, slug)) = GROUP_SORTS.iter().find(|(s, _, _)| *s == self.sort) {
            if self.sort != GroupSort::Name {
                parts.push(format!("sort={slug}"));
            }
        }
        if self.descending {
            parts.push("order=desc".into());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    pub fn filter(&self) -> GroupFilter {
        GroupFilter {
            search: self.search.clone(),
            sort: self.sort,
            descending: self.descending,
        }
    }

    /// Sorted by `sort`: ascending, or flipped when it already sorts by it.
    pub fn sorted_by(&self, sort: GroupSort) -> GroupListQuery {
        GroupListQuery {
            sort,
            descending: self.sort == sort && !self.descending,
            ..self.clone()
        }
    }

    pub fn aria_sort(&self, sort: GroupSort) -> &'static str {
        match (self.sort == sort, self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_groups_list_round_trips_through_its_url() {
        let q = GroupListQuery {
            search: "sales & co".into(),
            sort: GroupSort::Members,
            descending: true,
        };
        assert_eq!(q.to_url(), "?q=sales%20%26%20co&sort=members&order=desc");
        assert_eq!(
            GroupListQuery::from_url([("q", "sales & co"), ("sort", "members"), ("order", "desc")]),
            q
        );
        assert_eq!(GroupListQuery::default().to_url(), "");
        assert_eq!(
            GroupListQuery::from_url([("sort", "shoe")]),
            GroupListQuery::default()
        );
        let by_head = GroupListQuery::default().sorted_by(GroupSort::Head);
        assert_eq!((by_head.sort, by_head.descending), (GroupSort::Head, false));
        assert!(by_head.sorted_by(GroupSort::Head).descending);
        assert_eq!(by_head.aria_sort(GroupSort::Head), "ascending");
        assert_eq!(by_head.aria_sort(GroupSort::Name), "none");
    }
    use serde_json::json;

    fn person(extra: serde_json::Value) -> Person {
        let mut p = json!({"id": "p1", "displayName": "Ann Lee", "email": "ann@x.y", "status": 1});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value(p).unwrap()
    }

    fn group(id: &str, name: &str) -> Group {
        serde_json::from_value(json!({"id": id, "name": name})).unwrap()
    }

    #[test]
    fn who_may_read_and_edit() {
        let admin = person(json!({"isAdmin": true}));
        let room_admin = person(json!({"isRoomAdmin": true}));
        let user = person(json!({"isCollaborator": true}));
        let guest = person(json!({"isVisitor": true}));
        assert!(can_read_groups(&admin).is_ok() && can_edit_groups(&admin).is_ok());
        assert!(can_read_groups(&room_admin).is_ok());
        assert!(can_edit_groups(&room_admin).is_err());
        assert!(can_read_groups(&user).is_err() && can_read_groups(&guest).is_err());
    }

    #[test]
    fn a_group_name_is_refused_empty_blank_or_long() {
        assert_eq!(group_name_problem("Sales"), None);
        assert_eq!(group_name_problem(&"x".repeat(128)), None);
        for blank in ["", "   ", "\t"] {
            assert!(group_name_problem(blank).unwrap().contains("Enter a name"));
        }
        assert!(group_name_problem(&"x".repeat(129))
            .unwrap()
            .contains("at most 128 characters (129 now)"));
        // 64 characters outside the Basic Multilingual Plane are 128 UTF-16 units.
        assert_eq!(group_name_problem(&"𝒜".repeat(64)), None);
        assert!(group_name_problem(&"𝒜".repeat(65)).is_some());
        assert!(group_name_problem("Sa\u{7}les")
            .unwrap()
            .contains("control"));
    }

    #[test]
    fn a_duplicate_name_is_found_but_not_the_group_itself() {
        let groups = [group("g1", "Sales"), group("g2", "Ops")];
        assert_eq!(
            same_name(" sales ", &groups, None).map(|g| g.id.as_str()),
            Some("g1")
        );
        assert_eq!(same_name("Sales", &groups, Some("G1")), None);
        assert_eq!(same_name("Support", &groups, None), None);
    }

    #[test]
    fn disabled_people_and_guests_cannot_join() {
        assert_eq!(cannot_join(&person(json!({}))), None);
        assert_eq!(
            cannot_join(&person(json!({"activationStatus": 2, "status": 1}))),
            None
        );
        assert!(cannot_join(&person(json!({"status": 2})))
            .unwrap()
            .contains("Disabled"));
        assert!(cannot_join(&person(json!({"isVisitor": true})))
            .unwrap()
            .contains("guest"));
    }

    #[test]
    fn the_head_is_known_by_id() {
        let mut g = group("g1", "Sales");
        assert!(!heads(&g, &person(json!({}))));
        g.manager = Some(person(json!({"id": "P1"})));
        assert!(heads(&g, &person(json!({}))));
    }
}
