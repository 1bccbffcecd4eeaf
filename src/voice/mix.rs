//! Sound as plain samples: reading any PCM WAV into one mono format, cleaning up a recording,
//! joining clips with short gaps into one buffer, and writing that buffer as a WAV file.
//!
//! Everything here is in memory and deterministic, so an announcement rendered to a file is
//! sample for sample what the board plays. The board's format is [`RATE`] Hz, 16-bit, mono:
//! the shipped clips' own format (joining them only copies samples), wide enough for the
//! hiss of "s" and "x" on a hall's speakers.

use std::io::Read;
use std::path::Path;

/// The sample rate of everything the board plays.
pub const RATE: u32 = 16_000;
/// The peak level of every clip after [`normalise`]: -3 dBFS, the chime's level.
pub const PEAK: f64 = 0.708;
/// The longest clip accepted: a clip is one word (or the chime), not a message.
pub const MAX_CLIP_S: f64 = 10.0;

/// Mono 16-bit samples at a sample rate.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Pcm {
    /// Samples per second.
    pub rate: u32,
    /// The samples, one per frame.
    pub samples: Vec<i16>,
}

impl std::fmt::Debug for Pcm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Thousands of samples help no one reading a log or a failed assertion.
        f.debug_struct("Pcm")
            .field("rate", &self.rate)
            .field("samples", &self.samples.len())
            .finish()
    }
}

impl Pcm {
    /// `ms` milliseconds of silence.
    pub fn silence(rate: u32, ms: u32) -> Self {
        Self {
            rate,
            samples: vec![0; samples_for_ms(rate, ms)],
        }
    }

    /// The length in seconds.
    pub fn duration_s(&self) -> f64 {
        if self.rate == 0 {
            return 0.0;
        }
        self.samples.len() as f64 / f64::from(self.rate)
    }

    /// The root mean square level, 0.0 (silence) to 1.0 (full scale).
    pub fn rms(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .samples
            .iter()
            .map(|&s| (f64::from(s) / 32768.0).powi(2))
            .sum();
        (sum / self.samples.len() as f64).sqrt()
    }

    fn peak(&self) -> i32 {
        self.samples
            .iter()
            .map(|&s| i32::from(s).abs())
            .max()
            .unwrap_or(0)
    }
}

/// The number of samples in `ms` milliseconds at `rate`.
pub fn samples_for_ms(rate: u32, ms: u32) -> usize {
    (u64::from(rate) * u64::from(ms) / 1000) as usize
}

/// Why a WAV file cannot be used as a clip.
#[derive(Debug, thiserror::Error)]
pub enum WavError {
    /// Not a WAV file hound can read, or a broken one.
    #[error("not a readable PCM WAV file ({0})")]
    Format(#[from] hound::Error),
    /// A sample format other than 8–32-bit integers or 32-bit floats.
    #[error("{0}-bit samples: save it as 16-bit PCM")]
    Bits(u16),
    /// An odd sample rate or channel count.
    #[error("{rate} Hz with {channels} channels: save it as 8–192 kHz, mono or stereo")]
    Layout {
        /// Samples per second.
        rate: u32,
        /// Channels.
        channels: u16,
    },
    /// Longer than [`MAX_CLIP_S`].
    #[error("{0:.1} s long: a clip is one word of at most {MAX_CLIP_S} s")]
    TooLong(f64),
    /// Nothing to hear.
    #[error("silent")]
    Silent,
}

/// Reads a PCM WAV of any sample rate, channel count and integer or float sample format into
/// mono 16-bit samples at the file's own rate (channels are averaged).
pub fn decode_wav(reader: impl Read) -> Result<Pcm, WavError> {
    let mut reader = hound::WavReader::new(reader)?;
    let spec = reader.spec();
    if !(8000..=192_000).contains(&spec.sample_rate) || !(1..=8).contains(&spec.channels) {
        return Err(WavError::Layout {
            rate: spec.sample_rate,
            channels: spec.channels,
        });
    }
    let seconds = f64::from(reader.duration()) / f64::from(spec.sample_rate);
    if seconds > MAX_CLIP_S {
        return Err(WavError::TooLong(seconds));
    }
    let interleaved: Vec<f64> = match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, bits @ 8..=32) => {
            let scale = f64::from(1u32 << (bits - 1));
            reader
                .samples::<i32>()
                .map(|s| s.map(|s| f64::from(s) / scale))
                .collect::<Result<_, _>>()?
        }
        (hound::SampleFormat::Float, 32) => reader
            .samples::<f32>()
            .map(|s| s.map(f64::from))
            .collect::<Result<_, _>>()?,
        (_, bits) => return Err(WavError::Bits(bits)),
    };
    let channels = usize::from(spec.channels);
    let samples = interleaved
        .chunks(channels)
        .map(|frame| to_i16(frame.iter().sum::<f64>() / frame.len() as f64))
        .collect();
    Ok(Pcm {
        rate: spec.sample_rate,
        samples,
    })
}

