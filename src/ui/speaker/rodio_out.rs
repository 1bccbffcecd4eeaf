//! The board's sound through rodio (Windows' WASAPI, macOS' CoreAudio): neither needs
//! headers or libraries at build time.

use crate::voice::mix::Pcm;
use crate::voice::queue::Speaker;

/// The default audio device, opened on the first sound.
#[derive(Default)]
pub struct RodioSpeaker {
    device: Option<Option<(rodio::MixerDeviceSink, rodio::Player)>>,
}

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

impl Speaker for RodioSpeaker {
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
