//! The simulated portal's state: people, groups, API keys and login tokens.

use std::collections::HashMap;

use crate::model::{EmployeeStatus, EmployeeType, Group, User};
use crate::rng::Rng;
use crate::seed::seed_portal;

/// The caller roles that have a seeded account and an API key of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Owner,
    Admin,
    RoomAdmin,
    User,
    Guest,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::RoomAdmin,
        Role::User,
        Role::Guest,
    ];

    /// The name used by `--key ROLE=sk-…` and in the simulator's start-up banner.
    pub fn name(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::RoomAdmin => "roomadmin",
            Role::User => "user",
            Role::Guest => "guest",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name))
    }

    /// The seeded account of this role (see `seed_portal`).
    fn seed_index(self) -> usize {
        self as usize
    }
}

/// How a portal is made: `--users`, `--seed`, the owner's password and any fixed keys.
#[derive(Debug, Clone)]
pub struct PortalSpec {
    pub users: usize,
    pub seed: u64,
    pub owner_password: String,
    /// Keys given on the command line; the others are derived from the seed.
    pub keys: HashMap<Role, String>,
}

#[derive(Debug)]
pub struct Portal {
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    by_id: HashMap<String, usize>,
    /// API key → user id.
    api_keys: HashMap<String, String>,
    /// Role → its API key, for the banner.
    role_keys: Vec<(Role, String)>,
    /// Login token → user id.
    tokens: HashMap<String, String>,
    rng: Rng,
}

/// A key shaped like DocSpace's: `sk-` followed by letters and digits.
pub fn make_api_key(rng: &mut Rng) -> String {
    format!("sk-{}", rng.alphanumeric(48))
}

impl Portal {
    pub fn new(spec: &PortalSpec) -> Portal {
        let seeded = seed_portal(spec.users.max(1), spec.seed, &spec.owner_password);
        // A separate stream, so that keys do not shift when the people generator changes.
        let mut rng = Rng::new(spec.seed ^ 0x5EC2_E7A9_1D0C_4B33);
        let mut portal = Portal {
            by_id: seeded
                .users
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.clone(), i))
                .collect(),
            users: seeded.users,
            groups: seeded.groups,
            api_keys: HashMap::new(),
            role_keys: Vec::new(),
            tokens: HashMap::new(),
            rng: rng.clone(),
        };
        for role in Role::ALL {
            let derived = make_api_key(&mut rng);
            let Some(user) = portal.users.get(role.seed_index()) else {
                continue;
            };
            let key = spec.keys.get(&role).cloned().unwrap_or(derived);
            portal.api_keys.insert(key.clone(), user.id.clone());
            portal.role_keys.push((role, key));
        }
        portal.rng = rng;
        portal
    }

    pub fn role_keys(&self) -> &[(Role, String)] {
        &self.role_keys
    }

    pub fn role_user(&self, role: Role) -> Option<&User> {
        self.users.get(role.seed_index())
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.by_id.get(id).map(|i| &self.users[*i])
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }

    /// Resolves an `Authorization` header value to the calling user (reference §1.1, §1.4):
    /// `Bearer sk-…` is an API key; anything else, with or without `Bearer `, a login token.
    /// Only active users authenticate: a terminated user's keys and tokens stop working.
    pub fn authenticate(&self, authorization: &str) -> Option<&User> {
        let value = authorization.trim();
        let bearer = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim);
        let user_id = match bearer {
            Some(key) if key.starts_with("sk-") => self.api_keys.get(key),
            Some(token) => self.tokens.get(token),
            None => self.tokens.get(value),
        }?;
        self.user(user_id)
            .filter(|u| u.status == EmployeeStatus::Active)
    }

    /// `POST /authentication`: a new login token for the user.
    pub fn issue_token(&mut self, user_id: &str) -> String {
        let token = self.rng.alphanumeric(64);
        self.tokens.insert(token.clone(), user_id.to_string());
        token
    }

    pub fn revoke_token(&mut self, token: &str) {
        self.tokens.remove(token);
    }

    /// Whether `caller` has the portal-wide admin rights (owner or DocSpace admin).
    pub fn is_admin(caller: &User) -> bool {
        caller.is_owner || caller.employee_type == EmployeeType::DocSpaceAdmin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> PortalSpec {
        PortalSpec {
            users: 20,
            seed: 3,
            owner_password: "pw".into(),
            keys: HashMap::from([(Role::Owner, "sk-fixed".to_string())]),
        }
    }

    #[test]
    fn every_role_has_a_key_and_fixed_keys_win() {
        let portal = Portal::new(&spec());
        let keys = portal.role_keys();
        assert_eq!(keys.len(), 5);
        assert_eq!(keys[0], (Role::Owner, "sk-fixed".to_string()));
        for (role, key) in keys {
            let user = portal
                .authenticate(&format!("Bearer {key}"))
                .expect("key works");
            assert_eq!(
                Some(user.id.as_str()),
                portal.role_user(*role).map(|u| u.id.as_str())
            );
        }
        assert!(
            keys[1].1.starts_with("sk-")
                && keys[1].1[3..].chars().all(|c| c.is_ascii_alphanumeric())
        );
    }

    #[test]
    fn tokens_work_raw_or_as_bearer_and_keys_only_as_bearer() {
        let mut portal = Portal::new(&spec());
        let owner = portal.users[0].id.clone();
        let token = portal.issue_token(&owner);
        assert!(portal.authenticate(&token).is_some());
        assert!(portal.authenticate(&format!("Bearer {token}")).is_some());
        assert!(portal.authenticate("sk-fixed").is_none());
        assert!(portal.authenticate("Bearer sk-wrong").is_none());
        portal.revoke_token(&token);
        assert!(portal.authenticate(&token).is_none());
    }

    #[test]
    fn terminated_users_cannot_authenticate() {
        let mut portal = Portal::new(&spec());
        let key = portal.role_keys()[3].1.clone();
        portal.users[3].status = EmployeeStatus::Terminated;
        assert!(portal.authenticate(&format!("Bearer {key}")).is_none());
    }
}
