//! One simulated station's loop, written once for both ways of reaching the fair: a thread
//! calling a [`FairApi`] (the in-process engine, or the stations' own blocking client) and a
//! task on the load generator's event loop speaking HTTP ([`super::http_station`]).
//!
//! The loop is `async` over [`StationCalls`]. Through [`Blocking`] nothing in it ever waits
//! for a wake-up (every call returns ready), so [`block_on`] runs it on the station's thread.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::{LoadConfig, Samples, walk_in_card};
use crate::api::{
    Board, CheckinOutcome, CheckinRequest, CheckinStatus, FairApi, FairError, FairResult,
    StaffAction, Target, TicketIssued, TicketView,
};
use crate::domain::Outcome;
use crate::report::{Report, ReportRange};

/// What a simulated station asks of the fair. The futures need not be `Send`: a station is
/// driven by one thread.
pub(super) trait StationCalls {
    async fn checkin(&self, request: CheckinRequest) -> FairResult<CheckinOutcome>;
    async fn issue_ticket(&self, attendee: &str, booth: &str) -> FairResult<TicketIssued>;
    async fn call_next(&self, desk: &str) -> FairResult<Option<TicketView>>;
    async fn start(&self, desk: &str) -> FairResult<TicketView>;
    async fn finish(&self, desk: &str) -> FairResult<TicketView>;
    async fn board(&self) -> FairResult<Board>;
    async fn wait_for_change(&self, since: u64, max_wait: Duration) -> FairResult<u64>;
    async fn report(&self) -> FairResult<Report>;
    async fn sleep(&self, time: Duration);
}

/// The kind of a station, and what it works on.
pub(super) enum Station {
    Kiosk { index: u64 },
    Booth { desk: String },
    Board,
    Dashboard,
}

/// What every station of a run shares.
pub(super) struct Shift<'a> {
    pub config: &'a LoadConfig,
    pub deadline: Instant,
    pub today: NaiveDate,
    pub employers: &'a [String],
}

/// Runs `station` until the deadline (or its operation cap) and returns what it measured.
pub(super) async fn run_station(
    calls: &impl StationCalls,
    station: &Station,
    shift: &Shift<'_>,
) -> Samples {
    let Shift {
        config,
        deadline,
        today,
        employers,
    } = *shift;
    let mut samples = Samples::default();
    let mut ops = 0u64;
    let mut counter = 0u64;
    let left = || deadline.saturating_duration_since(Instant::now());
    while Instant::now() < deadline && ops < config.max_ops_per_station {
        ops += 1;
        match station {
            Station::Kiosk { index } => {
                let serial = 500_000 + (config.seed * 7919 + index * 10_007 + ops) % 400_000;
                let started = Instant::now();
                let request = CheckinRequest::entry(walk_in_card(serial, today), "load");
                let result = calls.checkin(request).await;
                samples.record("checkin", started, &result);
                let Ok(outcome) = result else { continue };
                let Some(attendee) = outcome.attendee else {
                    continue;
                };
                if outcome.status == CheckinStatus::Rejected
                    || employers.is_empty()
                    || config.checkins_only
                {
                    continue;
                }
                let booth = &employers[(serial as usize) % employers.len()];
                let started = Instant::now();
                let result = calls.issue_ticket(&attendee.code, booth).await;
                samples.record("ticket", started, &result);
            }
            Station::Booth { desk } => {
                let started = Instant::now();
                let result = calls.call_next(desk).await;
                samples.record("call", started, &result);
                match result {
                    Ok(Some(_)) | Err(FairError::DeskBusy { .. }) => {}
                    // Nobody waiting (or the call failed): a real booth would wait too; don't
                    // spin.
                    Ok(None) | Err(_) => {
                        calls.sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                }
                let started = Instant::now();
                let result = calls.start(desk).await;
                samples.record("start", started, &result);
                let started = Instant::now();
                let result = calls.finish(desk).await;
                samples.record("finish", started, &result);
            }
            Station::Board => {
                let started = Instant::now();
                let result = calls.board().await;
                samples.record("board", started, &result);
                // Like the real board, read at most once per poll period however busy the fair.
                let period = Duration::from_secs_f64(crate::api::BOARD_POLL_PERIOD_S);
                calls
                    .sleep(period.saturating_sub(started.elapsed()).min(left()))
                    .await;
                match calls
                    .wait_for_change(counter, left().min(Duration::from_secs(2)))
                    .await
                {
                    Ok(c) => counter = c,
                    Err(_) => calls.sleep(Duration::from_millis(100)).await,
                }
            }
            Station::Dashboard => {
                let started = Instant::now();
                let result = calls.report().await;
                samples.record("report", started, &result);
                calls.sleep(Duration::from_secs(1).min(left())).await;
            }
        }
    }
    samples
}

/// A station on its own thread calling a [`FairApi`]: the engine in process, or the stations'
/// own client ([`crate::hub::HubClient`]) against a hub.
pub(super) struct Blocking<'a>(pub &'a dyn FairApi);

impl StationCalls for Blocking<'_> {
    async fn checkin(&self, request: CheckinRequest) -> FairResult<CheckinOutcome> {
        self.0.checkin(request)
    }

    async fn issue_ticket(&self, attendee: &str, booth: &str) -> FairResult<TicketIssued> {
        self.0.issue_ticket(attendee, booth, Some("load"))
    }

    async fn call_next(&self, desk: &str) -> FairResult<Option<TicketView>> {
        self.0.call_next(desk)
    }

    async fn start(&self, desk: &str) -> FairResult<TicketView> {
        self.0
            .act(Target::Desk(desk.to_string()), StaffAction::Start)
    }

    async fn finish(&self, desk: &str) -> FairResult<TicketView> {
        let finish = StaffAction::Finish {
            outcome: VISIT_OUTCOME,
            note: None,
        };
        self.0.act(Target::Desk(desk.to_string()), finish)
    }

    async fn board(&self) -> FairResult<Board> {
        self.0.board()
    }

    async fn wait_for_change(&self, since: u64, max_wait: Duration) -> FairResult<u64> {
        self.0.wait_for_change(since, max_wait)
    }

    async fn report(&self) -> FairResult<Report> {
        self.0.report(ReportRange::all())
    }

    async fn sleep(&self, time: Duration) {
        std::thread::sleep(time);
    }
}

/// The outcome every simulated visit ends with.
pub(super) const VISIT_OUTCOME: Outcome = Outcome::Interviewed;

/// Runs a future that never waits for a wake-up (as [`run_station`] over [`Blocking`]) on
/// this thread.
pub(super) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        // Not reached through `Blocking`, whose calls all return ready; polling again is
        // still correct for a future that would be.
        std::thread::yield_now();
    }
}
