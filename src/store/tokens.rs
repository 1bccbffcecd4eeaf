//! Station tokens for the hub, and the lookups the hub needs to decide whether a booth's
//! token may act on a desk or a ticket, or read an attendee. Codes arrive canonical
//! ([`crate::domain::code::normalise_code`]) and are matched exactly.
//!
//! Only the SHA-256 hash of a token is stored (the caller hashes); the token itself never
//! reaches the database or a log. The hub keeps its own connection for these lookups so that
//! authorising a request never waits behind the engine's writer lock: in WAL mode readers and
//! the writer do not block each other.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{from_ms, schema, to_ms};
use crate::api::FairResult;

/// One station token as stored (the hash, never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRow {
    pub id: i64,
    /// `kiosk`, `booth`, `board` or `organiser`.
    pub role: String,
    /// The booth a `booth` token belongs to.
    pub booth: Option<String>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the token stops working; `None` never (tokens issued before issue 17).
    pub expires_at: Option<DateTime<Utc>>,
    /// The address range the token may be used from (`192.168.1.0/24`); `None` anywhere.
    pub allowed_from: Option<String>,
}

/// The token table and the scope lookups, on their own connection.
pub struct TokenStore {
    conn: Connection,
    /// Desks' booths already read: a desk never moves to another booth (no statement
    /// changes `desk.booth_id`, and desks are closed, never deleted), so a booth's every
    /// call and action is authorised without a lookup after its first.
    desk_booths: std::cell::RefCell<std::collections::HashMap<String, String>>,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TokenRow> {
    Ok(TokenRow {
        id: r.get(0)?,
        role: r.get(1)?,
        booth: r.get(2)?,
        created_at: from_ms(r.get(3)?),
        revoked_at: r.get::<_, Option<i64>>(4)?.map(from_ms),
        expires_at: r.get::<_, Option<i64>>(5)?.map(from_ms),
        allowed_from: r.get(6)?,
    })
}

impl TokenStore {
    /// Opens the event database at `path` for token work (migrating it if needed).
    pub fn open(path: &Path) -> FairResult<Self> {
        let mut conn = super::private::open_database(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn,
            desk_booths: Default::default(),
        })
    }

    /// The event's date and UTC offset in minutes, for a token's end of the event day.
    pub fn event_day(&self) -> FairResult<Option<(chrono::NaiveDate, i32)>> {
        let row: Option<(String, i32)> = self
            .conn
            .prepare_cached("SELECT date, utc_offset_min FROM event LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.and_then(|(date, offset)| date.parse().ok().map(|date| (date, offset))))
    }

    /// Stores a new token's hash; returns its id.
    pub fn insert(
        &self,
        hash: &str,
        role: &str,
        booth: Option<&str>,
        at: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
        allowed_from: Option<&str>,
    ) -> FairResult<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO token (hash, role, booth, created_at, expires_at, allowed_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                hash,
                role,
                booth,
                to_ms(at),
                expires_at.map(to_ms),
                allowed_from
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The token with this hash, revoked or not.
    pub fn by_hash(&self, hash: &str) -> FairResult<Option<TokenRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, role, booth, created_at, revoked_at, expires_at, allowed_from FROM token WHERE hash = ?1",
            )?
            .query_row([hash], row)
            .optional()?)
    }

    /// A summary of the token table that changes whenever a token is issued, revoked,
    /// deleted or given another expiry or range, whichever process did it: the hub's token
    /// cache is emptied when it moves. The table holds tens of rows, so reading it whole is
    /// cheap.
    pub fn fingerprint(&self) -> FairResult<(i64, i64, i64, i64, i64)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(MAX(id), 0), COUNT(revoked_at),
                    COALESCE(SUM(revoked_at), 0), COALESCE(SUM(expires_at), 0)
                        + COALESCE(SUM(length(allowed_from)), 0)
                 FROM token",
            )?
            .query_row([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?)
    }

    /// Every token, oldest first.
    pub fn list(&self) -> FairResult<Vec<TokenRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, role, booth, created_at, revoked_at, expires_at, allowed_from FROM token ORDER BY id",
        )?;
        let rows = st.query_map([], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes token `id`; returns whether such a token exists. Revoking twice keeps the
    /// first time.
    pub fn revoke(&self, id: i64, at: DateTime<Utc>) -> FairResult<Option<TokenRow>> {
        self.conn
            .prepare_cached("UPDATE token SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1")?
            .execute(params![id, to_ms(at)])?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, role, booth, created_at, revoked_at, expires_at, allowed_from FROM token WHERE id = ?1",
            )?
            .query_row([id], row)
            .optional()?)
    }

    /// Whether a booth with this code exists.
    pub fn booth_exists(&self, code: &str) -> FairResult<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM booth WHERE code = ?1")?
            .query_row([code], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The code of the booth a desk belongs to.
    pub fn booth_of_desk(&self, desk: &str) -> FairResult<Option<String>> {
        if let Some(booth) = self.cached_booth_of_desk(desk) {
            return Ok(Some(booth));
        }
        let booth: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT b.code FROM desk d JOIN booth b ON b.id = d.booth_id WHERE d.code = ?1",
            )?
            .query_row([desk], |r| r.get(0))
            .optional()?;
        if let Some(booth) = &booth {
            self.desk_booths
                .borrow_mut()
                .insert(desk.to_string(), booth.clone());
        }
        Ok(booth)
    }

    /// The desk's booth if [`TokenStore::booth_of_desk`] read it before.
    pub fn cached_booth_of_desk(&self, desk: &str) -> Option<String> {
        self.desk_booths.borrow().get(desk).cloned()
    }

    /// Whether the attendee with registration code `attendee` holds or held a ticket (in any
    /// state, transferred away too) at the booth with code `booth`.
    pub fn attendee_had_ticket_at(&self, attendee: &str, booth: &str) -> FairResult<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM ticket t
                 JOIN attendee a ON a.id = t.attendee_id
                 JOIN booth b ON b.id = t.booth_id
                 WHERE a.code = ?1 AND b.code = ?2 LIMIT 1",
            )?
            .query_row([attendee, booth], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The code of the booth a ticket belongs to.
    pub fn booth_of_ticket(&self, number: &str) -> FairResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT b.code FROM ticket t JOIN booth b ON b.id = t.booth_id
                 WHERE t.number = ?1",
            )?
            .query_row([number], |r| r.get(0))
            .optional()?)
    }
}
