//! Creating an event: settings, communes, booths and the organiser PIN.

use std::path::Path;
use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Clock, Fair, SystemClock};
use crate::api::{FairError, FairResult};
pub use crate::domain::booth::BoothSetup;
pub(crate) use crate::domain::booth::valid_booth_code;
use crate::domain::code::CodeKind;
use crate::domain::{EventKind, limits, text};
use crate::store::{LogEntry, NewBooth, NewEvent, Store};

/// Everything `fairdesk init --event event.toml` reads (and the demo builds in code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSetup {
    /// Short code used in registration QR codes, e.g. "PL26".
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub venue: String,
    pub date: NaiveDate,
    /// `ngay_hoi` (job fair day, the default), `phien_gd` (job-transaction session) or `other`.
    #[serde(default)]
    pub kind: EventKind,
    /// The commune or ward where the event is held.
    #[serde(default)]
    pub place: String,
    /// The organising unit.
    #[serde(default)]
    pub organiser: String,
    #[serde(default = "default_offset")]
    pub utc_offset_min: i32,
    #[serde(default = "default_opens")]
    pub opens: String,
    #[serde(default = "default_closes")]
    pub closes: String,
    #[serde(default = "default_max_open")]
    pub max_open_tickets: u32,
    #[serde(default = "default_idle")]
    pub idle_timeout_s: u32,
    #[serde(default = "default_service")]
    pub default_service_s: u32,
    #[serde(default)]
    pub show_household_to_booths: bool,
    /// The organiser PIN (stored hashed).
    pub pin: String,
    /// Commune names, e.g. "Xã Yên Ninh", "Thị trấn Đu".
    pub communes: Vec<String>,
    /// Old commune names that now belong to a merged commune.
    #[serde(default)]
    pub aliases: Vec<AliasSetup>,
    #[serde(default)]
    pub booths: Vec<BoothSetup>,
}

/// An old commune name and the commune (by name) that replaced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasSetup {
    pub old: String,
    pub commune: String,
}

fn default_offset() -> i32 {
    420
}
fn default_opens() -> String {
    "07:30".into()
}
fn default_closes() -> String {
    "11:30".into()
}
fn default_max_open() -> u32 {
    3
}
fn default_idle() -> u32 {
    20
}
fn default_service() -> u32 {
    240
}

/// 128 random bits as hex: what makes each event's first log row its own.
fn fair_uid() -> FairResult<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| FairError::Storage {
        message: format!("no randomness for the event's uid: {e}"),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Argon2id cost of a stored PIN: 32 MiB, 3 passes, 1 lane. 86-144 ms on the shared 2-core
/// build machine in an optimised build; a PIN is checked a few times a day, while every guess
/// at a stolen database or outbox file costs the same.
const PIN_MEMORY_KIB: u32 = 32 * 1024;
const PIN_PASSES: u32 = 3;
const PIN_LANES: u32 = 1;
/// Stored hashes asking for more than this are refused rather than computed: a tampered file
/// must not make a PIN check allocate gigabytes or run for minutes.
const PIN_MEMORY_KIB_MAX: u32 = 256 * 1024;
const PIN_PASSES_MAX: u32 = 16;

fn pin_hasher() -> Argon2<'static> {
    let params = Params::new(PIN_MEMORY_KIB, PIN_PASSES, PIN_LANES, None)
        .unwrap_or_else(|_| Params::default());
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PIN's Argon2id hash with a fresh random salt, as a PHC string (`$argon2id$v=19$…`).
/// Slow on purpose (Argon2id, 32 MiB, 3 passes): run it off any lock and off async threads.
pub fn hash_pin(pin: &str) -> FairResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| FairError::Storage {
        message: format!("no randomness for a PIN salt: {e}"),
    })?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| FairError::Storage {
        message: format!("PIN salt: {e}"),
    })?;
    pin_hasher()
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| FairError::Storage {
            message: format!("PIN hash: {e}"),
        })
}

/// The form PINs were stored in before Argon2: `sha256$salt$hex`, salted SHA-256. Still read,
/// so that events created before can be opened; replaced on the next right PIN.
fn legacy_pin_hash(pin: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("fairdesk-pin:{salt}:{pin}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${salt}${hex}")
}

/// Whether `pin` is the PIN behind `stored` (either form).
pub(crate) fn pin_matches(stored: &str, pin: &str) -> bool {
    if let Some(rest) = stored.strip_prefix("sha256$") {
        let Some((salt, _)) = rest.split_once('$') else {
            return false;
        };
        return constant_time_eq(legacy_pin_hash(pin, salt).as_bytes(), stored.as_bytes());
    }
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return false;
    };
    if params.m_cost() > PIN_MEMORY_KIB_MAX || params.t_cost() > PIN_PASSES_MAX {
        return false;
    }
    // The hash names its own algorithm and costs; the verifier follows them.
    pin_hasher().verify_password(pin.as_bytes(), &hash).is_ok()
}

