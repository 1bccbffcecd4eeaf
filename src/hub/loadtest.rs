//! A simulated fair for throughput and latency figures (`fairdesk loadtest`).
//!
//! Against a hub ([`run_http`]) the stations are tasks of one event loop on one thread, each
//! with its own connection, so that on a machine shared with the hub the generator costs one
//! thread and not one per station. [`run`] gives each station a thread calling a
//! [`FairApi`]: the shared in-process [`crate::fair::Fair`] for comparison, or a
//! [`crate::hub::HubClient`] per station (`--blocking-stations`). The mix, written once in
//! `station.rs`:
//! - kiosks (40 %) scan ID cards of new walk-ins and issue each a ticket at an employer;
//! - booths (the rest) call, start and finish at their desk, as fast as people arrive;
//! - boards (10 %) redraw when something changed (long-poll, then read the board), at most
//!   every [`crate::api::BOARD_POLL_PERIOD_S`] as the real board does;
//! - one dashboard reads the report once a second.
//!
//! With [`LoadConfig::checkins_only`] every station is a kiosk that only checks walk-ins in (no
//! tickets, booths, boards or dashboard): the hub's check-in path alone, as a script of plain
//! HTTP clients would drive it.
//!
//! Every loop is bounded by the duration and by [`LoadConfig::max_ops_per_station`].
//! Refusals the fair itself produces (a desk already busy, too many open tickets) are counted
//! apart from failures.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use futures_util::future::join_all;
use serde::Serialize;

use crate::api::{FairApi, FairError};
use crate::domain::BoothKind;

mod http_station;
mod station;

use http_station::HttpStation;
pub use http_station::HubTarget;
use station::{Blocking, Shift, Station, block_on, run_station};

/// What to simulate.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// Stations in all.
    pub stations: usize,
    /// How long to run.
    pub duration: Duration,
    /// A hard cap on each station's operations, so a loop can never run away.
    pub max_ops_per_station: u64,
    /// Varies the generated ID numbers between runs on the same database.
    pub seed: u64,
    /// Every station a kiosk checking walk-ins in, and nothing else.
    pub checkins_only: bool,
}

impl Default for LoadConfig {
    fn default() -> Self {
        Self {
            stations: 50,
            duration: Duration::from_secs(10),
            max_ops_per_station: 1_000_000,
            seed: 1,
            checkins_only: false,
        }
    }
}

/// Figures for one kind of operation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OpStats {
    pub count: u64,
    /// Answered with a refusal the fair is expected to give now and then (409).
    pub refused: u64,
    /// Failed (unreachable, storage, anything unexpected).
    pub failed: u64,
    pub per_s: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// The result of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LoadReport {
    pub stations: usize,
    pub kiosks: usize,
    pub booths: usize,
    pub boards: usize,
    pub dashboards: usize,
    pub elapsed_s: f64,
    pub ops: BTreeMap<String, OpStats>,
}

impl LoadReport {
    /// A plain-text table.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} stations ({} kiosks, {} booths, {} boards, {} dashboards), {:.1} s",
            self.stations, self.kiosks, self.booths, self.boards, self.dashboards, self.elapsed_s
        );
        let _ = writeln!(
            out,
            "{:<10} {:>8} {:>8} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
            "op", "count", "refused", "failed", "per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms"
        );
        for (name, s) in &self.ops {
            let _ = writeln!(
                out,
                "{:<10} {:>8} {:>8} {:>7} {:>9.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
                name, s.count, s.refused, s.failed, s.per_s, s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms
            );
        }
        out
    }
}

/// `loadtest --json`: the figures in the shape scripts compare between runs (issue 19).
#[derive(Debug, Clone, Serialize)]
pub struct LoadSummary {
    pub stations: usize,
    pub duration_s: f64,
    /// By operation: `checkin`, `ticket`, `call`, …
    pub operations: BTreeMap<String, OpFigures>,
    /// Failed requests of every operation (refusals the fair gives now and then are not
    /// failures).
    pub failed: u64,
    /// The hub's (or, in process, this process's) peak resident memory; `null` when it
    /// cannot be read.
    pub hub_peak_rss_mb: Option<f64>,
}

