//! Central database benchmarks (issue 16), against a throwaway PostgreSQL server (see
//! tests/pg/mod.rs; skipped loudly without PostgreSQL binaries). Databases live under
//! target/bench-data.
//!
//! - `sync/100k_300k_empty`: `fairdesk sync` of a fair with 100,000 attendees (each with its
//!   log row), 100,000 check-ins and 300,000 tickets into an empty central database.
//! - `sync/nothing_new`: the same sync again, with nothing new.
//! - `programme/50_fairs_200k_visits`: the programme report over 50 synced fairs of 4,000
//!   people each, read from PostgreSQL and computed.
//!
//! Run it with `cargo bench --bench central` (optimised). Not criterion: one empty-database sync takes tens of seconds, and criterion's ten samples
//! at the least would make this bench take many minutes on the 2-core build machine. Each
//! figure is the median of a few timed runs, printed as `name: median (runs)`.

#[path = "../tests/pg/mod.rs"]
mod pg;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use fairdesk::api::FairApi;
use fairdesk::central::source::{self, DateRange};
use fairdesk::central::{programme, schema, sync};
use fairdesk::fair::{Fair, ManualClock};

fn bench_dir() -> tempfile::TempDir {
    std::fs::create_dir_all("target/bench-data").ok();
    tempfile::tempdir_in("target/bench-data").unwrap()
}

/// A fair of `people` attendees, each checked in once with `tickets` tickets.
fn fair(path: &std::path::Path, code: &str, date: NaiveDate, people: usize, tickets: u32) -> Fair {
    let start = Utc.from_utc_datetime(&date.and_hms_opt(0, 30, 0).unwrap());
    let clock = Arc::new(ManualClock::new(start));
    let mut setup = fairdesk::demo::setup(date);
    setup.code = code.into();
    let fair = Fair::init_with_clock(path, &setup, clock).unwrap();
    let communes: Vec<i64> = fair.event().unwrap().commune_ids();
    let seed = u64::from(code.bytes().map(u32::from).sum::<u32>());
    fair.add_attendees(&fairdesk::demo::attendees(people, &communes, seed), None)
        .unwrap();
    fair.with_store(|s| s.synthesize_day(start, tickets))
        .unwrap();
    fair
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name}: {:.3} s (median of {} runs)",
        median.as_secs_f64(),
        times.len()
    );
}

fn main() {
    let Some(pg) = pg::Pg::start() else { return };
    let dir = bench_dir();
    let date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();

    // `FAIRDESK_BENCH_ONLY=programme` skips the syncs of the big fair (minutes on a 2-core
    // machine) when only the report is being worked on.
    let only_programme = std::env::var("FAIRDESK_BENCH_ONLY").as_deref() == Ok("programme");
    if !only_programme {
        sync_bench(&pg, &dir, date);
    }
    programme_bench(&pg, &dir, date);
}

fn sync_bench(pg: &pg::Pg, dir: &tempfile::TempDir, date: NaiveDate) {
    let big = dir.path().join("big.db");
    drop(fair(&big, "BIG", date, 100_000, 3));
    let mut empty_syncs = Vec::new();
    let mut nothing_new = Vec::new();
    for run in 0..3 {
        let url = pg.create_db(&format!("big{run}"));
        let t = Instant::now();
        let s = sync::sync(&big, &url, sync::DEFAULT_BATCH_ROWS).unwrap();
        empty_syncs.push(t.elapsed());
        // An attendee registered in one batch's log rows and listed by id in another is
        // written twice: the summary counts rows written.
        assert!(s.attendees >= 100_000);
        assert_eq!((s.tickets, s.checkins), (300_000, 100_000));
        let t = Instant::now();
        let again = sync::sync(&big, &url, sync::DEFAULT_BATCH_ROWS).unwrap();
        nothing_new.push(t.elapsed());
        assert_eq!(again.batches, 0);
    }
    report("sync/100k_300k_empty", empty_syncs);
    report("sync/nothing_new", nothing_new);
}

fn programme_bench(pg: &pg::Pg, dir: &tempfile::TempDir, date: NaiveDate) {
    let url = pg.create_db("programme");
    for k in 0..50 {
        let path = dir.path().join(format!("p{k}.db"));
        drop(fair(
            &path,
            &format!("P{k}"),
            date + chrono::Duration::days(k),
            4_000,
            2,
        ));
        sync::sync(&path, &url, sync::DEFAULT_BATCH_ROWS).unwrap();
    }
    let mut client = fairdesk::central::connect(&url).unwrap();
    schema::check(&mut client).unwrap();
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let inputs = source::from_central(&mut client, DateRange::default()).unwrap();
        let p = programme::compute(&inputs, DateRange::default(), Utc::now());
        times.push(t.elapsed());
        assert_eq!((p.fairs.len(), p.visits), (50, 200_000));
    }
    report("programme/50_fairs_200k_visits", times);
    // The parts: reading from PostgreSQL, and computing.
    let t = Instant::now();
    let inputs = source::from_central(&mut client, DateRange::default()).unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    programme::compute(&inputs, DateRange::default(), Utc::now());
    println!(
        "programme parts: read {:.3} s, compute {:.3} s",
        read.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
}
