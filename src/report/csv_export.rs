//! CSV export: one file, one titled table after another, UTF-8 with a BOM so Excel opens
//! Vietnamese text correctly.
//!
//! Every field goes through [`formula_safe`] (issue 17): a name, booth or commune that begins
//! like a formula is written with a leading apostrophe, so a spreadsheet shows it as text
//! instead of running it.

use std::borrow::Cow;

use super::{Count, Report};

/// `text` as a spreadsheet shows it as text: with a leading apostrophe when it begins with a
/// character that makes Excel, LibreOffice or Google Sheets read a formula (`=`, `+`, `-`,
/// `@`) or that they strip before doing so (tab, carriage return).
pub fn formula_safe(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A CSV writer whose every field is [`formula_safe`].
struct SafeWriter(csv::Writer<Vec<u8>>);

impl SafeWriter {
    fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let fields: Vec<String> = record
            .into_iter()
            .map(|field| formula_safe(field.as_ref()).into_owned())
            .collect();
        self.0.write_record(&fields)
    }
}

fn opt(v: Option<u32>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// Writes one titled table; tables are separated by a blank line, which Excel shows as a gap.
fn section(
    out: &mut Vec<u8>,
    title: &str,
    write: impl FnOnce(&mut SafeWriter) -> csv::Result<()>,
) -> csv::Result<()> {
    let mut w = SafeWriter(
        csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new()),
    );
    w.write_record([title])?;
    write(&mut w)?;
    let body =
        w.0.into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
    if !out.is_empty() {
        out.extend_from_slice(b"\n");
    }
    out.extend_from_slice(&body);
    Ok(())
}

fn table(out: &mut Vec<u8>, title: &str, rows: &[Count]) -> csv::Result<()> {
    section(out, title, |w| {
        w.write_record(["key", "label", "people"])?;
        for r in rows {
            w.write_record([r.key.as_str(), r.label.as_str(), &r.people.to_string()])?;
        }
        Ok(())
    })
}

/// The report as CSV bytes (BOM included).
pub fn to_csv(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut body = Vec::new();
    let t = &report.totals;
    section(&mut body, "summary", |w| {
        w.write_record(["event", &report.event_name])?;
        w.write_record(["date", &report.event_date.to_string()])?;
        for (k, v) in [
            ("people", report.people),
            ("checkins", report.checkins),
            ("walk_ins", report.walk_ins),
            ("pre_registered", report.pre_registered),
            ("on_site_now", report.on_site_now),
            ("visits", t.visits),
            ("interviewed", t.interviewed),
            ("counselled", t.counselled),
            ("hired", t.hired),
            ("training", t.training),
            ("vacancies_offered", t.vacancies_offered),
            ("employers", t.employers),
        ] {
            w.write_record([k, &v.to_string()])?;
        }
        Ok(())
    })?;
    table(&mut body, "by_commune", &report.by_commune)?;
    table(&mut body, "by_household", &report.by_household)?;
    table(&mut body, "by_gender", &report.by_gender)?;
    table(&mut body, "by_age_band", &report.by_age_band)?;
    table(&mut body, "ethnic_minority", &report.ethnic_minority)?;
    section(&mut body, "arrivals", |w| {
        w.write_record(["start", "people", "checkins"])?;
        for a in &report.arrivals {
            w.write_record([
                a.start.as_str(),
                &a.people.to_string(),
                &a.checkins.to_string(),
            ])?;
        }
        Ok(())
    })?;
    section(&mut body, "booths", |w| {
        let outcome_keys: Vec<String> = report
            .booths
            .first()
            .map(|b| b.outcomes.keys().cloned().collect())
            .unwrap_or_default();
        let mut header: Vec<String> = [
            "code",
            "name",
            "kind",
            "issued",
            "served",
            "no_show",
            "cancelled",
            "transferred",
            "waiting",
            "median_wait_s",
            "p90_wait_s",
            "median_service_s",
            "vacancies",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(outcome_keys.iter().cloned());
        w.write_record(&header)?;
        for b in &report.booths {
            let mut row = vec![
                b.code.clone(),
                b.name.clone(),
                b.kind.as_str().to_string(),
                b.issued.to_string(),
                b.served.to_string(),
                b.no_show.to_string(),
                b.cancelled.to_string(),
                b.transferred.to_string(),
                b.waiting.to_string(),
                opt(b.median_wait_s),
                opt(b.p90_wait_s),
                opt(b.median_service_s),
                b.vacancies.to_string(),
            ];
            row.extend(
                outcome_keys
                    .iter()
                    .map(|k| b.outcomes.get(k).copied().unwrap_or(0).to_string()),
            );
            w.write_record(&row)?;
        }
        Ok(())
    })?;
    out.extend_from_slice(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::formula_safe;

    #[test]
    fn text_that_starts_like_a_formula_gets_an_apostrophe() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2",
            "@SUM(1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(formula_safe(risky), format!("'{risky}"));
        }
        for plain in ["Nguyễn Văn A", "12", "", "a=b", "'quoted"] {
            assert_eq!(formula_safe(plain), plain);
        }
    }
}
