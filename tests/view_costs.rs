//! What a booth console and the board cost must not grow with the day (issue 19): a desk's
//! view and the board after a change are read on a fair with a short day behind it and on one
//! with a hundred times as many finished tickets, and the SQLite instructions each read runs
//! are counted (a count, unlike a time, does not move with the machine's load).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{TimeZone, Utc};
use fairdesk::api::{CheckinRequest, FairApi};
use fairdesk::fair::{Fair, ManualClock};

struct Day {
    _dir: tempfile::TempDir,
    fair: Fair,
    /// The desk the synthetic day's tickets of a booth were served at, with some still waiting.
    desk: String,
    /// Registration codes of people on file, for check-ins between reads.
    codes: Vec<String>,
    steps: Arc<AtomicU64>,
}

/// A demo fair with `people` on file, each checked in with one ticket (most of them done),
/// one ticket of the first booth called at its desk, and a step counter on the connection
/// that reads.
fn day(people: usize) -> Day {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 5, 0, 0).unwrap(),
    ));
    let setup = fairdesk::demo::setup(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let fair = Fair::init_with_clock(&dir.path().join("fair.db"), &setup, clock).unwrap();
    let communes: Vec<i64> = fair.event().unwrap().commune_ids();
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap();
    fair.with_store(|s| s.synthesize_attendees(people, &communes, at))
        .unwrap();
    let (_, tickets) = fair
        .with_store(|s| s.synthesize_day(Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap(), 1))
        .unwrap();
    assert_eq!(tickets, people as u64);
    let (desk, codes) = fair.with_store(|s| {
        let conn = s.connection();
        let desk: String = conn
            .query_row(
                "SELECT code FROM desk WHERE id = (SELECT MIN(id) FROM desk WHERE booth_id =
                     (SELECT booth_id FROM ticket GROUP BY booth_id
                       HAVING SUM(state = 'waiting') > 0 AND SUM(state = 'done') > 0
                       ORDER BY booth_id LIMIT 1))",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut st = conn
            .prepare("SELECT code FROM attendee ORDER BY id LIMIT 40")
            .unwrap();
        let codes = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<String>, _>>()
            .unwrap();
        (desk, codes)
    });
    assert!(
        fair.call_next(&desk).unwrap().is_some(),
        "a waiting ticket to call"
    );
    let steps = Arc::new(AtomicU64::new(0));
    // Reads take the first free read connection: with one caller, always this one.
    fair.with_store(|s| s.count_steps(Some(Arc::clone(&steps))))
        .unwrap();
    Day {
        _dir: dir,
        fair,
        desk,
        codes,
        steps,
    }
}

impl Day {
    /// Instructions `read` runs.
    fn steps_of(&self, read: impl FnOnce(&Fair)) -> u64 {
        let before = self.steps.load(Ordering::Relaxed);
        read(&self.fair);
        self.steps.load(Ordering::Relaxed) - before
    }

    /// A check-in, so the next board is computed afresh rather than served from its cache.
    fn change(&self, n: usize) {
        let code = &self.codes[n % self.codes.len()];
        self.fair
            .checkin(CheckinRequest::entry(format!("FD1:PL26:{code}"), "test"))
            .unwrap();
    }
}

#[test]
fn a_desk_view_and_the_board_cost_the_same_after_a_long_day_as_after_a_short_one() {
    let short = day(100);
    let long = day(10_000);
    let costs = |d: &Day| {
        let desk = d.steps_of(|f| {
            let view = f.desk_view(&d.desk).unwrap();
            assert!(view.current.is_some(), "the called ticket is at the desk");
            assert!(
                !view.recent.is_empty(),
                "the desk's finished tickets are listed"
            );
        });
        d.change(1);
        let board = d.steps_of(|f| {
            let board = f.board().unwrap();
            assert_eq!(board.calls.len(), 1, "the one ticket called");
        });
        (desk, board)
    };
    // The first reads load what a connection keeps between reads (settings, live views).
    costs(&short);
    costs(&long);
    let (short_desk, short_board) = costs(&short);
    let (long_desk, long_board) = costs(&long);
    println!(
        "instructions, 100 tickets / 10,000: desk view {short_desk} / {long_desk}, \
         board {short_board} / {long_board}"
    );
    // With a hundred times as many tickets behind it, a read that walked them all would cost
    // many times as much; B-tree depth and a longer log tail leave a little growth.
    assert!(
        long_desk < short_desk * 2,
        "desk view: {short_desk} instructions after 100 tickets, {long_desk} after 10,000"
    );
    assert!(
        long_board < short_board * 2,
        "board: {short_board} instructions after 100 tickets, {long_board} after 10,000"
    );
}