/// A sample in -1.0..1.0 as 16 bits; the inverse of dividing by 32768, so 16-bit files read
/// back exactly.
fn to_i16(x: f64) -> i16 {
    (x * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

/// Zero crossings of the interpolation filter on each side: enough for a flat pass band to
/// about 90% of the lower rate's Nyquist frequency and 60 dB of image and alias rejection.
const SINC_ZEROS: f64 = 16.0;

/// `pcm` at `rate`, by windowed-sinc interpolation: band-limited to the lower of the two rates,
/// so a 48 kHz phone recording does not alias and the chime's 22.05 kHz does not leave images
/// above 8 kHz (linear interpolation does both, audibly). The length is the input's duration
/// rounded to the nearest sample.
pub fn resample(pcm: &Pcm, rate: u32) -> Pcm {
    if pcm.rate == rate || pcm.rate == 0 || rate == 0 || pcm.samples.is_empty() {
        return Pcm {
            rate,
            samples: pcm.samples.clone(),
        };
    }
    let input = &pcm.samples;
    let out_len = ((input.len() as u64 * u64::from(rate) + u64::from(pcm.rate) / 2)
        / u64::from(pcm.rate)) as usize;
    // Input samples per output sample, and the filter's cutoff relative to the input rate.
    let step = f64::from(pcm.rate) / f64::from(rate);
    let cutoff = (1.0 / step).min(1.0);
    let half = SINC_ZEROS / cutoff;
    let samples = (0..out_len)
        .map(|i| {
            let centre = i as f64 * step;
            let first = (centre - half).ceil().max(0.0) as usize;
            let last = ((centre + half).floor() as usize).min(input.len() - 1);
            let mut sum = 0.0;
            let mut weights = 0.0;
            for (k, &x) in input[first..=last].iter().enumerate() {
                let t = (first + k) as f64 - centre;
                let weight = sinc(cutoff * t) * hann(t / half);
                sum += f64::from(x) * weight;
                weights += weight;
            }
            // Dividing by the weights keeps a constant level at the clip's ends, where the
            // filter runs off the input.
            if weights.abs() < 1e-9 {
                0
            } else {
                (sum / weights).round().clamp(-32768.0, 32767.0) as i16
            }
        })
        .collect();
    Pcm { rate, samples }
}

fn sinc(x: f64) -> f64 {
    if x.abs() < 1e-12 {
        1.0
    } else {
        let px = std::f64::consts::PI * x;
        px.sin() / px
    }
}

fn hann(t: f64) -> f64 {
    if t.abs() >= 1.0 {
        0.0
    } else {
        0.5 + 0.5 * (std::f64::consts::PI * t).cos()
    }
}

/// Cuts a recording's leading and trailing quiet (below 1/30 of its peak, about -30 dB),
/// keeping 10 ms either side, and fades the ends over 5 ms so a joined clip never clicks.
/// A phone recording of one word has half a second of room noise around it.
pub fn trim_silence(pcm: &Pcm) -> Result<Pcm, WavError> {
    let peak = pcm.peak();
    if peak < 100 {
        return Err(WavError::Silent);
    }
    let threshold = peak / 30;
    let loud = |s: &i16| i32::from(*s).abs() > threshold;
    let first = pcm.samples.iter().position(loud).unwrap_or(0);
    let last = pcm.samples.iter().rposition(loud).unwrap_or(0);
    let margin = samples_for_ms(pcm.rate, 10);
    let start = first.saturating_sub(margin);
    let end = (last + 1 + margin).min(pcm.samples.len());
    let mut samples = pcm.samples[start..end].to_vec();
    let fade = samples_for_ms(pcm.rate, 5).min(samples.len() / 2);
    let len = samples.len();
    for i in 0..fade {
        let gain = i as f64 / fade as f64;
        samples[i] = (f64::from(samples[i]) * gain) as i16;
        samples[len - 1 - i] = (f64::from(samples[len - 1 - i]) * gain) as i16;
    }
    Ok(Pcm {
        rate: pcm.rate,
        samples,
    })
}

/// Scales `pcm` so its peak is [`PEAK`]: a quiet phone recording as loud as the shipped voice.
pub fn normalise(pcm: &Pcm) -> Result<Pcm, WavError> {
    let peak = pcm.peak();
    if peak == 0 {
        return Err(WavError::Silent);
    }
    let gain = PEAK * 32768.0 / f64::from(peak);
    Ok(Pcm {
        rate: pcm.rate,
        samples: pcm
            .samples
            .iter()
            .map(|&s| to_i16(f64::from(s) * gain / 32768.0))
            .collect(),
    })
}

/// One piece of an announcement.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// A named clip (at the joined buffer's rate).
    Clip(&'static str, &'a Pcm),
    /// Silence of this many milliseconds.
    Gap(u32),
}

/// Where one clip sits in a joined buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The clip's name.
    pub clip: &'static str,
    /// Its first sample.
    pub start: usize,
    /// Its length in samples.
    pub len: usize,
}

