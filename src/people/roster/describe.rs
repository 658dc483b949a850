//! A preview's row in words: what applying it does, for the table the admin confirms.

use super::diff::{Change, Entry};

fn type_name(t: crate::api::UserType) -> &'static str {
    t.label()
}

fn groups_text(groups: &[String]) -> String {
    if groups.is_empty() {
        String::new()
    } else {
        format!(", in {}", groups.join(", "))
    }
}

/// The kind of change, as the preview's column and its counts name it.
pub fn kind(entry: &Entry) -> &'static str {
    match &entry.change {
        Change::Create { .. } => "Create",
        Change::Invite { .. } => "Invite",
        Change::Update { raise: Some(_), .. } => "Raise type",
        Change::Update { .. } => "Join groups",
        Change::Unchanged { .. } => "Unchanged",
        Change::Refused { .. } => "Refused",
        Change::NeedsProfile { .. } => "Needs the profile",
    }
}

/// What the row does (or why not), in a sentence.
pub fn describe(entry: &Entry) -> String {
    match &entry.change {
        Change::Create {
            first_name,
            last_name,
            user_type,
            groups,
        } => {
            let name = format!("{first_name} {last_name}");
            format!(
                "An account for {} as {}{}; the portal emails them how to sign in.",
                name.trim(),
                type_name(*user_type),
                groups_text(groups)
            )
        }
        Change::Invite { user_type, groups } => format!(
            "An invitation as {}{}.",
            type_name(*user_type),
            groups_text(groups)
        ),
        Change::Update { raise, join, .. } => {
            let mut said = Vec::new();
            if let Some((from, to)) = raise {
                said.push(format!("{} (now {})", type_name(*to), type_name(*from)));
            }
            if !join.is_empty() {
                said.push(format!("joins {}", join.join(", ")));
            }
            let text = said.join("; ");
            let mut chars = text.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            format!("{first}{}.", chars.as_str())
        }
        Change::Unchanged { .. } => "On the portal as the roster has them.".into(),
        Change::Refused { reason } | Change::NeedsProfile { reason, .. } => reason.clone(),
    }
}

/// Whether the row changes anything (and so can be left out).
pub fn changes(entry: &Entry) -> bool {
    matches!(
        entry.change,
        Change::Create { .. } | Change::Invite { .. } | Change::Update { .. }
    )
}

/// The person's ID on the portal, when the row is someone it has.
pub fn portal_id(entry: &Entry) -> Option<&str> {
    match &entry.change {
        Change::Update { id, .. } | Change::Unchanged { id } | Change::NeedsProfile { id, .. } => {
            Some(id)
        }
        _ => None,
    }
}
