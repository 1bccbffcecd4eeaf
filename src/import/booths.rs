//! Booth lists: one row per vacancy; rows with the same booth code make one booth.

use super::{Reason, Rejections, RowError, Table};
use crate::api::Vacancy;
use crate::domain::booth::{BoothSetup, valid_booth_code};
use crate::domain::{BoothKind, text};

/// Accepted headers per column, Vietnamese and English (compared without diacritics).
pub const BOOTH_COLUMNS: &[(&str, &[&str])] = &[
    ("code", &["code", "booth", "Mã gian", "Mã"]),
    (
        "name",
        &["name", "employer", "Đơn vị", "Tên đơn vị", "Doanh nghiệp"],
    ),
    ("kind", &["kind", "type", "Loại"]),
    ("location", &["location", "Vị trí", "Gian"]),
    ("sectors", &["sectors", "sector", "Ngành", "Ngành nghề"]),
    ("topic", &["topic", "Chủ đề tư vấn"]),
    ("desks", &["desks", "Số bàn"]),
    (
        "vacancy_title",
        &["vacancy", "vacancy_title", "Vị trí tuyển dụng", "Chức danh"],
    ),
    (
        "vacancy_count",
        &["count", "vacancy_count", "Số lượng", "Chỉ tiêu"],
    ),
    ("requirements", &["requirements", "Yêu cầu"]),
    ("wage", &["wage", "salary", "Mức lương", "Lương"]),
];

fn parse_kind(value: &str) -> Result<BoothKind, Reason> {
    Ok(match text::fold(value).as_str() {
        "" | "employer" | "nha tuyen dung" | "doanh nghiep" => BoothKind::Employer,
        "counselling" | "tu van" => BoothKind::Counselling,
        "service" | "dich vu" => BoothKind::Service,
        _ => return Err(Reason::new("import.booth_kind")),
    })
}

/// Validates every row and groups vacancies by booth; returns the booths or the bad rows (the
/// first [`super::limits::MAX_REJECTED`], and how many in all).
pub fn validate_booths(table: &Table) -> Result<Vec<BoothSetup>, Rejections> {
    if !table.has("code") || !table.has("name") {
        return Err(vec![RowError::new(
            table.header_line,
            Reason::new("import.booth_header"),
        )]
        .into());
    }
    let mut booths: Vec<BoothSetup> = Vec::new();
    let mut errors = Rejections::default();
    for (line, row) in &table.rows {
        let mut fail = |reason: Reason| errors.push(RowError::new(*line, reason));
        let code = table.cell(row, "code").to_uppercase();
        if !valid_booth_code(&code) {
            fail(Reason::new("import.booth_code"));
            continue;
        }
        let kind = match parse_kind(&table.cell(row, "kind")) {
            Ok(k) => k,
            Err(e) => {
                fail(e);
                continue;
            }
        };
        let desks = match table.cell(row, "desks").as_str() {
            "" => 1,
            v => match v.parse::<u32>() {
                Ok(n) if (1..=20).contains(&n) => n,
                _ => {
                    fail(Reason::new("import.desks"));
                    continue;
                }
            },
        };
        let title = table.cell(row, "vacancy_title");
        let vacancy = if title.is_empty() {
            None
        } else {
            match table.cell(row, "vacancy_count").parse::<u32>() {
                Ok(count) => Some(Vacancy {
                    title,
                    count,
                    requirements: table.cell(row, "requirements"),
                    wage: table.cell(row, "wage"),
                }),
                Err(_) => {
                    fail(Reason::new("import.vacancy_count"));
                    continue;
                }
            }
        };
        let name = table.cell(row, "name");
        match booths.iter_mut().find(|b| b.code == code) {
            Some(existing) => {
                if !name.is_empty() && name != existing.name {
                    fail(Reason::new("import.booth_other_name").with("code", &code));
                    continue;
                }
                existing.vacancies.extend(vacancy);
            }
            None => {
                if name.is_empty() {
                    fail(Reason::new("import.booth_name_empty"));
                    continue;
                }
                let topic = Some(table.cell(row, "topic")).filter(|t| !t.is_empty());
                booths.push(BoothSetup {
                    code,
                    kind,
                    name,
                    location: table.cell(row, "location"),
                    sectors: table
                        .cell(row, "sectors")
                        .split([',', ';'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    topic,
                    desks,
                    vacancies: vacancy.into_iter().collect(),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(booths)
    } else {
        Err(errors)
    }
}
