//! The simulated portal's state: people, groups, API keys and login tokens.

pub mod account;
pub mod groups;

use std::collections::HashMap;
use std::time::Duration;

use crate::guid::{self, GuidError};
use crate::model::{EmployeeStatus, Group, User};
use crate::rng::Rng;
use crate::seed::seed_portal;
use crate::version::Version;

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
    /// How long a data reassignment takes to complete.
    pub reassign_duration: Duration,
    /// Paid seats (admins and room admins, the owner included); `None`: unlimited.
    pub paid_seats: Option<usize>,
    /// The tariff is not paid: the payment filter refuses most actions (`payment.rs`).
    pub unpaid: bool,
    /// How long a finished job stays readable before the portal forgets it: the server's
    /// queues unregister a task 60 s after its last update (`timeUntilUnregisterInSeconds` in
    /// `DefaultDistributedTaskQueueFactory.RegisterQueue`, a cleaner every 10 s in
    /// `DistributedTaskQueue`). After that `reassign/progress` and `type/progress` answer
    /// without `response`.
    pub task_ttl: Duration,
    /// The DocSpace release the portal is (`--portal-version`, default the newest read,
    /// [`crate::version::NEWEST`]): what it has and what `settings/version/build` reports.
    pub version: Version,
    /// The invitation limit and the invitation throttle (`invitation_caps.rs`); off by default.
    pub invitation_caps: crate::invitation_caps::InvitationCaps,
    /// The plan has the `audit` feature (`--no-audit-feature` for one without, like the
    /// cloud's free plan: the audit filter routes then answer the last 20 events).
    pub audit_feature: bool,
    /// `loginHistoryLifeTime` in days (`--login-history-days`, 180 by default).
    pub login_history_days: u32,
}

impl PortalSpec {
    /// A portal of `users` people from `seed`, with the demo owner password and derived keys.
    pub fn new(users: usize, seed: u64) -> PortalSpec {
        PortalSpec {
            users,
            seed,
            owner_password: "demo-owner-2026".into(),
            keys: HashMap::new(),
            reassign_duration: Duration::from_secs(3),
            paid_seats: None,
            unpaid: false,
            task_ttl: Duration::from_secs(60),
            version: Version::default(),
            invitation_caps: Default::default(),
            audit_feature: true,
            login_history_days: crate::audit::MAX_LIFETIME_DAYS,
        }
    }
}

/// The portal's tenant id, written in `UserInfo.tenantId`: a self-hosted DocSpace runs its
/// portal as tenant 1, the tenant its database is seeded with (`DbUserExtension.AddUser` in
/// `common/ASC.Core.Common/EF/Model/User/User.cs`).
pub const TENANT_ID: u32 = 1;

/// A running `POST /people/reassign/start` job, keyed by the user whose data moves.
#[derive(Debug, Clone)]
pub struct ReassignTask {
    pub from: String,
    pub to: String,
    pub delete_profile: bool,
    pub started: std::time::Instant,
    pub state: TaskState,
    /// Where a canceled job stopped.
    pub stopped_at: Option<u32>,
    /// When the job last changed state (it completed); a running job reports progress all the
    /// time, so only an ended job grows old and is forgotten.
    pub ended: Option<std::time::Instant>,
    /// For a type change with reassignment (`POST /people/type`): the new type.
    pub retype_to: Option<crate::model::EmployeeType>,
}

