//! The signed-in session: which portal, and the credential. It lives in `sessionStorage` only,
//! so it dies with the tab and is never written to `localStorage`, a cookie or a URL.
//! `SessionContext` shares it with every page; a 401 from the portal ends it here, once.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{ApiError, Person, PortalClient};

const STORAGE_KEY: &str = "docspace-admin.session";
const RETURN_KEY: &str = "docspace-admin.return-to";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The portal's origin, e.g. `https://docspace.example.com` (no trailing slash).
    pub portal: String,
    /// An API key (`sk-…`) or a login token.
    pub token: String,
    /// Who signed in, as the portal described them at sign-in.
    pub me: Person,
    /// The portal's release as it said at sign-in (`settings/version/build`), when it did.
    #[serde(default)]
    pub version: Option<String>,
}

impl Session {
    /// A client of this session: a 401 it meets ends the session (see `SessionContext::new`).
    pub fn client(&self) -> PortalClient {
        PortalClient::for_session(&self.portal, &self.token).acting_as(&self.acting_as())
    }

    /// The portal's release, when it said at sign-in.
    pub fn portal_version(&self) -> Option<crate::api::PortalVersion> {
        self.version
            .as_deref()
            .and_then(crate::api::PortalVersion::parse)
    }

    /// Why a step that needs DocSpace 3.1 is not offered here (`None`: it is, or the portal
    /// did not say its release).
    pub fn needs_3_1(&self, what: &str) -> Option<String> {
        self.portal_version()
            .filter(|v| !v.has_3_1())
            .map(|v| v.needs_3_1(what))
    }

    /// Why invitation links are not offered here (they came with 3.7.1); `None`: they are, or
    /// the portal did not say its release (then the portal's own answer tells).
    pub fn lacks_invitation_links(&self) -> Option<String> {
        let text = self.version.as_deref()?;
        let version = crate::api::PortalVersion::parse(text)?;
        // "3.7" names no patch: it may be 3.7.1 or later, so the portal is asked.
        if text.trim().split('.').count() < 3 && (version.major, version.minor) == (3, 7) {
            return None;
        }
        version.lacks_invitation_links()
    }

    /// Who signed in, as receipts name them: "Name (ID)".
    pub fn acting_as(&self) -> String {
        format!("{} ({})", self.me.name(), self.me.id)
    }
}

/// The signed-in session, shared by every page. `notice` says why a person was sent back to
/// sign-in (an expired or revoked key, a sign-out), once.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub session: RwSignal<Option<Session>>,
    pub notice: RwSignal<Option<String>>,
}

impl SessionContext {
    /// The session kept in this tab, if any. A 401 met by any of its clients ends it: the one
    /// place a rejected credential is handled.
    pub fn new() -> Self {
        let ctx = SessionContext {
            session: RwSignal::new(load()),
            notice: RwSignal::new(None),
        };
        crate::api::on_unauthorized(move || ctx.expire());
        ctx
    }

    pub fn sign_in(&self, new: Session) -> Result<(), String> {
        save(&new)?;
        crate::kept::unseal();
        self.notice.set(None);
        self.session.set(Some(new));
        Ok(())
    }

    /// Forgets the session; `why` is shown on the sign-in page.
    pub fn sign_out(&self, why: Option<String>) {
        clear();
        self.notice.set(why);
        self.session.set(None);
    }

    /// The portal rejected the credential: back to sign-in, saying why, and back to this page
    /// after signing in again. Work in progress is kept.
    pub fn expire(&self) {
        if self.session.with_untracked(Option::is_none) {
            return;
        }
        if let Some(page) = current_page() {
            remember_page(&page);
        }
        self.sign_out(Some(ApiError::Unauthorized.to_string()));
    }
}

impl Default for SessionContext {
    fn default() -> Self {
        Self::new()
    }
}

/// The session of a signed-in page. The signed-in layout provides it, and shows its pages only
/// while there is one, so a page never handles "not signed in".
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The path and query of the page the person is on, as the router names it (below the base).
pub fn current_page() -> Option<String> {
    let location = web_sys::window()?.location();
    let pathname = location.pathname().ok()?;
    Some(format!(
        "{}{}",
        crate::base::strip_base(crate::base::base(), &pathname),
        location.search().ok()?
    ))
}

/// Checks and normalises what a person typed as the portal URL: `https://host[:port][/path]`,
/// or `http://` for this machine only (localhost, 127.0.0.1, [::1]), without a trailing slash.
pub fn normalize_portal(input: &str) -> Result<String, String> {
    let trimmed = input.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("Enter the portal's address, e.g. https://docspace.example.com".into());
    }
    let (secure, rest) = match (
        trimmed.strip_prefix("https://"),
        trimmed.strip_prefix("http://"),
    ) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => return Err("The address must start with https://".into()),
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || rest.contains(char::is_whitespace) {
        return Err("The address has no host name".into());
    }
    let host_name = if host.starts_with('[') {
        host.split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or("").to_ascii_lowercase()
    };
    if !secure && !matches!(host_name.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
        return Err(
            "Use https://: an API key must not travel unencrypted (http:// is only for this machine)"
                .into(),
        );
    }
    Ok(trimmed.to_string())
}

/// The origin (`scheme://host[:port]`) of a normalised portal address.
pub fn origin_of(portal: &str) -> String {
    match portal.split_once("://") {
        Some((scheme, rest)) => {
            format!("{scheme}://{}", rest.split('/').next().unwrap_or_default())
        }
        None => portal.to_string(),
    }
}

