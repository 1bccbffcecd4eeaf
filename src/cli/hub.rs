//! The hub's commands: `serve [--insecure-http]` runs the hub (HTTPS with its own certificate
//! unless `--insecure-http`; `--sync-to URL` also copies it into the central database in the
//! background); `token --role R [--booth B] [--json]` issues a station token and prints its
//! pairing string (and QR), `token --list` lists them and `token --revoke ID` revokes one;
//! `loadtest` simulates a fair against a hub (`--hub URL --token T`) or in process
//! (`--in-process`).
//!
//! And the app's hub options: `app --pair STRING` or `app --hub URL --token T [--fingerprint
//! FP | --insecure-http]` runs a station against a hub, after checking through `GET whoami`
//! that the hub answers and the token fits the station (one line and exit 1 otherwise).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use clap::{Args, ValueEnum};

use super::common::{open, print_json, require_db};
use crate::api::{FairApi, FairError};
use crate::hub::HubClient;
use crate::hub::address_range::AddressRange;
use crate::hub::auth::Role;
use crate::hub::loadtest::LoadConfig;
use crate::hub::pairing::Pairing;
use crate::hub::server::WhoAmI;
use crate::hub::tls::Fingerprint;
use crate::store::TokenStore;

/// `serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Use 0.0.0.0:7878 to open it to the LAN.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Copy the fair into this central database (postgres://…) in the background while the
    /// hub runs; without a connection it tries again next round.
    #[arg(long)]
    pub sync_to: Option<String>,
    /// Seconds between background syncs.
    #[arg(long, default_value_t = 60, requires = "sync_to", value_parser = clap::value_parser!(u64).range(1..))]
    pub sync_every: u64,
    /// How the background sync sends people (as `sync` does).
    #[command(flatten)]
    pub pseudonym: super::central::PseudonymArgs,
    /// Speak plain HTTP instead of HTTPS, as hubs did before: anyone on the hall's Wi-Fi can
    /// read names, ID numbers and tokens. Stations need --insecure-http too.
    #[arg(long)]
    pub insecure_http: bool,
}

pub(super) fn serve(
    db: &Path,
    ServeArgs {
        bind,
        sync_to,
        sync_every,
        pseudonym,
        insecure_http,
    }: ServeArgs,
) -> Result<i32> {
    require_db(db)?;
    // Checked before anything starts: a hub must not come up copying identities when the
    // command asked for hashes. Without --sync-to a key file in the environment is not used.
    let pseudonym_key = match &sync_to {
        Some(_) => pseudonym.key()?,
        None if pseudonym.pseudonymous => {
            anyhow::bail!("--pseudonymous is for the background sync: add --sync-to URL")
        }
        None => None,
    };
    bound_malloc_arenas();
    if let Some(url) = sync_to {
        let hashes = pseudonym_key.is_some();
        let options = crate::central::sync::SyncOptions {
            batch_rows: crate::central::sync::DEFAULT_BATCH_ROWS,
            pseudonym_key,
        };
        crate::central::background::spawn(
            db.to_path_buf(),
            url,
            std::time::Duration::from_secs(sync_every),
            options,
        )?;
        eprintln!(
            "fairdesk hub: copying to the central database every {sync_every} s{}",
            if hashes {
                " (keyed hashes, no identities)"
            } else {
                ""
            }
        );
    }
    crate::hub::server::run(
        db,
        &bind,
        insecure_http,
        |addr, fingerprint| match fingerprint {
            Some(fp) => eprintln!(
                "fairdesk hub listening on https://{addr} (certificate fingerprint {fp}; pair \
                 stations with `fairdesk token`; Ctrl-C to stop)"
            ),
            None => eprintln!(
                "fairdesk hub listening on http://{addr} WITHOUT encryption (--insecure-http; \
                 Ctrl-C to stop)"
            ),
        },
    )?;
    eprintln!("fairdesk hub stopped");
    Ok(0)
}

