//! A deterministic, realistic portal: `--users N --seed S` gives the same people every time.

use crate::model::{ActivationStatus, EmployeeStatus, EmployeeType, Group, Instant, User};
use crate::rng::Rng;
use crate::time::SEED_EPOCH;

/// `(as written, as used in an email address)`.
const FIRST_NAMES: &[(&str, &str)] = &[
    ("Anna", "anna"),
    ("Mikhail", "mikhail"),
    ("Sofía", "sofia"),
    ("Jürgen", "juergen"),
    ("Chloé", "chloe"),
    ("Björn", "bjorn"),
    ("Zoë", "zoe"),
    ("Łukasz", "lukasz"),
    ("Olivia", "olivia"),
    ("Liam", "liam"),
    ("Amara", "amara"),
    ("Kenji", "kenji"),
    ("Priya", "priya"),
    ("Mateo", "mateo"),
    ("Fatima", "fatima"),
    ("Noah", "noah"),
    ("Elena", "elena"),
    ("Tomáš", "tomas"),
    ("Aisha", "aisha"),
    ("Lars", "lars"),
    ("Mei", "mei"),
    ("Oluwaseun", "oluwaseun"),
    ("Ingrid", "ingrid"),
    ("Rafael", "rafael"),
    ("Yuki", "yuki"),
    ("Hannah", "hannah"),
    ("Dmitri", "dmitri"),
    ("Leïla", "leila"),
    ("Carlos", "carlos"),
    ("Grace", "grace"),
    ("Ömer", "omer"),
    ("Nadia", "nadia"),
    ("Søren", "soren"),
    ("Isabel", "isabel"),
    ("Arjun", "arjun"),
    ("Maeve", "maeve"),
    ("François", "francois"),
    ("Ana", "ana"),
    ("Wei", "wei"),
    ("Svetlana", "svetlana"),
];

const LAST_NAMES: &[(&str, &str)] = &[
    ("Ivanova", "ivanova"),
    ("García", "garcia"),
    ("Müller", "mueller"),
    ("Dubois", "dubois"),
    ("Andersson", "andersson"),
    ("Kowalski", "kowalski"),
    ("Smith", "smith"),
    ("Okafor", "okafor"),
    ("Tanaka", "tanaka"),
    ("Sharma", "sharma"),
    ("Rossi", "rossi"),
    ("Nguyen", "nguyen"),
    ("Novák", "novak"),
    ("O'Brien", "obrien"),
    ("Haddad", "haddad"),
    ("Johansson", "johansson"),
    ("Chen", "chen"),
    ("Adeyemi", "adeyemi"),
    ("Nakamura", "nakamura"),
    ("Fernández", "fernandez"),
    ("Petrov", "petrov"),
    ("Yılmaz", "yilmaz"),
    ("Walsh", "walsh"),
    ("Jensen", "jensen"),
    ("Santos", "santos"),
    ("Kim", "kim"),
    ("Schäfer", "schaefer"),
    ("Lefèvre", "lefevre"),
    ("Patel", "patel"),
    ("Costa", "costa"),
    ("Horvath", "horvath"),
    ("Brennan", "brennan"),
];

const DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];

const GROUPS: &[&str] = &[
    "Sales",
    "Marketing",
    "Engineering",
    "Support",
    "Finance",
    "Legal",
    "Design",
    "Operations",
    "Research & Development",
    "Partners",
];

const LOCATIONS: &[&str] = &[
    "Riga",
    "Lisbon",
    "Berlin",
    "Singapore",
    "Austin",
    "Nairobi",
    "Tokyo",
];

/// The seeded people (the owner first) and groups.
#[derive(Debug, Clone)]
pub struct SeededPortal {
    pub users: Vec<User>,
    pub groups: Vec<Group>,
}

