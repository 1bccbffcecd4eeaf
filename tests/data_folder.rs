//! Where the fair file lives without `--db`: the real binary, with HOME pointed at a temp dir
//! (and XDG_DATA_HOME unset), started from another folder that must stay empty.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fake home and a working folder to start from.
struct Laptop {
    home: tempfile::TempDir,
    cwd: tempfile::TempDir,
}

impl Laptop {
    fn new() -> Self {
        Self {
            home: tempfile::tempdir().expect("home"),
            cwd: tempfile::tempdir().expect("cwd"),
        }
    }

    /// Where the fairs go on Linux.
    fn data_folder(&self) -> PathBuf {
        self.home.path().join(".local/share/fairdesk")
    }

    fn run(&self, args: &[&str], db_env: Option<&Path>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fairdesk"));
        command
            .current_dir(self.cwd.path())
            .args(args)
            .env("HOME", self.home.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("FAIRDESK_DB")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        if let Some(db) = db_env {
            command.env("FAIRDESK_DB", db);
        }
        command.output().expect("runs")
    }

    fn ok(&self, args: &[&str], db_env: Option<&Path>) -> serde_json::Value {
        let out = self.run(args, db_env);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    fn cwd_is_empty(&self) -> bool {
        std::fs::read_dir(self.cwd.path())
            .expect("cwd")
            .next()
            .is_none()
    }
}

#[test]
fn without_db_every_command_uses_one_file_in_the_data_folder() {
    let laptop = Laptop::new();
    let created = laptop.ok(&["init", "--demo"], None);
    let expected = laptop.data_folder().join("fairdesk.db");
    assert_eq!(
        created["db"],
        expected.display().to_string(),
        "init prints where"
    );
    assert!(expected.exists());
    assert!(
        laptop.cwd_is_empty(),
        "nothing written where the app was started"
    );

    // Another command finds the same fair without being told.
    let booths = laptop.ok(&["booths"], None);
    assert!(booths.as_array().is_some_and(|b| !b.is_empty()), "{booths}");
    let checkin = laptop.ok(&["checkin", "019196100000"], None);
    assert_eq!(checkin["status"], "checked_in");
    let report = laptop.ok(&["report"], None);
    assert_eq!(report["people"], 1, "the check-in went to the same file");
    assert!(laptop.cwd_is_empty());
}

#[test]
fn a_missing_fair_is_named_with_its_full_path() {
    let laptop = Laptop::new();
    let out = laptop.run(&["board"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = laptop.data_folder().join("fairdesk.db");
    assert!(stderr.contains(&expected.display().to_string()), "{stderr}");
    assert!(stderr.contains("fairdesk init"), "{stderr}");
}

#[test]
fn db_wins_over_fairdesk_db_which_wins_over_the_data_folder() {
    let laptop = Laptop::new();
    let from_env = laptop.cwd.path().join("env.db");
    let created = laptop.ok(&["init", "--demo"], Some(&from_env));
    assert_eq!(created["db"], from_env.display().to_string());
    assert!(!laptop.data_folder().join("fairdesk.db").exists());

    let from_flag = laptop.cwd.path().join("flag.db");
    let flag = from_flag.display().to_string();
    let created = laptop.ok(&["init", "--demo", "--db", &flag], Some(&from_env));
    assert_eq!(created["db"], flag);
    assert!(from_flag.exists());
}

#[test]
fn a_fair_file_from_an_older_fairdesk_opens_and_migrates() {
    let laptop = Laptop::new();
    std::fs::create_dir_all(laptop.data_folder()).expect("folder");
    let old = laptop.data_folder().join("fairdesk.db");
    {
        // The very first schema, as the first release wrote it.
        let conn = rusqlite::Connection::open(&old).expect("open");
        conn.execute_batch(fairdesk::store::schema::MIGRATIONS[0])
            .expect("first schema");
        conn.execute(
            "INSERT INTO event (id, code, name, date, pin_hash) \
             VALUES (1, 'OLD1', 'Ngày hội cũ', '2025-03-15', 'x')",
            [],
        )
        .expect("event");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
    }
    let booths = laptop.ok(&["booths"], None);
    assert_eq!(booths, serde_json::json!([]), "no booths yet");
    let conn = rusqlite::Connection::open(&old).expect("open");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(
        usize::try_from(version).expect("version"),
        fairdesk::store::schema::MIGRATIONS.len()
    );
    let name: String = conn
        .query_row("SELECT name FROM event", [], |r| r.get(0))
        .expect("event kept");
    assert_eq!(name, "Ngày hội cũ");
}
