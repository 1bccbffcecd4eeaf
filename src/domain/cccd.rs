//! The QR code on the citizen ID card (CCCD / thẻ căn cước), DESIGN §2.1.
//!
//! Payload: `ID12|oldID9|Full name|DOB ddmmyyyy|Gender|Address|Issue date ddmmyyyy`, sometimes
//! with more fields after the issue date, an empty old ID, trailing `|`, spaces or CR/LF, and in
//! NFD or NFC. A card scan registers a walk-in on the spot, so the parser is strict about what
//! identifies the person (ID number, date of birth, their agreement) and lenient about the rest.
//!
//! Many USB scanners in keyboard mode cannot "type" non-ASCII letters and silently drop them:
//! "Nữ" arrives as "N" and "Nguyễn Văn Ân" as "Nguyn Vn n". The ID number and the date of birth
//! are digits and survive, so such a scan still identifies the person; the gender is then taken
//! from the ID number and the name is flagged as damaged, so the kiosk can ask staff to fix it
//! instead of printing a mangled name on a ticket.

use chrono::NaiveDate;
use serde::Serialize;

use super::idnum::{IdInfo, check_agrees, parse_id_number};
use super::reject::Reject;
use super::text::{fold, has_invisible, nfc};
use super::types::Gender;

/// Longest old-ID (CMND) number: 9 digits, or 12 for the cards issued 2012–2016.
const OLD_ID_MAX_DIGITS: usize = 12;
/// Shortest old-ID (CMND) number.
const OLD_ID_MIN_DIGITS: usize = 9;

/// What a citizen ID card's QR says, checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CccdCard {
    /// The 12-digit ID number and what it encodes.
    pub id: IdInfo,
    /// The old identity card (CMND) number, when the card lists one.
    pub old_id: Option<String>,
    /// Full name, NFC, single-spaced.
    pub full_name: String,
    /// True when the name looks mangled by a keyboard-mode scanner (see the module doc).
    pub name_damaged: bool,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Gender: from the card, or from the ID number when the card's field was unreadable.
    pub gender: Gender,
    /// True when `gender` came from the ID number because the card's field was unreadable.
    pub gender_from_id: bool,
    /// Permanent address as printed, NFC, single-spaced; its commune is matched with
    /// [`super::commune::CommuneMatcher::match_address`].
    pub address: String,
    /// Date of issue, when present and a valid date not after today.
    pub issue_date: Option<NaiveDate>,
}

/// Parses a CCCD QR payload, as of `today` (the event's date).
///
/// Rejects with [`Reject::CccdMalformed`] naming the first field that is missing or unreadable:
/// `id` (not 12 digits), `old_id` (present but not 9–12 digits), `full_name` (empty),
/// `birth_date` (not a real ddmmyyyy date, or after today), `address` (empty). An ID number that
/// cannot belong to a living person is rejected with its own reason ([`Reject::IdCentury`],
/// [`Reject::IdFutureYear`]), as is one that disagrees with the card's date of birth or readable
/// gender ([`Reject::IdDobMismatch`], [`Reject::IdGenderMismatch`]). A missing or invalid issue
/// date is not a reason to turn someone away: it becomes `None`.
pub fn parse_cccd(text: &str, today: NaiveDate) -> Result<CccdCard, Reject> {
    let mut fields = text.trim().split('|');
    let mut next = |field: &'static str| fields.next().ok_or(Reject::CccdMalformed { field });

    let id_field = next("id")?;
    // The ID first: a payload that does not start with one is not a card at all.
    let id = parse_id_number(id_field, today).map_err(|reject| match reject {
        Reject::IdMalformed | Reject::OldIdNumber => Reject::CccdMalformed { field: "id" },
        other => other,
    })?;
    // Some phone apps write the card without its old-ID field (six fields, not seven): then
    // the second field holds letters (an old ID never does) and the third is already the date
    // of birth.
    let mut ahead = text.trim().split('|').skip(1);
    let (second, third) = (
        ahead.next().unwrap_or_default(),
        ahead.next().unwrap_or_default(),
    );
    let old_id_field = if is_name_not_old_id(second) && parse_ddmmyyyy(third).is_some() {
        ""
    } else {
        next("old_id")?
    };
    let name_field = next("full_name")?;
    let dob_field = next("birth_date")?;
    let gender_field = next("gender")?;
    let address_field = next("address")?;
    let issue_field = next("issue_date").ok();

    let old_id = parse_old_id(old_id_field)?;

    let full_name = nfc(name_field);
    if full_name.is_empty() {
        return Err(Reject::CccdMalformed { field: "full_name" });
    }

    let birth_date = parse_ddmmyyyy(dob_field)
        .filter(|date| *date <= today)
        .ok_or(Reject::CccdMalformed {
            field: "birth_date",
        })?;

    let card_gender = parse_gender(gender_field);

    let address = nfc(address_field);
    if address.is_empty() {
        return Err(Reject::CccdMalformed { field: "address" });
    }

    let issue_date = issue_field
        .and_then(parse_ddmmyyyy)
        .filter(|date| *date <= today);

    check_agrees(&id, Some(birth_date), card_gender)?;

    let name_damaged = name_looks_damaged(name_field)
        || (card_gender.is_none() && name_field.is_ascii())
        || has_invisible(name_field);

    Ok(CccdCard {
        gender: card_gender.unwrap_or(id.gender),
        gender_from_id: card_gender.is_none(),
        id,
        old_id,
        full_name,
        name_damaged,
        birth_date,
        address,
        issue_date,
    })
}

