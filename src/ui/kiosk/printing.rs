//! The kiosk's ticket printer (issue 15): the slip goes to the print thread the moment the
//! tickets are issued, and the tickets screen says how it went. The tickets are already in
//! the database by then; a printer that fails only sends the attendee to the help desk for
//! their slip.

use std::time::Duration;

use super::{Kiosk, Phase, SlipStatus};
use crate::print::slip::TicketSlip;
use crate::print::{JobId, Printer, Spool};
use crate::ui::jobs::UiWaker;

/// How often to look at the print thread while a slip is on its way.
const POLL: Duration = Duration::from_millis(100);

/// The print thread and the slip of the visit on screen.
pub(super) struct KioskPrinter {
    spool: Spool,
    /// Set on the first frame, so the print thread can wake the UI.
    waker: UiWaker,
    /// The slip of the attendee on screen, while it prints.
    job: Option<JobId>,
}

impl Kiosk {
    /// Prints a slip whenever tickets are issued from now on, on `printer`.
    pub fn use_printer(&mut self, printer: Box<dyn Printer>) {
        let waker = UiWaker::default();
        let wake = waker.clone();
        self.use_spool_with(Spool::start(printer, move || wake.wake()), waker);
    }

    /// Prints through `spool` (a test sets its patience); `spool` wakes no UI, the kiosk
    /// polls it while a slip is on its way.
    pub fn use_spool(&mut self, spool: Spool) {
        self.use_spool_with(spool, UiWaker::default());
    }

    fn use_spool_with(&mut self, spool: Spool, waker: UiWaker) {
        self.printer = Some(KioskPrinter {
            spool,
            waker,
            job: None,
        });
    }

    /// Slips sent to the printer that have not come back yet (tests wait for zero).
    pub fn printing(&self) -> usize {
        self.printer.as_ref().map_or(0, |p| p.spool.in_flight())
    }

    /// Sends the tickets on screen to the printer, in the attendee's language.
    pub(super) fn print_tickets(&mut self) {
        let Some(printer) = &mut self.printer else {
            return;
        };
        let (
            Some(event),
            Phase::Tickets {
                person, tickets, ..
            },
        ) = (&self.state.event, &self.state.phase)
        else {
            return;
        };
        let slip = TicketSlip::new(
            event,
            &person.brief.qr,
            &person.brief.code,
            tickets,
            self.state.lang,
        );
        printer.job = Some(printer.spool.submit(slip));
        self.state.slip = Some(SlipStatus::Printing);
    }

    /// A new visit: the last one's slip, if still printing, is no longer shown.
    pub(super) fn forget_slip(&mut self) {
        self.state.slip = None;
        if let Some(printer) = &mut self.printer {
            printer.job = None;
        }
    }

    /// Per frame: pick up how the slips went, and keep looking while one is on its way.
    pub(super) fn printer_frame(&mut self, ctx: &egui::Context) {
        let Some(printer) = &mut self.printer else {
            return;
        };
        printer.waker.attach(ctx);
        for outcome in printer.spool.poll() {
            if printer.job != Some(outcome.job) {
                continue;
            }
            printer.job = None;
            self.state.slip = Some(match outcome.result {
                Ok(_) => SlipStatus::Printed,
                Err(err) => {
                    tracing::warn!("ticket slip not printed: {err}");
                    SlipStatus::Failed
                }
            });
        }
        if printer.spool.in_flight() > 0 {
            ctx.request_repaint_after(POLL);
        }
    }
}
