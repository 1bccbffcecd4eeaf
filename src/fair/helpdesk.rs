//! The help desk (issue 14): search, a person's page, corrections, registration without a
//! card, and check-in on a person's behalf. Tickets, cancelling and suggestions are the kiosk's
//! and the booths' own engine calls, so the help desk follows exactly their rules.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::checkin::{Entry, local_day, log_person, record_entry};
use super::{Fair, views};
use crate::api::*;
use crate::domain::idnum::parse_id_number;
use crate::domain::registration::{self, FieldError, check_birth, check_name, check_phone};
use crate::domain::search::{self, Candidate, parse_query, score};
use crate::domain::{Household, Method, Source, YesNo, limits, text};
use crate::store::{AttendeeRow, NewAttendee, SearchRow, Tx};

/// `091****678`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(3).collect();
    let tail: String = chars.iter().skip(chars.len() - 3).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 6))
}

fn candidate(row: &SearchRow) -> Candidate<'_> {
    Candidate {
        name_folded: &row.name_folded,
        damaged: row.name_needs_confirmation,
        commune_folded: row.commune_folded.as_deref(),
        birth_year: row.birth_year,
        id_number: row.id_number.as_deref(),
        phone: row.phone.as_deref(),
        code: &row.code,
    }
}

fn hit(tx: &Tx<'_>, row: &SearchRow, day: Day) -> FairResult<SearchHit> {
    Ok(SearchHit {
        code: row.code.clone(),
        name: row.full_name.clone(),
        birth_year: row.birth_year,
        commune: row.commune.clone(),
        masked_id: row.id_number.as_deref().map(views::mask_id),
        checked_in: tx.first_entry_between(row.id, day.0, day.1)?,
    })
}

/// A local day as a half-open UTC range.
type Day = (DateTime<Utc>, DateTime<Utc>);

/// The local day of `now` at the event, as a UTC range, and its date.
fn today(tx: &Tx<'_>, now: DateTime<Utc>) -> FairResult<(NaiveDate, Day)> {
    let event = tx.event()?;
    let (date, from, to) = local_day(now, event.utc_offset_min);
    Ok((date, (from, to)))
}

fn search_in(tx: &Tx<'_>, text: &str, limit: u32, now: DateTime<Utc>) -> FairResult<SearchResults> {
    let query = parse_query(text);
    let (_, day) = today(tx, now)?;
    let mut rows = tx.search_candidates(&query)?;
    if !query.words.is_empty() {
        let seen: HashSet<i64> = rows.iter().map(|r| r.id).collect();
        rows.extend(
            tx.damaged_name_rows()?
                .into_iter()
                .filter(|r| !seen.contains(&r.id)),
        );
    }
    let mut ranked: Vec<(u32, &SearchRow)> = rows
        .iter()
        .filter_map(|row| score(&query, &candidate(row)).map(|s| (s, row)))
        .collect();
    ranked.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa)
            .then_with(|| a.name_folded.cmp(&b.name_folded))
            .then_with(|| a.code.cmp(&b.code))
    });
    let limit = usize::try_from(limit.clamp(1, search::MAX_RESULTS)).unwrap_or(50);
    let results = ranked
        .into_iter()
        .take(limit)
        .map(|(_, row)| hit(tx, row, day))
        .collect::<FairResult<_>>()?;
    Ok(SearchResults { results })
}

fn person(tx: &Tx<'_>, row: &AttendeeRow, now: DateTime<Utc>) -> FairResult<HelpdeskPerson> {
    let (_, (from, to)) = today(tx, now)?;
    let mut profile = views::profile(tx, row, now)?;
    profile.household = Some(row.household);
    let commune_outside = tx.commune_other(row.id)?;
    if profile.commune.is_none() {
        profile.commune.clone_from(&commune_outside);
    }
    Ok(HelpdeskPerson {
        profile,
        birth_date: row.birth_date,
        household: row.household,
        commune_id: row.commune_id,
        commune_outside,
        masked_phone: row.phone.as_deref().map(mask_phone),
        checked_in_today: tx.first_entry_between(row.id, from, to)?,
        on_site: tx.inside_between(row.id, from, to)?,
    })
}

