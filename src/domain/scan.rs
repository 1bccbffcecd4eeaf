//! Classifying one line of kiosk input (DESIGN §2).
//!
//! The kiosk's input field receives whatever a person types on the on-screen keypad or a
//! keyboard-mode QR scanner "types": an ID-card QR, an ID number, a registration slip QR or code,
//! a phone number — or anything else, since a scanner will read any QR code put in front of it.
//! [`classify`] decides which it is and parses it, and never panics: everything it cannot use
//! becomes a [`Reject`] with a stable reason code for the rejected-scan log.

use chrono::NaiveDate;

use super::cccd::{CccdCard, parse_cccd};
use super::idnum::{IdInfo, parse_id_number};
use super::phone::parse_phone;
use super::regcode::{self, parse_payload};
pub use super::reject::Reject;
use super::types::Method;

/// Longest input accepted, in bytes. A CCCD payload is about 150 bytes even with a long
/// address; anything much longer is not an identification and is refused before parsing, so a
/// stuck key or a hostile QR cannot make the kiosk work hard.
pub const MAX_SCAN_BYTES: usize = 512;

/// What one line of kiosk input identified.
#[derive(Debug, Clone, PartialEq)]
pub enum Scan {
    /// A citizen ID card QR.
    Cccd(CccdCard),
    /// A typed or scanned 12-digit ID number.
    IdNumber(IdInfo),
    /// A registration code: from a slip QR (`event` is the event code it names) or typed bare
    /// (`event` is `None`). `code` is canonical (validated, uppercase).
    RegCode {
        /// The event code of the slip, when the input named one.
        event: Option<String>,
        /// The validated registration code.
        code: String,
    },
    /// A mobile number in its 0-prefixed 10-digit form.
    Phone(String),
}

impl Scan {
    /// The check-in method this scan represents. A CCCD scan of someone not yet registered is
    /// recorded as a walk-in by the check-in service, which knows; here it is `CccdQr`.
    pub fn method(&self) -> Method {
        match self {
            Scan::Cccd(_) => Method::CccdQr,
            Scan::IdNumber(_) => Method::IdNumber,
            Scan::RegCode { .. } => Method::RegCode,
            Scan::Phone(_) => Method::Phone,
        }
    }
}

/// Classifies and parses one line of kiosk input, as of `today` (the event's date, for the
/// birth-year checks).
///
/// In order: more than [`MAX_SCAN_BYTES`] → [`Reject::TooLong`] (before anything else looks at
/// it); blank → [`Reject::Empty`]; contains `|` → ID-card QR; starts with `FD1:` (any case) →
/// registration slip; digits (with optional spaces, dots or dashes between them, as people type
/// them from a card or a phone) → by count: 12 an ID number, 9 an old ID ([`Reject::OldIdNumber`]),
/// 10 starting with 0 or 11 starting with 84 a phone, 6 a registration code if its check holds;
/// `+` and digits → a phone; six letters and digits with at least one letter → a bare
/// registration code; anything else → [`Reject::Unrecognised`].
pub fn classify(text: &str, today: NaiveDate) -> Result<Scan, Reject> {
    if text.len() > MAX_SCAN_BYTES {
        return Err(Reject::TooLong);
    }
    // A byte-order mark is not whitespace to `trim`, but some scanners and phone apps send
    // one before the payload.
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if text.is_empty() {
        return Err(Reject::Empty);
    }
    if text.contains('|') {
        return parse_cccd(text, today).map(Scan::Cccd);
    }
    if starts_with_ignore_case(text, regcode::PAYLOAD_PREFIX) {
        let (event, code) = parse_payload(text)?;
        return Ok(Scan::RegCode {
            event: Some(event),
            code,
        });
    }
    if let Some(number) = NumberShape::of(text) {
        return classify_number(text, &number, today);
    }
    if text.chars().count() == regcode::CODE_LEN
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && text.chars().any(|c| c.is_ascii_alphabetic())
    {
        // Six letters and digits: meant as a registration code, so a wrong symbol (O, I, Z, 0, 1)
        // or check says so specifically instead of "unrecognised".
        let code = regcode::validate(text)?;
        return Ok(Scan::RegCode { event: None, code });
    }
    Err(Reject::Unrecognised)
}

