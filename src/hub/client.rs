//! `HubClient`: [`FairApi`] over HTTP, so every screen runs unchanged against a hub.
//!
//! Blocking (ureq, on [`super::station_transport`]), so it can be called from a UI worker
//! thread. Each call is one request on a pooled keep-alive connection. A hub that cannot be
//! reached, times out or answers with something that is not its JSON is
//! [`FairError::Unavailable`]; the hub's own errors come back as the same [`FairError`] the
//! engine raised.
//!
//! Over HTTPS ([`HubClient::pinned`]) the client trusts only the hub certificate whose
//! fingerprint the station was paired with (see [`super::tls`]); [`HubClient::new`] speaks
//! plain HTTP, for a hub started with `--insecure-http`.

use std::time::Duration;

use chrono::SecondsFormat;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use ureq::Agent;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{Connector, NextTimeout};

use super::server::{
    AmendBody, Changes, FinishBody, LONG_POLL_MAX, PinBody, TicketBody, UndoBody, WhoAmI,
};
use super::station_transport::StationConnector;
use super::tls::Fingerprint;
use super::tls::pinned::PinnedTlsConnector;
use crate::api::*;
use crate::domain::Outcome;
use crate::fair::{SetupApi, SetupChange, SetupDone, SetupError, SetupResult, SetupView};
use crate::report::{Report, ReportRange};

/// How long an ordinary call may take. A check-in takes about a millisecond; this only bounds
/// how long a kiosk waits before it switches to its outbox.
pub(super) const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to wait for a TCP connection on the LAN.
pub(super) const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// A station's connection to the hub.
#[derive(Clone)]
pub struct HubClient {
    base: String,
    auth: String,
    agent: Agent,
}

impl std::fmt::Debug for HubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("HubClient")
            .field("base", &self.base)
            .finish()
    }
}

/// Percent-encodes one path segment (codes are ASCII letters and digits, but a typed value
/// must not be able to change the route).
pub(super) fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub(super) fn unavailable(message: impl Into<String>) -> FairError {
    FairError::Unavailable {
        message: message.into(),
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> FairResult<T> {
    serde_json::from_slice(bytes)
        .map_err(|_| unavailable("the hub sent a reply this station cannot read"))
}

/// The engine error an error reply carries, or the nearest one for an HTTP-level error.
fn error_of(status: ureq::http::StatusCode, body: &Value) -> FairError {
    if let Ok(err) = serde_json::from_value::<FairError>(body.clone()) {
        return err;
    }
    let message = body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("the hub refused the request")
        .to_string();
    match status.as_u16() {
        401 | 403 => FairError::Forbidden { message },
        404 => FairError::NotFound {
            what: "route".into(),
        },
        400 | 413 | 414 | 415 | 422 | 431 => FairError::Invalid { message },
        // Locked out after wrong PINs: a refusal from a hub that is there, so a kiosk must not
        // fall back to its offline copy of the PIN.
        429 => FairError::Forbidden { message },
        _ => unavailable(message),
    }
}

/// What a reply with `status` and `body` means: the value it carries, or the error.
pub(super) fn read_reply<T: DeserializeOwned>(
    status: ureq::http::StatusCode,
    body: &[u8],
) -> FairResult<T> {
    if status.is_success() {
        return decode(body);
    }
    Err(error_of(
        status,
        &serde_json::from_slice(body).unwrap_or(Value::Null),
    ))
}

/// The ticket a `desks/{desk}/call` reply called, or none when nobody was waiting.
pub(super) fn called(reply: Value) -> FairResult<Option<TicketView>> {
    if reply.get("ticket").is_none_or(Value::is_null) {
        return Ok(None);
    }
    serde_json::from_value(reply)
        .map(Some)
        .map_err(|_| unavailable("the hub sent a reply this station cannot read"))
}

/// `base` without a trailing slash, with `scheme://` in front if it names none.
fn with_scheme(base: &str, scheme: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    if base.contains("://") {
        base.to_string()
    } else {
        format!("{scheme}://{base}")
    }
}

/// Resolves a hub given by its IP address (how stations are paired: `192.168.1.10:7878`)
/// without a thread. ureq resolves the host before every request, over a kept connection
/// too, and its default resolver, given a timeout, starts a thread for each resolution: a
/// thread started and joined for every request of every station. Names still go through
/// the default resolver.
#[derive(Debug, Default)]
struct HubResolver(DefaultResolver);

impl Resolver for HubResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let ip = uri.host().and_then(|host| {
            host.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .ok()
        });
        let port = uri.port_u16().or(match uri.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        });
        match (ip, port) {
            (Some(ip), Some(port)) => {
                let mut addrs = self.empty();
                addrs.push(std::net::SocketAddr::new(ip, port));
                Ok(addrs)
            }
            _ => self.0.resolve(uri, config, timeout),
        }
    }
}

