//! `fairdesk loadtest` against a real hub on loopback: the event-loop stations over HTTPS and
//! plain HTTP, and the stations' own blocking client, each leaving on file exactly what it
//! counted.

mod hub_common;

use std::process::Command;
use std::time::Duration;

use fairdesk::hub::auth::Role;
use fairdesk::hub::loadtest::{HubTarget, LoadConfig, LoadReport, run_http};
use hub_common::*;

fn config(stations: usize) -> LoadConfig {
    LoadConfig {
        stations,
        duration: Duration::from_millis(1500),
        ..LoadConfig::default()
    }
}

/// Every walk-in card of a short run is a new person: the fair has checked in as many
/// people as the run counted check-ins, and nothing failed or was refused.
fn assert_all_on_file(report: &LoadReport, fair: &TestFair) {
    for (op, stats) in &report.ops {
        assert_eq!(stats.failed, 0, "{op}: {stats:?}");
    }
    let checkins = &report.ops["checkin"];
    assert!(checkins.count > 0, "{report:?}");
    assert_eq!(checkins.refused, 0, "{checkins:?}");
    assert_eq!(u64::from(people(&fair.fair())), checkins.count);
}

#[test]
fn event_loop_stations_run_a_fair_over_pinned_https() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let token = fair.token(Role::Organiser, None);
    let target = HubTarget::new(hub.addr(), &token, hub.fingerprint()).unwrap();
    let report = run_http(&client(&hub, &token), &target, &config(12)).unwrap();
    assert_eq!((report.kiosks, report.boards, report.dashboards), (4, 1, 1));
    // Every kind of station did its part: tickets were issued, called, started and
    // finished, the board was read and the report fetched.
    for op in ["ticket", "call", "start", "finish", "board", "report"] {
        assert!(
            report.ops.get(op).is_some_and(|s| s.count > 0),
            "{op}: {report:?}"
        );
    }
    assert_all_on_file(&report, &fair);
}

#[test]
fn event_loop_stations_with_a_wrong_pin_reach_nothing() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let token = fair.token(Role::Organiser, None);
    let other = TestFair::new();
    let other_hub = other.start_tls();
    // The setup reads through a correctly pinned client; the stations pin another hub's
    // certificate and must not get a single request through.
    let target = HubTarget::new(hub.addr(), &token, other_hub.fingerprint()).unwrap();
    let report = run_http(&client(&hub, &token), &target, &config(5)).unwrap();
    let checkins = &report.ops["checkin"];
    assert_eq!(checkins.failed, checkins.count, "{checkins:?}");
    assert_eq!(people(&fair.fair()), 0);
}

#[test]
fn the_cli_runs_both_kinds_of_stations_against_a_plain_http_hub() {
    let fair = TestFair::new();
    let hub = fair.start();
    let token = fair.token(Role::Organiser, None);
    let mut seen = 0;
    for (extra, seed) in [(None, "1"), (Some("--blocking-stations"), "2")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fairdesk"));
        command.args(["loadtest", "--hub", &hub.url(), "--token", &token]);
        command.args([
            "--stations",
            "6",
            "--duration",
            "1",
            "--seed",
            seed,
            "--json",
        ]);
        command.args(extra);
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{extra:?}: {stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["stations"], 6, "{v}");
        assert_eq!(v["failed"], 0, "{extra:?}: {v}");
        assert!(
            v["hub_peak_rss_mb"].as_f64().is_some_and(|mb| mb > 1.0),
            "{v}"
        );
        seen += v["operations"]["checkin"]["count"].as_u64().unwrap();
        assert_eq!(u64::from(people(&fair.fair())), seen, "{extra:?}");
    }
}

#[test]
fn the_cli_refuses_a_wrong_token_in_one_line() {
    let fair = TestFair::new();
    let hub = fair.start();
    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["loadtest", "--hub", &hub.url(), "--token", "not-a-token"])
        .args(["--stations", "3", "--duration", "1", "--json"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("not-a-token"), "{stderr}");
    assert!(stderr.lines().count() <= 2, "{stderr}");
    assert_eq!(people(&fair.fair()), 0);
}
