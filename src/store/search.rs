//! The help desk's look-ups: search candidates, possible duplicates, the commune typed outside
//! the event's list, and the day's first entry.
//!
//! Search narrows in SQL and ranks in Rust ([`crate::domain::search`]): every query word must be
//! the start of a word of the folded name, the start of a word of the commune, or the
//! registration code; every digit run the birth year or the end of the ID number or phone. That
//! is one pass over the covering index `attendee_search` (a third of the table's pages) without
//! sorting; at most [`CANDIDATES`] rows come back to be ranked, so a one-letter query on a big
//! fair costs no more than a precise one. Names flagged as damaged by a scanner are read separately (a small
//! partial index) because their words cannot be matched in SQL.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::{Tx, from_ms, to_ms};
use crate::api::FairResult;
use crate::domain::search::SearchQuery;
use crate::domain::text::fold;

/// The most rows one search reads to rank. A query that matches more is too broad for its
/// order to matter much; the list asks staff to type more.
pub const CANDIDATES: u32 = 1000;
/// The most damaged-name rows one search looks at.
const DAMAGED: u32 = 2000;

/// What search and the duplicate check read of an attendee.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRow {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub name_folded: String,
    pub name_needs_confirmation: bool,
    pub birth_year: Option<i32>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    /// The listed commune's name, or the one typed outside the list.
    pub commune: Option<String>,
    /// Its folded form.
    pub commune_folded: Option<String>,
}

const SEARCH_COLUMNS: &str = "a.id, a.code, a.full_name, a.name_folded,
    a.name_needs_confirmation, a.birth_year, a.id_number, a.phone,
    COALESCE(c.name, o.name), COALESCE(c.folded, o.folded)";

const SEARCH_FROM: &str = "attendee a LEFT JOIN commune c ON c.id = a.commune_id
    LEFT JOIN attendee_commune_other o ON o.attendee_id = a.id";

fn search_row(r: &Row<'_>) -> rusqlite::Result<SearchRow> {
    Ok(SearchRow {
        id: r.get(0)?,
        code: r.get(1)?,
        full_name: r.get(2)?,
        name_folded: r.get(3)?,
        name_needs_confirmation: r.get(4)?,
        birth_year: r.get(5)?,
        id_number: r.get(6)?,
        phone: r.get(7)?,
        commune: r.get(8)?,
        commune_folded: r.get(9)?,
    })
}

