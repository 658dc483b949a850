//! Preferences that outlive a session: the colour theme, in `localStorage` (never the token).

const THEME_KEY: &str = "docspace-admin.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system's light or dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn slug(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    pub fn from_slug(slug: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.slug() == slug)
            .unwrap_or_default()
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load_theme() -> Theme {
    local_storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .map(|slug| Theme::from_slug(&slug))
        .unwrap_or_default()
}

/// Remembers the theme and applies it to the page (`<html data-theme=…>`).
pub fn apply_theme(theme: Theme) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(THEME_KEY, theme.slug());
    }
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme.slug());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_unknown_is_system() {
        for theme in Theme::ALL {
            assert_eq!(Theme::from_slug(theme.slug()), theme);
        }
        assert_eq!(Theme::from_slug("sepia"), Theme::System);
    }
}
