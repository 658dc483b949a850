//! The `/people/filter` engine (reference §3.2): who matches, in which order.

use std::cmp::Ordering;

use crate::model::{EmployeeStatus, EmployeeType, User};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    FirstName,
    LastName,
    DisplayName,
    Email,
    Type,
    RegistrationDate,
    /// By number of groups.
    Department,
    /// By who added the user.
    CreatedBy,
    /// By the quota counter, which is 0 for every simulated user: all tie.
    UsedSpace,
}

impl SortBy {
    /// Parsed case-insensitively (`UserSortTypeExtensions.TryParse(sortBy, true, …)` in
    /// `UserQueryFilter`); unknown values sort by first name, as the portal does.
    pub fn parse(value: &str) -> SortBy {
        match value.to_ascii_lowercase().as_str() {
            "lastname" => SortBy::LastName,
            "displayname" => SortBy::DisplayName,
            "email" => SortBy::Email,
            "type" => SortBy::Type,
            "registrationdate" => SortBy::RegistrationDate,
            "department" => SortBy::Department,
            "createdby" => SortBy::CreatedBy,
            "usedspace" => SortBy::UsedSpace,
            _ => SortBy::FirstName,
        }
    }
}

/// A parsed `/people/filter` query. `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    pub sort_by: SortBy,
    pub descending: bool,
    /// The search: any of the parts (split on `filterSeparator`) matches when all of its
    /// lower-cased tokens do.
    pub search: Vec<Vec<String>>,
    /// EmployeeStatus flags (1, 2, 4, 5, 7).
    pub status_flags: Option<u8>,
    /// OR of types (`employeeType` and `employeeTypes`).
    pub types: Vec<EmployeeType>,
    pub activation: Option<u8>,
    /// Area: people = no guests, guests = guests only.
    pub area: Area,
    pub is_administrator: Option<bool>,
    /// Paid = not Guest and not User.
    pub paid: Option<bool>,
    /// `groupId` (with `excludeGroup`): members, or non-members, of a group; `None` inside
    /// is a group that does not exist. Ignored with `without_group`
    /// (`UserController.GetByFilterAsync` reads `groupId` only when `withoutGroup` is not true).
    pub group: Option<GroupFilter>,
    /// `withoutGroup`: in no group, neither as a member nor as a head (the server's join takes
    /// every non-removed row of a non-system group, of either kind).
    pub without_group: bool,
    /// The heads of the live groups, for `without_group`.
    pub heads: Vec<String>,
    /// `inviterId` or `invitedByMe`: who added the user.
    pub inviter: Option<String>,
    /// `accountLoginType` or `quotaFilter` asked for what no simulated user has (SSO or LDAP
    /// accounts, custom quotas): nobody matches.
    pub nobody: bool,
}

/// `groupId` and `excludeGroup`: the server's filter looks for any non-removed row of the user
/// in the group, a membership or the head's (`DbUserService.GetUserQueryForFilter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFilter {
    /// The group's index in `Portal::groups`; `None` for no such (live) group.
    pub index: Option<usize>,
    /// The group's head, who counts as in the group.
    pub head: Option<String>,
    pub exclude: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Area {
    #[default]
    All,
    People,
    Guests,
}

