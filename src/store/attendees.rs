//! Attendees and check-ins.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{Tx, from_ms, to_ms};
use crate::api::{FairError, FairResult};
use crate::domain::{Direction, Gender, Household, Method, Source, YesNo, regcode, text};

/// An attendee as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendeeRow {
    pub id: i64,
    pub code: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub commune_id: Option<i64>,
    pub commune_name: Option<String>,
    pub household: Household,
    pub ethnic_minority: YesNo,
    pub education: Option<String>,
    pub interests: Vec<String>,
    pub source: Source,
    pub name_needs_confirmation: bool,
    pub created_at: DateTime<Utc>,
}

/// An attendee to add (from an import, the demo, or a scanned card).
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttendee {
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub commune_id: Option<i64>,
    pub household: Household,
    pub ethnic_minority: YesNo,
    pub education: Option<String>,
    pub interests: Vec<String>,
    pub source: Source,
    pub name_needs_confirmation: bool,
}

const ATTENDEE_COLUMNS: &str = "a.id, a.code, a.id_number, a.phone, a.full_name, a.birth_date,
    a.birth_year, a.gender, a.commune_id, c.name, a.household, a.ethnic_minority, a.education,
    a.interests, a.source, a.name_needs_confirmation, a.created_at";

fn attendee_from_row(r: &Row<'_>) -> rusqlite::Result<AttendeeRow> {
    let birth_date: Option<String> = r.get(5)?;
    let gender: Option<String> = r.get(7)?;
    let household: String = r.get(10)?;
    let ethnic: String = r.get(11)?;
    let interests: String = r.get(13)?;
    let source: String = r.get(14)?;
    Ok(AttendeeRow {
        id: r.get(0)?,
        code: r.get(1)?,
        id_number: r.get(2)?,
        phone: r.get(3)?,
        full_name: r.get(4)?,
        birth_date: birth_date.and_then(|d| d.parse().ok()),
        birth_year: r.get(6)?,
        gender: gender.as_deref().and_then(Gender::parse),
        commune_id: r.get(8)?,
        commune_name: r.get(9)?,
        household: Household::parse(&household).unwrap_or(Household::Unknown),
        ethnic_minority: YesNo::parse(&ethnic).unwrap_or(YesNo::Unknown),
        education: r.get(12)?,
        interests: split_tags(&interests),
        source: Source::parse(&source).unwrap_or(Source::PreRegistered),
        name_needs_confirmation: r.get(15)?,
        created_at: from_ms(r.get(16)?),
    })
}

/// Tags are stored as one `;`-separated text column: they are only ever read whole.
pub(crate) fn split_tags(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn join_tags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| t.trim().replace(';', ","))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(";")
}

