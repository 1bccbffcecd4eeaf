//! The one normalisation of the codes a request names: booth (`A`, `T1`), desk (`A1`,
//! `T1-2`), ticket (`A007`, `T1-012`) and registration (`KX7P3B`) codes.
//!
//! The hub decides who may act on a desk or ticket by looking up its booth, and the engine then
//! looks the same code up again to act on it. If the two read a code differently (one
//! uppercases, the other does not; one folds a fullwidth `Ａ`, the other does not) a booth could
//! name another booth's ticket in a form the permission check does not find but the engine
//! does. So both call [`normalise_code`], and it accepts only what it can make exact: surrounding
//! whitespace is trimmed and ASCII letters are uppercased; anything else that is not an ASCII
//! letter, digit or `-` — a Cyrillic `А`, a fullwidth digit, a zero-width or non-breaking space
//! inside — is refused, never mapped to a lookalike. Every code the system issues is ASCII, so
//! nothing real is lost.

use super::booth::valid_booth_code;
use super::limits;
use super::regcode;

/// Which kind of code a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A registration code.
    Attendee,
    /// A booth code.
    Booth,
    /// A desk code.
    Desk,
    /// A ticket number.
    Ticket,
}

impl CodeKind {
    /// The thing's name in errors and requests (`attendee`, `booth`, `desk`, `ticket`): the
    /// `what` of a not-found error and the `field` of a too-long one.
    pub fn what(self) -> &'static str {
        match self {
            Self::Attendee => "attendee",
            Self::Booth => "booth",
            Self::Desk => "desk",
            Self::Ticket => "ticket",
        }
    }
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadCode {
    /// Longer than [`limits::CODE`]: refused without looking further.
    TooLong(CodeKind),
    /// Not the shape of such a code: no such thing exists.
    Malformed(CodeKind),
}

/// The canonical form of a `kind` code as typed or sent, or why there is none.
///
/// Canonical means: trimmed, ASCII only, uppercase, and of the kind's shape (a booth code by
/// [`valid_booth_code`], a registration code by [`regcode::validate`] with its check symbol, a
/// desk code or ticket number a letter and then letters, digits or `-`). Idempotent: a
/// canonical code normalises to itself.
pub fn normalise_code(kind: CodeKind, text: &str) -> Result<String, BadCode> {
    if limits::check(kind.what(), text, limits::CODE).is_err() {
        return Err(BadCode::TooLong(kind));
    }
    let trimmed = text.trim();
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    if trimmed.is_empty() || !trimmed.bytes().all(allowed) {
        return Err(BadCode::Malformed(kind));
    }
    let code = trimmed.to_ascii_uppercase();
    let fits = match kind {
        CodeKind::Attendee => regcode::validate(&code).is_ok(),
        CodeKind::Booth => valid_booth_code(&code),
        CodeKind::Desk | CodeKind::Ticket => code.starts_with(|c: char| c.is_ascii_uppercase()),
    };
    if fits {
        Ok(code)
    } else {
        Err(BadCode::Malformed(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KINDS: [CodeKind; 4] = [
        CodeKind::Attendee,
        CodeKind::Booth,
        CodeKind::Desk,
        CodeKind::Ticket,
    ];

    #[test]
    fn case_and_surrounding_whitespace_do_not_matter() {
        for text in ["a007", " A007", "A007 ", "\tA007\r\n", "\u{a0}a007\u{3000}"] {
            assert_eq!(
                normalise_code(CodeKind::Ticket, text),
                Ok("A007".into()),
                "{text:?}"
            );
        }
        assert_eq!(normalise_code(CodeKind::Desk, "t1-2"), Ok("T1-2".into()));
        assert_eq!(normalise_code(CodeKind::Booth, " t1 "), Ok("T1".into()));
        let code = regcode::encode(42);
        assert_eq!(
            normalise_code(CodeKind::Attendee, &code.to_lowercase()),
            Ok(code)
        );
    }

    #[test]
    fn lookalikes_and_hidden_characters_are_refused_not_folded() {
        for text in [
            "Ａ００７",     // fullwidth
            "\u{410}007",   // Cyrillic capital A
            "A\u{200b}007", // zero-width space
            "\u{feff}A007", // byte-order mark
            "A\u{a0}007",   // no-break space inside
            "A 007",        // space inside
            "A\u{301}007",  // combining accent
            "\u{212a}1",    // Kelvin sign, which Unicode lowercases to k
            "",
            "  ",
            "-A007",
            "A007;",
        ] {
            for kind in KINDS {
                assert!(normalise_code(kind, text).is_err(), "{kind:?} {text:?}");
            }
        }
        assert_eq!(
            normalise_code(CodeKind::Booth, "ß"),
            Err(BadCode::Malformed(CodeKind::Booth)),
            "Unicode would uppercase it to the valid code SS"
        );
    }

    #[test]
    fn each_kind_keeps_its_shape() {
        assert!(normalise_code(CodeKind::Booth, "A12").is_ok());
        assert!(normalise_code(CodeKind::Booth, "A1B").is_err());
        assert!(normalise_code(CodeKind::Booth, "ABCDE").is_err());
        assert!(normalise_code(CodeKind::Ticket, "7A").is_err());
        let mut typo: Vec<char> = regcode::encode(7).chars().collect();
        typo.swap(0, 1);
        let typo: String = typo.into_iter().collect();
        assert_eq!(
            normalise_code(CodeKind::Attendee, &typo),
            Err(BadCode::Malformed(CodeKind::Attendee))
        );
    }

    #[test]
    fn a_long_code_is_refused_before_it_is_read() {
        let long = "A".repeat(60_000);
        for kind in KINDS {
            assert_eq!(normalise_code(kind, &long), Err(BadCode::TooLong(kind)));
        }
        assert!(normalise_code(CodeKind::Ticket, &format!("{}A007", " ".repeat(13))).is_err());
    }

    proptest! {
        #[test]
        fn a_canonical_code_is_ascii_and_normalises_to_itself(
            text in "\\PC{0,20}",
            kind in prop::sample::select(KINDS.to_vec()),
        ) {
            if let Ok(code) = normalise_code(kind, &text) {
                let canonical = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-';
                prop_assert!(code.bytes().all(canonical));
                prop_assert_eq!(normalise_code(kind, &code), Ok(code.clone()));
                // Whatever was sent differs from the code only by ASCII case and whitespace
                // around it.
                prop_assert_eq!(text.trim().to_ascii_uppercase(), code);
            }
        }
    }
}
