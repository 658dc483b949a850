//! The portal's login history and audit trail (more-endpoints.md §6; the server read in
//! `common/services/ASC.AuditTrail` and `web/ASC.Web.Api/Api/SecurityController.cs`, v3.7.2):
//! what is recorded, how the filter routes find it, and how long it is kept.
//!
//! - **Login events** (actions below 2000, the `login_events` table): every sign-in through
//!   `POST /authentication`, successful (`LoginSuccessViaApi`) or not (`LoginFailViaApi`,
//!   stored under the Guest account with the typed login; `LoginFailBruteForce` when blocked).
//!   Their filter pages **before** it filters: `Skip(startIndex).Take(count)` over the whole
//!   history, newest first, then `userId`, `action`, `from`, `to` (`LoginEventsRepository`).
//!   Events older than `loginHistoryLifeTime` days are deleted (the server's `ClearEventsService`
//!   does it once a day; here at once).
//! - **Audit events** (the rest): what the People and Groups endpoints did, by whom, about
//!   whom (`target`, the ids joined with `,`). Their filter filters first, then pages
//!   (`AuditEventsRepository`); without `action` only the actions its mappers know come back.
//!   Audit events are never deleted (the cleanup was disabled in 2024); `auditTrailLifeTime`
//!   only bounds `events/last`.
//! - A plan without the `audit` feature (`--no-audit-feature`, like the cloud's free plan)
//!   answers both filter routes with the last 20 events, ignoring every parameter, with no error.

pub mod context;
pub mod history;
pub mod routes;

use crate::model::Instant;

/// `Constants.Guest`: whom an unauthenticated request is, so whom a failed login is recorded
/// under.
pub const GUEST_ID: &str = "712d9ec3-5d2b-4b13-824f-71f00191dcca";

/// `TenantAuditSettings.MaxLifeTime`, and the default of both lifetimes.
pub const MAX_LIFETIME_DAYS: u32 = 180;

/// `MessageAction` numbers the simulator records or binds.
pub mod action {
    pub const LOGIN_SUCCESS: i32 = 1000;
    pub const LOGIN_FAIL_INVALID_COMBINATION: i32 = 1002;
    pub const LOGOUT: i32 = 1006;
    pub const LOGIN_SUCCESS_VIA_API: i32 = 1010;
    pub const LOGIN_FAIL_VIA_API: i32 = 1013;
    pub const LOGIN_FAIL_BRUTE_FORCE: i32 = 1023;
    pub const LOGIN_SUCCESS_VIA_PASSWORD: i32 = 1029;
    pub const USER_CREATED: i32 = 4000;
    pub const USER_UPDATED: i32 = 4006;
    pub const USER_SENT_EMAIL_CHANGE_INSTRUCTIONS: i32 = 4014;
    pub const USER_SENT_PASSWORD_CHANGE_INSTRUCTIONS: i32 = 4015;
    pub const USER_DELETED: i32 = 4018;
    pub const USERS_UPDATED_TYPE: i32 = 4019;
    pub const USERS_UPDATED_STATUS: i32 = 4020;
    pub const USERS_SENT_ACTIVATION_INSTRUCTIONS: i32 = 4021;
    pub const USERS_DELETED: i32 = 4022;
    pub const GROUP_CREATED: i32 = 4026;
    pub const GROUP_UPDATED: i32 = 4027;
    pub const GROUP_DELETED: i32 = 4028;
    pub const USER_DATA_REASSIGNS: i32 = 4030;
    pub const USER_LOGOUT_ACTIVE_CONNECTIONS: i32 = 4034;
    pub const USER_LOGOUT_ACTIVE_CONNECTIONS_FOR_USER: i32 = 4036;
    pub const SEND_JOIN_INVITE: i32 = 4037;
    pub const AUDIT_SETTINGS_UPDATED: i32 = 6035;
}

