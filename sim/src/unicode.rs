//! The character classes of the server's user-name rule, `^[\p{L}\p{M}' \-]+$`, as .NET's
//! `Regex` reads them: letters (`\p{L}`) and marks (`\p{M}`) by Unicode general category, one
//! UTF-16 code unit at a time. A character outside the Basic Multilingual Plane is a surrogate
//! pair to .NET, and a surrogate (category `Cs`) is neither a letter nor a mark, so such a
//! character never matches (an Adlam or a CJK Extension B name is refused by the server).

/// Whether .NET's `\p{L}` or `\p{M}` matches `c`.
///
/// Letters: Rust's `Alphabetic` property is `\p{L}` plus the letter numbers (`Nl`, which are
/// numeric), marks that are also alphabetic, and the circled and squared Latin letters
/// (`So`); marks that are not alphabetic come from [`NON_ALPHABETIC_MARKS`].
pub fn is_letter_or_mark(c: char) -> bool {
    let cp = c as u32;
    if cp > 0xFFFF {
        return false;
    }
    let circled = (0x24B6..=0x24E9).contains(&cp);
    (c.is_alphabetic() && !c.is_numeric() && !circled)
        || NON_ALPHABETIC_MARKS
            .binary_search_by(|&(lo, hi)| {
                if hi < cp {
                    std::cmp::Ordering::Less
                } else if lo > cp {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// The Basic Multilingual Plane's marks (general category `Mn`, `Mc` or `Me`, from the Unicode
/// 14 character database) that Rust does not count as alphabetic: combining diacritics,
/// viramas, tone marks, nuktas, cantillation, variation selectors. Inclusive ranges, sorted.
#[rustfmt::skip]
const NON_ALPHABETIC_MARKS: &[(u32, u32)] = &[
    (0x0300, 0x0344), (0x0346, 0x0362), (0x0483, 0x0489), (0x0591, 0x05AF), (0x0658, 0x0658),
    (0x06DF, 0x06E0), (0x06EA, 0x06EC), (0x0740, 0x074A), (0x07EB, 0x07F3), (0x07FD, 0x07FD),
    (0x0818, 0x0819), (0x082D, 0x082D), (0x0859, 0x085B), (0x0898, 0x089F), (0x08CA, 0x08D3),
    (0x08E0, 0x08E1), (0x08EA, 0x08EF), (0x093C, 0x093C), (0x094D, 0x094D), (0x0951, 0x0954),
    (0x09BC, 0x09BC), (0x09CD, 0x09CD), (0x09FE, 0x09FE), (0x0A3C, 0x0A3C), (0x0A4D, 0x0A4D),
    (0x0ABC, 0x0ABC), (0x0ACD, 0x0ACD), (0x0AFD, 0x0AFF), (0x0B3C, 0x0B3C), (0x0B4D, 0x0B4D),
    (0x0B55, 0x0B55), (0x0BCD, 0x0BCD), (0x0C3C, 0x0C3C), (0x0C4D, 0x0C4D), (0x0CBC, 0x0CBC),
    (0x0CCD, 0x0CCD), (0x0D3B, 0x0D3C), (0x0D4D, 0x0D4D), (0x0DCA, 0x0DCA), (0x0E47, 0x0E4C),
    (0x0E4E, 0x0E4E), (0x0EBA, 0x0EBA), (0x0EC8, 0x0ECC), (0x0F18, 0x0F19), (0x0F35, 0x0F35),
    (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F3E, 0x0F3F), (0x0F84, 0x0F84), (0x0F86, 0x0F87),
    (0x0FC6, 0x0FC6), (0x1037, 0x1037), (0x1039, 0x103A), (0x135D, 0x135F), (0x1714, 0x1715),
    (0x1734, 0x1734), (0x17B4, 0x17B5), (0x17C9, 0x17D3), (0x17DD, 0x17DD), (0x180B, 0x180D),
    (0x180F, 0x180F), (0x1939, 0x193B), (0x1A60, 0x1A60), (0x1A75, 0x1A7C), (0x1A7F, 0x1A7F),
    (0x1AB0, 0x1ABE), (0x1AC1, 0x1ACB), (0x1B34, 0x1B34), (0x1B44, 0x1B44), (0x1B6B, 0x1B73),
    (0x1BAA, 0x1BAB), (0x1BE6, 0x1BE6), (0x1BF2, 0x1BF3), (0x1C37, 0x1C37), (0x1CD0, 0x1CD2),
    (0x1CD4, 0x1CE8), (0x1CED, 0x1CED), (0x1CF4, 0x1CF4), (0x1CF7, 0x1CF9), (0x1DC0, 0x1DD2),
    (0x1DF5, 0x1DFF), (0x20D0, 0x20F0), (0x2CEF, 0x2CF1), (0x2D7F, 0x2D7F), (0x302A, 0x302F),
    (0x3099, 0x309A), (0xA66F, 0xA672), (0xA67C, 0xA67D), (0xA6F0, 0xA6F1), (0xA806, 0xA806),
    (0xA82C, 0xA82C), (0xA8C4, 0xA8C4), (0xA8E0, 0xA8F1), (0xA92B, 0xA92D), (0xA953, 0xA953),
    (0xA9B3, 0xA9B3), (0xA9C0, 0xA9C0), (0xAABF, 0xAABF), (0xAAC1, 0xAAC1), (0xAAF6, 0xAAF6),
    (0xABEC, 0xABED), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_marks_as_dotnet_classes_them() {
        for c in [
            'a', 'Z', 'é', 'ß', 'Ł', 'ж', 'λ', 'א', 'ع', 'अ', 'ก', '中', 'ー', 'ʼ',
        ] {
            assert!(is_letter_or_mark(c), "{c:?} is a letter");
        }
        // Combining acute, Devanagari virama, Thai tone mark, enclosing circle (Me),
        // variation selector 16: marks.
        for c in ['\u{301}', '\u{94D}', '\u{E48}', '\u{20DD}', '\u{FE0F}'] {
            assert!(is_letter_or_mark(c), "{c:?} is a mark");
        }
        for c in [
            '1',
            '٣',
            'Ⅻ',
            'Ⓐ',
            '.',
            '_',
            '@',
            ' ',
            '\'',
            '-',
            '😀',
            '\u{1E900}',
            '𠀀',
        ] {
            assert!(!is_letter_or_mark(c), "{c:?} is neither");
        }
        assert!(NON_ALPHABETIC_MARKS.windows(2).all(|w| w[0].1 < w[1].0));
    }
}
