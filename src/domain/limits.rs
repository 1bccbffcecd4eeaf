//! The longest text each field of a request may carry, in one table.
//!
//! Every text a station sends is stored somewhere (the attendee row, the check-in, the log, the
//! idempotency table), so an unbounded field is a way to fill the hall's disk. The limits fit
//! real data with room to spare; anything longer is refused whole (never cut short), with the
//! field named, before anything is written. Lengths count characters (Vietnamese letters are
//! one character each, whatever their bytes), except scans, which keep their byte rule
//! ([`crate::domain::scan::MAX_SCAN_BYTES`], DESIGN §2).

use super::text;

/// A person's full name: the longest Vietnamese names are well under 50 characters.
pub const NAME: usize = 100;
/// Education ("Tốt nghiệp THPT", "Trung cấp điện").
pub const EDUCATION: usize = 100;
/// One interest (a sector tag such as "Điện tử").
pub const INTEREST: usize = 64;
/// How many interests a profile holds.
pub const INTERESTS: usize = 20;
/// A phone number as typed, spaces and `+84` included.
pub const PHONE: usize = 20;
/// Staff's note at the end of a service: a line or two.
pub const NOTE: usize = 1000;
/// A station name (`kiosk-3`, `cli`, `setup`).
pub const STATION: usize = 64;
/// An idempotency key: the kiosks send 32 hex digits.
pub const IDEMPOTENCY_KEY: usize = 128;
/// A booth, desk, ticket or registration code as sent, surrounding spaces included
/// (`A007`, `T1-012`, `KX7P3B`).
pub const CODE: usize = 16;
/// The organiser PIN as typed (valid PINs are 4-8 digits).
pub const PIN: usize = 16;
/// The organiser's setup texts: booth names, locations, desk labels, vacancies, the event's
/// name and venue. Official company names run to about 100 characters.
pub const SETUP_TEXT: usize = 200;

/// A field longer than its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    /// The field's name in the request (`station`, `full_name`).
    pub field: &'static str,
    /// Its limit.
    pub max: usize,
}

/// Refuses `value` when it has more than `max` characters. Stops counting at `max + 1`, so a
/// huge value costs no more than a short one.
pub fn check(field: &'static str, value: &str, max: usize) -> Result<(), TooLong> {
    if value.chars().nth(max).is_some() {
        Err(TooLong { field, max })
    } else {
        Ok(())
    }
}

/// [`check`] for an optional field.
pub fn check_opt(field: &'static str, value: Option<&str>, max: usize) -> Result<(), TooLong> {
    value.map_or(Ok(()), |v| check(field, v, max))
}

/// [`check`] for text that is stored NFC-normalised ([`text::nfc`]): it is the stored form that
/// counts, since a keyboard that sends decomposed Vietnamese spends up to three code points on
/// one letter.
pub fn check_text(field: &'static str, value: &str, max: usize) -> Result<(), TooLong> {
    // No letter takes more than a dozen bytes decomposed, so anything longer is refused
    // without normalising it first.
    if value.len() > max.saturating_mul(12) {
        return Err(TooLong { field, max });
    }
    check(field, &text::nfc(value), max)
}

/// [`check_text`] for an optional field.
pub fn check_text_opt(field: &'static str, value: Option<&str>, max: usize) -> Result<(), TooLong> {
    value.map_or(Ok(()), |v| check_text(field, v, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_at_the_limit_passes_and_one_more_character_does_not() {
        assert_eq!(check("name", &"ễ".repeat(NAME), NAME), Ok(()));
        assert_eq!(
            check("name", &"ễ".repeat(NAME + 1), NAME),
            Err(TooLong {
                field: "name",
                max: NAME
            })
        );
        assert_eq!(check_opt("note", None, NOTE), Ok(()));
        assert!(check_opt("station", Some(&"k".repeat(60_000)), STATION).is_err());
    }

    #[test]
    fn stored_text_is_measured_in_its_stored_form() {
        use unicode_normalization::UnicodeNormalization;
        let name: String = "Nguyễn Thị Ngọc Ánh ".repeat(5);
        let decomposed: String = name.nfd().collect();
        assert!(decomposed.chars().count() > NAME);
        assert_eq!(check_text("full_name", &decomposed, NAME), Ok(()));
        assert!(check_text("full_name", &"ễ".repeat(NAME + 1), NAME).is_err());
        assert!(check_text("note", &"x".repeat(1_000_000), NOTE).is_err());
    }
}