/// `MessageAction` members by name, for binding `action=` (ASP.NET's enum binder takes a name
/// without regard to case, or any number). The login actions and the People ones.
pub const ACTION_NAMES: &[(&str, i32)] = &[
    ("None", -1),
    ("LoginSuccess", 1000),
    ("LoginSuccessViaSocialAccount", 1001),
    ("LoginFailInvalidCombination", 1002),
    ("LoginFailSocialAccountNotFound", 1003),
    ("LoginFailDisabledProfile", 1004),
    ("LoginFail", 1005),
    ("Logout", 1006),
    ("LoginSuccessViaSms", 1007),
    ("LoginFailViaSms", 1008),
    ("LoginFailIpSecurity", 1009),
    ("LoginSuccessViaApi", 1010),
    ("LoginSuccessViaSocialApp", 1011),
    ("LoginSuccessViaApiSms", 1012),
    ("LoginFailViaApi", 1013),
    ("LoginFailViaApiSms", 1014),
    ("LoginSuccessViaSSO", 1015),
    ("SessionStarted", 1016),
    ("SessionCompleted", 1017),
    ("LoginFailViaSSO", 1018),
    ("LoginSuccessViaApiSocialAccount", 1019),
    ("LoginFailViaApiSocialAccount", 1020),
    ("LoginSuccesViaTfaApp", 1021),
    ("LoginFailViaTfaApp", 1022),
    ("LoginFailBruteForce", 1023),
    ("LoginSuccessViaApiTfa", 1024),
    ("LoginFailViaApiTfa", 1025),
    ("LoginFailRecaptcha", 1026),
    ("AuthLinkActivated", 1027),
    ("LoginSuccessViaOAuth", 1028),
    ("LoginSuccessViaPassword", 1029),
    ("UserCreated", 4000),
    ("GuestCreated", 4001),
    ("UserCreatedViaInvite", 4002),
    ("GuestCreatedViaInvite", 4003),
    ("UserActivated", 4004),
    ("GuestActivated", 4005),
    ("UserUpdated", 4006),
    ("UserUpdatedLanguage", 4007),
    ("UserSentActivationInstructions", 4013),
    ("UserSentEmailChangeInstructions", 4014),
    ("UserSentPasswordChangeInstructions", 4015),
    ("UserSentDeleteInstructions", 4016),
    ("UserUpdatedPassword", 4017),
    ("UserDeleted", 4018),
    ("UsersUpdatedType", 4019),
    ("UsersUpdatedStatus", 4020),
    ("UsersSentActivationInstructions", 4021),
    ("UsersDeleted", 4022),
    ("SentInviteInstructions", 4023),
    ("GroupCreated", 4026),
    ("GroupUpdated", 4027),
    ("GroupDeleted", 4028),
    ("UserUpdatedMobileNumber", 4029),
    ("UserDataReassigns", 4030),
    ("UserDataRemoving", 4031),
    ("UserLogoutActiveConnections", 4034),
    ("UserLogoutActiveConnection", 4035),
    ("UserLogoutActiveConnectionsForUser", 4036),
    ("SendJoinInvite", 4037),
    ("AuditSettingsUpdated", 6035),
];

/// `ProductType`, `LocationType`, `ActionType` and `EntryType` numbers used by the mappers.
pub const PRODUCT_CONTACTS: u8 = 8;
pub const PRODUCT_SETTINGS: u8 = 7;
pub const LOCATION_SETTINGS: u8 = 29;
pub const LOCATION_CONTACTS: u8 = 30;
pub const ENTRY_USER: u8 = 23;
pub const ENTRY_GROUP: u8 = 24;

/// What an audit mapper says of an action (`PeopleActionMapper`, `SettingsActionMapper`):
/// its `actionType`, product, location and the entry types of its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Map {
    pub action: i32,
    pub action_type: u8,
    pub product: u8,
    pub location: u8,
    pub entries: &'static [u8],
}

const fn people(action: i32, action_type: u8, entries: &'static [u8]) -> Map {
    Map {
        action,
        action_type,
        product: PRODUCT_CONTACTS,
        location: LOCATION_CONTACTS,
        entries,
    }
}

