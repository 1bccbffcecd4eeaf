//! Attendee lists: one person per row.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{Reason, Rejections, RowError, Table};
use crate::domain::commune::CommuneMatcher;
use crate::domain::idnum::{check_agrees, parse_id_number};
use crate::domain::phone::parse_phone;
use crate::domain::{Gender, Household, Source, YesNo, text};
use crate::store::NewAttendee;

/// Accepted headers per column, Vietnamese and English (compared without diacritics).
pub const ATTENDEE_COLUMNS: &[(&str, &[&str])] = &[
    (
        "full_name",
        &["full_name", "name", "Họ và tên", "Họ tên", "Tên"],
    ),
    (
        "id_number",
        &[
            "id_number",
            "cccd",
            "Số CCCD",
            "CCCD",
            "Số định danh",
            "Số căn cước",
        ],
    ),
    ("birth_date", &["birth_date", "dob", "Ngày sinh"]),
    ("birth_year", &["birth_year", "Năm sinh"]),
    ("gender", &["gender", "sex", "Giới tính"]),
    (
        "commune",
        &["commune", "Xã", "Xã/Phường", "Xã, phường", "Xã/Thị trấn"],
    ),
    ("phone", &["phone", "Số điện thoại", "Điện thoại", "SĐT"]),
    (
        "household",
        &[
            "household",
            "Hộ nghèo/cận nghèo",
            "Hộ nghèo",
            "Loại hộ",
            "Diện hộ",
        ],
    ),
    (
        "ethnic_minority",
        &[
            "ethnic_minority",
            "ethnicity",
            "Dân tộc",
            "Dân tộc thiểu số",
        ],
    ),
    ("education", &["education", "Trình độ", "Trình độ học vấn"]),
    (
        "interests",
        &["interests", "Ngành nghề quan tâm", "Ngành nghề", "Nhu cầu"],
    ),
];

/// An ID number that cannot be right, as an import reason (its check is the kiosk's).
fn id_reason(reject: crate::domain::scan::Reject) -> Reason {
    Reason::new(match reject.code() {
        "id_century" | "id_future_year" => "import.id_not_living",
        "id_dob_mismatch" => "import.id_dob_mismatch",
        "id_gender_mismatch" => "import.id_gender_mismatch",
        "old_id_number" => "import.old_id_number",
        _ => "import.id_malformed",
    })
}

fn parse_gender(text_value: &str) -> Result<Option<Gender>, Reason> {
    match text::fold(text_value).as_str() {
        "" => Ok(None),
        "nam" | "male" | "m" => Ok(Some(Gender::Male)),
        "nu" | "female" | "f" => Ok(Some(Gender::Female)),
        _ => Err(Reason::new("import.gender")),
    }
}

fn parse_household(value: &str) -> Result<Household, Reason> {
    let folded = text::fold(value);
    Ok(match folded.as_str() {
        "" | "unknown" | "khong ro" => Household::Unknown,
        "poor" | "ngheo" | "ho ngheo" => Household::Poor,
        "near_poor" | "near poor" | "can ngheo" | "ho can ngheo" => Household::NearPoor,
        "escaped" | "moi thoat ngheo" | "ho moi thoat ngheo" | "thoat ngheo" => Household::Escaped,
        "other" | "khac" | "khong" => Household::Other,
        _ => return Err(Reason::new("import.household")),
    })
}

fn parse_ethnic(value: &str) -> YesNo {
    match text::fold(value).as_str() {
        "" | "unknown" => YesNo::Unknown,
        "kinh" | "no" | "khong" | "0" => YesNo::No,
        // Any other answer names a minority (Tày, Nùng, Dao…) or says yes.
        _ => YesNo::Yes,
    }
}

/// dd/mm/yyyy (also with - or .), or ISO yyyy-mm-dd.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok().or_else(|| {
        let parts: Vec<&str> = v.split(['/', '-', '.']).collect();
        match parts.as_slice() {
            [d, m, y] if y.len() == 4 => {
                NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            }
            _ => None,
        }
    })
}

fn row_to_attendee(
    table: &Table,
    row: &[String],
    matcher: &CommuneMatcher,
    today: NaiveDate,
) -> Result<NewAttendee, Reason> {
    let name = table.cell(row, "full_name");
    if name.is_empty() {
        return Err(Reason::new("import.name_empty"));
    }
    if name.chars().count() > 100 {
        return Err(Reason::new("import.name_too_long"));
    }
    let birth_date = match table.cell(row, "birth_date").as_str() {
        "" => None,
        v => Some(parse_date(v).ok_or_else(|| Reason::new("import.birth_date"))?),
    };
    if birth_date.is_some_and(|d| d > today) {
        return Err(Reason::new("import.birth_future"));
    }
    let birth_year = match table.cell(row, "birth_year").as_str() {
        "" => birth_date.map(|d| d.year()),
        v => Some(
            v.parse::<i32>()
                .ok()
                .filter(|y| (1900..=today.year()).contains(y))
                .ok_or_else(|| Reason::new("import.birth_year"))?,
        ),
    };
    let gender = parse_gender(&table.cell(row, "gender"))?;
    let id_number = match table.cell(row, "id_number").as_str() {
        "" => None,
        v => {
            let info = parse_id_number(v, today).map_err(id_reason)?;
            check_agrees(&info, birth_date, gender).map_err(id_reason)?;
            Some(info.number)
        }
    };
    let phone = match table.cell(row, "phone").as_str() {
        "" => None,
        v => Some(parse_phone(v).ok_or_else(|| Reason::new("import.phone"))?),
    };
    let commune_id = match table.cell(row, "commune").as_str() {
        "" => None,
        v => Some(
            matcher
                .match_name(v)
                .ok_or_else(|| Reason::new("import.commune"))?,
        ),
    };
    let interests = table
        .cell(row, "interests")
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Ok(NewAttendee {
        id_number,
        phone,
        full_name: name,
        birth_date,
        birth_year,
        gender,
        commune_id,
        household: parse_household(&table.cell(row, "household"))?,
        ethnic_minority: parse_ethnic(&table.cell(row, "ethnic_minority")),
        education: Some(table.cell(row, "education")).filter(|s| !s.is_empty()),
        interests,
        source: Source::PreRegistered,
        name_needs_confirmation: false,
    })
}

/// Validates every row; returns the attendees with their line numbers, or the bad rows (the
/// first [`super::limits::MAX_REJECTED`], and how many in all). Duplicate ID numbers inside
/// the file are reported on their second occurrence.
pub fn validate_attendees(
    table: &Table,
    matcher: &CommuneMatcher,
    today: NaiveDate,
) -> Result<Vec<(usize, NewAttendee)>, Rejections> {
    if !table.has("full_name") {
        return Err(vec![RowError::new(
            table.header_line,
            Reason::new("import.no_name_column"),
        )]
        .into());
    }
    if table.rows.is_empty() {
        return Err(vec![RowError::new(
            table.header_line,
            Reason::new("import.no_rows"),
        )]
        .into());
    }
    let mut good = Vec::new();
    let mut errors = Rejections::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, row) in &table.rows {
        match row_to_attendee(table, row, matcher, today) {
            Ok(a) => {
                if let Some(number) = &a.id_number
                    && let Some(first) = seen.insert(number.clone(), *line)
                {
                    errors.push(RowError::new(
                        *line,
                        Reason::new("import.duplicate_in_file").with("first", first),
                    ));
                    continue;
                }
                good.push((*line, a));
            }
            Err(reason) => errors.push(RowError::new(*line, reason)),
        }
    }
    if errors.is_empty() {
        Ok(good)
    } else {
        Err(errors)
    }
}