impl PeopleFilter {
    /// Sets the search text: lower-cased and split on spaces; with a separator, split on it
    /// first into alternatives (reference §3.2, `filterValue`, `filterSeparator`).
    pub fn with_search(mut self, text: &str, separator: Option<&str>) -> Self {
        let text = text.to_lowercase();
        let parts: Vec<&str> = match separator.filter(|s| !s.is_empty()) {
            Some(sep) => text.split(sep).collect(),
            None => vec![text.as_str()],
        };
        self.search = parts
            .into_iter()
            .map(|part| {
                part.split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|tokens| !tokens.is_empty())
            .collect();
        self
    }

    pub fn matches(&self, user: &User) -> bool {
        let t = user.employee_type;
        let status_ok = self
            .status_flags
            .is_none_or(|flags| flags & user.status as u8 != 0);
        let type_ok = self.types.is_empty() || self.types.contains(&t);
        let area_ok = match self.area {
            Area::All => true,
            Area::People => t != EmployeeType::Guest,
            Area::Guests => t == EmployeeType::Guest,
        };
        let admin_ok = self
            .is_administrator
            .is_none_or(|a| a == (t == EmployeeType::DocSpaceAdmin));
        let paid_ok = self
            .paid
            .is_none_or(|paid| paid == !matches!(t, EmployeeType::Guest | EmployeeType::User));
        let activation_ok = self.activation.is_none_or(|a| a == user.activation as u8);
        let group_ok = self.without_group
            || self.group.as_ref().is_none_or(|g| {
                let member = g.index.is_some_and(|i| user.groups.contains(&i))
                    || g.head.as_deref() == Some(user.id.as_str());
                member != g.exclude
            });
        let without_ok =
            !self.without_group || (user.groups.is_empty() && !self.heads.contains(&user.id));
        let inviter_ok = self
            .inviter
            .as_deref()
            .is_none_or(|id| user.created_by.as_deref() == Some(id));
        !self.nobody
            && status_ok
            && type_ok
            && area_ok
            && admin_ok
            && paid_ok
            && activation_ok
            && group_ok
            && without_ok
            && inviter_ok
            && self.search_matches(user)
    }

    fn search_matches(&self, user: &User) -> bool {
        if self.search.is_empty() {
            return true;
        }
        let first = user.first_name.to_lowercase();
        let last = user.last_name.to_lowercase();
        let email = user.email.to_lowercase();
        self.search.iter().any(|tokens| {
            tokens
                .iter()
                .all(|token| first.contains(token) || last.contains(token) || email.contains(token))
        })
    }

    /// The server's order of two users (`DbUserService.GetUsers`,
    /// `common/ASC.Core.Common/Data/DbUserService.cs`), ties left equal. No creator names are
    /// known here, so `CreatedBy` ties everyone.
    pub fn compare(&self, a: &User, b: &User) -> Ordering {
        self.compare_keyed(&Keyed::new(a, None, 0), &Keyed::new(b, None, 0))
    }

    /// The server's keys, then the id: one fixed order of the equal keys, which is not what
    /// any request answers (see `sort_for_request`). For code that wants the people in the
    /// keys' order without a request (the `CreatedBy` sort, which needs creators' names,
    /// orders by the id alone here).
    pub fn sort<'a>(&self, users: Vec<&'a User>) -> Vec<&'a User> {
        let mut keyed: Vec<Keyed<'a>> = users.into_iter().map(|u| Keyed::new(u, None, 0)).collect();
        keyed.sort_by(|a, b| {
            self.compare_keyed(a, b)
                .then_with(|| a.user.id.cmp(&b.user.id))
        });
        keyed.into_iter().map(|k| k.user).collect()
    }

    /// Sorts as the server's query does: by the sort's keys only, then Skip/Take with no unique
    /// tie-breaker, so the database may return people with equal keys in any order, and a
    /// different one for each query. `ties` (a different number on every request,
    /// `Portal::next_tie_order`) shuffles each run of equal keys, reproducibly for a given
    /// number: paging twice through the same list can show a person twice or not at all.
    /// `creator_first` is the first name of whoever added a user (the `CreatedBy` sort).
    pub fn sort_for_request<'a>(
        &self,
        users: Vec<&'a User>,
        ties: u64,
        creator_first: &dyn Fn(&User) -> Option<String>,
    ) -> Vec<&'a User> {
        let mut keyed: Vec<Keyed<'a>> = users
            .into_iter()
            .map(|u| {
                let creator = (self.sort_by == SortBy::CreatedBy)
                    .then(|| creator_first(u))
                    .flatten();
                Keyed::new(u, creator, ties)
            })
            .collect();
        keyed.sort_by(|a, b| self.compare_keyed(a, b).then_with(|| a.tie.cmp(&b.tie)));
        keyed.into_iter().map(|k| k.user).collect()
    }

    /// The keys of each sort, as `DbUserService.GetUsers` orders them:
    /// - first name (the default, and `displayName` under the default first-last format), last
    ///   name: active, then pending, then terminated (in that order either way), then the
    ///   pending by email and the others by that name, ascending or descending;
    /// - `email`, `registrationDate` (`CreateDate`), `usedSpace` (the quota counter, 0 for every
    ///   simulated user, so all tie): that key alone;
    /// - `type`: owner, admins, room admins, users, guests, then first name ascending even when
    ///   the type is descending (`OrderByDescending(type)).ThenBy(FirstName)`);
    /// - `department` (number of groups): then first name, in the same direction;
    /// - `createdBy`: the first name of whoever added the user (none sorts first ascending).
    fn compare_keyed(&self, a: &Keyed, b: &Keyed) -> Ordering {
        let directed = |o: Ordering| if self.descending { o.reverse() } else { o };
        let (ua, ub) = (a.user, b.user);
        let by_name = |last: bool| {
            status_rank(ua.status)
                .cmp(&status_rank(ub.status))
                .then_with(|| directed(a.name_key(last).cmp(b.name_key(last))))
        };
        match self.sort_by {
            SortBy::FirstName | SortBy::DisplayName => by_name(false),
            SortBy::LastName => by_name(true),
            SortBy::Email => directed(a.email.cmp(&b.email)),
            SortBy::Type => {
                directed(type_rank(ua).cmp(&type_rank(ub))).then_with(|| a.first.cmp(&b.first))
            }
            SortBy::RegistrationDate => directed(ua.registered.cmp(&ub.registered)),
            SortBy::Department => directed(
                ua.groups
                    .len()
                    .cmp(&ub.groups.len())
                    .then_with(|| a.first.cmp(&b.first)),
            ),
            SortBy::CreatedBy => directed(a.creator.cmp(&b.creator)),
            SortBy::UsedSpace => Ordering::Equal,
        }
    }
}

