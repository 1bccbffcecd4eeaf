//! `fairdesk sync` against a real PostgreSQL: idempotent, incremental, resumable after a kill,
//! refusing another fair's code, and one clear line for each kind of bad input.

mod central;
mod pg;

use std::process::{Command, Stdio};

use central::{Hub, demo_fair, dump, eventually, fairdesk};
use fairdesk::api::FairApi;
use pg::Pg;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn sync(db: &std::path::Path, url: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--db", db.to_str().unwrap(), "sync", "--to", url];
    args.extend_from_slice(extra);
    let out = fairdesk(&args);
    assert!(out.status.success(), "sync failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_second_sync_changes_nothing_and_a_third_copies_only_what_is_new() {
    let Some(pg) = Pg::start() else { return };
    let url = pg.create_db("central");
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);

    let first = sync(&f.path, &url, &[]);
    assert!(first["batches"].as_u64().unwrap() >= 1);
    assert_eq!(first["attendees"], 203);
    let mut client = pg.client("central");
    let after_first = dump(&mut client);
    let log_rows = f.fair.log().unwrap().len();
    let n: i64 = client
        .query_one("SELECT COUNT(*) FROM log", &[])
        .unwrap()
        .get(0);
    assert_eq!(usize::try_from(n).unwrap(), log_rows);

    let second = sync(&f.path, &url, &[]);
    assert_eq!(second["batches"], 0, "{second}");
    assert_eq!(second["log_rows"], 0);
    assert_eq!(
        dump(&mut client),
        after_first,
        "a second sync changed the central data"
    );

    // Something happens at the fair: one more check-in and a ticket.
    let code = f.checked_in(150);
    f.fair.issue_ticket(&code, "A", None).unwrap();
    let third = sync(&f.path, &url, &[]);
    assert_eq!(third["batches"], 1);
    assert_eq!(third["checkins"], 1);
    assert_eq!(third["tickets"], 1);
    assert_eq!(
        third["log_rows"].as_u64().unwrap(),
        u64::try_from(f.fair.log().unwrap().len() - log_rows).unwrap()
    );
    let state: String = client
        .query_one(
            "SELECT t.state FROM ticket t JOIN attendee a
               ON a.fair_id = t.fair_id AND a.id = t.attendee_id WHERE a.code = $1",
            &[&code],
        )
        .unwrap()
        .get(0);
    assert_eq!(state, "waiting");
}

#[test]
fn the_central_log_keeps_no_person_payloads() {
    let Some(pg) = Pg::start() else { return };
    let url = pg.create_db("central");
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 1);
    sync(&f.path, &url, &[]);
    let mut client = pg.client("central");
    let leaked: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM log WHERE data ? 'household' OR data ? 'ethnic_minority'
                OR data ? 'birth_date'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(leaked, 0);
    let registered: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM log WHERE kind = 'attendee_registered'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(registered, 203);
}

#[test]
fn a_sync_killed_half_way_leaves_whole_batches_and_the_next_run_completes_it() {
    let Some(pg) = Pg::start() else { return };
    let url = pg.create_db("central");
    let clean_url = pg.create_db("clean");
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 2);
    let max_seq = i64::try_from(f.fair.log().unwrap().len()).unwrap();

    // Small batches, so the sync is still running when it is killed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args([
            "--db",
            f.path.to_str().unwrap(),
            "sync",
            "--to",
            &url,
            "--batch",
            "2",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut client = pg.client("central");
    let watermark = |client: &mut postgres::Client| -> i64 {
        client
            .query_opt("SELECT synced_seq FROM fair WHERE code = 'F2'", &[])
            .ok()
            .flatten()
            .map_or(0, |r| r.get(0))
    };
    while watermark(&mut client) == 0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "sync ended before a batch was seen"
        );
        std::thread::yield_now();
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let seq = watermark(&mut client);
    assert!(seq > 0 && seq < max_seq, "killed at {seq} of {max_seq}");
    // Whole batches only: exactly the log rows up to the watermark, nothing after it.
    let (rows, top): (i64, Option<i64>) = {
        let r = client
            .query_one("SELECT COUNT(*), MAX(seq) FROM log", &[])
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((rows, top), (seq, Some(seq)));

    let rest = sync(&f.path, &url, &[]);
    assert!(rest["batches"].as_u64().unwrap() >= 1);
    assert_eq!(rest["synced_seq"], max_seq);
    sync(&f.path, &clean_url, &[]);
    assert_eq!(
        dump(&mut client),
        dump(&mut pg.client("clean")),
        "a resumed sync differs from one uninterrupted"
    );
}