fn agent_config() -> ureq::config::ConfigBuilder<ureq::typestate::AgentScope> {
    Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(CALL_TIMEOUT))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .max_idle_connections_per_host(4)
}

impl HubClient {
    /// A client for the hub at `base` in plain HTTP (e.g. `http://192.168.1.10:7878`; a bare
    /// `192.168.1.10:7878` means `http://`) with a station token: for a hub started with
    /// `--insecure-http`.
    pub fn new(base: &str, token: &str) -> Self {
        let base = with_scheme(base, "http");
        let agent = Agent::with_parts(
            agent_config().build(),
            StationConnector,
            HubResolver::default(),
        );
        Self {
            base,
            auth: format!("Bearer {}", token.trim()),
            agent,
        }
    }

    /// A client for the hub at `base` over HTTPS (a bare `192.168.1.10:7878` means
    /// `https://`) that accepts only the certificate with fingerprint `pin`.
    pub fn pinned(base: &str, token: &str, pin: Fingerprint) -> FairResult<Self> {
        let base = with_scheme(base, "https");
        let tls = PinnedTlsConnector::new(pin)
            .map_err(|e| unavailable(format!("cannot set up TLS ({e})")))?;
        let connector = StationConnector.chain(tls);
        let agent = Agent::with_parts(agent_config().build(), connector, HubResolver::default());
        Ok(Self {
            base,
            auth: format!("Bearer {}", token.trim()),
            agent,
        })
    }

    /// [`HubClient::pinned`] with a pin, [`HubClient::new`] without.
    pub fn connect(base: &str, token: &str, pin: Option<Fingerprint>) -> FairResult<Self> {
        match pin {
            Some(pin) => Self::pinned(base, token, pin),
            None => Ok(Self::new(base, token)),
        }
    }