/// Clips joined into one buffer, and where each one is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mixed {
    /// What is played.
    pub pcm: Pcm,
    /// Each clip in order.
    pub parts: Vec<Part>,
}

/// Joins `pieces` into one buffer at `rate`; a clip at another rate is resampled first.
pub fn join(pieces: &[Piece<'_>], rate: u32) -> Mixed {
    let mut mixed = Mixed {
        pcm: Pcm {
            rate,
            samples: Vec::new(),
        },
        parts: Vec::new(),
    };
    for piece in pieces {
        match *piece {
            Piece::Gap(ms) => mixed
                .pcm
                .samples
                .extend(std::iter::repeat_n(0, samples_for_ms(rate, ms))),
            Piece::Clip(clip, pcm) => {
                let start = mixed.pcm.samples.len();
                if pcm.rate == rate {
                    mixed.pcm.samples.extend_from_slice(&pcm.samples);
                } else {
                    mixed.pcm.samples.extend(resample(pcm, rate).samples);
                }
                mixed.parts.push(Part {
                    clip,
                    start,
                    len: mixed.pcm.samples.len() - start,
                });
            }
        }
    }
    mixed
}

/// The WAV format of [`write_wav`]: 16-bit mono at `rate`.
fn spec(rate: u32) -> hound::WavSpec {
    hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    }
}

/// Writes `pcm` as a 16-bit mono WAV file.
pub fn write_wav(path: &Path, pcm: &Pcm) -> Result<(), hound::Error> {
    let mut writer = hound::WavWriter::create(path, spec(pcm.rate))?;
    for &s in &pcm.samples {
        writer.write_sample(s)?;
    }
    writer.finalize()
}

