//! `fairdesk sync`: copying one fair's file into the central database.
//!
//! The fair is identified by its event code and a fingerprint of its first log row
//! (`Tx::fair_fingerprint`); a different fair with the same code is refused. What is copied
//! is read in batches from one SQLite snapshot each: up to `batch_rows` log rows after the
//! fair's log watermark, up to as many new check-ins, attendees and tickets (by row id, each
//! with its own watermark: imports and synthetic days add rows without log rows), the older
//! attendees and tickets the new log rows changed (as they are now), and the event header,
//! communes, booths and vacancies (small, replaced whole). Each batch is applied in ONE
//! PostgreSQL transaction that also moves the fair's watermarks (`fair.synced_*`), so:
//!
//! - running sync again with nothing new reads two numbers and writes nothing (idempotent);
//! - only rows after the watermark are read and sent (incremental);
//! - a sync killed half-way leaves whole batches behind and the next run carries on from the
//!   last committed one (resumable); a batch is never half-applied.
//!
//! Two syncs of one fair at once (the hub's background sync and a manual one) serialise on
//! the fair row (`SELECT … FOR UPDATE`); the one that finds the watermark moved re-reads.
//!
//! The person payloads of `attendee_*` log rows (household, ethnicity, birth date, commune)
//! are not copied into the central log: the attendee table has them, and keeping personal
//! data in one table is what lets a reporting role be granted the aggregates alone.
//!
//! With `--pseudonymous` ([`super::pseudonym`]) the attendee rows carry keyed hashes of the ID
//! number and phone, no name and no birth date. A fair keeps the mode it was first synced
//! with: switching would leave identities beside hashes, so it is refused.
//!
//! Follow-ups imported into the fair's file (`followup import --db`) go along with every
//! batch, upserted by person, so the central report counts the same jobs.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::{Client, Transaction};
use serde::Serialize;
use serde_json::{Value, json};

use super::pseudonym::{self, PseudonymKey};
use super::{CentralError, connect, schema};
use crate::domain::event::EventInfo;
use crate::store::{
    FollowupRow, RawAttendee, RawBooth, RawCheckin, RawLogRow, RawTicket, RawVacancy, Store,
    SyncedTable,
};

/// How much one batch carries by default: big enough that a 100,000-person fair goes in a few
/// dozen transactions, small enough that a killed sync loses seconds of work.
pub const DEFAULT_BATCH_ROWS: usize = 50_000;

/// What one run of `sync` did; printed as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    pub event_code: String,
    /// Transactions committed by this run (0 when there was nothing new).
    pub batches: u32,
    pub log_rows: u64,
    pub checkins: u64,
    /// Attendee and ticket rows written: one changed again later in the run, or both
    /// registered in one batch's log and listed by id in another, counts each time.
    pub attendees: u64,
    pub tickets: u64,
    /// The fair's log sequence now in the central database.
    pub synced_seq: i64,
}

/// How to sync.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Log rows (and check-ins, attendees, tickets) per transaction.
    pub batch_rows: usize,
    /// Send keyed hashes instead of identities (`--pseudonymous`).
    pub pseudonym_key: Option<PseudonymKey>,
}

impl SyncOptions {
    /// Identities as they are, in batches of `batch_rows`.
    pub fn plain(batch_rows: usize) -> Self {
        Self {
            batch_rows,
            pseudonym_key: None,
        }
    }
}

/// Opens the fair's file and the central database, applies the central migrations and copies
/// what is new. A fair file of an older fairdesk is brought up to date first (in one
/// transaction, as every fairdesk command does); one of a newer fairdesk is refused.
pub fn sync(db: &Path, url: &str, batch_rows: usize) -> Result<SyncSummary, CentralError> {
    sync_with(db, url, &SyncOptions::plain(batch_rows))
}

/// [`sync`] with every option.
pub fn sync_with(db: &Path, url: &str, options: &SyncOptions) -> Result<SyncSummary, CentralError> {
    let mut store = open_fair(db)?;
    let mut client = connect(url)?;
    schema::migrate(&mut client)?;
    sync_store_with(&mut store, &mut client, options)
}