/// A user with the lower-cased keys the sorts compare (the database's collation ignores case),
/// and its place among equals for this request.
struct Keyed<'a> {
    user: &'a User,
    first: String,
    last: String,
    email: String,
    creator: Option<String>,
    tie: u64,
}

impl<'a> Keyed<'a> {
    fn new(user: &'a User, creator: Option<String>, ties: u64) -> Keyed<'a> {
        Keyed {
            user,
            first: user.first_name.to_lowercase(),
            last: user.last_name.to_lowercase(),
            email: user.email.to_lowercase(),
            creator: creator.map(|c| c.to_lowercase()),
            tie: tie_rank(ties, &user.id),
        }
    }
}

impl Keyed<'_> {
    /// The name sorts' text: the email for a pending person, else the first or last name.
    fn name_key(&self, last: bool) -> &str {
        if self.user.status == EmployeeStatus::Pending {
            &self.email
        } else if last {
            &self.last
        } else {
            &self.first
        }
    }
}

/// Where `id` falls among equal keys for the request numbered `ties`: FNV-1a of the id, mixed
/// with the request's number by SplitMix64's finaliser.
pub(crate) fn tie_rank(ties: u64, id: &str) -> u64 {
    let hash = id.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    });
    let mut z = hash ^ ties.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn status_rank(status: EmployeeStatus) -> u8 {
    match status {
        EmployeeStatus::Active => 0,
        EmployeeStatus::Pending => 1,
        EmployeeStatus::Terminated => 2,
    }
}

