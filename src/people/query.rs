//! The people list's state: search, filters and sort. It lives in the page's URL (so a view can
//! be shared, reloaded and navigated back to) and becomes the API's `PeopleFilter`.

use crate::api::{PeopleFilter, SortBy, UserStatus, UserType};

pub use crate::api::{decode_component, encode_component};

/// Status, as the portal's UI names them (Terminated is "Disabled").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Active,
    Pending,
    Disabled,
}

/// Account type; `DocSpaceAdmin` includes the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeFilter {
    DocSpaceAdmin,
    RoomAdmin,
    User,
    Guest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The portal's default: first name, active people first.
    #[default]
    Name,
    Email,
    Type,
    Registered,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 3] = [
        StatusFilter::Active,
        StatusFilter::Pending,
        StatusFilter::Disabled,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            StatusFilter::Active => "active",
            StatusFilter::Pending => "pending",
            StatusFilter::Disabled => "disabled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Active => "Active",
            StatusFilter::Pending => "Pending",
            StatusFilter::Disabled => "Disabled",
        }
    }

    fn status(self) -> UserStatus {
        match self {
            StatusFilter::Active => UserStatus::Active,
            StatusFilter::Pending => UserStatus::Pending,
            StatusFilter::Disabled => UserStatus::Disabled,
        }
    }
}

impl TypeFilter {
    pub const ALL: [TypeFilter; 4] = [
        TypeFilter::DocSpaceAdmin,
        TypeFilter::RoomAdmin,
        TypeFilter::User,
        TypeFilter::Guest,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            TypeFilter::DocSpaceAdmin => "admin",
            TypeFilter::RoomAdmin => "roomadmin",
            TypeFilter::User => "user",
            TypeFilter::Guest => "guest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TypeFilter::DocSpaceAdmin => "DocSpace admins",
            TypeFilter::RoomAdmin => "Room admins",
            TypeFilter::User => "Users",
            TypeFilter::Guest => "Guests",
        }
    }

    fn user_type(self) -> UserType {
        match self {
            TypeFilter::DocSpaceAdmin => UserType::DocSpaceAdmin,
            TypeFilter::RoomAdmin => UserType::RoomAdmin,
            TypeFilter::User => UserType::User,
            TypeFilter::Guest => UserType::Guest,
        }
    }
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Name,
        SortKey::Email,
        SortKey::Type,
        SortKey::Registered,
    ];

    /// The column it sorts, as its header says.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "Name",
            SortKey::Email => "Email",
            SortKey::Type => "Type",
            SortKey::Registered => "Registered",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Email => "email",
            SortKey::Type => "type",
            SortKey::Registered => "registered",
        }
    }

    fn sort_by(self) -> SortBy {
        match self {
            SortKey::Name => SortBy::FirstName,
            SortKey::Email => SortBy::Email,
            SortKey::Type => SortBy::Type,
            SortKey::Registered => SortBy::RegistrationDate,
        }
    }
}

/// Which people by their groups: the members of one, or those in none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupScope {
    /// Members of the group with this ID.
    In(String),
    /// People in no group.
    Without,
}

impl GroupScope {
    /// As the URL carries it: the group's ID, or `none`.
    pub fn slug(&self) -> &str {
        match self {
            GroupScope::In(id) => id,
            GroupScope::Without => "none",
        }
    }

    fn from_slug(value: &str) -> Option<GroupScope> {
        let value = value.trim();
        match value {
            "" => None,
            "none" => Some(GroupScope::Without),
            id => Some(GroupScope::In(id.to_string())),
        }
    }
}

/// One view of the list. The default is everyone, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    pub search: String,
    pub status: Option<StatusFilter>,
    pub user_type: Option<TypeFilter>,
    pub group: Option<GroupScope>,
    pub sort: SortKey,
    pub descending: bool,
}

impl ListQuery {
    /// Reads the list's keys (`q`, `status`, `type`, `group`, `sort`, `order`) from a page's
    /// query, `get` giving the value of a key.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ListQuery {
        let pairs: Vec<(&str, String)> = ["q", "status", "type", "group", "sort", "order"]
            .into_iter()
            .filter_map(|k| get(k).map(|v| (k, v)))
            .collect();
        ListQuery::from_url(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// Reads the page's query string pairs; unknown values fall back to the default.
    pub fn from_url<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ListQuery {
        let mut query = ListQuery::default();
        for (key, value) in pairs {
            match key {
                "q" => query.search = value.trim().to_string(),
                // The portal's own numbers (`EmployeeStatus`) are understood too.
                "status" => {
                    query.status = StatusFilter::ALL
                        .into_iter()
                        .find(|s| s.slug() == value || s.status().code().to_string() == value)
                }
                "type" => query.user_type = TypeFilter::ALL.into_iter().find(|t| t.slug() == value),
                "group" => query.group = GroupScope::from_slug(value),
                "sort" => {
                    query.sort = [
                        SortKey::Name,
                        SortKey::Email,
                        SortKey::Type,
                        SortKey::Registered,
                    ]
                    .into_iter()
                    .find(|k| k.slug() == value)
                    .unwrap_or_default()
                }
                "order" => query.descending = value == "desc",
                _ => {}
            }
        }
        query
    }

    /// The page's query string: `""` for the default view, else `?q=…&status=…`.
    pub fn to_url(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.is_empty() {
            parts.push(format!("q={}", encode_component(&self.search)));
        }
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.slug()));
        }
        if let Some(t) = self.user_type {
            parts.push(format!("type={}", t.slug()));
        }
        if let Some(g) = &self.group {
            parts.push(format!("group={}", encode_component(g.slug())));
        }
        if self.sort != SortKey::Name {
            parts.push(format!("sort={}", self.sort.slug()));
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

    /// What the API is asked for this view.
    pub fn filter(&self) -> PeopleFilter {
        PeopleFilter {
            search: self.search.clone(),
            status: self.status.map(StatusFilter::status),
            types: self
                .user_type
                .map(TypeFilter::user_type)
                .into_iter()
                .collect(),
            sort: self.sort.sort_by(),
            descending: self.descending,
            group: match &self.group {
                Some(GroupScope::In(id)) => Some(id.clone()),
                _ => None,
            },
            without_group: self.group == Some(GroupScope::Without),
        }
    }

    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty()
            || self.status.is_some()
            || self.user_type.is_some()
            || self.group.is_some()
    }

    /// The same view, sorted by `key`: ascending, or flipped when it already sorts by it.
    pub fn sorted_by(&self, key: SortKey) -> ListQuery {
        ListQuery {
            sort: key,
            descending: self.sort == key && !self.descending,
            ..self.clone()
        }
    }

    /// `aria-sort` for a column header sorting by `key`.
    pub fn aria_sort(&self, key: SortKey) -> &'static str {
        match (self.sort == key, self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    /// The same view sorted by `key` in the direction asked (the phone's Sort control).
    pub fn sorted(&self, key: SortKey, descending: bool) -> ListQuery {
        ListQuery {
            sort: key,
            descending,
            ..self.clone()
        }
    }

    /// How it sorts, as the Sort control names it: "name", "name-desc".
    pub fn sort_choice(&self) -> String {
        if self.descending {
            format!("{}-desc", self.sort.slug())
        } else {
            self.sort.slug().to_string()
        }
    }

    /// The same view without search and filters (the sort stays).
    pub fn cleared(&self) -> ListQuery {
        ListQuery {
            sort: self.sort,
            descending: self.descending,
            ..ListQuery::default()
        }
    }
}

#[cfg(test)]
mod tests;
