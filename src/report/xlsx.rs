//! The headcount report as an Excel workbook: a Summary sheet laid out for printing, one
//! sheet per breakdown, per-booth numbers, arrivals per 15 minutes with a native chart, and
//! (when given) the organiser's follow-up list.
//!
//! Every number is written as a number (never a formula), so a program reading the file
//! back — or the labour office pasting it into its own report — sees the values of the JSON
//! report. Waits are shown in minutes (seconds ÷ 60) because that is what organisers read.

use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use rust_xlsxwriter::{
    Chart, ChartType, DataValidation, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use super::followup::{AttendeeOutcome, FollowupResult};
use super::i18n::{Lang, lookup, t};
use super::{Count, Report};
use crate::domain::{Gender, Outcome, TicketState};

/// A4 in Excel's paper-size numbering.
const PAPER_A4: u8 = 9;

/// The formats shared by every sheet.
struct Styles {
    title: Format,
    header: Format,
    label: Format,
    number: Format,
    minutes: Format,
    total_label: Format,
    total_number: Format,
    text: Format,
    day: Format,
}

impl Styles {
    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("#DDEBF7"),
            label: cell.clone(),
            number: cell.clone().set_num_format("#,##0"),
            minutes: cell.clone().set_num_format("0.0"),
            total_label: cell.clone().set_bold(),
            total_number: cell.clone().set_bold().set_num_format("#,##0"),
            text: cell,
            day: Format::new().set_num_format("dd/mm/yyyy"),
        }
    }
}

/// Writes the workbook to `path`. `attendees` adds the follow-up list (names and phones:
/// organisers only); pass `None` for a workbook without personal data.
pub fn write(
    report: &Report,
    attendees: Option<&[AttendeeOutcome]>,
    lang: Lang,
    path: &Path,
) -> Result<(), XlsxError> {
    build(report, attendees, lang)?.save(path)
}

/// The workbook as bytes (for a download or a test).
pub fn to_bytes(
    report: &Report,
    attendees: Option<&[AttendeeOutcome]>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    build(report, attendees, lang)?.save_to_buffer()
}

fn build(
    report: &Report,
    attendees: Option<&[AttendeeOutcome]>,
    lang: Lang,
) -> Result<Workbook, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    summary_sheet(workbook.add_worksheet(), report, lang, &styles)?;
    let communes: Vec<Count> = report
        .by_commune
        .iter()
        .map(|c| Count {
            label: match c.key.as_str() {
                key @ ("unknown" | "outside") => t(lang, key).to_string(),
                _ => c.label.clone(),
            },
            ..c.clone()
        })
        .collect();
    let breakdowns: [(&str, &str, Vec<Count>); 5] = [
        ("sheet.commune", "commune", communes),
        (
            "sheet.household",
            "household",
            labelled(&report.by_household, lang, "hh."),
        ),
        (
            "sheet.gender",
            "gender",
            labelled(&report.by_gender, lang, "gender."),
        ),
        (
            "sheet.age",
            "age_band",
            labelled(&report.by_age_band, lang, "age."),
        ),
        (
            "sheet.ethnic",
            "ethnic_minority",
            labelled(&report.ethnic_minority, lang, "ethnic."),
        ),
    ];
    for (sheet, column, rows) in &breakdowns {
        count_sheet(
            workbook.add_worksheet(),
            report,
            lang,
            &styles,
            t(lang, sheet),
            t(lang, column),
            rows,
        )?;
    }
    booth_sheet(workbook.add_worksheet(), report, lang, &styles)?;
    arrivals_sheet(workbook.add_worksheet(), report, lang, &styles)?;
    if let Some(people) = attendees {
        followup_sheet(workbook.add_worksheet(), report, people, lang, &styles)?;
    }
    Ok(workbook)
}

/// Labels of a breakdown in `lang`: `prefix + key`, with "unknown" shared by all, and keys
/// that are already readable (age bands like "25-34") kept as they are.
fn labelled(rows: &[Count], lang: Lang, prefix: &str) -> Vec<Count> {
    rows.iter()
        .map(|c| {
            let key = format!("{prefix}{}", c.key);
            let label = if c.key == "unknown" {
                t(lang, "unknown").to_string()
            } else {
                lookup(lang, &key).map_or_else(|| c.key.clone(), str::to_string)
            };
            Count { label, ..c.clone() }
        })
        .collect()
}

