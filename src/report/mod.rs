//! The headcount report (DESIGN §4): computed from [`Facts`], exported as JSON, CSV and
//! XLSX ([`xlsx::write`]).
//!
//! People are unique attendees with an entry in the range; check-ins count every entry
//! (re-entries included); visits are finished booth tickets ("lượt").

mod csv_export;
pub mod facts;
pub mod followup;
pub mod i18n;
pub mod live;
pub mod xlsx;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::routing::percentile;
use crate::domain::{BoothKind, Direction, Gender, Household, Outcome, Source, TicketState, YesNo};
pub use csv_export::{formula_safe, to_csv};
pub use facts::{CommuneRow, Facts};
pub use live::LiveReport;

/// An optional time window, e.g. the morning session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRange {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl ReportRange {
    /// The whole event.
    pub fn all() -> Self {
        Self::default()
    }

    /// Whether `at` falls in `[from, to)`.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from.is_none_or(|f| at >= f) && self.to.is_none_or(|t| at < t)
    }
}

/// One row of a breakdown: a key (stable), a label (for people) and a count of people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub people: u32,
}

/// Arrivals in one 15-minute slot (local time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivalSlot {
    /// Local start of the slot, "HH:MM".
    pub start: String,
    /// People whose first entry in the range fell in the slot.
    pub people: u32,
    /// All entries in the slot.
    pub checkins: u32,
}

/// One booth's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoothReport {
    pub code: String,
    pub name: String,
    pub kind: BoothKind,
    pub issued: u32,
    pub served: u32,
    pub no_show: u32,
    pub cancelled: u32,
    pub transferred: u32,
    /// Waiting now, whatever the range.
    pub waiting: u32,
    pub median_wait_s: Option<u32>,
    pub p90_wait_s: Option<u32>,
    pub median_service_s: Option<u32>,
    /// Outcome → tickets finished with it (every outcome present, zeros included).
    pub outcomes: BTreeMap<String, u32>,
    pub vacancies: u32,
}

/// Programme totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Finished booth tickets ("lượt").
    pub visits: u32,
    /// People with a finished ticket at an employer booth.
    pub interviewed: u32,
    /// People with a finished ticket at a counselling booth.
    pub counselled: u32,
    /// People hired on the spot.
    pub hired: u32,
    /// People referred to training.
    pub training: u32,
    pub vacancies_offered: u32,
    pub employers: u32,
    /// Median wait from issue to first call over every booth's tickets in the range.
    #[serde(default)]
    pub median_wait_s: Option<u32>,
}

/// The headcount report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub event_code: String,
    pub event_name: String,
    pub event_date: NaiveDate,
    /// The event's offset from UTC in minutes, for showing the range and times locally.
    #[serde(default = "vietnam_offset_min")]
    pub utc_offset_min: i32,
    pub range: ReportRange,
    pub generated_at: DateTime<Utc>,
    /// Unique people checked in.
    pub people: u32,
    /// Entries, re-entries included.
    pub checkins: u32,
    pub walk_ins: u32,
    pub pre_registered: u32,
    /// People whose last scan is an entry (meaningful where exits are scanned).
    pub on_site_now: u32,
    pub exits: u32,
    pub arrivals: Vec<ArrivalSlot>,
    pub by_commune: Vec<Count>,
    pub by_household: Vec<Count>,
    pub by_gender: Vec<Count>,
    pub by_age_band: Vec<Count>,
    pub ethnic_minority: Vec<Count>,
    pub booths: Vec<BoothReport>,
    pub totals: Totals,
}

/// Age bands the programme reports; [`age_band`] gives the band for an age.
pub const AGE_BANDS: &[&str] = &[
    "under_15", "15-24", "25-34", "35-44", "45-54", "55+", "unknown",
];

pub fn age_band(age: Option<u32>) -> &'static str {
    match age {
        None => "unknown",
        Some(a) if a < 15 => "under_15",
        Some(a) if a < 25 => "15-24",
        Some(a) if a < 35 => "25-34",
        Some(a) if a < 45 => "35-44",
        Some(a) if a < 55 => "45-54",
        Some(_) => "55+",
    }
}

/// Age on `on`, from a full birth date where known, else from the birth year.
pub fn age_on(
    on: NaiveDate,
    birth_date: Option<NaiveDate>,
    birth_year: Option<i32>,
) -> Option<u32> {
    if let Some(born) = birth_date {
        return on.years_since(born);
    }
    birth_year.and_then(|y| u32::try_from(on.year() - y).ok())
}

fn secs_between(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    u32::try_from((to - from).num_seconds().max(0)).unwrap_or(u32::MAX)
}

