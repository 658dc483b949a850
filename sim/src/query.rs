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
}

impl SortBy {
    /// Parsed case-insensitively; unknown values sort by first name, as the portal does.
    pub fn parse(value: &str) -> SortBy {
        match value.to_ascii_lowercase().as_str() {
            "lastname" => SortBy::LastName,
            "displayname" => SortBy::DisplayName,
            "email" => SortBy::Email,
            "type" => SortBy::Type,
            "registrationdate" => SortBy::RegistrationDate,
            "department" => SortBy::Department,
            "createdby" => SortBy::CreatedBy,
            // `usedspace` sorts by the quota counter, which is 0 for every simulated user.
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
    /// is a group that does not exist.
    pub group: Option<GroupFilter>,
    /// `withoutGroup`: in no group.
    pub without_group: bool,
    /// `inviterId` or `invitedByMe`: who added the user.
    pub inviter: Option<String>,
    /// `accountLoginType` or `quotaFilter` asked for what no simulated user has (SSO or LDAP
    /// accounts, custom quotas): nobody matches.
    pub nobody: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupFilter {
    pub index: Option<usize>,
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
        let group_ok = self.group.is_none_or(|g| {
            let member = g.index.is_some_and(|i| user.groups.contains(&i));
            member != g.exclude
        });
        let without_ok = !self.without_group || user.groups.is_empty();
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

    /// The portal's order: for name sorts, active users first, then pending users by email,
    /// then terminated users; other sorts order everyone by the key, then by first name.
    pub fn compare(&self, a: &User, b: &User) -> Ordering {
        self.compare_keyed(&Keyed::new(a), &Keyed::new(b))
    }

    /// Sorts in the portal's order, lower-casing each name once rather than per comparison.
    pub fn sort<'a>(&self, users: Vec<&'a User>) -> Vec<&'a User> {
        let mut keyed: Vec<Keyed<'a>> = users.into_iter().map(Keyed::new).collect();
        keyed.sort_by(|a, b| self.compare_keyed(a, b));
        keyed.into_iter().map(|k| k.user).collect()
    }

    fn compare_keyed(&self, a: &Keyed, b: &Keyed) -> Ordering {
        let directed = |o: Ordering| if self.descending { o.reverse() } else { o };
        let by_first = || a.first.cmp(&b.first);
        let (ua, ub) = (a.user, b.user);
        match self.sort_by {
            SortBy::FirstName | SortBy::LastName | SortBy::DisplayName => status_rank(ua.status)
                .cmp(&status_rank(ub.status))
                .then_with(|| {
                    if ua.status == EmployeeStatus::Pending && ub.status == EmployeeStatus::Pending
                    {
                        directed(a.email.cmp(&b.email))
                    } else if self.sort_by == SortBy::LastName {
                        directed(a.last.cmp(&b.last).then_with(by_first))
                    } else {
                        directed(by_first().then_with(|| a.last.cmp(&b.last)))
                    }
                }),
            SortBy::Email => directed(a.email.cmp(&b.email)),
            SortBy::Type => directed(type_rank(ua).cmp(&type_rank(ub)).then_with(by_first)),
            SortBy::RegistrationDate => {
                directed(ua.registered.cmp(&ub.registered).then_with(by_first))
            }
            SortBy::Department => {
                directed(ua.groups.len().cmp(&ub.groups.len()).then_with(by_first))
            }
            SortBy::CreatedBy => directed(ua.created_by.cmp(&ub.created_by).then_with(by_first)),
        }
        .then_with(|| ua.id.cmp(&ub.id))
    }
}

/// A user with the lower-cased keys the sorts compare.
struct Keyed<'a> {
    user: &'a User,
    first: String,
    last: String,
    email: String,
}

impl<'a> Keyed<'a> {
    fn new(user: &'a User) -> Keyed<'a> {
        Keyed {
            user,
            first: user.first_name.to_lowercase(),
            last: user.last_name.to_lowercase(),
            email: user.email.to_lowercase(),
        }
    }
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
}
