//! The board's sound on Linux: libpulse-simple, loaded when the first sound plays.
//!
//! Why this and not rodio/cpal: cpal's Linux back end links ALSA through `alsa-sys`, which
//! needs `libasound2-dev` and pkg-config at build time, and a fresh laptop has neither. Every
//! Debian/Ubuntu desktop has `libpulse0` (PulseAudio's client library, which PipeWire's
//! pipewire-pulse serves too), so the board opens it at run time with `libloading`: nothing is
//! linked at build time, and a machine without it, or without a sound server, is silent and
//! says so once. The pure-Rust `pulseaudio` crate (0.3.2) was tried first: against a real
//! PulseAudio 16 its streams were created but never heard (the drain was answered at once),
//! see the README.
//!
//! Only four functions of the "simple" API are used (open, write, drain, free), hand-declared
//! below because their C signatures have been stable since PulseAudio 0.9.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::voice::mix::Pcm;
use crate::voice::queue::Speaker;

/// The client library, by its soname (the unversioned `.so` is only in the -dev package).
const LIBRARY: &str = "libpulse-simple.so.0";

/// `pa_sample_spec`.
#[repr(C)]
struct SampleSpec {
    format: c_int,
    rate: u32,
    channels: u8,
}

/// `PA_SAMPLE_S16LE`.
const S16LE: c_int = 3;
/// `PA_STREAM_PLAYBACK`.
const PLAYBACK: c_int = 1;

type NewFn = unsafe extern "C" fn(
    server: *const c_char,
    name: *const c_char,
    dir: c_int,
    dev: *const c_char,
    stream_name: *const c_char,
    ss: *const SampleSpec,
    map: *const c_void,
    attr: *const c_void,
    error: *mut c_int,
) -> *mut c_void;
type WriteFn = unsafe extern "C" fn(
    s: *mut c_void,
    data: *const c_void,
    bytes: usize,
    error: *mut c_int,
) -> c_int;
type DrainFn = unsafe extern "C" fn(s: *mut c_void, error: *mut c_int) -> c_int;
type FreeFn = unsafe extern "C" fn(s: *mut c_void);

/// The library and the four functions, looked up once.
struct Simple {
    new: NewFn,
    write: WriteFn,
    drain: DrainFn,
    free: FreeFn,
    /// Kept loaded for as long as the functions may be called.
    _library: libloading::Library,
}

impl Simple {
    fn load() -> Result<Self, String> {
        // SAFETY: loading libpulse-simple runs its initialisers, which only set up its own
        // state; the symbols are read with the types of the C declarations above.
        unsafe {
            let library = libloading::Library::new(LIBRARY).map_err(|e| e.to_string())?;
            let new = *library
                .get::<NewFn>(b"pa_simple_new\0")
                .map_err(|e| e.to_string())?;
            let write = *library
                .get::<WriteFn>(b"pa_simple_write\0")
                .map_err(|e| e.to_string())?;
            let drain = *library
                .get::<DrainFn>(b"pa_simple_drain\0")
                .map_err(|e| e.to_string())?;
            let free = *library
                .get::<FreeFn>(b"pa_simple_free\0")
                .map_err(|e| e.to_string())?;
            Ok(Self {
                new,
                write,
                drain,
                free,
                _library: library,
            })
        }
    }

    /// The library, loaded on first use; the error says why there is none.
    fn get() -> Result<&'static Self, &'static str> {
        static SIMPLE: OnceLock<Result<Simple, String>> = OnceLock::new();
        SIMPLE
            .get_or_init(Self::load)
            .as_ref()
            .map_err(String::as_str)
    }
}

/// An open playback stream; freed when dropped.
struct Stream {
    simple: &'static Simple,
    handle: *mut c_void,
}

// SAFETY: a pa_simple connection may be used from any one thread at a time; a `Stream` is
// only ever used by the thread that owns it.
unsafe impl Send for Stream {}

impl Stream {
    /// Opens a mono 16-bit stream at `rate` on `server` (the session's when `None`).
    fn open(simple: &'static Simple, server: Option<&CStr>, rate: u32) -> Result<Self, c_int> {
        let spec = SampleSpec {
            format: S16LE,
            rate,
            channels: 1,
        };
        let mut error = 0;
        // SAFETY: every pointer is valid for the call or null where the API allows it.
        let handle = unsafe {
            (simple.new)(
                server.map_or(std::ptr::null(), CStr::as_ptr),
                c"fairdesk".as_ptr(),
                PLAYBACK,
                std::ptr::null(),
                c"fairdesk board".as_ptr(),
                &spec,
                std::ptr::null(),
                std::ptr::null(),
                &mut error,
            )
        };
        if handle.is_null() {
            return Err(error);
        }
        Ok(Self { simple, handle })
    }

    /// Plays `samples` to the end (blocks until the server has played them).
    fn play(&self, samples: &[i16]) -> Result<(), c_int> {
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut error = 0;
        // SAFETY: `bytes` is valid for its length; `handle` is open.
        if unsafe {
            (self.simple.write)(self.handle, bytes.as_ptr().cast(), bytes.len(), &mut error)
        } < 0
        {
            return Err(error);
        }
        // SAFETY: as above.
        if unsafe { (self.simple.drain)(self.handle, &mut error) } < 0 {
            return Err(error);
        }
        Ok(())
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        // SAFETY: `handle` came from pa_simple_new and is freed once.
        unsafe { (self.simple.free)(self.handle) }
    }
}

