//! The kiosk with a ticket printer, as attendees use it: the slip prints the moment the
//! tickets are issued, and a printer that is away never costs a ticket — the screen sends the
//! attendee to the help desk for their slip.

mod printer;
mod screen;

use std::sync::Arc;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fairdesk::api::{FairApi, TicketView};
use fairdesk::fair::Fair;
use fairdesk::print::slip::{TicketSlip, render_tickets};
use fairdesk::print::{self, Cut, PrintOptions, PrinterConfig, PrinterSpec};
use fairdesk::ui::kiosk::{Kiosk, Phase, SlipStatus};
use printer::{Answers, FakePrinter, closed_port_spec, decode, qr_codes};
use screen::{Fixture, fixture, harness_with, settle, shows, step_until, vi};

const WIDTH: u32 = 384;

fn kiosk_with_printer(f: &Fixture, spec: PrinterSpec) -> Harness<'static, Kiosk> {
    let api: Arc<dyn FairApi> = Arc::new(Fair::open(&f.path).expect("open"));
    let mut kiosk = Kiosk::new(api, "kiosk");
    kiosk.use_printer(print::open(&PrinterConfig {
        spec,
        options: PrintOptions {
            width: WIDTH,
            feed_lines: 4,
            cut: Cut::Partial,
        },
    }));
    let mut harness = harness_with(kiosk, (1280.0, 800.0), fairdesk::ui::setup_context);
    settle(&mut harness);
    harness
}

/// A pre-registered attendee's QR payload.
fn registration_qr(fair: &Fair, id: i64) -> String {
    let row = fair
        .with_store(|s| s.read(|tx| tx.attendee(id)))
        .expect("read")
        .expect("demo attendee");
    let event = fair.event().expect("event");
    fairdesk::domain::regcode::qr_payload(&event.code, &row.code)
}

/// Scans `payload` and chooses two employers and counselling: three tickets at once.
fn scan_and_take_three(h: &mut Harness<'static, Kiosk>, payload: &str) -> Vec<TicketView> {
    h.get_by_role_and_label(Role::TextInput, vi("type_prompt"))
        .type_text(payload);
    h.key_press(egui::Key::Enter);
    settle(h);
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!(
            "expected the choose screen, got {:?}",
            h.state().state.phase
        );
    };
    for name in [
        &suggestions.employers[0].name,
        &suggestions.employers[1].name,
        &suggestions.counselling[0].name,
    ] {
        h.get_by_label_contains(name).click();
        settle(h);
    }
    let Phase::Tickets { tickets, .. } = h.state().state.phase.clone() else {
        panic!("expected tickets, got {:?}", h.state().state.phase);
    };
    assert_eq!(tickets.len(), 3);
    tickets
}

#[test]
fn three_tickets_come_out_on_one_slip_with_the_attendees_qr_code() {
    let f = fixture();
    let printer = FakePrinter::start(Answers::Ready);
    let mut h = kiosk_with_printer(&f, printer.spec());
    let payload = registration_qr(&f.fair, 1);
    let tickets = scan_and_take_three(&mut h, &payload);
    step_until(&mut h, "the slip to print", |h| {
        h.state().state.slip == Some(SlipStatus::Printed)
    });
    assert!(shows(&h, vi("print.printed")));
    assert!(!shows(&h, vi("print.failed")));

    // What the printer got, read back as paper.
    // The kiosk asked the printer's status once at start; the slip came on the next
    // connection.
    let mut job = decode(&printer.next_job());
    if job.images.is_empty() {
        job = decode(&printer.next_job());
    }
    assert_eq!(job.images.len(), 1, "one slip");
    let slip = &job.images[0];
    assert_eq!(slip.width(), WIDTH);
    assert!(job.bands.iter().all(|&rows| rows <= 128));
    assert_eq!(qr_codes(slip), vec![payload.clone()]);
    // The same slip the engine's tickets make: three numbers, each well inked.
    let event = f.fair.event().expect("event");
    let code = payload.rsplit(':').next().expect("code");
    let expected = render_tickets(
        &TicketSlip::new(&event, &payload, code, &tickets, fairdesk::i18n::Lang::Vi),
        WIDTH,
    )
    .expect("slip");
    assert_eq!(slip, &expected.raster);
    assert_eq!(expected.numbers.len(), 3);
    for &(top, bottom) in &expected.numbers {
        assert!(
            slip.ink_in_rows(top, bottom) > 2000,
            "number rows are inked"
        );
    }
    assert!(
        printer
            .another_job(std::time::Duration::from_millis(300))
            .is_none(),
        "one slip for three tickets"
    );

    // Done: the next attendee's screen says nothing about the last slip.
    h.get_by_label_contains(vi("finish")).click();
    settle(&mut h);
    assert!(matches!(h.state().state.phase, Phase::Welcome));
    assert_eq!(h.state().state.slip, None);
}

#[test]
fn a_printer_that_is_away_costs_no_ticket_and_sends_the_attendee_to_the_help_desk() {
    let f = fixture();
    let hangs_up = FakePrinter::start(Answers::Hangs);
    for (id, spec) in [(1, closed_port_spec()), (2, hangs_up.spec())] {
        let mut h = kiosk_with_printer(&f, spec.clone());
        let payload = registration_qr(&f.fair, id);
        let tickets = scan_and_take_three(&mut h, &payload);
        step_until(&mut h, "the printer failure", |h| {
            h.state().state.slip == Some(SlipStatus::Failed)
        });
        assert!(
            shows(&h, vi("print.failed")),
            "{spec}: the help-desk message"
        );
        // With three tickets on a 1280×800 kiosk, the message and "Done" are both on screen.
        let message = h.get_by_label(vi("print.failed")).rect();
        let done = h.get_by_label_contains(vi("finish")).rect();
        assert!(
            message.bottom() <= 800.0 && done.bottom() <= 800.0 && message.right() <= 1280.0,
            "{message:?} {done:?}"
        );
        // The tickets are on screen and in the database: nothing lost.
        for ticket in &tickets {
            assert!(shows(&h, &ticket.ticket), "{spec}: {} shown", ticket.ticket);
        }
        let code = payload.rsplit(':').next().expect("code");
        let profile = f.fair.attendee(code).expect("attendee");
        assert!(profile.checked_in);
        let mut held: Vec<_> = profile.open_tickets.iter().map(|t| &t.ticket).collect();
        let mut shown: Vec<_> = tickets.iter().map(|t| &t.ticket).collect();
        held.sort();
        shown.sort();
        assert_eq!(held, shown, "{spec}: the tickets are kept");
        // The kiosk goes on: the next attendee can scan at once.
        h.get_by_label_contains(vi("finish")).click();
        settle(&mut h);
        assert!(matches!(h.state().state.phase, Phase::Welcome));
    }
}
