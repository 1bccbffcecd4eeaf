//! The central PostgreSQL schema and its migrations, versioned like the fair's SQLite ones
//! (`store::schema`): entry `i` of [`MIGRATIONS`] takes the schema from version `i` to `i + 1`,
//! the version is kept in `fairdesk_schema`, and every entry not yet applied runs in one
//! transaction. Never remove or reorder entries.
//!
//! Every table is keyed by the fair (`fair_id`) and the fair's own row id, so copying a fair
//! again writes the same keys. Times are BIGINT UTC milliseconds, as in the fair's file.
//!
//! Personal data (ID numbers, names, phones, household category, ethnicity, birth dates) is
//! only in `attendee` (`followup` holds what became of a person, by fair and attendee id, and
//! is not granted either): the central log keeps the fair's log rows without the person payloads
//! (see `sync`), and the `report_*` views hold aggregates alone, so a read-only reporting role
//! can be granted those views and nothing else (README, "Central database").

use postgres::Client;

use super::CentralError;

/// The migrations, oldest first.
pub const MIGRATIONS: &[&str] = &[
    // 1: fairs and what each brings.
    r#"
    CREATE TABLE fair (
        id BIGSERIAL PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        -- A hash of the fair's first log row: two files with one event code but different
        -- fingerprints are different fairs.
        fingerprint TEXT NOT NULL,
        name TEXT NOT NULL,
        venue TEXT NOT NULL,
        date DATE NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('ngay_hoi', 'phien_gd', 'other')),
        place TEXT NOT NULL,
        organiser TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        -- Watermarks: the last log row, check-in, attendee and ticket copied. A batch moves
        -- them in the same transaction as the rows it copies.
        synced_seq BIGINT NOT NULL DEFAULT 0,
        synced_checkin BIGINT NOT NULL DEFAULT 0,
        synced_attendee BIGINT NOT NULL DEFAULT 0,
        synced_ticket BIGINT NOT NULL DEFAULT 0,
        synced_at BIGINT
    );
    CREATE TABLE commune (
        fair_id BIGINT NOT NULL REFERENCES fair(id),
        id BIGINT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (fair_id, id)
    );
    CREATE TABLE booth (
        fair_id BIGINT NOT NULL REFERENCES fair(id),
        id BIGINT NOT NULL,
        code TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        sectors TEXT NOT NULL,
        PRIMARY KEY (fair_id, id)
    );
    CREATE TABLE vacancy (
        fair_id BIGINT NOT NULL REFERENCES fair(id),
        id BIGINT NOT NULL,
        booth_id BIGINT NOT NULL,
        title TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (fair_id, id)
    );
    CREATE TABLE attendee (
        fair_id BIGINT NOT NULL REFERENCES fair(id),
        id BIGINT NOT NULL,
        code TEXT NOT NULL,
        id_number TEXT,
        phone TEXT,
        full_name TEXT NOT NULL,
        birth_date DATE,
        birth_year INTEGER,
        gender TEXT,
        commune_id BIGINT,
        household TEXT NOT NULL,
        ethnic_minority TEXT NOT NULL,
        education TEXT,
        interests TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (fair_id, id)
    );
    CREATE INDEX attendee_id_number ON attendee(id_number) WHERE id_number IS NOT NULL;
    CREATE INDEX attendee_phone ON attendee(phone) WHERE phone IS NOT NULL;
    CREATE TABLE checkin (
        fair_id BIGINT NOT NULL REFERENCES fair(id),
        id BIGINT NOT NULL,
        attendee_id BIGINT NOT NULL,
        at BIGINT NOT NULL,
        direction TEXT NOT NULL,
        PRIMARY KEY (fair_id, id)
    );
    CREATE TABLE ticket (
        fair_id BIGINT NOT NULL REFERENCES fair(id),
        id BIGINT NOT NULL,
        booth_id BIGINT NOT NULL,
        attendee_id BIGINT NOT NULL,
        state TEXT NOT NULL,
        issued_at BIGINT NOT NULL,
        first_called_at BIGINT,
        started_at BIGINT,
        finished_at BIGINT,
        outcome TEXT,
        PRIMARY KEY (fair_id, id)
    );
    -- The fair's append-only log, keyed by event and log sequence.
    CREATE TABLE log (
        fair_id BIGINT NOT NULL REFERENCES fair(id),
        seq BIGINT NOT NULL,
        at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        station TEXT,
        attendee_id BIGINT,
        ticket_id BIGINT,
        booth_id BIGINT,
        desk_id BIGINT,
        data JSONB NOT NULL,
        PRIMARY KEY (fair_id, seq)
    );
    "#,
    // 2: aggregates for a read-only reporting role. A view runs with its owner's rights, so
    // a role granted SELECT on these alone never reads a person.
    r#"
    CREATE VIEW report_fair AS
        SELECT f.code, f.name, f.kind, f.date, f.place, f.organiser,
               (SELECT COUNT(DISTINCT c.attendee_id) FROM checkin c
                 WHERE c.fair_id = f.id AND c.direction = 'in') AS people,
               (SELECT COUNT(*) FROM ticket t WHERE t.fair_id = f.id AND t.state = 'done')
                   AS booth_visits
        FROM fair f;
    CREATE VIEW report_people AS
        SELECT f.code AS fair, COALESCE(cm.name, 'unknown') AS commune, a.household,
               a.ethnic_minority, COALESCE(a.gender, 'unknown') AS gender,
               COUNT(*) AS people
        FROM fair f
        JOIN attendee a ON a.fair_id = f.id
        LEFT JOIN commune cm ON cm.fair_id = a.fair_id AND cm.id = a.commune_id
        WHERE EXISTS (SELECT 1 FROM checkin c WHERE c.fair_id = a.fair_id
                      AND c.attendee_id = a.id AND c.direction = 'in')
        GROUP BY f.code, cm.name, a.household, a.ethnic_minority, a.gender;
    CREATE VIEW report_booth AS
        SELECT f.code AS fair, b.code AS booth, b.kind, b.name,
               (SELECT COALESCE(SUM(v.count), 0) FROM vacancy v
                 WHERE v.fair_id = b.fair_id AND v.booth_id = b.id) AS vacancies,
               (SELECT COUNT(*) FROM ticket t WHERE t.fair_id = b.fair_id
                 AND t.booth_id = b.id AND t.state = 'done') AS served
        FROM booth b JOIN fair f ON f.id = b.fair_id;
    "#,
    // 3: follow-ups (`fairdesk followup import`), one per fair's person, which must be the
    // fair's synced attendee; whether a fair was synced pseudonymously (`sync --pseudonymous`:
    // keyed hashes instead of ID numbers and phones, no names or birth dates), which a fair
    // keeps; and jobs by fair, month and employer for the reporting role.
    r#"
    ALTER TABLE fair ADD COLUMN pseudonymous BOOLEAN NOT NULL DEFAULT false;
    CREATE TABLE followup (
        fair_id BIGINT NOT NULL,
        attendee_id BIGINT NOT NULL,
        result TEXT NOT NULL
            CHECK (result IN ('started_work', 'in_training', 'still_looking', 'not_reached')),
        employer TEXT,
        contacted_on DATE NOT NULL,
        imported_at BIGINT NOT NULL,
        PRIMARY KEY (fair_id, attendee_id),
        FOREIGN KEY (fair_id, attendee_id) REFERENCES attendee(fair_id, id)
    );
    CREATE VIEW report_followup AS
        SELECT f.code AS fair, to_char(fu.contacted_on, 'YYYY-MM') AS month, fu.result,
               fu.employer, COUNT(*) AS people
        FROM followup fu JOIN fair f ON f.id = fu.fair_id
        GROUP BY f.code, to_char(fu.contacted_on, 'YYYY-MM'), fu.result, fu.employer;
    "#,
    // 4: people from a commune outside their fair's list, apart from those with none, as
    // in the fair's own report.
    r#"
    ALTER TABLE attendee ADD COLUMN commune_outside BOOLEAN NOT NULL DEFAULT false;
    CREATE OR REPLACE VIEW report_people AS
        SELECT f.code AS fair,
               CASE WHEN cm.name IS NOT NULL THEN cm.name
                    WHEN a.commune_outside THEN 'outside'
                    ELSE 'unknown' END AS commune,
               a.household, a.ethnic_minority, COALESCE(a.gender, 'unknown') AS gender,
               COUNT(*) AS people
        FROM fair f
        JOIN attendee a ON a.fair_id = f.id
        LEFT JOIN commune cm ON cm.fair_id = a.fair_id AND cm.id = a.commune_id
        WHERE EXISTS (SELECT 1 FROM checkin c WHERE c.fair_id = a.fair_id
                      AND c.attendee_id = a.id AND c.direction = 'in')
        GROUP BY 1, 2, a.household, a.ethnic_minority, a.gender;
    "#,
];

