//! A booth as the organiser sets it up — by hand, from `event.toml` or from an imported list —
//! and the vacancies an employer offers. Plain data and its rules, so the importers and the
//! engine share them without depending on each other.

use serde::{Deserialize, Serialize};

use super::types::BoothKind;

/// One vacancy an employer offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vacancy {
    pub title: String,
    pub count: u32,
    #[serde(default)]
    pub requirements: String,
    /// Free text, e.g. "6–8 triệu/tháng".
    #[serde(default)]
    pub wage: String,
}

/// A booth to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoothSetup {
    pub code: String,
    pub kind: BoothKind,
    pub name: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub sectors: Vec<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default = "default_desks")]
    pub desks: u32,
    #[serde(default)]
    pub vacancies: Vec<Vacancy>,
}

fn default_desks() -> u32 {
    1
}

/// Booth codes are letters, optionally followed by digits (`A`, `T1`): they start ticket
/// numbers and desk codes, so nothing else is allowed.
pub fn valid_booth_code(code: &str) -> bool {
    let letters = code.chars().take_while(char::is_ascii_uppercase).count();
    letters > 0 && code.len() <= 4 && code.chars().skip(letters).all(|c| c.is_ascii_digit())
}