/// Opens an existing fair file for reading by `sync` or the programme report.
pub fn open_fair(db: &Path) -> Result<Store, CentralError> {
    if !db.is_file() {
        return Err(CentralError::Fair(format!(
            "{} does not exist or is not a file",
            db.display()
        )));
    }
    let version: i64 = rusqlite::Connection::open(db)?
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| {
            CentralError::Fair(format!("{}: not a fairdesk database ({e})", db.display()))
        })?;
    let known = crate::store::schema::MIGRATIONS.len();
    if usize::try_from(version).unwrap_or(0) > known {
        return Err(CentralError::Fair(format!(
            "{} was made by a newer fairdesk (schema {version}, this one knows {known}); update fairdesk",
            db.display()
        )));
    }
    let mut store = Store::open(db).map_err(|e| {
        CentralError::Fair(format!("{}: not a fairdesk database ({e})", db.display()))
    })?;
    if !store.has_event()? {
        return Err(CentralError::Fair(format!(
            "{} holds no event (run `fairdesk init` first)",
            db.display()
        )));
    }
    Ok(store)
}

/// How far the central database has the fair: the last log row, check-in, attendee and
/// ticket copied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Marks {
    seq: i64,
    checkin: i64,
    attendee: i64,
    ticket: i64,
}

/// One batch as read from one SQLite snapshot.
struct Batch {
    event: EventInfo,
    upto: Marks,
    log: Vec<RawLogRow>,
    checkins: Vec<RawCheckin>,
    attendees: Vec<RawAttendee>,
    tickets: Vec<RawTicket>,
    booths: Vec<RawBooth>,
    vacancies: Vec<RawVacancy>,
    /// Every follow-up on file (a few per person at most, upserted by person).
    followups: Vec<FollowupRow>,
}

/// The fair's row in the central database and its watermarks.
struct FairRow {
    id: i64,
    marks: Marks,
}

/// The next stretch of one stream: `(after, after + n]`, within what the file holds.
fn next_upto(after: i64, max: i64, n: i64) -> i64 {
    max.min(after.saturating_add(n)).max(after)
}

/// Reads the next batch after `after` from one snapshot, or `None` when nothing is new.
fn read_batch(store: &mut Store, after: Marks, n: i64) -> Result<Option<Batch>, CentralError> {
    Ok(store.read(|tx| {
        let max = Marks {
            seq: i64::try_from(tx.change_counter()?).unwrap_or(i64::MAX),
            checkin: tx.max_row_id(SyncedTable::Checkin)?,
            attendee: tx.max_row_id(SyncedTable::Attendee)?,
            ticket: tx.max_row_id(SyncedTable::Ticket)?,
        };
        if max.seq <= after.seq
            && max.checkin <= after.checkin
            && max.attendee <= after.attendee
            && max.ticket <= after.ticket
        {
            return Ok(None);
        }
        let upto = Marks {
            seq: next_upto(after.seq, max.seq, n),
            checkin: next_upto(after.checkin, max.checkin, n),
            attendee: next_upto(after.attendee, max.attendee, n),
            ticket: next_upto(after.ticket, max.ticket, n),
        };
        let log = tx.raw_log_between(after.seq, upto.seq)?;
        // New rows by id, and the older ones the new log rows changed.
        let mut attendee_ids: BTreeSet<i64> = log.iter().filter_map(|r| r.attendee_id).collect();
        attendee_ids.extend(tx.row_ids_between(
            SyncedTable::Attendee,
            after.attendee,
            upto.attendee,
        )?);
        let mut ticket_ids: BTreeSet<i64> = log.iter().filter_map(|r| r.ticket_id).collect();
        ticket_ids.extend(tx.row_ids_between(SyncedTable::Ticket, after.ticket, upto.ticket)?);
        Ok(Some(Batch {
            event: tx.event()?,
            upto,
            checkins: tx.raw_checkins_between(after.checkin, upto.checkin)?,
            attendees: tx.raw_attendees(&attendee_ids.into_iter().collect::<Vec<_>>())?,
            tickets: tx.raw_tickets(&ticket_ids.into_iter().collect::<Vec<_>>())?,
            booths: tx.raw_booths()?,
            vacancies: tx.raw_vacancies()?,
            // Only people already in the central database by the end of this batch (a
            // follow-up's person must be there): the rest go with a later batch, which sends
            // them all again.
            followups: tx
                .followups()?
                .into_iter()
                .filter(|f| f.attendee_id <= upto.attendee)
                .collect(),
            log,
        }))
    })?)
}