/// Brings the central schema up to date in one transaction; running it again is a no-op.
/// Refuses a database that holds tables of another program, and one made by a newer fairdesk.
pub fn migrate(client: &mut Client) -> Result<(), CentralError> {
    let mut tx = client.transaction()?;
    // One migrating client at a time: a second one waits here, then sees the new version.
    tx.execute("SELECT pg_advisory_xact_lock(7246016)", &[])?;
    let ours: bool = tx
        .query_one(
            "SELECT to_regclass('public.fairdesk_schema') IS NOT NULL",
            &[],
        )?
        .get(0);
    let version: usize = if ours {
        let v: i32 = tx
            .query_one("SELECT version FROM fairdesk_schema", &[])?
            .get(0);
        usize::try_from(v).unwrap_or(0)
    } else {
        let others: i64 = tx
            .query_one(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'",
                &[],
            )?
            .get(0);
        if others > 0 {
            return Err(CentralError::ForeignDatabase);
        }
        tx.batch_execute(
            "CREATE TABLE fairdesk_schema (version INTEGER NOT NULL);
             INSERT INTO fairdesk_schema (version) VALUES (0);",
        )?;
        0
    };
    if version > MIGRATIONS.len() {
        return Err(CentralError::NewerSchema {
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    for migration in MIGRATIONS.iter().skip(version) {
        tx.batch_execute(migration)?;
    }
    if version < MIGRATIONS.len() {
        let latest = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
        tx.execute("UPDATE fairdesk_schema SET version = $1", &[&latest])?;
    }
    tx.commit()?;
    Ok(())
}

/// Whether the database holds an up-to-date fairdesk central schema (reports never migrate).
pub fn check(client: &mut Client) -> Result<(), CentralError> {
    let ours: bool = client
        .query_one(
            "SELECT to_regclass('public.fairdesk_schema') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !ours {
        return Err(CentralError::NotCentral);
    }
    let v: i32 = client
        .query_one("SELECT version FROM fairdesk_schema", &[])?
        .get(0);
    let version = usize::try_from(v).unwrap_or(0);
    if version > MIGRATIONS.len() {
        return Err(CentralError::NewerSchema {
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    if version < MIGRATIONS.len() {
        return Err(CentralError::OlderSchema);
    }
    Ok(())
}

/// The grant that gives a read-only reporting role the aggregates alone (README, "Central
/// database"): `{role}` is the role's name. Run it as the owner of the central tables after
/// the first sync. Views run with their owner's rights, so the role reads `report_fair`,
/// `report_people`, `report_booth` and `report_followup` without any right on `attendee` or the other tables.
pub const REPORTING_GRANT: &str = "GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT ON report_fair, report_people, report_booth, report_followup TO {role};";
