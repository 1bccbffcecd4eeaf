//! Where the board's sounds are heard: the platform's sound server, reached without any
//! library or header at build time.
//!
//! - Linux: a PulseAudio client written in Rust ([`pulse`]); PipeWire serves the same socket, so
//!   this covers both desktops Debian and Ubuntu ship.
//! - Windows and macOS: rodio ([`rodio_out`]), whose back ends there need no headers.
//! - Built without the `sound` feature: silence, said once.
//!
//! Every speaker opens its device on the first sound, and with no device stays silent and
//! says so once in the log.

#[cfg(all(feature = "sound", target_os = "linux"))]
pub mod pulse;
#[cfg(all(feature = "sound", not(target_os = "linux")))]
mod rodio_out;

/// The speaker the board uses on this platform.
#[cfg(all(feature = "sound", target_os = "linux"))]
pub type DeviceSpeaker = pulse::PulseSpeaker;
/// The speaker the board uses on this platform.
#[cfg(all(feature = "sound", not(target_os = "linux")))]
pub type DeviceSpeaker = rodio_out::RodioSpeaker;
/// The speaker the board uses on this platform.
#[cfg(not(feature = "sound"))]
pub type DeviceSpeaker = Silent;

/// Built without sound (`--no-default-features`): nothing is ever heard.
#[cfg(not(feature = "sound"))]
#[derive(Debug, Default)]
pub struct Silent {
    told: bool,
}

#[cfg(not(feature = "sound"))]
impl crate::voice::queue::Speaker for Silent {
    fn start(&mut self, _pcm: &crate::voice::mix::Pcm) -> bool {
        if !std::mem::replace(&mut self.told, true) {
            tracing::info!("built without sound, the board stays silent");
        }
        false
    }

    fn busy(&mut self) -> bool {
        false
    }
}
