//! The signed-in session: which portal, and the credential. It lives in `sessionStorage` only,
//! so it dies with the tab and is never written to `localStorage`, a cookie or a URL.

use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "docspace-admin.session";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The portal's origin, e.g. `https://docspace.example.com` (no trailing slash).
    pub portal: String,
    /// An API key (`sk-…`) or a login token.
    pub token: String,
}

/// Checks and normalises what a person typed as the portal URL: `http(s)://host[:port][/path]`,
/// without a trailing slash.
pub fn normalize_portal(input: &str) -> Result<String, String> {
    let trimmed = input.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("Enter the portal's address, e.g. https://docspace.example.com".into());
    }
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| "The address must start with https:// (or http://)".to_string())?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err("The address has no host name".into());
    }
    Ok(trimmed.to_string())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
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

#[cfg(test)]
mod tests {
    use super::*;

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
