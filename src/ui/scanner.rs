//! A QR scanner in serial (USB-CDC) mode: it sends each scan as a line on a tty. Unlike keyboard
//! mode, the bytes arrive as the card encodes them, so Vietnamese letters stay intact.

use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::thread;

/// Reads lines from `device` on a thread; each line arrives on the returned channel and wakes
/// the UI. Errors are logged (without the scanned text) and end the reader.
pub fn spawn(device: PathBuf, ctx: egui::Context) -> Receiver<String> {
    let (tx, rx) = channel();
    let spawned = thread::Builder::new()
        .name("fairdesk-scanner".into())
        .spawn(move || {
            let file = match open(&device) {
                Ok(file) => file,
                Err(err) => {
                    tracing::error!("cannot open scanner {}: {err}", device.display());
                    return;
                }
            };
            let mut reader = BufReader::new(file);
            let mut bytes = Vec::new();
            loop {
                match reader.read_until(b'\n', &mut bytes) {
                    Ok(0) => break,
                    // A quiet port (Windows reads time out); what came so far stays in `bytes`.
                    Err(err) if err.kind() == ErrorKind::TimedOut => continue,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&bytes).trim().to_string();
                        bytes.clear();
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

/// Opens the scanner's port: a tty (or a FIFO, as the smoke test uses) read as a file on Unix;
/// on Windows a `COM3`-style name opened as a serial port, which also reaches ports past COM9.
fn open(device: &Path) -> std::io::Result<Box<dyn Read + Send>> {
    #[cfg(windows)]
    {
        // USB-CDC scanners ignore the speed; the timeout only bounds each read.
        let port = serialport::new(device.to_string_lossy(), 9600)
            .timeout(std::time::Duration::from_secs(60))
            .open()
            .map_err(std::io::Error::from)?;
        Ok(Box::new(port))
    }
    #[cfg(not(windows))]
    {
        Ok(Box::new(std::fs::File::open(device)?))
    }
}