/// `DistributedTaskStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    Running = 1,
    Completed = 2,
    Canceled = 3,
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
    /// Reassignment jobs by the id of the user whose data moves.
    pub tasks: HashMap<String, ReassignTask>,
    /// Type changes with reassignment (`POST /people/type`), by the id of the user.
    pub type_tasks: HashMap<String, ReassignTask>,
    /// Recent failed logins by lower-cased user name, for the brute-force block.
    pub login_failures: HashMap<String, Vec<std::time::Instant>>,
    pub reassign_duration: Duration,
    /// Lists answered so far: each orders equal sort keys its own way (`next_tie_order`).
    lists_answered: u64,
    /// "Log out everywhere" as the audit trail records it (`UserLogoutActiveConnectionsForUser`,
    /// or `UserLogoutActiveConnections` for oneself): who did it, to whom, oldest first.
    pub sign_outs: Vec<SignOut>,
    /// Invitations and activation emails sent again (`PUT /people/invite`), oldest first.
    pub resends: Vec<Resend>,
    /// The authenticator-app setting, who has an app, and what the account actions sent.
    pub accounts: account::Accounts,
    /// The portal's join links, at most one per type (`invitation_links`); a fresh portal has
    /// none.
    pub invitation_links: Vec<crate::invitation_links::InvitationLink>,
    /// `TenantUserInvitationSettings.AllowInvitingMembers` (more-endpoints.md §2.4), `true` by
    /// default.
    pub allow_inviting_members: bool,
    /// What the invitation limit and throttle have counted (`invitation_caps.rs`).
    pub invitation_counters: crate::invitation_caps::InvitationCounters,
    /// The login history and the audit trail (`audit.rs`), seeded with 180 days.
    pub audit: crate::audit::AuditLog,
    /// The names of people deleted for good, which the history still shows (the server only
    /// flags the row as removed).
    departed: HashMap<String, String>,
    /// What the portal signs confirmation keys with (the server's `Signature`, keyed by its
    /// machine key).
    signing_secret: u64,
    rng: Rng,
    spec: PortalSpec,
}

/// One "log out everywhere": who asked, and whose sessions ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOut {
    pub by: String,
    pub of: String,
}

/// One email sent again by `PUT /people/invite`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resend {
    pub by: String,
    pub to: String,
    pub what: crate::people::resend::Resent,
}

/// A key shaped like DocSpace's: `sk-` followed by letters and digits.
pub fn make_api_key(rng: &mut Rng) -> String {
    format!("sk-{}", rng.alphanumeric(48))
}

