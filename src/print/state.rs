//! Each kiosk's printer as the organisers see it (issue 15): the kiosk tells the engine (its
//! local fair, or the hub) what its printer last said, whenever that changes and again every
//! [`HEARTBEAT`], and the dashboard shows one row per kiosk.
//!
//! The kiosk side is a [`ReportingPrinter`] around the real printer: the print thread's own
//! status requests (`DLE EOT`, before and after each slip, and one every heartbeat while idle)
//! are what it reports, so nothing else ever opens the printer's connection. The reports go
//! out on a thread of their own ([`PrinterReporter`]): a hub that is slow or away never holds
//! a slip. A kiosk with no printer reports [`PrinterState::None`], so the dashboard can tell
//! "no printer" from "no news".

use std::sync::Arc;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{PrintError, Printed, Printer, PrinterStatus, Raster};
use crate::api::{FairApi, FairError, FairResult};
use crate::domain::limits;

/// How often a kiosk says how its printer is when nothing changed (and asks the printer while
/// idle): often enough that a printer switched off between visitors shows within a minute.
pub const HEARTBEAT: Duration = Duration::from_secs(20);

/// Longest printer name kept (a device path or `tcp:host:port`).
pub const PRINTER_NAME: usize = 200;

/// What a kiosk's printer is doing, as the dashboard says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrinterState {
    /// Online, with paper.
    Ready,
    /// Prints, but the roll is nearly used up.
    PaperLow,
    /// The connection cannot answer status requests (a device file), or the printer did not.
    Unknown,
    /// No paper.
    PaperOut,
    /// The cover is open.
    CoverOpen,
    /// Cannot be reached, or says it is offline.
    Offline,
    /// The kiosk has no printer.
    None,
}

impl PrinterState {
    /// The short name (as in JSON), also the translation key's tail (`printer.<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::PaperLow => "paper_low",
            Self::Unknown => "unknown",
            Self::PaperOut => "paper_out",
            Self::CoverOpen => "cover_open",
            Self::Offline => "offline",
            Self::None => "none",
        }
    }

    /// Parses [`Self::as_str`]'s names (what the engine stores).
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Ready,
            Self::PaperLow,
            Self::Unknown,
            Self::PaperOut,
            Self::CoverOpen,
            Self::Offline,
            Self::None,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Whether the organisers should go and look: a slip sent now would not come out.
    pub fn needs_attention(self) -> bool {
        matches!(self, Self::PaperOut | Self::CoverOpen | Self::Offline)
    }
}

impl From<PrinterStatus> for PrinterState {
    fn from(status: PrinterStatus) -> Self {
        match status {
            PrinterStatus::Ready => Self::Ready,
            PrinterStatus::PaperLow => Self::PaperLow,
            PrinterStatus::Unknown => Self::Unknown,
            PrinterStatus::PaperOut => Self::PaperOut,
            PrinterStatus::CoverOpen => Self::CoverOpen,
            PrinterStatus::Offline => Self::Offline,
        }
    }
}

/// `POST /api/v1/printer`: what a kiosk says of its printer. The engine keeps the station
/// (from the token over a hub), and the times by its own clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterUpdate {
    pub state: PrinterState,
    /// `tcp:192.168.1.50:9100`, `file:/dev/usb/lp0`; empty without a printer.
    #[serde(default)]
    pub printer: String,
    /// When the kiosk last printed a whole slip (its clock).
    #[serde(default)]
    pub last_printed: Option<DateTime<Utc>>,
    /// The station's name when the engine cannot tell it (a local kiosk); a hub uses the
    /// token's.
    #[serde(default)]
    pub station: Option<String>,
}

impl PrinterUpdate {
    /// Refuses a name over its limit.
    pub fn check_limits(&self) -> FairResult<()> {
        limits::check("printer", &self.printer, PRINTER_NAME)?;
        limits::check_opt("station", self.station.as_deref(), limits::STATION)?;
        Ok(())
    }
}

/// One kiosk's printer on the dashboard (`GET /api/v1/printers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterReport {
    /// `kiosk-3` over a hub (role and token id), `kiosk` locally.
    pub station: String,
    pub state: PrinterState,
    pub printer: String,
    /// Since when the printer is in this state (the engine's clock).
    pub since: DateTime<Utc>,
    pub last_printed: Option<DateTime<Utc>>,
    /// When the kiosk last reported; a kiosk silent for long is switched off or cut off.
    pub reported_at: DateTime<Utc>,
}

impl PrinterReport {
    /// Whether the kiosk has said nothing for three heartbeats at `now`.
    pub fn silent_at(&self, now: DateTime<Utc>) -> bool {
        let quiet = chrono::Duration::from_std(HEARTBEAT * 3).unwrap_or(chrono::Duration::MAX);
        now.signed_duration_since(self.reported_at) > quiet
    }
}

/// What the print thread saw, for the reporter.
#[derive(Debug, Clone, Copy)]
enum Seen {
    State(PrinterState),
    Printed(PrinterState, DateTime<Utc>),
}

/// The thread that sends a kiosk's printer state to the engine.
pub struct PrinterReporter {
    seen: Sender<Seen>,
    every: Duration,
}