impl Tx<'_> {
    fn search_rows(&self, condition: &str, values: Vec<Value>) -> FairResult<Vec<SearchRow>> {
        let sql = format!("SELECT {SEARCH_COLUMNS} FROM {SEARCH_FROM} WHERE {condition}");
        let mut st = self.tx.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(values), search_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Listed communes with a word starting with `word` (folded).
    fn communes_with_word(&self, word: &str) -> FairResult<Vec<i64>> {
        let mut st = self.tx.prepare_cached("SELECT id, folded FROM commune")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, folded) = row?;
            if folded.split(' ').any(|w| w.starts_with(word)) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The attendees the query may match (at most [`CANDIDATES`]), unranked; damaged names
    /// are read by [`Tx::damaged_name_rows`].
    pub fn search_candidates(&self, query: &SearchQuery) -> FairResult<Vec<SearchRow>> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        // Each value is bound once, as `?N`, and may be named more than once.
        let mut bind = |value: Value| {
            values.push(value);
            format!("?{}", values.len())
        };
        if let Some(phone) = &query.phone {
            conditions.push(format!("a.phone = {}", bind(Value::Text(phone.clone()))));
        }
        for number in &query.numbers {
            let year = if number.len() == 4 {
                number.parse::<i64>().unwrap_or(-1)
            } else {
                -1
            };
            let year = bind(Value::Integer(year));
            let suffix = bind(Value::Text(format!("%{number}")));
            conditions.push(format!(
                "(a.birth_year = {year} OR a.id_number LIKE {suffix} OR a.phone LIKE {suffix})"
            ));
        }
        for word in &query.words {
            // Words are letters and digits only (parse_query splits at everything else), so
            // they carry no LIKE wildcards; commune ids are our own integers.
            // A word starts the name or follows a space in it: `instr` on the stored text,
            // since a concatenation per row costs more than the scan itself.
            let start = bind(Value::Text(format!("{word}%")));
            let inner = bind(Value::Text(format!(" {word}")));
            let mut alternatives = vec![
                format!("a.name_folded LIKE {start}"),
                format!("instr(a.name_folded, {inner}) > 0"),
                format!(
                    "a.id IN (SELECT attendee_id FROM attendee_commune_other
                              WHERE folded LIKE {start} OR instr(folded, {inner}) > 0)"
                ),
            ];
            let ids = self.communes_with_word(word)?;
            if !ids.is_empty() {
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                alternatives.push(format!("a.commune_id IN ({})", list.join(",")));
            }
            if query.codes.iter().any(|c| c.eq_ignore_ascii_case(word)) {
                let code = bind(Value::Text(word.to_ascii_uppercase()));
                alternatives.push(format!("a.code = {code}"));
            }
            conditions.push(format!("({})", alternatives.join(" OR ")));
        }
        // First the ids, from the covering index alone (attendee_search); then the rows.
        let sql = format!(
            "SELECT a.id FROM attendee a WHERE {} LIMIT {CANDIDATES}",
            conditions.join(" AND ")
        );
        let mut st = self.tx.prepare(&sql)?;
        let ids = st
            .query_map(params_from_iter(values), |r| r.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.search_rows(&format!("a.id IN ({})", list.join(",")), Vec::new())
    }

    /// Attendees whose scanned name was damaged (at most 2,000), for search to match by spelling.
    pub fn damaged_name_rows(&self) -> FairResult<Vec<SearchRow>> {
        self.search_rows(
            &format!("a.name_needs_confirmation = 1 LIMIT {DAMAGED}"),
            Vec::new(),
        )
    }

    /// Possible duplicates of a new registration: the same folded name and birth year, the
    /// same phone, or the same ID number.
    pub fn possible_duplicates(
        &self,
        name_folded: &str,
        birth_year: i32,
        phone: Option<&str>,
        id_number: Option<&str>,
    ) -> FairResult<Vec<SearchRow>> {
        self.search_rows(
            "(a.name_folded = ?1 AND a.birth_year = ?2)
             OR (?3 IS NOT NULL AND a.phone = ?3)
             OR (?4 IS NOT NULL AND a.id_number = ?4)
             ORDER BY a.id LIMIT 20",
            vec![
                Value::Text(name_folded.to_string()),
                Value::Integer(i64::from(birth_year)),
                phone.map_or(Value::Null, |p| Value::Text(p.to_string())),
                id_number.map_or(Value::Null, |n| Value::Text(n.to_string())),
            ],
        )
    }

    /// The search row of one attendee.
    pub fn search_row(&self, attendee_id: i64) -> FairResult<Option<SearchRow>> {
        Ok(self
            .search_rows("a.id = ?1", vec![Value::Integer(attendee_id)])?
            .pop())
    }

    /// The attendee's first entry between `from` and `to` (a local day), if any.
    pub fn first_entry_between(
        &self,
        attendee_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> FairResult<Option<DateTime<Utc>>> {
        let at: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT MIN(at) FROM checkin WHERE attendee_id = ?1 AND direction = 'in'
                   AND at >= ?2 AND at < ?3",
            )?
            .query_row(params![attendee_id, to_ms(from), to_ms(to)], |r| r.get(0))
            .optional()?
            .flatten();
        Ok(at.map(from_ms))
    }

    /// Whether the attendee's latest entry or exit between `from` and `to` was an entry.
    pub fn inside_between(
        &self,
        attendee_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> FairResult<bool> {
        let direction: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT direction FROM checkin WHERE attendee_id = ?1 AND at >= ?2 AND at < ?3
                 ORDER BY at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![attendee_id, to_ms(from), to_ms(to)], |r| r.get(0))
            .optional()?;
        Ok(direction.as_deref() == Some("in"))
    }

    /// The commune typed for an attendee whose commune is not on the event's list.
    pub fn commune_other(&self, attendee_id: i64) -> FairResult<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT name FROM attendee_commune_other WHERE attendee_id = ?1")?
            .query_row([attendee_id], |r| r.get(0))
            .optional()?)
    }

    /// Sets (or, with `None`, clears) the commune typed outside the list.
    pub fn set_commune_other(&self, attendee_id: i64, name: Option<&str>) -> FairResult<()> {
        match name {
            Some(name) => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO attendee_commune_other (attendee_id, name, folded)
                         VALUES (?1, ?2, ?3)
                         ON CONFLICT (attendee_id) DO UPDATE SET name = ?2, folded = ?3",
                    )?
                    .execute(params![attendee_id, name, fold(name)])?;
            }
            None => {
                self.tx
                    .prepare_cached("DELETE FROM attendee_commune_other WHERE attendee_id = ?1")?
                    .execute([attendee_id])?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::store::schema::MIGRATIONS;

    #[test]
    fn tokens_issued_before_the_help_desk_migration_survive_it_and_helpdesk_tokens_fit() {
        let mut conn = Connection::open_in_memory().unwrap();
        let mine = MIGRATIONS
            .iter()
            .position(|m| m.contains("CREATE TABLE token_new"))
            .unwrap();
        let tx = conn.transaction().unwrap();
        for migration in &MIGRATIONS[..mine] {
            tx.execute_batch(migration).unwrap();
        }
        tx.execute(
            "INSERT INTO token (hash, role, booth, created_at) VALUES ('h1', 'booth', 'A', 1)",
            [],
        )
        .unwrap();
        assert!(
            tx.execute(
                "INSERT INTO token (hash, role, created_at) VALUES ('h2', 'helpdesk', 1)",
                [],
            )
            .is_err()
        );
        tx.execute_batch(MIGRATIONS[mine]).unwrap();
        let kept: (String, String) = tx
            .query_row("SELECT role, booth FROM token WHERE hash = 'h1'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kept, ("booth".to_string(), "A".to_string()));
        tx.execute(
            "INSERT INTO token (hash, role, created_at) VALUES ('h2', 'helpdesk', 1)",
            [],
        )
        .unwrap();
        // The booth rule still holds.
        assert!(
            tx.execute(
                "INSERT INTO token (hash, role, created_at) VALUES ('h3', 'booth', 1)",
                [],
            )
            .is_err()
        );
    }
}
