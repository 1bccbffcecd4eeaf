//! The programme report as titled tables, worded in Vietnamese or English (`--lang`): what
//! the CSV ([`super::csv_export`]) writes one after another and the workbook
//! ([`super::xlsx_export`]) one a sheet. Headings and category labels follow the language;
//! the numbers are the JSON's, whose keys stay English for scripts.

use chrono::NaiveDate;

use super::jobs::JobRow;
use super::programme::{ProgrammeReport, Row};
use crate::domain::EventKind;
use crate::report::i18n::{Lang, lookup, t};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(u32),
    Date(NaiveDate),
    /// A share between 0 and 1.
    Share(f64),
    Empty,
}

/// One titled table.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Its title, also the workbook's sheet name (at most 31 characters).
    pub title: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The label of a breakdown's row: the category's wording where the table has one
/// (`prefix` + key), "unknown" and "outside" (a commune outside the fair's list) in the
/// language, anything else (communes, sectors) as it is.
fn category(lang: Lang, prefix: &str, label: &str) -> String {
    if matches!(label, "unknown" | "outside") {
        return t(lang, label).to_string();
    }
    if prefix.is_empty() {
        return label.to_string();
    }
    lookup(lang, &format!("{prefix}{label}")).map_or_else(|| label.to_string(), str::to_string)
}

/// The fair kind's wording.
pub fn kind_label(lang: Lang, kind: EventKind) -> &'static str {
    t(lang, &format!("kind.{}", kind.as_str()))
}

fn breakdown(
    lang: Lang,
    title: &'static str,
    column: &'static str,
    prefix: &str,
    rows: &[Row],
) -> Section {
    Section {
        title: t(lang, title),
        header: vec![
            t(lang, column),
            t(lang, "programme.people_col"),
            t(lang, "programme.visits_col"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    text(category(lang, prefix, &r.label)),
                    Cell::Number(r.people),
                    Cell::Number(r.visits),
                ]
            })
            .collect(),
    }
}

fn jobs(lang: Lang, title: &'static str, column: &'static str, rows: &[JobRow]) -> Section {
    Section {
        title: t(lang, title),
        header: vec![t(lang, column), t(lang, "programme.jobs_col")],
        rows: rows
            .iter()
            .map(|r| vec![text(r.label.clone()), Cell::Number(r.jobs)])
            .collect(),
    }
}

/// The report's tables in `lang`, in print order.
pub fn sections(report: &ProgrammeReport, lang: Lang) -> Vec<Section> {
    let tt = &report.totals;
    let m = &report.matched_by;
    let g = &report.target_group;
    let j = &report.jobs_created;
    let date = |d: Option<NaiveDate>| d.map_or(Cell::Empty, Cell::Date);
    let mut summary = vec![
        vec![text(t(lang, "programme.from")), date(report.from)],
        vec![text(t(lang, "programme.to")), date(report.to)],
    ];
    let fairs = u32::try_from(report.fairs.len()).unwrap_or(u32::MAX);
    for (key, value) in [
        ("programme.fairs", fairs),
        ("programme.visits", report.visits),
        ("programme.people", report.people),
        ("programme.matched_by_id_number", m.id_number),
        ("programme.matched_by_phone", m.phone),
        ("programme.unmatched", m.unmatched),
        ("programme.booth_visits", tt.visits),
        ("interviewed", tt.interviewed),
        ("counselled", tt.counselled),
        ("hired", tt.hired),
        ("programme.shortlisted", tt.shortlisted),
        ("training", tt.training),
        ("vacancies_offered", tt.vacancies_offered),
        ("employers", tt.employers),
        ("programme.target_group_people", g.people),
        ("programme.target_group_reached", g.reached),
    ] {
        summary.push(vec![text(t(lang, key)), Cell::Number(value)]);
    }
    summary.push(vec![
        text(t(lang, "programme.target_group_share")),
        Cell::Share(g.share),
    ]);
    for (key, value) in [
        ("programme.jobs", j.jobs),
        ("programme.jobs_started_work", j.started_work),
        ("programme.jobs_hired_on_the_spot", j.hired_on_the_spot),
    ] {
        summary.push(vec![text(t(lang, key)), Cell::Number(value)]);
    }
    let mut out = vec![
        Section {
            title: t(lang, "sheet.programme"),
            header: vec![t(lang, "item"), t(lang, "value")],
            rows: summary,
        },
        Section {
            title: t(lang, "sheet.fairs"),
            header: [
                "programme.code",
                "programme.name",
                "programme.kind",
                "date",
                "programme.place",
                "programme.organiser",
                "programme.visits_col",
                "programme.people_col",
            ]
            .iter()
            .map(|k| t(lang, k))
            .collect(),
            rows: report
                .fairs
                .iter()
                .map(|f| {
                    vec![
                        text(f.code.clone()),
                        text(f.name.clone()),
                        text(kind_label(lang, f.kind)),
                        Cell::Date(f.date),
                        text(f.place.clone()),
                        text(f.organiser.clone()),
                        Cell::Number(f.visits),
                        Cell::Number(f.people),
                    ]
                })
                .collect(),
        },
    ];
    out.extend([
        breakdown(lang, "sheet.commune", "commune", "", &report.by_commune),
        breakdown(
            lang,
            "sheet.household",
            "household",
            "hh.",
            &report.by_household,
        ),
        breakdown(
            lang,
            "sheet.ethnic",
            "ethnic_minority",
            "ethnic.",
            &report.ethnic_minority,
        ),
        breakdown(lang, "sheet.gender", "gender", "gender.", &report.by_gender),
        breakdown(lang, "sheet.age", "age_band", "age.", &report.by_age_band),
        breakdown(
            lang,
            "sheet.education",
            "programme.education",
            "",
            &report.labour_supply.by_education,
        ),
        breakdown(
            lang,
            "sheet.sector",
            "programme.sector",
            "",
            &report.labour_supply.by_sector,
        ),
        jobs(lang, "sheet.jobs_month", "programme.month", &j.by_month),
        jobs(
            lang,
            "sheet.jobs_employer",
            "programme.employer",
            &j.by_employer,
        ),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_worded_in_the_language_and_others_kept() {
        assert_eq!(category(Lang::Vi, "hh.", "poor"), "Hộ nghèo");
        assert_eq!(category(Lang::En, "hh.", "poor"), "Poor");
        assert_eq!(category(Lang::Vi, "gender.", "female"), "Nữ");
        assert_eq!(category(Lang::En, "", "unknown"), "Unknown");
        assert_eq!(category(Lang::Vi, "age.", "25-34"), "25-34");
        assert_eq!(category(Lang::Vi, "", "Xã Yên Ninh"), "Xã Yên Ninh");
        assert_eq!(kind_label(Lang::Vi, EventKind::PhienGd), "Phiên GDVL");
        assert_eq!(kind_label(Lang::En, EventKind::NgayHoi), "Job fair day");
    }
}