/// Builds a portal of `count` people (at least the owner) from `seed`.
///
/// Index 0 is the owner, 1 a DocSpace admin, 2 a room admin, 3 a user and 4 a guest, all active,
/// so that every caller role exists whatever `count` is (when `count >= 5`). The rest is a
/// realistic mix: mostly users and guests, some room admins and a few admins; about 8% pending
/// invitees (no names yet) and 7% terminated.
pub fn seed_portal(count: usize, seed: u64, owner_password: &str) -> SeededPortal {
    let mut rng = Rng::new(seed);
    let groups: Vec<Group> = GROUPS
        .iter()
        .map(|name| Group::new(rng.guid(), (*name).to_string()))
        .collect();

    let mut users: Vec<User> = Vec::with_capacity(count.max(1));
    let mut taken_emails = std::collections::HashSet::new();
    let fixed_roles = [
        EmployeeType::DocSpaceAdmin,
        EmployeeType::DocSpaceAdmin,
        EmployeeType::RoomAdmin,
        EmployeeType::User,
        EmployeeType::Guest,
    ];
    for index in 0..count.max(1) {
        let (first, first_ascii) = *rng.pick(FIRST_NAMES);
        let (last, last_ascii) = *rng.pick(LAST_NAMES);
        let employee_type = match fixed_roles.get(index) {
            Some(t) => *t,
            None => match rng.below(100) {
                0..=2 => EmployeeType::DocSpaceAdmin,
                3..=14 => EmployeeType::RoomAdmin,
                15..=74 => EmployeeType::User,
                _ => EmployeeType::Guest,
            },
        };
        let status = if index < fixed_roles.len() {
            EmployeeStatus::Active
        } else {
            match rng.below(100) {
                0..=7 => EmployeeStatus::Pending,
                8..=14 => EmployeeStatus::Terminated,
                _ => EmployeeStatus::Active,
            }
        };
        let mut local = format!("{first_ascii}.{last_ascii}");
        let domain = *rng.pick(DOMAINS);
        let mut n = 1;
        while !taken_emails.insert(format!("{local}@{domain}")) {
            n += 1;
            local = format!("{first_ascii}.{last_ascii}{n}");
        }
        let email = format!("{local}@{domain}");
        // Registered some time in the five years before the seed epoch.
        let registered = Instant {
            unix_seconds: SEED_EPOCH - rng.below(5 * 365 * 86_400) as i64,
        };
        let (first_name, last_name, activation) = match status {
            // An invitee who has not signed up yet has no name (reference §3.5).
            EmployeeStatus::Pending => (String::new(), String::new(), ActivationStatus::Pending),
            _ if rng.percent(10) => (first.into(), last.into(), ActivationStatus::Pending),
            _ => (first.into(), last.into(), ActivationStatus::Activated),
        };
        let terminated = (status == EmployeeStatus::Terminated).then(|| Instant {
            unix_seconds: registered.unix_seconds
                + rng.below((SEED_EPOCH - registered.unix_seconds).max(1) as u64) as i64,
        });
        let group_count = if employee_type == EmployeeType::Guest {
            0
        } else {
            rng.below(3)
        };
        let mut member_of: Vec<usize> = (0..group_count)
            .map(|_| rng.below(groups.len() as u64) as usize)
            .collect();
        member_of.sort_unstable();
        member_of.dedup();
        let rooms_owned = match employee_type {
            EmployeeType::DocSpaceAdmin | EmployeeType::RoomAdmin => rng.below(6) as u32,
            _ => 0,
        };
        let password = if index == 0 {
            owner_password.to_string()
        } else {
            rng.alphanumeric(16)
        };
        users.push(User {
            id: rng.guid(),
            user_name: local.clone(),
            first_name,
            last_name,
            email,
            password,
            employee_type,
            is_owner: index == 0,
            status,
            activation,
            registered,
            terminated,
            modified: terminated.unwrap_or(registered),
            groups: member_of,
            location: rng.percent(40).then(|| (*rng.pick(LOCATIONS)).to_string()),
            created_by: None,
            rooms_owned,
            shared_files: 0,
        });
    }
    // Everyone but the owner was added by the owner or an admin.
    let creators: Vec<String> = users
        .iter()
        .take(2.min(users.len()))
        .map(|u| u.id.clone())
        .collect();
    for user in users.iter_mut().skip(1) {
        user.created_by = Some(rng.pick(&creators).clone());
    }
    share_files(&mut users, seed);
    let mut groups = groups;
    choose_heads(&mut groups, &users, seed);
    SeededPortal { users, groups }
}

