//! The real binary on a temp database with the demo fair, for the command-line tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn demo() -> Self {
        let cli = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        let out = cli.run(&["init", "--demo", "--date", "2026-11-27"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        cli
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("fair.db")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(args)
            .arg("--db")
            .arg(self.db())
            .output()
            .unwrap()
    }

    pub fn json(&self, args: &[&str]) -> (i32, Value) {
        let (code, value, _) = self.json_and_stderr(args);
        (code, value)
    }

    /// The exit code, the JSON on stdout, and stderr (which must show no panic).
    pub fn json_and_stderr(&self, args: &[&str]) -> (i32, Value, String) {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!stderr.contains("panicked"), "{stderr}");
        let value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code().unwrap(), value, stderr)
    }

    /// A demo attendee's bare code (from the hints `init` printed are not kept, so ask).
    pub fn checkin_ok(&self, scan: &str) -> Value {
        let (code, v) = self.json(&["checkin", scan]);
        assert_eq!(code, 0, "{v}");
        v
    }
}
