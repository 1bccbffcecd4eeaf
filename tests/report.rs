//! The headcount report: numbers, time ranges, exports, and a rebuild from the log alone.

mod common;

use chrono::{TimeZone, Utc};
use common::TestFair;
use fairdesk::api::{CheckinRequest, FairApi, ProfileUpdate, StaffAction, Target};
use fairdesk::domain::{Household, Outcome};
use fairdesk::report::{ReportRange, to_csv};

/// A small morning: 12 people, some walk-ins, tickets served with outcomes, one no-show.
fn morning(t: &TestFair) {
    for n in 1..=10 {
        let code = t.checked_in(n);
        t.fair
            .issue_ticket(&code, if n % 2 == 0 { "A" } else { "B" }, None)
            .unwrap();
        if n % 3 == 0 {
            t.fair.issue_ticket(&code, "T", None).unwrap();
        }
        t.advance_min(4);
    }
    for card in [
        "019095001234||Nguyễn Văn Ân|15031995|Nam|Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20042021",
        "019305001777||Ma Thị Hà|01012005|Nữ|Thôn 3, Xã Phú Đô, Tỉnh Thái Nguyên|01012022",
    ] {
        let r = t
            .fair
            .checkin(CheckinRequest::entry(card, "kiosk"))
            .unwrap();
        let code = r.attendee.unwrap().code;
        t.fair
            .update_attendee(
                &code,
                ProfileUpdate {
                    household: Some(Household::Poor),
                    ..Default::default()
                },
            )
            .unwrap();
        t.fair.issue_ticket(&code, "T", None).unwrap();
    }
    let desk = |d: &str| Target::Desk(d.into());
    for (d, outcome) in [
        ("A1", Outcome::Hired),
        ("B1", Outcome::Interviewed),
        ("T1", Outcome::Training),
        ("T2", Outcome::Counselled),
    ] {
        t.fair.call_next(d).unwrap().unwrap();
        t.advance_min(1);
        t.fair.act(desk(d), StaffAction::Start).unwrap();
        t.advance_min(6);
        t.fair
            .act(
                desk(d),
                StaffAction::Finish {
                    outcome,
                    note: None,
                },
            )
            .unwrap();
    }
    t.fair.call_next("A1").unwrap().unwrap();
    t.fair.act(desk("A1"), StaffAction::NoShow).unwrap();
    t.checked_in(1); // a re-entry
}

#[test]
fn the_report_counts_people_visits_and_target_groups() {
    let t = TestFair::new();
    morning(&t);
    let r = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!(r.people, 12);
    assert_eq!(r.checkins, 13, "one re-entry");
    assert_eq!((r.walk_ins, r.pre_registered), (2, 10));
    assert_eq!(r.totals.visits, 4);
    assert_eq!(r.totals.hired, 1);
    assert_eq!(r.totals.training, 1);
    assert_eq!(r.totals.interviewed, 2);
    assert_eq!(r.totals.counselled, 2);
    assert_eq!(r.totals.employers, 10);
    assert_eq!(r.by_commune.iter().map(|c| c.people).sum::<u32>(), 12);
    assert_eq!(r.by_gender.iter().map(|c| c.people).sum::<u32>(), 12);
    assert_eq!(r.by_age_band.iter().map(|c| c.people).sum::<u32>(), 12);
    let poor = r
        .by_household
        .iter()
        .find(|c| c.key == "poor")
        .unwrap()
        .people;
    assert!(poor >= 2, "both walk-ins said poor");
    let phu_do = r
        .by_commune
        .iter()
        .find(|c| c.label == "Xã Phú Đô")
        .unwrap();
    assert!(phu_do.people >= 1);
    let a = r.booths.iter().find(|b| b.code == "A").unwrap();
    assert_eq!((a.issued, a.served, a.no_show), (5, 1, 1));
    assert_eq!(a.outcomes["hired"], 1);
    assert_eq!(a.median_service_s, Some(360));
    assert!(a.median_wait_s.is_some() && a.p90_wait_s >= a.median_wait_s);
    assert_eq!(r.arrivals.iter().map(|s| s.people).sum::<u32>(), 12);
    assert_eq!(r.arrivals.first().unwrap().start, "08:00");
}

