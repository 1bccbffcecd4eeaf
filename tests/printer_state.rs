//! Each kiosk's printer on the organisers' dashboard (issue 15): a kiosk whose virtual network
//! printer goes offline tells the hub (over HTTPS, with its kiosk token), the hub's view says
//! offline, and the dashboard (egui_kittest, over the hub with an organiser token) shows the
//! row; a kiosk without a printer says "none configured"; locally the dashboard reads the
//! kiosks on its own database.

mod hub_common;
mod printer;
mod screen;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fairdesk::api::{FairApi, PrinterReport, PrinterState, PrinterUpdate};
use fairdesk::hub::auth::Role;
use fairdesk::print::state::PrinterReporter;
use fairdesk::print::{self, Cut, PrintOptions, PrinterConfig, Spool};
use fairdesk::ui::dashboard::DashboardScreen;
use fairdesk::ui::dashboard::printers::state_text;
use fairdesk::ui::i18n::Lang;
use hub_common::*;
use printer::{Answers, FakePrinter, closed_port_spec};
use screen::*;

/// A short heartbeat, so the test sees an idle printer's change without printing.
const EVERY: Duration = Duration::from_millis(200);

fn config(spec: fairdesk::print::PrinterSpec) -> PrinterConfig {
    PrinterConfig {
        spec,
        options: PrintOptions {
            width: 384,
            feed_lines: 2,
            cut: Cut::None,
        },
    }
}

/// Waits (with a generous deadline, not a timing assertion) until `api`'s printers satisfy
/// `done`; returns them.
fn wait_for(
    api: &dyn FairApi,
    what: &str,
    done: impl Fn(&[PrinterReport]) -> bool,
) -> Vec<PrinterReport> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let rows = api.printers().expect("printers");
        if done(&rows) {
            return rows;
        }
        assert!(
            Instant::now() < deadline,
            "gave up waiting for {what}: {rows:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn state_of<'a>(rows: &'a [PrinterReport], station: &str) -> Option<&'a PrinterReport> {
    rows.iter().find(|r| r.station == station)
}

#[test]
fn a_kiosk_printer_that_goes_offline_shows_offline_at_the_hub_and_on_the_dashboard() {
    let t = TestFair::new();
    let hub = t.start_tls();
    let kiosk_token = t.token(Role::Kiosk, None);
    let kiosk_api: Arc<dyn FairApi> = Arc::new(client(&hub, &kiosk_token));
    let organiser: Arc<dyn FairApi> = Arc::new(client(&hub, &t.token(Role::Organiser, None)));
    let (fake, answers) = FakePrinter::switchable(Answers::Ready);
    let spec = fake.spec();
    // As `fairdesk app --station kiosk --hub … --printer tcp:…` wires it.
    let reporter = PrinterReporter::spawn(
        Arc::clone(&kiosk_api),
        "kiosk",
        &spec.to_string(),
        PrinterState::Unknown,
        EVERY,
    );
    let mut spool = Spool::start(reporter.wrap(print::open(&config(spec.clone()))), || {});

    // The print thread's first status request: the printer is fine.
    let rows = wait_for(organiser.as_ref(), "ready", |rows| {
        rows.iter().any(|r| r.state == PrinterState::Ready)
    });
    assert_eq!(rows.len(), 1, "{rows:?}");
    let station = rows[0].station.clone();
    assert!(
        station.starts_with("kiosk-"),
        "the hub names the kiosk by its token, not by what it says: {station}"
    );
    assert_eq!(rows[0].printer, spec.to_string());
    assert_eq!(rows[0].last_printed, None);

    // A slip comes out: the dashboard's "last slip" is set.
    let event = kiosk_api.event().unwrap();
    let slip = fairdesk::print::slip::TicketSlip::new(&event, "FD1:X:K1", "K1", &[], Lang::Vi);
    spool.submit(slip.clone());
    let rows = wait_for(organiser.as_ref(), "a slip", |rows| {
        rows.iter().any(|r| r.last_printed.is_some())
    });
    let printed_at = rows[0].last_printed.unwrap();
    assert_eq!(rows[0].state, PrinterState::Ready);

    // Someone presses the printer's offline button between visitors: the idle status request
    // notices, and the hub's view says offline — with no slip needed.
    *answers.lock().unwrap() = Answers::Offline;
    let rows = wait_for(organiser.as_ref(), "offline", |rows| {
        state_of(rows, &station).is_some_and(|r| r.state == PrinterState::Offline)
    });
    let offline = state_of(&rows, &station).unwrap().clone();
    assert!(offline.since >= printed_at, "since when it went offline");
    assert_eq!(
        offline.last_printed,
        Some(printed_at),
        "the last slip stays"
    );

    // The dashboard over the hub shows the kiosk's row.
    let mut dash = staff_harness(DashboardScreen::new(
        Arc::clone(&organiser),
        t.dir.path().to_path_buf(),
    ));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    step_until(&mut dash, "the printers panel", |h| {
        shows(h, vi("dash.printers"))
            && shows(h, &station)
            && shows(h, state_text(Lang::Vi, PrinterState::Offline))
    });

    // The printer is unplugged from the network altogether: still offline, since unchanged.
    drop(spool);
    drop(reporter);
    let gone = PrinterReporter::spawn(
        Arc::clone(&kiosk_api),
        "kiosk",
        "tcp:unplugged",
        PrinterState::Unknown,
        EVERY,
    );
    let _spool = Spool::start(gone.wrap(print::open(&config(closed_port_spec()))), || {});
    let rows = wait_for(organiser.as_ref(), "unplugged", |rows| {
        state_of(rows, &station).is_some_and(|r| r.printer == "tcp:unplugged")
    });
    let now = state_of(&rows, &station).unwrap();
    assert_eq!(now.state, PrinterState::Offline);
    assert_eq!(
        now.since, offline.since,
        "still offline since the same time"
    );
}