/// The old ID field: empty → `None`; 9–12 ASCII digits → the number; anything else is not a
/// CCCD payload we understand.
fn parse_old_id(field: &str) -> Result<Option<String>, Reject> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(None);
    }
    let digits_ok = field.bytes().all(|b| b.is_ascii_digit())
        && (OLD_ID_MIN_DIGITS..=OLD_ID_MAX_DIGITS).contains(&field.len());
    if digits_ok {
        Ok(Some(field.to_string()))
    } else {
        Err(Reject::CccdMalformed { field: "old_id" })
    }
}

/// Whether the field after the ID number is already the name: it holds a letter, which an
/// old ID number never does.
fn is_name_not_old_id(field: &str) -> bool {
    field.chars().any(char::is_alphabetic)
}

/// A `ddmmyyyy` date (exactly 8 ASCII digits, a real calendar date), else `None`. The
/// `dd/mm/yyyy` form some phone apps write is read too.
pub fn parse_ddmmyyyy(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let slashed = text.split('/').collect::<Vec<_>>();
    let joined;
    let text = match slashed.as_slice() {
        [d, m, y] if d.len() == 2 && m.len() == 2 && y.len() == 4 => {
            joined = format!("{d}{m}{y}");
            joined.as_str()
        }
        _ => text,
    };
    let bytes = text.as_bytes();
    if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let day = number(0..2)?;
    let month = number(2..4)?;
    let year = i32::try_from(number(4..8)?).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The card's gender field, "Nam" or "Nữ" in any case or normal form; `None` when unreadable
/// (typically "N", what is left of "Nữ" after a keyboard-mode scanner).
fn parse_gender(field: &str) -> Option<Gender> {
    match fold(field).as_str() {
        "nam" => Some(Gender::Male),
        "nu" => Some(Gender::Female),
        _ => None,
    }
}

/// Whether a name looks mangled by a scanner that dropped its non-ASCII letters.
///
/// Every Vietnamese syllable, and so every word of a name, has a vowel (a, e, i, o, u, y once
/// folded, which covers ă â ê ô ơ ư): a word without one ("Vn" from "Văn", "n" from "Ân") is
/// what is left after the accented vowels were dropped. An empty word between spaces in an ASCII
/// name is a whole dropped word ("Ý" in "Lường Văn Ý" → "Lng Vn "). Real names, accented or
/// typed plain ("Nguyen Van An"), pass.
fn name_looks_damaged(raw: &str) -> bool {
    let has_empty_word = raw.is_ascii()
        && raw
            .trim_matches(['\r', '\n', '\t'])
            .split(' ')
            .any(str::is_empty);
    let folded = fold(raw);
    let word_without_vowel = folded.split(' ').any(|word| {
        !word
            .chars()
            .any(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
    });
    has_empty_word || word_without_vowel
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn fair_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 9, 20).unwrap_or_default()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    const ADDRESS: &str = "Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên";
    const AN: &str = "019095001234||Nguyễn Văn Ân|15031995|Nam|Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20042021";

    fn card(text: &str) -> CccdCard {
        match parse_cccd(text, fair_day()) {
            Ok(card) => card,
            Err(reject) => panic!("{text:?} rejected: {reject:?}"),
        }
    }

    fn payload(id: &str, name: &str, dob: &str, gender: &str) -> String {
        format!("{id}||{name}|{dob}|{gender}|{ADDRESS}|20042021")
    }

    #[test]
    fn a_card_with_an_empty_old_id_is_read_whole() {
        let c = card(AN);
        assert_eq!(c.id.number, "019095001234");
        assert_eq!(c.id.province_code, "019");
        assert_eq!(c.old_id, None);
        assert_eq!(c.full_name, "Nguyễn Văn Ân");
        assert!(!c.name_damaged);
        assert_eq!(c.birth_date, date(1995, 3, 15));
        assert_eq!(c.gender, Gender::Male);
        assert!(!c.gender_from_id);
        assert_eq!(c.address, ADDRESS);
        assert_eq!(c.issue_date, Some(date(2021, 4, 20)));
    }

    #[test]
    fn a_card_listing_the_old_id_keeps_it() {
        let text = AN.replacen("||", "|090123456|", 1);
        assert_eq!(card(&text).old_id.as_deref(), Some("090123456"));
    }

    #[test]
    fn fields_after_the_issue_date_are_ignored() {
        let c = card(&format!("{AN}|Kinh|Không|extra"));
        assert_eq!(c.issue_date, Some(date(2021, 4, 20)));
        assert_eq!(c.full_name, "Nguyễn Văn Ân");
    }

    #[test]
    fn trailing_bars_spaces_and_crlf_are_tolerated() {
        for suffix in ["|", "| ", "  ", "\r\n", "|\r\n", "||  \r\n"] {
            assert_eq!(card(&format!("{AN}{suffix}")), card(AN), "{suffix:?}");
        }
    }

    #[test]
    fn a_card_without_issue_date_or_with_a_bad_one_still_reads() {
        let without = AN.trim_end_matches("|20042021");
        assert_eq!(card(without).issue_date, None);
        assert_eq!(card(&format!("{without}|")).issue_date, None);
        assert_eq!(card(&format!("{without}|31022021")).issue_date, None);
        assert_eq!(card(&format!("{without}|01012030")).issue_date, None);
    }

    #[test]
    fn a_decomposed_payload_is_stored_composed() {
        let nfd: String = AN.nfd().collect();
        assert_ne!(nfd, AN);
        let c = card(&nfd);
        assert_eq!(c.full_name, "Nguyễn Văn Ân");
        assert_eq!(c.address, ADDRESS);
        assert_eq!(c, card(AN));
    }

    #[test]
    fn a_woman_born_in_the_1900s() {
        let c = card(&payload("019168004321", "Ma Thị Hà", "02081968", "Nữ"));
        assert_eq!((c.gender, c.id.birth_year), (Gender::Female, 1968));
        assert!(!c.name_damaged && !c.gender_from_id);
    }

    #[test]
    fn a_man_born_in_the_2000s() {
        let c = card(&payload("019205000777", "Lường Văn Ý", "30112005", "Nam"));
        assert_eq!((c.gender, c.birth_date), (Gender::Male, date(2005, 11, 30)));
        assert!(!c.name_damaged);
    }

    #[test]
    fn a_woman_born_in_the_2000s() {
        let c = card(&payload("019307000888", "Đàm Thị Yến", "01012007", "NỮ"));
        assert_eq!((c.gender, c.id.birth_year), (Gender::Female, 2007));
        assert!(!c.name_damaged);
    }

    #[test]
    fn keyboard_mode_gender_is_taken_from_the_id_number() {
        let text = payload("019195004321", "Nguyn Th H", "02081995", "N");
        let c = card(&text);
        assert_eq!(c.gender, Gender::Female);
        assert!(c.gender_from_id);
        assert!(c.name_damaged);
    }

    #[test]
    fn keyboard_mode_damage_to_the_name_is_flagged() {
        let c = card(&payload("019095001234", "Nguyn Vn n", "15031995", "Nam"));
        assert_eq!(c.full_name, "Nguyn Vn n");
        assert!(c.name_damaged);
        assert!(!c.gender_from_id);
        // "Lường Văn Ý" loses a whole word.
        let c = card(&payload("019205000777", "Lng Vn ", "30112005", "Nam"));
        assert!(c.name_damaged);
    }

    #[test]
    fn real_names_are_not_flagged() {
        for (id, name, dob, gender) in [
            ("019095001234", "Nguyễn Văn Ân", "15031995", "Nam"),
            ("019168004321", "Ma Thị Hà", "02081968", "Nữ"),
            ("019205000777", "Lường Văn Ý", "30112005", "Nam"),
            ("019307000888", "Đàm Thị Yến", "01012007", "Nữ"),
            ("019198000555", "Hoàng Thị Ư", "09091998", "Nữ"),
            ("019095001234", "Nguyen Van An", "15031995", "Nam"),
            ("019095001234", "NGUYỄN VĂN ÂN", "15031995", "NAM"),
        ] {
            let c = card(&payload(id, name, dob, gender));
            assert!(!c.name_damaged, "{name}");
        }
    }

    #[test]
    fn a_plain_ascii_name_with_unreadable_gender_is_suspect() {
        let c = card(&payload("019195004321", "Nguyen Thi Ha", "02081995", "N"));
        assert!(c.name_damaged);
        assert!(c.gender_from_id);
        // An accented name cannot have come through a scanner that drops accents.
        let c = card(&payload("019195004321", "Nguyễn Thị Hà", "02081995", ""));
        assert!(!c.name_damaged);
        assert!(c.gender_from_id);
    }

    #[test]
    fn the_id_must_agree_with_the_card() {
        let wrong_year = payload("019095001234", "Nguyễn Văn Ân", "15031996", "Nam");
        assert_eq!(
            parse_cccd(&wrong_year, fair_day()),
            Err(Reject::IdDobMismatch)
        );
        let wrong_gender = payload("019095001234", "Nguyễn Văn Ân", "15031995", "Nữ");
        assert_eq!(
            parse_cccd(&wrong_gender, fair_day()),
            Err(Reject::IdGenderMismatch)
        );
    }

    #[test]
    fn impossible_id_numbers_are_rejected() {
        let later_century = payload("019495001234", "Nguyễn Văn Ân", "15031995", "Nam");
        assert_eq!(
            parse_cccd(&later_century, fair_day()),
            Err(Reject::IdCentury)
        );
        let future = payload("019226001234", "Nguyễn Văn Ân", "15032026", "Nam");
        assert_eq!(parse_cccd(&future, fair_day()), Err(Reject::IdFutureYear));
    }

    #[test]
    fn a_birth_date_after_today_is_malformed() {
        let text = payload("019225001234", "Nguyễn Văn Ân", "01122025", "Nam");
        assert_eq!(
            parse_cccd(&text, fair_day()),
            Err(Reject::CccdMalformed {
                field: "birth_date"
            })
        );
        let text = payload("019225001234", "Nguyễn Văn Ân", "20092025", "Nam");
        assert!(parse_cccd(&text, fair_day()).is_ok());
    }

    #[test]
    fn malformed_fields_are_named() {
        let cases: [(String, &str); 12] = [
            (String::new(), "id"),
            ("|".to_string(), "id"),
            ("019095001234".to_string(), "old_id"),
            ("019095001234|".to_string(), "full_name"),
            (
                "019095001234||Nguyễn Văn Ân|15031995|Nam".to_string(),
                "address",
            ),
            (
                "019095001234||Nguyễn Văn Ân|15031995|Nam||20042021".to_string(),
                "address",
            ),
            (AN.replacen("019095001234", "01909500123", 1), "id"),
            (AN.replacen("019095001234", "090123456", 1), "id"),
            (AN.replacen("||", "|CMND|", 1), "old_id"),
            (AN.replacen("Nguyễn Văn Ân", " ", 1), "full_name"),
            (AN.replacen("15031995", "31021995", 1), "birth_date"),
            (AN.replacen("15031995", "1995-03-15", 1), "birth_date"),
        ];
        for (text, field) in cases {
            assert_eq!(
                parse_cccd(&text, fair_day()),
                Err(Reject::CccdMalformed { field }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(parse_ddmmyyyy("15031995"), Some(date(1995, 3, 15)));
        assert_eq!(parse_ddmmyyyy("29022000"), Some(date(2000, 2, 29)));
        for text in [
            "29021900",
            "00011995",
            "15131995",
            "1503199",
            "150319950",
            "+1503199",
            "１５０３１９９５",
        ] {
            assert_eq!(parse_ddmmyyyy(text), None, "{text}");
        }
    }

    #[test]
    fn a_card_serialises_for_the_json_contract() {
        let json = serde_json::to_value(card(AN)).unwrap();
        assert_eq!(json["id"]["number"], "019095001234");
        assert_eq!(json["gender"], "male");
        assert_eq!(json["birth_date"], "1995-03-15");
    }
}