fn offset(report: &Report) -> FixedOffset {
    crate::domain::event::event_offset(report.utc_offset_min)
}

fn local(report: &Report, at: DateTime<Utc>, pattern: &str) -> String {
    at.with_timezone(&offset(report))
        .format(pattern)
        .to_string()
}

fn range_text(report: &Report, lang: Lang) -> String {
    match (report.range.from, report.range.to) {
        (None, None) => t(lang, "range.all").to_string(),
        (from, to) => format!(
            "{} – {}",
            from.map_or(String::new(), |f| local(report, f, "%H:%M")),
            to.map_or(String::new(), |x| local(report, x, "%H:%M"))
        ),
    }
}

/// Sets A4 portrait printing, fitted to one page wide, with the header row repeated.
fn print_setup(sheet: &mut Worksheet, report: &Report, repeat_header_row: Option<u32>) {
    sheet
        .set_paper_size(PAPER_A4)
        .set_portrait()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_header(format!(
            "&L{}&R{}",
            header_safe(&report.event_name),
            report.event_date.format("%d/%m/%Y")
        ))
        .set_footer("&C&P / &N");
    if let Some(row) = repeat_header_row {
        // Only fails for rows beyond Excel's limit, which a header row never is.
        let _ = sheet.set_repeat_rows(row, row);
    }
}

/// Excel header/footer codes start with `&`; a literal one is written `&&`.
fn header_safe(text: &str) -> String {
    text.replace('&', "&&")
}

/// The title block shared by the sheets: the report title and the event line.
fn title_block(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
    styles: &Styles,
    last_col: u16,
    title: &str,
) -> Result<u32, XlsxError> {
    sheet.merge_range(0, 0, 0, last_col, title, &styles.title)?;
    sheet.set_row_height(0, 36)?;
    let line = format!(
        "{} · {} · {}",
        report.event_name,
        report.event_date.format("%d/%m/%Y"),
        range_text(report, lang)
    );
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        &line,
        &Format::new().set_align(FormatAlign::Center),
    )?;
    Ok(3)
}

fn summary_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "sheet.summary"))?;
    sheet.set_column_width(0, 42)?;
    sheet.set_column_width(1, 16)?;
    sheet.set_column_width(2, 10)?;
    title_block(sheet, report, lang, styles, 2, t(lang, "title"))?;
    let info = [
        ("event", report.event_name.clone()),
        ("date", report.event_date.format("%d/%m/%Y").to_string()),
        ("range", range_text(report, lang)),
        (
            "generated",
            local(report, report.generated_at, "%d/%m/%Y %H:%M"),
        ),
    ];
    let mut row = 3;
    for (key, value) in &info {
        sheet.write_string_with_format(row, 0, t(lang, key), &styles.total_label)?;
        sheet.merge_range(row, 1, row, 2, value, &styles.text)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, t(lang, "item"), &styles.header)?;
    sheet.merge_range(row, 1, row, 2, t(lang, "value"), &styles.header)?;
    row += 1;
    for (key, value, unit) in summary_rows(report) {
        sheet.write_string_with_format(row, 0, t(lang, key), &styles.label)?;
        sheet.write_number_with_format(row, 1, f64::from(value), &styles.number)?;
        sheet.write_string_with_format(row, 2, t(lang, unit), &styles.text)?;
        row += 1;
    }
    print_setup(sheet, report, None);
    Ok(())
}

