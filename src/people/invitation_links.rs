//! Invitation links without a browser: who may make which, how a link reads, and the form that
//! sets one, checked as the portal would check it (`more-endpoints.md` §2.3).

use crate::api::{ApiError, InvitationLink, LinkSettings, LinkType, Person, UserType};

/// The types the signed-in person may make (read, change, delete) links for, in the portal's
/// order: the owner all three; a DocSpace admin room admins and users; a room admin users;
/// users and guests none (`PortalController`: DocSpace admin links need the owner, the others
/// `AddRemoveUser` for that type).
pub fn link_types_for(me: &Person) -> Vec<LinkType> {
    match me.user_type() {
        UserType::Owner => LinkType::ALL.to_vec(),
        UserType::DocSpaceAdmin => vec![LinkType::RoomAdmin, LinkType::User],
        UserType::RoomAdmin => vec![LinkType::User],
        UserType::User | UserType::Guest => Vec::new(),
    }
}

/// Whether the Invitations page has anything for the signed-in person (the top bar's entry).
pub fn can_invite(me: &Person) -> Result<(), &'static str> {
    if link_types_for(me).is_empty() {
        Err("Only admins and room admins can invite people.")
    } else {
        Ok(())
    }
}

/// "0 of 5 used", "3 used, no limit".
pub fn uses_text(link: &InvitationLink) -> String {
    match link.max_use_count {
        Some(max) => format!("{} of {max} used", link.current_use_count),
        None => format!("{} used, no limit", link.current_use_count),
    }
}

/// Whether nobody more may join through it (the portal has no flag for this).
pub fn is_used_up(link: &InvitationLink) -> bool {
    link.max_use_count
        .is_some_and(|max| link.current_use_count >= max)
}

/// The badges of a link that no longer works: "Expired", "Used up", or both.
pub fn badges(link: &InvitationLink) -> Vec<&'static str> {
    let mut badges = Vec::new();
    if link.is_expired {
        badges.push("Expired");
    }
    if is_used_up(link) {
        badges.push("Used up");
    }
    badges
}

/// Which field of the link form a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkField {
    Expiry,
    Limit,
}

/// What the admin typed: the expiry as the date-time field holds it (local time) with the
/// moment it names (read by the browser, `None` when it names none), and the use limit.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkForm<'a> {
    pub expiry_text: &'a str,
    pub expiry_ms: Option<f64>,
    pub limit: &'a str,
}

/// The settings to send, or what to fix first, each next to its field. The expiry must be in
/// the future (the portal refuses a past one); an empty expiry means never. The limit is a
/// whole number from 1 to 1000, and not below `used` (how many joined so far: the portal
/// refuses a lower one); empty means no limit.
pub fn check_link_form(
    form: &LinkForm,
    now_ms: f64,
    used: u32,
) -> Result<LinkSettings, Vec<(LinkField, String)>> {
    let mut problems = Vec::new();
    let expiration = if form.expiry_text.trim().is_empty() {
        None
    } else {
        match form.expiry_ms {
            None => {
                problems.push((LinkField::Expiry, "Enter a date and a time.".to_string()));
                None
            }
            Some(at) if at <= now_ms => {
                problems.push((
                    LinkField::Expiry,
                    "The expiry must be in the future.".to_string(),
                ));
                None
            }
            Some(at) => Some(utc_iso(at)),
        }
    };
    let limit = form.limit.trim();
    let max_use_count = if limit.is_empty() {
        None
    } else {
        match limit.parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) && n < used => {
                problems.push((
                    LinkField::Limit,
                    format!("At least {used}: {used} people have joined through this link."),
                ));
                None
            }
            Ok(n) if (1..=1000).contains(&n) => Some(n),
            _ => {
                problems.push((
                    LinkField::Limit,
                    "Enter a whole number from 1 to 1000, or leave it empty for no limit."
                        .to_string(),
                ));
                None
            }
        }
    };
    if problems.is_empty() {
        Ok(LinkSettings {
            expiration,
            max_use_count,
        })
    } else {
        Err(problems)
    }
}

