//! One dashboard frame, layout only (no GPU): `egui::Context::run` with the same
//! `dashboard_ui` the app draws, over a prepared snapshot of a fair with 40 booths and
//! 10,000 tickets (5,000 attendees, two tickets each, in a spread of states). Aim: < 4 ms.
//!
//! And one dashboard refresh on the hub's side (issue 19), on a 100,000-attendee fair with
//! 300,000 tickets while check-ins flow: 50 entries and exits are written through the engine
//! between refreshes (untimed), then the refresh is timed as the hub serves it — the change
//! counter, the report for the whole event and every booth's status, each turned into JSON.
//! `full` computes the report from scratch (the state tables loaded, then `Report::compute`:
//! what every refresh cost before); `live` is `FairApi::report`, advanced from the log rows
//! since the last refresh. At one refresh a second, the time per refresh is the share of a
//! core one open dashboard keeps busy (aim: < 2 %, i.e. < 20 ms).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use fairdesk::api::{CheckinRequest, FairApi};
use fairdesk::domain::BoothKind;
use fairdesk::domain::Direction;
use fairdesk::fair::{BoothSetup, Fair, ManualClock};
use fairdesk::report::ReportRange;
use fairdesk::ui::dashboard::{DashboardState, Snapshot, dashboard_ui};

fn snapshot() -> Snapshot {
    std::fs::create_dir_all("target/bench-data").ok();
    let dir = tempfile::tempdir_in("target/bench-data").unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let mut setup = fairdesk::demo::setup(date);
    setup.booths = (0..40)
        .map(|i| {
            let first = char::from(b'A' + u8::try_from(i % 26).unwrap());
            BoothSetup {
                code: if i < 26 {
                    first.to_string()
                } else {
                    format!("B{first}")
                },
                kind: if i % 10 == 9 {
                    BoothKind::Counselling
                } else {
                    BoothKind::Employer
                },
                name: format!("Công ty TNHH Sản xuất số {i}"),
                location: format!("Gian {i}"),
                sectors: vec!["Điện tử".into()],
                topic: (i % 10 == 9).then(|| "job".to_string()),
                desks: 2,
                vacancies: Vec::new(),
            }
        })
        .collect();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 5, 0, 0).unwrap(),
    ));
    let fair = Fair::init_with_clock(&dir.path().join("dash.db"), &setup, clock).unwrap();
    let communes: Vec<i64> = fair.event().unwrap().commune_ids();
    fair.add_attendees(&fairdesk::demo::attendees(5_000, &communes, 1), None)
        .unwrap();
    let (_, tickets) = fair
        .with_store(|s| s.synthesize_day(Utc.with_ymd_and_hms(2026, 11, 27, 0, 30, 0).unwrap(), 2))
        .unwrap();
    assert_eq!(tickets, 10_000);
    Snapshot {
        report: fair.report(ReportRange::all()).unwrap(),
        booths: fair.booths().unwrap(),
    }
}

fn dashboard_frame(c: &mut Criterion) {
    let ctx = egui::Context::default();
    fairdesk::ui::setup_staff_context(&ctx);
    let mut state = DashboardState {
        unlocked: true,
        snapshot: Some(snapshot()),
        export_path: "target/report.csv".into(),
        ..Default::default()
    };
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1920.0, 1080.0),
        )),
        ..Default::default()
    };
    // The first frames build the font atlas and the text caches, as the app's first second does.
    for _ in 0..3 {
        let mut output = ctx.run_ui(input(), |ui| {
            let _ = dashboard_ui(ui, &mut state);
        });
        // No renderer here: drop the font atlas uploads on purpose.
        output.textures_delta.clear();
    }
    c.bench_function("dashboard/frame_40_booths_10k_tickets", |b| {
        b.iter(|| {
            let mut output = ctx.run_ui(input(), |ui| {
                let _ = dashboard_ui(ui, &mut state);
            });
            output.textures_delta.clear();
            std::hint::black_box(output.shapes.len())
        })
    });
}

/// Check-ins written between two refreshes: a busy entrance (several kiosks at once) for the
/// second between them.
const CHECKINS_PER_REFRESH: usize = 50;

