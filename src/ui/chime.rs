//! The board's sound: the chime (`assets/sounds/chime.wav`) and, after it, the spoken call
//! ("Mời số A không không bảy, đến bàn A một", [`crate::voice`]).
//!
//! Sound must never cost the board a frame or a crash: the sounds are rendered and played on a
//! thread of its own, which reaches the sound server on the first sound ([`crate::ui::speaker`]);
//! if there is none (a CI machine, Xvfb, a TV without speakers) the board stays silent and says so once in its
//! log. [`Chime::play`] and [`Chime::announce`] only send on a channel. The thread runs
//! [`crate::voice::queue::serve`]: one announcement at a time, never cut off, the newest few
//! when calls pile up.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::ui::speaker::DeviceSpeaker;
use crate::voice::queue::{Announcer, Sound, serve};
use crate::voice::reading::Region;
use crate::voice::{Voice, VoiceCall};

pub use crate::voice::CHIME_WAV;

/// A handle that plays the chime and speaks calls without waiting. Clones share one sound
/// thread, so two board windows never talk over each other.
#[derive(Debug, Clone, Default)]
pub struct Chime {
    sender: Option<Sender<Sound>>,
}

impl Chime {
    /// The shipped voice on the default audio device, if there is one.
    pub fn new() -> Self {
        Self::with_voice(None)
    }

    /// `voice` (the shipped northern voice when `None`) on the default audio device, if
    /// there is one.
    pub fn with_voice(voice: Option<Arc<Voice>>) -> Self {
        let (sender, receiver) = channel::<Sound>();
        let spawned = std::thread::Builder::new()
            .name("fairdesk-chime".into())
            .spawn(move || {
                let voice = match voice
                    .map(Ok)
                    .unwrap_or_else(|| Voice::shipped(Region::North).map(Arc::new))
                {
                    Ok(voice) => voice,
                    Err(err) => {
                        tracing::warn!("no board voice: {err}");
                        // Drain requests until the board goes away.
                        while receiver.recv().is_ok() {}
                        return;
                    }
                };
                serve(&receiver, Announcer::new(voice, DeviceSpeaker::default()));
            });
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

    /// A chime that never makes a sound (tests, benchmarks).
    pub fn silent() -> Self {
        Self { sender: None }
    }

    /// A chime whose sounds go to the returned receiver instead of a device (tests of what
    /// the board asks to hear).
    pub fn recording() -> (Self, Receiver<Sound>) {
        let (sender, receiver) = channel();
        (
            Self {
                sender: Some(sender),
            },
            receiver,
        )
    }

    /// Plays the chime once, without waiting for it.
    pub fn play(&self) {
        self.send(Sound::Chime);
    }

    /// Chimes and speaks `call`, after any announcement already playing.
    pub fn announce(&self, call: VoiceCall) {
        self.send(Sound::Call(call));
    }

    fn send(&self, sound: Sound) {
        if let Some(sender) = &self.sender {
            // A stopped sound thread means no sound: silence is the right outcome.
            let _ = sender.send(sound);
        }
    }
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
        chime.announce(VoiceCall {
            ticket: "A007".into(),
            desk: "A1".into(),
            desk_label: "Bàn A1".into(),
        });
        chime.play();
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
    }

    #[test]
    fn a_recording_chime_hands_over_what_the_board_asked_for() {
        let (chime, heard) = Chime::recording();
        chime.play();
        assert_eq!(heard.try_recv(), Ok(Sound::Chime));
    }
}
