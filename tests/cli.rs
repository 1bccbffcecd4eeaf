//! The command line's scriptable contract, run as the real binary on a temp database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod cli_common;

use cli_common::Cli;

fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn init_demo_prints_the_event_the_pin_and_codes_to_try() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["init", "--demo", "--date", "2026-11-27", "--db"])
        .arg(dir.path().join("x.db"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["attendees"], 200);
    assert_eq!(v["pin"], "2468");
    assert!(
        v["try"]["reg_codes"][0]
            .as_str()
            .unwrap()
            .starts_with("FD1:PL26:")
    );
    // A second init on the same file refuses and keeps what is there.
    let again = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["init", "--demo", "--db"])
        .arg(dir.path().join("x.db"))
        .output()
        .unwrap();
    assert!(one_line_error(&again).contains("already holds an event"));
}

#[test]
fn checkin_prints_the_contract_json_and_exits_by_status() {
    let cli = Cli::demo();
    let card = "019095001234||Nguyen Van An|15031995|Nam|Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|20042021";
    let v = cli.checkin_ok(card);
    assert_eq!(v["status"], "registered");
    assert_eq!(v["reason"], Value::Null);
    let code = v["attendee"]["code"].as_str().unwrap().to_string();
    assert_eq!(v["attendee"]["qr"], format!("FD1:PL26:{code}"));
    assert_eq!(v["attendee"]["name"], "Nguyen Van An");
    assert_eq!(cli.checkin_ok(card)["status"], "re_entry");
    let (exit, v) = cli.json(&["checkin", "019099999999"]);
    assert_eq!((exit, v["status"].as_str()), (3, Some("not_found")));
    assert_eq!(v["attendee"], Value::Null);
    let (exit, v) = cli.json(&["checkin", "not a code"]);
    assert_eq!(
        (exit, v["status"].as_str(), v["reason"].as_str()),
        (4, Some("rejected"), Some("unrecognised"))
    );
}

#[test]
fn invalid_utf8_and_huge_input_are_rejected_not_fatal() {
    let cli = Cli::demo();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["checkin", "--stdin", "--db"])
        .arg(cli.db())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"019\xff\xfe095001234\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "rejected");
    let huge = "A".repeat(20_000);
    let (exit, v) = cli.json(&["checkin", &huge]);
    assert_eq!((exit, v["reason"].as_str()), (4, Some("too_long")));
}

#[test]
fn a_fair_runs_from_the_command_line() {
    let cli = Cli::demo();
    let card = "019095001234||Nguyen Van An|15031995|Nam|Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|20042021";
    let code = cli.checkin_ok(card)["attendee"]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let (exit, t) = cli.json(&["ticket", "--attendee", &code, "--booth", "A"]);
    assert_eq!(exit, 0);
    assert_eq!(
        (
            t["ticket"].as_str(),
            t["booth"].as_str(),
            t["position"].as_u64()
        ),
        (Some("A001"), Some("A"), Some(1))
    );
    assert!(t["estimated_wait_min"].is_u64());
    let (_, called) = cli.json(&["call", "--desk", "A1"]);
    assert_eq!(called["ticket"], "A001");
    let (_, nobody) = cli.json(&["call", "--desk", "B1"]);
    assert_eq!(nobody, serde_json::json!({"ticket": null}));
    assert_eq!(cli.json(&["recall", "--desk", "A1"]).1["recall_count"], 1);
    assert_eq!(cli.json(&["start", "--desk", "A1"]).1["state"], "serving");
    let (_, done) = cli.json(&[
        "finish",
        "--ticket",
        "A001",
        "--outcome",
        "hired",
        "--note",
        "Đi làm từ thứ Hai",
    ]);
    assert_eq!(
        (done["state"].as_str(), done["outcome"].as_str()),
        (Some("done"), Some("hired"))
    );
    // A refused action: one clear line, non-zero exit.
    let err = one_line_error(&cli.run(&["no-show", "--ticket", "A001"]));
    assert!(err.contains("cannot no_show"), "{err}");
    let (_, report) = cli.json(&["report", "--format", "json"]);
    for key in [
        "people",
        "checkins",
        "walk_ins",
        "by_commune",
        "by_household",
        "by_gender",
        "by_age_band",
        "ethnic_minority",
        "booths",
    ] {
        assert!(report.get(key).is_some(), "report lacks {key}");
    }
    assert_eq!(report["people"], 1);
    let a = report["booths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "A")
        .unwrap();
    for key in [
        "code",
        "issued",
        "served",
        "no_show",
        "waiting",
        "median_wait_s",
        "outcomes",
    ] {
        assert!(a.get(key).is_some(), "booth lacks {key}");
    }
    assert_eq!(a["outcomes"]["hired"], 1);
    let csv = cli.run(&["report", "--format", "csv"]).stdout;
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
}

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_import_with_a_bad_row_imports_nothing_and_names_every_bad_line() {
    let cli = Cli::demo();
    let bad = write(
        cli.dir.path(),
        "bad.csv",
        "\u{feff}Họ và tên;Số CCCD;Ngày sinh;Giới tính;Xã;Số điện thoại\r\n\
         Lường Thị Yến;019305009001;03/04/2005;Nữ;Yên Trạch;0912000111\r\n\
         Hà Văn Tú;019095009002;31/02/1995;Nam;Yên Ninh;\r\n\
         Đàm Thị Huệ;019305009001;03/04/2005;Nữ;Phú Đô;\r\n\
         Triệu Văn Sơn;019090009004;01/01/1990;Nam;Hà Nội;\r\n"
            .as_bytes(),
    );
    let out = cli.run(&["import", "attendees", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["imported"], 0);
    let lines: Vec<u64> = v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4, 5]);
    let (_, report) = cli.json(&["checkin", "019305009001"]);
    assert_eq!(report["status"], "not_found", "nothing was imported");

    let good = write(
        cli.dir.path(),
        "good.csv",
        b"full_name,id_number,birth_date,gender,commune,phone,household,ethnic_minority\n\
          Luong Thi Yen,019305009001,2005-04-03,female,Yen Trach,+84912000111,near_poor,Tay\n",
    );
    let (exit, v) = cli.json(&["import", "attendees", good.to_str().unwrap()]);
    assert_eq!((exit, v["imported"].as_u64()), (0, Some(1)));
    assert_eq!(cli.checkin_ok("0912000111")["status"], "checked_in");
    // The same file again: every row is now a duplicate of the database.
    let (exit, v) = cli.json(&["import", "attendees", good.to_str().unwrap()]);
    assert_eq!((exit, v["rejected"][0]["line"].as_u64()), (1, Some(2)));
}

