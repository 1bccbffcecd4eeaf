//! The programme report over three overlapping demo-like fairs: every figure is the sum (for
//! people, the matched union) of the fairs' own reports, and the report from the central
//! PostgreSQL equals the one from the fair files.

mod central;
mod pg;

use std::collections::{BTreeMap, HashSet};

use central::{demo_fair, fairdesk, synced};
use chrono::{NaiveDate, Utc};
use fairdesk::api::FairApi;
use fairdesk::central::programme::{self, by_label};
use fairdesk::central::source::{self, DateRange};
use fairdesk::domain::Direction;
use fairdesk::report::{Report, ReportRange};
use pg::Pg;

fn sum_by_label(
    reports: &[Report],
    pick: impl Fn(&Report) -> Vec<(String, u32)>,
) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for r in reports {
        for (label, people) in pick(r) {
            *out.entry(label).or_default() += people;
        }
    }
    out
}

fn visits_of(rows: &[programme::Row]) -> BTreeMap<String, u32> {
    rows.iter()
        .filter(|r| r.visits > 0)
        .map(|r| (r.label.clone(), r.visits))
        .collect()
}

fn nonzero(m: BTreeMap<String, u32>) -> BTreeMap<String, u32> {
    m.into_iter().filter(|(_, v)| *v > 0).collect()
}