/// The Summary sheet's figures: (translation key, value, unit key), in print order. Public
/// to the crate so the tests' reader and the writer share one list.
pub(crate) fn summary_rows(report: &Report) -> Vec<(&'static str, u32, &'static str)> {
    let t = &report.totals;
    vec![
        ("people", report.people, "unit.people"),
        ("checkins", report.checkins, "unit.visits"),
        ("visits", t.visits, "unit.visits"),
        ("walk_ins", report.walk_ins, "unit.people"),
        ("pre_registered", report.pre_registered, "unit.people"),
        ("counselled", t.counselled, "unit.people"),
        ("interviewed", t.interviewed, "unit.people"),
        ("hired", t.hired, "unit.people"),
        ("training", t.training, "unit.people"),
        ("vacancies_offered", t.vacancies_offered, "vacancies"),
        ("employers", t.employers, "employers"),
    ]
}

fn count_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
    styles: &Styles,
    name: &str,
    column: &str,
    rows: &[Count],
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 14)?;
    let mut row = title_block(sheet, report, lang, styles, 1, name)?;
    let header_row = row;
    sheet.write_string_with_format(row, 0, column, &styles.header)?;
    sheet.write_string_with_format(row, 1, t(lang, "count.people"), &styles.header)?;
    row += 1;
    for c in rows {
        sheet.write_string_with_format(row, 0, &c.label, &styles.label)?;
        sheet.write_number_with_format(row, 1, f64::from(c.people), &styles.number)?;
        row += 1;
    }
    let total: u32 = rows.iter().map(|c| c.people).sum();
    sheet.write_string_with_format(row, 0, t(lang, "total"), &styles.total_label)?;
    sheet.write_number_with_format(row, 1, f64::from(total), &styles.total_number)?;
    print_setup(sheet, report, Some(header_row));
    Ok(())
}

fn kind_label(lang: Lang, kind: crate::domain::BoothKind) -> &'static str {
    t(
        lang,
        match kind {
            crate::domain::BoothKind::Employer => "kind.employer",
            crate::domain::BoothKind::Counselling => "kind.counselling",
            crate::domain::BoothKind::Service => "kind.service",
        },
    )
}

fn booth_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let name = t(lang, "sheet.booths");
    sheet.set_name(name)?;
    let mut headers: Vec<String> = [
        "booth.code",
        "booth.name",
        "booth.kind",
        "vacancies",
        "issued",
        "served",
        "no_show",
        "cancelled",
        "transferred",
        "waiting",
        "median_wait",
        "p90_wait",
        "median_service",
    ]
    .iter()
    .map(|k| t(lang, k).to_string())
    .collect();
    headers.extend(
        Outcome::ALL
            .iter()
            .map(|o| t(lang, &format!("outcome.{}", o.as_str())).to_string()),
    );
    let last_col = u16::try_from(headers.len() - 1).unwrap_or(0);
    let mut row = title_block(sheet, report, lang, styles, last_col, name)?;
    let header_row = row;
    for (col, h) in headers.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(0);
        sheet.write_string_with_format(row, col, h, &styles.header)?;
        sheet.set_column_width(col, if col == 1 { 30 } else { 11 })?;
    }
    sheet.set_row_height(row, 45)?;
    row += 1;
    for b in &report.booths {
        sheet.write_string_with_format(row, 0, &b.code, &styles.label)?;
        sheet.write_string_with_format(row, 1, &b.name, &styles.label)?;
        sheet.write_string_with_format(row, 2, kind_label(lang, b.kind), &styles.label)?;
        let counts = [
            b.vacancies,
            b.issued,
            b.served,
            b.no_show,
            b.cancelled,
            b.transferred,
            b.waiting,
        ];
        for (i, n) in counts.iter().enumerate() {
            let col = 3 + u16::try_from(i).unwrap_or(0);
            sheet.write_number_with_format(row, col, f64::from(*n), &styles.number)?;
        }
        for (i, secs) in [b.median_wait_s, b.p90_wait_s, b.median_service_s]
            .iter()
            .enumerate()
        {
            let col = 10 + u16::try_from(i).unwrap_or(0);
            match secs {
                Some(s) => sheet.write_number_with_format(
                    row,
                    col,
                    f64::from(*s) / 60.0,
                    &styles.minutes,
                )?,
                None => sheet.write_blank(row, col, &styles.minutes)?,
            };
        }
        for (i, o) in Outcome::ALL.iter().enumerate() {
            let col = 13 + u16::try_from(i).unwrap_or(0);
            let n = b.outcomes.get(o.as_str()).copied().unwrap_or(0);
            sheet.write_number_with_format(row, col, f64::from(n), &styles.number)?;
        }
        row += 1;
    }
    print_setup(sheet, report, Some(header_row));
    sheet.set_landscape();
    sheet.set_freeze_panes(header_row + 1, 2)?;
    Ok(())
}