/// Whether `stored` should be replaced by a fresh [`hash_pin`]: the old SHA-256 form, or
/// Argon2 with other costs than today's.
pub(crate) fn pin_needs_rehash(stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return true;
    };
    let current = (PIN_MEMORY_KIB, PIN_PASSES, PIN_LANES);
    hash.algorithm != Algorithm::Argon2id.ident()
        || Params::try_from(&hash)
            .map(|p| (p.m_cost(), p.t_cost(), p.p_cost()) != current)
            .unwrap_or(true)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A commune's name as stored for matching: folded, without its "Xã"/"Phường"/… prefix.
fn commune_key(name: &str) -> String {
    crate::domain::commune::strip_admin_prefix(&text::fold(name)).to_string()
}

impl EventSetup {
    /// An event with the defaults a TOML file may leave out (hours 07:30–11:30, three open
    /// tickets, …), no venue, communes or booths: the new-fair form fills in the rest.
    pub fn with_defaults(code: String, name: String, date: NaiveDate, pin: String) -> Self {
        Self {
            code,
            name,
            venue: String::new(),
            kind: Default::default(),
            place: String::new(),
            organiser: String::new(),
            date,
            utc_offset_min: default_offset(),
            opens: default_opens(),
            closes: default_closes(),
            max_open_tickets: default_max_open(),
            idle_timeout_s: default_idle(),
            default_service_s: default_service(),
            show_household_to_booths: false,
            pin,
            communes: Vec::new(),
            aliases: Vec::new(),
            booths: Vec::new(),
        }
    }

    fn validate(&self) -> FairResult<()> {
        if self.code.is_empty()
            || self.code.len() > 12
            || !self.code.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(FairError::invalid(
                "event code must be 1-12 letters or digits",
            ));
        }
        if !super::valid_pin(&self.pin) {
            return Err(FairError::invalid(
                "the organiser PIN must be 4 to 12 digits",
            ));
        }
        if !(1..=10).contains(&self.max_open_tickets) {
            return Err(FairError::invalid(
                "max_open_tickets must be between 1 and 10",
            ));
        }
        for booth in &self.booths {
            if !valid_booth_code(&booth.code) {
                return Err(FairError::invalid(format!(
                    "booth code {:?} must be 1-4 characters: capital letters, then optional digits",
                    booth.code
                )));
            }
        }
        Ok(())
    }
}

impl Fair {
    /// Creates a new event database at `path` from `setup`; fails if the file already holds
    /// an event. Everything is one transaction.
    pub fn init(path: &Path, setup: &EventSetup) -> FairResult<Self> {
        Self::init_with_clock(path, setup, Arc::new(SystemClock))
    }

    /// [`Fair::init`] with a given clock.
    pub fn init_with_clock(
        path: &Path,
        setup: &EventSetup,
        clock: Arc<dyn Clock>,
    ) -> FairResult<Self> {
        setup.validate()?;
        let pin_hash = hash_pin(&setup.pin)?;
        let mut store = Store::open(path)?;
        let now = clock.now();
        store.write(|tx| {
            tx.insert_event(&NewEvent {
                code: setup.code.to_uppercase(),
                name: text::nfc(&setup.name),
                venue: text::nfc(&setup.venue),
                date: setup.date,
                kind: setup.kind,
                place: text::nfc(&setup.place),
                organiser: text::nfc(&setup.organiser),
                utc_offset_min: setup.utc_offset_min,
                opens: setup.opens.clone(),
                closes: setup.closes.clone(),
                max_open_tickets: setup.max_open_tickets,
                idle_timeout_s: setup.idle_timeout_s,
                default_service_s: setup.default_service_s,
                show_household_to_booths: setup.show_household_to_booths,
                pin_hash,
            })?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "event_created",
                    // The random uid tells this fair from another made with the same code
                    // and settings (`fairdesk sync` fingerprints this row).
                    data: Some(json!({"code": setup.code, "date": setup.date, "uid": fair_uid()?})),
                    ..Default::default()
                },
            )?;
            let mut commune_ids = Vec::new();
            for name in &setup.communes {
                let name = text::nfc(name);
                let folded = commune_key(&name);
                let id = tx
                    .insert_commune(&name, &folded)
                    .map_err(|_| FairError::invalid(format!("commune {name:?} is listed twice")))?;
                commune_ids.push((folded, id));
            }
            for alias in &setup.aliases {
                let target = commune_key(&alias.commune);
                let Some((_, id)) = commune_ids.iter().find(|(f, _)| *f == target) else {
                    return Err(FairError::invalid(format!(
                        "alias {:?} points to {:?}, which is not in the commune list",
                        alias.old, alias.commune
                    )));
                };
                let old = commune_key(&alias.old);
                tx.insert_commune_alias(&old, *id)?;
            }
            for booth in &setup.booths {
                add_booth(tx, booth, now)?;
            }
            Ok(())
        })?;
        drop(store);
        Self::open_with_clock(path, clock)
    }
}

