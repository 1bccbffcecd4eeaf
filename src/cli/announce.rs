//! `announce`: one call as the board speaks it (the chime, then "Mời số …, đến bàn …"),
//! rendered to a WAV file with no sound device — for tests, and for an organiser checking
//! their own recordings. Also the voice options the app's board shares (`--voice`,
//! `--voice-region`).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use serde_json::json;

use super::common::print_json;
use crate::voice::reading::{Region, sentence};
use crate::voice::{Voice, VoiceCall, mix};

/// The voice the board speaks with.
#[derive(Debug, Clone, Default, Args)]
pub struct VoiceArgs {
    /// A folder of your own recordings (moi.wav, so.wav, chu_a.wav, …: the README's clip
    /// table), any sample rate, mono or stereo; a clip not there is the shipped one.
    #[arg(long, value_name = "DIR")]
    pub voice: Option<PathBuf>,
    /// How numbers are read: north (linh, nghìn) or south (lẻ, ngàn).
    #[arg(long, value_enum, default_value_t = RegionArg::North)]
    pub voice_region: RegionArg,
}

impl VoiceArgs {
    /// Loads the voice, failing with one line on a bad folder or clip.
    pub fn load(&self) -> Result<Voice> {
        Ok(Voice::load(
            self.voice.as_deref(),
            self.voice_region.into(),
        )?)
    }

    /// The voice for the app: `None` (the shipped one, loaded on the sound thread) unless a
    /// folder is given, which is checked now so a bad one fails before any window opens.
    pub fn for_app(&self) -> Result<Option<Arc<Voice>>> {
        if self.voice.is_none() && self.voice_region == RegionArg::North {
            return Ok(None);
        }
        Ok(Some(Arc::new(self.load()?)))
    }
}

/// Regions for `--voice-region`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    /// Linh, nghìn.
    #[default]
    North,
    /// Lẻ, ngàn.
    South,
}

impl From<RegionArg> for Region {
    fn from(region: RegionArg) -> Self {
        match region {
            RegionArg::North => Region::North,
            RegionArg::South => Region::South,
        }
    }
}

/// `announce` options.
#[derive(Debug, Args)]
pub struct AnnounceArgs {
    /// The ticket number, e.g. A007 or T1-012.
    pub ticket: String,
    /// The desk it is called to, e.g. A1 or T1-2.
    #[arg(long)]
    pub desk: String,
    /// The desk's label as the board shows it (default "Bàn DESK").
    #[arg(long)]
    pub label: Option<String>,
    /// The WAV file to write (16-bit mono, 16 kHz).
    #[arg(long, value_name = "FILE")]
    pub wav: PathBuf,
    #[command(flatten)]
    pub voice: VoiceArgs,
}

pub(super) fn run(args: AnnounceArgs) -> Result<i32> {
    let voice = args.voice.load()?;
    let desk = args.desk.trim().to_uppercase();
    let call = VoiceCall {
        ticket: args.ticket.trim().to_uppercase(),
        desk_label: args.label.unwrap_or_else(|| format!("Bàn {desk}")),
        desk,
    };
    let words = voice.words(&call)?;
    let mixed = voice.announce(&call)?;
    mix::write_wav(&args.wav, &mixed.pcm)
        .with_context(|| format!("cannot write {}", args.wav.display()))?;
    let seconds = |samples: usize| samples as f64 / f64::from(mixed.pcm.rate);
    print_json(&json!({
        "wav": args.wav.display().to_string(),
        "text": sentence(&words),
        "clips": mixed.parts.iter().map(|p| p.clip).collect::<Vec<_>>(),
        "parts": mixed.parts.iter().map(|p| json!({
            "clip": p.clip,
            "start_s": seconds(p.start),
            "duration_s": seconds(p.len),
        })).collect::<Vec<_>>(),
        "duration_s": mixed.pcm.duration_s(),
        "sample_rate": mixed.pcm.rate,
        "rms": mixed.pcm.rms(),
        "region": match voice.region() { Region::North => "north", Region::South => "south" },
        "voice": args.voice.voice.as_ref().map(|d| d.display().to_string()),
        "replaced": voice.replaced(),
        "ignored": voice.ignored(),
    }))?;
    Ok(0)
}
