//! The help desk's forms (issue 14): registering a person without a card, and correcting what
//! is on file. The rules here decide what each field may hold and say which field is wrong, so
//! the screen can put the message next to it and nothing is written.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::idnum::{check_agrees, parse_id_number};
use super::limits;
use super::phone::parse_phone;
use super::reject::Reject;
use super::text::{fold, nfc};
use super::{Gender, Household, YesNo};

/// The oldest birth year accepted: nobody born before it comes to a job fair.
pub const OLDEST_BIRTH_YEAR: i32 = 1900;
/// The longest commune name typed outside the event's list.
pub const COMMUNE_TEXT: usize = 100;

/// A person registered at the help desk, as staff typed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub full_name: String,
    /// The full date when known; otherwise `birth_year`.
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub birth_year: Option<i32>,
    #[serde(default)]
    pub gender: Option<Gender>,
    /// A commune of the event's list (by name, folded match, aliases too) or, when it matches
    /// none, the commune as typed, kept "outside the list".
    pub commune: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// 12 digits, checked against the birth year and gender.
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default = "unknown_household")]
    pub household: Household,
    #[serde(default = "unknown_yes_no")]
    pub ethnic_minority: YesNo,
    /// Register even though possible duplicates were found.
    #[serde(default)]
    pub force: bool,
    /// Which help desk (for the log).
    #[serde(default)]
    pub station: Option<String>,
}

/// An empty form: nothing typed, household and ethnicity unknown.
impl Default for Registration {
    fn default() -> Self {
        Self {
            full_name: String::new(),
            birth_date: None,
            birth_year: None,
            gender: None,
            commune: String::new(),
            phone: None,
            id_number: None,
            household: Household::Unknown,
            ethnic_minority: YesNo::Unknown,
            force: false,
            station: None,
        }
    }
}

fn unknown_household() -> Household {
    Household::Unknown
}

fn unknown_yes_no() -> YesNo {
    YesNo::Unknown
}

/// One field of a form that cannot be taken: the field's name in the request and a stable
/// reason code the screen turns into a message. Never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// `full_name`, `birth`, `gender`, `commune`, `phone`, `id_number`, `education`,
    /// `interests`.
    pub field: String,
    /// `required`, `too_long`, `impossible`, `not_vietnamese`, `old_id_number`,
    /// `id_malformed`, `id_century`, `id_future_year`, `id_birth_mismatch`,
    /// `id_gender_mismatch`.
    pub reason: String,
}

impl FieldError {
    fn new(field: &str, reason: &str) -> Self {
        Self {
            field: field.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// A registration whose every field was checked, in stored form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRegistration {
    /// NFC, single spaces.
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: i32,
    /// As typed, or from the ID number when only that says it.
    pub gender: Option<Gender>,
    /// NFC commune text, to match against the list.
    pub commune: String,
    /// Stored form `0xxxxxxxxx`.
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub household: Household,
    pub ethnic_minority: YesNo,
}

impl ValidRegistration {
    /// The folded name, for the duplicate check.
    pub fn name_folded(&self) -> String {
        fold(&self.full_name)
    }
}

/// Reads a typed birth: `dd/mm/yyyy` (also with `-` or `.`, one-digit day or month) or a bare
/// year. `Err(reason)` as in [`FieldError::reason`].
pub fn parse_birth(text: &str, today: NaiveDate) -> Result<(Option<NaiveDate>, i32), &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("required");
    }
    let (date, year) = if text.bytes().all(|b| b.is_ascii_digit()) && text.len() == 4 {
        (None, text.parse::<i32>().map_err(|_| "impossible")?)
    } else {
        let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
        let [d, m, y] = parts[..] else {
            return Err("impossible");
        };
        let number = |s: &str| {
            s.parse::<u32>()
                .ok()
                .filter(|_| !s.is_empty() && s.len() <= 4)
        };
        let (Some(d), Some(m), Some(y)) = (number(d), number(m), number(y)) else {
            return Err("impossible");
        };
        let y = i32::try_from(y).map_err(|_| "impossible")?;
        let date = NaiveDate::from_ymd_opt(y, m, d).ok_or("impossible")?;
        (Some(date), y)
    };
    check_birth(date, Some(year), today).map(|year| (date, year))
}

/// Checks a birth date or year: one of them present, not in the future, not before
/// [`OLDEST_BIRTH_YEAR`], and the two agreeing. Returns the birth year.
pub fn check_birth(
    date: Option<NaiveDate>,
    year: Option<i32>,
    today: NaiveDate,
) -> Result<i32, &'static str> {
    let year = match (date, year) {
        (Some(d), Some(y)) if d.year() != y => return Err("impossible"),
        (Some(d), _) => d.year(),
        (None, Some(y)) => y,
        (None, None) => return Err("required"),
    };
    if year < OLDEST_BIRTH_YEAR || year > today.year() || date.is_some_and(|d| d > today) {
        return Err("impossible");
    }
    Ok(year)
}

fn id_reason(reject: &Reject) -> &'static str {
    match reject {
        Reject::OldIdNumber => "old_id_number",
        Reject::IdCentury => "id_century",
        Reject::IdFutureYear => "id_future_year",
        Reject::IdDobMismatch => "id_birth_mismatch",
        Reject::IdGenderMismatch => "id_gender_mismatch",
        _ => "id_malformed",
    }
}

