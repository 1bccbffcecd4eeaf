//! The board's spoken calls (DESIGN §5, issue 15): the chime, then "Mời số A không không bảy,
//! đến bàn A một", joined at run time from one short clip per word.
//!
//! - [`reading`]: which words say a ticket number, a desk and a number (pure; the rules and
//!   why they were chosen are in its module doc).
//! - [`mix`]: samples in and out: any PCM WAV read into one format, clips joined with short
//!   gaps, a buffer written as WAV.
//! - [`queue`]: the order calls are spoken in (none cuts another off; a pile-up reads the
//!   newest few), over a [`queue::Speaker`] that is the sound device on the board and a
//!   recorder in tests.
//! - this file: the clip set ([`Voice`]): the shipped clips embedded from
//!   `assets/voice/vi/` (made by `assets/voice/make-voice.sh` with espeak-ng), an organiser's
//!   own recordings from a folder (`--voice DIR`) in their place, and the announcement of one
//!   call.
//!
//! Every clip is converted once, when the voice is loaded, to [`mix::RATE`] Hz 16-bit mono, so
//! rendering a call is only copying samples. An organiser's recording may be any sample rate,
//! mono or stereo: it is trimmed of its quiet ends and brought to the shipped clips' level. A
//! clip missing from the folder falls back to the shipped one; a file in the folder that is not
//! a usable WAV is an error (the organiser asked for it, so silence in its place would be a
//! surprise on the day).

pub mod mix;
pub mod queue;
pub mod reading;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use mix::{Mixed, Pcm, Piece, WavError};
use reading::{ReadError, Region, Word};

/// Silence after the chime, before "mời".
pub const CHIME_GAP_MS: u32 = 250;
/// Silence between two words.
pub const WORD_GAP_MS: u32 = 40;
/// Silence before "đến": the comma in "Mời số A không không bảy, đến bàn A một".
pub const PHRASE_GAP_MS: u32 = 200;

/// The name of the chime's clip (`chime.wav` in a voice folder replaces it too).
pub const CHIME: &str = "chime";

/// The chime, a 1.2 s two-tone WAV (22.05 kHz, 16-bit mono), embedded.
pub const CHIME_WAV: &[u8] = include_bytes!("../../assets/sounds/chime.wav");

macro_rules! shipped {
    ($($name:ident)*) => {
        &[$((stringify!($name), include_bytes!(concat!("../../assets/voice/vi/", stringify!($name), ".wav")))),*]
    };
}

/// The shipped clips, embedded: the board needs no files beside the program.
const SHIPPED: &[(&str, &[u8])] = shipped![
    moi so den ban quay gach
    khong mot hai ba bon nam sau bay tam chin
    muoi muoi_ngang mot_sac tu lam linh le tram nghin ngan trieu ty
    chu_a chu_b chu_c chu_d chu_e chu_f chu_g chu_h chu_i chu_j chu_k chu_l chu_m
    chu_n chu_o chu_p chu_q chu_r chu_s chu_t chu_u chu_v chu_w chu_x chu_y chu_z
];

/// Every clip name a voice folder may hold (without `.wav`): [`CHIME`] and the words of
/// [`reading`].
pub fn clip_names() -> impl Iterator<Item = &'static str> {
    std::iter::once(CHIME).chain(reading::all_words().map(|w| w.clip))
}

/// Why a voice cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// The `--voice` folder is not there.
    #[error("{0}: not a folder of voice clips")]
    NotAFolder(PathBuf),
    /// The folder holds no file with a clip's name: probably the wrong folder.
    #[error("{0}: no clip with a known name (moi.wav, so.wav, … see the README's clip table)")]
    NoClips(PathBuf),
    /// A clip file that cannot be used.
    #[error("{path}: {source}")]
    Clip {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: WavError,
    },
    /// The folder cannot be listed.
    #[error("{path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A shipped clip is broken (a bad build; tests catch it).
    #[error("the shipped clip {0} is broken: {1}")]
    Shipped(&'static str, String),
}

/// The shipped clips by name, or the first that failed to decode and why.
type ShippedClips = Result<HashMap<&'static str, Pcm>, (&'static str, String)>;

/// The shipped clips in the board's format, decoded once per process (the board's windows
/// and the tests all use the same).
fn shipped_clips() -> &'static ShippedClips {
    static CLIPS: std::sync::OnceLock<ShippedClips> = std::sync::OnceLock::new();
    CLIPS.get_or_init(|| {
        std::iter::once((CHIME, CHIME_WAV))
            .chain(SHIPPED.iter().copied())
            .map(|(name, bytes)| {
                let pcm = mix::decode_wav(bytes).map_err(|e| (name, e.to_string()))?;
                Ok((name, mix::resample(&pcm, mix::RATE)))
            })
            .collect()
    })
}