impl PrinterReporter {
    /// Starts reporting for `station` to `api`, every `every` and on each change; the first
    /// report says `initial` (a kiosk without a printer: [`PrinterState::None`]). The thread
    /// ends when the reporter and every printer wrapped by it are dropped.
    pub fn spawn(
        api: Arc<dyn FairApi>,
        station: &str,
        printer: &str,
        initial: PrinterState,
        every: Duration,
    ) -> Self {
        let (seen, inbox) = channel::<Seen>();
        let mut update = PrinterUpdate {
            state: initial,
            printer: printer.chars().take(PRINTER_NAME).collect(),
            last_printed: None,
            station: Some(station.chars().take(limits::STATION).collect()),
        };
        let spawned = thread::Builder::new()
            .name("fairdesk-printer-report".into())
            .spawn(move || {
                // The last report the engine took; `None` after a failure, to send again.
                let mut sent: Option<PrinterUpdate> = None;
                // No printer: nothing will be seen, so say so now rather than at the first
                // heartbeat. A printer's first status request follows at once anyway.
                if update.state == PrinterState::None {
                    match api.report_printer(update.clone()) {
                        Ok(_) => sent = Some(update.clone()),
                        Err(err) => log_failure(&err),
                    }
                }
                loop {
                    match inbox.recv_timeout(every) {
                        Ok(Seen::State(state)) => update.state = state,
                        Ok(Seen::Printed(state, at)) => {
                            update.state = state;
                            update.last_printed = Some(at);
                        }
                        // The heartbeat: the same again, so "reported at" stays fresh.
                        Err(RecvTimeoutError::Timeout) => sent = None,
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                    if sent.as_ref() == Some(&update) {
                        continue;
                    }
                    match api.report_printer(update.clone()) {
                        Ok(_) => sent = Some(update.clone()),
                        Err(err) => {
                            sent = None;
                            log_failure(&err);
                        }
                    }
                }
            });
        if let Err(err) = spawned {
            tracing::error!("cannot start the printer report thread: {err}");
        }
        Self { seen, every }
    }

    /// `printer`, reporting what it says through this reporter.
    pub fn wrap(&self, printer: Box<dyn Printer>) -> Box<dyn Printer> {
        Box::new(ReportingPrinter {
            inner: printer,
            seen: self.seen.clone(),
            every: self.every,
        })
    }
}

fn log_failure(err: &FairError) {
    // Once a heartbeat at most, and the hub being away is already said elsewhere.
    tracing::debug!("printer state not reported: {err}");
}

/// A printer that tells a [`PrinterReporter`] what it says, and has the print thread ask
/// its status every heartbeat while idle.
struct ReportingPrinter {
    inner: Box<dyn Printer>,
    seen: Sender<Seen>,
    every: Duration,
}

/// The state a failed slip or status request shows.
fn state_of_error(err: &PrintError) -> Option<PrinterState> {
    match err {
        PrintError::Connect { .. } | PrintError::Write { .. } => Some(PrinterState::Offline),
        PrintError::NotReady { status, .. } => Some((*status).into()),
        // The slip could not be drawn: nothing is known of the printer.
        PrintError::Image(_) => None,
    }
}

impl ReportingPrinter {
    fn tell(&self, seen: Seen) {
        // The reporter gone means the app is closing; nothing to tell.
        let _ = self.seen.send(seen);
    }
}

impl Printer for ReportingPrinter {
    fn width(&self) -> u32 {
        self.inner.width()
    }

    fn print(&mut self, slip: &Raster) -> Result<Printed, PrintError> {
        let result = self.inner.print(slip);
        match &result {
            Ok(printed) => self.tell(Seen::Printed(printed.status.into(), Utc::now())),
            Err(err) => {
                if let Some(state) = state_of_error(err) {
                    self.tell(Seen::State(state));
                }
            }
        }
        result
    }

    fn status(&mut self) -> Result<PrinterStatus, PrintError> {
        let result = self.inner.status();
        match &result {
            Ok(status) => self.tell(Seen::State((*status).into())),
            Err(err) => {
                if let Some(state) = state_of_error(err) {
                    self.tell(Seen::State(state));
                }
            }
        }
        result
    }

    fn name(&self) -> String {
        self.inner.name()
    }

    fn idle_check(&self) -> Option<Duration> {
        Some(
            self.every
                .min(self.inner.idle_check().unwrap_or(self.every)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_their_names() {
        for state in [
            PrinterState::Ready,
            PrinterState::PaperLow,
            PrinterState::Unknown,
            PrinterState::PaperOut,
            PrinterState::CoverOpen,
            PrinterState::Offline,
            PrinterState::None,
        ] {
            assert_eq!(PrinterState::parse(state.as_str()), Some(state));
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.as_str()));
        }
        assert_eq!(PrinterState::parse("on fire"), None);
    }

    #[test]
    fn a_printer_that_cannot_be_reached_is_offline() {
        let err = PrintError::Connect {
            spec: "tcp:10.0.0.9:9100".into(),
            source: std::io::Error::from(std::io::ErrorKind::ConnectionRefused),
        };
        assert_eq!(state_of_error(&err), Some(PrinterState::Offline));
        let err = PrintError::NotReady {
            spec: "tcp:10.0.0.9:9100".into(),
            status: PrinterStatus::CoverOpen,
        };
        assert_eq!(state_of_error(&err), Some(PrinterState::CoverOpen));
        assert_eq!(state_of_error(&PrintError::Image("x".into())), None);
    }
}