fn arrivals_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let name = t(lang, "sheet.arrivals");
    sheet.set_name(name)?;
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 18)?;
    sheet.set_column_width(2, 18)?;
    let mut row = title_block(sheet, report, lang, styles, 2, name)?;
    let header_row = row;
    for (col, key) in ["slot", "arrivals.people", "arrivals.checkins"]
        .iter()
        .enumerate()
    {
        let col = u16::try_from(col).unwrap_or(0);
        sheet.write_string_with_format(row, col, t(lang, key), &styles.header)?;
    }
    row += 1;
    let first = row;
    for a in &report.arrivals {
        sheet.write_string_with_format(row, 0, &a.start, &styles.label)?;
        sheet.write_number_with_format(row, 1, f64::from(a.people), &styles.number)?;
        sheet.write_number_with_format(row, 2, f64::from(a.checkins), &styles.number)?;
        row += 1;
    }
    if row > first {
        let last = row - 1;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name((name, header_row, 1))
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, 1, last, 1));
        chart
            .add_series()
            .set_name((name, header_row, 2))
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, 2, last, 2));
        chart.title().set_name(t(lang, "arrivals.chart"));
        chart.x_axis().set_name(t(lang, "slot"));
        chart.set_width(720).set_height(360);
        sheet.insert_chart(header_row, 4, &chart)?;
    }
    print_setup(sheet, report, Some(header_row));
    sheet.set_landscape();
    Ok(())
}

