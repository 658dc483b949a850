//! The portal's people, as the server stores them (not as it serializes them: see `dto`).

/// `EmployeeType`, with the numbers the server uses since v3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EmployeeType {
    RoomAdmin = 1,
    Guest = 2,
    DocSpaceAdmin = 3,
    User = 4,
}

impl EmployeeType {
    /// Position in the portal's `type` sort and precedence: DocSpaceAdmin > RoomAdmin > User > Guest.
    pub fn rank(self) -> u8 {
        match self {
            EmployeeType::DocSpaceAdmin => 0,
            EmployeeType::RoomAdmin => 1,
            EmployeeType::User => 2,
            EmployeeType::Guest => 3,
        }
    }
}

/// `EmployeeStatus`: Active=1, Terminated=2, Pending=4 (the flags Default=5 and All=7 filter only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmployeeStatus {
    Active = 1,
    Terminated = 2,
    Pending = 4,
}

/// `EmployeeActivationStatus`: NotActivated=0, Activated=1, Pending=2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivationStatus {
    NotActivated = 0,
    Activated = 1,
    Pending = 2,
}

/// A moment in time, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub unix_seconds: i64,
}

/// A group of the portal (`core_group`), with its head (the `Manager` link of
/// `core_usergroup`). Members are on the users (`User::groups`).
///
/// Groups are never taken out of `Portal::groups`: a deleted group is flagged `removed`, as the
/// server flags the row, so that the indexes in `User::groups` stay valid. A removed group is in
/// nobody's `groups` and has no head.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// The head of the group ("manager"): a user id. Normally also a member; the server can
    /// leave a head who is not one (`PUT /group/{id}/manager` refused part way, see
    /// `groups::manager`).
    pub head: Option<String>,
    /// Deleted (`DELETE /group/{id}`): gone from lists, lookups and users' groups.
    pub removed: bool,
}

impl Group {
    /// A new group without members or head.
    pub fn new(id: String, name: String) -> Group {
        Group {
            id,
            name,
            head: None,
            removed: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub user_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
    pub employee_type: EmployeeType,
    pub is_owner: bool,
    pub status: EmployeeStatus,
    pub activation: ActivationStatus,
    pub registered: Instant,
    pub terminated: Option<Instant>,
    /// When the profile was last saved (`LastModified`: set on every save, e.g. a status or
    /// profile change; not by a type change, which only moves group links).
    pub modified: Instant,
    /// The groups this user is a member of: indexes into `Portal::groups`, never a removed one.
    /// A terminated member keeps the membership (the server keeps the row), but is not shown in
    /// the group's `members` until re-enabled.
    pub groups: Vec<usize>,
    pub location: Option<String>,
    pub created_by: Option<String>,
    /// Rooms this user owns: reassignment is necessary before their data can go.
    pub rooms_owned: u32,
    /// Files and folders in this user's "My documents" that are shared with others
    /// (`FileStorageService.GetSharedEntriesCountAsync`). A person can have them without owning
    /// a room: `reassign/necessary?type=Guest` counts them, and a reassignment hands them over.
    pub shared_files: u32,
}

impl User {
    /// `"First Last"`, as the portal's default name format writes it (not yet HTML-encoded).
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}
