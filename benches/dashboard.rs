//! One dashboard frame, layout only (no GPU): `egui::Context::run` with the same
//! `dashboard_ui` the app draws, over a prepared snapshot of a fair with 40 booths and
//! 10,000 tickets (5,000 attendees, two tickets each, in a spread of states). Aim: < 4 ms.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use fairdesk::api::FairApi;
use fairdesk::domain::BoothKind;
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
    let communes: Vec<i64> = fair
        .event()
        .unwrap()
        .communes
        .iter()
        .map(|c| c.id)
        .collect();
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = dashboard_frame
}
criterion_main!(benches);
