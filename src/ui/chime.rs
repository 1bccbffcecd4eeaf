//! The board's sound: the chime (`assets/sounds/chime.wav`) and, after it, the spoken call
//! ("Mời số A không không bảy, đến bàn A một", [`crate::voice`]).
//!
//! Sound must never cost the board a frame or a crash: the sounds are rendered and played on a
//! thread of its own, which opens the audio device on the first sound; if there is no device
//! (a CI machine, Xvfb, a TV without speakers) the board stays silent and says so once in its
//! log. [`Chime::play`] and [`Chime::announce`] only send on a channel. The thread runs
//! [`crate::voice::queue::serve`]: one announcement at a time, never cut off, the newest few
//! when calls pile up.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::voice::queue::{Announcer, Sound, Speaker, serve};
use crate::voice::reading::Region;
use crate::voice::{Voice, VoiceCall, mix::Pcm};

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

/// The default audio device, opened on the first sound.
#[cfg(feature = "sound")]
#[derive(Default)]
struct DeviceSpeaker {
    device: Option<Option<(rodio::MixerDeviceSink, rodio::Player)>>,
}

#[cfg(feature = "sound")]
fn open_device() -> Option<(rodio::MixerDeviceSink, rodio::Player)> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    // Audio back ends differ by machine; a panic in one must not take the board down.
    match catch_unwind(AssertUnwindSafe(
        rodio::DeviceSinkBuilder::open_default_sink,
    )) {
        Ok(Ok(mut sink)) => {
            sink.log_on_drop(false);
            let player = rodio::Player::connect_new(sink.mixer());
            Some((sink, player))
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
}

#[cfg(feature = "sound")]
impl Speaker for DeviceSpeaker {
    fn start(&mut self, pcm: &Pcm) -> bool {
        let Some((_, player)) = self.device.get_or_insert_with(open_device) else {
            return false;
        };
        let (Some(channels), Some(rate)) = (
            std::num::NonZero::new(1u16),
            std::num::NonZero::new(pcm.rate),
        ) else {
            return false;
        };
        let samples: Vec<rodio::Sample> = pcm
            .samples
            .iter()
            .map(|&s| rodio::Sample::from(s) / 32768.0)
            .collect();
        player.append(rodio::buffer::SamplesBuffer::new(channels, rate, samples));
        true
    }

    fn busy(&mut self) -> bool {
        matches!(&self.device, Some(Some((_, player))) if !player.empty())
    }
}

/// Built without sound (`--no-default-features`): nothing is ever heard.
#[cfg(not(feature = "sound"))]
#[derive(Default)]
struct DeviceSpeaker {
    told: bool,
}

#[cfg(not(feature = "sound"))]
impl Speaker for DeviceSpeaker {
    fn start(&mut self, _pcm: &Pcm) -> bool {
        if !std::mem::replace(&mut self.told, true) {
            tracing::info!("built without sound, the board stays silent");
        }
        false
    }

    fn busy(&mut self) -> bool {
        false
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
