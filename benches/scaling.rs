//! The scaling table of the README (issue 19), measured in one run:
//!
//! - for 1,000 / 10,000 / 100,000 / 1,000,000 attendees on file (each checked in once and
//!   holding one ticket, as after a fair day): the lone check-in by ID number, next to a bare
//!   fsync'd single-row INSERT timed in turn with it (the disk's floor at that moment), and
//!   the whole headcount report, from scratch and live (the dashboard's path); a booth
//!   console's desk view, and the board after a change;
//! - the hub's throughput (`fairdesk loadtest`'s mix and event-loop stations, plain HTTP on
//!   loopback, demo fair) with
//!   1 / 10 / 50 / 200 stations, next to the same mix in process.
//!
//! `cargo bench --bench scaling`. Sizes, station counts and seconds per load run can be
//! narrowed with `SCALING_SIZES=1000,10000`, `SCALING_STATIONS=1,50`, `SCALING_SECONDS=5`.
//! Databases live under target/bench-data and are removed after each size.

mod floor;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use fairdesk::api::{CheckinRequest, FairApi};
use fairdesk::fair::{Fair, ManualClock};
use fairdesk::hub::loadtest::{self, HubTarget, LoadConfig, LoadReport};
use fairdesk::hub::{HubClient, RunningHub};
use fairdesk::report::ReportRange;