/// One call to announce: what the board shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceCall {
    /// The ticket number, `A007`.
    pub ticket: String,
    /// The desk code, `A1`.
    pub desk: String,
    /// The desk's label on the board, `Bàn A1`.
    pub desk_label: String,
}

impl From<&crate::api::BoardCall> for VoiceCall {
    fn from(call: &crate::api::BoardCall) -> Self {
        Self {
            ticket: call.ticket.clone(),
            desk: call.desk.clone(),
            desk_label: call.desk_label.clone(),
        }
    }
}

/// The clip set the board speaks with, every clip at [`mix::RATE`] Hz.
pub struct Voice {
    clips: HashMap<&'static str, Pcm>,
    region: Region,
    replaced: Vec<&'static str>,
    ignored: Vec<String>,
}

impl std::fmt::Debug for Voice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Voice")
            .field("clips", &self.clips.len())
            .field("region", &self.region)
            .field("replaced", &self.replaced)
            .finish_non_exhaustive()
    }
}

impl Voice {
    /// The shipped voice, reading numbers the way `region` does.
    pub fn shipped(region: Region) -> Result<Self, VoiceError> {
        let clips = shipped_clips()
            .as_ref()
            .map_err(|(name, e)| VoiceError::Shipped(name, e.clone()))?;
        Ok(Self {
            clips: clips.clone(),
            region,
            replaced: Vec::new(),
            ignored: Vec::new(),
        })
    }

