//! What applying a roster would change on the portal, row by row, before anything is sent: the
//! rows matched with the portal's people by email (without case), each one a create, an
//! invitation, a type raised and groups joined, unchanged, refused with the reason, or left to
//! the person's profile where a roster should not act silently (lowering a type, which hands
//! rooms over; a disabled account). A roster only adds: it never removes anyone from a group.

use std::collections::{BTreeSet, HashMap};

use crate::api::{Group, Person, UserStatus, UserType};
use crate::people::eligibility::can_change_type;
use crate::people::groups::{can_edit_groups, cannot_join};

use super::rows::{Roster, Row};

/// What one row asks of the portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new account (`POST /people`), in `groups` once it exists.
    Create {
        first_name: String,
        last_name: String,
        user_type: UserType,
        groups: Vec<String>,
    },
    /// An invitation (`POST /people/invite`), then `groups`.
    Invite {
        user_type: UserType,
        groups: Vec<String>,
    },
    /// Someone on the portal: their type raised, and groups they join.
    Update {
        id: String,
        raise: Option<(UserType, UserType)>,
        join: Vec<String>,
    },
    /// Someone on the portal as the roster has them already.
    Unchanged { id: String },
    /// Not applied, with the reason (a bad row, a rule of the portal, no seat left).
    Refused { reason: String },
    /// On the portal, but what the roster asks is for their profile.
    NeedsProfile { id: String, reason: String },
}

/// A row of the preview: its line, its email, what it changes, and a remark that changes
/// nothing (names the portal keeps, a name an invitee chooses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub email: String,
    pub change: Change,
    pub note: Option<String>,
}

/// The preview's counts. A person both raised and joining groups counts in both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub create: usize,
    pub invite: usize,
    pub raise: usize,
    pub join: usize,
    pub unchanged: usize,
    pub refused: usize,
    pub needs_profile: usize,
    pub new_groups: usize,
}

impl Counts {
    /// Whether applying would send nothing.
    pub fn nothing_to_change(&self) -> bool {
        self.create + self.invite + self.raise + self.join + self.new_groups == 0
    }
}

/// The whole preview: an entry per line of the file, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub entries: Vec<Entry>,
    /// The groups rows name that the portal lacks, as first written.
    pub missing_groups: Vec<String>,
}

/// What the diff reads besides the roster.
pub struct PortalNow<'a> {
    pub me: &'a Person,
    /// Everyone on the portal (collected by ID, so that nobody is missed).
    pub people: &'a [Person],
    pub groups: &'a [Group],
    /// Paid seats left (admins and room admins), when the portal's plan limits them.
    pub seats_left: Option<usize>,
    /// Invitation emails the portal may still send (its invitation limit), when it has one.
    pub invitations_left: Option<usize>,
    /// Whether groups the portal lacks are created (otherwise rows join only those it has).
    pub create_groups: bool,
}

fn rank(t: UserType) -> u8 {
    match t {
        UserType::Owner => 4,
        UserType::DocSpaceAdmin => 3,
        UserType::RoomAdmin => 2,
        UserType::User => 1,
        UserType::Guest => 0,
    }
}

fn is_paid(t: UserType) -> bool {
    matches!(t, UserType::DocSpaceAdmin | UserType::RoomAdmin)
}

fn lower(t: UserType) -> String {
    t.label().to_lowercase().replace("docspace", "DocSpace")
}

fn has_group(groups: &[Group], name: &str) -> bool {
    groups
        .iter()
        .any(|g| g.name.trim().eq_ignore_ascii_case(name))
}

impl Diff {
    /// Matches `roster` with the portal as `now` has it.
    pub fn of(roster: &Roster, now: &PortalNow) -> Diff {
        let by_email: HashMap<String, &Person> = now
            .people
            .iter()
            .map(|p| (p.email.trim().to_lowercase(), p))
            .collect();
        let mut left = Left {
            seats: now.seats_left,
            invitations: now.invitations_left,
        };
        let mut entries: Vec<Entry> = roster
            .bad
            .iter()
            .map(|b| Entry {
                line: b.line,
                email: b.email.clone(),
                change: Change::Refused {
                    reason: b.problems.join(" "),
                },
                note: None,
            })
            .collect();
        for row in &roster.rows {
            let existing = by_email.get(&row.email.to_lowercase()).copied();
            entries.push(entry(row, existing, now, &mut left));
        }
        entries.sort_by_key(|e| e.line);
        let mut diff = Diff {
            entries,
            missing_groups: Vec::new(),
        };
        diff.missing_groups = diff.named_groups(&BTreeSet::new());
        diff.missing_groups
            .retain(|name| !has_group(now.groups, name));
        diff
    }

    /// The counts of the rows not left out (`left_out` holds lines).
    pub fn counts(&self, left_out: &BTreeSet<usize>) -> Counts {
        let mut c = Counts::default();
        for e in self.entries.iter().filter(|e| !left_out.contains(&e.line)) {
            match &e.change {
                Change::Create { .. } => c.create += 1,
                Change::Invite { .. } => c.invite += 1,
                Change::Update { raise, join, .. } => {
                    c.raise += usize::from(raise.is_some());
                    c.join += usize::from(!join.is_empty());
                }
                Change::Unchanged { .. } => c.unchanged += 1,
                Change::Refused { .. } => c.refused += 1,
                Change::NeedsProfile { .. } => c.needs_profile += 1,
            }
        }
        c.new_groups = self.groups_to_create(left_out).len();
        c
    }

    /// The groups the portal lacks that the rows not left out name.
    pub fn groups_to_create(&self, left_out: &BTreeSet<usize>) -> Vec<String> {
        let named = self.named_groups(left_out);
        self.missing_groups
            .iter()
            .filter(|m| named.iter().any(|n| n.eq_ignore_ascii_case(m)))
            .cloned()
            .collect()
    }