/// Copies what is new in `store` into the central database behind `client` (migrated),
/// sending people as `options` says.
pub fn sync_store_with(
    store: &mut Store,
    client: &mut Client,
    options: &SyncOptions,
) -> Result<SyncSummary, CentralError> {
    let n = i64::try_from(options.batch_rows.max(1)).unwrap_or(i64::MAX);
    let key = options.pseudonym_key.as_ref();
    let (event, fingerprint) = store.read(|tx| Ok((tx.event()?, tx.fair_fingerprint()?)))?;
    let fingerprint =
        fingerprint.ok_or_else(|| CentralError::Fair("the fair's file has no log".into()))?;
    let mut summary = SyncSummary {
        event_code: event.code.clone(),
        ..SyncSummary::default()
    };
    let mut fair = register(client, &event, &fingerprint, key.is_some())?;
    while let Some(batch) = read_batch(store, fair.marks, n)? {
        if apply(client, &fair, &batch, key)? {
            summary.batches += 1;
            summary.log_rows += batch.log.len() as u64;
            summary.checkins += batch.checkins.len() as u64;
            summary.attendees += batch.attendees.len() as u64;
            summary.tickets += batch.tickets.len() as u64;
        }
        // Either way the watermarks in the central database are the truth: read them again.
        fair = register(client, &event, &fingerprint, key.is_some())?;
    }
    summary.synced_seq = fair.marks.seq;
    Ok(summary)
}

const MARKS: &str = "synced_seq, synced_checkin, synced_attendee, synced_ticket";

fn marks_of(row: &postgres::Row, first: usize) -> Marks {
    Marks {
        seq: row.get(first),
        checkin: row.get(first + 1),
        attendee: row.get(first + 2),
        ticket: row.get(first + 3),
    }
}

/// Finds the fair's row by event code, creating it on first use; refuses a different fair
/// that holds the code, and a sync in the other mode than the fair's first (`pseudonymous`).
fn register(
    client: &mut Client,
    event: &EventInfo,
    fingerprint: &str,
    pseudonymous: bool,
) -> Result<FairRow, CentralError> {
    let mut tx = client.transaction()?;
    tx.execute(
        "INSERT INTO fair (code, fingerprint, name, venue, date, kind, place, organiser,
                           utc_offset_min, pseudonymous)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (code) DO NOTHING",
        &[
            &event.code,
            &fingerprint,
            &event.name,
            &event.venue,
            &event.date,
            &event.kind.as_str(),
            &event.place,
            &event.organiser,
            &event.utc_offset_min,
            &pseudonymous,
        ],
    )?;
    let row = tx.query_one(
        &format!(
            "SELECT id, fingerprint, name, date, {MARKS}, pseudonymous FROM fair WHERE code = $1"
        ),
        &[&event.code],
    )?;
    let theirs: String = row.get(1);
    if theirs != fingerprint {
        let date: NaiveDate = row.get(3);
        return Err(CentralError::CodeTaken {
            code: event.code.clone(),
            name: row.get(2),
            date: date.to_string(),
        });
    }
    let fair = FairRow {
        id: row.get(0),
        marks: marks_of(&row, 4),
    };
    let theirs: bool = row.get(8);
    if theirs != pseudonymous {
        return Err(CentralError::PseudonymMode {
            code: event.code.clone(),
            pseudonymous: theirs,
        });
    }
    tx.commit()?;
    Ok(fair)
}