/// Two malloc arenas for the hub instead of glibc's eight a core. Requests are served by
/// whichever of many threads is free, so each arena ended up holding freed buffers the others
/// could not reuse: with 100,000 attendees on file and 50 stations, peak memory was 105 MB
/// with the default and 64 MB with two, at the same throughput. Set before the runtime starts
/// its threads; arenas are only created later, on contention.
fn bound_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the allocator, and is called before
    // the hub starts any thread of its own.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// `token` options.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The station's role.
    #[arg(long, value_enum, required_unless_present_any = ["revoke", "list"])]
    pub role: Option<RoleArg>,
    /// The booth a booth token acts for.
    #[arg(long)]
    pub booth: Option<String>,
    /// Print only `{"token": …, "role": …, "booth": …}`.
    #[arg(long)]
    pub json: bool,
    /// Revoke the token with this id (ids are shown by --list).
    #[arg(long, conflicts_with_all = ["role", "list"])]
    pub revoke: Option<i64>,
    /// List tokens (ids, roles, booths, revocation; never the tokens themselves).
    #[arg(long, conflicts_with = "role")]
    pub list: bool,
    /// The hub's address on the LAN for the pairing string, HOST:PORT [default: this
    /// machine's LAN address, port 7878].
    #[arg(long)]
    pub address: Option<String>,
    /// The hub runs with --insecure-http: print the token alone, with no pairing string.
    #[arg(long)]
    pub insecure_http: bool,
    /// Keep the token working for this many days (1 to 366) instead of until the end of the
    /// event day.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=366))]
    pub days: Option<u32>,
    /// Limit an organiser token to stations in this address range, e.g. 192.168.1.0/24 (or
    /// one address).
    #[arg(long)]
    pub allow_from: Option<String>,
}

/// Station roles as the command line spells them.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Kiosk,
    Booth,
    Board,
    Organiser,
    Helpdesk,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Kiosk => Role::Kiosk,
            RoleArg::Booth => Role::Booth,
            RoleArg::Board => Role::Board,
            RoleArg::Organiser => Role::Organiser,
            RoleArg::Helpdesk => Role::Helpdesk,
        }
    }
}

/// The pairing string as a QR code in the terminal, so a station can pair by scanning it.
fn token_qr(text: &str) -> Result<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(text.as_bytes())?;
    Ok(code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .build())
}

pub(super) fn token(db: &Path, args: TokenArgs) -> Result<i32> {
    if !db.exists() {
        bail!("{} does not exist", db.display());
    }
    let store = TokenStore::open(db)?;
    let now = Utc::now();
    if let Some(id) = args.revoke {
        let row = store
            .revoke(id, now)?
            .ok_or_else(|| anyhow!("no token with id {id}"))?;
        print_json(&row)?;
        return Ok(0);
    }
    if args.list {
        print_json(&store.list()?)?;
        return Ok(0);
    }
    let role = args.role.ok_or_else(|| anyhow!("give --role"))?;
    // Made (or read) before the token is issued, so a failure issues nothing.
    let fingerprint = if args.insecure_http {
        None
    } else {
        Some(crate::hub::tls::HubIdentity::load_or_create(db)?.fingerprint())
    };
    let address = match args.address {
        Some(address) => address.trim().to_string(),
        None => format!("{}:{DEFAULT_PORT}", lan_address()),
    };
    let allowed_from = args
        .allow_from
        .as_deref()
        .map(|text| {
            text.parse::<AddressRange>()
                .map_err(|e| anyhow!("--allow-from {text}: {e}"))
        })
        .transpose()?;
    let expires_at = crate::hub::auth::expiry(&store, now, args.days)?;
    let issued = crate::hub::auth::issue_limited(
        &store,
        role.into(),
        args.booth.as_deref(),
        now,
        expires_at,
        allowed_from,
    )?;
    let pairing = fingerprint.map(|fingerprint| Pairing {
        address: address.clone(),
        fingerprint,
        token: issued.token.clone(),
    });
    if args.json {
        let mut value = serde_json::to_value(&issued)?;
        if let (Some(pairing), Some(map)) = (&pairing, value.as_object_mut()) {
            map.insert("pairing".into(), pairing.to_string().into());
            map.insert("fingerprint".into(), pairing.fingerprint.to_string().into());
        }
        println!("{value}");
        return Ok(0);
    }
    match &pairing {
        Some(pairing) => {
            println!("{}", token_qr(&pairing.to_string())?);
            println!("pair:  {pairing}");
            println!("       (`fairdesk app --pair '{pairing}'`, or scan the QR at the station)");
            println!("fingerprint: {}", pairing.fingerprint);
        }
        None => {
            println!("{}", token_qr(&issued.token)?);
            println!("WARNING: --insecure-http: this token travels in clear on the hall's Wi-Fi");
        }
    }
    println!("token: {}", issued.token);
    println!(
        "role:  {}{}",
        issued.role.as_str(),
        issued
            .booth
            .as_deref()
            .map(|b| format!(" (booth {b})"))
            .unwrap_or_default()
    );
    if let Some(range) = &issued.allowed_from {
        println!("from:  {range} only");
    }
    if let Some(end) = issued.expires_at {
        println!(
            "until: {} (UTC; `--days N` for longer)",
            end.format("%Y-%m-%d %H:%M")
        );
    }
    println!(
        "id:    {} (revoke with `fairdesk token --revoke {}`)",
        issued.id, issued.id
    );
    Ok(0)
}