#[test]
fn another_fair_with_the_same_code_is_refused_and_nothing_is_written() {
    let Some(pg) = Pg::start() else { return };
    let url = pg.create_db("central");
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);
    sync(&f.path, &url, &[]);
    let mut client = pg.client("central");
    let before = dump(&mut client);

    let other_dir = tempfile::tempdir().unwrap();
    let other = demo_fair(other_dir.path(), 0);
    let out = fairdesk(&["--db", other.path.to_str().unwrap(), "sync", "--to", &url]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("event code F0 is already used"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(dump(&mut client), before);

    // A copy of the same fair (a backup) is the same fair.
    let copy = dir.path().join("copy.db");
    f.fair.with_store(|s| s.backup(&copy)).unwrap();
    let again = sync(&copy, &url, &[]);
    assert_eq!(again["batches"], 0);
}

#[test]
fn bad_input_gets_one_clear_line_and_a_non_zero_exit() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);
    let db = f.path.to_str().unwrap();
    let fails_with = |url: &str, expected: &str| {
        let out = fairdesk(&["--db", db, "sync", "--to", url]);
        assert!(!out.status.success(), "{url} succeeded");
        let err = stderr(&out);
        assert!(err.contains(expected), "{url}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    };

    // Nobody listens on a fresh free port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    fails_with(
        &format!("postgres://u:p@127.0.0.1:{closed}/central"),
        "cannot be reached",
    );
    fails_with("mysql://nothing", "not a PostgreSQL URL");
    pg.create_db("central");
    fails_with(
        &format!(
            "postgres://{}:wrong@127.0.0.1:{}/central",
            pg::USER,
            pg.port
        ),
        "refused the user name or password",
    );
    fails_with(&pg.url("nosuchdb"), "no such database");

    let other = pg.create_db("accounts");
    pg.client("accounts")
        .batch_execute("CREATE TABLE invoice (id INT PRIMARY KEY, total NUMERIC)")
        .unwrap();
    fails_with(&other, "holds tables of another program");
    let tables: i64 = pg
        .client("accounts")
        .query_one(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "fairdesk wrote into another program's database");

    let newer = pg.create_db("newer");
    sync(&f.path, &newer, &[]);
    pg.client("newer")
        .batch_execute("UPDATE fairdesk_schema SET version = 99")
        .unwrap();
    fails_with(&newer, "made by a newer fairdesk");

    let missing = dir.path().join("missing.db");
    let out = fairdesk(&[
        "--db",
        missing.to_str().unwrap(),
        "sync",
        "--to",
        &pg.url("central"),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(
        !missing.exists(),
        "sync created the fair file it was pointed at"
    );
}

#[test]
fn init_from_event_toml_and_the_demo_record_kind_place_and_organiser() {
    let dir = tempfile::tempdir().unwrap();
    let toml = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/event.example.toml");
    let from_toml = dir.path().join("toml.db");
    let out = fairdesk(&["--db", from_toml.to_str().unwrap(), "init", "--event", toml]);
    assert!(out.status.success(), "{}", stderr(&out));
    let event = fairdesk::fair::Fair::open(&from_toml)
        .unwrap()
        .event()
        .unwrap();
    assert_eq!(event.kind, fairdesk::domain::EventKind::PhienGd);
    assert_eq!(event.place, "Thị trấn Hùng Sơn");
    assert!(event.organiser.starts_with("Trung tâm Dịch vụ việc làm"));

    let demo = dir.path().join("demo.db");
    let out = fairdesk(&["--db", demo.to_str().unwrap(), "init", "--demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let event = fairdesk::fair::Fair::open(&demo).unwrap().event().unwrap();
    assert_eq!(event.kind, fairdesk::domain::EventKind::NgayHoi);
    assert_eq!(event.place, "Thị trấn Đu");
    assert!(!event.organiser.is_empty());
}

#[test]
fn the_hub_syncs_in_the_background_and_retries_until_the_server_is_there() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 1);
    // The central database does not exist yet: the first rounds fail and are retried.
    let url = pg.url("central");
    let hub = Hub::serve(&f.path, &["--sync-to", &url, "--sync-every", "1"]);
    eventually("the hub listens", || hub.listening());
    pg.create_db("central");

    eventually("the first background sync", || f.synced_to(&url));
    // The fair goes on while the hub runs; the next rounds bring it over.
    f.checked_in(199);
    eventually("the next background sync", || f.synced_to(&url));
}

#[test]
fn a_reporting_role_granted_as_documented_reads_aggregates_and_no_person() {
    let Some(pg) = Pg::start() else { return };
    let url = pg.create_db("central");
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);
    sync(&f.path, &url, &[]);
    let mut owner = pg.client("central");
    owner
        .batch_execute("CREATE ROLE reporting LOGIN PASSWORD 'read-only'")
        .unwrap();
    owner
        .batch_execute(&fairdesk::central::schema::REPORTING_GRANT.replace("{role}", "reporting"))
        .unwrap();
    let mut reader = postgres::Client::connect(
        &format!(
            "postgres://reporting:read-only@127.0.0.1:{}/central",
            pg.port
        ),
        postgres::NoTls,
    )
    .unwrap();
    let people: i64 = reader
        .query_one("SELECT people FROM report_fair WHERE code = 'F0'", &[])
        .unwrap()
        .get(0);
    assert_eq!(people, 83);
    let by_household: i64 = reader
        .query_one(
            "SELECT SUM(people)::BIGINT FROM report_people WHERE fair = 'F0'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(by_household, 83);
    for table in ["attendee", "log", "checkin", "ticket", "fair"] {
        let err = reader
            .query(&format!("SELECT * FROM {table} LIMIT 1"), &[])
            .expect_err(table);
        assert_eq!(
            err.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{table}: {err:?}"
        );
    }
    assert!(reader.batch_execute("DELETE FROM report_fair").is_err());
}