/// A text made only of digits, with at most a leading `+` and spaces, dots or dashes between
/// digits.
struct NumberShape {
    plus: bool,
    digits: String,
}

impl NumberShape {
    fn of(text: &str) -> Option<NumberShape> {
        let (plus, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut digits = String::new();
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !matches!(c, ' ' | '.' | '-') {
                return None;
            }
        }
        (!digits.is_empty()).then_some(NumberShape { plus, digits })
    }
}

fn classify_number(text: &str, number: &NumberShape, today: NaiveDate) -> Result<Scan, Reject> {
    let digits = number.digits.as_str();
    if number.plus {
        return parse_phone(text)
            .map(Scan::Phone)
            .ok_or(Reject::PhoneMalformed);
    }
    match digits.len() {
        12 => parse_id_number(digits, today).map(Scan::IdNumber),
        9 => Err(Reject::OldIdNumber),
        10 if digits.starts_with('0') => parse_phone(digits)
            .map(Scan::Phone)
            .ok_or(Reject::PhoneMalformed),
        11 if digits.starts_with("84") => parse_phone(digits)
            .map(Scan::Phone)
            .ok_or(Reject::PhoneMalformed),
        // encode() can produce a code of digits only (about 1 in 1,000); accept it typed bare,
        // but only with a correct check, so a stray 6-digit number is not taken for a code.
        regcode::CODE_LEN => match regcode::validate(digits) {
            Ok(code) => Ok(Scan::RegCode { event: None, code }),
            Err(_) => Err(Reject::Unrecognised),
        },
        _ => Err(Reject::Unrecognised),
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::types::Gender;
    use proptest::prelude::*;

    fn fair_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 9, 20).unwrap_or_default()
    }

    const CARD: &str = "019095001234||Nguyễn Văn Ân|15031995|Nam|Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20042021";

    #[test]
    fn scanning_an_id_card_gives_the_card() {
        let Ok(Scan::Cccd(card)) = classify(&format!("{CARD}\r\n"), fair_day()) else {
            panic!("not a card");
        };
        assert_eq!(card.full_name, "Nguyễn Văn Ân");
        assert_eq!(card.id.number, "019095001234");
        assert_eq!(Scan::Cccd(card).method(), Method::CccdQr);
    }

    #[test]
    fn a_card_after_a_byte_order_mark_is_still_the_card() {
        for text in [
            format!("\u{FEFF}{CARD}"),
            format!("\u{FEFF} {CARD}\u{FEFF}\r\n"),
        ] {
            let Ok(Scan::Cccd(card)) = classify(&text, fair_day()) else {
                panic!("not a card: {text:?}");
            };
            assert_eq!(card.full_name, "Nguyễn Văn Ân");
        }
        assert_eq!(classify("\u{FEFF}", fair_day()), Err(Reject::Empty));
    }

    #[test]
    fn the_six_field_app_variant_without_old_id_and_with_slashed_dates_is_read() {
        let six = "019095001234|Nguyễn Văn Ân|15/03/1995|Nam|Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20/04/2021";
        let Ok(Scan::Cccd(card)) = classify(six, fair_day()) else {
            panic!("not a card");
        };
        assert_eq!(card.full_name, "Nguyễn Văn Ân");
        assert_eq!(card.old_id, None);
        assert_eq!(
            card.birth_date,
            NaiveDate::from_ymd_opt(1995, 3, 15).unwrap()
        );
        assert_eq!(card.issue_date, NaiveDate::from_ymd_opt(2021, 4, 20));
        assert!(!card.name_damaged);
        // Still refused when it cannot belong to the person: the birth year disagrees with
        // the ID number, or the date is not a date.
        let wrong_year = six.replace("15/03/1995", "15/03/1996");
        assert_eq!(
            classify(&wrong_year, fair_day()),
            Err(Reject::IdDobMismatch)
        );
        let not_a_date = six.replace("15/03/1995", "35/03/1995");
        assert!(matches!(
            classify(&not_a_date, fair_day()),
            Err(Reject::CccdMalformed { .. })
        ));
    }

    #[test]
    fn a_card_name_with_hidden_characters_is_cleaned_and_flagged_damaged() {
        let hostile = CARD.replace("Nguyễn Văn Ân", "Nguyễn\u{202E} Văn\u{200B} Ân\u{1b}");
        let Ok(Scan::Cccd(card)) = classify(&hostile, fair_day()) else {
            panic!("not a card");
        };
        assert_eq!(card.full_name, "Nguyễn Văn Ân");
        assert!(card.name_damaged);
        let invisible = CARD.replace("Nguyễn Văn Ân", "\u{202E}\u{200B}");
        assert_eq!(
            classify(&invisible, fair_day()),
            Err(Reject::CccdMalformed { field: "full_name" })
        );
    }

    #[test]
    fn typing_an_id_number_gives_the_number() {
        let Ok(Scan::IdNumber(info)) = classify("019095001234", fair_day()) else {
            panic!("not an id");
        };
        assert_eq!((info.gender, info.birth_year), (Gender::Male, 1995));
    }

    #[test]
    fn an_id_number_typed_in_groups_is_accepted() {
        let Ok(Scan::IdNumber(info)) = classify(" 019 095 001 234 ", fair_day()) else {
            panic!("not an id");
        };
        assert_eq!(info.number, "019095001234");
    }

    #[test]
    fn impossible_id_numbers_are_rejected_with_their_reason() {
        assert_eq!(classify("019595001234", fair_day()), Err(Reject::IdCentury));
        assert_eq!(
            classify("019230001234", fair_day()),
            Err(Reject::IdFutureYear)
        );
    }

    #[test]
    fn an_old_nine_digit_id_gets_its_own_reason() {
        assert_eq!(classify("090123456", fair_day()), Err(Reject::OldIdNumber));
    }

    #[test]
    fn a_slip_qr_gives_event_and_code() {
        let code = regcode::encode(42);
        let payload = regcode::qr_payload("PL2025", &code);
        assert_eq!(
            classify(&payload, fair_day()),
            Ok(Scan::RegCode {
                event: Some("PL2025".into()),
                code: code.clone()
            })
        );
        assert_eq!(
            classify(&payload.to_lowercase(), fair_day()),
            Ok(Scan::RegCode {
                event: Some("pl2025".into()),
                code
            })
        );
    }

    #[test]
    fn a_typed_bare_code_is_accepted_in_any_case() {
        let code = regcode::encode(7);
        assert_eq!(
            classify(&format!(" {} ", code.to_lowercase()), fair_day()),
            Ok(Scan::RegCode { event: None, code })
        );
    }

    #[test]
    fn a_mistyped_code_is_caught() {
        let code = regcode::encode(7);
        let mut chars: Vec<char> = code.chars().collect();
        chars.swap(1, 2);
        let swapped: String = chars.iter().collect();
        if swapped != code {
            assert_eq!(classify(&swapped, fair_day()), Err(Reject::RegCodeCheck));
        }
        assert_eq!(
            classify("ABC0EF", fair_day()),
            Err(Reject::RegCodeMalformed)
        );
    }

    #[test]
    fn an_all_digit_code_with_a_good_check_is_a_code() {
        let digits_only = (0..200_000u64)
            .map(regcode::encode)
            .find(|c| c.chars().all(|ch| ch.is_ascii_digit()));
        let Some(code) = digits_only else {
            panic!("no all-digit code in the sample");
        };
        assert_eq!(
            classify(&code, fair_day()),
            Ok(Scan::RegCode { event: None, code })
        );
        assert_eq!(classify("123456", fair_day()), Err(Reject::Unrecognised));
    }

    #[test]
    fn phone_numbers_in_every_form() {
        for text in [
            "0912345678",
            "0912 345 678",
            "84912345678",
            "+84912345678",
            "+84 912.345-678",
        ] {
            assert_eq!(
                classify(text, fair_day()),
                Ok(Scan::Phone("0912345678".into())),
                "{text}"
            );
        }
    }

    #[test]
    fn a_landline_or_short_phone_is_a_bad_phone() {
        assert_eq!(
            classify("0208 385 123", fair_day()),
            Err(Reject::PhoneMalformed)
        );
        assert_eq!(
            classify("+8491234567", fair_day()),
            Err(Reject::PhoneMalformed)
        );
        assert_eq!(
            classify("+1 202 555 0100", fair_day()),
            Err(Reject::PhoneMalformed)
        );
    }

    #[test]
    fn digit_strings_of_other_lengths_are_unrecognised() {
        for text in ["1", "1234", "12345678", "1234567890123", "1234567890"] {
            assert_eq!(
                classify(text, fair_day()),
                Err(Reject::Unrecognised),
                "{text}"
            );
        }
    }

    #[test]
    fn blank_input_is_empty() {
        assert_eq!(classify("", fair_day()), Err(Reject::Empty));
        assert_eq!(classify(" \r\n\t", fair_day()), Err(Reject::Empty));
    }

    #[test]
    fn a_ten_kilobyte_input_is_too_long_even_if_it_starts_like_a_card() {
        let long = format!("{CARD}{}", "x".repeat(10 * 1024));
        assert_eq!(classify(&long, fair_day()), Err(Reject::TooLong));
        assert_eq!(classify(&" ".repeat(513), fair_day()), Err(Reject::TooLong));
        assert_eq!(classify(&" ".repeat(512), fair_day()), Err(Reject::Empty));
    }

    #[test]
    fn garbage_is_unrecognised() {
        for text in [
            "'; DROP TABLE attendee;--",
            "https://example.com/?q=1",
            "\u{0}\u{1}\u{1b}[2J",
            "😀🎉",
            "Nguyễn Văn Ân",
            "fd1",
            "+",
            "...",
            "ABCDE",
            "ABCDEFG",
            "ＡＢＣＤＥＦ",
            "\u{202e}019095001234",
        ] {
            assert_eq!(
                classify(text, fair_day()),
                Err(Reject::Unrecognised),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_lone_bar_is_a_malformed_card() {
        assert_eq!(
            classify("|", fair_day()),
            Err(Reject::CccdMalformed { field: "id" })
        );
        assert!(matches!(
            classify("|||||||", fair_day()),
            Err(Reject::CccdMalformed { .. })
        ));
    }

    #[test]
    fn reject_codes_are_stable_snake_case_and_messages_hold_no_input() {
        let all = [
            Reject::Empty,
            Reject::TooLong,
            Reject::Unrecognised,
            Reject::OldIdNumber,
            Reject::IdMalformed,
            Reject::IdCentury,
            Reject::IdFutureYear,
            Reject::IdDobMismatch,
            Reject::IdGenderMismatch,
            Reject::CccdMalformed {
                field: "birth_date",
            },
            Reject::RegCodeMalformed,
            Reject::RegCodeCheck,
            Reject::WrongEvent,
            Reject::PhoneMalformed,
        ];
        for reject in &all {
            let code = reject.code();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            let message = reject.to_string();
            assert!(message.ends_with('.'), "{message}");
            assert!(!message.chars().any(|c| c.is_ascii_digit()), "{message}");
            let json = serde_json::to_value(reject).unwrap();
            assert_eq!(json["code"], code);
        }
        assert_eq!(Reject::IdCentury.code(), "id_century");
        assert_eq!(Reject::RegCodeCheck.code(), "reg_code_check");
        assert_eq!(
            Reject::CccdMalformed { field: "gender" }.code(),
            "cccd_malformed"
        );
    }

    #[test]
    fn rejections_of_real_data_do_not_echo_it() {
        let inputs = [
            "019095001234|090123456|Nguyễn Văn Ân|31021995|Nam|Xã Yên Ninh|",
            "019595001234",
            "090123456",
            "0208 385 123",
        ];
        for text in inputs {
            let Err(reject) = classify(text, fair_day()) else {
                panic!("accepted {text}");
            };
            let message = reject.to_string();
            assert!(!message.contains("019"), "{message}");
            assert!(!message.contains("Nguy"), "{message}");
            assert!(!message.contains("0901"), "{message}");
        }
    }

    proptest! {
        #[test]
        fn classify_never_panics(s in any::<String>()) {
            let _ = classify(&s, fair_day());
        }

        #[test]
        fn classify_never_panics_on_card_like_text(s in "[0-9|A-Za-zđữ ,\r\n]{0,200}") {
            let _ = classify(&s, fair_day());
        }

        #[test]
        fn classify_never_panics_on_long_text(s in ".{0,600}") {
            let _ = classify(&s, fair_day());
        }

        #[test]
        fn classify_never_panics_on_dates(day in 0u32..40, month in 0u32..14, year in 1890i32..2200) {
            let text = format!("019095001234||An|{day:02}{month:02}{year:04}|Nam|Xã Yên Ninh|{day:02}{month:02}{year:04}");
            let _ = classify(&text, fair_day());
        }
    }
}