/// Where a refusal of the link form belongs, and what to say: the portal names the argument
/// it refused ("Expiration", "MaxUseCount"), which goes next to its field with the portal's own
/// word kept; anything else (a 402 for seats, a 403) belongs to the form as a whole (`None`).
pub fn place_refusal(error: &ApiError) -> (Option<LinkField>, String) {
    if let ApiError::Validation { message, fields } = error {
        let named = |name: &str| message == name || fields.contains_key(name);
        if named("Expiration") {
            return (
                Some(LinkField::Expiry),
                "The portal refused this expiry (“Expiration”): it must be in the future.".into(),
            );
        }
        if named("MaxUseCount") {
            let why = fields
                .get("MaxUseCount")
                .and_then(|m| m.first())
                .cloned()
                .unwrap_or_else(|| "it is below the number of people who have joined".into());
            return (
                Some(LinkField::Limit),
                format!("The portal refused this limit (“MaxUseCount”): {why}"),
            );
        }
    }
    let message = match error {
        // No envelope at all: the route is missing, as on a portal before 3.7.1.
        ApiError::NotFound(message) if message == "Not found" => {
            "This portal has no invitation links (it answered 404): they need DocSpace 3.7.1 or later.".into()
        }
        ApiError::NotFound(message) => format!(
            "{message}: the link is gone, perhaps deleted by another admin. Reload the page to see the portal's links."
        ),
        ApiError::Forbidden(message) => format!(
            "{message}: the portal refused. It may not allow inviting members (its invitation settings), or your rights have changed."
        ),
        other => other.to_string(),
    };
    (None, message)
}