/// One operation's figures in a [`LoadSummary`].
#[derive(Debug, Clone, Serialize)]
pub struct OpFigures {
    pub count: u64,
    pub per_s: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl LoadReport {
    /// The [`LoadSummary`] of this run, with the hub's peak memory if known.
    pub fn summary(&self, hub_peak_rss_mb: Option<f64>) -> LoadSummary {
        LoadSummary {
            stations: self.stations,
            duration_s: self.elapsed_s,
            operations: self
                .ops
                .iter()
                .map(|(name, s)| {
                    let figures = OpFigures {
                        count: s.count,
                        per_s: s.per_s,
                        p50_ms: s.p50_ms,
                        p90_ms: s.p90_ms,
                        p99_ms: s.p99_ms,
                        max_ms: s.max_ms,
                    };
                    (name.clone(), figures)
                })
                .collect(),
            failed: self.ops.values().map(|s| s.failed).sum(),
            hub_peak_rss_mb,
        }
    }
}

/// This process's peak resident memory in MB (`VmHWM`), where the system tells it (Linux).
pub fn own_peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

#[derive(Default)]
struct Samples {
    by_op: BTreeMap<&'static str, (Vec<Duration>, u64, u64)>,
}

impl Samples {
    fn record<T>(&mut self, op: &'static str, started: Instant, result: &Result<T, FairError>) {
        let entry = self.by_op.entry(op).or_default();
        entry.0.push(started.elapsed());
        match result {
            Ok(_) => {}
            Err(e) if is_refusal(e) => entry.1 += 1,
            Err(_) => entry.2 += 1,
        }
    }

