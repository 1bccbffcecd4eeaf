//! The TCP transport under a station's ureq agent: one send and one receive per request.
//!
//! ureq's own `TcpTransport` is correct, but the stations' client was nearly a third of the
//! CPU of a simulated fair (`fairdesk loadtest`, docs/PERFORMANCE.md), at 11.5 system calls
//! per request (`strace -c`). It sets the socket timeouts before every send and receive,
//! because the time left before the call's deadline is a little less each time; it sends the
//! head and the JSON body in two sends; and it probes a kept connection with three calls
//! (non-blocking on, read, non-blocking off). This transport, at 4 calls per request, plugs
//! into ureq's own extension point and keeps its behaviour, with three changes:
//! - a socket timeout is rounded up to [`TIMEOUT_STEP`] and set only when that changes, so
//!   a call may overrun its deadline by at most one step (100 ms against 5 s);
//! - what ureq transmits is held until it waits for input (or the hold grows past
//!   [`HOLD_MAX`]), so a request leaves in one send, and a TLS handshake's flights too;
//! - a kept connection is probed with one non-blocking peek (Unix).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Weak};
use std::time::Duration;

use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, LazyBuffers, NextTimeout, ShutdownHandle, Transport,
};

/// Socket timeouts are set in whole steps of this.
const TIMEOUT_STEP: Duration = Duration::from_millis(100);
/// Output held back beyond this is sent at once (a large upload).
const HOLD_MAX: usize = 64 * 1024;

/// Opens a [`StationTransport`] to the first of the resolved addresses that answers.
#[derive(Debug, Default)]
pub struct StationConnector;

impl Connector<()> for StationConnector {
    type Out = StationTransport;

    fn connect(
        &self,
        details: &ConnectionDetails,
        _chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let config = details.config;
        let connect_timeout = details.timeout.not_zero().map(|t| *t);
        let mut last_error = None;
        for addr in details.addrs.iter() {
            let attempt = match connect_timeout {
                Some(timeout) => TcpStream::connect_timeout(addr, timeout),
                None => TcpStream::connect(addr),
            };
            match attempt {
                Ok(stream) => {
                    if config.no_delay() {
                        stream.set_nodelay(true)?;
                    }
                    let transport = StationTransport::new(
                        stream,
                        LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size()),
                    );
                    (details.register_shutdown)(transport.shutdown_handle())?;
                    return Ok(Some(transport));
                }
                Err(e) if is_timeout(&e) => {
                    last_error = Some(ureq::Error::Timeout(details.timeout.reason))
                }
                Err(e) => last_error = Some(e.into()),
            }
        }
        Err(last_error.unwrap_or_else(|| {
            io::Error::new(io::ErrorKind::ConnectionRefused, "no address to connect to").into()
        }))
    }
}

/// One kept TCP connection of a station (see the module's comment).
pub struct StationTransport {
    // In an `Arc` so that ureq's shutdown handle can close it from another thread.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    held: Vec<u8>,
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
}

impl std::fmt::Debug for StationTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StationTransport")
            .field("peer", &self.stream.peer_addr().ok())
            .finish()
    }
}

impl StationTransport {
    fn new(stream: TcpStream, buffers: LazyBuffers) -> Self {
        Self {
            stream: Arc::new(stream),
            buffers,
            held: Vec::new(),
            read_timeout: None,
            write_timeout: None,
        }
    }

    fn shutdown_handle(&self) -> Weak<dyn ShutdownHandle> {
        Arc::downgrade(&self.stream) as Weak<dyn ShutdownHandle>
    }

    /// Sends what is held, within `timeout`.
    fn flush_held(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.held.is_empty() {
            return Ok(());
        }
        let timeout = remaining(timeout.for_write())?;
        set_timeout(&mut self.write_timeout, timeout.not_zero(), |t| {
            self.stream.set_write_timeout(t)
        })?;
        let sent = (&*self.stream).write_all(&self.held);
        self.held.clear();
        sent.map_err(|e| io_error(e, timeout))
    }
}

impl Transport for StationTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        // ureq writes each part at the start of the output buffer, so it is copied out.
        self.held
            .extend_from_slice(&self.buffers.output()[..amount]);
        if self.held.len() > HOLD_MAX {
            self.flush_held(timeout)?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush_held(timeout)?;
        let timeout = remaining(timeout.for_read())?;
        set_timeout(&mut self.read_timeout, timeout.not_zero(), |t| {
            self.stream.set_read_timeout(t)
        })?;
        let input = self.buffers.input_append_buf();
        let read = loop {
            match (&*self.stream).read(input) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let amount = read.map_err(|e| io_error(e, timeout))?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.held.is_empty() && probe(&self.stream)
    }
}

/// The timeout, or ureq's timeout error if none of it is left.
fn remaining(timeout: NextTimeout) -> Result<NextTimeout, ureq::Error> {
    if timeout.after.is_zero() {
        Err(ureq::Error::Timeout(timeout.reason))
    } else {
        Ok(timeout)
    }
}

/// Sets a socket timeout rounded up to [`TIMEOUT_STEP`], unless it is already set to that.
fn set_timeout(
    current: &mut Option<Duration>,
    wanted: Option<UreqDuration>,
    set: impl FnOnce(Option<Duration>) -> io::Result<()>,
) -> io::Result<()> {
    let wanted = wanted.map(|t| round_up(*t));
    if wanted != *current {
        set(wanted)?;
        *current = wanted;
    }
    Ok(())
}

