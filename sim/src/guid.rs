//! GUIDs as .NET reads text (`Guid.TryParseGuid` in dotnet/runtime's
//! `System.Private.CoreLib/src/System/Guid.cs`): what `new Guid(string)`, `Guid.TryParse`,
//! route model binding and ASP.NET's `{id:guid}` route constraint accept.
//!
//! After trimming white space, the first characters choose the form: `(` the `P` form
//! `(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`; `{` the `B` form `{xxxxxxxx-xxxx-…}` when a hyphen
//! follows the first eight digits, else the `X` form `{0x…,0x…,0x…,{0x…,…}}`; anything else the
//! `D` form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` when a hyphen follows the first eight
//! characters, else the `N` form of 32 digits. Hex digits in either case. For compatibility the
//! `D` form (inside `B` and `P` too) lets each of its first four groups, and the first four
//! digits of the last, start with `+` and/or `0x`, each keeping its length: `+949d700-…` is
//! `0949d700-…`.

/// Why a text is not a GUID: what `new Guid(text)` throws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuidError {
    /// A `FormatException`: not a GUID.
    Format,
    /// An `OverflowException`: an `X`-form number past 32 bits. `Guid.TryParse` (and so the
    /// route constraint) just fails; `new Guid(text)` throws this instead of a FormatException.
    Overflow,
}

/// The message of that `OverflowException` (`SR.Overflow_UInt32`).
pub const OVERFLOW_MESSAGE: &str = "Value was either too large or too small for a UInt32.";

/// A GUID's fields, as `Guid` keeps them.
struct Fields {
    a: u32,
    b: u16,
    c: u16,
    d: [u8; 8],
}

impl Fields {
    /// The lower-case `D` form, as the simulator stores ids.
    fn to_d(&self) -> String {
        let d = &self.d;
        format!(
            "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            self.a, self.b, self.c, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
        )
    }
}

/// `text` as `new Guid(text)` reads it, in lower-case `D` form.
pub fn parse(text: &str) -> Result<String, GuidError> {
    let s: Vec<char> = text.trim().chars().collect();
    if s.len() < 32 {
        return Err(GuidError::Format);
    }
    let fields = match s[0] {
        '(' => wrapped(&s, '(', ')'),
        '{' if s[9] == '-' => wrapped(&s, '{', '}'),
        '{' => return exact_x(&s).map(|f| f.to_d()),
        _ if s[8] == '-' => exact_d(&s),
        _ => exact_n(&s),
    };
    fields.map(|f| f.to_d()).ok_or(GuidError::Format)
}

/// The value of one hex digit.
fn hex(c: char) -> Option<u32> {
    c.to_digit(16)
}

/// Exactly these characters as hex digits (no sign, no prefix).
fn strict_hex(s: &[char]) -> Option<u32> {
    s.iter()
        .try_fold(0u32, |acc, c| Some(acc.wrapping_mul(16) | hex(*c)?))
}

/// `Guid.TryParseHex`: an optional `+`, then an optional `0x`/`0X`, then hex digits (leading
/// zeros not counted). `None` for any other character; the flag says more than eight digits.
fn lenient_hex(s: &[char]) -> (Option<u32>, bool) {
    let mut s = s;
    if s.first() == Some(&'+') {
        s = &s[1..];
    }
    if s.len() > 1 && s[0] == '0' && matches!(s[1], 'x' | 'X') {
        s = &s[2..];
    }
    let digits = &s[s.iter().take_while(|c| **c == '0').count()..];
    let overflow = digits.len() > 8;
    match strict_hex(digits) {
        Some(value) => (Some(value), overflow),
        None => (
            None,
            overflow && digits.iter().take(9).all(|c| hex(*c).is_some()),
        ),
    }
}

/// `B` or `P`: the `D` form between `open` and `close`.
fn wrapped(s: &[char], open: char, close: char) -> Option<Fields> {
    (s.len() == 38 && s[0] == open && s[37] == close)
        .then(|| exact_d(&s[1..37]))
        .flatten()
}