/// Checks an ID number typed at the help desk against what else is known of the person.
/// Returns the number and the gender it codes.
pub fn check_id_number(
    text: &str,
    birth_year: Option<i32>,
    gender: Option<Gender>,
    today: NaiveDate,
) -> Result<(String, Gender), &'static str> {
    let info = parse_id_number(text, today).map_err(|r| id_reason(&r))?;
    if birth_year.is_some_and(|y| y != info.birth_year) {
        return Err("id_birth_mismatch");
    }
    check_agrees(&info, None, gender).map_err(|r| id_reason(&r))?;
    Ok((info.number, info.gender))
}

/// A name as stored, or why not.
pub fn check_name(text: &str) -> Result<String, &'static str> {
    limits::check_text("full_name", text, limits::NAME).map_err(|_| "too_long")?;
    let name = nfc(text);
    if !name.chars().any(char::is_alphabetic) {
        return Err("required");
    }
    Ok(name)
}

/// A phone as stored (`None` for blank), or why not.
pub fn check_phone(text: Option<&str>) -> Result<Option<String>, &'static str> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if t.chars().nth(limits::PHONE).is_some() => Err("too_long"),
        Some(t) => parse_phone(t).map(Some).ok_or("not_vietnamese"),
    }
}

/// Checks every field of `form` and reports all the wrong ones at once.
pub fn validate(
    form: &Registration,
    today: NaiveDate,
) -> Result<ValidRegistration, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut field = |name: &str, reason: &str| errors.push(FieldError::new(name, reason));
    let full_name = check_name(&form.full_name)
        .map_err(|r| field("full_name", r))
        .ok();
    let birth_year = check_birth(form.birth_date, form.birth_year, today)
        .map_err(|r| field("birth", r))
        .ok();
    let commune = nfc(&form.commune);
    if commune.is_empty() {
        field("commune", "required");
    } else if commune.chars().nth(COMMUNE_TEXT).is_some() {
        field("commune", "too_long");
    }
    let phone = check_phone(form.phone.as_deref())
        .map_err(|r| field("phone", r))
        .ok()
        .flatten();
    let mut gender = form.gender;
    let id_number = match form
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(text) => match check_id_number(text, birth_year, form.gender, today) {
            Ok((number, coded)) => {
                gender = gender.or(Some(coded));
                Some(number)
            }
            Err(reason) => {
                field("id_number", reason);
                None
            }
        },
    };
    match (full_name, birth_year, errors.is_empty()) {
        (Some(full_name), Some(birth_year), true) => Ok(ValidRegistration {
            full_name,
            birth_date: form.birth_date,
            birth_year,
            gender,
            commune,
            phone,
            id_number,
            household: form.household,
            ethnic_minority: form.ethnic_minority,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
    }

    fn form() -> Registration {
        Registration {
            full_name: "Nguyễn Văn Ân".into(),
            birth_year: Some(1995),
            commune: "Xã Yên Ninh".into(),
            ..Registration::default()
        }
    }

    fn reasons(form: &Registration) -> Vec<(String, String)> {
        validate(form, today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.reason))
            .collect()
    }

    fn pair(field: &str, reason: &str) -> (String, String) {
        (field.to_string(), reason.to_string())
    }

    #[test]
    fn a_complete_form_is_taken_in_stored_form() {
        let valid = validate(
            &Registration {
                full_name: "  nguyễn  văn ân ".into(),
                phone: Some("+84 912 345 678".into()),
                id_number: Some("019095001234".into()),
                ..form()
            },
            today(),
        )
        .unwrap();
        assert_eq!(valid.full_name, "nguyễn văn ân");
        assert_eq!(valid.phone.as_deref(), Some("0912345678"));
        assert_eq!(valid.gender, Some(Gender::Male));
        assert_eq!(valid.birth_year, 1995);
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let bad = Registration {
            full_name: " ".into(),
            birth_year: None,
            commune: "".into(),
            phone: Some("12345".into()),
            ..form()
        };
        assert_eq!(
            reasons(&bad),
            vec![
                pair("full_name", "required"),
                pair("birth", "required"),
                pair("commune", "required"),
                pair("phone", "not_vietnamese"),
            ]
        );
    }

    #[test]
    fn an_id_number_that_contradicts_the_birth_year_or_gender_is_refused() {
        let wrong_year = Registration {
            id_number: Some("019090001234".into()),
            ..form()
        };
        assert_eq!(
            reasons(&wrong_year),
            vec![pair("id_number", "id_birth_mismatch")]
        );
        let wrong_gender = Registration {
            id_number: Some("019095001234".into()),
            gender: Some(Gender::Female),
            ..form()
        };
        assert_eq!(
            reasons(&wrong_gender),
            vec![pair("id_number", "id_gender_mismatch")]
        );
        let old = Registration {
            id_number: Some("012345678".into()),
            ..form()
        };
        assert_eq!(reasons(&old), vec![pair("id_number", "old_id_number")]);
    }

    #[test]
    fn impossible_birth_dates_are_refused() {
        assert_eq!(parse_birth("31/02/1990", today()), Err("impossible"));
        assert_eq!(parse_birth("01/01/2030", today()), Err("impossible"));
        assert_eq!(parse_birth("1850", today()), Err("impossible"));
        assert_eq!(parse_birth("abc", today()), Err("impossible"));
        assert_eq!(parse_birth("", today()), Err("required"));
        let date = NaiveDate::from_ymd_opt(1995, 3, 15);
        assert_eq!(parse_birth("15/03/1995", today()), Ok((date, 1995)));
        assert_eq!(parse_birth("15-3-1995", today()), Ok((date, 1995)));
        assert_eq!(parse_birth("1995", today()), Ok((None, 1995)));
        let mismatch = Registration {
            birth_date: date,
            birth_year: Some(1996),
            ..form()
        };
        assert_eq!(reasons(&mismatch), vec![pair("birth", "impossible")]);
    }
}
