//! "Kết nối với máy chủ": a station's first start (issue 17). A station started with no
//! `--hub`, `--pair` or `--db`, whose data folder holds neither a fair nor a remembered hub,
//! shows this screen instead of failing: the organiser scans the pairing QR code that
//! `fairdesk token` shows with the station's USB scanner (in keyboard mode it types the
//! `fairdesk://HOST:PORT?fp=…&t=…` string and Enter into the focused field), or pastes the
//! string. The station then connects with the certificate pinned, checks that the token fits
//! it, and remembers the pairing in the data folder (owner-only) for the next start; the
//! station itself opens over the hub from there (`fairdesk app` does it, as with `--pair`).
//! "Dùng máy này một mình" keeps the old first start: the demo fair, locally.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use egui::{Color32, RichText, vec2};

use crate::data_folder::DataFolder;
use crate::hub::pairing::Pairing;
use crate::ui::i18n::{Lang, tr, trf};

/// Checks that the hub a pairing names answers and takes its token for this station; the
/// error is the one line to show. `fairdesk app` passes the same check `--pair` runs.
pub type Verify = dyn Fn(&Pairing) -> Result<(), String> + Send + Sync;

/// How the screen ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairingOutcome {
    /// Connected and remembered: open the station over this hub.
    Paired(Pairing),
    /// No hub: use this machine on its own (the demo fair).
    Local,
}

/// What the screen says under the field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PairStatus {
    /// Waiting for a scan.
    #[default]
    Idle,
    /// Connecting to the hub.
    Connecting,
    /// The text is not a pairing string.
    Bad(String),
    /// The hub did not answer, refused the token, or showed another certificate.
    Failed(String),
}

/// The first-start pairing screen.
pub struct PairingScreen {
    /// Interface language.
    pub lang: Lang,
    /// The field: what the scanner typed or the organiser pasted.
    pub text: String,
    /// What the screen says.
    pub status: PairStatus,
    /// Set once the screen is done.
    pub outcome: Option<PairingOutcome>,
    verify: Arc<Verify>,
    folder: DataFolder,
    reply: Option<Receiver<Result<Pairing, String>>>,
}

impl PairingScreen {
    /// The screen for a station whose data folder is `folder`; `verify` connects.
    pub fn new(folder: DataFolder, verify: Arc<Verify>) -> Self {
        Self {
            lang: Lang::Vi,
            text: String::new(),
            status: PairStatus::Idle,
            outcome: None,
            verify,
            folder,
            reply: None,
        }
    }