/// Applies one batch in one transaction. `false` when another sync moved the watermarks
/// first (nothing is written then).
fn apply(
    client: &mut Client,
    fair: &FairRow,
    batch: &Batch,
    key: Option<&PseudonymKey>,
) -> Result<bool, CentralError> {
    let mut tx = client.transaction()?;
    let row = tx.query_one(
        &format!("SELECT {MARKS} FROM fair WHERE id = $1 FOR UPDATE"),
        &[&fair.id],
    )?;
    if marks_of(&row, 0) != fair.marks {
        return Ok(false);
    }
    let e = &batch.event;
    let upto = batch.upto;
    tx.execute(
        "UPDATE fair SET name = $2, venue = $3, date = $4, kind = $5, place = $6,
                         organiser = $7, utc_offset_min = $8, synced_seq = $9,
                         synced_checkin = $10, synced_attendee = $11, synced_ticket = $12,
                         synced_at = $13
         WHERE id = $1",
        &[
            &fair.id,
            &e.name,
            &e.venue,
            &e.date,
            &e.kind.as_str(),
            &e.place,
            &e.organiser,
            &e.utc_offset_min,
            &upto.seq,
            &upto.checkin,
            &upto.attendee,
            &upto.ticket,
            &Utc::now().timestamp_millis(),
        ],
    )?;
    replace_setup(&mut tx, fair.id, batch)?;
    upsert_attendees(&mut tx, fair.id, &batch.attendees, e.date, key)?;
    upsert_tickets(&mut tx, fair.id, &batch.tickets)?;
    copy_checkins(&mut tx, fair.id, &batch.checkins)?;
    copy_log(&mut tx, fair.id, &batch.log)?;
    // After the attendees: a follow-up's person must be in the central database.
    super::followup::put_central(&mut tx, fair.id, &batch.followups)?;
    tx.commit()?;
    Ok(true)
}

/// Communes, booths and vacancies: a few hundred rows, replaced whole.
fn replace_setup(
    tx: &mut Transaction<'_>,
    fair_id: i64,
    batch: &Batch,
) -> Result<(), CentralError> {
    tx.execute("DELETE FROM commune WHERE fair_id = $1", &[&fair_id])?;
    tx.execute("DELETE FROM booth WHERE fair_id = $1", &[&fair_id])?;
    tx.execute("DELETE FROM vacancy WHERE fair_id = $1", &[&fair_id])?;
    let st = tx.prepare("INSERT INTO commune (fair_id, id, name) VALUES ($1, $2, $3)")?;
    for c in &batch.event.communes {
        tx.execute(&st, &[&fair_id, &c.id, &c.name])?;
    }
    let st = tx.prepare(
        "INSERT INTO booth (fair_id, id, code, kind, name, sectors) VALUES ($1, $2, $3, $4, $5, $6)",
    )?;
    for b in &batch.booths {
        tx.execute(
            &st,
            &[&fair_id, &b.id, &b.code, &b.kind, &b.name, &b.sectors],
        )?;
    }
    let st = tx.prepare(
        "INSERT INTO vacancy (fair_id, id, booth_id, title, count) VALUES ($1, $2, $3, $4, $5)",
    )?;
    for v in &batch.vacancies {
        tx.execute(&st, &[&fair_id, &v.id, &v.booth_id, &v.title, &v.count])?;
    }
    Ok(())
}

fn upsert_attendees(
    tx: &mut Transaction<'_>,
    fair_id: i64,
    rows: &[RawAttendee],
    fair_date: NaiveDate,
    key: Option<&PseudonymKey>,
) -> Result<(), CentralError> {
    if rows.is_empty() {
        return Ok(());
    }
    tx.batch_execute("CREATE TEMP TABLE sync_attendee (LIKE attendee) ON COMMIT DROP")?;
    let sink = tx.copy_in(
        "COPY sync_attendee (fair_id, id, code, id_number, phone, full_name, birth_date,
            birth_year, gender, commune_id, household, ethnic_minority, education, interests,
            source, created_at, commune_outside) FROM STDIN BINARY",
    )?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::DATE,
        Type::INT4,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::BOOL,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let no_name = String::new();
    for a in rows {
        let mut birth_date: Option<NaiveDate> =
            a.birth_date.as_deref().and_then(|d| d.parse().ok());
        let (mut id_number, mut phone, mut full_name, mut birth_year) = (
            a.id_number.clone(),
            a.phone.clone(),
            &a.full_name,
            a.birth_year,
        );
        if let Some(key) = key {
            let hashed = |what: &str, v: &Option<String>| {
                v.as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(|v| key.hash(what, v))
            };
            id_number = hashed("id_number", &a.id_number);
            phone = hashed("phone", &a.phone);
            full_name = &no_name;
            birth_year = pseudonym::birth_year_for(fair_date, birth_date, a.birth_year);
            birth_date = None;
        }
        let values: [&(dyn ToSql + Sync); 17] = [
            &fair_id,
            &a.id,
            &a.code,
            &id_number,
            &phone,
            full_name,
            &birth_date,
            &birth_year,
            &a.gender,
            &a.commune_id,
            &a.household,
            &a.ethnic_minority,
            &a.education,
            &a.interests,
            &a.source,
            &a.created_at_ms,
            &a.commune_outside,
        ];
        writer.write(&values)?;
    }
    writer.finish()?;
    tx.batch_execute(
        "INSERT INTO attendee SELECT * FROM sync_attendee
         ON CONFLICT (fair_id, id) DO UPDATE SET
            code = EXCLUDED.code, id_number = EXCLUDED.id_number, phone = EXCLUDED.phone,
            full_name = EXCLUDED.full_name, birth_date = EXCLUDED.birth_date,
            birth_year = EXCLUDED.birth_year, gender = EXCLUDED.gender,
            commune_id = EXCLUDED.commune_id, household = EXCLUDED.household,
            ethnic_minority = EXCLUDED.ethnic_minority, education = EXCLUDED.education,
            interests = EXCLUDED.interests, source = EXCLUDED.source,
            created_at = EXCLUDED.created_at, commune_outside = EXCLUDED.commune_outside;
         DROP TABLE sync_attendee;",
    )?;
    Ok(())
}

