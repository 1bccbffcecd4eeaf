//! The programme report as CSV: one titled table after another, like the fair report's CSV
//! (`report::to_csv`), UTF-8 with a BOM so Excel opens Vietnamese text correctly. Headings
//! are the JSON's keys, so a script reads either.

use super::programme::{ProgrammeReport, Row};

fn section(
    out: &mut Vec<u8>,
    title: &str,
    write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record([title])?;
    write(&mut w)?;
    let body = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    if !out.is_empty() {
        out.extend_from_slice(b"\n");
    }
    out.extend_from_slice(&body);
    Ok(())
}

fn rows(out: &mut Vec<u8>, title: &str, rows: &[Row]) -> csv::Result<()> {
    section(out, title, |w| {
        w.write_record(["label", "people", "visits"])?;
        for r in rows {
            w.write_record([
                r.label.as_str(),
                &r.people.to_string(),
                &r.visits.to_string(),
            ])?;
        }
        Ok(())
    })
}

/// The programme report as CSV bytes (BOM included).
pub fn to_csv(report: &ProgrammeReport) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut body = Vec::new();
    let t = &report.totals;
    let m = &report.matched_by;
    let g = &report.target_group;
    section(&mut body, "summary", |w| {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        w.write_record(["from", &date(report.from)])?;
        w.write_record(["to", &date(report.to)])?;
        for (k, v) in [
            (
                "fairs",
                u32::try_from(report.fairs.len()).unwrap_or(u32::MAX),
            ),
            ("visits", report.visits),
            ("people", report.people),
            ("matched_by_id_number", m.id_number),
            ("matched_by_phone", m.phone),
            ("unmatched", m.unmatched),
            ("booth_visits", t.visits),
            ("interviewed", t.interviewed),
            ("counselled", t.counselled),
            ("hired", t.hired),
            ("shortlisted", t.shortlisted),
            ("training", t.training),
            ("vacancies_offered", t.vacancies_offered),
            ("employers", t.employers),
            ("target_group_people", g.people),
            ("target_group_reached", g.reached),
        ] {
            w.write_record([k, &v.to_string()])?;
        }
        w.write_record(["target_group_share", &format!("{:.4}", g.share)])
    })?;
    section(&mut body, "fairs", |w| {
        w.write_record([
            "code",
            "name",
            "kind",
            "date",
            "place",
            "organiser",
            "visits",
            "people",
        ])?;
        for f in &report.fairs {
            w.write_record([
                f.code.as_str(),
                f.name.as_str(),
                f.kind.as_str(),
                &f.date.to_string(),
                f.place.as_str(),
                f.organiser.as_str(),
                &f.visits.to_string(),
                &f.people.to_string(),
            ])?;
        }
        Ok(())
    })?;
    rows(&mut body, "by_commune", &report.by_commune)?;
    rows(&mut body, "by_household", &report.by_household)?;
    rows(&mut body, "ethnic_minority", &report.ethnic_minority)?;
    rows(&mut body, "by_gender", &report.by_gender)?;
    rows(&mut body, "by_age_band", &report.by_age_band)?;
    rows(
        &mut body,
        "by_education",
        &report.labour_supply.by_education,
    )?;
    rows(&mut body, "by_sector", &report.labour_supply.by_sector)?;
    out.extend_from_slice(&body);
    Ok(out)
}