/// The listed commune `text` names, or `None` for one outside the list.
fn commune_of(tx: &Tx<'_>, text: &str) -> FairResult<(Option<i64>, Option<String>)> {
    let name = text::nfc(text);
    Ok(match tx.commune_matcher()?.match_name(&name) {
        Some(id) => (Some(id), None),
        None => (None, Some(name)),
    })
}

/// Applies `c` to `row`, checking every field; all wrong fields come back together.
fn apply_correction(
    tx: &Tx<'_>,
    row: &mut AttendeeRow,
    c: &Correction,
    today: NaiveDate,
) -> FairResult<Option<Option<String>>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut wrong = |field: &str, reason: &str| {
        errors.push(FieldError {
            field: field.to_string(),
            reason: reason.to_string(),
        });
    };
    if let Some(name) = &c.full_name {
        match check_name(name) {
            Ok(name) => {
                row.full_name = name;
                row.name_needs_confirmation = false;
            }
            Err(reason) => wrong("full_name", reason),
        }
    }
    if c.birth_date.is_some() || c.birth_year.is_some() {
        let year = c.birth_year.or(c.birth_date.map(|d| d.year()));
        match check_birth(c.birth_date, year, today) {
            Ok(year) => {
                row.birth_date = c.birth_date;
                row.birth_year = Some(year);
            }
            Err(reason) => wrong("birth", reason),
        }
    }
    if let Some(gender) = c.gender {
        row.gender = Some(gender);
    }
    // The number on file is the card's: a birth year or gender against it is a typing mistake.
    if let Some(info) = row
        .id_number
        .as_deref()
        .and_then(|n| parse_id_number(n, today).ok())
    {
        let birth_given = c.birth_date.is_some() || c.birth_year.is_some();
        if birth_given && row.birth_year.is_some_and(|y| y != info.birth_year) {
            wrong("birth", "id_birth_mismatch");
        }
        if c.gender.is_some() && row.gender.is_some_and(|g| g != info.gender) {
            wrong("gender", "id_gender_mismatch");
        }
    }
    let mut commune_other = None;
    if let Some(commune) = &c.commune {
        let typed = text::nfc(commune);
        if typed.is_empty() {
            wrong("commune", "required");
        } else if typed.chars().nth(registration::COMMUNE_TEXT).is_some() {
            wrong("commune", "too_long");
        } else {
            let (id, other) = commune_of(tx, &typed)?;
            row.commune_id = id;
            commune_other = Some(other);
        }
    }
    if let Some(h) = c.household {
        row.household = h;
    }
    if let Some(e) = c.ethnic_minority {
        row.ethnic_minority = e;
    }
    if let Some(phone) = &c.phone {
        match check_phone(Some(phone)) {
            Ok(phone) => row.phone = phone,
            Err(reason) => wrong("phone", reason),
        }
    }
    if let Some(education) = &c.education {
        if limits::check_text("education", education, limits::EDUCATION).is_err() {
            wrong("education", "too_long");
        } else {
            row.education = Some(text::nfc(education)).filter(|e| !e.is_empty());
        }
    }
    if let Some(interests) = &c.interests {
        let too_long = interests.len() > limits::INTERESTS
            || interests
                .iter()
                .any(|i| limits::check_text("interests", i, limits::INTEREST).is_err());
        if too_long {
            wrong("interests", "too_long");
        } else {
            row.interests = interests
                .iter()
                .map(|i| text::nfc(i))
                .filter(|i| !i.is_empty())
                .collect();
        }
    }
    if errors.is_empty() {
        Ok(commune_other)
    } else {
        Err(FairError::InvalidFields { errors })
    }
}