#[test]
fn errors_are_one_line_never_a_panic() {
    let cli = Cli {
        dir: tempfile::tempdir().unwrap(),
    };
    assert!(one_line_error(&cli.run(&["checkin", "123"])).contains("does not exist"));
    let cli = Cli::demo();
    let binary = write(cli.dir.path(), "x.csv", b"\x00\x01\x02\xff\xfe");
    assert!(
        one_line_error(&cli.run(&["import", "attendees", binary.to_str().unwrap()]))
            .contains("not UTF-8")
    );
    assert!(
        one_line_error(&cli.run(&["ticket", "--attendee", "ZZZZZZ", "--booth", "A"]))
            .contains("not found")
    );
    assert!(one_line_error(&cli.run(&["report", "--from", "noon"])).contains("HH:MM"));
    let bad_outcome = cli.run(&["finish", "--ticket", "A001", "--outcome", "promoted"]);
    assert_eq!(bad_outcome.status.code(), Some(2));
}

#[test]
fn backup_writes_a_consistent_copy_and_never_overwrites() {
    let cli = Cli::demo();
    let out = cli.dir.path().join("copy.db");
    let (exit, _) = cli.json(&["backup", "--out", out.to_str().unwrap()]);
    assert_eq!(exit, 0);
    let copy = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["booths", "--db"])
        .arg(&out)
        .output()
        .unwrap();
    let booths: Value = serde_json::from_slice(&copy.stdout).unwrap();
    assert_eq!(booths.as_array().unwrap().len(), 13);
    assert!(
        one_line_error(&cli.run(&["backup", "--out", out.to_str().unwrap()]))
            .contains("already exists")
    );
}

#[test]
fn an_event_file_creates_its_event_with_aliases_for_merged_communes() {
    let cli = Cli {
        dir: tempfile::tempdir().unwrap(),
    };
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/event.example.toml");
    let (exit, v) = cli.json(&["init", "--event", example]);
    assert_eq!(exit, 0, "{v}");
    assert_eq!(v["code"], "DT27");
    // A card still printed with the old commune name counts for the merged commune.
    let card = "019095001234||Nguyen Van An|15031995|Nam|Xom 2, Xa Phuc Linh, Huyen Dai Tu, Tinh Thai Nguyen|20042021";
    let (_, r) = cli.json(&["checkin", card]);
    let code = r["attendee"]["code"].as_str().unwrap().to_string();
    let (_, p) = cli.json(&["attendee", &code]);
    assert_eq!(p["commune"], "Xã Tân Thái");
    let (_, booths) = cli.json(&["booths"]);
    assert_eq!(booths.as_array().unwrap().len(), 2);
    let bad = cli.dir.path().join("bad.toml");
    std::fs::write(&bad, "code = \"X\"\nname = 3\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["init", "--event", bad.to_str().unwrap(), "--db"])
        .arg(cli.dir.path().join("other.db"))
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("bad.toml"));
}

#[test]
fn a_scan_starting_with_a_dash_goes_after_double_dash_and_is_not_an_option() {
    let cli = Cli::demo();
    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["checkin", "--db"])
        .arg(cli.db())
        .args(["--", "-0123"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    let reply: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reply["status"], "rejected", "{reply}");
    let help = cli.run(&["checkin", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("after `--`") && help.contains("--stdin"),
        "{help}"
    );
}

#[test]
fn json_into_a_closed_pipe_ends_quietly_like_a_unix_tool() {
    let cli = Cli::demo();
    for args in [&["board"][..], &["report", "--format", "json"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(args)
            .arg("--db")
            .arg(cli.db())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader leaves before the first byte is written, as `| head -c0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("internal error"), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(141), "{args:?}");
    }
}

#[test]
fn loadtest_json_prints_the_figures_scripts_compare() {
    let cli = Cli::demo();
    let (code, v) = cli.json(&[
        "loadtest",
        "--in-process",
        "--stations",
        "5",
        "--duration",
        "1",
        "--json",
    ]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["stations"], 5);
    assert!(v["duration_s"].as_f64().unwrap() >= 1.0);
    assert_eq!(v["failed"], 0);
    let checkin = &v["operations"]["checkin"];
    assert!(checkin["count"].as_u64().unwrap() > 0, "{v}");
    for key in ["per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms"] {
        assert!(checkin[key].is_number(), "{key} in {checkin}");
    }
    // Measured in process: this run's own peak memory (Linux tells it).
    if cfg!(target_os = "linux") {
        assert!(v["hub_peak_rss_mb"].as_f64().unwrap() > 1.0, "{v}");
    }
}

#[test]
fn a_station_name_is_checked_before_any_window_opens() {
    for (name, says) in [
        ("  ", "give the station a name"),
        (&*"k".repeat(65), "at most 64"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(["app", "--station", "kiosk", "--name", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
}
