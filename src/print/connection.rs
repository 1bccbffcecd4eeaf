//! The three ways bytes reach a printer: a device file, a network printer's raw port, a
//! serial port. Each slip opens its own connection and closes it when done, so a printer that
//! went away and came back is simply used again.
//!
//! Writes that make no progress for [`STALL`] fail instead of hanging (tcp, serial); a device
//! file cannot time out, so a USB printer out of paper may hold its write until paper is
//! loaded — the kiosk's [`super::Spool`] has given up on that slip by then, so the kiosk is
//! never held.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{PrintError, PrinterSpec};

/// A write that moves nothing for this long has failed (the printer is off, unplugged, or
/// holding its buffer full because it is out of paper).
pub const STALL: Duration = Duration::from_secs(10);
/// How long to try to reach a network printer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long to wait, after the last byte, for a network printer to close its side.
const LINGER: Duration = Duration::from_secs(2);
/// How long to listen for stray bytes before asking for the status.
const DRAIN_WAIT: Duration = Duration::from_millis(20);

/// An open connection to a printer.
pub trait Connection: Send {
    /// Whether the printer can answer (status requests make sense).
    fn bidirectional(&self) -> bool;
    /// Writes all of `bytes`, failing if the printer takes nothing for [`STALL`].
    fn write_all_within(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// One byte from the printer within `timeout`: `None` if nothing came, an error if the
    /// printer closed the connection.
    fn read_byte(&mut self, timeout: Duration) -> io::Result<Option<u8>>;
    /// Throws away what the printer sent unasked (answers to status-like bytes inside image
    /// data), so the next read is the answer to the next request.
    fn drain(&mut self) -> io::Result<()> {
        for _ in 0..4096 {
            if self.read_byte(DRAIN_WAIT)?.is_none() {
                break;
            }
        }
        Ok(())
    }
}

/// Opens the connection `spec` names (`preview:` is not a connection).
pub fn connect(spec: &PrinterSpec) -> Result<Box<dyn Connection>, PrintError> {
    let failed = |source| PrintError::Connect {
        spec: spec.to_string(),
        source,
    };
    match spec {
        PrinterSpec::File(path) => Ok(Box::new(DeviceFile::open(path).map_err(failed)?)),
        PrinterSpec::Tcp { host, port } => {
            Ok(Box::new(Network::connect(host, *port).map_err(failed)?))
        }
        PrinterSpec::Serial { path, baud } => {
            Ok(Box::new(Serial::open(path, *baud).map_err(failed)?))
        }
        PrinterSpec::Preview(_) => Err(failed(io::Error::new(
            io::ErrorKind::Unsupported,
            "a preview folder is not a printer connection",
        ))),
    }
}

/// A device (or spool) file: written as is, never read.
struct DeviceFile(File);

impl DeviceFile {
    fn open(path: &Path) -> io::Result<Self> {
        let mut options = OpenOptions::new();
        // Never `create`: a mistyped device name must fail, not fill a new file in /dev.
        options.write(true);
        // Slips written to a plain file (a capture) follow each other; a device ignores it.
        #[cfg(not(windows))]
        options.append(true);
        let file = options
            .open(device_path(path))
            .map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => io::Error::new(
                    e.kind(),
                    format!(
                        "{} does not exist (is the printer plugged in and on?)",
                        path.display()
                    ),
                ),
                _ => e,
            })?;
        Ok(Self(file))
    }
}

/// Windows names ports past COM9 only through the device namespace (`\\.\COM10`); the same
/// form works for every port and printer share name given bare.
#[cfg(windows)]
fn device_path(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    let upper = text.to_ascii_uppercase();
    let is_port = ["COM", "LPT"].iter().any(|p| {
        upper
            .strip_prefix(p)
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    if is_port {
        PathBuf::from(format!(r"\\.\{text}"))
    } else {
        path.to_path_buf()
    }
}

#[cfg(not(windows))]
fn device_path(path: &Path) -> PathBuf {
    path.to_path_buf()
}

impl Connection for DeviceFile {
    fn bidirectional(&self) -> bool {
        false
    }

    fn write_all_within(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_all(bytes)?;
        self.0.flush()
    }

    fn read_byte(&mut self, _timeout: Duration) -> io::Result<Option<u8>> {
        Ok(None)
    }

    fn drain(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A network printer's raw port (JetDirect, 9100).
struct Network(TcpStream);

impl Network {
    fn connect(host: &str, port: u16) -> io::Result<Self> {
        let mut last = io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address"));
        for addr in (host, port).to_socket_addrs()? {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(stream) => {
                    stream.set_write_timeout(Some(STALL))?;
                    // Status requests must go out at once, not wait for more bytes.
                    stream.set_nodelay(true)?;
                    return Ok(Self(stream));
                }
                Err(err) => last = err,
            }
        }
        Err(last)
    }
}

impl Connection for Network {
    fn bidirectional(&self) -> bool {
        true
    }

    fn write_all_within(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_all(bytes).map_err(stalled)?;
        self.0.flush()
    }

    fn read_byte(&mut self, timeout: Duration) -> io::Result<Option<u8>> {
        self.0
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))?;
        let mut byte = [0u8; 1];
        match self.0.read(&mut byte) {
            Ok(0) => Err(closed()),
            Ok(_) => Ok(Some(byte[0])),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        // Closing a socket with unread bytes sends a reset, and a reset can make the printer
        // drop what it has not printed yet. So: say we are done, then read until the printer
        // closes its side (or a moment has passed).
        if self.0.shutdown(Shutdown::Write).is_err() {
            return;
        }
        let until = Instant::now() + LINGER;
        let mut sink = [0u8; 256];
        while Instant::now() < until {
            if self
                .0
                .set_read_timeout(Some(Duration::from_millis(100)))
                .is_err()
            {
                return;
            }
            match self.0.read(&mut sink) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return,
            }
        }
    }
}

/// A serial port, raw 8N1 with no flow control: image data holds every byte value, so
/// XON/XOFF cannot be used, and many printer cables do not carry RTS/CTS.
struct Serial(Box<dyn serialport::SerialPort>);

impl Serial {
    fn open(path: &str, baud: u32) -> io::Result<Self> {
        let port = serialport::new(path, baud)
            .data_bits(serialport::DataBits::Eight)
            .parity(serialport::Parity::None)
            .stop_bits(serialport::StopBits::One)
            .flow_control(serialport::FlowControl::None)
            .timeout(STALL)
            .open()
            .map_err(io::Error::from)?;
        Ok(Self(port))
    }
}

impl Connection for Serial {
    fn bidirectional(&self) -> bool {
        true
    }

    fn write_all_within(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.set_timeout(STALL)?;
        self.0.write_all(bytes).map_err(stalled)?;
        self.0.flush()
    }

    fn read_byte(&mut self, timeout: Duration) -> io::Result<Option<u8>> {
        self.0.set_timeout(timeout)?;
        let mut byte = [0u8; 1];
        match self.0.read(&mut byte) {
            Ok(0) => Ok(None),
            Ok(_) => Ok(Some(byte[0])),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

fn closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "the printer closed the connection",
    )
}

/// A timed-out write, said plainly.
fn stalled(err: io::Error) -> io::Error {
    match err.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "it took nothing for {} s (off, or out of paper?)",
                STALL.as_secs()
            ),
        ),
        _ => err,
    }
}