    fn merge(&mut self, other: Samples) {
        for (op, (mut times, refused, failed)) in other.by_op {
            let entry = self.by_op.entry(op).or_default();
            entry.0.append(&mut times);
            entry.1 += refused;
            entry.2 += failed;
        }
    }
}

fn is_refusal(err: &FairError) -> bool {
    !matches!(
        err,
        FairError::Unavailable { .. }
            | FairError::Storage { .. }
            | FairError::Invalid { .. }
            | FairError::TooLong { .. }
            | FairError::Throttled { .. }
            | FairError::TooManyAttempts { .. }
    )
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    // Nearest-rank percentile.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    let index = rank.saturating_sub(1).min(sorted.len() - 1);
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// A CCCD QR payload for a made-up walk-in, unique per `serial` (0..1,000,000).
pub fn walk_in_card(serial: u64, today: NaiveDate) -> String {
    let male = serial % 2 == 0;
    let year = 1975 + (serial % 30) as i32;
    let month = 1 + (serial / 30 % 12) as u32;
    let day = 1 + (serial / 360 % 28) as u32;
    let century = match (year >= 2000, male) {
        (false, true) => 0,
        (false, false) => 1,
        (true, true) => 2,
        (true, false) => 3,
    };
    let number = format!("019{century}{:02}{:06}", year % 100, serial % 1_000_000);
    let (name, gender) = if male {
        ("Nguyễn Văn Thử", "Nam")
    } else {
        ("Trần Thị Thử", "Nữ")
    };
    let issued = today.year() - 1;
    format!(
        "{number}||{name}|{day:02}{month:02}{year}|{gender}|Xóm Đồng, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|0101{issued}"
    )
}

/// The stations of a run and what they work on, read from the fair before it starts.
struct Plan {
    stations: Vec<Station>,
    kiosks: usize,
    booths: usize,
    boards: usize,
    dashboards: usize,
    today: NaiveDate,
    employers: Vec<String>,
}

impl Plan {
    fn read(setup: &dyn FairApi, config: &LoadConfig) -> Result<Self, FairError> {
        let event = setup.event()?;
        let booths = setup.booths()?;
        let employers: Vec<String> = booths
            .iter()
            .filter(|b| b.kind == BoothKind::Employer && b.open)
            .map(|b| b.code.clone())
            .collect();
        let desks: Vec<String> = booths
            .iter()
            .filter(|b| b.kind == BoothKind::Employer)
            .flat_map(|b| b.desks.iter().map(|d| d.code.clone()))
            .collect();
        let n = config.stations.max(1);
        let (kiosks, boards, dashboards) = if config.checkins_only {
            (n, 0, 0)
        } else {
            (
                (n * 4 / 10).max(1),
                if n >= 4 { (n / 10).max(1) } else { 0 },
                usize::from(n >= 5),
            )
        };
        let booth_count = n.saturating_sub(kiosks + boards + dashboards);
        let mut stations = Vec::new();
        for i in 0..kiosks {
            stations.push(Station::Kiosk { index: i as u64 });
        }
        for i in 0..booth_count {
            if let Some(desk) = desks.get(i % desks.len().max(1)) {
                stations.push(Station::Booth { desk: desk.clone() });
            }
        }
        stations.extend((0..boards).map(|_| Station::Board));
        stations.extend((0..dashboards).map(|_| Station::Dashboard));
        Ok(Self {
            stations,
            kiosks,
            booths: booth_count,
            boards,
            dashboards,
            today: event.date,
            employers,
        })
    }

    /// What every station shares for a run that starts at `started`.
    fn shift<'a>(&'a self, config: &'a LoadConfig, started: Instant) -> Shift<'a> {
        Shift {
            config,
            deadline: started + config.duration,
            today: self.today,
            employers: &self.employers,
        }
    }

    fn report(&self, all: Samples, elapsed: f64) -> LoadReport {
        let ops = all
            .by_op
            .into_iter()
            .map(|(op, (mut times, refused, failed))| {
                times.sort_unstable();
                let stats = OpStats {
                    count: times.len() as u64,
                    refused,
                    failed,
                    per_s: times.len() as f64 / elapsed.max(1e-9),
                    p50_ms: percentile(&times, 50.0),
                    p90_ms: percentile(&times, 90.0),
                    p99_ms: percentile(&times, 99.0),
                    max_ms: times.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
                };
                (op.to_string(), stats)
            })
            .collect();
        LoadReport {
            stations: self.stations.len(),
            kiosks: self.kiosks,
            booths: self.booths,
            boards: self.boards,
            dashboards: self.dashboards,
            elapsed_s: elapsed,
            ops,
        }
    }
}

/// Runs a simulated fair with a thread per station calling a [`FairApi`]: `connect` gives
/// each station its own (the engine in process, or a [`crate::hub::HubClient`] each).
pub fn run(
    connect: &(dyn Fn() -> Arc<dyn FairApi> + Sync),
    config: &LoadConfig,
) -> Result<LoadReport, FairError> {
    let plan = Plan::read(&*connect(), config)?;
    let started = Instant::now();
    let shift = plan.shift(config, started);
    let mut all = Samples::default();
    std::thread::scope(|scope| {
        let handles: Vec<_> = plan
            .stations
            .iter()
            .map(|station| {
                let api = connect();
                let shift = &shift;
                scope.spawn(move || block_on(run_station(&Blocking(&*api), station, shift)))
            })
            .collect();
        for handle in handles {
            if let Ok(samples) = handle.join() {
                all.merge(samples);
            }
        }
    });
    Ok(plan.report(all, started.elapsed().as_secs_f64()))
}

/// Runs a simulated fair against the hub at `target`, every station a task of one event loop
/// on this thread, each with its own connection. `setup` reads the fair's booths first.
pub fn run_http(
    setup: &dyn FairApi,
    target: &HubTarget,
    config: &LoadConfig,
) -> Result<LoadReport, FairError> {
    let plan = Plan::read(setup, config)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FairError::Unavailable {
            message: format!("cannot start the load generator's event loop ({e})"),
        })?;
    let started = Instant::now();
    let shift = plan.shift(config, started);
    let stations = plan.stations.iter().map(|station| {
        let shift = &shift;
        async move { run_station(&HttpStation::new(target), station, shift).await }
    });
    let local = tokio::task::LocalSet::new();
    // The stations run concurrently inside one future (they borrow the plan); each
    // connection's driver is a task of the `LocalSet`.
    let all = local.block_on(&runtime, async {
        let mut all = Samples::default();
        for samples in join_all(stations).await {
            all.merge(samples);
        }
        all
    });
    Ok(plan.report(all, started.elapsed().as_secs_f64()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scan::{Scan, classify};

    #[test]
    fn the_summary_sums_failures_and_keeps_every_operation() {
        let mut report = LoadReport {
            stations: 3,
            elapsed_s: 2.0,
            ..LoadReport::default()
        };
        for (op, failed) in [("checkin", 2), ("ticket", 1)] {
            let stats = OpStats {
                count: 10,
                failed,
                per_s: 5.0,
                ..OpStats::default()
            };
            report.ops.insert(op.into(), stats);
        }
        let json = serde_json::to_value(report.summary(None)).unwrap();
        assert_eq!(json["failed"], 3);
        assert_eq!(json["duration_s"], 2.0);
        assert_eq!(json["operations"]["checkin"]["per_s"], 5.0);
        assert!(json["hub_peak_rss_mb"].is_null());
        assert!(json["operations"]["ticket"].get("refused").is_none());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_peak_memory_of_this_process_is_read() {
        assert!(own_peak_rss_mb().is_some_and(|mb| mb > 1.0));
    }

    #[test]
    fn generated_walk_in_cards_are_valid_and_distinct() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let mut numbers = std::collections::HashSet::new();
        for serial in 500_000..500_500 {
            let Ok(Scan::Cccd(card)) = classify(&walk_in_card(serial, today), today) else {
                panic!("serial {serial} gives no valid card");
            };
            assert!(numbers.insert(card.id.number));
        }
    }
}
