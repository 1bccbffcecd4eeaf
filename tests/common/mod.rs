//! Shared set-up for integration tests: a real demo fair in a temp directory, on a clock the
//! test moves by hand.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fairdesk::api::{BoothStatus, CheckinRequest, CheckinStatus, FairApi};
use fairdesk::fair::{Fair, ManualClock};
use fairdesk::report::{Facts, Report, ReportRange};

/// The demo fair's date in these tests.
pub fn event_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// A demo fair on disk plus the clock it runs on (08:00 in Vietnam on the event day).
pub struct TestFair {
    pub dir: tempfile::TempDir,
    pub fair: Fair,
    pub clock: Arc<ManualClock>,
}

impl TestFair {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fair.db");
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap(),
        ));
        let setup = fairdesk::demo::setup(event_date());
        let fair = Fair::init_with_clock(&path, &setup, clock.clone()).unwrap();
        fairdesk::demo::seed_attendees(&fair).unwrap();
        Self { dir, fair, clock }
    }

    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("fair.db")
    }

    pub fn advance_min(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
    }

    /// The registration code of demo attendee `n` (1-based row id).
    pub fn code(&self, n: i64) -> String {
        self.fair
            .with_store(|s| s.read(|tx| Ok(tx.attendee(n)?.unwrap().code)))
            .unwrap()
    }

    /// Checks demo attendee `n` in by registration code; returns the code.
    pub fn checked_in(&self, n: i64) -> String {
        let code = self.code(n);
        let reply = self
            .fair
            .checkin(CheckinRequest::entry(format!("FD1:PL26:{code}"), "test"))
            .unwrap();
        assert!(matches!(
            reply.status,
            CheckinStatus::CheckedIn | CheckinStatus::ReEntry
        ));
        code
    }

    /// Booth `code` as `FairApi::booths` shows it.
    pub fn booth(&self, code: &str) -> BoothStatus {
        self.fair
            .booths()
            .unwrap()
            .into_iter()
            .find(|b| b.code == code)
            .unwrap_or_else(|| panic!("no booth {code}"))
    }

    /// The headcount report rebuilt from the log alone, after checking that it equals the one
    /// from the tables.
    pub fn report_rebuilt_from_log(&self) -> Report {
        let now = self.fair.now();
        let from_state = Report::compute(&self.fair.facts().unwrap(), ReportRange::all(), now);
        let from_log = Report::compute(
            &Facts::from_log(self.fair.event().unwrap(), &self.fair.log().unwrap()),
            ReportRange::all(),
            now,
        );
        assert_eq!(from_state, from_log);
        from_log
    }
}
