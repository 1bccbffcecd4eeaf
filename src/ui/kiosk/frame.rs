//! One frame of the kiosk ([`Kiosk::ui`]): replies, the idle timeout, the window-close lock and
//! the hub link are dealt with before the screen is drawn. The QR code's texture is made here,
//! because [`super::KioskState`] holds no egui handles.

use std::sync::Arc;

use egui::Key;

use super::{Command, Kiosk, Phase, kiosk_ui, offline_banner_ui};
use crate::hub::OfflineKiosk;
use crate::ui::qr;
use crate::ui::worker::Request;

impl Kiosk {
    /// One frame of the kiosk: drain replies, handle idle time and the window-close lock,
    /// draw, apply what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.worker.attach(&ctx);
        let (now, active) = ui.input(|i| {
            let active = i.pointer.any_down()
                || i.events.iter().any(|e| {
                    matches!(
                        e,
                        egui::Event::Key { .. }
                            | egui::Event::Text(_)
                            | egui::Event::PointerButton { .. }
                            | egui::Event::Touch { .. }
                    )
                });
            (i.time, active)
        });
        self.state.now = now;
        // Every input is activity: touch, keys, and a serial scanner's lines.
        if active || !self.serial_scans.is_empty() {
            self.state.last_activity = now;
        }
        for line in std::mem::take(&mut self.serial_scans) {
            self.take_serial_scan(line);
        }
        for reply in self.worker.poll() {
            self.state.last_activity = now;
            self.on_reply(reply);
        }
        if self.worker.in_flight() == 0 {
            self.state.busy_since = None;
        } else {
            // Waiting for the engine is not idleness: an accepted scan always shows its
            // result, however slow the answer (a hub that is away answers with a timeout).
            self.state.last_activity = now;
        }
        self.hub_frame(&ctx, now);
        self.printer_frame(&ctx);

        // The kiosk lock: closing the window needs the organiser PIN.
        if ui.input(|i| i.viewport().close_requested()) && !self.state.exit_unlocked {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.state.overlay.is_none() {
                self.apply(Command::OpenLock);
            }
        }

        // Escape (a helper's keyboard) cancels the attendee screen or the lock at once.
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            if self.state.overlay.is_some() {
                self.apply(Command::CloseLock);
            } else if !matches!(self.state.phase, Phase::Welcome | Phase::Loading) {
                self.apply(Command::Reset);
            }
        }

        // Back to welcome after the idle timeout.
        let idle = now - self.state.last_activity;
        let at_rest = matches!(self.state.phase, Phase::Welcome | Phase::Loading);
        if (!at_rest || self.state.overlay.is_some())
            && idle >= f64::from(self.state.phase_timeout_s())
        {
            self.state.overlay = None;
            self.reset();
        }
        // A half-typed entry left on welcome would be glued to the next person's scan.
        let half_typed = at_rest && !self.state.input.is_empty();
        if half_typed && idle >= f64::from(self.state.idle_timeout_s()) {
            self.state.input.clear();
            self.state.burst.clear();
        }
        if !at_rest || half_typed || self.state.overlay.is_some() {
            // Wake up to count down and to time out even when nobody touches the screen.
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }

        if let Phase::Tickets { person, .. } = &self.state.phase {
            self.ensure_qr(&ctx, &person.brief.qr.clone());
        }
        let qr = self.qr_texture.as_ref().map(|(_, t)| t.clone());
        offline_banner_ui(ui, &self.state);
        let commands = kiosk_ui(ui, &mut self.state, qr.as_ref());
        for command in commands {
            self.state.last_activity = now;
            self.apply(command);
        }
        if self.worker.in_flight() > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if self.state.quit_requested {
            self.state.quit_requested = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn ensure_qr(&mut self, ctx: &egui::Context, payload: &str) {
        if self.qr_texture.as_ref().is_some_and(|(p, _)| p == payload) {
            return;
        }
        match qr::qr_image(payload) {
            Ok(image) => {
                let texture = ctx.load_texture("attendee-qr", image, egui::TextureOptions::NEAREST);
                self.qr_texture = Some((payload.to_string(), texture));
            }
            Err(err) => {
                tracing::warn!("cannot draw the QR code: {err}");
                self.qr_texture = None;
            }
        }
    }

    /// Sends check-ins through `outbox` (a hub with a local outbox): scans keep being accepted
    /// while the hub is away, and the screen shows a banner until it is back.
    pub fn use_outbox(&mut self, outbox: Arc<OfflineKiosk>) {
        self.worker.use_outbox(outbox);
    }

    /// Per frame over a hub: refresh the banner's link state, retry loading the event if the
    /// hub was away at start, and wake up now and then so the banner follows the hub.
    fn hub_frame(&mut self, ctx: &egui::Context, now: f64) {
        self.state.hub = self.worker.hub_link();
        if self.state.event.is_none()
            && self.worker.in_flight() == 0
            && self.worker.event_retry_due(now)
        {
            self.send(Request::Event);
        }
        if self.state.hub.is_some() || self.state.event.is_none() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
    }
}
