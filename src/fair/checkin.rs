//! Check-in: classify a scan, find or register the attendee, record the entry.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde_json::json;

use super::{Fair, views};
use crate::api::*;
use crate::domain::commune::AddressCommune;
use crate::domain::scan::{Reject, Scan, classify};
use crate::domain::{Direction, Household, Method, Source, YesNo, text};
use crate::report::facts::person_log_data;
use crate::store::{AttendeeRow, LogEntry, NewAttendee, Tx};

/// The local calendar day containing `at`, as a UTC half-open range.
pub(super) fn local_day(
    at: DateTime<Utc>,
    offset_min: i32,
) -> (NaiveDate, DateTime<Utc>, DateTime<Utc>) {
    let offset = crate::domain::event::event_offset(offset_min);
    let day = at.with_timezone(&offset).date_naive();
    let start = offset
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map_or(at, |d| d.with_timezone(&Utc));
    (day, start, start + Duration::days(1))
}

enum Found {
    Known(AttendeeRow, Method),
    Registered(AttendeeRow),
    Missing(&'static str),
    Rejected(Reject),
}

fn outcome(status: CheckinStatus, reason: Option<&str>) -> CheckinOutcome {
    CheckinOutcome {
        status,
        reason: reason.map(str::to_string),
        attendee: None,
        method: None,
        name_needs_confirmation: false,
        ask: Vec::new(),
        open_tickets: Vec::new(),
    }
}

/// Profile questions the kiosk should still ask.
fn questions(row: &AttendeeRow) -> Vec<String> {
    let mut ask = Vec::new();
    if row.household == Household::Unknown {
        ask.push("household".to_string());
    }
    if row.ethnic_minority == YesNo::Unknown {
        ask.push("ethnic_minority".to_string());
    }
    if row.phone.is_none() {
        ask.push("phone".to_string());
    }
    ask
}

pub(super) fn log_person(
    tx: &Tx<'_>,
    at: DateTime<Utc>,
    kind: &str,
    station: Option<&str>,
    row: &AttendeeRow,
) -> FairResult<()> {
    tx.append_log(
        at,
        &LogEntry {
            kind,
            station,
            attendee_id: Some(row.id),
            data: Some(person_log_data(&views::person_facts(tx, row)?)),
            ..Default::default()
        },
    )?;
    Ok(())
}

fn find(
    tx: &Tx<'_>,
    scan: Scan,
    event_code: &str,
    now: DateTime<Utc>,
    station: Option<&str>,
) -> FairResult<Found> {
    Ok(match scan {
        Scan::Cccd(card) => match tx.attendee_by_id_number(&card.id.number)? {
            Some(mut row) => {
                // Fill in what an import left blank; never overwrite what is on file.
                let before = row.clone();
                row.birth_date = row.birth_date.or(Some(card.birth_date));
                row.birth_year = row.birth_year.or(Some(card.birth_date.year()));
                row.gender = row.gender.or(Some(card.gender));
                let mut outside_noted = false;
                if row.commune_id.is_none() {
                    match tx.commune_matcher()?.place_address(&card.address) {
                        AddressCommune::Listed(id) => row.commune_id = Some(id),
                        AddressCommune::Outside(name) if tx.commune_other(row.id)?.is_none() => {
                            tx.set_commune_other(row.id, Some(&name))?;
                            outside_noted = true;
                        }
                        AddressCommune::Outside(_) | AddressCommune::Unknown => {}
                    }
                }
                if row != before || outside_noted {
                    tx.update_attendee(&row)?;
                    log_person(tx, now, "attendee_updated", station, &row)?;
                }
                Found::Known(row, Method::CccdQr)
            }
            None => {
                let place = tx.commune_matcher()?.place_address(&card.address);
                let commune_id = place.listed();
                let row = tx.insert_attendee(
                    &NewAttendee {
                        id_number: Some(card.id.number.clone()),
                        phone: None,
                        full_name: card.full_name.clone(),
                        birth_date: Some(card.birth_date),
                        birth_year: Some(card.birth_date.year()),
                        gender: Some(card.gender),
                        commune_id,
                        household: Household::Unknown,
                        ethnic_minority: YesNo::Unknown,
                        education: None,
                        interests: Vec::new(),
                        source: Source::WalkIn,
                        name_needs_confirmation: card.name_damaged,
                    },
                    now,
                )?;
                if let AddressCommune::Outside(name) = &place {
                    tx.set_commune_other(row.id, Some(name))?;
                }
                log_person(tx, now, "attendee_registered", station, &row)?;
                Found::Registered(row)
            }
        },
        Scan::IdNumber(info) => match tx.attendee_by_id_number(&info.number)? {
            Some(row) => Found::Known(row, Method::IdNumber),
            None => Found::Missing("unknown_id_number"),
        },
        Scan::RegCode { event, code } => {
            if event.is_some_and(|e| !e.eq_ignore_ascii_case(event_code)) {
                Found::Rejected(Reject::WrongEvent)
            } else {
                match tx.attendee_by_code(&code)? {
                    Some(row) => Found::Known(row, Method::RegCode),
                    None => Found::Missing("unknown_reg_code"),
                }
            }
        }
        Scan::Phone(phone) => {
            let mut rows = tx.attendees_by_phone(&phone)?;
            match rows.len() {
                0 => Found::Missing("unknown_phone"),
                1 => Found::Known(rows.remove(0), Method::Phone),
                // A family sharing one phone: asking which of them would show others' names.
                _ => Found::Missing("phone_shared"),
            }
        }
    })
}

/// The event's UTC offset as the last check-in read it inside the writer.
#[derive(Debug, Clone)]
pub(super) struct SeenOffset(Arc<AtomicI32>);

impl Default for SeenOffset {
    fn default() -> Self {
        Self(Arc::new(AtomicI32::new(UNSEEN_OFFSET)))
    }
}

/// No check-in has read the offset yet (offsets are within ±14 h).
const UNSEEN_OFFSET: i32 = i32::MIN;

/// A scan read before its write queues. Reading a card (parsing, Unicode normalisation,
/// checking its dates) was 4 % of the writer's time, the one thread every write waits for;
/// it depends only on the scan and the local day, so it is done on the caller's thread for
/// the day the last check-in saw, and again inside the write only if that was not today.
struct Classified {
    day: NaiveDate,
    scan: Result<Scan, Reject>,
}

impl Classified {
    fn ahead(scan: &str, now: DateTime<Utc>, seen: &SeenOffset) -> Option<Self> {
        let offset = seen.0.load(Ordering::Relaxed);
        (offset != UNSEEN_OFFSET).then(|| {
            let day = local_day(now, offset).0;
            Self {
                day,
                scan: classify(scan, day),
            }
        })
    }

