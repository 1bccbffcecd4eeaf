//! A throwaway PostgreSQL server for tests: `initdb` into a temporary directory, `postgres`
//! on a free loopback port with its socket in that directory, stopped and deleted on drop.
//!
//! initdb and postgres refuse to run as root, and CI runs as root: then they run as the
//! `postgres` system user that Debian's package creates. Without PostgreSQL binaries a test
//! prints so loudly and is skipped, except under `CI=true`, where it fails.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The superuser the throwaway server is made with, and its password.
pub const USER: &str = "fairdesk";
pub const PASSWORD: &str = "test-secret";

/// A running throwaway server.
pub struct Pg {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    pub port: u16,
}

fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    // The newest version: directory names are major versions.
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Pg {
    /// Starts a server, or `None` (after saying so loudly) where PostgreSQL is not installed.
    /// Under `CI=true` a missing PostgreSQL is a failure.
    pub fn start() -> Option<Pg> {
        let Some(bin) = find_bin() else {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but no PostgreSQL binaries under /usr/lib/postgresql/*/bin");
            }
            eprintln!(
                "\n!!!!!!!!\n!!! SKIPPED: no PostgreSQL binaries under /usr/lib/postgresql/*/bin \
                 (apt-get install postgresql); this test needs a real server\n!!!!!!!!\n"
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let as_postgres = is_root();
        let pg = Pg {
            dir,
            bin,
            as_postgres,
            port: free_port(),
        };
        std::fs::write(pg.dir.path().join("pw"), PASSWORD).expect("password file");
        if as_postgres {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(pg.dir.path())
                .status()
                .expect("chown");
            assert!(status.success(), "chown of the temp dir to postgres failed");
        }
        let data = pg.data();
        pg.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                USER,
                "--pwfile",
                &pg.path("pw"),
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ],
        );
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off",
            pg.port,
            pg.dir.path().display()
        );
        pg.run(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-l",
                &pg.path("server.log"),
                "-w",
                "-o",
                &options,
                "start",
            ],
        );
        Some(pg)
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn data(&self) -> String {
        self.path("data")
    }

    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        let out = self
            .command(tool)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("{tool}: {e}"));
        if !out.status.success() {
            let log =
                std::fs::read_to_string(Path::new(&self.path("server.log"))).unwrap_or_default();
            panic!(
                "{tool} failed: {}\n{}\n{log}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        out
    }

    /// The URL of database `db` as the superuser.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://{USER}:{PASSWORD}@127.0.0.1:{}/{db}", self.port)
    }

    /// A connection to database `db` as the superuser.
    pub fn client(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db), postgres::NoTls).expect("connect")
    }

    /// Creates an empty database; returns its URL.
    pub fn create_db(&self, db: &str) -> String {
        self.client("postgres")
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .expect("create database");
        self.url(db)
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
            .output();
    }
}
