//! Schema migrations, keyed on `PRAGMA user_version`.
//!
//! Entry `i` of [`MIGRATIONS`] takes the schema from version `i` to `i + 1`. Never remove or
//! reorder entries: a database made by an older fairdesk is upgraded by running the entries it
//! has not seen, in one transaction.
//!
//! Times are INTEGER milliseconds since the Unix epoch, UTC. Enums are stored as their
//! `as_str` text.

use rusqlite::Connection;

/// The migrations, oldest first.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE event (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        venue TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL DEFAULT 420,
        opens TEXT NOT NULL DEFAULT '07:30',
        closes TEXT NOT NULL DEFAULT '11:30',
        max_open_tickets INTEGER NOT NULL DEFAULT 3,
        noshow_grace_s INTEGER NOT NULL DEFAULT 120,
        idle_timeout_s INTEGER NOT NULL DEFAULT 20,
        default_service_s INTEGER NOT NULL DEFAULT 240,
        show_household_to_booths INTEGER NOT NULL DEFAULT 0,
        pin_hash TEXT NOT NULL
    );
    CREATE TABLE commune (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        folded TEXT NOT NULL UNIQUE
    );
    CREATE TABLE commune_alias (
        folded TEXT PRIMARY KEY,
        commune_id INTEGER NOT NULL REFERENCES commune(id)
    );
    CREATE TABLE attendee (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        id_number TEXT UNIQUE,
        phone TEXT,
        full_name TEXT NOT NULL,
        name_folded TEXT NOT NULL,
        birth_date TEXT,
        birth_year INTEGER,
        gender TEXT,
        commune_id INTEGER REFERENCES commune(id),
        household TEXT NOT NULL DEFAULT 'unknown',
        ethnic_minority TEXT NOT NULL DEFAULT 'unknown',
        education TEXT,
        interests TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        name_needs_confirmation INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX attendee_phone ON attendee(phone);
    CREATE INDEX attendee_name ON attendee(name_folded);
    CREATE TABLE booth (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        sectors TEXT NOT NULL DEFAULT '',
        topic TEXT,
        open INTEGER NOT NULL DEFAULT 1,
        next_seq INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE desk (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        booth_id INTEGER NOT NULL REFERENCES booth(id),
        label TEXT NOT NULL,
        open INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE vacancy (
        id INTEGER PRIMARY KEY,
        booth_id INTEGER NOT NULL REFERENCES booth(id),
        title TEXT NOT NULL,
        count INTEGER NOT NULL,
        requirements TEXT NOT NULL DEFAULT '',
        wage TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE checkin (
        id INTEGER PRIMARY KEY,
        attendee_id INTEGER NOT NULL REFERENCES attendee(id),
        at INTEGER NOT NULL,
        direction TEXT NOT NULL,
        method TEXT NOT NULL,
        station TEXT,
        first_of_day INTEGER NOT NULL
    );
    CREATE INDEX checkin_attendee ON checkin(attendee_id, at);
    CREATE INDEX checkin_at ON checkin(at);
    CREATE TABLE ticket (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        booth_id INTEGER NOT NULL REFERENCES booth(id),
        seq INTEGER NOT NULL,
        attendee_id INTEGER NOT NULL REFERENCES attendee(id),
        state TEXT NOT NULL,
        desk_id INTEGER REFERENCES desk(id),
        issued_at INTEGER NOT NULL,
        queued_at INTEGER NOT NULL,
        first_called_at INTEGER,
        called_at INTEGER,
        started_at INTEGER,
        finished_at INTEGER,
        recall_count INTEGER NOT NULL DEFAULT 0,
        outcome TEXT,
        note TEXT,
        transferred_from INTEGER REFERENCES ticket(id),
        UNIQUE (booth_id, seq)
    );
    -- The queue invariants, enforced by the database as well as the engine.
    CREATE UNIQUE INDEX ticket_one_open_per_booth ON ticket(attendee_id, booth_id)
        WHERE state IN ('waiting', 'called', 'serving');
    CREATE UNIQUE INDEX ticket_one_per_desk ON ticket(desk_id)
        WHERE state IN ('called', 'serving');
    CREATE INDEX ticket_queue ON ticket(booth_id, state, queued_at, id);
    CREATE INDEX ticket_attendee ON ticket(attendee_id, state);
    CREATE INDEX ticket_called ON ticket(called_at) WHERE called_at IS NOT NULL;
    -- Append-only: nothing updates or deletes rows here during an event.
    CREATE TABLE log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        station TEXT,
        attendee_id INTEGER,
        ticket_id INTEGER,
        booth_id INTEGER,
        desk_id INTEGER,
        data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TRIGGER log_no_update BEFORE UPDATE ON log
        BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
    CREATE TRIGGER log_no_delete BEFORE DELETE ON log
        BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
    -- Replies to requests that carried an idempotency key, so a retry returns the first reply.
    CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        response TEXT NOT NULL
    );
    "#,
    // 2: station tokens for the hub. Only a SHA-256 hash of each token is kept, so a copy of
    // the database does not let anyone act as a station.
    r#"
    CREATE TABLE token (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('kiosk', 'booth', 'board', 'organiser')),
        booth TEXT,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        CHECK ((role = 'booth') = (booth IS NOT NULL))
    );
    "#,
    // 3: desks the organiser closes on the Setup screen. A closed desk is also paused, and
    // only the organiser reopens it: a booth console's "open" toggle cannot.
    r#"
    ALTER TABLE desk ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER desk_closed_stays_paused BEFORE UPDATE OF open ON desk
        WHEN NEW.open = 1 AND NEW.closed = 1
        BEGIN SELECT RAISE(ABORT, 'this desk is closed: the organiser reopens it on the Setup screen'); END;
    "#,
    // 4: the board and every ticket reply count open tickets and look at a booth's latest
    // service times. By late morning most tickets are done, so both read small partial
    // indexes instead of walking every ticket of the day.
    r#"
    CREATE INDEX ticket_open ON ticket(booth_id, state)
        WHERE state IN ('waiting', 'called', 'serving');
    CREATE INDEX ticket_done ON ticket(booth_id, finished_at) WHERE state = 'done';
    -- Moved by every change to the event or its communes, so a connection can keep them in
    -- memory between transactions and know when to read them again.
    CREATE TABLE settings_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
    INSERT INTO settings_version (id, n) VALUES (1, 0);
    CREATE TRIGGER event_inserted AFTER INSERT ON event
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER event_updated AFTER UPDATE ON event
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER event_deleted AFTER DELETE ON event
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER commune_inserted AFTER INSERT ON commune
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER commune_updated AFTER UPDATE ON commune
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER commune_deleted AFTER DELETE ON commune
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER commune_alias_inserted AFTER INSERT ON commune_alias
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER commune_alias_updated AFTER UPDATE ON commune_alias
        BEGIN UPDATE settings_version SET n = n + 1; END;
    CREATE TRIGGER commune_alias_deleted AFTER DELETE ON commune_alias
        BEGIN UPDATE settings_version SET n = n + 1; END;
    "#,
    // The help desk (issue 14): its token role (SQLite cannot change a CHECK, so the token
    // table is rebuilt with the same rows); the commune of a person whose commune is not on
    // the event's list, as staff typed it; and the few rows with a damaged scanned name, which
    // search matches by their real spelling.
    r#"
    CREATE TABLE token_new (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('kiosk', 'booth', 'board', 'organiser', 'helpdesk')),
        booth TEXT,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        CHECK ((role = 'booth') = (booth IS NOT NULL))
    );
    INSERT INTO token_new (id, hash, role, booth, created_at, revoked_at)
        SELECT id, hash, role, booth, created_at, revoked_at FROM token;
    DROP TABLE token;
    ALTER TABLE token_new RENAME TO token;
    CREATE TABLE attendee_commune_other (
        attendee_id INTEGER PRIMARY KEY REFERENCES attendee(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        folded TEXT NOT NULL
    );
    CREATE INDEX attendee_damaged_name ON attendee(id) WHERE name_needs_confirmation = 1;
    -- Search reads every attendee's keys: from this index a scan reads a third of the pages
    -- the table holds (names, education, interests…), so 100,000 people take one short pass.
    CREATE INDEX attendee_search
        ON attendee(name_folded, id_number, phone, birth_year, commune_id, code);
    "#,
    // The event's kind, place and organising unit (issue 16), which the programme report groups
    // fairs by. Events made before were job fair days of an unrecorded place.
    r#"
    ALTER TABLE event ADD COLUMN kind TEXT NOT NULL DEFAULT 'ngay_hoi'
        CHECK (kind IN ('ngay_hoi', 'phien_gd', 'other'));
    ALTER TABLE event ADD COLUMN place TEXT NOT NULL DEFAULT '';
    ALTER TABLE event ADD COLUMN organiser TEXT NOT NULL DEFAULT '';
    "#,
    // Issue 17 (the merger orders this among other branches' migrations): a station token
    // expires at the end of the event day unless issued for some days; NULL never expires
    // (tokens issued before).
    "ALTER TABLE token ADD COLUMN expires_at INTEGER;",
    // Issue 17: when and on what basis a person's household category or ethnic-minority answer
    // was given: `answer` (they chose it at the kiosk or help desk, after the purpose line) or
    // `organiser_declaration` (an imported list the organiser declared consented). NULL: none.
    "ALTER TABLE attendee ADD COLUMN sensitive_consent_at INTEGER;
     ALTER TABLE attendee ADD COLUMN sensitive_consent_basis TEXT;",
    // Issue 17: the address range (`192.168.1.0/24`) an organiser token may be used from;
    // NULL: anywhere.
    "ALTER TABLE token ADD COLUMN allowed_from TEXT;",
    // Issue 16: what staff found when they called people weeks after the fair, imported from
    // the follow-up list (`fairdesk followup import`). One row a person: a later import of the
    // same person replaces it. `contacted_on` is the local date, YYYY-MM-DD.
    r#"
    CREATE TABLE followup (
        attendee_id INTEGER PRIMARY KEY REFERENCES attendee(id),
        result TEXT NOT NULL
            CHECK (result IN ('started_work', 'in_training', 'still_looking', 'not_reached')),
        employer TEXT,
        contacted_on TEXT NOT NULL,
        imported_at INTEGER NOT NULL
    );
    "#,
    // Issue 15: each kiosk's printer as last reported, one row a station (src/store/printers.rs).
    // Not personal data, and not logged: a printer's state is not an event of the fair.
    r#"
    CREATE TABLE station_printer (
        station TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        printer TEXT NOT NULL,
        since INTEGER NOT NULL,
        last_printed INTEGER,
        reported_at INTEGER NOT NULL
    );
    "#,
    // Issue 19: two indexes every check-in paid for and no query needed. `attendee_search`
    // begins with `name_folded`, so it serves whatever `attendee_name` did; `checkin_at` was
    // read only by the attendee list's date range, which now reads `checkin_attendee`
    // instead (a scan of one export, against a page less to write on every check-in).
    "DROP INDEX attendee_name;
     DROP INDEX checkin_at;",
    // Issue 19: each booth's count of waiting tickets, kept by triggers so no code path can
    // forget it. A ticket's place in the queue is this count less the tickets behind it: one
    // seek for a ticket just issued, where counting those ahead walked the whole queue.
    r#"
    ALTER TABLE booth ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0;
    UPDATE booth SET waiting =
        (SELECT COUNT(*) FROM ticket WHERE booth_id = booth.id AND state = 'waiting');
    CREATE TRIGGER ticket_waiting_inserted AFTER INSERT ON ticket WHEN new.state = 'waiting'
        BEGIN UPDATE booth SET waiting = waiting + 1 WHERE id = new.booth_id; END;
    CREATE TRIGGER ticket_waiting_deleted AFTER DELETE ON ticket WHEN old.state = 'waiting'
        BEGIN UPDATE booth SET waiting = waiting - 1 WHERE id = old.booth_id; END;
    CREATE TRIGGER ticket_waiting_updated AFTER UPDATE OF state, booth_id ON ticket
        WHEN (old.state = 'waiting') <> (new.state = 'waiting') OR old.booth_id <> new.booth_id
        BEGIN
            UPDATE booth SET waiting = waiting - 1
                WHERE id = old.booth_id AND old.state = 'waiting';
            UPDATE booth SET waiting = waiting + 1
                WHERE id = new.booth_id AND new.state = 'waiting';
        END;
    "#,
    // Issue 19: fewer index entries to rewrite when a ticket moves on. With the waiting
    // counts above, the per-booth open counts come from the booth and the desks' partial
    // index, so `ticket_open` goes; and `ticket_attendee` keys on the attendee alone (a person
    // has a handful of tickets), so a change of state no longer rewrites it.
    "DROP INDEX ticket_open;
     DROP INDEX ticket_attendee;
     CREATE INDEX ticket_attendee ON ticket(attendee_id);",
];

/// Brings the schema up to date in one transaction. Running it again is a no-op.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let version = usize::try_from(version).unwrap_or(0);
    for migration in MIGRATIONS.iter().skip(version) {
        tx.execute_batch(migration)?;
    }
    if version < MIGRATIONS.len() {
        let latest = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        tx.pragma_update(None, "user_version", latest)?;
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_version(conn: &Connection) -> usize {
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        usize::try_from(v).unwrap()
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("m.db")).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn), MIGRATIONS.len());
        let schema = |c: &Connection| -> Vec<String> {
            let mut st = c
                .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
                .unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let before = schema(&conn);
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn), MIGRATIONS.len());
        assert_eq!(schema(&conn), before);
    }

    #[test]
    fn an_event_made_before_kinds_migrates_as_a_job_fair_day() {
        let mut conn = Connection::open_in_memory().unwrap();
        let kinds = MIGRATIONS
            .iter()
            .position(|m| m.contains("ADD COLUMN kind"))
            .unwrap();
        for m in &MIGRATIONS[..kinds] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", i64::try_from(kinds).unwrap())
            .unwrap();
        conn.execute(
            "INSERT INTO event (id, code, name, date, pin_hash)
             VALUES (1, 'OLD', 'Old fair', '2025-05-01', 'x')",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let row: (String, String, String) = conn
            .query_row("SELECT kind, place, organiser FROM event", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(row, ("ngay_hoi".into(), String::new(), String::new()));
        assert!(
            conn.execute("UPDATE event SET kind = 'picnic'", [])
                .is_err(),
            "an unknown kind is refused"
        );
    }

    #[test]
    fn the_log_refuses_updates_and_deletes() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute("INSERT INTO log (at, kind) VALUES (1, 'x')", [])
            .unwrap();
        assert!(conn.execute("UPDATE log SET kind = 'y'", []).is_err());
        assert!(conn.execute("DELETE FROM log", []).is_err());
    }
}
