//! A QR scanner in serial (USB-CDC) mode: it sends each scan as a line on a tty. Unlike keyboard
//! mode, the bytes arrive as the card encodes them, so Vietnamese letters stay intact.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::thread;

/// Reads lines from `device` on a thread; each line arrives on the returned channel and wakes
/// the UI. Errors are logged (without the scanned text) and end the reader.
pub fn spawn(device: PathBuf, ctx: egui::Context) -> Receiver<String> {
    let (tx, rx) = channel();
    let spawned = thread::Builder::new()
        .name("fairdesk-scanner".into())
        .spawn(move || {
            let file = match std::fs::File::open(&device) {
                Ok(file) => file,
                Err(err) => {
                    tracing::error!("cannot open scanner {}: {err}", device.display());
                    return;
                }
            };
            let mut reader = BufReader::new(file);
            let mut bytes = Vec::new();
            loop {
                bytes.clear();
                match reader.read_until(b'\n', &mut bytes) {
                    Ok(0) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&bytes).trim().to_string();
                        if line.is_empty() {
                            continue;
                        }
                        if tx.send(line).is_err() {
                            break;
                        }
                        ctx.request_repaint();
                    }
                    Err(err) => {
                        tracing::error!("scanner {}: {err}", device.display());
                        break;
                    }
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!("cannot start the scanner thread: {err}");
    }
    rx
}