fn list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// One row of the first table.
fn size_row(dir: &Path, n: usize) {
    let made = Instant::now();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 5, 0, 0).unwrap(),
    ));
    let setup = fairdesk::demo::setup(date());
    let fair = Fair::init_with_clock(&dir.join("fair.db"), &setup, clock).unwrap();
    let communes: Vec<i64> = fair.event().unwrap().commune_ids();
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap();
    let on_file = fair
        .with_store(|s| s.synthesize_attendees(n, &communes, at))
        .unwrap();
    let (_, tickets) = fair
        .with_store(|s| s.synthesize_day(Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap(), 1))
        .unwrap();
    let made = made.elapsed();
    let numbers = floor::id_numbers(
        &fair,
        "SELECT id_number FROM attendee ORDER BY random() LIMIT 2000",
    );
    let bare = floor::open(&dir.join("bare.db"));
    for number in numbers.iter().take(100) {
        fair.checkin(CheckinRequest::entry(number.clone(), "warm"))
            .unwrap();
    }
    // Past the first automatic checkpoint (1,000 WAL pages), so the bare INSERTs append to a
    // WAL file of its full size, as the fair's own writes do: while a new WAL file still grows,
    // every fsync also writes the file's new size and costs several times as much.
    for _ in 0..1_200 {
        floor::insert(&bare);
    }
    let (mut lone, mut floor) = (Vec::new(), Vec::new());
    for number in &numbers {
        let start = Instant::now();
        fair.checkin(CheckinRequest::entry(number.clone(), "bench"))
            .unwrap();
        lone.push(start.elapsed());
        let start = Instant::now();
        floor::insert(&bare);
        floor.push(start.elapsed());
    }
    let (lone, floor) = (median(&mut lone), median(&mut floor));
    // From scratch (every fact loaded from the tables), as a fair's file is reported after the
    // day, and live (the dashboard's path: facts kept in memory, advanced by what changed).
    let mut report = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let r = fair.full_report(ReportRange::all()).unwrap();
        report.push(start.elapsed());
        assert!(u64::from(r.people) <= on_file);
    }
    let report = median(&mut report);
    fair.report(ReportRange::all()).unwrap();
    let mut live = Vec::new();
    for round in 0..3 {
        // 20 people leave between two refreshes: the live report has changes to take in.
        for number in numbers.iter().skip(round * 20).take(20) {
            let mut exit = CheckinRequest::entry(number.clone(), "bench");
            exit.direction = fairdesk::domain::Direction::Out;
            fair.checkin(exit).unwrap();
        }
        let start = Instant::now();
        fair.report(ReportRange::all()).unwrap();
        live.push(start.elapsed());
    }
    let live = median(&mut live);
    // A booth console's refresh (a desk that served part of the day) and the board's after a
    // change, which must not grow with the day's finished tickets.
    let desk: String = fair
        .with_store(|s| {
            s.connection().query_row(
                "SELECT code FROM desk WHERE id = (SELECT MIN(desk_id) FROM ticket WHERE state = 'done')",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    let (mut console, mut board) = (Vec::new(), Vec::new());
    for number in numbers.iter().skip(60).take(20) {
        let start = Instant::now();
        assert!(!fair.desk_view(&desk).unwrap().recent.is_empty());
        console.push(start.elapsed());
        let mut exit = CheckinRequest::entry(number.clone(), "bench");
        exit.direction = fairdesk::domain::Direction::Out;
        fair.checkin(exit).unwrap();
        let start = Instant::now();
        fair.board().unwrap();
        board.push(start.elapsed());
    }
    let (console, board) = (median(&mut console), median(&mut board));
    println!(
        "| {on_file:>9} | {tickets:>9} | {:>7.0} µs | {:>7.0} µs | {:>5.2}× | {:>9.1} ms | {:>7.2} ms | {:>6.2} ms | {:>6.2} ms | {:>6.1} s | {} |",
        lone.as_secs_f64() * 1e6,
        floor.as_secs_f64() * 1e6,
        lone.as_secs_f64() / floor.as_secs_f64(),
        ms(report),
        ms(live),
        ms(console),
        ms(board),
        made.as_secs_f64(),
        load_average()
    );
}

fn checkins(report: &LoadReport) -> (f64, f64, u64) {
    let c = report.ops.get("checkin").cloned().unwrap_or_default();
    let failed = report.ops.values().map(|s| s.failed).sum();
    (c.per_s, c.p99_ms, failed)
}

/// One row of the second table: the hub, then the same mix in process, each on a fresh demo
/// fair.
fn station_row(dir: &Path, stations: usize, seconds: u64) {
    let config = LoadConfig {
        stations,
        duration: Duration::from_secs(seconds),
        ..LoadConfig::default()
    };
    let db = dir.join(format!("hub-{stations}.db"));
    fairdesk::demo::create(&db, fairdesk::cli::today_in_vietnam()).unwrap();
    let token = fairdesk::hub::auth::issue(
        &fairdesk::store::TokenStore::open(&db).unwrap(),
        fairdesk::hub::auth::Role::Organiser,
        None,
        Utc::now(),
    )
    .unwrap()
    .token;
    let hub = RunningHub::start(&db, "127.0.0.1:0").unwrap();
    // The stations as `fairdesk loadtest` runs them: tasks of one event loop, each with its
    // own connection.
    let client = HubClient::connect(&hub.url(), &token, None).unwrap();
    let target = HubTarget::new(hub.addr(), &token, None).unwrap();
    let over_hub = loadtest::run_http(&client, &target, &config).unwrap();
    hub.stop();
    let local = dir.join(format!("local-{stations}.db"));
    let fair: Arc<dyn FairApi> =
        Arc::new(fairdesk::demo::create(&local, fairdesk::cli::today_in_vietnam()).unwrap());
    let in_process = loadtest::run(&move || Arc::clone(&fair), &config).unwrap();
    let (hub_per_s, hub_p99, hub_failed) = checkins(&over_hub);
    let (local_per_s, local_p99, local_failed) = checkins(&in_process);
    println!(
        "| {stations:>8} | {hub_per_s:>8.0} | {hub_p99:>7.1} ms | {hub_failed:>6} | {local_per_s:>8.0} | {local_p99:>7.1} ms | {local_failed:>6} | {:>5.2} | {} |",
        hub_per_s / local_per_s.max(1e-9),
        load_average()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing of ours either.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    std::fs::create_dir_all("target/bench-data").unwrap();
    let sizes = list("SCALING_SIZES", "1000,10000,100000,1000000");
    let stations = list("SCALING_STATIONS", "1,10,50,200");
    let seconds = list("SCALING_SECONDS", "5").first().copied().unwrap_or(5) as u64;
    println!(
        "scaling run {} UTC, {} cores, load average at start {}",
        Utc::now().format("%Y-%m-%d %H:%M"),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    println!();
    println!(
        "| attendees | tickets | check-in (median) | bare INSERT (median) | ratio | report from scratch (median of 3) | live report after 20 exits (median of 3) | desk view (median of 20) | board after an exit (median of 20) | setup | load average |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for n in sizes {
        let dir = tempfile::tempdir_in("target/bench-data").unwrap();
        size_row(dir.path(), n);
    }
    println!();
    println!(
        "| stations | hub check-ins/s | hub check-in p99 | hub failed | in-process check-ins/s | in-process p99 | in-process failed | hub share | load average |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for n in stations {
        let dir = tempfile::tempdir_in("target/bench-data").unwrap();
        station_row(dir.path(), n, seconds);
    }
}