    fn for_day(ahead: Option<Self>, scan: &str, today: NaiveDate) -> Result<Scan, Reject> {
        match ahead {
            Some(ahead) if ahead.day == today => ahead.scan,
            _ => classify(scan, today),
        }
    }
}

/// The whole check-in inside one write: idempotency, classification, lookup or
/// registration, the entry and its log rows.
fn checkin_in(
    tx: &Tx<'_>,
    request: &CheckinRequest,
    now: DateTime<Utc>,
    ahead: Option<Classified>,
    seen: &SeenOffset,
) -> FairResult<CheckinOutcome> {
    let station = request.station.as_deref();
    let key = request.idempotency_key.as_deref();
    if let Some(key) = key
        && let Some(reply) = tx.idempotent_reply(key)?
    {
        return serde_json::from_str(&reply)
            .map_err(|e| FairError::invalid(format!("stored reply unreadable: {e}")));
    }
    let event = tx.shared_event()?;
    seen.0.store(event.utc_offset_min, Ordering::Relaxed);
    let (today, day_start, day_end) = local_day(now, event.utc_offset_min);
    let found = match Classified::for_day(ahead, &request.scan, today) {
        Ok(scan) => find(tx, scan, &event.code, now, station)?,
        Err(reject) => Found::Rejected(reject),
    };
    let entry = Entry {
        event: &event,
        direction: request.direction,
        station,
        now,
        day: (day_start, day_end),
    };
    let reply = match found {
        Found::Rejected(reject) => {
            log_rejected(tx, now, station, "rejected", reject.code())?;
            tracing::info!(reason = reject.code(), "scan rejected");
            outcome(CheckinStatus::Rejected, Some(reject.code()))
        }
        Found::Missing(reason) => {
            log_rejected(tx, now, station, "not_found", reason)?;
            tracing::info!(reason, "scan not found");
            outcome(CheckinStatus::NotFound, Some(reason))
        }
        Found::Known(row, method) => record_entry(tx, &entry, row, method, false)?,
        Found::Registered(row) => record_entry(tx, &entry, row, Method::WalkIn, true)?,
    };
    if let Some(key) = key {
        let text = serde_json::to_string(&reply)
            .map_err(|e| FairError::invalid(format!("reply not serialisable: {e}")))?;
        tx.remember_reply(key, now, &text)?;
    }
    Ok(reply)
}

fn log_rejected(
    tx: &Tx<'_>,
    now: DateTime<Utc>,
    station: Option<&str>,
    status: &str,
    reason: &str,
) -> FairResult<()> {
    tx.append_log(
        now,
        &LogEntry {
            kind: "rejected_scan",
            station,
            data: Some(json!({"status": status, "reason": reason})),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// Where and when an entry (or exit) happens.
pub(super) struct Entry<'a> {
    pub(super) event: &'a EventInfo,
    pub(super) direction: Direction,
    pub(super) station: Option<&'a str>,
    pub(super) now: DateTime<Utc>,
    /// The local day as a UTC range, to tell a first entry from a re-entry.
    pub(super) day: (DateTime<Utc>, DateTime<Utc>),
}

pub(super) fn record_entry(
    tx: &Tx<'_>,
    entry: &Entry<'_>,
    row: AttendeeRow,
    method: Method,
    registered: bool,
) -> FairResult<CheckinOutcome> {
    let (day_start, day_end) = entry.day;
    let direction = entry.direction;
    let first_of_day =
        direction == Direction::In && !tx.has_entry_between(row.id, day_start, day_end)?;
    tx.insert_checkin(
        row.id,
        entry.now,
        direction,
        method,
        entry.station,
        first_of_day,
    )?;
    tx.append_log(
        entry.now,
        &LogEntry {
            kind: "checkin",
            station: entry.station,
            attendee_id: Some(row.id),
            data: Some(json!({
                "direction": direction, "method": method, "first_of_day": first_of_day
            })),
            ..Default::default()
        },
    )?;
    let status = match (direction, registered, first_of_day) {
        (Direction::Out, _, _) => CheckinStatus::CheckedOut,
        (Direction::In, true, _) => CheckinStatus::Registered,
        (Direction::In, false, true) => CheckinStatus::CheckedIn,
        (Direction::In, false, false) => CheckinStatus::ReEntry,
    };
    tracing::info!(status = ?status, method = method.as_str(), "check-in");
    Ok(CheckinOutcome {
        status,
        reason: None,
        attendee: Some(views::brief(&entry.event.code, &row)),
        method: Some(method),
        name_needs_confirmation: row.name_needs_confirmation,
        ask: questions(&row),
        open_tickets: views::open_ticket_views(tx, row.id)?,
    })
}

impl Fair {
    /// The check-in's write, its request checked, ready to queue.
    fn checkin_job(
        &self,
        request: CheckinRequest,
    ) -> FairResult<impl FnOnce(&Tx<'_>) -> FairResult<CheckinOutcome> + Send + 'static + use<>>
    {
        request.check_limits()?;
        let now = self.now();
        let seen = self.checkin_offset.clone();
        let ahead = Classified::ahead(&request.scan, now, &seen);
        Ok(move |tx: &Tx<'_>| checkin_in(tx, &request, now, ahead, &seen))
    }

    pub(super) fn checkin_impl(&self, request: CheckinRequest) -> FairResult<CheckinOutcome> {
        self.write(self.checkin_job(request)?)
    }

    /// [`FairApi::checkin`] for an async caller (the hub): resolves once it is on disk.
    pub fn checkin_async(
        &self,
        request: CheckinRequest,
    ) -> impl Future<Output = FairResult<CheckinOutcome>> + Send + 'static + use<> {
        self.write_async(self.checkin_job(request))
    }

    pub(super) fn update_attendee_impl(
        &self,
        code: &str,
        update: ProfileUpdate,
    ) -> FairResult<AttendeeProfile> {
        update.check_limits()?;
        let now = self.now();
        let code = code.to_string();
        self.write(move |tx| {
            let mut row = views::attendee_by_code(tx, &code)?;
            if let Some(name) = &update.full_name {
                let name = text::nfc(name);
                if name.is_empty() {
                    return Err(FairError::invalid("a name must not be empty"));
                }
                row.full_name = name;
                row.name_needs_confirmation = false;
            }
            if let Some(h) = update.household {
                row.household = h;
            }
            if let Some(e) = update.ethnic_minority {
                row.ethnic_minority = e;
            }
            if let Some(phone) = &update.phone {
                row.phone = Some(
                    crate::domain::phone::parse_phone(phone)
                        .ok_or_else(|| FairError::invalid("not a Vietnamese mobile number"))?,
                );
            }
            if let Some(interests) = &update.interests {
                row.interests = interests.iter().map(|i| text::nfc(i)).collect();
            }
            if let Some(education) = &update.education {
                row.education = Some(text::nfc(education));
            }
            tx.update_attendee(&row)?;
            // Sensitive answers (issue 17) are given after the purpose line; when is kept.
            if update.household.is_some() || update.ethnic_minority.is_some() {
                tx.record_sensitive_consent(row.id, now, "answer")?;
            }
            log_person(tx, now, "attendee_updated", None, &row)?;
            views::profile(tx, &row, now)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_day_follows_the_event_offset() {
        // 2026-11-26 18:30 UTC is already 27 November in Vietnam.
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 18, 30, 0).unwrap();
        let (day, start, end) = local_day(at, 420);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 11, 26, 17, 0, 0).unwrap());
        assert_eq!(end - start, Duration::days(1));
    }

    #[test]
    fn a_scan_read_ahead_is_used_only_for_the_day_it_was_read_for() {
        // A card whose birth date is 27 November 2026: valid that day, in the future the day
        // before (a card read for the wrong day reads differently).
        let card = "019226001234||Lò Văn Ân|27112026|Nam|Xã Yên Ninh, Tỉnh Thái Nguyên|27112026";
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 18, 30, 0).unwrap();
        let seen = SeenOffset::default();
        assert!(
            Classified::ahead(card, at, &seen).is_none(),
            "no offset seen yet"
        );
        seen.0.store(0, Ordering::Relaxed); // as if the event were on UTC
        let ahead = Classified::ahead(card, at, &seen).unwrap();
        assert!(ahead.scan.is_err(), "26 November: born tomorrow");
        // Inside the write the event's own offset (+7 h) makes it 27 November.
        let (today, _, _) = local_day(at, 420);
        assert!(matches!(
            Classified::for_day(Some(ahead), card, today),
            Ok(Scan::Cccd(_))
        ));
        let same_day = Classified::ahead(card, at, &seen).unwrap();
        let day = same_day.day;
        assert!(
            Classified::for_day(Some(same_day), card, day).is_err(),
            "kept as read"
        );
    }
}
