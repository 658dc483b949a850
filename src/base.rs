//! Where the panel is served: at the root of its host, or under a path such as `/admin-panel/`
//! (`cargo xtask dist --base /admin-panel/`). trunk writes the path into the boot script's
//! `data-base` attribute; the router and the return page after sign-in work below it.

use std::sync::OnceLock;

/// The router's base for a public URL as trunk writes it: `""` at the root, else the path
/// without its trailing slash (`"/admin-panel/"` → `"/admin-panel"`).
pub fn normalize_base(public_url: &str) -> String {
    let trimmed = public_url.trim().trim_end_matches('/');
    match trimmed {
        "" | "." => String::new(),
        path if path.starts_with('/') => path.to_string(),
        path => format!("/{path}"),
    }
}

/// `pathname` as the router sees it: without the base (`/admin-panel/people` → `/people`).
pub fn strip_base<'a>(base: &str, pathname: &'a str) -> &'a str {
    if base.is_empty() {
        return pathname;
    }
    match pathname.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => pathname,
    }
}

/// A link's `href` for a path of the panel (`/people` → `/admin-panel/people`): the router's
/// `<A>` leaves absolute paths as they are.
pub fn href(path: &str) -> String {
    format!("{}{path}", base())
}

/// This page's base, read once from the boot script.
pub fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let public_url = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("script[data-base]").ok().flatten())
            .and_then(|s| s.get_attribute("data-base"))
            .unwrap_or_default();
        normalize_base(&public_url)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases() {
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base(""), "");
        assert_eq!(normalize_base("/admin-panel/"), "/admin-panel");
        assert_eq!(normalize_base("/tools/admin/"), "/tools/admin");
        assert_eq!(normalize_base("admin-panel/"), "/admin-panel");
        assert_eq!(strip_base("", "/people"), "/people");
        assert_eq!(strip_base("/admin-panel", "/admin-panel/people"), "/people");
        assert_eq!(strip_base("/admin-panel", "/admin-panel"), "/");
        assert_eq!(strip_base("/admin-panel", "/admin-panel/"), "/");
        assert_eq!(
            strip_base("/admin-panel", "/admin-panelx/people"),
            "/admin-panelx/people",
            "only a whole path segment"
        );
    }
}
