//! The portal's groups as the server stores them (more-endpoints.md §1): membership rows on the
//! users (`User::groups`), one head per group, soft deletion. What the HTTP layer (`groups`) and
//! tests in other crates use to read and plant groups.
//!
//! Every write here is raw: it does what the server's `UserManager` does to its rows and checks
//! nothing (no permission, no membership validity); the endpoints decide what may be written.

use std::cmp::Ordering;

use super::Portal;
use crate::model::{EmployeeStatus, EmployeeType, Group, User};
use crate::time::now;

/// `Constants.SysGroupCategoryId`: the category of the system groups; a normal group's is the
/// empty GUID.
pub const SYSTEM_CATEGORY: &str = "7717039d-fbe9-45ad-81c1-68a1aa10ce1f";

/// `Constants.LostGroupInfo`: what the server resolves an unknown group id to; never found.
pub const LOST_GROUP: &str = "74b9cbd1-2412-4e79-9f36-7163583e9d3a";

/// The empty GUID, as `parent` and `category` write it.
pub const EMPTY_GUID: &str = "00000000-0000-0000-0000-000000000000";

/// The system groups (`Constants.SystemGroups`, named after `AuthConstants`): constants, not
/// rows. `GET /group` never lists them and no user's `groups` holds them, but `GET
/// /group/{id}` resolves their ids (more-endpoints.md §1.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemGroup {
    Everyone,
    Guest,
    RoomAdmin,
    DocSpaceAdmin,
    User,
}

impl SystemGroup {
    pub const ALL: [SystemGroup; 5] = [
        SystemGroup::Everyone,
        SystemGroup::Guest,
        SystemGroup::RoomAdmin,
        SystemGroup::DocSpaceAdmin,
        SystemGroup::User,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SystemGroup::Everyone => "c5cc67d1-c3e8-43c0-a3ad-3928ae3e5b5e",
            SystemGroup::Guest => "aced04fa-dd96-4b35-af3e-346bf1eb972d",
            SystemGroup::RoomAdmin => "abef62db-11a8-4673-9d32-ef1d8af19dc0",
            SystemGroup::DocSpaceAdmin => "cd84e66b-b803-40fc-99f9-b2969a54a1de",
            SystemGroup::User => "88f11e7c-7407-4bea-b4cb-070010cdbb6b",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SystemGroup::Everyone => "Everyone",
            SystemGroup::Guest => "Guest",
            SystemGroup::RoomAdmin => "RoomAdmin",
            SystemGroup::DocSpaceAdmin => "DocSpaceAdmin",
            SystemGroup::User => "User",
        }
    }

    pub fn by_id(id: &str) -> Option<SystemGroup> {
        SystemGroup::ALL.into_iter().find(|g| g.id() == id)
    }

    /// Whether `user` is in this group as `UserManager.IsUserInGroupInternal` decides it: the
    /// owner is in the admins' group; "RoomAdmin" is everyone who is neither a user nor a
    /// guest, so admins too.
    pub fn contains(self, user: &User) -> bool {
        let t = user.employee_type;
        match self {
            SystemGroup::Everyone => true,
            SystemGroup::Guest => t == EmployeeType::Guest,
            SystemGroup::User => t == EmployeeType::User,
            SystemGroup::RoomAdmin => !matches!(t, EmployeeType::Guest | EmployeeType::User),
            SystemGroup::DocSpaceAdmin => user.is_owner || t == EmployeeType::DocSpaceAdmin,
        }
    }
}

/// Whether a member is shown in `members` and counted in `membersCount`:
/// `UserManager.GetUsersByGroupAsync` reads Active and Pending users only.
pub fn shown(user: &User) -> bool {
    user.status != EmployeeStatus::Terminated
}

