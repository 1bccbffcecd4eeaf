//! Why a scan or typed text could not be used: the one reason type every parser of kiosk input
//! ([`super::cccd`], [`super::idnum`], [`super::regcode`], [`super::phone`]) returns, so the
//! parsers depend on it and [`super::scan`] depends on them, never the reverse.

use serde::Serialize;

/// Why a scan or typed text could not be used.
///
/// [`Reject::code`] is the stable reason logged with a rejected scan; the `Display` text is an
/// English sentence for logs and the English UI. Neither ever contains any part of the input:
/// rejected scans may hold ID numbers and names, which must not leak into logs or screens.
/// Serialised as `{"code": "cccd_malformed", "field": "birth_date"}` / `{"code": "empty"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reject {
    /// Nothing but whitespace was entered.
    #[error("Nothing was entered.")]
    Empty,
    /// Longer than [`super::scan::MAX_SCAN_BYTES`].
    #[error(
        "The input is too long to be an ID card, ID number, registration code or phone number."
    )]
    TooLong,
    /// Not any kind of identification the kiosk knows.
    #[error("The input is not an ID card QR code, ID number, registration code or phone number.")]
    Unrecognised,
    /// A 9-digit number of the old identity card (CMND).
    #[error(
        "This is an old identity card (CMND) number; please use the number on the citizen ID card."
    )]
    OldIdNumber,
    /// Meant as an ID number but not 12 digits.
    #[error("An ID number must have exactly twelve digits.")]
    IdMalformed,
    /// The fourth digit of the ID number codes a century from 2100 on.
    #[error("The ID number is not valid: its century digit cannot belong to a living person.")]
    IdCentury,
    /// The ID number's birth year is after today.
    #[error("The ID number is not valid: its birth year is in the future.")]
    IdFutureYear,
    /// The card's date of birth disagrees with the birth year in the ID number.
    #[error("The date of birth does not match the ID number.")]
    IdDobMismatch,
    /// The card's gender disagrees with the gender in the ID number.
    #[error("The gender does not match the ID number.")]
    IdGenderMismatch,
    /// An ID-card QR payload whose named field is missing or unreadable.
    #[error("The ID card QR code could not be read (field: {field}).")]
    CccdMalformed {
        /// Which field: "id", "old_id", "full_name", "birth_date", "gender", "address".
        field: &'static str,
    },
    /// Not the shape of a registration code (length or symbols).
    #[error("The registration code is not valid: it must have six letters and digits.")]
    RegCodeMalformed,
    /// The registration code's check symbol is wrong: a mistyped code.
    #[error("The registration code is not valid: please check it for a typing mistake.")]
    RegCodeCheck,
    /// A registration slip of another event (produced by the check-in service, not here).
    #[error("This registration slip is for another event.")]
    WrongEvent,
    /// Looks like a phone number but is not a Vietnamese mobile number.
    #[error("The phone number is not a valid Vietnamese mobile number.")]
    PhoneMalformed,
}

impl Reject {
    /// The stable snake_case reason code, e.g. `"id_century"`, `"reg_code_check"`,
    /// `"cccd_malformed"`. Used in the rejected-scan log and the JSON contracts; never rename.
    pub fn code(&self) -> &'static str {
        match self {
            Reject::Empty => "empty",
            Reject::TooLong => "too_long",
            Reject::Unrecognised => "unrecognised",
            Reject::OldIdNumber => "old_id_number",
            Reject::IdMalformed => "id_malformed",
            Reject::IdCentury => "id_century",
            Reject::IdFutureYear => "id_future_year",
            Reject::IdDobMismatch => "id_dob_mismatch",
            Reject::IdGenderMismatch => "id_gender_mismatch",
            Reject::CccdMalformed { .. } => "cccd_malformed",
            Reject::RegCodeMalformed => "reg_code_malformed",
            Reject::RegCodeCheck => "reg_code_check",
            Reject::WrongEvent => "wrong_event",
            Reject::PhoneMalformed => "phone_malformed",
        }
    }
}
