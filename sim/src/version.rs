//! Which DocSpace release the simulated portal is (`--portal-version`), and what that release
//! has. Read against the server's tags (`v3.0.0-server` … `v3.7.2-server`):
//!
//! - API keys (`Bearer sk-…`) appear in 3.1.0: at `v3.0.0-server` `BaseStartup`'s scheme
//!   selector has no `sk-` branch and no `ApiKeyBearerAuthHandler`, so such a header goes to
//!   the cookie handler and the request is a 401.
//! - `GET people/reassign/necessary` (`ReassignController.NecessaryReassign`) and the type
//!   change with reassignment, `POST people/type`, `GET people/type/progress/{userid}` and
//!   `PUT people/type/terminate` (`UserController`), appear in 3.1.0.
//! - The reassignment job hands a leaver's shared files and folders to the receiver since 3.5.0
//!   (`ReassignProgressItem.DoJob`: `MoveSharedEntriesAsync`); in 3.1 and 3.2 only when the
//!   profile is deleted (`MoveSharedFilesAsync` inside `if (_deleteProfile)`); 3.0 never moves
//!   them (with `deleteProfile` they go with the personal data).
//! - `GET settings/version/build` has `communityServer: "12.0.0"` up to 3.0.4
//!   (`web/ASC.Web.Api/Core/BuildVersion.cs`), and since 3.7.1 an API key sent to it must carry
//!   a read scope (`common/ASC.Api.Core/Middleware/ApiKeyScopesFilter.cs`, absent at
//!   `v3.6.1-server`).
//! - Invitation links (`portal/users/invitationlink`) appear in 3.7.1.

use std::fmt;
use std::str::FromStr;

/// The newest server tag read for the simulator (`v3.7.2-server`).
pub const NEWEST: &str = "3.7.2";

/// A portal version such as `3.0`, `3.7.2` or `3.7.2.1234` (Docker images report
/// `<PRODUCT_VERSION>.<BUILD_NUMBER>`): the text as given, and its first three numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    text: String,
    parts: (u32, u32, u32),
}

impl Version {
    /// The version as `GET settings/version/build` reports it (`docSpace`, the configured
    /// `version:number`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this release is `major.minor.patch` or later.
    pub fn at_least(&self, major: u32, minor: u32, patch: u32) -> bool {
        self.parts >= (major, minor, patch)
    }

    /// Personal API keys (`Bearer sk-…`): 3.1 and later.
    pub fn has_api_keys(&self) -> bool {
        self.at_least(3, 1, 0)
    }

    /// `reassign/necessary` and the type change with reassignment (`POST people/type`, its
    /// progress and its termination): 3.1 and later.
    pub fn has_type_change_jobs(&self) -> bool {
        self.at_least(3, 1, 0)
    }

    /// `ApiKeyScopesFilter` on anonymous actions: 3.7.1 and later.
    pub fn checks_key_scopes_on_anonymous(&self) -> bool {
        self.at_least(3, 7, 1)
    }

    /// Invitation links, `portal/users/invitationlink` (`PortalController`): absent at
    /// `v3.6.1-server`, present at `v3.7.1-server` (more-endpoints.md §2.3).
    pub fn has_invitation_links(&self) -> bool {
        self.at_least(3, 7, 1)
    }

    /// Whether the reassignment job moves the leaver's shared files and folders.
    pub fn reassign_moves_shared(&self, delete_profile: bool) -> bool {
        self.at_least(3, 5, 0) || (self.at_least(3, 1, 0) && delete_profile)
    }

    /// `BuildVersion.CommunityServer`, written up to 3.0.4.
    pub fn community_server(&self) -> Option<&'static str> {
        (!self.at_least(3, 1, 0)).then_some("12.0.0")
    }
}

impl Default for Version {
    fn default() -> Version {
        NEWEST.parse().expect("the newest version parses")
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Version {
    type Err = String;

    /// Two to four dot-separated numbers, the first at least 1.
    fn from_str(text: &str) -> Result<Version, String> {
        let bad = || format!("a version such as 3.0 or 3.7.2, got {text:?}");
        let numbers: Vec<u32> = text
            .split('.')
            .map(|n| {
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    n.parse().ok()
                }
            })
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        if !(2..=4).contains(&numbers.len()) || numbers[0] == 0 {
            return Err(bad());
        }
        Ok(Version {
            text: text.to_string(),
            parts: (numbers[0], numbers[1], numbers.get(2).copied().unwrap_or(0)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_compare() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        assert_eq!(Version::default().as_str(), "3.7.2");
        assert!(!v("3.0").has_api_keys() && !v("3.0.4").has_type_change_jobs());
        assert!(v("3.1").has_api_keys() && v("3.1.0").has_type_change_jobs());
        assert!(v("3.7.2.1234").checks_key_scopes_on_anonymous());
        assert!(!v("3.6.1").checks_key_scopes_on_anonymous());
        assert!(v("3.7.1").has_invitation_links() && !v("3.7").has_invitation_links());
        assert_eq!(v("3.0.4").community_server(), Some("12.0.0"));
        assert_eq!(v("3.1").community_server(), None);
        assert!(v("3.5").reassign_moves_shared(false));
        assert!(!v("3.2.1").reassign_moves_shared(false) && v("3.2.1").reassign_moves_shared(true));
        assert!(!v("3.0").reassign_moves_shared(true));
        for bad in ["", "3", "3.", "v3.0", "3.x", "0.9", "3.0.0.0.0", "3.-1"] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }
}
