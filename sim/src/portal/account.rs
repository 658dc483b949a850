//! What the account actions on a person (more-endpoints.md §3.1, §3.2, §3.5) read and leave
//! behind: the portal's authenticator-app sign-in setting, who has an app configured, and the
//! emails the portal sent, as the audit trail and the mail queue would show them. The endpoints
//! are in `people::account` and `tfa`; everything here is raw, checked by them.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::model::{EmployeeStatus, User};
use crate::rng::Rng;

/// The sign-in settings and the traces of the account actions.
#[derive(Debug, Clone)]
pub struct Accounts {
    /// `TfaAppAuthSettings.EnableSetting`: sign-in asks for an authenticator app's code. It
    /// decides whether admins see `tfaAppEnabled` (`EmployeeFullDtoHelper.GetFullAsync`).
    pub tfa_app_setting: bool,
    /// `TfaAppAuthSettings.TrustedIps`: a login from one of these is not asked for a code. The
    /// seeded portal trusts the loopback addresses, so that the panel, the demo and the tests
    /// on this machine sign in with a password alone; from anywhere else a login answers
    /// `tfa: true` and no token, as the portal does.
    pub tfa_trusted_ips: Vec<IpAddr>,
    /// The people with an authenticator app configured (`TfaAppUserSettings`: backup codes
    /// stored), by id. Kept when the setting is turned off, as the server keeps them.
    pub tfa_apps: BTreeSet<String>,
    /// `POST /people/email` that went through, oldest first.
    pub email_changes: Vec<EmailChange>,
    /// `POST /people/password` that sent something, oldest first.
    pub password_emails: Vec<PasswordEmail>,
    /// `PUT /settings/tfaappnewapp` that unlinked an app, oldest first.
    pub tfa_resets: Vec<TfaReset>,
}

/// What `POST /people/email` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailChangeKind {
    /// A DocSpace admin's change: the email was set at once, and the activation email
    /// (`SendEmailActivationInstructionsAsync`) went to the new address.
    Set,
    /// Someone's own change, not an admin: a link to confirm went to the new address
    /// (`SendEmailChangeInstructionsAsync`); nothing changed.
    ConfirmationLink,
}

/// One email change: who asked, whose address, the new address, and what was sent there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailChange {
    pub by: String,
    pub of: String,
    pub email: String,
    pub kind: EmailChangeKind,
}

/// What `POST /people/password` sent (`UserManagerWrapper.SendUserPasswordAsync`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordEmailKind {
    /// A link to set a new password (`UserPasswordChangeAsync`).
    ResetLink,
    /// A pending invitee's invitation again (`SendDocSpaceRegistration`).
    Invitation,
}

/// One email sent by `POST /people/password`: who asked (`None`: an anonymous request), to
/// whom (the person's id) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordEmail {
    pub by: Option<String>,
    pub to: String,
    pub kind: PasswordEmailKind,
}

/// One authenticator app unlinked: who asked, whose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TfaReset {
    pub by: String,
    pub of: String,
}

impl Accounts {
    /// The seeded state: the setting on; an app configured for the DocSpace admin and the user
    /// of the role accounts (seed indexes 1 and 3; the owner, the room admin and the guest have
    /// none), and for about a quarter of everyone else who has signed up (never a pending
    /// invitee, who has never signed in). From a stream of its own, so that every other seeded
    /// fact stays as it was.
    pub fn seeded(users: &[User], seed: u64) -> Accounts {
        let mut rng = Rng::new(seed ^ 0x7FA0_A990_0000_0001);
        let mut tfa_apps = BTreeSet::new();
        for (index, user) in users.iter().enumerate() {
            let lucky = rng.percent(25);
            let has_app = match index {
                1 | 3 => true,
                0 | 2 | 4 => false,
                _ => lucky && user.status != EmployeeStatus::Pending,
            };
            if has_app {
                tfa_apps.insert(user.id.clone());
            }
        }
        Accounts {
            tfa_app_setting: true,
            tfa_trusted_ips: vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ],
            tfa_apps,
            email_changes: Vec::new(),
            password_emails: Vec::new(),
            tfa_resets: Vec::new(),
        }
    }

    /// Whether a login from `ip` must give an authenticator app's code
    /// (`TfaSettingsHelperBase.TfaEnabledForUserAsync`: the setting on, and the address not
    /// trusted; an address that is not known is not trusted). An IPv4 address written as IPv6
    /// (`::ffff:127.0.0.1`) counts as itself.
    pub fn asks_for_code(&self, ip: Option<IpAddr>) -> bool {
        let ip = ip.map(|ip| match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        });
        self.tfa_app_setting && !ip.is_some_and(|ip| self.tfa_trusted_ips.contains(&ip))
    }

    /// Whether `id` has an authenticator app configured.
    pub fn has_tfa_app(&self, id: &str) -> bool {
        self.tfa_apps.contains(id)
    }

    /// `tfaAppEnabled` as an admin caller sees it: present only while the setting is on.
    pub fn tfa_app_enabled(&self, id: &str) -> Option<bool> {
        self.tfa_app_setting.then(|| self.has_tfa_app(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::seed_portal;

    #[test]
    fn the_role_accounts_have_a_fixed_app_and_the_rest_comes_from_the_seed() {
        let users = seed_portal(200, 5, "pw").users;
        let a = Accounts::seeded(&users, 5);
        assert!(a.tfa_app_setting);
        let has: Vec<bool> = users[..5].iter().map(|u| a.has_tfa_app(&u.id)).collect();
        assert_eq!(has, [false, true, false, true, false]);
        let others = users[5..].iter().filter(|u| a.has_tfa_app(&u.id)).count();
        assert!((20..=80).contains(&others), "{others}");
        assert!(users
            .iter()
            .filter(|u| u.status == EmployeeStatus::Pending)
            .all(|u| !a.has_tfa_app(&u.id)));
        assert_eq!(Accounts::seeded(&users, 5).tfa_apps, a.tfa_apps);
        let mut off = a.clone();
        off.tfa_app_setting = false;
        assert_eq!(off.tfa_app_enabled(&users[1].id), None);
        assert_eq!(a.tfa_app_enabled(&users[1].id), Some(true));
        assert_eq!(a.tfa_app_enabled(&users[0].id), Some(false));
        let ip = |text: &str| Some(text.parse::<IpAddr>().unwrap());
        assert!(!a.asks_for_code(ip("127.0.0.1")) && !a.asks_for_code(ip("::1")));
        assert!(!a.asks_for_code(ip("::ffff:127.0.0.1")));
        assert!(a.asks_for_code(ip("192.0.2.7")) && a.asks_for_code(None));
        assert!(!off.asks_for_code(ip("192.0.2.7")));
    }
}