/// A moment (milliseconds since 1970 UTC) as the portal should read it: UTC, ending in `Z`
/// (a value without an offset would be read in the portal's time zone).
pub fn utc_iso(ms: f64) -> String {
    let ms = ms.floor() as i64;
    let (days, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let secs = in_day / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        in_day % 1000
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(flags: (bool, bool, bool, bool)) -> Person {
        let (is_owner, is_admin, is_collaborator, is_visitor) = flags;
        serde_json::from_value(serde_json::json!({
            "id": "me", "displayName": "Me", "email": "me@example.com",
            "isOwner": is_owner, "isAdmin": is_admin, "isCollaborator": is_collaborator,
            "isVisitor": is_visitor,
        }))
        .unwrap()
    }

    fn link(max: Option<u32>, used: u32, expired: bool) -> InvitationLink {
        InvitationLink {
            id: "l".into(),
            employee_type: 4,
            expiration: None,
            is_expired: expired,
            max_use_count: max,
            current_use_count: used,
            url: None,
        }
    }

    #[test]
    fn who_may_make_which_links() {
        use LinkType::*;
        let owner = person((true, true, false, false));
        let admin = person((false, true, false, false));
        let room_admin = person((false, false, false, false));
        let user = person((false, false, true, false));
        let guest = person((false, false, false, true));
        assert_eq!(link_types_for(&owner), [DocSpaceAdmin, RoomAdmin, User]);
        assert_eq!(link_types_for(&admin), [RoomAdmin, User]);
        assert_eq!(link_types_for(&room_admin), [User]);
        assert!(link_types_for(&user).is_empty());
        assert!(link_types_for(&guest).is_empty());
    }

    #[test]
    fn uses_read_as_a_person_says_them() {
        assert_eq!(uses_text(&link(Some(5), 0, false)), "0 of 5 used");
        assert_eq!(uses_text(&link(None, 3, false)), "3 used, no limit");
        assert!(!is_used_up(&link(Some(5), 4, false)));
        assert!(is_used_up(&link(Some(5), 5, false)));
        assert!(!is_used_up(&link(None, 500, false)));
        assert_eq!(badges(&link(Some(5), 5, true)), ["Expired", "Used up"]);
        assert_eq!(badges(&link(Some(5), 5, false)), ["Used up"]);
        assert!(badges(&link(None, 1, false)).is_empty());
    }

    const NOW: f64 = 1_796_000_000_000.0;

    fn form<'a>(expiry_text: &'a str, expiry_ms: Option<f64>, limit: &'a str) -> LinkForm<'a> {
        LinkForm {
            expiry_text,
            expiry_ms,
            limit,
        }
    }

    #[test]
    fn an_empty_form_means_never_and_no_limit() {
        assert_eq!(
            check_link_form(&form("", None, " "), NOW, 0),
            Ok(LinkSettings::default())
        );
    }

    #[test]
    fn the_expiry_goes_out_in_utc_and_must_be_in_the_future() {
        let settings = check_link_form(
            &form("2026-12-08T10:00", Some(1_796_724_000_000.0), "5"),
            NOW,
            0,
        );
        assert_eq!(
            settings,
            Ok(LinkSettings {
                expiration: Some("2026-12-08T10:00:00.000Z".into()),
                max_use_count: Some(5)
            })
        );
        let past = check_link_form(
            &form("2020-01-01T00:00", Some(1_577_836_800_000.0), ""),
            NOW,
            0,
        );
        assert_eq!(
            past,
            Err(vec![(
                LinkField::Expiry,
                "The expiry must be in the future.".into()
            )])
        );
        let unreadable = check_link_form(&form("2020-13", None, ""), NOW, 0);
        assert_eq!(unreadable.unwrap_err()[0].0, LinkField::Expiry);
    }

    #[test]
    fn the_limit_is_a_whole_number_from_1_to_1000_and_not_below_the_uses() {
        for bad in ["0", "1001", "2.5", "-1", "five"] {
            let refused = check_link_form(&form("", None, bad), NOW, 0).unwrap_err();
            assert_eq!(refused[0].0, LinkField::Limit, "{bad}");
        }
        assert_eq!(
            check_link_form(&form("", None, "1000"), NOW, 0)
                .unwrap()
                .max_use_count,
            Some(1000)
        );
        let below = check_link_form(&form("", None, "2"), NOW, 3).unwrap_err();
        assert_eq!(
            below,
            vec![(
                LinkField::Limit,
                "At least 3: 3 people have joined through this link.".into()
            )]
        );
        assert!(
            check_link_form(&form("", None, "3"), NOW, 3).is_ok(),
            "equal uses it up"
        );
        // Both fields at once, each next to its own.
        let both = check_link_form(&form("x", None, "0"), NOW, 0).unwrap_err();
        assert_eq!(
            both.iter().map(|p| p.0).collect::<Vec<_>>(),
            [LinkField::Expiry, LinkField::Limit]
        );
    }

    #[test]
    fn refusals_go_next_to_the_field_they_name() {
        let validation = |message: &str| ApiError::Validation {
            message: message.into(),
            fields: Default::default(),
        };
        assert_eq!(
            place_refusal(&validation("Expiration")).0,
            Some(LinkField::Expiry)
        );
        assert_eq!(
            place_refusal(&validation("MaxUseCount")).0,
            Some(LinkField::Limit)
        );
        let seats = ApiError::Server {
            status: 402,
            message: "The number of admins should not exceed 3".into(),
        };
        assert_eq!(
            place_refusal(&seats),
            (
                None,
                "The portal answered 402: The number of admins should not exceed 3".into()
            )
        );
        let (_, missing) = place_refusal(&ApiError::NotFound("Not found".into()));
        assert!(missing.contains("need DocSpace 3.7.1"));
        let (_, gone) = place_refusal(&ApiError::NotFound("The record could not be found".into()));
        assert!(gone.starts_with("The record could not be found: the link is gone"));
        let (field, text) = place_refusal(&ApiError::Forbidden("Access denied".into()));
        assert_eq!(field, None);
        assert!(text.starts_with("Access denied: the portal refused."));
    }

    #[test]
    fn utc_is_written_with_z() {
        assert_eq!(utc_iso(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(utc_iso(1_709_251_199_500.0), "2024-02-29T23:59:59.500Z");
    }
}