/// Names compared as `string.Compare(…, StringComparison.Ordinal)` does: by UTF-16 code units.
pub fn ordinal(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

impl Portal {
    /// The index in `Portal::groups` of the group with this id, if it is not deleted.
    pub fn group_index(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.id == id && !g.removed)
    }

    /// The group with this id, if it is not deleted (system groups are not rows: see
    /// [`SystemGroup::by_id`]).
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.group_index(id).map(|i| &self.groups[i])
    }

    /// The groups that are not deleted, oldest first.
    pub fn live_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|g| !g.removed)
    }

    /// The groups called exactly `name`, oldest first: names are not unique.
    pub fn groups_named(&self, name: &str) -> Vec<&Group> {
        self.live_groups().filter(|g| g.name == name).collect()
    }

    /// The oldest group called exactly `name`.
    pub fn group_by_name(&self, name: &str) -> Option<&Group> {
        self.live_groups().find(|g| g.name == name)
    }

    /// The ids of every member of the group (terminated ones included, as the membership rows
    /// and `GET /people/filter?groupId=` have them), in the portal's order of people; empty for
    /// an unknown or deleted group. The head is not added when they are not a member.
    pub fn member_ids(&self, group_id: &str) -> Vec<String> {
        self.members_at(self.group_index(group_id))
            .map(|u| u.id.clone())
            .collect()
    }

    /// The members a `GroupDto` shows (Active and Pending ones), in the portal's order of people.
    pub fn shown_members(&self, group_id: &str) -> Vec<&User> {
        self.members_at(self.group_index(group_id))
            .filter(|u| shown(u))
            .collect()
    }

    fn members_at(&self, index: Option<usize>) -> impl Iterator<Item = &User> {
        self.users
            .iter()
            .filter(move |u| index.is_some_and(|i| u.groups.contains(&i)))
    }

    /// The id of the group's head, if it has one.
    pub fn head_id(&self, group_id: &str) -> Option<&str> {
        self.group(group_id).and_then(|g| g.head.as_deref())
    }

    /// The groups `user_id` is a member of, by name as the server sorts them (ordinal), as
    /// `EmployeeFullDto.groups` and `GET /group/user/{userid}` list them.
    pub fn groups_of(&self, user_id: &str) -> Vec<&Group> {
        let mut groups: Vec<&Group> = self
            .user(user_id)
            .map(|u| u.groups.iter().map(|i| &self.groups[*i]).collect())
            .unwrap_or_default();
        groups.sort_by(|a, b| ordinal(&a.name, &b.name));
        groups
    }

    pub fn is_member(&self, group_id: &str, user_id: &str) -> bool {
        match (self.group_index(group_id), self.user(user_id)) {
            (Some(i), Some(u)) => u.groups.contains(&i),
            _ => false,
        }
    }

    /// Members per group index, shown ones (`membersCount`) and all rows (the `membersCount`
    /// sort), in one pass over the people.
    pub fn member_counts(&self) -> (Vec<usize>, Vec<usize>) {
        let mut shown_counts = vec![0; self.groups.len()];
        let mut rows = vec![0; self.groups.len()];
        for user in &self.users {
            for i in &user.groups {
                rows[*i] += 1;
                if shown(user) {
                    shown_counts[*i] += 1;
                }
            }
        }
        (shown_counts, rows)
    }

    /// The user name of the head of the group at `index`, for `GroupSummaryDto.manager`.
    pub fn head_name_at(&self, index: usize) -> Option<&str> {
        let head = self.groups.get(index)?.head.as_deref()?;
        self.user(head).map(|u| u.user_name.as_str())
    }

    /// `ValidateUserAsync`: who may be made a member or head: someone who exists, is not
    /// terminated and is not a guest (pending invitees may).
    pub fn may_join(&self, user_id: &str) -> bool {
        self.user(user_id).is_some_and(|u| {
            u.status != EmployeeStatus::Terminated && u.employee_type != EmployeeType::Guest
        })
    }

    /// Plants a group, as a test would find it on a portal: `head` (if any) is made head and
    /// member, then `members` are added. Nobody is checked (see [`Portal::may_join`]); unknown
    /// ids are skipped. Returns the new group's id.
    pub fn add_group(&mut self, name: &str, head: Option<&str>, members: &[&str]) -> String {
        let id = self.new_guid();
        self.groups.push(Group::new(id.clone(), name.to_string()));
        if let Some(head) = head {
            self.set_head(&id, head);
        }
        for member in members {
            self.add_member(&id, member);
        }
        id
    }

    /// Makes `user_id` a member of the group (a no-op for a member already); `false` when the
    /// group or the user is unknown. Writes the row as `AddUserIntoGroupAsync` does, which
    /// stamps the user's `LastModified`.
    pub fn add_member(&mut self, group_id: &str, user_id: &str) -> bool {
        let Some(index) = self.group_index(group_id) else {
            return false;
        };
        self.join(index, user_id)
    }

    pub(crate) fn join(&mut self, index: usize, user_id: &str) -> bool {
        let Some(user) = self.user_mut(user_id) else {
            return false;
        };
        if !user.groups.contains(&index) {
            user.groups.push(index);
        }
        user.modified = now();
        true
    }

    /// Takes `user_id` out of the group, and clears the head if it was them
    /// (`RemoveUserFromGroupAsync`), also when they were head without being a member. `false`
    /// when the group or the user is unknown.
    pub fn remove_member(&mut self, group_id: &str, user_id: &str) -> bool {
        let Some(index) = self.group_index(group_id) else {
            return false;
        };
        self.leave(index, user_id)
    }

    pub(crate) fn leave(&mut self, index: usize, user_id: &str) -> bool {
        let Some(user) = self.user_mut(user_id) else {
            return false;
        };
        user.groups.retain(|i| *i != index);
        user.modified = now();
        let group = &mut self.groups[index];
        if group.head.as_deref() == Some(user_id) {
            group.head = None;
        }
        true
    }

    /// Makes `user_id` the head of the group, and a member: the old head stays a member
    /// (`SetDepartmentManagerAsync`, then `AddUserIntoGroupAsync`). `false` when the group or
    /// the user is unknown.
    pub fn set_head(&mut self, group_id: &str, user_id: &str) -> bool {
        let Some(index) = self.group_index(group_id) else {
            return false;
        };
        if self.user(user_id).is_none() {
            return false;
        }
        self.write_head(index, user_id);
        self.join(index, user_id)
    }

    /// Only the head reference (`SetDepartmentManagerAsync`), which stamps the old and the new
    /// head's `LastModified`.
    pub(crate) fn write_head(&mut self, index: usize, user_id: &str) {
        let old = self.groups[index].head.replace(user_id.to_string());
        for id in old.iter().map(String::as_str).chain([user_id]) {
            if let Some(user) = self.user_mut(id) {
                user.modified = now();
            }
        }
    }

    /// Deletes the group: flagged removed, its membership rows and head with it
    /// (`DbUserService.RemoveGroupAsync`); the people stay. `false` when there is no such group.
    pub fn delete_group(&mut self, group_id: &str) -> bool {
        let Some(index) = self.group_index(group_id) else {
            return false;
        };
        let group = &mut self.groups[index];
        group.removed = true;
        group.head = None;
        for user in &mut self.users {
            user.groups.retain(|i| *i != index);
        }
        true
    }

    /// Takes the user out of every group they are a member of, clearing the heads that were
    /// theirs there, as a change of type to Guest does (`UpdateUserTypeProgressItem`).
    pub(crate) fn leave_all_groups(&mut self, user_id: &str) {
        let indexes = self
            .user(user_id)
            .map(|u| u.groups.clone())
            .unwrap_or_default();
        for index in indexes {
            self.leave(index, user_id);
        }
    }

    /// Clears every head reference to `user_id` (a deleted profile: all its rows go).
    pub(crate) fn forget_heads(&mut self, user_id: &str) {
        for group in &mut self.groups {
            if group.head.as_deref() == Some(user_id) {
                group.head = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::PortalSpec;

    #[test]
    fn seeded_groups_have_an_active_head_among_their_members() {
        let portal = Portal::new(&PortalSpec::new(200, 7));
        assert_eq!(portal.live_groups().count(), 10);
        for group in portal.live_groups() {
            let head = group.head.as_deref().expect("a head");
            assert!(portal.is_member(&group.id, head), "{}", group.name);
            let user = portal.user(head).unwrap();
            assert_eq!(user.status, EmployeeStatus::Active);
            assert_ne!(user.employee_type, EmployeeType::Guest);
        }
        let again = Portal::new(&PortalSpec::new(200, 7));
        let heads = |p: &Portal| p.live_groups().map(|g| g.head.clone()).collect::<Vec<_>>();
        assert_eq!(heads(&portal), heads(&again));
    }

    #[test]
    fn heads_members_and_deletion() {
        let mut portal = Portal::new(&PortalSpec::new(40, 3));
        let (a, b) = (portal.users[5].id.clone(), portal.users[6].id.clone());
        let id = portal.add_group("Team", Some(&a), &[&b]);
        assert_eq!(portal.member_ids(&id).len(), 2);
        assert_eq!(portal.head_id(&id), Some(a.as_str()));
        assert!(portal.set_head(&id, &b));
        assert!(portal.is_member(&id, &a), "the old head stays a member");
        assert!(portal.remove_member(&id, &b));
        assert_eq!(portal.head_id(&id), None, "removing the head clears it");
        assert_eq!(
            portal.group_by_name("Team").map(|g| g.id.clone()),
            Some(id.clone())
        );
        assert!(portal.delete_group(&id));
        assert!(portal.group(&id).is_none() && portal.groups_of(&a).is_empty());
        assert!(!portal.delete_group(&id));
    }
}