#[test]
fn the_programme_report_is_the_sum_and_union_of_the_fair_reports_from_files_and_from_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let fairs: Vec<_> = (0..3).map(|k| demo_fair(dir.path(), k)).collect();
    let now = Utc::now();
    let reports: Vec<Report> = fairs
        .iter()
        .map(|f| f.fair.report(ReportRange::all()).unwrap())
        .collect();
    let inputs: Vec<_> = fairs
        .iter()
        .map(|f| source::from_file(&f.path).unwrap())
        .collect();
    let p = programme::compute(&inputs, DateRange::default(), now);

    // Fairs, by date.
    let codes: Vec<&str> = p.fairs.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["F0", "F1", "F2"]);
    assert_eq!(p.fairs[1].kind.as_str(), "ngay_hoi");
    assert_eq!(p.fairs[0].kind.as_str(), "phien_gd");
    for (row, report) in p.fairs.iter().zip(&reports) {
        assert_eq!(row.people, report.people);
        assert_eq!(row.visits, report.people);
        assert!(!row.place.is_empty());
    }

    // Visits are the sum of the fairs' people; people the union, matched by the rule.
    assert_eq!(p.visits, reports.iter().map(|r| r.people).sum::<u32>());
    assert_eq!(p.visits, 3 * 83);
    // People 1-200 by ID number: 1-80, 41-120, 81-160 -> 1-160. The two phone-only people
    // are the same at every fair; the one with neither is counted once per fair.
    assert_eq!(
        (
            p.matched_by.id_number,
            p.matched_by.phone,
            p.matched_by.unmatched
        ),
        (160, 2, 3)
    );
    assert_eq!(p.people, 165);

    // The same union computed straight from the facts.
    let mut union: HashSet<String> = HashSet::new();
    for (k, input) in inputs.iter().enumerate() {
        for c in input
            .facts
            .checkins
            .iter()
            .filter(|c| c.direction == Direction::In)
        {
            let id = &input.identities[&c.attendee_id];
            union.insert(match (&id.id_number, &id.phone) {
                (Some(n), _) => format!("id:{n}"),
                (None, Some(ph)) => format!("ph:{ph}"),
                (None, None) => format!("fair{k}:{}", c.attendee_id),
            });
        }
    }
    assert_eq!(usize::try_from(p.people).unwrap(), union.len());

    // Every breakdown's visits are the sum of the fairs' breakdowns.
    let pairs = |rows: &[fairdesk::report::Count]| -> Vec<(String, u32)> {
        rows.iter().map(|c| (c.key.clone(), c.people)).collect()
    };
    assert_eq!(
        visits_of(&p.by_household),
        nonzero(sum_by_label(&reports, |r| pairs(&r.by_household)))
    );
    assert_eq!(
        visits_of(&p.by_gender),
        nonzero(sum_by_label(&reports, |r| pairs(&r.by_gender)))
    );
    assert_eq!(
        visits_of(&p.by_age_band),
        nonzero(sum_by_label(&reports, |r| pairs(&r.by_age_band)))
    );
    assert_eq!(
        visits_of(&p.ethnic_minority),
        nonzero(sum_by_label(&reports, |r| pairs(&r.ethnic_minority)))
    );
    let communes = sum_by_label(&reports, |r| {
        r.by_commune
            .iter()
            .map(|c| (c.label.clone(), c.people))
            .collect()
    });
    assert_eq!(visits_of(&p.by_commune), nonzero(communes));
    // Each breakdown's people add up to the people.
    for rows in [
        &p.by_household,
        &p.by_gender,
        &p.by_age_band,
        &p.ethnic_minority,
        &p.by_commune,
    ] {
        assert_eq!(rows.iter().map(|r| r.people).sum::<u32>(), p.people);
    }

    // Totals: the fair reports' keys, summed.
    let t = &p.totals;
    assert_eq!(
        t.visits,
        reports.iter().map(|r| r.totals.visits).sum::<u32>()
    );
    assert_eq!(t.hired, reports.iter().map(|r| r.totals.hired).sum::<u32>());
    assert_eq!(
        t.training,
        reports.iter().map(|r| r.totals.training).sum::<u32>()
    );
    assert_eq!(
        t.interviewed,
        reports.iter().map(|r| r.totals.interviewed).sum::<u32>()
    );
    assert_eq!(
        t.counselled,
        reports.iter().map(|r| r.totals.counselled).sum::<u32>()
    );
    assert_eq!(
        t.employers,
        reports.iter().map(|r| r.totals.employers).sum::<u32>()
    );
    assert_eq!(
        t.vacancies_offered,
        reports
            .iter()
            .map(|r| r.totals.vacancies_offered)
            .sum::<u32>()
    );
    assert!(t.hired > 0 && t.shortlisted > 0 && t.training > 0);

    // The indicator: target-group people, and those of them counselled or interviewed.
    let tg = p.target_group;
    assert!(tg.people > 0 && tg.reached > 0 && tg.reached <= tg.people);
    assert!((tg.share - f64::from(tg.reached) / f64::from(tg.people)).abs() < 1e-12);
    assert!(
        tg.people
            <= by_label(&p.by_household)
                .iter()
                .filter(|(k, _)| ["poor", "near_poor", "escaped"].contains(&k.as_str()))
                .map(|(_, (people, _))| people)
                .sum::<u32>()
    );
    assert_eq!(
        p.labour_supply
            .by_education
            .iter()
            .map(|r| r.people)
            .sum::<u32>(),
        p.people
    );

    // A year or a date range picks fairs by date.
    let march = programme::compute(
        &inputs,
        DateRange {
            from: NaiveDate::from_ymd_opt(2026, 3, 9),
            to: NaiveDate::from_ymd_opt(2026, 3, 31),
        },
        now,
    );
    let codes: Vec<&str> = march.fairs.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["F1", "F2"]);

    // The same from PostgreSQL, once the fairs are synced.
    let Some(pg) = Pg::start() else { return };
    let url = pg.create_db("central");
    for f in &fairs {
        synced(&f.path, &url);
    }
    let central = source::from_central(&mut pg.client("central"), DateRange::default()).unwrap();
    assert_eq!(programme::compute(&central, DateRange::default(), now), p);

    // And through the command line, with its JSON contract.
    let from_pg = fairdesk(&["programme", "report", "--pg", &url, "--year", "2026"]);
    assert!(
        from_pg.status.success(),
        "{}",
        String::from_utf8_lossy(&from_pg.stderr)
    );
    let mut args = vec!["programme", "report", "--year", "2026"];
    for f in &fairs {
        args.push("--db");
        args.push(f.path.to_str().unwrap());
    }
    let from_files = fairdesk(&args);
    assert!(
        from_files.status.success(),
        "{}",
        String::from_utf8_lossy(&from_files.stderr)
    );
    let json = |out: &std::process::Output| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("generated_at");
        v
    };
    let (a, b) = (json(&from_pg), json(&from_files));
    assert_eq!(a, b);
    for key in [
        "fairs",
        "visits",
        "people",
        "matched_by",
        "by_commune",
        "by_household",
        "ethnic_minority",
        "by_gender",
        "by_age_band",
        "totals",
        "target_group",
        "labour_supply",
        "jobs_created",
    ] {
        assert!(a.get(key).is_some(), "no {key} in the JSON");
    }
    for key in ["code", "name", "kind", "date", "place", "visits", "people"] {
        assert!(a["fairs"][0].get(key).is_some(), "no fairs[].{key}");
    }
    for key in ["id_number", "phone", "unmatched"] {
        assert!(a["matched_by"].get(key).is_some());
    }
    for key in ["label", "people", "visits"] {
        assert!(a["by_household"][0].get(key).is_some());
    }
    for key in ["people", "reached", "share"] {
        assert!(a["target_group"].get(key).is_some());
    }
    assert_eq!(a["people"], 165);

    // The CSV: the same tables, with a BOM for Excel.
    let csv_out = dir.path().join("programme.csv");
    let out = fairdesk(&[
        "programme",
        "report",
        "--pg",
        &url,
        "--format",
        "csv",
        "--lang",
        "en",
        "--out",
        csv_out.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read(&csv_out).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(
        text.contains("People (each once across fairs),165\n"),
        "{text}"
    );
    assert!(
        text.contains("\nF1,Phiên giao dịch việc làm số 1,Job fair day,2026-03-09,"),
        "{text}"
    );
    assert!(text.contains("\nPoor,"), "{text}");
    // In Vietnamese (the default), the same numbers under Vietnamese headings and labels.
    let out = fairdesk(&["programme", "report", "--pg", &url, "--format", "csv"]);
    assert!(out.status.success());
    let vi = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    assert!(
        vi.contains("Số người tham gia (mỗi người một lần),165\n"),
        "{vi}"
    );
    assert!(vi.contains(",Ngày hội,2026-03-09,"), "{vi}");
    assert!(vi.contains("\nHộ nghèo,"), "{vi}");
    assert!(vi.contains("Việc làm theo tháng\nTháng,Việc làm\n"), "{vi}");
    assert_eq!(
        vi.lines().count(),
        text.lines().count(),
        "the same tables in either language"
    );

    // The workbook: one sheet per table, numbers as numbers, headings in the language.
    let xlsx_out = dir.path().join("programme.xlsx");
    let out = fairdesk(&[
        "programme",
        "report",
        "--pg",
        &url,
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--out",
        xlsx_out.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let mut book: Xlsx<_> = open_workbook(&xlsx_out).unwrap();
        let names = book.sheet_names();
        for sheet in [
            "Programme summary",
            "Fairs",
            "By commune",
            "By household",
            "Ethnic minority",
            "By gender",
            "By age band",
            "By education",
            "By sector",
            "Jobs by month",
            "Jobs by employer",
        ] {
            assert!(
                names.iter().any(|n| n == sheet),
                "no sheet {sheet}: {names:?}"
            );
        }
        let summary = book.worksheet_range("Programme summary").unwrap();
        let people = summary
            .rows()
            .find(|r| r[0] == Data::String("People (each once across fairs)".into()))
            .expect("the people row");
        assert_eq!(people[1], Data::Float(165.0));
        let fairs_sheet = book.worksheet_range("Fairs").unwrap();
        let cells: Vec<&Data> = fairs_sheet.rows().flatten().collect();
        assert!(cells.contains(&&Data::String("Job fair day".into())));
        assert!(cells.contains(&&Data::String("F2".into())));
    }
    // Without a file it is refused, rather than binary on a terminal.
    let out = fairdesk(&["programme", "report", "--pg", &url, "--format", "xlsx"]);
    assert!(!out.status.success());

    // Both at once is refused.
    let out = fairdesk(&["programme", "report", "--pg", &url, "--db", "x.db"]);
    assert!(!out.status.success());
}

#[test]
fn fair_and_place_names_that_look_like_formulas_come_out_as_text_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);
    let name = "=HYPERLINK(\"http://x\",\"y\")";
    rusqlite::Connection::open(&f.path)
        .unwrap()
        .execute(
            "UPDATE event SET name = ?1, place = '@SUM(1)', organiser = '+1'",
            [name],
        )
        .unwrap();
    drop(f);
    let db = dir.path().join("fair0.db");
    let csv_out = dir.path().join("p.csv");
    let xlsx_out = dir.path().join("p.xlsx");
    for (format, out) in [("csv", &csv_out), ("xlsx", &xlsx_out)] {
        let run = fairdesk(&[
            "--db",
            db.to_str().unwrap(),
            "programme",
            "report",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let text = String::from_utf8(std::fs::read(&csv_out).unwrap()).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "{text}"
    );
    assert!(text.contains(",'@SUM(1),'+1,"), "{text}");

    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&xlsx_out).unwrap();
    let fairs = book.worksheet_range("Các phiên").unwrap();
    let cells: Vec<Data> = fairs.rows().flatten().cloned().collect();
    assert!(cells.contains(&Data::String(name.into())), "{cells:?}");
    assert!(cells.contains(&Data::String("@SUM(1)".into())));
    // No cell of the workbook is a formula.
    let formulas = book.worksheet_formula("Các phiên").unwrap();
    assert!(formulas.rows().flatten().all(|f| f.is_empty()));
}

#[test]
fn people_from_a_commune_outside_the_list_are_their_own_row_from_files_and_from_postgres() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);
    let card = "019095004321||Lò Văn Páo|15031995|Nam|Bản Nà Cọ, Xã Tân Cương, Huyện Phú Bình, Tỉnh Thái Nguyên|20042021";
    f.fair
        .checkin(fairdesk::api::CheckinRequest::entry(card, "kiosk"))
        .unwrap();
    let report = f.fair.report(ReportRange::all()).unwrap();
    let outside = |rows: &[programme::Row]| {
        rows.iter()
            .find(|r| r.label == "outside")
            .map_or(0, |r| r.visits)
    };
    let now = Utc::now();
    let from_file = programme::compute(
        &[source::from_file(&f.path).unwrap()],
        DateRange::default(),
        now,
    );
    let fair_outside = report
        .by_commune
        .iter()
        .find(|c| c.key == "outside")
        .map_or(0, |c| c.people);
    assert!(fair_outside >= 1);
    assert_eq!(outside(&from_file.by_commune), fair_outside);
    // Listed communes first, then outside, then unknown, as in the fair's report.
    let labels: Vec<&str> = from_file
        .by_commune
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    let at = labels.iter().position(|l| *l == "outside").unwrap();
    assert!(
        labels[at + 1..].iter().all(|l| *l == "unknown"),
        "{labels:?}"
    );

    let url = pg.create_db("central");
    synced(&f.path, &url);
    let central = source::from_central(&mut pg.client("central"), DateRange::default()).unwrap();
    assert_eq!(
        programme::compute(&central, DateRange::default(), now),
        from_file
    );
    // The reporting view says the same.
    let people: i64 = pg
        .client("central")
        .query_one(
            "SELECT COALESCE(SUM(people), 0)::BIGINT FROM report_people WHERE commune = 'outside'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(people, i64::from(fair_outside));
}