fn round_up(timeout: Duration) -> Duration {
    let step = TIMEOUT_STEP.as_nanos();
    let steps = timeout.as_nanos().div_ceil(step).max(1);
    u64::try_from(steps * step).map_or(Duration::MAX, Duration::from_nanos)
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

fn io_error(e: io::Error, timeout: NextTimeout) -> ureq::Error {
    if is_timeout(&e) {
        ureq::Error::Timeout(timeout.reason)
    } else {
        e.into()
    }
}

/// Whether a kept connection is still usable: nothing to read yet (the hub sends nothing
/// unasked) and not closed.
#[cfg(unix)]
fn probe(stream: &TcpStream) -> bool {
    let mut byte = [std::mem::MaybeUninit::<u8>::uninit()];
    let peeked = socket2::SockRef::from(stream)
        .recv_with_flags(&mut byte, libc::MSG_PEEK | libc::MSG_DONTWAIT);
    matches!(peeked, Err(e) if e.kind() == io::ErrorKind::WouldBlock)
}

#[cfg(not(unix))]
fn probe(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let open = matches!(stream.peek(&mut [0]), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_round_up_to_whole_steps() {
        assert_eq!(
            round_up(Duration::from_millis(4_999)),
            Duration::from_secs(5)
        );
        assert_eq!(round_up(Duration::from_secs(5)), Duration::from_secs(5));
        assert_eq!(round_up(Duration::from_nanos(1)), TIMEOUT_STEP);
        assert_eq!(round_up(Duration::ZERO), TIMEOUT_STEP);
        assert_eq!(round_up(Duration::MAX), Duration::MAX);
    }

    #[test]
    fn a_timeout_is_set_only_when_its_step_changes() {
        let mut current = None;
        let mut calls = Vec::new();
        for ms in [4_999, 4_998, 4_950, 4_899, 4_850] {
            set_timeout(&mut current, Some(UreqDuration::from_millis(ms)), |t| {
                calls.push(t);
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(
            calls,
            [
                Some(Duration::from_secs(5)),
                Some(Duration::from_millis(4_900))
            ]
        );
    }

    fn connected() -> (StationTransport, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (
            StationTransport::new(client, LazyBuffers::new(4096, 4096)),
            server,
        )
    }

    fn transmit(transport: &mut StationTransport, bytes: &[u8]) {
        transport.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        transport
            .transmit_output(bytes.len(), NextTimeout::default())
            .unwrap();
    }

    fn within(ms: u64) -> NextTimeout {
        NextTimeout {
            after: UreqDuration::from_millis(ms),
            ..NextTimeout::default()
        }
    }

    #[test]
    fn a_request_leaves_in_one_send_when_the_reply_is_awaited() {
        let (mut transport, server) = connected();
        transmit(
            &mut transport,
            b"POST /api/v1/checkin HTTP/1.1\r\ncontent-length: 2\r\n\r\n",
        );
        transmit(&mut transport, b"{}");
        server.set_nonblocking(true).unwrap();
        assert!(
            matches!((&server).read(&mut [0; 1]), Err(e) if e.kind() == io::ErrorKind::WouldBlock),
            "nothing is sent before the reply is awaited"
        );
        server.set_nonblocking(false).unwrap();
        let hub = std::thread::spawn(move || {
            let mut request = vec![0; 4096];
            let n = (&server).read(&mut request).unwrap();
            (&server)
                .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
                .unwrap();
            (String::from_utf8_lossy(&request[..n]).into_owned(), server)
        });
        assert!(transport.await_input(within(5_000)).unwrap());
        let (request, _server) = hub.join().unwrap();
        assert!(
            request.ends_with("\r\n\r\n{}"),
            "head and body in one read: {request:?}"
        );
        assert!(transport.buffers().input().starts_with(b"HTTP/1.1 204"));
    }

    #[test]
    fn a_silent_hub_is_a_timeout_not_a_hang() {
        let (mut transport, _server) = connected();
        transmit(&mut transport, b"GET / HTTP/1.1\r\n\r\n");
        let err = transport.await_input(within(150)).unwrap_err();
        assert!(matches!(err, ureq::Error::Timeout(_)), "{err:?}");
        let none_left = NextTimeout {
            after: UreqDuration::from_millis(0),
            ..NextTimeout::default()
        };
        assert!(matches!(
            transport.await_input(none_left),
            Err(ureq::Error::Timeout(_))
        ));
    }

    #[test]
    fn a_connection_the_peer_closed_is_not_kept() {
        let (transport, server) = connected();
        let client = &*transport.stream;
        assert!(probe(client), "an idle connection is open");
        (&server).write_all(b"x").unwrap();
        client.peek(&mut [0]).unwrap(); // waits until the byte is there
        assert!(
            !probe(client),
            "unasked bytes mean the connection is out of step"
        );
        (&*transport.stream).read_exact(&mut [0]).unwrap();
        drop(server);
        assert_eq!(
            client.peek(&mut [0]).unwrap(),
            0,
            "waits for the end of stream"
        );
        assert!(!probe(client), "a closed connection is not kept");
    }
}
