//! Vietnamese mobile phone numbers (DESIGN §2.4).
//!
//! Attendees who registered by phone check in by typing it, in whatever form they are used to:
//! `0912 345 678`, `84912345678`, `+84 912.345.678`. All are stored in one form, the 10-digit
//! national form starting with 0, so that look-ups by phone find the registration whichever way
//! it was written.

/// Digits after the leading 0 of a national mobile number.
const SUBSCRIBER_DIGITS: usize = 9;

/// Parses a Vietnamese mobile number and returns its national 10-digit form `0xxxxxxxxx`.
///
/// Accepted: `0` + 9 digits, `84` + 9 digits, `+84` + 9 digits, and — because people write it —
/// `+84` + `0` + 9 digits. Spaces, dots and dashes between digits are ignored; surrounding
/// whitespace is trimmed. The first digit after the 0 must be 3, 5, 7, 8 or 9: the mobile
/// ranges since the 2018 renumbering (02x numbers are landlines, which the kiosk cannot text).
/// Anything else → `None`.
pub fn parse_phone(text: &str) -> Option<String> {
    let text = text.trim();
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut digits = String::with_capacity(12);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            // A valid number has at most 12 digits ("+84 0…"); stop early on long input.
            if digits.len() >= 12 {
                return None;
            }
            digits.push(c);
        } else if !matches!(c, ' ' | '.' | '-') {
            return None;
        }
    }
    let subscriber = match (plus, digits.len()) {
        (false, 10) => digits.strip_prefix('0')?,
        (_, 11) => digits.strip_prefix("84")?,
        (true, 12) => digits.strip_prefix("840")?,
        _ => return None,
    };
    if subscriber.len() != SUBSCRIBER_DIGITS || !subscriber.starts_with(['3', '5', '7', '8', '9']) {
        return None;
    }
    Some(format!("0{subscriber}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_national_number_is_kept() {
        assert_eq!(parse_phone("0912345678").as_deref(), Some("0912345678"));
        assert_eq!(parse_phone("0386123456").as_deref(), Some("0386123456"));
    }

    #[test]
    fn an_international_number_becomes_national() {
        assert_eq!(parse_phone("84912345678").as_deref(), Some("0912345678"));
        assert_eq!(parse_phone("+84912345678").as_deref(), Some("0912345678"));
        assert_eq!(
            parse_phone("+84 0912 345 678").as_deref(),
            Some("0912345678")
        );
    }

    #[test]
    fn spaces_dots_and_dashes_are_ignored() {
        assert_eq!(parse_phone(" 0912 345 678 ").as_deref(), Some("0912345678"));
        assert_eq!(parse_phone("0912.345.678").as_deref(), Some("0912345678"));
        assert_eq!(
            parse_phone("+84-912-345-678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            parse_phone("+84 912 345 678\r\n").as_deref(),
            Some("0912345678")
        );
    }

    #[test]
    fn every_mobile_range_is_accepted() {
        for first in ['3', '5', '7', '8', '9'] {
            let text = format!("0{first}12345678");
            assert_eq!(parse_phone(&text), Some(text.clone()));
        }
    }

    #[test]
    fn landlines_and_unused_ranges_are_refused() {
        for first in ['0', '1', '2', '4', '6'] {
            assert_eq!(parse_phone(&format!("0{first}12345678")), None, "{first}");
            assert_eq!(parse_phone(&format!("+84{first}12345678")), None, "{first}");
        }
    }

    #[test]
    fn wrong_lengths_and_characters_are_refused() {
        for text in [
            "",
            "091234567",
            "09123456789",
            "8491234567",
            "849123456789",
            "840912345678",
            "+8491234567",
            "+849123456789",
            "912345678",
            "1912345678",
            "0912/345/678",
            "0912345678a",
            "+ 84912345678x",
            "++84912345678",
            "0912345678+",
            "+1 202 555 0100",
            "０９１２３４５６７８",
        ] {
            assert_eq!(parse_phone(text), None, "{text:?}");
        }
        assert_eq!(parse_phone(&"9".repeat(10_000)), None);
    }
}