fn exact_n(s: &[char]) -> Option<Fields> {
    if s.len() != 32 {
        return None;
    }
    let byte = |i: usize| strict_hex(&s[i..i + 2]).map(|v| v as u8);
    let mut d = [0u8; 8];
    for (k, slot) in d.iter_mut().enumerate() {
        *slot = byte(16 + 2 * k)?;
    }
    Some(Fields {
        a: strict_hex(&s[0..8])?,
        b: strict_hex(&s[8..12])? as u16,
        c: strict_hex(&s[12..16])? as u16,
        d,
    })
}

fn exact_d(s: &[char]) -> Option<Fields> {
    if s.len() != 36 || [8, 13, 18, 23].iter().any(|i| s[*i] != '-') {
        return None;
    }
    // Without a `+`, `x` or `X` the lenient reading of a group is the strict one.
    let group = |from: usize, to: usize| lenient_hex(&s[from..to]).0;
    let de = group(19, 23)? as u16;
    let fg = group(24, 28)? as u16;
    let hijk = strict_hex(&s[28..36])?;
    let [d0, d1] = de.to_be_bytes();
    let [d2, d3] = fg.to_be_bytes();
    let [d4, d5, d6, d7] = hijk.to_be_bytes();
    Some(Fields {
        a: group(0, 8)?,
        b: group(9, 13)? as u16,
        c: group(14, 18)? as u16,
        d: [d0, d1, d2, d3, d4, d5, d6, d7],
    })
}