/// A 100,000-attendee fair, everyone in and three tickets each (the engine bench's report fair).
fn big_fair(path: &std::path::Path) -> (Fair, Vec<String>) {
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 5, 0, 0).unwrap(),
    ));
    let setup = fairdesk::demo::setup(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let fair = Fair::init_with_clock(path, &setup, clock).unwrap();
    let communes: Vec<i64> = fair.event().unwrap().commune_ids();
    let codes = fair
        .add_attendees(&fairdesk::demo::attendees(100_000, &communes, 1), None)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect();
    let (people, tickets) = fair
        .with_store(|s| s.synthesize_day(Utc.with_ymd_and_hms(2026, 11, 27, 0, 30, 0).unwrap(), 3))
        .unwrap();
    assert_eq!((people, tickets), (100_000, 300_000));
    (fair, codes)
}

/// One refresh as the hub answers it: counter, report, booths, as JSON. Returns the time the
/// report itself took.
fn refresh(fair: &Fair, live: bool) -> Duration {
    let counter = fair.change_counter().unwrap();
    let started = Instant::now();
    let report = if live {
        fair.report(ReportRange::all()).unwrap()
    } else {
        fair.full_report(ReportRange::all()).unwrap()
    };
    let report_took = started.elapsed();
    let booths = fair.booths().unwrap();
    let body =
        serde_json::to_vec(&report).unwrap().len() + serde_json::to_vec(&booths).unwrap().len();
    std::hint::black_box((counter, body));
    report_took
}

/// The bench's own heap, counted: how much the facts kept in memory hold, apart from
/// SQLite's page cache (SQLite allocates outside Rust's allocator) and from freed memory the
/// process keeps (which resident-memory figures mix in).
struct Counting;

static HEAP: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System` unchanged; only a counter is moved besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HEAP.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HEAP.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HEAP.fetch_add(new_size, Ordering::Relaxed);
        HEAP.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn heap_mb() -> f64 {
    HEAP.load(Ordering::Relaxed) as f64 / (1024.0 * 1024.0)
}

/// Refreshes timed per path. The full path is slow (that is the point), so fewer of it.
const FULL_REFRESHES: usize = 30;
const LIVE_REFRESHES: usize = 200;

/// Times one refresh after each flow of check-ins. Not a criterion loop: criterion sizes its
/// loops by the timed part, and the untimed check-ins (fsync'd writes) would then run for
/// many minutes. Prints median, p90, mean and the share of a core at one refresh a second.
fn dashboard_refresh(_: &mut Criterion) {
    std::fs::create_dir_all("target/bench-data").ok();
    let dir = tempfile::tempdir_in("target/bench-data").unwrap();
    let (fair, codes) = big_fair(&dir.path().join("refresh.db"));
    let mut next = 0usize;
    let mut flow = |fair: &Fair| {
        for _ in 0..CHECKINS_PER_REFRESH {
            // Exits and re-entries of people spread over the file, so "on site now" moves.
            let code = &codes[(next * 7_919) % codes.len()];
            let mut scan = CheckinRequest::entry(format!("FD1:PL26:{code}"), "bench");
            scan.direction = if next % 2 == 0 {
                Direction::Out
            } else {
                Direction::In
            };
            fair.checkin(scan).unwrap();
            next += 1;
        }
    };
    for (name, live, refreshes) in [
        ("live", true, LIVE_REFRESHES),
        ("full", false, FULL_REFRESHES),
    ] {
        // One refresh untimed: the live path loads its facts here, once per hub.
        flow(&fair);
        let before = heap_mb();
        refresh(&fair, live);
        if live {
            println!(
                "dashboard/refresh_100k_300k/live: the facts and counters kept in memory hold \
                 {:.1} MB of heap",
                heap_mb() - before
            );
        }
        let mut reports = Vec::new();
        let mut times: Vec<Duration> = (0..refreshes)
            .map(|_| {
                flow(&fair);
                let started = Instant::now();
                reports.push(refresh(&fair, live));
                started.elapsed()
            })
            .collect();
        times.sort();
        reports.sort();
        let mean = times.iter().sum::<Duration>() / u32::try_from(times.len()).unwrap();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "dashboard/refresh_100k_300k/{name}: {refreshes} refreshes, {CHECKINS_PER_REFRESH} \
             check-ins before each: median {:.2} ms, p90 {:.2} ms, mean {:.2} ms = {:.2} % of a \
             core at one refresh a second (the report alone: median {:.2} ms)",
            ms(times[times.len() / 2]),
            ms(times[times.len() * 9 / 10]),
            ms(mean),
            mean.as_secs_f64() * 100.0,
            ms(reports[reports.len() / 2]),
        );
    }
    // The live figures are the full ones, on the big fair too.
    assert_eq!(
        fair.report(ReportRange::all()).unwrap(),
        fair.full_report(ReportRange::all()).unwrap()
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = dashboard_frame, dashboard_refresh
}
criterion_main!(benches);
