//! The board's spoken calls as an organiser and the hall meet them: `fairdesk announce` run as
//! the real binary renders a call to a WAV file (the clips in order, the gaps between, loud
//! enough to hear, an organiser's own recording used in place of a shipped clip), and the
//! board asks for an announcement on every new call and every recall.

mod common;
mod screen;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use common::TestFair;
use fairdesk::api::{FairApi, StaffAction, Target};
use fairdesk::fair::Fair;
use fairdesk::ui::board::BoardScreen;
use fairdesk::ui::chime::Chime;
use fairdesk::voice::queue::Sound;
use fairdesk::voice::{CHIME_GAP_MS, PHRASE_GAP_MS, VoiceCall, WORD_GAP_MS, mix};

const RATE: f64 = mix::RATE as f64;
use screen::*;
use serde_json::Value;

fn announce(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .arg("announce")
        .args(args)
        .arg("--db")
        .arg(dir.join("unused.db"))
        .output()
        .unwrap()
}

fn announce_ok(dir: &Path, args: &[&str]) -> Value {
    let out = announce(dir, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    stderr
}

fn read_wav(path: &Path) -> (hound::WavSpec, Vec<i16>) {
    let mut reader = hound::WavReader::open(path).unwrap();
    let spec = reader.spec();
    let samples = reader.samples::<i16>().map(Result::unwrap).collect();
    (spec, samples)
}

/// A shipped clip's length in the board's format (resampled to its rate, rounded).
fn shipped_len(clip: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = if clip == "chime" {
        root.join("assets/sounds/chime.wav")
    } else {
        root.join("assets/voice/vi").join(format!("{clip}.wav"))
    };
    let reader = hound::WavReader::open(path).unwrap();
    let (frames, rate) = (
        u64::from(reader.duration()),
        u64::from(reader.spec().sample_rate),
    );
    ((frames * u64::from(mix::RATE) + rate / 2) / rate) as usize
}

fn clips(v: &Value) -> Vec<String> {
    v["clips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

fn rms(samples: &[i16]) -> f64 {
    let sum: f64 = samples
        .iter()
        .map(|&s| (f64::from(s) / 32768.0).powi(2))
        .sum();
    (sum / samples.len() as f64).sqrt()
}

fn zero_crossings(samples: &[i16]) -> usize {
    samples
        .windows(2)
        .filter(|w| (w[0] < 0) != (w[1] < 0))
        .count()
}

#[test]
fn an_announcement_is_the_chime_then_each_word_with_the_gaps_and_can_be_heard() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("a007.wav");
    let v = announce_ok(
        dir.path(),
        &["A007", "--desk", "A1", "--wav", wav.to_str().unwrap()],
    );
    assert_eq!(v["text"], "Mời số a không không bảy, đến bàn a một");
    let clips = clips(&v);
    assert_eq!(
        clips,
        [
            "chime", "moi", "so", "chu_a", "khong", "khong", "bay", "den", "ban", "chu_a", "mot"
        ]
    );
    let (spec, samples) = read_wav(&wav);
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (1, mix::RATE, 16)
    );
    let gap = |ms| mix::samples_for_ms(mix::RATE, ms);
    let words = clips.len() - 1;
    let expected = clips.iter().map(|c| shipped_len(c)).sum::<usize>()
        + gap(CHIME_GAP_MS)
        + gap(PHRASE_GAP_MS)
        + (words - 2) * gap(WORD_GAP_MS);
    assert_eq!(samples.len(), expected);
    let seconds = v["duration_s"].as_f64().unwrap();
    assert!((seconds - expected as f64 / RATE).abs() < 1e-9);
    assert!(rms(&samples) > 0.05, "RMS {}", rms(&samples));
    // Every word is heard, not only the chime.
    for part in v["parts"].as_array().unwrap() {
        let start = (part["start_s"].as_f64().unwrap() * RATE).round() as usize;
        let len = (part["duration_s"].as_f64().unwrap() * RATE).round() as usize;
        assert!(rms(&samples[start..start + len]) > 0.02, "{part}");
    }
}

#[test]
fn desks_and_ticket_numbers_read_as_the_board_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("t.wav");
    let wav = wav.to_str().unwrap();
    let v = announce_ok(dir.path(), &["T1-012", "--desk", "t1-2", "--wav", wav]);
    assert_eq!(
        v["text"],
        "Mời số tê một gạch không một hai, đến bàn tê một gạch hai"
    );
    let v = announce_ok(
        dir.path(),
        &["B031", "--desk", "C3", "--label", "Quầy 3", "--wav", wav],
    );
    assert_eq!(v["text"], "Mời số bê không ba một, đến quầy ba");
    let v = announce_ok(
        dir.path(),
        &[
            "A007",
            "--desk",
            "A1",
            "--label",
            "Bàn 105",
            "--voice-region",
            "south",
            "--wav",
            wav,
        ],
    );
    assert_eq!(
        v["text"],
        "Mời số a không không bảy, đến bàn một trăm lẻ năm"
    );
}

/// A 1 kHz tone, 0.6 s, 44.1 kHz stereo: nothing like espeak-ng saying "mời".
fn write_tone(path: &Path) {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 44_100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..26_460 {
        let s =
            (6000.0 * (2.0 * std::f64::consts::PI * 1000.0 * f64::from(i) / 44_100.0).sin()) as i16;
        writer.write_sample(s).unwrap();
        writer.write_sample(s).unwrap();
    }
    writer.finalize().unwrap();
}

/// The tone's length in the board's format.
const TONE_LEN: usize = (mix::RATE as usize) * 6 / 10;

