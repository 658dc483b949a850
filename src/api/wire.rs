//! The portal's codes for its enums, each mapped in one place (reference §3.1): numbers in
//! routes and query strings, names where a JSON body takes them.

use serde::Serializer;

use super::types::{UserStatus, UserType};

impl UserType {
    /// `EmployeeType`'s number: RoomAdmin 1, Guest 2, DocSpaceAdmin 3 (the owner is one), User 4.
    pub fn code(self) -> u8 {
        match self {
            UserType::RoomAdmin => 1,
            UserType::Guest => 2,
            UserType::Owner | UserType::DocSpaceAdmin => 3,
            UserType::User => 4,
        }
    }

    /// `EmployeeType`'s name, as a JSON body takes it.
    pub fn wire_name(self) -> &'static str {
        match self {
            UserType::RoomAdmin => "RoomAdmin",
            UserType::Guest => "Guest",
            UserType::Owner | UserType::DocSpaceAdmin => "DocSpaceAdmin",
            UserType::User => "User",
        }
    }
}

/// Serializes a type as its `EmployeeType` name (for request bodies).
pub(super) fn type_by_name<S: Serializer>(t: &UserType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.wire_name())
}

impl UserStatus {
    /// From `EmployeeStatus`: Active 1, Terminated 2 ("Disabled"), Pending 4.
    pub fn from_code(code: u8) -> UserStatus {
        match code {
            1 => UserStatus::Active,
            2 => UserStatus::Disabled,
            4 => UserStatus::Pending,
            other => UserStatus::Unknown(other),
        }
    }

    /// `EmployeeStatus`'s number.
    pub fn code(self) -> u8 {
        match self {
            UserStatus::Active => 1,
            UserStatus::Disabled => 2,
            UserStatus::Pending => 4,
            UserStatus::Unknown(code) => code,
        }
    }
}

/// `EmployeeActivationStatus`: whether the person confirmed their email or invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    NotActivated,
    Activated,
    Pending,
    Other(u8),
}

impl Activation {
    pub fn from_code(code: u8) -> Activation {
        match code {
            0 => Activation::NotActivated,
            1 => Activation::Activated,
            2 => Activation::Pending,
            other => Activation::Other(other),
        }
    }
}

/// `DistributedTaskStatus` of a portal job (a handover, a type change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    Created,
    Running,
    Completed,
    Canceled,
    /// Spelled `Failted` in the server's enum.
    Failed,
    Other(u8),
}

impl TaskStatus {
    pub fn from_code(code: u8) -> TaskStatus {
        match code {
            0 => TaskStatus::Created,
            1 => TaskStatus::Running,
            2 => TaskStatus::Completed,
            3 => TaskStatus::Canceled,
            4 => TaskStatus::Failed,
            other => TaskStatus::Other(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_round_trips() {
        for t in [
            UserType::RoomAdmin,
            UserType::Guest,
            UserType::DocSpaceAdmin,
            UserType::User,
        ] {
            assert!(matches!(t.code(), 1..=4));
        }
        assert_eq!(UserType::Owner.code(), 3);
        assert_eq!(UserType::RoomAdmin.wire_name(), "RoomAdmin");
        for s in [
            UserStatus::Active,
            UserStatus::Disabled,
            UserStatus::Pending,
        ] {
            assert_eq!(UserStatus::from_code(s.code()), s);
        }
        assert_eq!(UserStatus::from_code(9), UserStatus::Unknown(9));
        assert_eq!(TaskStatus::from_code(2), TaskStatus::Completed);
        assert_eq!(Activation::from_code(2), Activation::Pending);
    }
}
