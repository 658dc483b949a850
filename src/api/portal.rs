//! Endpoints outside People that the panel uses: sign-in and sign-out
//! (`/api/2.0/authentication`) and the core user record by ID (`/api/2.0/portal/users/{id}`).

use serde::Deserialize;
use serde_json::json;

use super::call::{segment, Call};
use super::error::ApiError;
use super::transport::PortalClient;

/// `POST /authentication` with an email and password.
pub fn login_call(user_name: &str, password: &str) -> Call {
    Call::post(
        "/api/2.0/authentication",
        json!({ "userName": user_name, "password": password }),
    )
}

/// `POST /authentication/logout`: the login token stops working.
pub fn logout() -> Call {
    Call::post("/api/2.0/authentication/logout", json!({}))
}

/// `PUT /security/activeconnections/logoutall/{userId}`: every login session of the person ends
/// (their API keys keep working). No body; the answer has no `response`.
pub fn sign_out_everywhere(id: &str) -> Call {
    Call::put_empty(format!(
        "/api/2.0/security/activeconnections/logoutall/{}",
        segment(id)
    ))
}

/// `GET /portal/users/{id}`: the core record of the account with this ID. The route takes only a
/// GUID, so a user name cannot answer for it; a key needs portal-wide read access.
pub fn user_by_id(id: &str) -> Call {
    Call::get(format!("/api/2.0/portal/users/{}", segment(id)))
}

/// What `POST /authentication` gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Login {
    Token(String),
    /// The account has two-factor sign-in; the panel cannot complete it.
    SecondFactorRequired,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticationToken {
    token: Option<String>,
    #[serde(default)]
    tfa: bool,
    #[serde(default)]
    sms: bool,
}

/// `POST /api/2.0/authentication` with an email (or user name) and password; never logged.
pub async fn login(portal: &str, user_name: &str, password: &str) -> Result<Login, ApiError> {
    let probe = PortalClient::new(portal, "");
    let answer: AuthenticationToken = probe.send(&login_call(user_name, password)).await?;
    match answer.token.filter(|t| !t.is_empty()) {
        Some(token) if !answer.tfa && !answer.sms => Ok(Login::Token(token)),
        _ => Ok(Login::SecondFactorRequired),
    }
}

/// `GET /settings/version/build`: the portal's release, asked without a credential (the route
/// is anonymous; since 3.7.1 an API key sent with it needs a read scope, so none is sent).
/// Not in the official spec (`more-endpoints.md` §8).
pub fn version_build() -> Call {
    Call::get("/api/2.0/settings/version/build")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BuildVersion {
    #[serde(default)]
    doc_space: Option<String>,
}

/// A DocSpace release as `settings/version/build` reports it (`docSpace`: "3.0.1.1234").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PortalVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl PortalVersion {
    /// API keys, `reassign/necessary`, `POST /people/type` and its progress came with 3.1
    /// (`ApiKeyBearerAuthHandler`, `ReassignController`, `UserController` at v3.1.0-server).
    pub const API_KEYS: PortalVersion = PortalVersion {
        major: 3,
        minor: 1,
        patch: 0,
    };

    /// Invitation links (`portal/users/invitationlink`) came with 3.7.1 (absent at
    /// v3.6.1-server, `more-endpoints.md` §2.3).
    pub const INVITATION_LINKS: PortalVersion = PortalVersion {
        major: 3,
        minor: 7,
        patch: 1,
    };

    pub fn parse(text: &str) -> Option<PortalVersion> {
        let mut parts = text.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
        let patch = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        Some(PortalVersion {
            major,
            minor,
            patch,
        })
    }

    /// The release with its third number ("3.6.1"), as the session keeps it.
    pub fn full(self) -> String {
        format!("{}.{}.{}", self.major, self.minor, self.patch)
    }

    /// Why invitation links are not offered on this portal (`None`: they are).
    pub fn lacks_invitation_links(self) -> Option<String> {
        (self < PortalVersion::INVITATION_LINKS).then(|| {
            format!(
                "Invitation links need DocSpace 3.7.1 or later; this portal runs DocSpace {}.",
                self.full()
            )
        })
    }

    /// Whether this release has what 3.1 added.
    pub fn has_3_1(self) -> bool {
        self >= PortalVersion::API_KEYS
    }

    /// Why a step that needs 3.1 is not offered on this portal.
    pub fn needs_3_1(self, what: &str) -> String {
        format!(
            "{what} needs DocSpace 3.1 or later; this portal runs DocSpace {}.{}.",
            self.major, self.minor
        )
    }
}

impl std::fmt::Display for PortalVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The portal's release, or `None` when it does not say (an older or a locked-down portal).
pub async fn portal_version(portal: &str) -> Option<PortalVersion> {
    let probe = PortalClient::new(portal, "");
    let answer: BuildVersion = probe.send(&version_build()).await.ok()?;
    PortalVersion::parse(answer.doc_space.as_deref()?)
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn sign_out_everywhere_is_a_put_on_the_persons_id_without_a_body() {
        let call = sign_out_everywhere("a1b2");
        assert_eq!(
            call.path_and_query(),
            "/api/2.0/security/activeconnections/logoutall/a1b2"
        );
        assert!(!call.is_read());
        assert_eq!(call.body, None);
    }

    #[test]
    fn releases_before_3_1_have_no_api_keys() {
        let v = |t| PortalVersion::parse(t).unwrap();
        assert!(!v("3.0.1.1234").has_3_1());
        assert!(!v("3.0").has_3_1());
        assert!(v("3.1.0").has_3_1());
        assert!(v("3.7.2.1900").has_3_1());
        assert!(v("4").has_3_1());
        assert_eq!(PortalVersion::parse("dev"), None);
        assert_eq!(
            v("3.6.1").lacks_invitation_links().as_deref(),
            Some("Invitation links need DocSpace 3.7.1 or later; this portal runs DocSpace 3.6.1.")
        );
        assert!(v("3.7").lacks_invitation_links().is_some());
        assert_eq!(v("3.7.1.55").lacks_invitation_links(), None);
        assert_eq!(v("3.7.2").full(), "3.7.2");
        assert_eq!(v("3.7.2").to_string(), "3.7");
        assert_eq!(
            v("3.0.4").needs_3_1("Handing rooms over"),
            "Handing rooms over needs DocSpace 3.1 or later; this portal runs DocSpace 3.0."
        );
    }
}