fn register_in(tx: &Tx<'_>, form: &Registration, now: DateTime<Utc>) -> FairResult<RegisterReply> {
    let event = tx.event()?;
    let (date, from, to) = local_day(now, event.utc_offset_min);
    let valid =
        registration::validate(form, date).map_err(|errors| FairError::InvalidFields { errors })?;
    if !form.force {
        let duplicates = tx.possible_duplicates(
            &valid.name_folded(),
            valid.birth_year,
            valid.phone.as_deref(),
            valid.id_number.as_deref(),
        )?;
        if !duplicates.is_empty() {
            let candidates = duplicates
                .iter()
                .map(|row| hit(tx, row, (from, to)))
                .collect::<FairResult<_>>()?;
            return Ok(RegisterReply::Duplicates { candidates });
        }
    }
    let (commune_id, outside) = commune_of(tx, &valid.commune)?;
    let station = form.station.as_deref();
    let row = tx.insert_attendee(
        &NewAttendee {
            id_number: valid.id_number.clone(),
            phone: valid.phone.clone(),
            full_name: valid.full_name.clone(),
            birth_date: valid.birth_date,
            birth_year: Some(valid.birth_year),
            gender: valid.gender,
            commune_id,
            household: valid.household,
            ethnic_minority: valid.ethnic_minority,
            education: None,
            interests: Vec::new(),
            source: Source::WalkIn,
            name_needs_confirmation: false,
        },
        now,
    )?;
    if let Some(outside) = &outside {
        tx.set_commune_other(row.id, Some(outside))?;
    }
    if valid.household != Household::Unknown || valid.ethnic_minority != YesNo::Unknown {
        tx.record_sensitive_consent(row.id, now, "answer")?;
    }
    log_person(tx, now, "attendee_registered", station, &row)?;
    let entry = Entry {
        event: &event,
        direction: crate::domain::Direction::In,
        station,
        now,
        day: (from, to),
    };
    let checkin = record_entry(tx, &entry, row, Method::Helpdesk, true)?;
    tracing::info!("help desk registered a walk-in");
    Ok(RegisterReply::Registered { checkin })
}

impl Fair {
    pub(super) fn search_impl(&self, query: &str, limit: u32) -> FairResult<SearchResults> {
        limits::check("q", query, search::MAX_QUERY_CHARS)?;
        let now = self.now();
        self.read(|tx| search_in(tx, query, limit, now))
    }

    pub(super) fn helpdesk_person_impl(&self, code: &str) -> FairResult<HelpdeskPerson> {
        let now = self.now();
        self.read(|tx| {
            let row = views::attendee_by_code(tx, code)?;
            person(tx, &row, now)
        })
    }

    pub(super) fn correct_impl(
        &self,
        code: &str,
        correction: Correction,
    ) -> FairResult<HelpdeskPerson> {
        correction.check_limits()?;
        let now = self.now();
        let code = code.to_string();
        self.write(move |tx| {
            let mut row = views::attendee_by_code(tx, &code)?;
            let (date, _) = today(tx, now)?;
            let commune_other = apply_correction(tx, &mut row, &correction, date)?;
            tx.update_attendee(&row)?;
            if let Some(other) = commune_other {
                tx.set_commune_other(row.id, other.as_deref())?;
            }
            // A sensitive answer given at the desk is the person's own, as at the kiosk
            // (issue 17): when is kept.
            if correction.household.is_some() || correction.ethnic_minority.is_some() {
                tx.record_sensitive_consent(row.id, now, "answer")?;
            }
            log_person(
                tx,
                now,
                "attendee_updated",
                correction.station.as_deref(),
                &row,
            )?;
            let row = views::attendee_by_code(tx, &code)?;
            person(tx, &row, now)
        })
    }

    pub(super) fn register_impl(&self, registration: Registration) -> FairResult<RegisterReply> {
        limits::check_opt("station", registration.station.as_deref(), limits::STATION)?;
        limits::check_opt("id_number", registration.id_number.as_deref(), limits::CODE)?;
        let now = self.now();
        self.write(move |tx| register_in(tx, &registration, now))
    }

    pub(super) fn checkin_on_behalf_impl(
        &self,
        code: &str,
        request: OnBehalf,
    ) -> FairResult<CheckinOutcome> {
        limits::check_opt("station", request.station.as_deref(), limits::STATION)?;
        let now = self.now();
        let code = code.to_string();
        self.write(move |tx| {
            let row = views::attendee_by_code(tx, &code)?;
            let event = tx.event()?;
            let (_, from, to) = local_day(now, event.utc_offset_min);
            let entry = Entry {
                event: &event,
                direction: request.direction,
                station: request.station.as_deref(),
                now,
                day: (from, to),
            };
            record_entry(tx, &entry, row, Method::Helpdesk, false)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(mask_phone("0912345678"), "091****678");
    }
}