/// Owner, then admins, room admins, users and guests.
fn type_rank(user: &User) -> u8 {
    if user.is_owner {
        0
    } else {
        1 + user.employee_type.rank()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::seed_portal;

    fn users() -> Vec<User> {
        seed_portal(400, 5, "pw").users
    }

    #[test]
    fn search_is_an_and_of_tokens_over_names_and_email() {
        let all = users();
        let sample = all.iter().find(|u| !u.last_name.is_empty()).unwrap();
        let filter = PeopleFilter::default().with_search(
            &format!("{} {}", sample.first_name.to_uppercase(), sample.last_name),
            None,
        );
        let hits: Vec<_> = all.iter().filter(|u| filter.matches(u)).collect();
        assert!(hits.iter().any(|u| u.id == sample.id));
        assert!(hits.iter().all(|u| {
            let hay = format!("{} {} {}", u.first_name, u.last_name, u.email).to_lowercase();
            hay.contains(&sample.first_name.to_lowercase())
                && hay.contains(&sample.last_name.to_lowercase())
        }));
        let none = PeopleFilter::default().with_search("zzzz-no-one", None);
        assert_eq!(all.iter().filter(|u| none.matches(u)).count(), 0);
        // With a separator, the parts are alternatives.
        let either = PeopleFilter::default()
            .with_search(&format!("zzzz-no-one,{}", sample.email), Some(","));
        let ids: Vec<&String> = all
            .iter()
            .filter(|u| either.matches(u))
            .map(|u| &u.id)
            .collect();
        assert_eq!(ids, [&sample.id]);
    }

    #[test]
    fn default_order_is_active_then_pending_by_email_then_terminated() {
        let mut all = users();
        let filter = PeopleFilter::default();
        all.sort_by(|a, b| filter.compare(a, b));
        let ranks: Vec<u8> = all.iter().map(|u| status_rank(u.status)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
        let pending: Vec<String> = all
            .iter()
            .filter(|u| u.status == EmployeeStatus::Pending)
            .map(|u| u.email.to_lowercase())
            .collect();
        assert!(pending.len() > 5 && pending.windows(2).all(|w| w[0] <= w[1]));
        let active: Vec<String> = all
            .iter()
            .filter(|u| u.status == EmployeeStatus::Active)
            .map(|u| u.first_name.to_lowercase())
            .collect();
        assert!(active.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn status_type_and_area_filters() {
        let all = users();
        let terminated = PeopleFilter {
            status_flags: Some(2),
            ..Default::default()
        };
        assert!(all
            .iter()
            .filter(|u| terminated.matches(u))
            .all(|u| u.status == EmployeeStatus::Terminated));
        let guests = PeopleFilter {
            area: Area::Guests,
            ..Default::default()
        };
        let people = PeopleFilter {
            area: Area::People,
            ..Default::default()
        };
        let g = all.iter().filter(|u| guests.matches(u)).count();
        let p = all.iter().filter(|u| people.matches(u)).count();
        assert_eq!(g + p, all.len());
        let rooms = PeopleFilter {
            types: vec![EmployeeType::RoomAdmin, EmployeeType::User],
            ..Default::default()
        };
        assert!(all.iter().filter(|u| rooms.matches(u)).all(|u| matches!(
            u.employee_type,
            EmployeeType::RoomAdmin | EmployeeType::User
        )));
    }

    #[test]
    fn equal_keys_come_in_another_order_for_another_request() {
        let all = users();
        let filter = PeopleFilter::default();
        let active: Vec<&User> = all
            .iter()
            .filter(|u| u.status == EmployeeStatus::Active)
            .collect();
        let none = |_: &User| None;
        let one = filter.sort_for_request(active.clone(), 1, &none);
        let again = filter.sort_for_request(active.clone(), 1, &none);
        let two = filter.sort_for_request(active.clone(), 2, &none);
        let ids = |v: &[&User]| v.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&one), ids(&again), "reproducible for one request");
        assert_ne!(ids(&one), ids(&two), "ties reordered for the next");
        let firsts = |v: &[&User]| {
            v.iter()
                .map(|u| u.first_name.to_lowercase())
                .collect::<Vec<_>>()
        };
        assert_eq!(firsts(&one), firsts(&two), "the keys stay sorted");
        assert!(firsts(&one).windows(2).all(|w| w[0] <= w[1]));
        // Descending by type keeps first names ascending within a type.
        let by_type = PeopleFilter {
            sort_by: SortBy::Type,
            descending: true,
            ..Default::default()
        };
        let sorted = by_type.sort_for_request(active, 3, &none);
        assert!(sorted.windows(2).all(|w| {
            let (a, b) = (type_rank(w[0]), type_rank(w[1]));
            a > b || (a == b && w[0].first_name.to_lowercase() <= w[1].first_name.to_lowercase())
        }));
    }
}