    /// The shipped voice with each clip found in `folder` (`moi.wav`, `chu_a.wav`, …; names in
    /// any case) in its place; `None` for the shipped voice alone.
    pub fn load(folder: Option<&Path>, region: Region) -> Result<Self, VoiceError> {
        let mut voice = Self::shipped(region)?;
        let Some(folder) = folder else {
            return Ok(voice);
        };
        if !folder.is_dir() {
            return Err(VoiceError::NotAFolder(folder.to_path_buf()));
        }
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| VoiceError::Io { path, source }
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
            .map_err(io(folder))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| {
                path.extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("wav"))
            })
            .collect();
        // Sorted, so which of two same-named files wins does not depend on the disk.
        files.sort();
        for path in files {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let Some(name) = clip_names().find(|&n| n == stem) else {
                voice.ignored.push(path.display().to_string());
                continue;
            };
            if voice.replaced.contains(&name) {
                continue;
            }
            let clip = |source| VoiceError::Clip {
                path: path.clone(),
                source,
            };
            let file = std::fs::File::open(&path).map_err(io(&path))?;
            let recording = mix::decode_wav(std::io::BufReader::new(file)).map_err(clip)?;
            // The chime is a sound, not a word: its quiet tail is part of it.
            let cleaned = if name == CHIME {
                recording
            } else {
                mix::trim_silence(&recording).map_err(clip)?
            };
            let level = mix::normalise(&cleaned).map_err(clip)?;
            voice.clips.insert(name, mix::resample(&level, mix::RATE));
            voice.replaced.push(name);
        }
        if voice.replaced.is_empty() {
            return Err(VoiceError::NoClips(folder.to_path_buf()));
        }
        for ignored in &voice.ignored {
            tracing::warn!("voice: {ignored} is not a clip name; ignored");
        }
        Ok(voice)
    }

    /// How this voice reads numbers.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The clips taken from the organiser's folder, in file order.
    pub fn replaced(&self) -> &[&'static str] {
        &self.replaced
    }

    /// WAV files in the organiser's folder whose names are no clip's.
    pub fn ignored(&self) -> &[String] {
        &self.ignored
    }

    /// The words of `call` ("mời số …, đến bàn …").
    pub fn words(&self, call: &VoiceCall) -> Result<Vec<Word>, ReadError> {
        reading::call(&call.ticket, &call.desk, &call.desk_label, self.region)
    }

    /// The announcement of `call`: the chime, then the words, with the gaps between.
    pub fn announce(&self, call: &VoiceCall) -> Result<Mixed, ReadError> {
        let words = self.words(call)?;
        let mut pieces = vec![self.piece(CHIME), Piece::Gap(CHIME_GAP_MS)];
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                let gap = if *word == reading::DEN {
                    PHRASE_GAP_MS
                } else {
                    WORD_GAP_MS
                };
                pieces.push(Piece::Gap(gap));
            }
            pieces.push(self.piece(word.clip));
        }
        Ok(mix::join(&pieces, mix::RATE))
    }

    /// The chime alone.
    pub fn chime(&self) -> Mixed {
        mix::join(&[self.piece(CHIME)], mix::RATE)
    }

    fn piece(&self, name: &'static str) -> Piece<'_> {
        // Every name comes from `reading`, and `shipped` loaded them all (a test checks), so
        // the empty clip is never used; it only keeps a lookup from ever panicking.
        static EMPTY: Pcm = Pcm {
            rate: mix::RATE,
            samples: Vec::new(),
        };
        Piece::Clip(name, self.clips.get(name).unwrap_or(&EMPTY))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(ticket: &str, desk: &str) -> VoiceCall {
        VoiceCall {
            ticket: ticket.into(),
            desk: desk.into(),
            desk_label: format!("Bàn {desk}"),
        }
    }

    #[test]
    fn the_shipped_voice_has_every_clip_the_readings_use_and_no_other() {
        let voice = Voice::shipped(Region::North).unwrap();
        let mut names: Vec<&str> = clip_names().collect();
        names.sort_unstable();
        let mut loaded: Vec<&str> = voice.clips.keys().copied().collect();
        loaded.sort_unstable();
        assert_eq!(loaded, names);
        for (name, pcm) in &voice.clips {
            assert_eq!(pcm.rate, mix::RATE);
            let s = pcm.duration_s();
            assert!((0.05..1.5).contains(&s), "{name}: {s} s");
            assert!(pcm.rms() > 0.03, "{name} is nearly silent");
        }
    }

    #[test]
    fn the_clip_set_matches_the_script_that_makes_it_and_the_readme_table() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = std::fs::read_to_string(root.join("assets/voice/make-voice.sh")).unwrap();
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        let mut made: Vec<&str> = script
            .lines()
            .filter_map(|l| l.split_once('|').map(|(name, _)| name))
            .filter(|name| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
            .collect();
        made.sort_unstable();
        let mut words: Vec<&str> = reading::all_words().map(|w| w.clip).collect();
        words.sort_unstable();
        assert_eq!(made, words);
        let files = std::fs::read_dir(root.join("assets/voice/vi"))
            .unwrap()
            .count();
        assert_eq!(files, words.len());
        for name in clip_names() {
            assert!(
                readme.contains(&format!("| `{name}` |")),
                "{name} is not in the README"
            );
        }
    }

    #[test]
    fn an_announcement_is_the_chime_then_the_words_with_the_gaps() {
        let voice = Voice::shipped(Region::North).unwrap();
        let mixed = voice.announce(&call("A007", "A1")).unwrap();
        let clips: Vec<&str> = mixed.parts.iter().map(|p| p.clip).collect();
        assert_eq!(
            clips,
            [
                "chime", "moi", "so", "chu_a", "khong", "khong", "bay", "den", "ban", "chu_a",
                "mot"
            ]
        );
        let gaps: usize = mixed
            .parts
            .windows(2)
            .map(|w| w[1].start - (w[0].start + w[0].len))
            .sum();
        let ms = |ms| mix::samples_for_ms(mix::RATE, ms);
        assert_eq!(
            gaps,
            ms(CHIME_GAP_MS) + ms(PHRASE_GAP_MS) + 8 * ms(WORD_GAP_MS)
        );
        let clips_len: usize = mixed.parts.iter().map(|p| p.len).sum();
        assert_eq!(mixed.pcm.samples.len(), clips_len + gaps);
        assert!(voice.announce(&call("nope", "A1")).is_err());
    }

    #[test]
    fn a_folder_without_a_single_clip_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hello.wav"), b"x").unwrap();
        assert!(matches!(
            Voice::load(Some(dir.path()), Region::North),
            Err(VoiceError::NoClips(_))
        ));
        assert!(matches!(
            Voice::load(Some(&dir.path().join("missing")), Region::North),
            Err(VoiceError::NotAFolder(_))
        ));
        std::fs::write(dir.path().join("MOI.WAV"), b"not a wav").unwrap();
        let err = Voice::load(Some(dir.path()), Region::North).unwrap_err();
        assert!(err.to_string().contains("MOI.WAV"), "{err}");
    }

    #[test]
    fn a_recorded_clip_replaces_the_shipped_one_and_the_rest_fall_back() {
        let dir = tempfile::tempdir().unwrap();
        let rate = 44_100;
        let mut samples = vec![0i16; 4410];
        samples.extend((0..rate / 2).map(|i| {
            (8000.0 * (2.0 * std::f64::consts::PI * 700.0 * f64::from(i) / f64::from(rate)).sin())
                as i16
        }));
        samples.extend(vec![0i16; 4410]);
        let bytes = mix::wav_bytes(&Pcm { rate, samples }).unwrap();
        std::fs::write(dir.path().join("Moi.wav"), bytes).unwrap();
        let voice = Voice::load(Some(dir.path()), Region::South).unwrap();
        assert_eq!(voice.replaced(), ["moi"]);
        let moi = &voice.clips["moi"];
        assert!(
            (moi.duration_s() - 0.52).abs() < 0.01,
            "{}",
            moi.duration_s()
        );
        let shipped = Voice::shipped(Region::South).unwrap();
        assert_eq!(voice.clips["so"], shipped.clips["so"]);
    }
}