/// Whether a Content-Security-Policy lets a page on `own` origin call `origin`
/// (its `connect-src`, or `default-src` without one; `'self'`, exact origins, schemes, `*`).
pub fn policy_allows(policy: &str, own: &str, origin: &str) -> bool {
    let directive = |name: &str| {
        policy
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
            .map(|sources| {
                sources
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
    };
    let Some(sources) = directive("connect-src").or_else(|| directive("default-src")) else {
        return true;
    };
    let scheme = origin.split("://").next().unwrap_or_default();
    sources.iter().any(|s| {
        s == "*"
            || (s == "'self'" && origin == own)
            || s.trim_end_matches('/') == origin
            || s.strip_suffix(':') == Some(scheme)
    })
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Keeps `value` as JSON under `key` in this tab's `sessionStorage` (work in progress: the
/// wizard, a bulk run). Best effort: a browser that refuses storage just cannot resume.
pub fn keep<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &json);
    }
}

/// What `keep` stored under `key`, if it still reads as a `T`.
pub fn recall<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let json = storage()?.get_item(key).ok()??;
    serde_json::from_str(&json).ok()
}

pub fn forget(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

pub fn load() -> Option<Session> {
    let raw = storage()?.get_item(STORAGE_KEY).ok()??;
    serde_json::from_str(&raw).ok()
}

pub fn save(session: &Session) -> Result<(), String> {
    let storage = storage().ok_or("This browser does not allow session storage")?;
    let json = serde_json::to_string(session).map_err(|e| e.to_string())?;
    storage
        .set_item(STORAGE_KEY, &json)
        .map_err(|_| "Could not store the session in this tab".to_string())
}

pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// Everything the panel keeps in this tab (the session, a wizard or offboarding in progress, a
/// selection handed over) and the offboarding plan kept in this browser: Sign out leaves
/// nothing behind for whoever uses the tab or the browser next.
pub fn forget_all() {
    crate::kept::forget_all_and_seal();
    if let Some(storage) = storage() {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("docspace-admin."))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}

const HANDOFF_KEY: &str = "docspace-admin.offboard-selection";

/// Keeps what the list hands to the offboarding page (in this tab).
pub fn hand_over(handoff: &crate::lifecycle::handoff::Handoff) {
    keep(HANDOFF_KEY, handoff);
}

/// What the list handed to the offboarding page, once.
pub fn take_handed_over() -> Option<crate::lifecycle::handoff::Handoff> {
    let handoff = recall(HANDOFF_KEY);
    forget(HANDOFF_KEY);
    handoff
}

/// Remembers the page (path and query) to return to after signing in again.
pub fn remember_page(path_and_query: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(RETURN_KEY, path_and_query);
    }
}

/// The page to return to, once: only a path of this panel, never another site.
pub fn take_return_page() -> Option<String> {
    let storage = storage()?;
    let page = storage.get_item(RETURN_KEY).ok()??;
    let _ = storage.remove_item(RETURN_KEY);
    safe_return_page(&page)
}

/// A return page must be a local path (`/people?…`), not `//evil.example` or a URL.
pub fn safe_return_page(page: &str) -> Option<String> {
    (page.starts_with('/') && !page.starts_with("//") && !page.contains('\\') && page != "/sign-in")
        .then(|| page.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_page_s_policy_lets_it_call() {
        let policy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
        let own = "https://portal.example.com";
        assert!(policy_allows(policy, own, own));
        assert!(!policy_allows(policy, own, "https://other.example.com"));
        let wider = "default-src 'none'; connect-src 'self' https://other.example.com/";
        assert!(policy_allows(wider, own, "https://other.example.com"));
        assert!(!policy_allows(wider, own, "https://third.example.com"));
        assert!(policy_allows(
            "connect-src https:",
            own,
            "https://third.example.com"
        ));
        assert!(!policy_allows("default-src 'none'", own, own));
        assert!(
            policy_allows("", own, "https://any.example.com"),
            "no policy"
        );
        assert_eq!(
            origin_of("https://d.example.com:8443/portal"),
            "https://d.example.com:8443"
        );
    }

    #[test]
    fn invitation_links_are_held_back_only_on_a_portal_known_to_be_older() {
        let me: Person = serde_json::from_value(
            serde_json::json!({"id": "me", "displayName": "Me", "email": "me@example.com"}),
        )
        .unwrap();
        let on = |version: Option<&str>| {
            Session {
                portal: "https://p.example.com".into(),
                token: "t".into(),
                me: me.clone(),
                version: version.map(String::from),
            }
            .lacks_invitation_links()
        };
        assert!(on(Some("3.6.1")).is_some() && on(Some("3.7.0")).is_some());
        assert_eq!(on(Some("3.7")), None, "no patch given: the portal is asked");
        assert_eq!(on(Some("3.7.2.100")), None);
        assert_eq!(on(None), None);
    }

    #[test]
    fn portal_addresses() {
        assert_eq!(
            normalize_portal(" https://d.example.com/ ").as_deref(),
            Ok("https://d.example.com")
        );
        assert_eq!(
            normalize_portal("http://127.0.0.1:8080").as_deref(),
            Ok("http://127.0.0.1:8080")
        );
        assert!(normalize_portal("").is_err());
        assert!(normalize_portal("d.example.com").is_err());
        assert!(normalize_portal("https://").is_err());
        assert!(normalize_portal("ftp://d.example.com").is_err());
    }
}