fn counts(
    keys: &[&str],
    tally: &HashMap<String, u32>,
    label: impl Fn(&str) -> String,
) -> Vec<Count> {
    keys.iter()
        .map(|k| Count {
            key: (*k).to_string(),
            label: label(k),
            people: tally.get(*k).copied().unwrap_or(0),
        })
        .collect()
}

impl Report {
    /// Computes the report over `facts` for `range`, as of `now`.
    pub fn compute(facts: &Facts, range: ReportRange, now: DateTime<Utc>) -> Report {
        let offset = crate::domain::event::event_offset(facts.event.utc_offset_min);

        // People and arrivals.
        let mut first_entry: HashMap<i64, DateTime<Utc>> = HashMap::new();
        let mut checkins = 0;
        let mut exits = 0;
        let mut slots: BTreeMap<(u32, u32), (u32, u32)> = BTreeMap::new();
        let mut last_direction: HashMap<i64, (DateTime<Utc>, Direction)> = HashMap::new();
        for c in &facts.checkins {
            let entry = last_direction
                .entry(c.attendee_id)
                .or_insert((c.at, c.direction));
            if c.at >= entry.0 {
                *entry = (c.at, c.direction);
            }
            if !range.contains(c.at) {
                continue;
            }
            if c.direction == Direction::Out {
                exits += 1;
                continue;
            }
            checkins += 1;
            let first = first_entry.entry(c.attendee_id).or_insert(c.at);
            if c.at < *first {
                *first = c.at;
            }
            let local = c.at.with_timezone(&offset);
            slots
                .entry((local.hour(), local.minute() / 15 * 15))
                .or_default()
                .1 += 1;
        }
        for at in first_entry.values() {
            let local = at.with_timezone(&offset);
            slots
                .entry((local.hour(), local.minute() / 15 * 15))
                .or_default()
                .0 += 1;
        }
        let arrivals = slots
            .into_iter()
            .map(|((h, m), (people, checkins))| ArrivalSlot {
                start: format!("{h:02}:{m:02}"),
                people,
                checkins,
            })
            .collect();
        let on_site_now = last_direction
            .values()
            .filter(|(_, d)| *d == Direction::In)
            .count();

        // Breakdowns of the people counted.
        let mut by_commune: HashMap<CommuneRow, u32> = HashMap::new();
        let mut by_household: HashMap<String, u32> = HashMap::new();
        let mut by_gender: HashMap<String, u32> = HashMap::new();
        let mut by_age: HashMap<String, u32> = HashMap::new();
        let mut by_ethnic: HashMap<String, u32> = HashMap::new();
        let mut walk_ins = 0;
        for id in first_entry.keys() {
            let Some(p) = facts.people.get(id) else {
                continue;
            };
            if p.source == Source::WalkIn {
                walk_ins += 1;
            }
            *by_commune.entry(p.commune_row()).or_default() += 1;
            *by_household.entry(p.household.as_str().into()).or_default() += 1;
            *by_gender
                .entry(p.gender.map_or("unknown", Gender::as_str).into())
                .or_default() += 1;
            let age = age_on(facts.event.date, p.birth_date, p.birth_year);
            *by_age.entry(age_band(age).into()).or_default() += 1;
            *by_ethnic
                .entry(p.ethnic_minority.as_str().into())
                .or_default() += 1;
        }
        let commune_rows = facts::commune_counts(&facts.communes, |row| {
            by_commune.get(&row).copied().unwrap_or(0)
        });
        let household_keys: Vec<&str> = Household::ALL.iter().map(|h| h.as_str()).collect();
        let gender_keys = ["male", "female", "unknown"];
        let ethnic_keys: Vec<&str> = YesNo::ALL.iter().map(|y| y.as_str()).collect();

        // Booths and totals.
        let booth_kind: HashMap<i64, BoothKind> =
            facts.booths.iter().map(|b| (b.id, b.kind)).collect();
        let mut per_booth: HashMap<i64, BoothAcc> = HashMap::new();
        let mut interviewed = HashSet::new();
        let mut counselled = HashSet::new();
        let mut hired = HashSet::new();
        let mut training = HashSet::new();
        let mut visits = 0;
        let mut all_waits = Vec::new();
        for t in &facts.tickets {
            let acc = per_booth.entry(t.booth_id).or_default();
            if t.state == TicketState::Waiting {
                acc.waiting += 1;
            }
            if !range.contains(t.issued_at) {
                continue;
            }
            acc.issued += 1;
            match t.state {
                TicketState::Done => acc.served += 1,
                TicketState::NoShow => acc.no_show += 1,
                TicketState::Cancelled => acc.cancelled += 1,
                TicketState::Transferred => acc.transferred += 1,
                _ => {}
            }
            if let Some(called) = t.first_called_at {
                acc.waits.push(secs_between(t.issued_at, called));
                all_waits.push(secs_between(t.issued_at, called));
            }
            // Service time is for candidates actually finished, not sent elsewhere mid-way.
            if let (TicketState::Done, Some(s), Some(f)) = (t.state, t.started_at, t.finished_at) {
                acc.services.push(secs_between(s, f));
            }
            if t.state == TicketState::Done {
                visits += 1;
                match booth_kind.get(&t.booth_id) {
                    Some(BoothKind::Employer) => {
                        interviewed.insert(t.attendee_id);
                    }
                    Some(BoothKind::Counselling) => {
                        counselled.insert(t.attendee_id);
                    }
                    _ => {}
                }
                if let Some(o) = t.outcome {
                    *acc.outcomes.entry(o.as_str().to_string()).or_default() += 1;
                    match o {
                        Outcome::Hired => {
                            hired.insert(t.attendee_id);
                        }
                        Outcome::Training => {
                            training.insert(t.attendee_id);
                        }
                        _ => {}
                    }
                }
            }
        }
        let mut booths: Vec<BoothReport> = facts
            .booths
            .iter()
            .map(|b| {
                let mut acc = per_booth.remove(&b.id).unwrap_or_default();
                let mut outcomes: BTreeMap<String, u32> = Outcome::ALL
                    .iter()
                    .map(|o| (o.as_str().to_string(), 0))
                    .collect();
                outcomes.extend(acc.outcomes.drain());
                BoothReport {
                    code: b.code.clone(),
                    name: b.name.clone(),
                    kind: b.kind,
                    issued: acc.issued,
                    served: acc.served,
                    no_show: acc.no_show,
                    cancelled: acc.cancelled,
                    transferred: acc.transferred,
                    waiting: acc.waiting,
                    median_wait_s: percentile(&mut acc.waits, 50),
                    p90_wait_s: percentile(&mut acc.waits, 90),
                    median_service_s: percentile(&mut acc.services, 50),
                    outcomes,
                    vacancies: b.vacancies,
                }
            })
            .collect();
        booths.sort_by(|a, b| a.code.cmp(&b.code));
        let employers: Vec<&facts::BoothFact> = facts
            .booths
            .iter()
            .filter(|b| b.kind == BoothKind::Employer)
            .collect();

        let people = first_entry.len();
        Report {
            event_code: facts.event.code.clone(),
            event_name: facts.event.name.clone(),
            event_date: facts.event.date,
            utc_offset_min: facts.event.utc_offset_min,
            range,
            generated_at: now,
            people: to_u32(people),
            checkins,
            walk_ins,
            pre_registered: to_u32(people).saturating_sub(walk_ins),
            on_site_now: to_u32(on_site_now),
            exits,
            arrivals,
            by_commune: commune_rows,
            by_household: counts(&household_keys, &by_household, str::to_string),
            by_gender: counts(&gender_keys, &by_gender, str::to_string),
            by_age_band: counts(AGE_BANDS, &by_age, str::to_string),
            ethnic_minority: counts(&ethnic_keys, &by_ethnic, str::to_string),
            booths,
            totals: Totals {
                visits,
                interviewed: to_u32(interviewed.len()),
                counselled: to_u32(counselled.len()),
                hired: to_u32(hired.len()),
                training: to_u32(training.len()),
                vacancies_offered: employers.iter().map(|b| b.vacancies).sum(),
                employers: to_u32(employers.len()),
                median_wait_s: percentile(&mut all_waits, 50),
            },
        }
    }
}

fn vietnam_offset_min() -> i32 {
    7 * 60
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Default)]
struct BoothAcc {
    issued: u32,
    served: u32,
    no_show: u32,
    cancelled: u32,
    transferred: u32,
    waiting: u32,
    waits: Vec<u32>,
    services: Vec<u32>,
    outcomes: HashMap<String, u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands_follow_the_programme() {
        assert_eq!(age_band(Some(14)), "under_15");
        assert_eq!(age_band(Some(15)), "15-24");
        assert_eq!(age_band(Some(24)), "15-24");
        assert_eq!(age_band(Some(55)), "55+");
        assert_eq!(age_band(None), "unknown");
    }

    #[test]
    fn age_is_counted_on_the_event_date() {
        let event = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let born = NaiveDate::from_ymd_opt(2001, 11, 28);
        assert_eq!(age_on(event, born, None), Some(24));
        assert_eq!(age_on(event, None, Some(2001)), Some(25));
    }
}