fn followup_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    people: &[AttendeeOutcome],
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let name = t(lang, "sheet.attendees");
    sheet.set_name(name)?;
    let columns: [(&str, f64); FOLLOWUP_COLUMNS + 15] = [
        ("no.", 6.0),
        ("reg_code", 12.0),
        ("full_name", 26.0),
        ("phone", 13.0),
        ("commune", 18.0),
        ("gender", 8.0),
        ("birth_year", 8.0),
        ("household", 16.0),
        ("ethnic_minority", 10.0),
        ("source", 12.0),
        ("first_entry", 8.0),
        ("booths_visited", 12.0),
        ("results", 40.0),
        ("hired", 11.0),
        ("training", 11.0),
        // Filled by staff weeks later, read back by `fairdesk followup import`.
        ("followup.result", 20.0),
        ("followup.employer", 28.0),
        ("followup.date", 13.0),
    ];
    let last_col = u16::try_from(columns.len() - 1).unwrap_or(0);
    let mut row = title_block(sheet, report, lang, styles, last_col, name)?;
    let header_row = row;
    // The event code above the header: `followup import` finds the fair by it (the same
    // registration code can exist at two fairs of the programme).
    sheet.write_string_with_format(
        header_row - 1,
        0,
        t(lang, "followup.event_code"),
        &styles.total_label,
    )?;
    sheet.write_string_with_format(header_row - 1, 1, &report.event_code, &styles.text)?;
    for (col, (key, width)) in columns.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(0);
        sheet.write_string_with_format(row, col, t(lang, key), &styles.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_row_height(row, 30)?;
    row += 1;
    let yes = t(lang, "yes");
    // Plain cells here: borders on 100,000 rows add weight and nothing for a list that is
    // filtered and sorted rather than printed.
    for (i, p) in people.iter().enumerate() {
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &p.code)?;
        sheet.write_string(row, 2, &p.full_name)?;
        if let Some(phone) = &p.phone {
            sheet.write_string(row, 3, phone)?;
        }
        sheet.write_string(row, 4, p.commune.as_deref().unwrap_or(""))?;
        let gender = match p.gender {
            Some(Gender::Male) => t(lang, "gender.male"),
            Some(Gender::Female) => t(lang, "gender.female"),
            None => "",
        };
        sheet.write_string(row, 5, gender)?;
        if let Some(year) = p.year_of_birth() {
            sheet.write_number(row, 6, f64::from(year))?;
        }
        let household = match p.household {
            crate::domain::Household::Unknown => "",
            h => t(lang, &format!("hh.{}", h.as_str())),
        };
        sheet.write_string(row, 7, household)?;
        let ethnic = match p.ethnic_minority {
            crate::domain::YesNo::Yes => t(lang, "yes"),
            crate::domain::YesNo::No => t(lang, "no"),
            crate::domain::YesNo::Unknown => "",
        };
        sheet.write_string(row, 8, ethnic)?;
        sheet.write_string(row, 9, t(lang, &format!("source.{}", p.source.as_str())))?;
        sheet.write_string(row, 10, local(report, p.first_entry, "%H:%M"))?;
        let booths: Vec<&str> = p.visits.iter().map(|v| v.booth_code.as_str()).collect();
        sheet.write_string(row, 11, booths.join(", "))?;
        sheet.write_string(row, 12, visits_text(p, lang))?;
        if p.has_outcome(Outcome::Hired) {
            sheet.write_string(row, 13, yes)?;
        }
        if p.has_outcome(Outcome::Training) {
            sheet.write_string(row, 14, yes)?;
        }
        if let Some(f) = &p.followup {
            let col = FOLLOWUP_RESULT_COL;
            sheet.write_string(
                row,
                col,
                t(lang, &format!("followup.{}", f.result.as_str())),
            )?;
            if let Some(employer) = &f.employer {
                sheet.write_string(row, col + 1, employer)?;
            }
            let day = f.contacted_on;
            let day = ExcelDateTime::from_ymd(
                u16::try_from(day.year()).unwrap_or(1900),
                u8::try_from(day.month()).unwrap_or(1),
                u8::try_from(day.day()).unwrap_or(1),
            )?;
            sheet.write_datetime_with_format(row, col + 2, &day, &styles.day)?;
        }
        row += 1;
    }
    if row > header_row + 1 {
        followup_inputs(sheet, header_row + 1, row - 1, lang)?;
        sheet.autofilter(header_row, 0, row - 1, last_col)?;
    }
    sheet.set_freeze_panes(header_row + 1, 3)?;
    print_setup(sheet, report, Some(header_row));
    sheet.set_landscape();
    Ok(())
}

/// How many follow-up columns end the follow-up list (result, employer, date).
const FOLLOWUP_COLUMNS: usize = 3;
/// The follow-up list's first follow-up column (after the 15 of the fair itself).
pub(crate) const FOLLOWUP_RESULT_COL: u16 = 15;

/// The follow-up columns' inputs on rows `first..=last`: the result as a drop-down of the
/// fixed list in `lang` (Excel refuses anything else typed there; the import still checks,
/// since LibreOffice and hand edits do not always keep the rule), and the date shown as a date.
fn followup_inputs(
    sheet: &mut Worksheet,
    first: u32,
    last: u32,
    lang: Lang,
) -> Result<(), XlsxError> {
    let labels: Vec<&str> = FollowupResult::ALL
        .iter()
        .map(|r| t(lang, &format!("followup.{}", r.as_str())))
        .collect();
    let rule = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_input_message(t(lang, "followup.pick"))?
        .set_error_message(t(lang, "followup.pick"))?;
    let col = FOLLOWUP_RESULT_COL;
    sheet.add_data_validation(first, col, last, col, &rule)?;
    sheet.set_column_format(col + 2, &Format::new().set_num_format("dd/mm/yyyy"))?;
    Ok(())
}

/// "A: Trúng tuyển tại chỗ; T1: Đã tư vấn; B: vắng mặt".
fn visits_text(p: &AttendeeOutcome, lang: Lang) -> String {
    p.visits
        .iter()
        .map(|v| {
            let what = match (v.state, v.outcome) {
                (TicketState::Done, Some(o)) => t(lang, &format!("outcome.{}", o.as_str())),
                (state, _) => t(lang, &format!("state.{}", state.as_str())),
            };
            format!("{}: {}", v.booth_code, what)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