#[test]
fn a_kiosk_without_a_printer_says_none_and_kiosks_cannot_read_the_list() {
    let t = TestFair::new();
    let hub = t.start_tls();
    let kiosk: Arc<dyn FairApi> = Arc::new(client(&hub, &t.token(Role::Kiosk, None)));
    let organiser = client(&hub, &t.token(Role::Organiser, None));
    let _reporter =
        PrinterReporter::spawn(Arc::clone(&kiosk), "kiosk", "", PrinterState::None, EVERY);
    let rows = wait_for(&organiser, "none configured", |rows| !rows.is_empty());
    assert_eq!(rows[0].state, PrinterState::None);
    // The list is the organisers': a kiosk (or a board) token is refused.
    assert!(kiosk.printers().is_err());
    let board = client(&hub, &t.token(Role::Board, None));
    assert!(board.printers().is_err());
    assert!(
        board
            .report_printer(PrinterUpdate {
                state: PrinterState::Ready,
                printer: String::new(),
                last_printed: None,
                station: None,
            })
            .is_err(),
        "a board has no printer to report"
    );
    // A name past its limit is refused, not stored.
    let long = PrinterUpdate {
        state: PrinterState::Ready,
        printer: "x".repeat(10_000),
        last_printed: None,
        station: None,
    };
    assert!(kiosk.report_printer(long).is_err());
    assert_eq!(organiser.printers().unwrap().len(), 1);
}

#[test]
fn a_local_dashboard_shows_the_local_kiosks_printer() {
    let t = TestFair::new();
    let kiosk: Arc<dyn FairApi> = Arc::new(t.fair());
    let dashboard: Arc<dyn FairApi> = Arc::new(t.fair());
    // Nothing reported yet: no rows, and no table made.
    assert!(dashboard.printers().unwrap().is_empty());
    let (fake, _answers) = FakePrinter::switchable(Answers::PaperOut);
    let reporter = PrinterReporter::spawn(
        Arc::clone(&kiosk),
        "kiosk-2",
        &fake.spec().to_string(),
        PrinterState::Unknown,
        EVERY,
    );
    let _spool = Spool::start(reporter.wrap(print::open(&config(fake.spec()))), || {});
    let rows = wait_for(dashboard.as_ref(), "paper out", |rows| {
        rows.iter().any(|r| r.state == PrinterState::PaperOut)
    });
    assert_eq!(rows[0].station, "kiosk-2");
    let mut dash = staff_harness(DashboardScreen::new(dashboard, t.dir.path().to_path_buf()));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    step_until(&mut dash, "paper out", |h| {
        shows(h, "kiosk-2") && shows(h, state_text(Lang::Vi, PrinterState::PaperOut))
    });
}

#[test]
fn a_help_desk_printer_reaches_the_dashboard_and_a_help_desk_without_one_says_nothing() {
    let t = TestFair::new();
    let hub = t.start_tls();
    let desk: Arc<dyn FairApi> = Arc::new(client(&hub, &t.token(Role::Helpdesk, None)));
    let organiser = client(&hub, &t.token(Role::Organiser, None));
    // Without a printer the desk saves its slips as files: no row, no alarm.
    let (none, quiet) =
        fairdesk::ui::station_printer(&desk, None, &fairdesk::ui::Station::Helpdesk, "helpdesk");
    assert!(none.is_none() && quiet.is_none());

    // As `fairdesk app --station helpdesk --hub … --printer tcp:…` wires it.
    let (fake, _answers) = FakePrinter::switchable(Answers::PaperOut);
    let spec = fake.spec();
    let (printer, reporter) = fairdesk::ui::station_printer(
        &desk,
        Some(&config(spec.clone())),
        &fairdesk::ui::Station::Helpdesk,
        "helpdesk",
    );
    assert!(reporter.is_some());
    let _spool = Spool::start(printer.expect("the help desk's printer"), || {});
    let rows = wait_for(&organiser, "the help desk's printer", |rows| {
        rows.iter().any(|r| r.state == PrinterState::PaperOut)
    });
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].station.starts_with("helpdesk-"), "{rows:?}");
    assert_eq!(rows[0].printer, spec.to_string());
}

#[test]
fn two_local_kiosks_on_one_fair_file_each_keep_their_own_printer_row() {
    let t = TestFair::new();
    let dashboard: Arc<dyn FairApi> = Arc::new(t.fair());
    let mut spools = Vec::new();
    let mut reporters = Vec::new();
    // As `fairdesk app --station kiosk --name kiosk-N --printer tcp:…` wires each.
    for (name, answers) in [("kiosk-1", Answers::Ready), ("kiosk-2", Answers::PaperOut)] {
        let kiosk: Arc<dyn FairApi> = Arc::new(t.fair());
        let (fake, _answers) = FakePrinter::switchable(answers);
        let (printer, reporter) = fairdesk::ui::station_printer(
            &kiosk,
            Some(&config(fake.spec())),
            &fairdesk::ui::Station::Kiosk,
            name,
        );
        spools.push(Spool::start(printer.unwrap(), || {}));
        reporters.push((reporter, fake));
    }
    let rows = wait_for(dashboard.as_ref(), "both kiosks", |rows| {
        state_of(rows, "kiosk-1").is_some_and(|r| r.state == PrinterState::Ready)
            && state_of(rows, "kiosk-2").is_some_and(|r| r.state == PrinterState::PaperOut)
    });
    assert_eq!(rows.len(), 2, "{rows:?}");
}