/// `X`: `{0xaaaaaaaa,0xbbbb,0xcccc,{0xdd,0xdd,0xdd,0xdd,0xdd,0xdd,0xdd,0xdd}}`, white space
/// anywhere, each number of any length (with leading zeros, `+`, a second `0x`).
fn exact_x(s: &[char]) -> Result<Fields, GuidError> {
    use GuidError::{Format, Overflow};
    let s: Vec<char> = s.iter().copied().filter(|c| !c.is_whitespace()).collect();
    let prefix_at = |i: usize| i + 1 < s.len() && s[i] == '0' && matches!(s[i + 1], 'x' | 'X');
    // The number from `start` up to the next `end`; an empty one is refused.
    let number = |start: usize, end: char| -> Result<(u32, usize), GuidError> {
        let len = s
            .get(start..)
            .and_then(|rest| rest.iter().position(|c| *c == end))
            .filter(|len| *len > 0)
            .ok_or(Format)?;
        match lenient_hex(&s[start..start + len]) {
            (_, true) => Err(Overflow),
            (Some(value), false) => Ok((value, len)),
            (None, false) => Err(Format),
        }
    };
    if s.first() != Some(&'{') || !prefix_at(1) {
        return Err(Format);
    }
    let (a, len) = number(3, ',')?;
    let mut at = 3 + len;
    let mut short = || -> Result<u16, GuidError> {
        if !prefix_at(at + 1) {
            return Err(Format);
        }
        let (value, len) = number(at + 3, ',')?;
        at += 3 + len;
        Ok(value as u16)
    };
    let b = short()?;
    let c = short()?;
    if s.get(at + 1) != Some(&'{') {
        return Err(Format);
    }
    at += 1;
    let mut d = [0u8; 8];
    for (k, slot) in d.iter_mut().enumerate() {
        if !prefix_at(at + 1) {
            return Err(Format);
        }
        let (value, len) = number(at + 3, if k < 7 { ',' } else { '}' })?;
        // A "byte" past 8 bits is a FormatException; past 32 bits an OverflowException.
        *slot = u8::try_from(value).map_err(|_| Format)?;
        at += 3 + len;
    }
    if at + 2 != s.len() || s[at + 1] != '}' {
        return Err(Format);
    }
    Ok(Fields { a, b, c, d })
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "3949d700-e2e3-4135-b48d-ac7a435ff881";

    #[test]
    fn the_four_common_forms_in_either_case() {
        for text in [
            D,
            "3949D700-E2E3-4135-B48D-AC7A435FF881",
            "3949d700e2e34135b48dac7a435ff881",
            "{3949d700-e2e3-4135-b48d-ac7a435ff881}",
            "(3949D700-e2e3-4135-b48d-ac7a435ff881)",
            "  3949d700-e2e3-4135-b48d-ac7a435ff881\t",
        ] {
            assert_eq!(parse(text).as_deref(), Ok(D), "{text:?}");
        }
    }

    #[test]
    fn the_hex_form() {
        let x = "{0x3949d700,0xe2e3,0x4135,{0xb4,0x8d,0xac,0x7a,0x43,0x5f,0xf8,0x81}}";
        assert_eq!(parse(x).as_deref(), Ok(D));
        let loose = "{ 0X3949d700 , 0x+e2e3, 0x0x4135,{0xb4,0x8d,0xac,0x7a,0x43,0x5f,0xf8,0x0081}}";
        assert_eq!(parse(loose).as_deref(), Ok(D));
        let small = "{0x1,0x2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb}}";
        assert_eq!(
            parse(small).as_deref(),
            Ok("00000001-0002-0003-0405-060708090a0b")
        );
        // Past 32 bits is an overflow; a "byte" past 8 bits is only a format error.
        let wide = "{0x123456789,0x2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb}}";
        assert_eq!(parse(wide), Err(GuidError::Overflow));
        let big_byte = "{0x1,0x2,0x3,{0x400,0x5,0x6,0x7,0x8,0x9,0xa,0xb}}";
        assert_eq!(parse(big_byte), Err(GuidError::Format));
        for bad in [
            "{0x1,0x2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb}} ,",
            "{0x1,0x2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb}",
            "{0x1,0x2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xg}}",
            "{0x1,2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb}}xx",
            "{0x1,0x2,0x3,0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb}}",
        ] {
            assert_eq!(parse(bad), Err(GuidError::Format), "{bad:?}");
        }
    }

    #[test]
    fn signs_and_hex_prefixes_inside_the_hyphenated_form() {
        assert_eq!(
            parse("+949d700-e2e3-4135-b48d-ac7a435ff881").as_deref(),
            Ok("0949d700-e2e3-4135-b48d-ac7a435ff881")
        );
        assert_eq!(
            parse("0x49d700-0Xe3-+135-+0x1-ac7a435ff881").as_deref(),
            Ok("0049d700-00e3-0135-0001-ac7a435ff881")
        );
        // The last group's first four digits are read apart from its last eight.
        assert_eq!(
            parse("3949d700-e2e3-4135-b48d-+c7a435ff881").as_deref(),
            Ok("3949d700-e2e3-4135-b48d-0c7a435ff881")
        );
        // Never in the last eight digits, and a group keeps its length.
        for bad in [
            "3949d700-e2e3-4135-b48d-ac7a+35ff881",
            "3949d700-e2e3-4135-b48d-ac7a0x5ff881",
            "0x3949d700-e2e3-4135-b48d-ac7a435ff8",
            "3949d700-e2e3-4135-b48d-ac7a435ff88g",
        ] {
            assert_eq!(parse(bad), Err(GuidError::Format), "{bad:?}");
        }
    }

    #[test]
    fn not_guids() {
        for bad in [
            "",
            "john.doe",
            "3949d700-e2e3-4135-b48d-ac7a435ff88",
            "3949d700-e2e3-4135-b48d-ac7a435ff8811",
            "3949d700e-2e3-4135-b48d-ac7a435ff881",
            "3949d700-e2e3-4135-b48dac7a435ff881",
            "3949d700e2e34135b48dac7a435ff88",
            "3949d700e2e34135b48dac7a435ff88z",
            "{3949d700-e2e3-4135-b48d-ac7a435ff881)",
            "(3949d700-e2e3-4135-b48d-ac7a435ff881",
            "{3949d700-e2e3-4135-b48d-ac7a435ff881}}",
            "3949d700-e2e3-4135-b48d-ac7a435ff881@example.org",
            "3949d700-e2e3-4135-b48d-ac7a435ff8é1",
        ] {
            assert_eq!(parse(bad), Err(GuidError::Format), "{bad:?}");
        }
    }
}
