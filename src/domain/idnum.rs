//! The 12-digit personal identification number (số định danh cá nhân) printed on the citizen ID
//! card (DESIGN §2.2).
//!
//! Layout: `PPP G YY NNNNNN` — province code of birth registration (3 digits), one digit coding
//! gender and century, the last two digits of the birth year, and a 6-digit serial. The number
//! tells us enough to reject typos that cannot belong to a living attendee and to cross-check the
//! card's date of birth and gender. The province code is deliberately not checked: the law
//! guarantees only twelve digits, and the code list has changed before.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::reject::Reject;
use super::types::Gender;

/// What a valid ID number says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdInfo {
    /// The number itself, 12 ASCII digits.
    pub number: String,
    /// Gender coded by the fourth digit.
    pub gender: Gender,
    /// Full birth year from the fourth digit (century) and the fifth and sixth digits.
    pub birth_year: i32,
    /// The first three digits, kept as text because leading zeros matter ("019" = Thái Nguyên).
    pub province_code: String,
}

/// Parses a typed or scanned ID number: exactly 12 ASCII digits once surrounding whitespace is
/// trimmed.
///
/// Rejects: nine digits → [`Reject::OldIdNumber`] (the old identity card, which the kiosk cannot
/// use); any other shape → [`Reject::IdMalformed`]; a fourth digit of 4–9 (centuries from 2100
/// on, so no living attendee) → [`Reject::IdCentury`]; a birth year after `today`'s year →
/// [`Reject::IdFutureYear`].
pub fn parse_id_number(text: &str, today: NaiveDate) -> Result<IdInfo, Reject> {
    let number = text.trim();
    let digits = number.as_bytes();
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(Reject::IdMalformed);
    }
    if digits.len() == 9 {
        return Err(Reject::OldIdNumber);
    }
    let &[p1, p2, p3, code, y1, y2, ..] = digits else {
        return Err(Reject::IdMalformed);
    };
    if digits.len() != 12 {
        return Err(Reject::IdMalformed);
    }
    let (gender, century) = match code {
        b'0' => (Gender::Male, 1900),
        b'1' => (Gender::Female, 1900),
        b'2' => (Gender::Male, 2000),
        b'3' => (Gender::Female, 2000),
        _ => return Err(Reject::IdCentury),
    };
    let birth_year = century + i32::from(y1 - b'0') * 10 + i32::from(y2 - b'0');
    if birth_year > today.year() {
        return Err(Reject::IdFutureYear);
    }
    Ok(IdInfo {
        number: number.to_string(),
        gender,
        birth_year,
        province_code: [p1, p2, p3].iter().map(|&b| char::from(b)).collect(),
    })
}

/// Checks that a date of birth and a gender known from elsewhere (the card's own fields) agree
/// with what the ID number encodes. Unknown values (`None`) are not checked.
///
/// A disagreement means the number was mistyped or belongs to someone else, so it is rejected
/// rather than silently trusted: [`Reject::IdDobMismatch`] or [`Reject::IdGenderMismatch`].
pub fn check_agrees(
    info: &IdInfo,
    birth: Option<NaiveDate>,
    gender: Option<Gender>,
) -> Result<(), Reject> {
    if birth.is_some_and(|date| date.year() != info.birth_year) {
        return Err(Reject::IdDobMismatch);
    }
    if gender.is_some_and(|g| g != info.gender) {
        return Err(Reject::IdGenderMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fair_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 9, 20).unwrap_or_default()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_man_born_in_1995_in_thai_nguyen() {
        let info = parse_id_number("019095001234", fair_day()).unwrap();
        assert_eq!(info.number, "019095001234");
        assert_eq!(info.gender, Gender::Male);
        assert_eq!(info.birth_year, 1995);
        assert_eq!(info.province_code, "019");
    }

    #[test]
    fn a_woman_born_in_the_1900s() {
        let info = parse_id_number("019168004321", fair_day()).unwrap();
        assert_eq!((info.gender, info.birth_year), (Gender::Female, 1968));
    }

    #[test]
    fn a_young_man_born_in_the_2000s() {
        let info = parse_id_number("019205000777", fair_day()).unwrap();
        assert_eq!((info.gender, info.birth_year), (Gender::Male, 2005));
    }

    #[test]
    fn a_young_woman_born_in_the_2000s() {
        let info = parse_id_number("019307000888", fair_day()).unwrap();
        assert_eq!((info.gender, info.birth_year), (Gender::Female, 2007));
    }

    #[test]
    fn surrounding_whitespace_from_the_scanner_is_ignored() {
        let info = parse_id_number("  019095001234\r\n", fair_day()).unwrap();
        assert_eq!(info.number, "019095001234");
    }

    #[test]
    fn a_later_century_digit_cannot_be_a_living_attendee() {
        for digit in '4'..='9' {
            let number = format!("019{digit}95001234");
            assert_eq!(
                parse_id_number(&number, fair_day()),
                Err(Reject::IdCentury),
                "{number}"
            );
        }
    }

    #[test]
    fn a_birth_year_after_the_fair_is_rejected() {
        assert_eq!(
            parse_id_number("019226001234", fair_day()),
            Err(Reject::IdFutureYear)
        );
        assert!(parse_id_number("019225001234", fair_day()).is_ok());
        assert_eq!(
            parse_id_number("019399001234", fair_day()),
            Err(Reject::IdFutureYear)
        );
    }

    #[test]
    fn the_province_code_is_not_checked() {
        let info = parse_id_number("999095001234", fair_day()).unwrap();
        assert_eq!(info.province_code, "999");
    }

    #[test]
    fn an_old_nine_digit_id_is_told_apart() {
        assert_eq!(
            parse_id_number("090123456", fair_day()),
            Err(Reject::OldIdNumber)
        );
    }

    #[test]
    fn wrong_shapes_are_malformed() {
        for text in [
            "",
            "01909500123",
            "0190950012345",
            "01909500123a",
            "019 095 001 234",
            "０１９０９５００１２３４",
            "019095001234\u{0}",
            "١٢٣٤٥٦٧٨٩٠١٢",
        ] {
            assert_eq!(
                parse_id_number(text, fair_day()),
                Err(Reject::IdMalformed),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_card_dob_and_gender_must_agree_with_the_number() {
        let info = parse_id_number("019095001234", fair_day()).unwrap();
        assert_eq!(
            check_agrees(&info, Some(date(1995, 3, 15)), Some(Gender::Male)),
            Ok(())
        );
        assert_eq!(check_agrees(&info, None, None), Ok(()));
        assert_eq!(
            check_agrees(&info, Some(date(1996, 3, 15)), Some(Gender::Male)),
            Err(Reject::IdDobMismatch)
        );
        assert_eq!(
            check_agrees(&info, Some(date(1995, 3, 15)), Some(Gender::Female)),
            Err(Reject::IdGenderMismatch)
        );
        // Same two year digits, other century.
        assert_eq!(
            check_agrees(&info, Some(date(2095, 1, 1)), None),
            Err(Reject::IdDobMismatch)
        );
    }
}