impl Tx<'_> {
    fn attendee_where(
        &self,
        condition: &str,
        value: &dyn rusqlite::ToSql,
    ) -> FairResult<Option<AttendeeRow>> {
        let sql = format!(
            "SELECT {ATTENDEE_COLUMNS} FROM attendee a LEFT JOIN commune c ON c.id = a.commune_id
             WHERE {condition}"
        );
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row([value], attendee_from_row)
            .optional()?)
    }

    /// By internal id.
    pub fn attendee(&self, id: i64) -> FairResult<Option<AttendeeRow>> {
        self.attendee_where("a.id = ?1", &id)
    }

    /// By bare registration code.
    pub fn attendee_by_code(&self, code: &str) -> FairResult<Option<AttendeeRow>> {
        self.attendee_where("a.code = ?1", &code)
    }

    /// By 12-digit ID number.
    pub fn attendee_by_id_number(&self, number: &str) -> FairResult<Option<AttendeeRow>> {
        self.attendee_where("a.id_number = ?1", &number)
    }

    /// Everyone with this phone number (a family may share one).
    pub fn attendees_by_phone(&self, phone: &str) -> FairResult<Vec<AttendeeRow>> {
        let sql = format!(
            "SELECT {ATTENDEE_COLUMNS} FROM attendee a LEFT JOIN commune c ON c.id = a.commune_id
             WHERE a.phone = ?1 LIMIT 5"
        );
        let mut st = self.tx.prepare_cached(&sql)?;
        let rows = st.query_map([phone], attendee_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Number of attendees on file.
    pub fn attendee_count(&self) -> FairResult<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT COUNT(*) FROM attendee", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Adds an attendee with a fresh registration code; returns the stored row.
    pub fn insert_attendee(
        &self,
        new: &NewAttendee,
        now: DateTime<Utc>,
    ) -> FairResult<AttendeeRow> {
        let id: i64 = self
            .tx
            .prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM attendee")?
            .query_row([], |r| r.get(0))?;
        // The code is a bijection of the row id, so it is unique without a retry loop.
        let code = regcode::encode(u64::try_from(id).unwrap_or(0));
        let name = text::nfc(&new.full_name);
        self.tx
            .prepare_cached(
                "INSERT INTO attendee (id, code, id_number, phone, full_name, name_folded,
                    birth_date, birth_year, gender, commune_id, household, ethnic_minority,
                    education, interests, source, name_needs_confirmation, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?
            .execute(params![
                id,
                code,
                new.id_number,
                new.phone,
                name,
                text::fold(&name),
                new.birth_date.map(|d| d.to_string()),
                new.birth_year,
                new.gender.map(Gender::as_str),
                new.commune_id,
                new.household.as_str(),
                new.ethnic_minority.as_str(),
                new.education,
                join_tags(&new.interests),
                new.source.as_str(),
                new.name_needs_confirmation,
                to_ms(now)
            ])
            .map_err(|e| unique_violation(e, "an attendee with this ID number already exists"))?;
        self.attendee(id)?
            .ok_or_else(|| FairError::not_found("attendee"))
    }

    /// Records that the person behind attendee `id` gave their household category or
    /// ethnic-minority answer at `at`, on `basis` (`answer` or `organiser_declaration`).
    pub fn record_sensitive_consent(
        &self,
        id: i64,
        at: DateTime<Utc>,
        basis: &str,
    ) -> FairResult<()> {
        self.tx
            .prepare_cached(
                "UPDATE attendee SET sensitive_consent_at = ?2, sensitive_consent_basis = ?3
                 WHERE id = ?1",
            )?
            .execute(params![id, to_ms(at), basis])?;
        Ok(())
    }

    /// Writes back the editable fields of `row`.
    pub fn update_attendee(&self, row: &AttendeeRow) -> FairResult<()> {
        let name = text::nfc(&row.full_name);
        self.tx
            .prepare_cached(
                "UPDATE attendee SET id_number = ?2, phone = ?3, full_name = ?4, name_folded = ?5,
                    birth_date = ?6, birth_year = ?7, gender = ?8, commune_id = ?9, household = ?10,
                    ethnic_minority = ?11, education = ?12, interests = ?13,
                    name_needs_confirmation = ?14
                 WHERE id = ?1",
            )?
            .execute(params![
                row.id,
                row.id_number,
                row.phone,
                name,
                text::fold(&name),
                row.birth_date.map(|d| d.to_string()),
                row.birth_year,
                row.gender.map(Gender::as_str),
                row.commune_id,
                row.household.as_str(),
                row.ethnic_minority.as_str(),
                row.education,
                join_tags(&row.interests),
                row.name_needs_confirmation
            ])
            .map_err(|e| unique_violation(e, "an attendee with this ID number already exists"))?;
        Ok(())
    }

    /// Whether the attendee has an entry between `from` and `to` (a local day).
    pub fn has_entry_between(
        &self,
        attendee_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> FairResult<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM checkin WHERE attendee_id = ?1 AND direction = 'in'
                   AND at >= ?2 AND at < ?3 LIMIT 1",
            )?
            .query_row(params![attendee_id, to_ms(from), to_ms(to)], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether the attendee has ever checked in.
    pub fn has_entry(&self, attendee_id: i64) -> FairResult<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM checkin WHERE attendee_id = ?1 AND direction = 'in' LIMIT 1",
            )?
            .query_row([attendee_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Records a check-in (or exit); returns its id.
    pub fn insert_checkin(
        &self,
        attendee_id: i64,
        at: DateTime<Utc>,
        direction: Direction,
        method: Method,
        station: Option<&str>,
        first_of_day: bool,
    ) -> FairResult<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO checkin (attendee_id, at, direction, method, station, first_of_day)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                attendee_id,
                to_ms(at),
                direction.as_str(),
                method.as_str(),
                station,
                first_of_day
            ])?;
        Ok(self.tx.last_insert_rowid())
    }
}

/// Turns a UNIQUE violation into a `Conflict` with a message free of row values.
pub(crate) fn unique_violation(err: rusqlite::Error, message: &str) -> FairError {
    match err {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            FairError::Conflict {
                message: message.to_string(),
            }
        }
        other => other.into(),
    }
}