    /// Every group the rows not left out would put someone in, each once, as first written.
    fn named_groups(&self, left_out: &BTreeSet<usize>) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for e in self.entries.iter().filter(|e| !left_out.contains(&e.line)) {
            let wanted = match &e.change {
                Change::Create { groups, .. } | Change::Invite { groups, .. } => groups,
                Change::Update { join, .. } => join,
                _ => continue,
            };
            for name in wanted {
                if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    names.push(name.clone());
                }
            }
        }
        names
    }
}

/// The groups of `row` the portal can put them in: all of them, or those it has when new
/// groups are not created (`dropped` gets the others).
fn joinable(row: &Row, now: &PortalNow, dropped: &mut Vec<String>) -> Vec<String> {
    row.groups
        .iter()
        .filter(|name| {
            let ok = now.create_groups || has_group(now.groups, name);
            if !ok {
                dropped.push((*name).clone());
            }
            ok
        })
        .cloned()
        .collect()
}

/// What the portal's plan and limits leave, taken by the rows in the file's order.
struct Left {
    seats: Option<usize>,
    invitations: Option<usize>,
}

fn entry(row: &Row, existing: Option<&Person>, now: &PortalNow, left: &mut Left) -> Entry {
    let mut dropped = Vec::new();
    let groups = joinable(row, now, &mut dropped);
    let mut notes: Vec<String> = Vec::new();
    let refused = |reason: String| Change::Refused { reason };
    let change = if !groups.is_empty() && can_edit_groups(now.me).is_err() {
        refused("Only DocSpace admins can put people in groups: leave this row's groups empty, or ask a DocSpace admin to apply the roster.".into())
    } else {
        match existing {
            None => new_person(row, groups, left, &mut notes),
            Some(person) => on_the_portal(row, person, groups, now, &mut left.seats, &mut notes),
        }
    };
    if !dropped.is_empty() {
        notes.push(format!(
            "Not in {}: the portal has no such group, and new groups are not created.",
            dropped.join(", ")
        ));
    }
    Entry {
        line: row.line,
        email: row.email.clone(),
        change,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

/// Takes a paid seat if `t` needs one; the reason when none is left.
fn take_seat(t: UserType, seats: &mut Option<usize>) -> Result<(), String> {
    match seats {
        Some(0) if is_paid(t) => Err(format!(
            "No paid seat left for another {}: the portal's plan is full (the portal would quietly make them a user instead).",
            lower(t)
        )),
        Some(n) if is_paid(t) => {
            *n -= 1;
            Ok(())
        }
        _ => Ok(()),
    }
}

fn new_person(row: &Row, groups: Vec<String>, left: &mut Left, notes: &mut Vec<String>) -> Change {
    if row.invite && left.invitations == Some(0) {
        return Change::Refused {
            reason: "The portal's invitation limit is used up: it sends no more invitation emails until its period ends. Create the account instead (invite: no), or apply this row later.".into(),
        };
    }
    if let Err(reason) = take_seat(row.user_type, &mut left.seats) {
        return Change::Refused { reason };
    }
    if row.invite {
        if let Some(n) = &mut left.invitations {
            *n -= 1;
        }
        if !row.first_name.is_empty() {
            notes.push("An invitee chooses their own name when they join.".into());
        }
        Change::Invite {
            user_type: row.user_type,
            groups,
        }
    } else {
        Change::Create {
            first_name: row.first_name.clone(),
            last_name: row.last_name.clone(),
            user_type: row.user_type,
            groups,
        }
    }
}

fn on_the_portal(
    row: &Row,
    person: &Person,
    groups: Vec<String>,
    now: &PortalNow,
    seats: &mut Option<usize>,
    notes: &mut Vec<String>,
) -> Change {
    let id = person.id.clone();
    if person.status() == UserStatus::Disabled {
        return Change::NeedsProfile {
            id,
            reason: "Disabled on the portal: enable them from their profile first, then apply the roster again.".into(),
        };
    }
    let from = person.user_type();
    let to = row.user_type;
    let mut raise = None;
    if from != UserType::Owner && rank(to) < rank(from) {
        return Change::NeedsProfile {
            id,
            reason: format!(
                "A {} on the portal, a {} in the roster: lowering a type hands their rooms over first, from their profile.",
                lower(from),
                lower(to)
            ),
        };
    }
    if from != UserType::Owner && rank(to) > rank(from) {
        if let Err(why) = can_change_type(now.me, person, to) {
            return Change::Refused { reason: why.into() };
        }
        if !is_paid(from) {
            if let Err(reason) = take_seat(to, seats) {
                return Change::Refused { reason };
            }
        }
        raise = Some((from, to));
    }
    let join: Vec<String> = groups
        .into_iter()
        .filter(|name| {
            !person
                .groups
                .iter()
                .any(|g| g.name.trim().eq_ignore_ascii_case(name))
        })
        .collect();
    if !join.is_empty() {
        if let Some(why) = cannot_join(person) {
            return Change::Refused { reason: why.into() };
        }
    }
    let named = |a: &str, b: &str| a.trim().is_empty() || a.trim() == b.trim();
    if person.status() != UserStatus::Pending
        && !(named(&row.first_name, &person.first_name) && named(&row.last_name, &person.last_name))
    {
        notes.push(format!(
            "The portal has them as {}: only they can change their name.",
            person.name()
        ));
    }
    if raise.is_none() && join.is_empty() {
        Change::Unchanged { id }
    } else {
        Change::Update { id, raise, join }
    }
}
