//! Input checked before the portal sees it: first and last names and email addresses, each
//! refused with the rule it breaks, in words that stand alone next to a field or beside a row
//! of a pasted list. The portal still decides: a refusal from it is shown as it words it.

/// The longest first or last name the portal stores (`MemberRequestDto`: `maxLength: 255`,
/// reference §3.4). The portal is .NET, so it counts UTF-16 code units, and so do we.
pub const NAME_MAX: usize = 255;
/// The longest email address: RFC 5321's path limit. The portal's own field takes 255
/// (reference §3.4), so every address we let through fits it, and none that mail can't carry.
pub const EMAIL_MAX: usize = 254;
/// The longest part before the `@` (RFC 5321 §4.5.3.1.1).
pub const EMAIL_LOCAL_MAX: usize = 64;

/// Characters that are invisible or reorder text: C0/C1 controls, and the bidirectional
/// overrides and isolates that can make a name read as something else.
fn is_control_like(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What the portal's default name rule, `^[\p{L}\p{M}' \-]+$` (`core:username:regex`),
/// surely refuses: digits, and the ASCII and Latin-1 signs other than the apostrophe and the
/// hyphen, the general punctuation and symbols, and anything outside the Basic Multilingual
/// Plane (emoji among them). Letters and marks of every script pass;
/// what this leaves to the portal (a rare sign, a portal configured with another rule) is refused by it, and shown next to the field.
fn breaks_the_name_rule(c: char) -> bool {
    let cp = c as u32;
    // Outside the Basic Multilingual Plane .NET sees two surrogates, neither a letter nor a mark.
    cp > 0xFFFF
        || c.is_numeric()
        || (c.is_ascii() && !(c.is_ascii_alphabetic() || matches!(c, ' ' | '\'' | '-')))
        || (0xA1..=0xBF).contains(&cp)
        || matches!(c, '×' | '÷')
        || (0x2010..=0x2BFF).contains(&cp)
        || (0x3000..=0x3003).contains(&cp)
        || (0xFF01..=0xFF0F).contains(&cp)
}

/// What is wrong with a name before the portal sees it: control characters, longer than
/// [`NAME_MAX`], or a sign the portal's name rule refuses. Empty is wrong for a first name
/// only ([`first_name_problem`]): the portal takes an empty last name.
pub fn name_problem(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if name.chars().any(is_control_like) {
        Some("A name cannot contain control characters or invisible direction marks.")
    } else if name.encode_utf16().count() > NAME_MAX {
        Some("A name is at most 255 characters.")
    } else if name.chars().any(breaks_the_name_rule) {
        Some("The portal takes letters, spaces, apostrophes and hyphens in a name: no digits, dots or other signs.")
    } else {
        None
    }
}

/// A first name: required, then as [`name_problem`].
pub fn first_name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("Enter a first name.")
    } else {
        name_problem(name)
    }
}

/// What is wrong with an email address, as the portal's `MailAddress` parsing and mail itself
/// would refuse it; each message says which rule, so that it stands alone next to a field or
/// beside a row of a pasted list. Surrounding spaces are ignored (and trimmed when sent).
pub fn email_problem(email: &str) -> Option<&'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Some("Enter an email address.");
    }
    if email.chars().any(is_control_like) {
        return Some("An email address cannot contain control characters.");
    }
    if email.chars().any(char::is_whitespace) {
        return Some("An email address cannot contain spaces.");
    }
    if email.chars().any(|c| {
        matches!(
            c,
            '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '\\' | '"'
        )
    }) {
        return Some("An email address cannot contain < > ( ) [ ] , ; : \\ or \".");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some("An email address needs an @, as in name@example.com.");
    };
    if domain.contains('@') {
        return Some("An email address has only one @.");
    }
    if local.is_empty() {
        return Some("An email address needs a name before the @.");
    }
    if domain.is_empty() {
        return Some("An email address needs a domain after the @, as in example.com.");
    }
    if email.chars().count() > EMAIL_MAX {
        return Some("An email address is at most 254 characters.");
    }
    if local.chars().count() > EMAIL_LOCAL_MAX {
        return Some("The part before the @ is at most 64 characters.");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("Dots before the @ cannot come first, last or twice in a row.");
    }
    if !domain.contains('.') {
        return Some("The domain after the @ needs a dot, as in example.com.");
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if !domain.split('.').all(label_ok) {
        return Some(
            "The domain after the @ is not valid: letters, digits and hyphens between dots.",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_name_is_required_and_a_last_name_may_be_empty() {
        assert_eq!(first_name_problem("John"), None);
        assert_eq!(first_name_problem("  Jean-Luc O'Brien  "), None);
        for empty in ["", "   ", "\t\n"] {
            assert_eq!(
                first_name_problem(empty),
                Some("Enter a first name."),
                "{empty:?}"
            );
            assert_eq!(name_problem(empty), None, "{empty:?}: the portal takes it");
        }
    }

    #[test]
    fn a_name_follows_the_portals_default_rule() {
        for good in [
            "Jean-Luc",
            "O'Brien",
            "Zoë",
            "Øyvind",
            "Đặng Thị",
            "Ольга",
            "Ελένη",
            "محمد",
            "יעל",
            "山田",
            "김민준",
            "देवनागरी",
            "e\u{301}",
        ] {
            assert_eq!(name_problem(good), None, "{good}");
        }
        for bad in [
            "J. Smith",
            "R2D2",
            "Anna_Lee",
            "Ann@",
            "a/b",
            "Ann (HR)",
            "¡Ana!",
            "Ann²",
            "Ann…",
            "Ann—Lee",
            "A×B",
            "Ann™",
            "Ann😀",
            "４",
            "Ann，",
        ] {
            let problem = name_problem(bad).unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(problem.contains("letters, spaces"), "{bad:?}: {problem}");
        }
    }

    #[test]
    fn a_name_is_refused_past_255_characters() {
        assert_eq!(name_problem(&"x".repeat(255)), None);
        assert_eq!(
            name_problem(&format!("  {}  ", "x".repeat(255))),
            None,
            "trimmed first"
        );
        assert!(name_problem(&"x".repeat(256)).unwrap().contains("255"));
        // The portal counts UTF-16 units: 128 characters outside the BMP are 256 of them.
        assert!(name_problem(&"𝒜".repeat(128)).is_some());
        assert_eq!(name_problem(&"é".repeat(255)), None);
    }

    #[test]
    fn a_name_is_refused_with_control_characters() {
        for bad in [
            "Jo\u{0}hn",
            "Jo\u{7}hn",
            "Jo\u{1b}[31mhn",
            "Jo\u{85}hn",
            "\u{202e}nhoJ",
            "Jo\u{2066}hn",
        ] {
            assert!(name_problem(bad).unwrap().contains("control"), "{bad:?}");
        }
    }

    #[test]
    fn an_email_is_accepted_when_well_formed() {
        for good in [
            "john.doe@example.com",
            "  john@example.com  ",
            "o'brien+tag@mail.example.co.uk",
            "a@b.io",
            "jürgen@bücher.de",
            &format!("{}@example.com", "l".repeat(64)),
            &format!(
                "x@{}.{}.{}.com",
                "d".repeat(63),
                "d".repeat(63),
                "d".repeat(63)
            ),
        ] {
            assert_eq!(email_problem(good), None, "{good}");
        }
    }

    #[test]
    fn an_email_is_refused_with_the_rule_it_breaks() {
        let cases = [
            ("", "Enter an email"),
            ("   ", "Enter an email"),
            ("john", "needs an @"),
            ("john.example.com", "needs an @"),
            ("a@@b.c", "only one @"),
            ("a@b@c.d", "only one @"),
            ("@example.com", "name before the @"),
            ("anna@", "domain after the @"),
            ("x@y", "needs a dot"),
            ("john@example", "needs a dot"),
            ("jo hn@example.com", "spaces"),
            ("john@exa mple.com", "spaces"),
            ("jo\u{0}hn@example.com", "control"),
            ("john@example.com\u{7}", "control"),
            ("jo\u{202e}hn@example.com", "control"),
            ("<john@example.com>", "cannot contain <"),
            ("john,ann@example.com", "cannot contain <"),
            ("\"john\"@example.com", "cannot contain <"),
            (".john@example.com", "Dots"),
            ("john.@example.com", "Dots"),
            ("jo..hn@example.com", "Dots"),
            ("john@.example.com", "not valid"),
            ("john@example.com.", "not valid"),
            ("john@example..com", "not valid"),
            ("john@-example.com", "not valid"),
            ("john@exa_mple.com", "not valid"),
            ("john@example.c/m", "not valid"),
        ];
        for (bad, why) in cases {
            let problem = email_problem(bad).unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert!(problem.contains(why), "{bad:?}: {problem}");
        }
    }

    #[test]
    fn an_email_is_refused_past_the_lengths_mail_allows() {
        let local_65 = format!("{}@example.com", "l".repeat(65));
        assert!(email_problem(&local_65).unwrap().contains("64"));
        // 254 in all is the most; the portal's field would take 255.
        let domain = |n: usize| {
            let labels: Vec<String> = (0..n / 50).map(|_| "d".repeat(49)).collect();
            format!("{}.{}", labels.join("."), "e".repeat(n % 50))
        };
        let at = |total: usize| {
            let mut e = format!("a@{}", domain(total - 6));
            e.push_str(".com");
            e
        };
        assert_eq!(at(254).chars().count(), 254);
        assert_eq!(email_problem(&at(254)), None, "{}", at(254));
        assert!(email_problem(&at(255)).unwrap().contains("254"));
        assert!(email_problem(&format!("{}@example.com", "a".repeat(300))).is_some());
    }
}
