//! Lists benchmarks (criterion). Databases and files live under target/bench-data.
//!
//! - `import/xlsx_20k`: read a 20,000-row attendee workbook and import it (one transaction,
//!   fsync'd), into a fresh event each time.
//! - `report_xlsx/100k_300k`: what `fairdesk report --format xlsx` does for a fair of
//!   100,000 attendees and 300,000 tickets: compute the report, list everyone's outcomes,
//!   write the workbook.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use fairdesk::api::FairApi;
use fairdesk::fair::{Fair, ManualClock};
use fairdesk::import::ImportOptions;
use fairdesk::report::ReportRange;
use fairdesk::report::i18n::Lang;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn bench_dir() -> tempfile::TempDir {
    std::fs::create_dir_all("target/bench-data").ok();
    tempfile::tempdir_in("target/bench-data").unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn new_fair(path: &Path) -> Fair {
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap(),
    ));
    Fair::init_with_clock(path, &fairdesk::demo::setup(date()), clock).unwrap()
}

/// A commune list of `n` people as Excel writes it: a title row, then the header; ID numbers
/// as numbers (leading zero lost), birth dates as real dates.
fn write_list(path: &Path, fair: &Fair, n: usize) {
    let event = fair.event().unwrap();
    let ids = event.commune_ids();
    let names: std::collections::HashMap<i64, String> = event
        .communes
        .iter()
        .map(|c| (c.id, c.name.clone()))
        .collect();
    let people = fairdesk::demo::attendees(n, &ids, 7);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(0, 0, "DANH SÁCH ĐĂNG KÝ").unwrap();
    for (c, h) in [
        "Họ và tên",
        "Số CCCD",
        "Ngày sinh",
        "Giới tính",
        "Xã",
        "Số điện thoại",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (i, p) in people.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_string(r, 0, &p.full_name).unwrap();
        let id: f64 = p.id_number.as_deref().unwrap().parse().unwrap();
        sheet.write_number(r, 1, id).unwrap();
        let born = p.birth_date.unwrap();
        let dt = ExcelDateTime::from_ymd(born.year() as u16, born.month() as u8, born.day() as u8)
            .unwrap();
        sheet
            .write_datetime_with_format(r, 2, &dt, &date_format)
            .unwrap();
        let gender = match p.gender {
            Some(fairdesk::domain::Gender::Male) => "Nam",
            _ => "Nữ",
        };
        sheet.write_string(r, 3, gender).unwrap();
        sheet
            .write_string(r, 4, &names[&p.commune_id.unwrap()])
            .unwrap();
        if let Some(phone) = &p.phone {
            sheet.write_string(r, 5, phone).unwrap();
        }
    }
    workbook.save(path).unwrap();
}

fn import(c: &mut Criterion) {
    let dir = bench_dir();
    let list = dir.path().join("list-20k.xlsx");
    write_list(&list, &new_fair(&dir.path().join("template.db")), 20_000);
    let mut round = 0;
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("xlsx_20k", |b| {
        b.iter_batched(
            || {
                round += 1;
                new_fair(&dir.path().join(format!("import-{round}.db")))
            },
            |fair| {
                let summary = fair
                    .import_attendee_file(&list, ImportOptions::default(), &mut |_, _| {})
                    .unwrap();
                assert_eq!((summary.imported, summary.rejected.len()), (20_000, 0));
                fair
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn report_xlsx(c: &mut Criterion) {
    let dir = bench_dir();
    let fair = new_fair(&dir.path().join("report.db"));
    let communes: Vec<i64> = fair.event().unwrap().commune_ids();
    fair.add_attendees(&fairdesk::demo::attendees(100_000, &communes, 1), None)
        .unwrap();
    let (people, tickets) = fair
        .with_store(|s| s.synthesize_day(Utc.with_ymd_and_hms(2026, 11, 27, 0, 30, 0).unwrap(), 3))
        .unwrap();
    assert_eq!((people, tickets), (100_000, 300_000));
    let out = dir.path().join("report.xlsx");
    let mut group = c.benchmark_group("report_xlsx");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    group.bench_function("100k_300k", |b| {
        b.iter(|| {
            let report = fair.report(ReportRange::all()).unwrap();
            let list = fair.attendee_outcomes(ReportRange::all()).unwrap();
            fairdesk::report::xlsx::write(&report, Some(&list), Lang::Vi, &out).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, import, report_xlsx);
criterion_main!(benches);