impl Portal {
    pub fn new(spec: &PortalSpec) -> Portal {
        let mut seeded = seed_portal(spec.users.max(1), spec.seed, &spec.owner_password);
        let mut audit =
            crate::audit::history::seed_history(&mut seeded.users, spec.seed, crate::time::now());
        audit.lifetimes.login_history = spec
            .login_history_days
            .clamp(1, crate::audit::MAX_LIFETIME_DAYS);
        // A separate stream, so that keys do not shift when the people generator changes.
        let mut rng = Rng::new(spec.seed ^ 0x5EC2_E7A9_1D0C_4B33);
        let accounts = account::Accounts::seeded(&seeded.users, spec.seed);
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
            tasks: HashMap::new(),
            type_tasks: HashMap::new(),
            login_failures: HashMap::new(),
            reassign_duration: spec.reassign_duration,
            lists_answered: 0,
            sign_outs: Vec::new(),
            resends: Vec::new(),
            accounts,
            invitation_links: Vec::new(),
            allow_inviting_members: true,
            invitation_counters: Default::default(),
            audit,
            departed: HashMap::new(),
            // From the seed but apart from the other streams, so that nothing else shifts.
            signing_secret: spec.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x1F0D_5A11_C0DE_2026,
            rng: rng.clone(),
            spec: spec.clone(),
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

    /// A key as `Signature.Create` makes one: the payload, readable, and a mark only this portal
    /// can make. (The simulator's mark is a keyed FNV-1a hash, not the server's HMAC: enough
    /// that a changed or made-up key fails, which is all a client can observe.)
    pub fn sign(&self, payload: &str) -> String {
        let hex: String = payload.bytes().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.{:016x}", self.mark(payload))
    }

    /// The payload of a key this portal signed (`Signature.Read`), or `None`.
    pub fn read_signed(&self, key: &str) -> Option<String> {
        let (hex, mark) = key.split_once('.')?;
        if hex.len() % 2 != 0 || !hex.is_ascii() {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
            .collect();
        let payload = String::from_utf8(bytes?).ok()?;
        (format!("{:016x}", self.mark(&payload)) == mark).then_some(payload)
    }

    fn mark(&self, payload: &str) -> u64 {
        let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ self.signing_secret;
        for b in self
            .signing_secret
            .to_le_bytes()
            .iter()
            .chain(payload.as_bytes())
        {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash
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
    /// Before 3.1 there are no API keys: `BaseStartup` (`v3.0.0-server`) hands `Bearer sk-…` to
    /// the cookie handler, which finds no session in it.
    pub fn authenticate(&self, authorization: &str) -> Option<&User> {
        let value = authorization.trim();
        let bearer = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim);
        let user_id = match bearer {
            Some(key) if key.starts_with("sk-") => self
                .spec
                .version
                .has_api_keys()
                .then(|| self.api_keys.get(key))
                .flatten(),
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

    /// A new API key for the user (Developer Tools → API keys → Create).
    pub fn issue_key(&mut self, user_id: &str) -> String {
        let key = format!("sk-{}", self.rng.alphanumeric(40));
        self.api_keys.insert(key.clone(), user_id.to_string());
        key
    }

    /// The key no longer signs anyone in (Developer Tools → API keys → Delete).
    pub fn revoke_key(&mut self, key: &str) {
        self.api_keys.remove(key);
    }

    pub fn revoke_token(&mut self, token: &str) {
        self.tokens.remove(token);
    }

    /// Writes down a "log out everywhere" of `of` by `by`.
    pub fn record_logout_all(&mut self, by: &str, of: &str) {
        let action = if by == of {
            crate::audit::action::USER_LOGOUT_ACTIVE_CONNECTIONS
        } else {
            crate::audit::action::USER_LOGOUT_ACTIVE_CONNECTIONS_FOR_USER
        };
        let name = self.name_of(of).unwrap_or_default();
        self.record(by, action, &[of], &name);
        self.sign_outs.push(SignOut {
            by: by.to_string(),
            of: of.to_string(),
        });
    }

    /// Writes down an invitation (or activation email) sent again to `to` by `by`.
    pub fn record_resend(&mut self, by: &str, to: &str, what: crate::people::resend::Resent) {
        self.resends.push(Resend {
            by: by.to_string(),
            to: to.to_string(),
            what,
        });
    }

    /// Whether `token` still signs someone in.
    pub fn token_works(&self, token: &str) -> bool {
        self.authenticate(token).is_some()
    }

    /// Ends every login session of a user (terminate, disable, delete).
    pub fn revoke_sessions(&mut self, user_id: &str) {
        self.tokens.retain(|_, owner| owner != user_id);
    }

    /// Back to the seeded state: people, keys, tokens and jobs (`POST /__sim/reset`).
    pub fn reset(&mut self) {
        *self = Portal::new(&self.spec.clone());
    }

    pub fn user_mut(&mut self, id: &str) -> Option<&mut User> {
        self.by_id.get(id).map(|i| &mut self.users[*i])
    }

    /// A user by user name first, then by GUID, for `GET /people/{userid}`
    /// (`UserController.GetProfileByUserId` in `products/ASC.People/Server/Api/UserController.cs`:
    /// `GetUserByUserNameAsync`, then `Guid.TryParse`, which reads every form `guid` does).
    /// A user name can be a GUID, since it is an email's local part: the GUID of one person can
    /// find another, whose user name it is. `PUT` and `DELETE` look up the other way round
    /// (`user_by_guid_or_name`).
    pub fn user_by_id_or_name(&self, key: &str) -> Option<&User> {
        self.user_by_name(key)
            .or_else(|| guid::parse(key).ok().and_then(|id| self.user(&id)))
    }

    /// A user by user name, case-insensitively (as the database's collation compares them).
    pub fn user_by_name(&self, name: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.user_name.eq_ignore_ascii_case(name))
    }

    /// A user as `PeopleControllerBase.GetUserInfoAsync`
    /// (`products/ASC.People/Server/Api/PeopleControllerBase.cs`, the same since v3.0.0) finds
    /// them for `PUT /people/{userid}` (`UpdateMember`) and `DELETE /people/{userid}`
    /// (`DeleteMember`): `new Guid(userNameOrId)` first, and only when that throws a
    /// FormatException the text as a user name. Text that reads as a GUID (any form `guid`
    /// reads) is looked up as an id only: a GUID that is nobody's id (or a deleted user's) finds
    /// no one (404, LostUser), even when it is somebody's user name, which it can be, since a user
    /// name is an email's local part (`UserManagerWrapper.MakeUniqueNameAsync`).
    ///
    /// `Err(GuidError::Overflow)` when `new Guid` throws an OverflowException instead (an
    /// `X`-form number past 32 bits): the server does not catch it.
    pub fn user_by_guid_or_name(&self, key: &str) -> Result<Option<&User>, GuidError> {
        match guid::parse(key) {
            Ok(id) => Ok(self.user(&id)),
            Err(GuidError::Format) => Ok(self.user_by_name(key)),
            Err(GuidError::Overflow) => Err(GuidError::Overflow),
        }
    }

    pub fn new_guid(&mut self) -> String {
        self.rng.guid()
    }

    pub fn new_password(&mut self) -> String {
        self.rng.alphanumeric(16)
    }

    /// A user name from an email's local part, made unique: `john`, `john1`, `john2`…
    pub fn unique_user_name(&self, email: &str) -> String {
        let local = email.split('@').next().unwrap_or("user").to_string();
        let taken = |name: &str| {
            self.users
                .iter()
                .any(|u| u.user_name.eq_ignore_ascii_case(name))
        };
        if !taken(&local) {
            return local;
        }
        (1..)
            .map(|n| format!("{local}{n}"))
            .find(|name| !taken(name))
            .unwrap_or(local)
    }

    pub fn add_user(&mut self, user: User) {
        self.by_id.insert(user.id.clone(), self.users.len());
        self.users.push(user);
    }

    /// Deletes a profile for good: it disappears from lists and lookups, its email is free
    /// again, and its keys and sessions stop working. Its group memberships go with it, and so
    /// does any head reference to it (`DbUserService.RemoveUserAsync` flags all its rows).
    pub fn remove_user(&mut self, id: &str) -> Option<User> {
        let index = self.by_id.remove(id)?;
        self.forget_heads(id);
        let user = self.users.remove(index);
        for i in self.by_id.values_mut() {
            if *i > index {
                *i -= 1;
            }
        }
        self.revoke_sessions(id);
        self.departed.insert(user.id.clone(), user.display_name());
        Some(user)
    }

    /// A person's name as the history shows it: theirs, or the one they had when deleted.
    pub fn name_of(&self, id: &str) -> Option<String> {
        self.user(id)
            .map(User::display_name)
            .or_else(|| self.departed.get(id).cloned())
    }

    pub fn has_audit_feature(&self) -> bool {
        self.spec.audit_feature
    }

    pub fn set_audit_feature(&mut self, on: bool) {
        self.spec.audit_feature = on;
    }

    /// An audit event by `by` about `targets`, from the request being answered.
    pub fn record<T: AsRef<str>>(&mut self, by: &str, action: i32, targets: &[T], about: &str) {
        let origin = crate::audit::context::current();
        self.audit
            .record_event(crate::time::now(), by, action, targets, about, origin);
    }

    /// A login event, from the request being answered.
    pub fn record_login(&mut self, user_id: &str, login: Option<&str>, action: i32) {
        let origin = crate::audit::context::current();
        self.audit
            .record_login(crate::time::now(), user_id, login, action, origin);
    }

    /// Completes the reassignment jobs whose time has come: rooms (and shared files,
    /// `hand_over`) move to the receiver, and the profile is deleted if that was asked for. Called before every request is answered.
    pub fn settle_tasks(&mut self) {
        let now = std::time::Instant::now();
        let due = |t: &&ReassignTask| {
            t.state == TaskState::Running && now >= t.started + self.reassign_duration
        };
        let done: Vec<ReassignTask> = self
            .tasks
            .values()
            .chain(self.type_tasks.values())
            .filter(due)
            .cloned()
            .collect();
        for task in done {
            self.hand_over(&task);
            let jobs = if task.retype_to.is_some() {
                &mut self.type_tasks
            } else {
                &mut self.tasks
            };
            if let Some(t) = jobs.get_mut(&task.from) {
                t.state = TaskState::Completed;
                t.ended = Some(task.started + self.reassign_duration);
            }
            if let (Some(to), Some(user)) = (task.retype_to, self.user_mut(&task.from)) {
                let was = user.employee_type;
                user.employee_type = to;
                // `UpdateUserTypeProgressItem.UpdateUserTypeAsync`: a new guest leaves every
                // group (and the heads that were theirs there).
                if to == crate::model::EmployeeType::Guest && was != to {
                    self.leave_all_groups(&task.from);
                }
            }
            if task.delete_profile {
                self.remove_user(&task.from);
            }
        }
        self.forget_old_tasks(now);
    }

    /// Forgets the jobs that ended more than the task time-to-live ago, as the server's queue
    /// cleaner does: their progress reads as no job at all.
    fn forget_old_tasks(&mut self, now: std::time::Instant) {
        let ttl = self.spec.task_ttl;
        let fresh = |t: &ReassignTask| t.ended.is_none_or(|ended| now < ended + ttl);
        self.tasks.retain(|_, t| fresh(t));
        self.type_tasks.retain(|_, t| fresh(t));
    }

    /// What a finished job moves from `task.from` to `task.to`. A reassignment
    /// (`ReassignProgressItem.DoJob`, `common/ASC.Data.Reassigns/ReassignProgressItem.cs`)
    /// moves the rooms and, since 3.5 (in 3.1 and 3.2 only when the profile is deleted), the
    /// shared files and folders (`MoveSharedEntriesAsync`). A type change
    /// (`UpdateUserTypeProgressItem.DoJob`) moves the rooms only (`ChangeRoomsOwnerAsync`): the
    /// person keeps what they shared.
    fn hand_over(&mut self, task: &ReassignTask) {
        let shared = task.retype_to.is_none()
            && self.spec.version.reassign_moves_shared(task.delete_profile);
        let Some(from) = self.user_mut(&task.from) else {
            return;
        };
        let rooms = std::mem::take(&mut from.rooms_owned);
        let files = if shared {
            std::mem::take(&mut from.shared_files)
        } else {
            0
        };
        if let Some(to) = self.user_mut(&task.to) {
            to.rooms_owned += rooms;
            to.shared_files += files;
        }
    }

    /// Paid seats taken: admins and room admins who are not terminated.
    pub fn paid_in_use(&self) -> usize {
        self.users
            .iter()
            .filter(|u| {
                u.status != EmployeeStatus::Terminated && crate::rules::is_paid(u.employee_type)
            })
            .count()
    }

    /// The paid seat limit (`None`: unlimited).
    pub fn paid_seats(&self) -> Option<usize> {
        self.spec.paid_seats
    }

    /// Changes the paid seat limit, as a change of tariff does (`None`: unlimited).
    pub fn set_paid_seats(&mut self, limit: Option<usize>) {
        self.spec.paid_seats = limit;
    }

    /// Changes the invitation limit and throttle, as a change of the portal's configuration does
    /// (what they counted so far is kept).
    pub fn set_invitation_caps(&mut self, caps: crate::invitation_caps::InvitationCaps) {
        self.spec.invitation_caps = caps;
    }

    /// Changes how long a finished job stays readable (`--task-ttl-secs`).
    pub fn set_task_ttl(&mut self, ttl: Duration) {
        self.spec.task_ttl = ttl;
    }

    /// Makes the portal's tariff unpaid (or paid again).
    pub fn set_unpaid(&mut self, unpaid: bool) {
        self.spec.unpaid = unpaid;
    }

    pub fn is_unpaid(&self) -> bool {
        self.spec.unpaid
    }

    /// A number for the next list request, which orders people with equal sort keys by it
    /// (`PeopleFilter::sort`): the server pages with Skip/Take and no unique tie-breaker, so
    /// the database may order them differently from one query to the next. From the seed and a
    /// counter, so a run is reproducible.
    pub fn next_tie_order(&mut self) -> u64 {
        self.lists_answered += 1;
        self.spec.seed ^ self.lists_answered.wrapping_mul(0xD6E8_FEB8_6659_FD93)
    }

    /// Makes the portal another DocSpace release (`--portal-version`).
    pub fn set_version(&mut self, version: Version) {
        self.spec.version = version;
    }

    /// The DocSpace release this portal is.
    /// The invitation caps the portal was made with.
    pub fn invitation_caps(&self) -> crate::invitation_caps::InvitationCaps {
        self.spec.invitation_caps
    }

    pub fn version(&self) -> &Version {
        &self.spec.version
    }

    pub fn check_seats(&self, more: usize) -> Result<(), crate::rules::Refusal> {
        match self.spec.paid_seats {
            Some(limit) if more > 0 && self.paid_in_use() + more > limit => {
                Err(crate::rules::Refusal::PaymentRequired(format!(
                    "The number of admins exceeds the limit: {}/{limit}.",
                    self.paid_in_use() + more
                )))
            }
            _ => Ok(()),
        }
    }

    /// Cancels `id`'s job, in `tasks` or (with `retype`) `type_tasks`, and forgets it at once,
    /// as `QueueWorker.Terminate` dequeues it (`common/ASC.Data.Reassigns/QueueWorker.cs`): the
    /// next progress read finds nothing. Answers with the job as the terminate call reports it
    /// (canceled where it stopped), or `None` when there was none. A job that already completed
    /// is forgotten too, and reported as it ended.
    pub fn cancel_task(&mut self, retype: bool, id: &str) -> Option<ReassignTask> {
        let jobs = if retype {
            &mut self.type_tasks
        } else {
            &mut self.tasks
        };
        let mut task = jobs.remove(id)?;
        if task.state == TaskState::Running {
            task.stopped_at = Some(self.task_percentage(&task));
            task.state = TaskState::Canceled;
        }
        Some(task)
    }

    /// How far a job is, 0..=100.
    pub fn task_percentage(&self, task: &ReassignTask) -> u32 {
        match task.state {
            TaskState::Completed => 100,
            TaskState::Canceled => task.stopped_at.unwrap_or(0),
            TaskState::Running => {
                let elapsed = task.started.elapsed().as_millis();
                let total = self.reassign_duration.as_millis().max(1);
                ((elapsed * 100 / total).min(99)) as u32
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> PortalSpec {
        PortalSpec {
            owner_password: "pw".into(),
            keys: HashMap::from([(Role::Owner, "sk-fixed".to_string())]),
            ..PortalSpec::new(20, 3)
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

#[cfg(test)]
mod lifecycle_tests {
    use super::*;

    #[test]
    fn removal_frees_the_email_and_keeps_the_index_right() {
        let mut portal = Portal::new(&PortalSpec::new(30, 4));
        let gone = portal.users[10].clone();
        let after = portal.users[20].id.clone();
        assert_eq!(
            portal.remove_user(&gone.id).map(|u| u.id),
            Some(gone.id.clone())
        );
        assert!(portal.user(&gone.id).is_none());
        assert!(portal.user_by_email(&gone.email).is_none());
        assert_eq!(portal.user(&after).map(|u| u.id.clone()), Some(after));
        assert_eq!(portal.users.len(), 29);
    }

    /// A profile whose user name is `name` (an email's local part), added to `portal`.
    fn add_named(portal: &mut Portal, name: &str) -> String {
        let mut decoy = portal.users[5].clone();
        decoy.id = portal.new_guid();
        decoy.user_name = name.to_string();
        decoy.email = format!("{name}@example.org");
        let id = decoy.id.clone();
        portal.add_user(decoy);
        id
    }

    #[test]
    fn get_reads_a_user_name_first_put_and_delete_a_guid_first() {
        let mut portal = Portal::new(&PortalSpec::new(30, 4));
        let victim = portal.users[10].id.clone();
        let decoy = add_named(&mut portal, &victim);
        let found = |u: Option<&User>| u.map(|u| u.id.clone());
        assert_eq!(
            found(portal.user_by_id_or_name(&victim)),
            Some(decoy.clone())
        );
        assert_eq!(
            portal.user_by_guid_or_name(&victim).map(found),
            Ok(Some(victim.clone()))
        );
        let braced = format!("{{{}}}", victim.to_uppercase());
        assert_eq!(
            portal.user_by_guid_or_name(&braced).map(found),
            Ok(Some(victim.clone()))
        );
        assert_eq!(
            found(portal.user_by_id_or_name(&braced)),
            Some(victim.clone())
        );

        // A GUID that is nobody's id finds no one, even as somebody's user name.
        let nobody = "0f8fad5b-d9cb-469f-a165-70867728950e";
        let named_nobody = add_named(&mut portal, nobody);
        assert_eq!(portal.user_by_guid_or_name(nobody).map(found), Ok(None));
        assert_eq!(found(portal.user_by_id_or_name(nobody)), Some(named_nobody));

        // Other text is a user name, case-insensitively.
        let other = portal.users[12].clone();
        let upper = other.user_name.to_ascii_uppercase();
        assert_eq!(
            portal.user_by_guid_or_name(&upper).map(found),
            Ok(Some(other.id.clone()))
        );
        assert_eq!(
            portal.user_by_guid_or_name("no.such.name").map(found),
            Ok(None)
        );
        let wide = "{0x123456789,0x2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb}}";
        assert_eq!(
            portal.user_by_guid_or_name(wide).map(found),
            Err(GuidError::Overflow)
        );
        assert_eq!(found(portal.user_by_id_or_name(wide)), None);
    }

    #[test]
    fn user_names_are_unique() {
        let portal = Portal::new(&PortalSpec::new(30, 4));
        let taken = portal.users[7].email.clone();
        let name = portal.unique_user_name(&taken);
        assert_ne!(name, portal.users[7].user_name);
        assert!(name.starts_with(&portal.users[7].user_name));
        assert_eq!(
            portal.unique_user_name("nobody.here@example.com"),
            "nobody.here"
        );
    }

    #[test]
    fn a_finished_reassignment_moves_rooms_and_can_delete() {
        let mut spec = PortalSpec::new(30, 4);
        spec.reassign_duration = Duration::ZERO;
        let mut portal = Portal::new(&spec);
        let from = portal.users[5].id.clone();
        let to = portal.users[0].id.clone();
        portal.users[5].rooms_owned = 3;
        let before = portal.users[0].rooms_owned;
        portal.tasks.insert(
            from.clone(),
            ReassignTask {
                from: from.clone(),
                to: to.clone(),
                delete_profile: true,
                started: std::time::Instant::now(),
                state: TaskState::Running,
                stopped_at: None,
                ended: None,
                retype_to: None,
            },
        );
        portal.users[5].shared_files = 2;
        let shared_before = portal.users[0].shared_files;
        portal.settle_tasks();
        assert_eq!(portal.user(&to).map(|u| u.rooms_owned), Some(before + 3));
        assert_eq!(
            portal.user(&to).map(|u| u.shared_files),
            Some(shared_before + 2)
        );
        assert!(portal.user(&from).is_none(), "deleted after the move");
        assert_eq!(portal.tasks[&from].state, TaskState::Completed);
    }
}