impl Fair {
    /// Adds one booth (with its desks and vacancies) during the event, from the setup screen;
    /// logged as `booth_added` in the same transaction. A taken code is a conflict.
    pub fn add_booth(&self, booth: BoothSetup) -> FairResult<()> {
        let now = self.now();
        let mut booth = booth;
        booth.code = crate::api::code(CodeKind::Booth, &booth.code)?;
        if booth.name.trim().is_empty() {
            return Err(FairError::invalid("a booth needs a name"));
        }
        limits::check_text("name", &booth.name, limits::SETUP_TEXT)?;
        limits::check_text("location", &booth.location, limits::SETUP_TEXT)?;
        self.write(move |tx| {
            if tx.booth_by_code(&booth.code)?.is_some() {
                return Err(FairError::Conflict {
                    message: format!("booth {} already exists", booth.code),
                });
            }
            add_booth(tx, &booth, now).map(|_| ())
        })
    }
}

/// Adds one booth with its desks and vacancies, and logs it.
pub(crate) fn add_booth(
    tx: &crate::store::Tx<'_>,
    booth: &BoothSetup,
    now: chrono::DateTime<chrono::Utc>,
) -> FairResult<i64> {
    if !valid_booth_code(&booth.code) {
        return Err(FairError::invalid(format!(
            "booth code {:?} must be 1-4 characters: capital letters, then optional digits",
            booth.code
        )));
    }
    let id = tx.insert_booth(&NewBooth {
        code: booth.code.clone(),
        kind: booth.kind,
        name: text::nfc(&booth.name),
        location: text::nfc(&booth.location),
        sectors: booth.sectors.iter().map(|s| text::nfc(s)).collect(),
        topic: booth.topic.clone(),
        desks: booth.desks,
        vacancies: booth.vacancies.clone(),
    })?;
    let vacancies: u32 = booth.vacancies.iter().map(|v| v.count).sum();
    tx.append_log(
        now,
        &LogEntry {
            kind: "booth_added",
            booth_id: Some(id),
            data: Some(json!({
                "code": booth.code, "name": booth.name, "kind": booth.kind, "vacancies": vacancies
            })),
            ..Default::default()
        },
    )?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argon2_pin_hash_round_trips() {
        let stored = hash_pin("2468").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=32768,t=3,p=1$"),
            "{stored}"
        );
        assert!(pin_matches(&stored, "2468"));
        assert!(!pin_matches(&stored, "2469"));
        assert!(!pin_matches(&stored, ""));
        assert!(!stored.contains("2468"));
        assert!(!pin_needs_rehash(&stored));
        // A fresh salt each time.
        assert_ne!(stored, hash_pin("2468").unwrap());
        assert!(!pin_matches("garbage", "2468"));
        assert!(!pin_matches("", "2468"));
    }

    #[test]
    fn an_old_sha256_pin_hash_still_matches_and_asks_for_a_rehash() {
        // The exact bytes an event created before Argon2 holds for PIN 2468 with salt "abc".
        let stored = "sha256$abc$".to_string()
            + &Sha256::digest(b"fairdesk-pin:abc:2468")
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>();
        assert_eq!(stored, legacy_pin_hash("2468", "abc"));
        assert!(pin_matches(&stored, "2468"));
        assert!(!pin_matches(&stored, "2469"));
        assert!(!pin_matches("sha256$abc", "2468"));
        assert!(pin_needs_rehash(&stored));
    }

    #[test]
    fn weaker_or_absurd_argon2_costs_are_handled() {
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"2468", &salt)
        .unwrap()
        .to_string();
        assert!(pin_matches(&weak, "2468"));
        assert!(pin_needs_rehash(&weak));
        let absurd = weak.replace("m=1024,t=1", "m=4194304,t=1");
        assert!(!pin_matches(&absurd, "2468"));
    }

    #[test]
    fn booth_codes_are_letters_then_digits() {
        assert!(valid_booth_code("A"));
        assert!(valid_booth_code("T1"));
        assert!(valid_booth_code("AB"));
        assert!(!valid_booth_code("1A"));
        assert!(!valid_booth_code("a"));
        assert!(!valid_booth_code("A-1"));
        assert!(!valid_booth_code(""));
        assert!(!valid_booth_code("ABCDE"));
    }
}