/// The mapper entries of the actions the People and Settings mappers know, for the ones the
/// People API records (and their neighbours, so that a filter by type finds what it would).
pub const MAPS: &[Map] = &[
    people(4000, 1, &[ENTRY_USER]),
    people(4001, 1, &[ENTRY_USER]),
    people(4002, 1, &[ENTRY_USER]),
    people(4003, 1, &[ENTRY_USER]),
    people(4037, 1, &[ENTRY_USER]),
    people(4004, 2, &[ENTRY_USER]),
    people(4005, 2, &[ENTRY_USER]),
    people(4006, 2, &[ENTRY_USER]),
    people(4007, 2, &[ENTRY_USER]),
    people(4029, 2, &[ENTRY_USER]),
    people(4019, 2, &[ENTRY_USER]),
    people(4020, 2, &[ENTRY_USER]),
    people(4021, 2, &[ENTRY_USER]),
    people(4018, 3, &[ENTRY_USER]),
    people(4022, 3, &[ENTRY_USER]),
    people(4031, 3, &[ENTRY_USER]),
    people(4034, 19, &[ENTRY_USER]),
    people(4035, 19, &[ENTRY_USER]),
    people(4036, 19, &[ENTRY_USER]),
    people(4030, 16, &[ENTRY_USER]),
    people(4014, 8, &[ENTRY_USER]),
    people(4015, 8, &[ENTRY_USER]),
    people(4013, 8, &[]),
    people(4016, 8, &[]),
    people(4023, 8, &[]),
    people(4017, 2, &[]),
    people(4026, 1, &[ENTRY_GROUP]),
    people(4027, 2, &[ENTRY_GROUP]),
    people(4028, 3, &[ENTRY_GROUP]),
    Map {
        action: action::AUDIT_SETTINGS_UPDATED,
        action_type: 2,
        product: PRODUCT_SETTINGS,
        location: LOCATION_SETTINGS,
        entries: &[],
    },
];

pub fn map_of(action: i32) -> Option<&'static Map> {
    MAPS.iter().find(|m| m.action == action)
}

/// Whether `action` is a successful sign-in: the twelve `LoginSuccess*` members.
pub fn is_sign_in(action: i32) -> bool {
    matches!(
        action,
        1000 | 1001 | 1007 | 1010 | 1011 | 1012 | 1015 | 1019 | 1021 | 1024 | 1028 | 1029
    )
}

/// Where a request came from, as an event records it (`MessageFactory`: the IP, the
/// User-Agent read into browser and platform, the referer or path as `page`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    pub ip: String,
    pub browser: String,
    pub platform: String,
    pub page: String,
}

/// One row of `login_events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginEvent {
    pub id: u32,
    pub at: Instant,
    /// The person signed in, or [`GUEST_ID`] for a failed attempt.
    pub user_id: String,
    /// `Initiator`: the typed login of a failed attempt; none on a successful one.
    pub login: Option<String>,
    pub action: i32,
    pub origin: Origin,
}

/// One row of `audit_events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: u32,
    pub at: Instant,
    /// Who did it (`userId` on the wire).
    pub by: String,
    pub action: i32,
    /// `MessageTarget`: the ids concerned, lower-case, joined with `,`.
    pub target: Option<String>,
    /// The description's first part (the names or the email), for the action's text.
    pub about: String,
    pub origin: Origin,
}

/// The lifetimes (`TenantAuditSettings`), in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    pub login_history: u32,
    pub audit_trail: u32,
    /// When they were last saved; `None` until then (the server then shows the time it loaded
    /// them).
    pub modified: Option<Instant>,
}

impl Default for Lifetimes {
    fn default() -> Lifetimes {
        Lifetimes {
            login_history: MAX_LIFETIME_DAYS,
            audit_trail: MAX_LIFETIME_DAYS,
            modified: None,
        }
    }
}

/// The login history and the audit trail, oldest first.
#[derive(Debug, Clone, Default)]
pub struct AuditLog {
    pub logins: Vec<LoginEvent>,
    pub events: Vec<AuditEvent>,
    pub lifetimes: Lifetimes,
    next_login: u32,
    next_event: u32,
}

/// A login history query as bound (`LoginEventRequestDto`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginQuery {
    pub user_id: Option<String>,
    /// `None` for any (`0` and `None` both mean any).
    pub action: Option<i32>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub start: usize,
    pub count: usize,
}

/// An audit trail query as bound (`AuditEventRequestDto`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    pub user_id: Option<String>,
    pub action: Option<i32>,
    pub action_type: Option<u8>,
    pub entry_type: Option<u8>,
    pub target: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub start: usize,
    pub count: usize,
}

impl AuditLog {
    /// A log holding `logins` and `events` (any order), numbered oldest first.
    pub fn with(mut logins: Vec<LoginEvent>, mut events: Vec<AuditEvent>) -> AuditLog {
        logins.sort_by_key(|e| e.at.unix_seconds);
        events.sort_by_key(|e| e.at.unix_seconds);
        for (i, e) in logins.iter_mut().enumerate() {
            e.id = i as u32 + 1;
        }
        for (i, e) in events.iter_mut().enumerate() {
            e.id = i as u32 + 1;
        }
        AuditLog {
            next_login: logins.len() as u32 + 1,
            next_event: events.len() as u32 + 1,
            logins,
            events,
            lifetimes: Lifetimes::default(),
        }
    }

