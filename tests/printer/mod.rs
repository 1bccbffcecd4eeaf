//! Captured printers for the printing tests: a network printer on loopback that records what
//! it is sent and answers status requests as told, a port nobody listens on, and a decoder
//! that reads the ESC/POS bytes back into images, so a test checks what paper would show.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

use fairdesk::print::{PrinterSpec, Raster};

/// What a job's bytes say, command by command.
#[derive(Debug, Default)]
pub struct Decoded {
    /// Each image: consecutive `GS v 0` bands of one width stacked.
    pub images: Vec<Raster>,
    /// The height of every band, in order.
    pub bands: Vec<u32>,
    /// `ESC @` seen (count).
    pub resets: usize,
    /// `ESC d n` values.
    pub feeds: Vec<u8>,
    /// `GS V m` values.
    pub cuts: Vec<u8>,
    /// `DLE EOT n` values, in order.
    pub status_requests: Vec<u8>,
    /// Whether a status request came before the first image.
    pub asked_before_image: bool,
}

/// Reads an ESC/POS byte stream as a printer would; panics on anything it does not know, so
/// a stray byte fails the test.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    let mut i = 0;
    // The image being built: (row bytes, rows, data).
    let mut current: Option<(usize, u32, Vec<u8>)> = None;
    let flush = |current: &mut Option<(usize, u32, Vec<u8>)>, out: &mut Decoded| {
        if let Some((row_bytes, rows, data)) = current.take() {
            out.images
                .push(Raster::from_packed(row_bytes, rows, data).expect("whole rows"));
        }
    };
    while i < bytes.len() {
        match bytes[i..] {
            [0x1B, b'@', ..] => {
                flush(&mut current, &mut out);
                out.resets += 1;
                i += 2;
            }
            [0x1D, b'v', b'0', m, xl, xh, yl, yh, ..] => {
                assert_eq!(m, 0, "normal density");
                let row_bytes = usize::from(u16::from_le_bytes([xl, xh]));
                let rows = u32::from(u16::from_le_bytes([yl, yh]));
                let len = row_bytes * rows as usize;
                let start = i + 8;
                assert!(start + len <= bytes.len(), "band data cut short");
                let data = &bytes[start..start + len];
                out.bands.push(rows);
                match &mut current {
                    Some((w, h, image)) if *w == row_bytes => {
                        *h += rows;
                        image.extend_from_slice(data);
                    }
                    _ => {
                        flush(&mut current, &mut out);
                        current = Some((row_bytes, rows, data.to_vec()));
                    }
                }
                i = start + len;
            }
            [0x1B, b'd', n, ..] => {
                flush(&mut current, &mut out);
                out.feeds.push(n);
                i += 3;
            }
            [0x1D, b'V', m, ..] => {
                flush(&mut current, &mut out);
                out.cuts.push(m);
                i += 3;
            }
            [0x10, 0x04, n, ..] => {
                if out.images.is_empty() && current.is_none() {
                    out.asked_before_image = true;
                }
                out.status_requests.push(n);
                i += 3;
            }
            _ => panic!(
                "unknown ESC/POS bytes at {i}: {:02x?}",
                &bytes[i..(i + 8).min(bytes.len())]
            ),
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Every QR code in `image`, decoded.
pub fn qr_codes(image: &Raster) -> Vec<String> {
    let gray = image.to_gray();
    qr_codes_gray(&gray)
}

/// Every QR code in a greyscale image, decoded.
pub fn qr_codes_gray(gray: &image::GrayImage) -> Vec<String> {
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        gray.get_pixel(x as u32, y as u32)[0]
    });
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// How the fake printer answers `DLE EOT 1`, `2` and `4`.
#[derive(Debug, Clone, Copy)]
pub enum Answers {
    /// Online, paper present.
    Ready,
    /// Offline with no paper.
    PaperOut,
    /// Never answers (a printer that ignores status requests).
    Silent,
    /// Takes the connection and closes it at once.
    Hangs,
    /// Online as far as the connection goes, but says it is offline (cover closed, paper in):
    /// switched to offline with its button, or in an error state.
    Offline,
}

/// A network printer on 127.0.0.1 that records each connection's bytes.
pub struct FakePrinter {
    pub port: u16,
    /// Each connection's bytes, sent when the kiosk closes it.
    pub jobs: Receiver<Vec<u8>>,
}

impl FakePrinter {
    pub fn start(answers: Answers) -> Self {
        Self::switchable(answers).0
    }

    /// A printer whose answers the test changes while it runs (each new connection, and each
    /// status request, reads them afresh).
    pub fn switchable(answers: Answers) -> (Self, std::sync::Arc<std::sync::Mutex<Answers>>) {
        let shared = std::sync::Arc::new(std::sync::Mutex::new(answers));
        let handle = std::sync::Arc::clone(&shared);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let (tx, jobs) = channel();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let answers = std::sync::Arc::clone(&shared);
                if matches!(*answers.lock().unwrap(), Answers::Hangs) {
                    drop(stream);
                    continue;
                }
                let tx = tx.clone();
                thread::spawn(move || {
                    let bytes = serve(stream, answers);
                    let _ = tx.send(bytes);
                });
            }
        });
        (Self { port, jobs }, handle)
    }

    pub fn spec(&self) -> PrinterSpec {
        format!("tcp:127.0.0.1:{}", self.port)
            .parse()
            .expect("spec")
    }

    /// The next connection's bytes.
    pub fn next_job(&self) -> Vec<u8> {
        self.jobs
            .recv_timeout(Duration::from_secs(30))
            .expect("the printer got a connection")
    }

    /// Whether another connection came within `wait`.
    pub fn another_job(&self, wait: Duration) -> Option<Vec<u8>> {
        self.jobs.recv_timeout(wait).ok()
    }
}

fn serve(mut stream: TcpStream, shared: std::sync::Arc<std::sync::Mutex<Answers>>) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                all.extend_from_slice(&buf[..n]);
                // A status request is the last thing sent before the kiosk waits: answer
                // when the bytes so far end with one.
                if let [.., 0x10, 0x04, which] = all[..] {
                    let answers = *shared.lock().unwrap();
                    let reply = match (answers, which) {
                        (Answers::Offline, 1) => Some(0x1A),
                        (Answers::Offline, _) => Some(0x12),
                        (Answers::Ready, _) => Some(0x12),
                        (Answers::PaperOut, 1) => Some(0x1A),
                        (Answers::PaperOut, 2) => Some(0x32),
                        (Answers::PaperOut, _) => Some(0x72),
                        _ => None,
                    };
                    if let Some(byte) = reply {
                        let _ = stream.write_all(&[byte]);
                    }
                }
            }
        }
    }
    all
}

/// A loopback address where nothing listens (bound, then let go).
pub fn closed_port_spec() -> PrinterSpec {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    format!("tcp:127.0.0.1:{port}").parse().expect("spec")
}