fn upsert_tickets(
    tx: &mut Transaction<'_>,
    fair_id: i64,
    rows: &[RawTicket],
) -> Result<(), CentralError> {
    if rows.is_empty() {
        return Ok(());
    }
    tx.batch_execute("CREATE TEMP TABLE sync_ticket (LIKE ticket) ON COMMIT DROP")?;
    let sink = tx.copy_in(
        "COPY sync_ticket (fair_id, id, booth_id, attendee_id, state, issued_at,
            first_called_at, started_at, finished_at, outcome) FROM STDIN BINARY",
    )?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for t in rows {
        let values: [&(dyn ToSql + Sync); 10] = [
            &fair_id,
            &t.id,
            &t.booth_id,
            &t.attendee_id,
            &t.state,
            &t.issued_at_ms,
            &t.first_called_at_ms,
            &t.started_at_ms,
            &t.finished_at_ms,
            &t.outcome,
        ];
        writer.write(&values)?;
    }
    writer.finish()?;
    tx.batch_execute(
        "INSERT INTO ticket SELECT * FROM sync_ticket
         ON CONFLICT (fair_id, id) DO UPDATE SET
            booth_id = EXCLUDED.booth_id, attendee_id = EXCLUDED.attendee_id,
            state = EXCLUDED.state, issued_at = EXCLUDED.issued_at,
            first_called_at = EXCLUDED.first_called_at, started_at = EXCLUDED.started_at,
            finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome;
         DROP TABLE sync_ticket;",
    )?;
    Ok(())
}

/// Check-ins after the watermark are new: the watermark moves in this same transaction.
fn copy_checkins(
    tx: &mut Transaction<'_>,
    fair_id: i64,
    rows: &[RawCheckin],
) -> Result<(), CentralError> {
    if rows.is_empty() {
        return Ok(());
    }
    let sink =
        tx.copy_in("COPY checkin (fair_id, id, attendee_id, at, direction) FROM STDIN BINARY")?;
    let types = [Type::INT8, Type::INT8, Type::INT8, Type::INT8, Type::TEXT];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for c in rows {
        writer.write(&[&fair_id, &c.id, &c.attendee_id, &c.at_ms, &c.direction])?;
    }
    writer.finish()?;
    Ok(())
}

/// Whether a log kind's payload describes a person (kept only in the attendee table).
fn carries_person(kind: &str) -> bool {
    kind.starts_with("attendee_")
}

fn copy_log(
    tx: &mut Transaction<'_>,
    fair_id: i64,
    rows: &[RawLogRow],
) -> Result<(), CentralError> {
    if rows.is_empty() {
        return Ok(());
    }
    let sink = tx.copy_in(
        "COPY log (fair_id, seq, at, kind, station, attendee_id, ticket_id, booth_id, desk_id,
            data) FROM STDIN BINARY",
    )?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::JSONB,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let empty = json!({});
    for r in rows {
        let data: &Value = if carries_person(&r.kind) {
            &empty
        } else {
            &r.data
        };
        writer.write(&[
            &fair_id,
            &r.seq,
            &r.at_ms,
            &r.kind,
            &r.station,
            &r.attendee_id,
            &r.ticket_id,
            &r.booth_id,
            &r.desk_id,
            data,
        ])?;
    }
    writer.finish()?;
    Ok(())
}