    pub fn record_login(
        &mut self,
        at: Instant,
        user_id: &str,
        login: Option<&str>,
        action: i32,
        origin: Origin,
    ) {
        let id = self.next_login.max(1);
        self.next_login = id + 1;
        self.logins.push(LoginEvent {
            id,
            at,
            user_id: user_id.to_string(),
            login: login.map(str::to_string),
            action,
            origin,
        });
    }

    pub fn record_event<T: AsRef<str>>(
        &mut self,
        at: Instant,
        by: &str,
        action: i32,
        targets: &[T],
        about: &str,
        origin: Origin,
    ) {
        let id = self.next_event.max(1);
        self.next_event = id + 1;
        let target = (!targets.is_empty()).then(|| {
            targets
                .iter()
                .map(|t| t.as_ref().to_ascii_lowercase())
                .collect::<Vec<_>>()
                .join(",")
        });
        self.events.push(AuditEvent {
            id,
            at,
            by: by.to_string(),
            action,
            target,
            about: about.to_string(),
            origin,
        });
    }

    /// Deletes the login events older than the login history's lifetime, as the server's
    /// cleaner does (`Date < now - LoginHistoryLifeTime days`).
    pub fn purge(&mut self, now: Instant) {
        let oldest = now.unix_seconds - i64::from(self.lifetimes.login_history) * 86_400;
        self.logins.retain(|e| e.at.unix_seconds >= oldest);
    }

    /// Newest first, ties by the later id first.
    fn newest_logins(&self) -> impl Iterator<Item = &LoginEvent> {
        self.logins.iter().rev()
    }

    fn newest_events(&self) -> impl Iterator<Item = &AuditEvent> {
        self.events.iter().rev()
    }

    /// `GET audit/login/filter` on a plan with the audit feature: the window
    /// `[start, start + count)` of the whole history, newest first, and only then the filters.
    pub fn login_filter(&self, q: &LoginQuery) -> Vec<&LoginEvent> {
        self.newest_logins()
            .skip(q.start)
            .take(q.count)
            .filter(|e| q.user_id.as_ref().is_none_or(|id| e.user_id == *id))
            .filter(|e| q.action.is_none_or(|a| e.action == a))
            .filter(|e| in_range(e.at, q.from, q.to))
            .collect()
    }

    /// `GET audit/login/last`: the 20 newest.
    pub fn login_last(&self) -> Vec<&LoginEvent> {
        self.newest_logins().take(20).collect()
    }

    /// `GET audit/events/filter` on a plan with the audit feature: filtered, then paged.
    pub fn event_filter(&self, q: &EventQuery) -> Vec<&AuditEvent> {
        self.newest_events()
            .filter(|e| q.user_id.as_ref().is_none_or(|id| e.by == *id))
            .filter(|e| event_matches(e, q))
            .filter(|e| in_range(e.at, q.from, q.to))
            .skip(q.start)
            .take(q.count)
            .collect()
    }

    /// `GET audit/events/last`: the 20 newest of the last `auditTrailLifeTime` days, of the
    /// actions the mappers know.
    pub fn event_last(&self, now: Instant) -> Vec<&AuditEvent> {
        let from = now.unix_seconds - i64::from(self.lifetimes.audit_trail) * 86_400;
        self.newest_events()
            .filter(|e| map_of(e.action).is_some())
            .filter(|e| in_range(e.at, Some(from), Some(now.unix_seconds)))
            .take(20)
            .collect()
    }
}

fn in_range(at: Instant, from: Option<i64>, to: Option<i64>) -> bool {
    from.is_none_or(|f| at.unix_seconds >= f) && to.is_none_or(|t| at.unix_seconds <= t)
}

/// The actions step of `AuditEventsRepository.GetByFilterAsync`.
fn event_matches(e: &AuditEvent, q: &EventQuery) -> bool {
    if let Some(action) = q.action {
        // An exact target with an action: the whole stored string.
        return e.action == action
            && q.target
                .as_ref()
                .is_none_or(|t| e.target.as_deref() == Some(t.as_str()));
    }
    let Some(map) = map_of(e.action) else {
        return false;
    };
    if q.action_type
        .is_some_and(|t| t != 0 && map.action_type != t)
    {
        return false;
    }
    match (q.entry_type.filter(|t| *t != 0), &q.target) {
        (Some(entry), Some(target)) => {
            map.entries.contains(&entry)
                && e.target
                    .as_deref()
                    .is_some_and(|stored| stored.contains(target.as_str()))
        }
        _ => true,
    }
}