    /// Connection attempts running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        usize::from(self.reply.is_some())
    }

    /// Reads the field and, if it is a pairing string, connects on a thread of its own (a hub
    /// that does not answer takes seconds to say so). The field is emptied either way: a
    /// second scan must not be appended to the first.
    pub fn submit(&mut self) {
        if self.reply.is_some() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let pairing: Pairing = match text.trim().parse() {
            Ok(pairing) => pairing,
            Err(err) => {
                self.status = PairStatus::Bad(err.to_string());
                return;
            }
        };
        let (send, reply) = channel();
        let verify = Arc::clone(&self.verify);
        let folder = self.folder.clone();
        let spawned = std::thread::Builder::new()
            .name("fairdesk-pairing".into())
            .spawn(move || {
                let result = verify(&pairing).and_then(|()| {
                    folder
                        .remember_pairing(&pairing)
                        .map(|()| pairing)
                        .map_err(|e| e.to_string())
                });
                let _ = send.send(result);
            });
        match spawned {
            Ok(_) => {
                self.status = PairStatus::Connecting;
                self.reply = Some(reply);
            }
            Err(err) => self.status = PairStatus::Failed(err.to_string()),
        }
    }

    fn poll(&mut self) {
        let Some(reply) = &self.reply else { return };
        match reply.try_recv() {
            Ok(Ok(pairing)) => {
                tracing::info!("paired with the hub at {}", pairing.address);
                self.reply = None;
                self.status = PairStatus::Idle;
                self.outcome = Some(PairingOutcome::Paired(pairing));
            }
            Ok(Err(reason)) => {
                self.reply = None;
                self.status = PairStatus::Failed(reason);
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                self.reply = None;
                self.status = PairStatus::Failed("the connection attempt stopped".into());
            }
        }
    }

    /// One frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.poll();
        let lang = self.lang;
        let connecting = self.reply.is_some();
        let mut submit = false;
        egui::Frame::central_panel(ui.style())
            .inner_margin(32.0)
            .show(ui, |ui| {
                ui.set_min_size(ui.available_size());
                ui.vertical_centered(|ui| {
                    ui.add_space(40.0);
                    ui.heading(tr(lang, "pair.title"));
                    ui.add_space(12.0);
                    ui.label(RichText::new(tr(lang, "pair.hint")).size(20.0));
                    ui.add_space(16.0);
                    // Read before the field, which takes the Enter key for itself.
                    let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let label = ui.label(tr(lang, "pair.field"));
                    let field = ui
                        .add_enabled(
                            !connecting,
                            egui::TextEdit::singleline(&mut self.text)
                                .desired_width(720.0)
                                // A token is a secret: the screen shows dots, as for a PIN.
                                .password(true),
                        )
                        .labelled_by(label.id);
                    if enter && (field.lost_focus() || field.has_focus()) {
                        submit = true;
                    }
                    // The scanner types wherever the focus is: keep it here.
                    if !connecting && !field.has_focus() {
                        field.request_focus();
                    }
                    if ui
                        .add_enabled(
                            !connecting,
                            egui::Button::new(tr(lang, "pair.connect")).min_size(vec2(240.0, 48.0)),
                        )
                        .clicked()
                    {
                        submit = true;
                    }
                    match &self.status {
                        PairStatus::Idle => {}
                        PairStatus::Connecting => {
                            ui.horizontal(|ui| {
                                ui.spinner();
                                ui.label(tr(lang, "pair.connecting"));
                            });
                        }
                        PairStatus::Bad(reason) => {
                            ui.colored_label(
                                Color32::from_rgb(183, 28, 28),
                                trf(lang, "pair.bad_string", &[("reason", reason.as_str())]),
                            );
                        }
                        PairStatus::Failed(reason) => {
                            ui.colored_label(
                                Color32::from_rgb(183, 28, 28),
                                trf(lang, "pair.failed", &[("reason", reason.as_str())]),
                            );
                        }
                    }
                    ui.add_space(32.0);
                    if ui
                        .add_enabled(!connecting, egui::Button::new(tr(lang, "pair.local")))
                        .clicked()
                    {
                        self.outcome = Some(PairingOutcome::Local);
                    }
                });
            });
        if submit {
            self.submit();
        }
        if self.reply.is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
}

/// Opens a window with the pairing screen and returns how it ended (`None`: the window was
/// closed). `fairdesk app` then opens the station itself.
pub fn run_window(
    folder: DataFolder,
    verify: Arc<Verify>,
) -> anyhow::Result<Option<PairingOutcome>> {
    let outcome = Arc::new(Mutex::new(None));
    let result = Arc::clone(&outcome);
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("fairdesk — kết nối với máy chủ")
            .with_inner_size([1024.0, 700.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "fairdesk",
        native,
        Box::new(move |cc| {
            super::setup_staff_context(&cc.egui_ctx);
            Ok(Box::new(PairingApp {
                screen: PairingScreen::new(folder, verify),
                result,
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    let outcome = outcome.lock().unwrap_or_else(|p| p.into_inner()).take();
    Ok(outcome)
}

struct PairingApp {
    screen: PairingScreen,
    result: Arc<Mutex<Option<PairingOutcome>>>,
}

impl eframe::App for PairingApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.screen.ui(ui);
        if let Some(outcome) = self.screen.outcome.take() {
            *self.result.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