    /// The hub's address.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{path}", self.base)
    }

    fn reply<T: DeserializeOwned>(
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> FairResult<T> {
        let (status, bytes) = Self::exchange(result)?;
        read_reply(status, &bytes)
    }

    /// The status and body of a reply, or `Unavailable` when there was none.
    fn exchange(
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> FairResult<(ureq::http::StatusCode, Vec<u8>)> {
        let mut response = result.map_err(|e| match e {
            ureq::Error::Timeout(_) => unavailable("the hub did not answer in time"),
            // The pinned connector's lines (wrong fingerprint, hub in plain HTTP) as they are.
            ureq::Error::Tls(line) => unavailable(line),
            ureq::Error::TlsRequired => {
                unavailable("an https:// hub needs its fingerprint (pair the station again)")
            }
            ureq::Error::Io(io) => unavailable(format!("cannot reach the hub ({})", io.kind())),
            other => unavailable(format!("cannot reach the hub ({other})")),
        })?;
        let status = response.status();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .map_err(|_| unavailable("the hub's reply was cut off"))?;
        Ok((status, bytes))
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> FairResult<T> {
        Self::reply(
            self.agent
                .get(&self.url(path))
                .header("Authorization", &self.auth)
                .call(),
        )
    }

    fn post<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> FairResult<T> {
        Self::reply(
            self.agent
                .post(&self.url(path))
                .header("Authorization", &self.auth)
                .send_json(body),
        )
    }

    fn post_empty<T: DeserializeOwned>(&self, path: &str) -> FairResult<T> {
        Self::reply(
            self.agent
                .post(&self.url(path))
                .header("Authorization", &self.auth)
                .send_empty(),
        )
    }

    fn patch<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> FairResult<T> {
        Self::reply(
            self.agent
                .patch(&self.url(path))
                .header("Authorization", &self.auth)
                .send_json(body),
        )
    }

    /// Whether the hub answers at all (no token needed).
    pub fn health(&self) -> FairResult<Value> {
        Self::reply(self.agent.get(&self.url("health")).call())
    }

    /// The role and booth of this client's token (`GET whoami`): a station checks it before
    /// it opens, so a wrong or revoked token is one clear line, not a screen full of errors.
    pub fn whoami(&self) -> FairResult<WhoAmI> {
        self.get("whoami")
    }

    /// Waits (up to `max_wait`, at most 25 s) until the hub's change counter exceeds `since`;
    /// returns the counter, which equals or is below `since` if nothing changed in time.
    pub fn wait_for_change_http(&self, since: u64, max_wait: Duration) -> FairResult<u64> {
        let wait = max_wait.min(LONG_POLL_MAX);
        let reply: Changes = Self::reply(
            self.agent
                .get(&self.url("changes"))
                .query("since", since.to_string())
                .query("wait", wait.as_secs().to_string())
                .header("Authorization", &self.auth)
                .config()
                .timeout_global(Some(wait + CALL_TIMEOUT))
                .build()
                .call(),
        )?;
        Ok(reply.counter)
    }

    /// Staff action on a desk by the contract's routes (`call` is [`FairApi::call_next`]).
    fn desk_act(&self, desk: &str, action: StaffAction) -> FairResult<TicketView> {
        let desk = segment(desk);
        match action {
            StaffAction::Recall => self.post_empty(&format!("desks/{desk}/recall")),
            StaffAction::Start => self.post_empty(&format!("desks/{desk}/start")),
            StaffAction::NoShow => self.post_empty(&format!("desks/{desk}/no-show")),
            StaffAction::Finish { outcome, note } => self.post(
                &format!("desks/{desk}/finish"),
                &FinishBody { outcome, note },
            ),
            other => self.post(&format!("desks/{desk}/act"), &other),
        }
    }
}

impl FairApi for HubClient {
    fn event(&self) -> FairResult<EventInfo> {
        self.get("event")
    }

    fn report_printer(&self, update: PrinterUpdate) -> FairResult<Option<PrinterReport>> {
        update.check_limits()?;
        self.post("printer", &update).map(Some)
    }

    fn printers(&self) -> FairResult<Vec<PrinterReport>> {
        self.get("printers")
    }

    fn checkin(&self, request: CheckinRequest) -> FairResult<CheckinOutcome> {
        self.post("checkin", &request)
    }

    fn attendee(&self, code: &str) -> FairResult<AttendeeProfile> {
        self.get(&format!("attendees/{}", segment(code)))
    }

    fn update_attendee(&self, code: &str, update: ProfileUpdate) -> FairResult<AttendeeProfile> {
        self.patch(&format!("attendees/{}", segment(code)), &update)
    }

    fn booths(&self) -> FairResult<Vec<BoothStatus>> {
        self.get("booths")
    }

    fn suggestions(&self, attendee: &str) -> FairResult<Suggestions> {
        self.get(&format!("attendees/{}/suggestions", segment(attendee)))
    }

    fn issue_ticket(
        &self,
        attendee: &str,
        booth: &str,
        station: Option<&str>,
    ) -> FairResult<TicketIssued> {
        self.post(
            "tickets",
            &TicketBody {
                attendee: attendee.to_string(),
                booth: booth.to_string(),
                station: station.map(str::to_string),
            },
        )
    }

    fn call_next(&self, desk: &str) -> FairResult<Option<TicketView>> {
        called(self.post_empty(&format!("desks/{}/call", segment(desk)))?)
    }

    fn act(&self, target: Target, action: StaffAction) -> FairResult<TicketView> {
        match target {
            Target::Desk(desk) => self.desk_act(&desk, action),
            // Its own route, which the help desk may use without staff rights on the desks.
            Target::Ticket(number) if action == StaffAction::Cancel => {
                self.post_empty(&format!("tickets/{}/cancel", segment(&number)))
            }
            Target::Ticket(number) => {
                self.post(&format!("tickets/{}/act", segment(&number)), &action)
            }
        }
    }

    fn set_desk_open(&self, desk: &str, open: bool) -> FairResult<DeskInfo> {
        let verb = if open { "open" } else { "pause" };
        self.post_empty(&format!("desks/{}/{verb}", segment(desk)))
    }

    fn desk_view(&self, desk: &str) -> FairResult<DeskView> {
        self.get(&format!("desks/{}", segment(desk)))
    }

    fn board(&self) -> FairResult<Board> {
        self.get("board")
    }

    fn report(&self, range: ReportRange) -> FairResult<Report> {
        let mut request = self
            .agent
            .get(&self.url("report"))
            .header("Authorization", &self.auth);
        if let Some(from) = range.from {
            request = request.query("from", from.to_rfc3339_opts(SecondsFormat::Millis, true));
        }
        if let Some(to) = range.to {
            request = request.query("to", to.to_rfc3339_opts(SecondsFormat::Millis, true));
        }
        Self::reply(request.call())
    }

    fn change_counter(&self) -> FairResult<u64> {
        let reply: Changes = self.get("changes")?;
        Ok(reply.counter)
    }

    fn wait_for_change(&self, since: u64, max_wait: Duration) -> FairResult<u64> {
        self.wait_for_change_http(since, max_wait)
    }

    fn verify_pin(&self, pin: &str) -> FairResult<bool> {
        let reply: Value = self.post(
            "pin",
            &PinBody {
                pin: pin.to_string(),
            },
        )?;
        Ok(reply.get("ok").and_then(Value::as_bool).unwrap_or(false))
    }

    fn search_attendees(&self, query: &str, limit: u32) -> FairResult<SearchResults> {
        // The query travels in the URL of a request on the hall's (TLS-pinned) link; the hub
        // never logs it.
        Self::reply(
            self.agent
                .get(&self.url("attendees"))
                .query("q", query)
                .query("limit", limit.to_string())
                .header("Authorization", &self.auth)
                .call(),
        )
    }

    fn helpdesk_person(&self, code: &str) -> FairResult<HelpdeskPerson> {
        self.get(&format!("attendees/{}/helpdesk", segment(code)))
    }

    fn correct_attendee(&self, code: &str, correction: Correction) -> FairResult<HelpdeskPerson> {
        self.patch(
            &format!("attendees/{}/helpdesk", segment(code)),
            &correction,
        )
    }

    fn register_attendee(&self, registration: Registration) -> FairResult<RegisterReply> {
        self.post("attendees", &registration)
    }

    fn checkin_on_behalf(&self, code: &str, request: OnBehalf) -> FairResult<CheckinOutcome> {
        self.post(&format!("attendees/{}/checkin", segment(code)), &request)
    }

    fn undo_tickets(
        &self,
        attendee: &str,
        tickets: &[String],
        station: Option<&str>,
    ) -> FairResult<UndoReply> {
        self.post(
            &format!("attendees/{}/undo", segment(attendee)),
            &UndoBody {
                tickets: tickets.to_vec(),
                station: station.map(str::to_string),
            },
        )
    }

    fn amend_outcome(
        &self,
        desk: &str,
        ticket: &str,
        outcome: Outcome,
        note: Option<String>,
    ) -> FairResult<TicketView> {
        self.post(
            &format!("desks/{}/amend", segment(desk)),
            &AmendBody {
                ticket: ticket.to_string(),
                outcome,
                note,
            },
        )
    }
}

/// The organiser's Setup screen through the hub (`GET`/`POST /api/v1/setup`).
impl SetupApi for HubClient {
    fn setup_view(&self) -> FairResult<SetupView> {
        self.get("setup")
    }

    fn apply_setup(&self, change: SetupChange) -> SetupResult<SetupDone> {
        let (status, bytes) = Self::exchange(
            self.agent
                .post(&self.url("setup"))
                .header("Authorization", &self.auth)
                .send_json(&change),
        )?;
        if status.is_success() {
            return Ok(decode(&bytes)?);
        }
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        match body.get("refusal").cloned().map(serde_json::from_value) {
            Some(Ok(refusal)) => Err(SetupError::Refused(refusal)),
            _ => Err(SetupError::Fair(error_of(status, &body))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(url: &str) -> Vec<std::net::SocketAddr> {
        let uri: ureq::http::Uri = url.parse().unwrap();
        let config = agent_config().build();
        HubResolver::default()
            .resolve(&uri, &config, NextTimeout::default())
            .unwrap()
            .iter()
            .copied()
            .collect()
    }

    #[test]
    fn a_hub_given_by_address_is_resolved_to_it_and_a_name_still_through_the_system() {
        assert_eq!(
            resolved("http://192.168.1.10:7878/api/v1/event"),
            ["192.168.1.10:7878".parse().unwrap()]
        );
        assert_eq!(
            resolved("https://[::1]:7879/api/v1/event"),
            ["[::1]:7879".parse().unwrap()]
        );
        assert_eq!(
            resolved("https://10.0.0.2/api/v1/event"),
            ["10.0.0.2:443".parse().unwrap()]
        );
        assert!(
            resolved("http://localhost:7878/")
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 7878)
        );
    }

    #[test]
    fn path_segments_cannot_change_the_route() {
        assert_eq!(segment("A1"), "A1");
        assert_eq!(segment("T1-2"), "T1-2");
        assert_eq!(segment("../report"), "..%2Freport");
        assert_eq!(segment("a b?"), "a%20b%3F");
    }
}