/// The action's English text (`AuditReportResource`), with its description.
pub fn action_text(action: i32, about: &str) -> String {
    match action {
        1000 => "Login Success".into(),
        1002 => "Login Fail. Invalid username-password combination".into(),
        1005 => "Login Fail".into(),
        1006 => "Logout".into(),
        1010 => "Successful Login via API".into(),
        1013 => "Failed Login via API".into(),
        1023 => "Login Fail. Too many attempts".into(),
        1029 => "Login success via login and password".into(),
        4000 => format!("User Created: {about}"),
        4006 => format!("User Updated: {about}"),
        4014 => format!("User {about}. Sent email change instructions"),
        4015 => format!("User {about}. Sent password change instructions"),
        4018 => format!("User Deleted: {about}"),
        4019 => format!("Users [{about}]. Updated Type"),
        4020 => format!("Users [{about}]. Updated Status"),
        4021 => format!("Users [{about}]. Sent activation instructions"),
        4022 => format!("Users Deleted: {about}"),
        4026 => format!("Group Created: {about}"),
        4027 => format!("Group Updated: {about}"),
        4028 => format!("Group Deleted: {about}"),
        4030 => format!("User Data Reassigns: {about}"),
        4034 => "User logged out of all active connections".into(),
        4036 => format!("User {about} logged out of all active connections"),
        4037 => format!("Invitation sent to {about} to join this DocSpace"),
        6035 => "Audit trail and login history settings updated".into(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Instant {
        Instant { unix_seconds: s }
    }

    fn log() -> AuditLog {
        let mut log = AuditLog::default();
        for i in 0..10 {
            let who = if i % 2 == 0 { "a" } else { "b" };
            log.record_login(
                at(100 + i),
                who,
                None,
                action::LOGIN_SUCCESS_VIA_API,
                Origin::default(),
            );
        }
        log.record_event(
            at(50),
            "admin",
            action::USERS_UPDATED_STATUS,
            &["A", "B"],
            "",
            Origin::default(),
        );
        log.record_event(
            at(60),
            "admin",
            action::USER_UPDATED,
            &["b"],
            "",
            Origin::default(),
        );
        log.record_event(at(70), "admin", 9999, &["a"], "", Origin::default());
        log
    }

    #[test]
    fn the_login_history_is_paged_before_it_is_filtered() {
        let log = log();
        let q = LoginQuery {
            user_id: Some("a".into()),
            count: 3,
            ..Default::default()
        };
        // The 3 newest of the whole history are 109 (b), 108 (a), 107 (b): one of a's.
        let page: Vec<i64> = log
            .login_filter(&q)
            .iter()
            .map(|e| e.at.unix_seconds)
            .collect();
        assert_eq!(page, [108]);
        let q = LoginQuery {
            start: 3,
            count: 3,
            from: Some(105),
            ..Default::default()
        };
        assert_eq!(
            log.login_filter(&q).len(),
            2,
            "106 and 105 of 106, 105, 104"
        );
    }

    #[test]
    fn the_audit_trail_is_filtered_then_paged_and_finds_a_person_in_a_joined_target() {
        let log = log();
        let q = EventQuery {
            entry_type: Some(ENTRY_USER),
            target: Some("b".into()),
            count: 100,
            ..Default::default()
        };
        let found: Vec<i32> = log.event_filter(&q).iter().map(|e| e.action).collect();
        assert_eq!(found, [action::USER_UPDATED, action::USERS_UPDATED_STATUS]);
        // With an action the target is matched whole.
        let q = EventQuery {
            action: Some(action::USERS_UPDATED_STATUS),
            target: Some("b".into()),
            count: 100,
            ..Default::default()
        };
        assert!(log.event_filter(&q).is_empty());
        // Without an action, an action no mapper knows is never listed.
        let q = EventQuery {
            count: 100,
            ..Default::default()
        };
        assert_eq!(log.event_filter(&q).len(), 2);
        let q = EventQuery {
            count: 1,
            start: 1,
            ..Default::default()
        };
        assert_eq!(log.event_filter(&q)[0].action, action::USERS_UPDATED_STATUS);
    }

    #[test]
    fn login_events_past_their_lifetime_are_deleted() {
        let mut log = log();
        log.lifetimes.login_history = 1;
        log.purge(at(86_400 + 105));
        assert_eq!(log.logins.len(), 5);
    }
}
