//! The organiser's setup changes during the event: booth details, opening and closing booths
//! and desks, vacancies, the event's name/venue/date. Each function is one statement; the
//! engine (`fair::organiser`) calls them inside the write that also appends the log row.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::Tx;
use crate::api::{FairResult, Vacancy};

/// A desk as the Setup screen sees it: closed desks included.
#[derive(Debug, Clone, PartialEq)]
pub struct SetupDeskRow {
    pub id: i64,
    pub code: String,
    pub booth_id: i64,
    pub label: String,
    pub open: bool,
    /// Taken out of service by the organiser (also paused).
    pub closed: bool,
}

/// A vacancy with its row id, so the Setup screen can edit or remove it.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyRow {
    pub id: i64,
    pub booth_id: i64,
    pub vacancy: Vacancy,
}

fn vacancy_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VacancyRow> {
    Ok(VacancyRow {
        id: r.get(0)?,
        booth_id: r.get(1)?,
        vacancy: Vacancy {
            title: r.get(2)?,
            count: r.get(3)?,
            requirements: r.get(4)?,
            wage: r.get(5)?,
        },
    })
}

impl Tx<'_> {
    /// Every desk, closed ones too, by booth then creation order.
    pub fn setup_desks(&self) -> FairResult<Vec<SetupDeskRow>> {
        let mut st = self.tx.prepare_cached(&format!(
            "SELECT {SETUP_DESK_COLUMNS} FROM desk ORDER BY booth_id, id"
        ))?;
        let rows = st.query_map([], setup_desk_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A desk by code, closed or not.
    pub fn setup_desk(&self, code: &str) -> FairResult<Option<SetupDeskRow>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {SETUP_DESK_COLUMNS} FROM desk WHERE code = ?1"
            ))?
            .query_row([code], setup_desk_row)
            .optional()?)
    }

    /// Every vacancy with its id, by booth then creation order.
    pub fn vacancy_rows(&self) -> FairResult<Vec<VacancyRow>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, booth_id, title, count, requirements, wage FROM vacancy
             ORDER BY booth_id, id",
        )?;
        let rows = st.query_map([], vacancy_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One vacancy by id.
    pub fn vacancy_row(&self, id: i64) -> FairResult<Option<VacancyRow>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id, booth_id, title, count, requirements, wage FROM vacancy WHERE id = ?1",
            )?
            .query_row([id], vacancy_from_row)
            .optional()?)
    }

    /// The sum of a booth's vacancy counts (what the report calls vacancies offered).
    pub fn vacancy_total(&self, booth_id: i64) -> FairResult<u32> {
        Ok(self
            .tx
            .prepare_cached("SELECT COALESCE(SUM(count), 0) FROM vacancy WHERE booth_id = ?1")?
            .query_row([booth_id], |r| r.get(0))?)
    }

    /// Adds a vacancy; returns its id.
    pub fn insert_vacancy_returning_id(&self, booth_id: i64, vacancy: &Vacancy) -> FairResult<i64> {
        self.insert_vacancy(booth_id, vacancy)?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Rewrites a vacancy's title, count, requirements and wage.
    pub fn update_vacancy(&self, id: i64, vacancy: &Vacancy) -> FairResult<()> {
        self.tx
            .prepare_cached(
                "UPDATE vacancy SET title = ?2, count = ?3, requirements = ?4, wage = ?5
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                vacancy.title,
                vacancy.count,
                vacancy.requirements,
                vacancy.wage
            ])?;
        Ok(())
    }

    /// Removes a vacancy (the log keeps what it was).
    pub fn delete_vacancy(&self, id: i64) -> FairResult<()> {
        self.tx
            .prepare_cached("DELETE FROM vacancy WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Renames a booth and moves it.
    pub fn update_booth_details(&self, id: i64, name: &str, location: &str) -> FairResult<()> {
        self.tx
            .prepare_cached("UPDATE booth SET name = ?2, location = ?3 WHERE id = ?1")?
            .execute(params![id, name, location])?;
        Ok(())
    }

    /// Closes (no new tickets) or reopens a booth. Its tickets are untouched.
    pub fn set_booth_open(&self, id: i64, open: bool) -> FairResult<()> {
        self.tx
            .prepare_cached("UPDATE booth SET open = ?2 WHERE id = ?1")?
            .execute(params![id, open])?;
        Ok(())
    }

    /// Renames a desk (what the board shows).
    pub fn set_desk_label(&self, id: i64, label: &str) -> FairResult<()> {
        self.tx
            .prepare_cached("UPDATE desk SET label = ?2 WHERE id = ?1")?
            .execute(params![id, label])?;
        Ok(())
    }

    /// Takes a desk out of service (closed and paused) or puts it back (open).
    pub fn set_desk_closed(&self, id: i64, closed: bool) -> FairResult<()> {
        self.tx
            .prepare_cached("UPDATE desk SET closed = ?2, open = ?3 WHERE id = ?1")?
            .execute(params![id, closed, !closed])?;
        Ok(())
    }

    /// Changes the event's name, venue and date.
    pub fn update_event_details(&self, name: &str, venue: &str, date: NaiveDate) -> FairResult<()> {
        self.tx
            .prepare_cached("UPDATE event SET name = ?1, venue = ?2, date = ?3 WHERE id = 1")?
            .execute(params![name, venue, date.to_string()])?;
        Ok(())
    }
}

/// The columns [`setup_desk_row`] reads, in its order.
const SETUP_DESK_COLUMNS: &str = "id, code, booth_id, label, open, closed";

/// A desk row as the setup screen needs it, from a query selecting [`SETUP_DESK_COLUMNS`].
fn setup_desk_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SetupDeskRow> {
    Ok(SetupDeskRow {
        id: r.get(0)?,
        code: r.get(1)?,
        booth_id: r.get(2)?,
        label: r.get(3)?,
        open: r.get(4)?,
        closed: r.get(5)?,
    })
}
