//! A kiosk's local outbox: check-ins taken while the hub could not be reached, kept in their
//! own small SQLite file until they have been delivered.
//!
//! Invariants: rows are delivered in `id` order; each carries a unique idempotency key that
//! travels with every attempt, so a delivery the hub committed but whose reply was lost is
//! answered from the hub's idempotency table instead of checking in twice. A row is marked
//! delivered only after the hub's reply arrived, in a synchronous=FULL transaction.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{from_ms, to_ms};
use crate::api::FairResult;

const OUTBOX_MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        request TEXT NOT NULL,
        queued_at INTEGER NOT NULL,
        delivered_at INTEGER,
        -- The hub's reply (a CheckinOutcome) or, if the hub refused, the error's JSON.
        reply TEXT
    );
    CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;
    "#,
    // 2: the organiser PIN the hub last accepted at this kiosk, salted and hashed, so the
    // kiosk's menu (and closing the kiosk) still opens while the hub is away.
    r#"
    CREATE TABLE remembered_pin (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hash TEXT NOT NULL
    );
    "#,
];

/// One queued check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    /// The idempotency key sent with every attempt.
    pub key: String,
    /// The `CheckinRequest` as JSON.
    pub request: String,
    pub queued_at: DateTime<Utc>,
}

/// The outbox file.
pub struct OutboxStore {
    conn: Connection,
}

impl OutboxStore {
    /// Opens (creating if needed) the outbox at `path`.
    pub fn open(path: &Path) -> FairResult<Self> {
        let mut conn = super::private::open_database(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let version = usize::try_from(version).unwrap_or(0);
        for migration in OUTBOX_MIGRATIONS.iter().skip(version) {
            tx.execute_batch(migration)?;
        }
        let latest = i64::try_from(OUTBOX_MIGRATIONS.len()).unwrap_or(i64::MAX);
        tx.pragma_update(None, "user_version", latest)?;
        tx.commit()?;
        Ok(Self { conn })
    }

    /// Queues one request under `key`.
    pub fn push(&self, key: &str, request: &str, at: DateTime<Utc>) -> FairResult<i64> {
        self.conn
            .prepare_cached("INSERT INTO outbox (key, request, queued_at) VALUES (?1, ?2, ?3)")?
            .execute(params![key, request, to_ms(at)])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The oldest undelivered item.
    pub fn first_pending(&self) -> FairResult<Option<OutboxItem>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, key, request, queued_at FROM outbox
                 WHERE delivered_at IS NULL ORDER BY id LIMIT 1",
            )?
            .query_row([], |r| {
                Ok(OutboxItem {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    request: r.get(2)?,
                    queued_at: from_ms(r.get(3)?),
                })
            })
            .optional()?)
    }

    /// How many items wait for delivery.
    pub fn pending_count(&self) -> FairResult<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Marks item `id` delivered with the hub's `reply`.
    pub fn mark_delivered(&self, id: i64, reply: &str, at: DateTime<Utc>) -> FairResult<()> {
        self.conn
            .prepare_cached("UPDATE outbox SET delivered_at = ?2, reply = ?3 WHERE id = ?1")?
            .execute(params![id, to_ms(at), reply])?;
        Ok(())
    }

    /// The salted hash of the PIN the hub last accepted here, if any.
    pub fn remembered_pin(&self) -> FairResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT hash FROM remembered_pin WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?)
    }

    /// Remembers `hash` as the accepted PIN's, or forgets it with `None`.
    pub fn set_remembered_pin(&self, hash: Option<&str>) -> FairResult<()> {
        match hash {
            Some(hash) => self.conn.execute(
                "INSERT OR REPLACE INTO remembered_pin (id, hash) VALUES (1, ?1)",
                [hash],
            )?,
            None => self.conn.execute("DELETE FROM remembered_pin", [])?,
        };
        Ok(())
    }

    /// The stored reply of a delivered item, by key.
    pub fn reply(&self, key: &str) -> FairResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT reply FROM outbox WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?
            .flatten())
    }
}