/// The port `fairdesk serve` is usually told to use on a LAN (`--bind 0.0.0.0:7878`).
const DEFAULT_PORT: u16 = 7878;

/// This machine's address on the LAN: the one the system would send from to a private
/// address (no packet is sent), or loopback when there is no network.
fn lan_address() -> std::net::IpAddr {
    let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| {
            socket.connect("10.255.255.255:9")?;
            socket.local_addr()
        })
        .map(|addr| addr.ip())
        .ok()
        .filter(|ip| !ip.is_unspecified())
        .unwrap_or(loopback)
}

/// `loadtest` options.
#[derive(Debug, Args)]
pub struct LoadtestArgs {
    /// The hub, e.g. http://127.0.0.1:7878.
    #[arg(long, required_unless_present = "in_process")]
    pub hub: Option<String>,
    /// An organiser token for the hub.
    #[arg(long, required_unless_present = "in_process")]
    pub token: Option<String>,
    /// The hub certificate's fingerprint (HTTPS); without it the hub is spoken to in plain
    /// HTTP (a hub started with --insecure-http).
    #[arg(long, requires = "hub")]
    pub fingerprint: Option<String>,
    /// Call the engine on --db directly instead of a hub (for comparison).
    #[arg(long, conflicts_with_all = ["hub", "token"])]
    pub in_process: bool,
    /// Simulated stations.
    #[arg(long, default_value_t = 50)]
    pub stations: usize,
    /// Seconds to run (at most an hour).
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Varies generated ID numbers between runs on one database.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Every station a kiosk that only checks walk-ins in (no tickets, booths, boards or
    /// dashboard): the check-in path alone.
    #[arg(long)]
    pub checkins_only: bool,
    /// Print only the figures scripts compare, as JSON: `stations`, `duration_s`,
    /// `operations` (count, per_s, p50/p90/p99/max ms by operation), `failed` and
    /// `hub_peak_rss_mb`. Without it: a table on stderr and the full report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Each station a thread running the stations' own client, as real stations do, instead
    /// of a task of one event loop (which leaves more of a shared machine to the hub).
    #[arg(long, requires = "hub")]
    pub blocking_stations: bool,
}

pub(super) fn loadtest(db: Result<PathBuf>, args: LoadtestArgs) -> Result<i32> {
    use std::sync::Arc;
    let config = LoadConfig {
        stations: args.stations.clamp(1, 1000),
        duration: std::time::Duration::from_secs(args.duration.clamp(1, 3600)),
        seed: args.seed,
        checkins_only: args.checkins_only,
        ..LoadConfig::default()
    };
    let (report, peak_rss_mb) = if args.in_process {
        let fair: Arc<dyn FairApi> = Arc::new(open(&db?)?);
        let report = crate::hub::loadtest::run(&move || Arc::clone(&fair), &config)?;
        (report, crate::hub::loadtest::own_peak_rss_mb())
    } else {
        let (Some(hub), Some(token)) = (args.hub, args.token) else {
            bail!("give --hub URL and --token T, or --in-process");
        };
        let pin = args
            .fingerprint
            .as_deref()
            .map(parse_fingerprint)
            .transpose()?;
        let probe = HubClient::connect(&hub, &token, pin).map_err(|e| anyhow!("{e}"))?;
        let report = if args.blocking_stations {
            // A client of its own for each station, as each station is its own machine with
            // its own connection: clones would share one agent's pool of a few idle
            // connections, and fifty stations through it opened a new connection for most
            // requests. Connecting succeeded once with these arguments; should it fail later,
            // a clone of the probe still reaches the hub.
            let shared = probe.clone();
            crate::hub::loadtest::run(
                &move || {
                    Arc::new(
                        HubClient::connect(&hub, &token, pin).unwrap_or_else(|_| shared.clone()),
                    ) as Arc<dyn FairApi>
                },
                &config,
            )?
        } else {
            let (address, https) = hub_address(probe.base())?;
            let target =
                crate::hub::loadtest::HubTarget::new(address, &token, pin.filter(|_| https))
                    .map_err(|e| anyhow!("{e}"))?;
            crate::hub::loadtest::run_http(&probe, &target, &config)?
        };
        // The hub tells its own peak memory in its health reply (a hub too old to, or on a
        // system that does not say, gives null).
        let peak = probe
            .health()
            .ok()
            .and_then(|health| health.get("peak_rss_mb")?.as_f64());
        (report, peak)
    };
    if args.json {
        print_json(&report.summary(peak_rss_mb))?;
    } else {
        eprint!("{}", report.table());
        print_json(&report)?;
    }
    Ok(0)
}

/// The socket address of the hub at `base` (`http://host:port`, as [`HubClient::base`] gives
/// it), and whether it is spoken to over HTTPS.
fn hub_address(base: &str) -> Result<(std::net::SocketAddr, bool)> {
    use std::net::ToSocketAddrs;
    let uri: ureq::http::Uri = base
        .parse()
        .map_err(|_| anyhow!("--hub: not a URL: {base}"))?;
    let https = uri.scheme_str() == Some("https");
    let host = uri
        .host()
        .ok_or_else(|| anyhow!("--hub: no host in {base}"))?;
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let address = (host.trim_start_matches('[').trim_end_matches(']'), port)
        .to_socket_addrs()
        .map_err(|e| anyhow!("--hub: cannot resolve {host} ({e})"))?
        .next()
        .ok_or_else(|| anyhow!("--hub: {host} has no address"))?;
    Ok((address, https))
}

/// Where a kiosk over a hub keeps its outbox unless `--outbox` says otherwise.
pub const DEFAULT_OUTBOX: &str = "fairdesk-outbox.db";

fn parse_fingerprint(text: &str) -> Result<Fingerprint> {
    text.parse::<Fingerprint>()
        .map_err(|e| anyhow!("--fingerprint: {e}"))
}

/// `app`'s options for running over a hub.
#[derive(Debug, Default, Args)]
pub struct AppHubArgs {
    /// Pair with a hub by the string `fairdesk token` printed:
    /// fairdesk://HOST:PORT?fp=…&t=… (its address, certificate fingerprint and token).
    #[arg(long, conflicts_with_all = ["hub", "token", "fingerprint", "insecure_http"])]
    pub pair: Option<String>,
    /// Use the hub at this URL (e.g. https://192.168.1.10:7878) instead of a local database.
    #[arg(long, requires = "token")]
    pub hub: Option<String>,
    /// The station token the organiser issued for the hub.
    #[arg(long, requires = "hub")]
    pub token: Option<String>,
    /// The hub certificate's fingerprint (`fairdesk token` prints it), for an HTTPS hub.
    #[arg(long, requires = "hub", conflicts_with = "insecure_http")]
    pub fingerprint: Option<String>,
    /// Speak plain HTTP to a hub started with --insecure-http (the old behaviour); the
    /// station shows a warning banner.
    #[arg(long, requires = "hub")]
    pub insecure_http: bool,
    /// A kiosk's outbox over a hub: scans the hub could not take yet [default:
    /// fairdesk-outbox.db in the working directory].
    #[arg(long)]
    pub outbox: Option<PathBuf>,
    /// Check the hub and the token for this station, print what they are, and exit without
    /// opening a window.
    #[arg(long)]
    pub check: bool,
}

/// Where a station's hub is and how it is trusted, from the command line.
struct HubTarget {
    url: String,
    token: String,
    pin: Option<Fingerprint>,
}

impl AppHubArgs {
    /// The hub these options name, if any; a plain-HTTP URL without `--insecure-http`, or an
    /// HTTPS one without a fingerprint, is refused with what to give instead.
    fn target(&self) -> Result<Option<HubTarget>> {
        if let Some(text) = &self.pair {
            let pairing: Pairing = text.parse().map_err(|e| anyhow!("--pair: {e}"))?;
            return Ok(Some(HubTarget {
                url: pairing.url(),
                token: pairing.token,
                pin: Some(pairing.fingerprint),
            }));
        }
        let (Some(url), Some(token)) = (&self.hub, &self.token) else {
            if self.check || self.outbox.is_some() {
                bail!("--check and --outbox go with --pair STRING or --hub URL --token T");
            }
            return Ok(None);
        };
        let url = url.trim();
        let scheme = url
            .split_once("://")
            .map(|(scheme, _)| scheme.to_ascii_lowercase());
        let pin = match (scheme.as_deref(), self.insecure_http, &self.fingerprint) {
            (Some("http"), true, _) | (None, true, _) => None,
            (Some("https") | None, false, Some(fp)) => Some(parse_fingerprint(fp)?),
            (Some("http"), false, _) => bail!(
                "{url} is plain HTTP: give --insecure-http (and start the hub with it), or use \
                 the https:// address with --fingerprint FP, or --pair"
            ),
            (_, true, _) => bail!("--insecure-http needs an http:// address"),
            (_, false, None) => bail!(
                "an HTTPS hub needs --fingerprint FP (printed by `fairdesk token`), or pair \
                 with --pair STRING; a hub started with --insecure-http needs --insecure-http"
            ),
            (Some(other), _, _) => bail!("{url}: {other}:// is not a hub address"),
        };
        Ok(Some(HubTarget {
            url: url.to_string(),
            token: token.clone(),
            pin,
        }))
    }
}

/// What `app`'s hub options come to.
pub(super) enum AppHub {
    /// No `--hub`: the app runs on the local database.
    Local,
    /// `--check` has printed its line; no window opens.
    Checked,
    /// The hub answers and the token fits the station.
    Open(crate::ui::HubOptions),
}

impl AppHubArgs {
    /// Checks the hub and the token for `station` (`station_arg` as typed, for the messages).
    pub(super) fn connect(self, station: &crate::ui::Station, station_arg: &str) -> Result<AppHub> {
        let Some(target) = self.target()? else {
            return Ok(AppHub::Local);
        };
        let client = HubClient::connect(&target.url, &target.token, target.pin)
            .map_err(|e| anyhow!("{e}"))?;
        let who = check_hub(&client, station, station_arg)?;
        if self.check {
            let booth = who
                .booth
                .map(|b| format!(" for booth {b}"))
                .unwrap_or_default();
            println!(
                "ok: the hub at {} accepts this {} token{booth} for --station {}",
                client.base(),
                who.role.as_str(),
                station_arg
            );
            return Ok(AppHub::Checked);
        }
        Ok(AppHub::Open(crate::ui::HubOptions {
            url: client.base().to_string(),
            token: target.token,
            fingerprint: target.pin,
            outbox: self.outbox.unwrap_or_else(|| PathBuf::from(DEFAULT_OUTBOX)),
        }))
    }
}

/// Whether a token with `role` (and `booth`) fits `station`. An organiser token fits every
/// station; otherwise a kiosk needs a kiosk token, a booth console a token for its own booth,
/// the board a board token, and the dashboard an organiser's.
fn token_fits(who: &WhoAmI, station: &crate::ui::Station) -> bool {
    use crate::ui::Station;
    match (who.role, station) {
        (Role::Organiser, _) => true,
        (Role::Kiosk, Station::Kiosk)
        | (Role::Board, Station::Board)
        | (Role::Helpdesk, Station::Helpdesk) => true,
        (Role::Booth, Station::Booth { booth, .. }) => who.booth.as_deref() == Some(booth),
        _ => false,
    }
}

/// What a station needs, in words, for the error line.
fn station_needs(station: &crate::ui::Station) -> String {
    use crate::ui::Station;
    match station {
        Station::Kiosk => "a kiosk token".into(),
        Station::Booth { booth, .. } => format!("a booth token for booth {booth}"),
        Station::Board => "a board token".into(),
        Station::Dashboard | Station::Setup => "an organiser token".into(),
        Station::Helpdesk => "a helpdesk token".into(),
    }
}

/// Checks, before any window opens, that the hub answers and that the token is valid and
/// fits the station. Every failure is one plain line.
pub(super) fn check_hub(
    client: &HubClient,
    station: &crate::ui::Station,
    station_arg: &str,
) -> Result<WhoAmI> {
    let who = match client.whoami() {
        Ok(who) => who,
        Err(FairError::Unavailable { message }) => bail!(
            "cannot reach the hub at {}: {message}; check the address and that `fairdesk serve` \
             runs there",
            client.base()
        ),
        Err(FairError::Forbidden { message }) => bail!(
            "the hub at {} refused the token ({message}); ask the organiser for a new one \
             (`fairdesk token`)",
            client.base()
        ),
        Err(other) => bail!(
            "the hub at {} gave an unexpected answer ({}); is it a fairdesk hub?",
            client.base(),
            other.code()
        ),
    };
    if !token_fits(&who, station) {
        let what = match &who.booth {
            Some(booth) => format!("a {} token for booth {booth}", who.role.as_str()),
            None => format!("a {} token", who.role.as_str()),
        };
        bail!(
            "this is {what}, but --station {station_arg} needs {} (or an organiser token)",
            station_needs(station)
        );
    }
    Ok(who)
}