#[test]
fn an_organisers_recording_replaces_its_clip_and_the_rest_stay_shipped() {
    let dir = tempfile::tempdir().unwrap();
    let voice = dir.path().join("my-voice");
    std::fs::create_dir(&voice).unwrap();
    write_tone(&voice.join("moi.wav"));
    std::fs::write(voice.join("notes.txt"), "recorded on a phone").unwrap();
    let shipped_wav = dir.path().join("shipped.wav");
    let own_wav = dir.path().join("own.wav");
    let shipped = announce_ok(
        dir.path(),
        &[
            "A007",
            "--desk",
            "A1",
            "--wav",
            shipped_wav.to_str().unwrap(),
        ],
    );
    let own = announce_ok(
        dir.path(),
        &[
            "A007",
            "--desk",
            "A1",
            "--voice",
            voice.to_str().unwrap(),
            "--wav",
            own_wav.to_str().unwrap(),
        ],
    );
    assert_eq!(own["replaced"], serde_json::json!(["moi"]));
    assert_eq!(clips(&own), clips(&shipped));
    // Longer by the tone's 0.6 s less the shipped "mời".
    let (_, shipped_samples) = read_wav(&shipped_wav);
    let (_, own_samples) = read_wav(&own_wav);
    assert_eq!(
        own_samples.len(),
        shipped_samples.len() - shipped_len("moi") + TONE_LEN
    );
    // The tone is where "mời" was: 2,000 zero crossings a second at the shipped level.
    let part = &own["parts"][1];
    assert_eq!(part["clip"], "moi");
    let start = (part["start_s"].as_f64().unwrap() * RATE).round() as usize;
    let tone = &own_samples[start..start + TONE_LEN];
    let crossings = zero_crossings(tone);
    assert!((1190..=1210).contains(&crossings), "{crossings} crossings");
    assert!(
        (rms(tone) - mix::PEAK / 2f64.sqrt()).abs() < 0.02,
        "RMS {}",
        rms(tone)
    );
    // The words after it are the shipped ones, sample for sample.
    let after = own["parts"][2]["start_s"].as_f64().unwrap();
    let after_shipped = shipped["parts"][2]["start_s"].as_f64().unwrap();
    let (a, b) = (
        (after * RATE).round() as usize,
        (after_shipped * RATE).round() as usize,
    );
    assert_eq!(own_samples[a..], shipped_samples[b..]);
}

#[test]
fn bad_input_is_one_line_and_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("x.wav");
    let wav = wav.to_str().unwrap();
    let err = one_line_error(&announce(
        dir.path(),
        &["007", "--desk", "A1", "--wav", wav],
    ));
    assert!(err.contains("not a ticket number"), "{err}");
    let err = one_line_error(&announce(
        dir.path(),
        &["A007", "--desk", "Á1", "--wav", wav],
    ));
    assert!(err.contains("not a desk code"), "{err}");
    let nowhere = dir.path().join("no/such/folder/x.wav");
    let err = one_line_error(&announce(
        dir.path(),
        &["A007", "--desk", "A1", "--wav", nowhere.to_str().unwrap()],
    ));
    assert!(err.contains("cannot write"), "{err}");
    let voice: PathBuf = dir.path().join("voice");
    std::fs::create_dir(&voice).unwrap();
    std::fs::write(voice.join("so.wav"), "not a recording").unwrap();
    let err = one_line_error(&announce(
        dir.path(),
        &[
            "A007",
            "--desk",
            "A1",
            "--voice",
            voice.to_str().unwrap(),
            "--wav",
            wav,
        ],
    ));
    assert!(err.contains("so.wav"), "{err}");
    assert!(!Path::new(wav).exists());
}

/// A second engine on the same file, as the app would open it.
fn api(t: &TestFair) -> Arc<dyn FairApi> {
    Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"))
}

fn next_call(heard: &Receiver<Sound>) -> VoiceCall {
    match heard.recv_timeout(std::time::Duration::from_secs(30)) {
        Ok(Sound::Call(call)) => call,
        other => panic!("expected a call, got {other:?}"),
    }
}

#[test]
fn the_board_announces_each_new_call_and_each_recall_but_not_what_it_found_on_opening() {
    let t = TestFair::new();
    let people: Vec<String> = (1..=3).map(|n| t.checked_in(n)).collect();
    t.fair.issue_ticket(&people[0], "A", None).unwrap();
    t.fair.issue_ticket(&people[1], "A", None).unwrap();
    t.fair.issue_ticket(&people[2], "B", None).unwrap();
    t.fair.call_next("A1").unwrap();
    let (chime, heard) = Chime::recording();
    let mut board = staff_harness(BoardScreen::new(api(&t), chime));
    step_until(&mut board, "the board", |h| shows(h, "A001"));
    assert!(
        heard.try_recv().is_err(),
        "the call already on the board was announced"
    );

    t.advance_min(1);
    t.fair.call_next("B1").unwrap();
    step_until(&mut board, "B001", |h| shows(h, "B001"));
    let call = next_call(&heard);
    assert_eq!(
        (
            call.ticket.as_str(),
            call.desk.as_str(),
            call.desk_label.as_str()
        ),
        ("B001", "B1", "Bàn B1")
    );

    t.advance_min(1);
    t.fair
        .act(Target::Desk("A1".into()), StaffAction::Recall)
        .unwrap();
    step_until(&mut board, "the recall", |h| {
        h.state()
            .state
            .board
            .as_ref()
            .is_some_and(|b| b.calls[0].ticket == "A001")
    });
    assert_eq!(next_call(&heard).ticket, "A001");
    assert!(heard.try_recv().is_err());
}