/// Gives each group a head, chosen among its active members who are not guests (none when it
/// has no such member). A stream of its own, so that every other seeded fact stays as it was.
fn choose_heads(groups: &mut [Group], users: &[User], seed: u64) {
    let mut rng = Rng::new(seed ^ 0x6EAD_5000_6C00_0001);
    for (index, group) in groups.iter_mut().enumerate() {
        let eligible: Vec<&User> = users
            .iter()
            .filter(|u| {
                u.groups.contains(&index)
                    && u.status == EmployeeStatus::Active
                    && u.employee_type != EmployeeType::Guest
            })
            .collect();
        if !eligible.is_empty() {
            group.head = Some(rng.pick(&eligible).id.clone());
        }
    }
}

/// Gives about a third of the people who have signed up (no guests, no pending invitees, and
/// not the five role accounts) 1 to 8 shared files and folders, admins and room admins included,
/// so that some own shared files but no room and some own both; the first active person of
/// each kind always does, so that even a small portal has both. A stream of its own, so that
/// every other seeded fact stays as it was.
fn share_files(users: &mut [User], seed: u64) {
    let mut rng = Rng::new(seed ^ 0x5AED_F11E_5000_0001);
    let (mut with_rooms, mut without) = (false, false);
    for user in users.iter_mut().skip(5) {
        let can_share =
            user.employee_type != EmployeeType::Guest && user.status != EmployeeStatus::Pending;
        let lucky = rng.percent(35);
        let count = 1 + rng.below(8) as u32;
        let first_of_kind = can_share
            && user.status == EmployeeStatus::Active
            && if user.rooms_owned > 0 {
                !std::mem::replace(&mut with_rooms, true)
            } else {
                !std::mem::replace(&mut without, true)
            };
        if can_share && (lucky || first_of_kind) {
            user.shared_files = count;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_for_a_seed() {
        let a = seed_portal(300, 9, "pw");
        let b = seed_portal(300, 9, "pw");
        let ids = |p: &SeededPortal| p.users.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&seed_portal(300, 10, "pw")));
    }

    #[test]
    fn a_realistic_mix() {
        let p = seed_portal(1000, 1, "pw");
        assert_eq!(p.users.len(), 1000);
        assert!(p.users[0].is_owner && p.users[0].password == "pw");
        assert_eq!(p.users.iter().filter(|u| u.is_owner).count(), 1);
        let count = |f: &dyn Fn(&User) -> bool| p.users.iter().filter(|u| f(u)).count();
        assert!(count(&|u| u.status == EmployeeStatus::Pending) > 30);
        assert!(count(&|u| u.status == EmployeeStatus::Terminated) > 30);
        assert!(count(&|u| u.employee_type == EmployeeType::Guest) > 100);
        assert!(count(&|u| u.rooms_owned > 0) > 10);
        assert!(count(&|u| u.shared_files > 0 && u.rooms_owned == 0) > 50);
        assert!(count(&|u| u.shared_files > 0 && u.rooms_owned > 0) > 10);
        assert_eq!(
            count(&|u| u.shared_files > 0
                && (u.employee_type == EmployeeType::Guest || u.status == EmployeeStatus::Pending)),
            0
        );
        assert!(count(&|u| !u.first_name.is_ascii()) > 50, "non-ASCII names");
        let mut emails: Vec<_> = p.users.iter().map(|u| u.email.to_lowercase()).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), 1000, "emails are unique");
        assert!(p
            .users
            .iter()
            .all(|u| u.status != EmployeeStatus::Pending || u.first_name.is_empty()));
    }
}
