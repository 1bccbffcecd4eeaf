//! The board's chime: a short two-tone sound (`assets/sounds/chime.wav`) when a ticket is
//! called.
//!
//! Sound must never cost the board a frame or a crash: the audio device is opened on a thread
//! of its own, on the first chime, and if there is no device (a CI machine, Xvfb, a TV without
//! speakers) the board just stays silent. [`Chime::play`] only sends on a channel.

use std::sync::mpsc::{Sender, channel};

/// The chime, a 1.2 s two-tone WAV (22.05 kHz, 16-bit mono), embedded.
pub const CHIME_WAV: &[u8] = include_bytes!("../../assets/sounds/chime.wav");

/// A handle that plays the chime without waiting.
#[derive(Debug, Clone, Default)]
pub struct Chime {
    sender: Option<Sender<()>>,
}

impl Chime {
    /// A chime that plays on the default audio device, if there is one.
    pub fn new() -> Self {
        let (sender, receiver) = channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("fairdesk-chime".into())
            .spawn(move || player(receiver));
        match spawned {
            Ok(_) => Self {
                sender: Some(sender),
            },
            Err(err) => {
                tracing::warn!("no chime: cannot start the sound thread: {err}");
                Self::silent()
            }
        }
    }

    /// A chime that never makes a sound (tests, benchmarks, `--no-default-features`).
    pub fn silent() -> Self {
        Self { sender: None }
    }

    /// Plays the chime once, without waiting for it.
    pub fn play(&self) {
        if let Some(sender) = &self.sender {
            // A stopped sound thread means no device: silence is the right outcome.
            let _ = sender.send(());
        }
    }
}

#[cfg(feature = "sound")]
fn player(requests: std::sync::mpsc::Receiver<()>) {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    // Opened on the first request, so a board that never chimes never touches the device.
    let mut device: Option<Option<rodio::MixerDeviceSink>> = None;
    while requests.recv().is_ok() {
        let sink = device.get_or_insert_with(|| {
            // Audio back ends differ by machine; a panic in one must not take the board down.
            match catch_unwind(AssertUnwindSafe(
                rodio::DeviceSinkBuilder::open_default_sink,
            )) {
                Ok(Ok(mut sink)) => {
                    sink.log_on_drop(false);
                    Some(sink)
                }
                Ok(Err(err)) => {
                    tracing::info!("no audio device, the board stays silent: {err}");
                    None
                }
                Err(_) => {
                    tracing::warn!("the audio back end failed; the board stays silent");
                    None
                }
            }
        });
        let Some(sink) = sink else {
            continue;
        };
        match rodio::Decoder::new_wav(std::io::Cursor::new(CHIME_WAV)) {
            Ok(source) => sink.mixer().add(source),
            Err(err) => tracing::warn!("cannot decode the chime: {err}"),
        }
    }
}

#[cfg(not(feature = "sound"))]
fn player(requests: std::sync::mpsc::Receiver<()>) {
    // Built without sound: drain requests until the board goes away.
    while requests.recv().is_ok() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chime_is_a_short_wav() {
        assert_eq!(&CHIME_WAV[0..4], b"RIFF");
        assert_eq!(&CHIME_WAV[8..12], b"WAVE");
        assert!(CHIME_WAV.len() < 100_000);
    }

    #[test]
    fn a_silent_chime_does_nothing_and_a_real_one_never_blocks() {
        Chime::silent().play();
        let chime = Chime::new();
        let started = std::time::Instant::now();
        chime.play();
        chime.play();
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
    }
}