#[test]
fn the_headcount_rebuilt_from_the_log_alone_is_the_same() {
    let t = TestFair::new();
    morning(&t);
    assert_eq!(t.report_rebuilt_from_log().people, 12);
}

#[test]
fn a_report_can_be_limited_to_a_session() {
    let t = TestFair::new();
    for n in 1..=3 {
        t.checked_in(n);
    }
    // Afternoon session from 13:00 local (06:00 UTC).
    t.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 27, 6, 30, 0).unwrap());
    t.checked_in(1);
    t.checked_in(4);
    let afternoon = ReportRange {
        from: Some(Utc.with_ymd_and_hms(2026, 11, 27, 6, 0, 0).unwrap()),
        to: None,
    };
    let morning = ReportRange {
        from: None,
        to: afternoon.from,
    };
    assert_eq!(t.fair.report(morning).unwrap().people, 3);
    let pm = t.fair.report(afternoon).unwrap();
    assert_eq!((pm.people, pm.checkins), (2, 2));
    assert_eq!(t.fair.report(ReportRange::all()).unwrap().people, 4);
}

#[test]
fn the_csv_export_starts_with_a_bom_and_keeps_vietnamese_text() {
    let t = TestFair::new();
    morning(&t);
    let csv = to_csv(&t.fair.report(ReportRange::all()).unwrap()).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("Xã Yên Ninh"));
    assert!(text.contains("people,12"));
    assert!(text.contains("\nbooths\n"));
}

#[test]
fn an_online_backup_is_a_consistent_copy() {
    let t = TestFair::new();
    morning(&t);
    let out = t.dir.path().join("backup.db");
    t.fair.with_store(|s| s.backup(&out)).unwrap();
    let copy = fairdesk::fair::Fair::open(&out).unwrap();
    assert_eq!(copy.report(ReportRange::all()).unwrap().people, 12);
    assert_eq!(copy.log().unwrap().len(), t.fair.log().unwrap().len());
}

#[test]
fn a_backup_completes_while_stations_keep_writing() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let t = TestFair::new();
    morning(&t);
    let out = t.dir.path().join("busy-backup.db");
    let stop = AtomicBool::new(false);
    let written = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // Re-entries are full write transactions, as fast as the disk allows: far more
            // than the 5 writes/s under which the old page-stepping backup never finished.
            let code = t.code(1);
            while !stop.load(Ordering::Relaxed) {
                t.fair
                    .checkin(CheckinRequest::entry(format!("FD1:PL26:{code}"), "door"))
                    .unwrap();
                written.fetch_add(1, Ordering::Relaxed);
            }
        });
        while written.load(Ordering::Relaxed) < 20 {
            std::thread::yield_now();
        }
        let before = t.fair.log().unwrap().len();
        let result = t.fair.with_store(|s| s.backup(&out));
        stop.store(true, Ordering::Relaxed);
        result.unwrap();
        let copy = fairdesk::fair::Fair::open(&out).unwrap();
        let integrity: String = copy.with_store(|s| {
            s.connection()
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap()
        });
        assert_eq!(integrity, "ok");
        assert!(
            copy.log().unwrap().len() >= before,
            "the copy lost confirmed writes"
        );
        assert_eq!(copy.report(ReportRange::all()).unwrap().people, 12);
    });
    assert!(written.load(Ordering::Relaxed) > 20);
    let leftovers: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_failed_or_killed_backup_leaves_no_partial_file() {
    let t = TestFair::new();
    // A run killed half-way left its temporary file: the next run replaces it and finishes.
    let out = t.dir.path().join("b.db");
    std::fs::write(t.dir.path().join(".b.db.partial"), b"half a database").unwrap();
    t.fair.with_store(|s| s.backup(&out)).unwrap();
    assert!(!t.dir.path().join(".b.db.partial").exists());
    assert!(fairdesk::fair::Fair::open(&out).is_ok());
    // A backup that cannot be written fails and leaves nothing under either name.
    let missing = t.dir.path().join("no-such-dir").join("c.db");
    assert!(t.fair.with_store(|s| s.backup(&missing)).is_err());
    assert!(!missing.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a backup holds personal data");
    }
}