/// The session's sound server, reached for each sound.
#[derive(Default)]
pub struct PulseSpeaker {
    /// The server to use instead of the session's (tests): a `unix:` address.
    server: Option<CString>,
    /// Set when the sound last started has been played out.
    done: Option<Arc<AtomicBool>>,
    /// Whether "no sound" has been logged, so it is said once.
    told_silent: bool,
}

impl PulseSpeaker {
    /// A speaker on the server listening at `socket` rather than the session's.
    pub fn at(socket: &Path) -> Self {
        Self {
            server: CString::new(format!("unix:{}", socket.display())).ok(),
            ..Self::default()
        }
    }

    /// Whether the speaker has said that nothing will be heard.
    pub fn said_silent(&self) -> bool {
        self.told_silent
    }

    fn silent(&mut self, why: &str) -> bool {
        if !std::mem::replace(&mut self.told_silent, true) {
            tracing::info!("no sound server, the board stays silent: {why}");
        }
        false
    }
}

impl Speaker for PulseSpeaker {
    fn start(&mut self, pcm: &Pcm) -> bool {
        let simple = match Simple::get() {
            Ok(simple) => simple,
            Err(why) => return self.silent(why),
        };
        // Opening is quick (a local socket), and tells at once whether anything will be heard.
        let stream = match Stream::open(simple, self.server.as_deref(), pcm.rate) {
            Ok(stream) => stream,
            Err(code) => return self.silent(&format!("PulseAudio error {code}")),
        };
        if std::mem::replace(&mut self.told_silent, false) {
            tracing::info!("board sound: the sound server is back");
        }
        let done = Arc::new(AtomicBool::new(false));
        self.done = Some(done.clone());
        let samples = pcm.samples.clone();
        // Writing blocks while the server plays; one short-lived thread per announcement.
        let player = std::thread::Builder::new()
            .name("fairdesk-sound-out".into())
            .spawn(move || {
                if let Err(code) = stream.play(&samples) {
                    tracing::warn!("board sound: a sound was cut off (PulseAudio error {code})");
                }
                drop(stream);
                done.store(true, Ordering::Release);
            });
        if let Err(err) = player {
            tracing::warn!("board sound: cannot start playing: {err}");
            self.done = None;
            return false;
        }
        true
    }

    fn busy(&mut self) -> bool {
        self.done
            .as_ref()
            .is_some_and(|done| !done.load(Ordering::Acquire))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// A real PulseAudio server with a null sink, on a socket in a temp dir.
    struct Server {
        child: Child,
        socket: PathBuf,
        _dir: tempfile::TempDir,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn server() -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("native");
        let child = Command::new("pulseaudio")
            .args([
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
                "--disable-shm=yes",
                "-F",
                "/dev/null",
                "--load=module-null-sink sink_name=fairdesk_test",
                &format!(
                    "--load=module-native-protocol-unix socket={} auth-anonymous=1",
                    socket.display()
                ),
            ])
            .env("HOME", dir.path())
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("PULSE_RUNTIME_PATH", dir.path())
            .env("PULSE_STATE_PATH", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the pulseaudio server (apt-get install pulseaudio; see .ci/run)");
        let started = Instant::now();
        while !socket.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "pulseaudio did not open its socket"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server {
            child,
            socket,
            _dir: dir,
        }
    }

    /// The loudest sample `parec` wrote to `raw` so far.
    fn loudest(raw: &Path) -> u16 {
        let bytes = std::fs::read(raw).unwrap_or_default();
        bytes
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]).unsigned_abs())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn the_chime_reaches_a_real_sound_server() {
        let server = server();
        // Listen to what the null sink plays, through its monitor, as another client would.
        let raw = server.socket.with_file_name("heard.raw");
        let mut listener = Command::new("parec")
            .args([
                "-d",
                "fairdesk_test.monitor",
                "--format=s16le",
                "--channels=1",
                "--rate=16000",
                "--latency-msec=50",
            ])
            .arg(&raw)
            .env("PULSE_SERVER", format!("unix:{}", server.socket.display()))
            .stderr(Stdio::null())
            .spawn()
            .expect("parec (apt-get install pulseaudio-utils; see .ci/run)");

        let mut speaker = PulseSpeaker::at(&server.socket);
        let chime = crate::voice::Voice::shipped(crate::voice::reading::Region::North)
            .expect("shipped voice")
            .chime()
            .pcm;
        assert!(speaker.start(&chime), "a stream opens on a running server");
        let started = Instant::now();
        while speaker.busy() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the chime never ended"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // The monitor lags the sink: listen until the chime is heard, for a while at most.
        let listening = Instant::now();
        while loudest(&raw) <= 1000 && listening.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = listener.kill();
        let _ = listener.wait();
        let loudest = loudest(&raw);
        assert!(
            loudest > 1000,
            "the monitor heard nothing louder than {loudest}"
        );
        assert!(!speaker.said_silent());
    }

    #[test]
    fn without_a_server_the_board_is_silent_and_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut speaker = PulseSpeaker::at(&dir.path().join("no-server"));
        // No autospawned daemon for the test: the address names a socket nobody listens on.
        let pcm = Pcm {
            rate: 22_050,
            samples: vec![0; 100],
        };
        assert!(!speaker.start(&pcm));
        assert!(speaker.said_silent());
        assert!(!speaker.busy());
        // A second sound is silent too, and nothing waits for it.
        assert!(!speaker.start(&pcm));
        assert!(!speaker.busy());
    }
}