/// `pcm` as the bytes of a 16-bit mono WAV file.
pub fn wav_bytes(pcm: &Pcm) -> Result<Vec<u8>, hound::Error> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut writer = hound::WavWriter::new(&mut bytes, spec(pcm.rate))?;
        for &s in &pcm.samples {
            writer.write_sample(s)?;
        }
        writer.finalize()?;
    }
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, hz: f64, ms: u32, amplitude: f64) -> Pcm {
        let n = samples_for_ms(rate, ms);
        Pcm {
            rate,
            samples: (0..n)
                .map(|i| {
                    to_i16(
                        amplitude
                            * (2.0 * std::f64::consts::PI * hz * i as f64 / f64::from(rate)).sin(),
                    )
                })
                .collect(),
        }
    }

    fn wav(
        spec: hound::WavSpec,
        write: impl FnOnce(&mut hound::WavWriter<&mut std::io::Cursor<Vec<u8>>>),
    ) -> Vec<u8> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut bytes, spec).unwrap();
        write(&mut writer);
        writer.finalize().unwrap();
        bytes.into_inner()
    }

    #[test]
    fn a_stereo_phone_recording_becomes_mono_at_its_own_rate() {
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 48_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let bytes = wav(spec, |w| {
            for _ in 0..480 {
                w.write_sample(1000i16).unwrap();
                w.write_sample(3000i16).unwrap();
            }
        });
        let pcm = decode_wav(&bytes[..]).unwrap();
        assert_eq!(pcm.rate, 48_000);
        assert_eq!(pcm.samples.len(), 480);
        assert!(pcm.samples.iter().all(|&s| (s - 2000).abs() <= 1));
    }

    #[test]
    fn float_and_24_bit_recordings_are_read_and_odd_ones_refused() {
        let float = hound::WavSpec {
            channels: 1,
            sample_rate: 44_100,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let bytes = wav(float, |w| {
            (0..100).for_each(|_| w.write_sample(0.5f32).unwrap())
        });
        assert_eq!(decode_wav(&bytes[..]).unwrap().samples[0], 16384);
        let deep = hound::WavSpec {
            bits_per_sample: 24,
            sample_format: hound::SampleFormat::Int,
            ..float
        };
        let bytes = wav(deep, |w| {
            (0..100).for_each(|_| w.write_sample(-(1i32 << 22)).unwrap())
        });
        assert_eq!(decode_wav(&bytes[..]).unwrap().samples[0], -16384);
        assert!(matches!(
            decode_wav(&b"RIFF not really"[..]),
            Err(WavError::Format(_))
        ));
        let long = hound::WavSpec {
            sample_rate: 8000,
            ..deep
        };
        let bytes = wav(long, |w| {
            (0..8000 * 11).for_each(|_| w.write_sample(0i32).unwrap())
        });
        assert!(matches!(decode_wav(&bytes[..]), Err(WavError::TooLong(_))));
    }

    #[test]
    fn resampling_keeps_the_duration_and_the_pitch() {
        let source = tone(48_000, 1000.0, 500, 0.5);
        let out = resample(&source, RATE);
        assert_eq!(out.samples.len(), samples_for_ms(RATE, 500));
        let crossings = |p: &Pcm| {
            p.samples
                .windows(2)
                .filter(|w| (w[0] < 0) != (w[1] < 0))
                .count()
        };
        assert!(
            (crossings(&out) as i64 - 1000).abs() <= 2,
            "{}",
            crossings(&out)
        );
        let up = resample(&tone(11_025, 440.0, 250, 0.5), RATE);
        assert_eq!(up.samples.len(), samples_for_ms(RATE, 250));
        assert!((up.rms() - 0.5 / 2f64.sqrt()).abs() < 0.01);
        // 5,513 samples at 22.05 kHz are 4,000.4 at 16 kHz: rounded to the nearest.
        let down = resample(
            &Pcm {
                rate: 22_050,
                samples: vec![0; 5513],
            },
            RATE,
        );
        assert_eq!(down.samples.len(), 4000);
    }

    #[test]
    fn resampling_removes_what_the_lower_rate_cannot_carry() {
        // 7 kHz at 44.1 kHz, brought to 11.025 kHz (Nyquist 5.5 kHz): linear interpolation or a
        // box average would fold it down to an audible 4 kHz; the filter leaves almost nothing.
        let high = resample(&tone(44_100, 7000.0, 300, 0.5), 11_025);
        let middle = &high.samples[200..high.samples.len() - 200];
        let rms = Pcm {
            rate: 11_025,
            samples: middle.to_vec(),
        }
        .rms();
        assert!(rms < 0.01, "alias at RMS {rms}");
        // A tone well inside both bands passes unchanged in level.
        let low = resample(&tone(44_100, 1000.0, 300, 0.5), 11_025);
        assert!((low.rms() - 0.5 / 2f64.sqrt()).abs() < 0.01);
    }

    #[test]
    fn a_recording_loses_its_quiet_ends_and_is_brought_to_the_shipped_level() {
        let rate = 16_000;
        let mut samples = vec![20i16; samples_for_ms(rate, 400)];
        samples.extend(tone(rate, 300.0, 300, 0.1).samples);
        samples.extend(vec![-20i16; samples_for_ms(rate, 600)]);
        let trimmed = trim_silence(&Pcm { rate, samples }).unwrap();
        let ms = trimmed.duration_s() * 1000.0;
        assert!((300.0..=321.0).contains(&ms), "{ms} ms");
        let loud = normalise(&trimmed).unwrap();
        assert!((f64::from(loud.peak()) / 32767.0 - PEAK).abs() < 0.01);
        assert!(matches!(
            trim_silence(&Pcm::silence(rate, 100)),
            Err(WavError::Silent)
        ));
    }

    #[test]
    fn joined_clips_sit_where_the_parts_say_with_the_gaps_between() {
        let a = tone(RATE, 500.0, 100, 0.5);
        let b = tone(22_050, 500.0, 200, 0.5);
        let mixed = join(
            &[Piece::Clip("a", &a), Piece::Gap(50), Piece::Clip("b", &b)],
            RATE,
        );
        let gap = samples_for_ms(RATE, 50);
        assert_eq!(
            mixed.parts[0],
            Part {
                clip: "a",
                start: 0,
                len: a.samples.len()
            }
        );
        assert_eq!(mixed.parts[1].start, a.samples.len() + gap);
        assert_eq!(mixed.parts[1].len, samples_for_ms(RATE, 200));
        assert_eq!(
            mixed.pcm.samples.len(),
            mixed.parts[1].start + mixed.parts[1].len
        );
        assert!(
            mixed.pcm.samples[a.samples.len()..mixed.parts[1].start]
                .iter()
                .all(|&s| s == 0)
        );
        let back = decode_wav(&wav_bytes(&mixed.pcm).unwrap()[..]).unwrap();
        assert_eq!(back, mixed.pcm);
    }
}
