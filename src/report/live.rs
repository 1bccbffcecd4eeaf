//! The headcount report kept up to date change by change, for the live dashboard.
//!
//! [`Report::compute`] walks every check-in and ticket of the fair: a few tens of milliseconds
//! with 100,000 people in memory, far more with the load from SQLite first. A dashboard asks
//! once a second while check-ins flow, so [`LiveReport`] keeps the report's counters instead —
//! per commune, household, gender, age band, booth and outcome, with the waits as sorted
//! multisets — and moves them by what each [`Applied`] change took out and put in. Producing a
//! report is then proportional to the booths and communes, not to the people.
//!
//! Invariant (checked by the property test in `tests/live_report.rs`): after any sequence of
//! changes, [`LiveReport::report`] equals [`Report::compute`] over the same facts and range.
//! Nothing in the report depends on the time of asking except `generated_at`: "on site now" is
//! each person's last scan, and the arrivals chart's current slot is made of the check-ins in it.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike, Utc};

use super::facts::{
    Applied, CheckinFact, CommuneRow, Facts, PersonFacts, TicketFact, commune_counts,
};
use super::{
    AGE_BANDS, ArrivalSlot, BoothReport, Count, Report, ReportRange, Totals, age_band, age_on,
    secs_between, to_u32,
};
use crate::domain::{BoothKind, Direction, Gender, Household, Outcome, Source, TicketState, YesNo};

/// A report's counters for one range, advanced change by change.
#[derive(Debug, Clone)]
pub struct LiveReport {
    range: ReportRange,
    offset: FixedOffset,
    event_date: NaiveDate,
    checkins: u32,
    exits: u32,
    /// First entry in the range of each person counted.
    first_entry: HashMap<i64, DateTime<Utc>>,
    /// Each person's latest scan, whatever the range ("on site now").
    last_direction: HashMap<i64, (DateTime<Utc>, Direction)>,
    on_site: u32,
    /// Local (hour, minute of the quarter) → (first entries, entries).
    slots: BTreeMap<(u32, u32), (u32, u32)>,
    people: PeopleTally,
    booths: HashMap<i64, BoothTally>,
    visits: u32,
    /// Person → finished tickets that make them count, so a person counts once however many.
    interviewed: RefCounts,
    counselled: RefCounts,
    hired: RefCounts,
    training: RefCounts,
    all_waits: Multiset,
}

impl LiveReport {
    /// The counters over every fact in `facts` for `range`: one pass, as [`Report::compute`].
    pub fn build(facts: &Facts, range: ReportRange) -> Self {
        let mut live = Self {
            range,
            offset: crate::domain::event::event_offset(facts.event.utc_offset_min),
            event_date: facts.event.date,
            checkins: 0,
            exits: 0,
            first_entry: HashMap::new(),
            last_direction: HashMap::new(),
            on_site: 0,
            slots: BTreeMap::new(),
            people: PeopleTally::default(),
            booths: HashMap::new(),
            visits: 0,
            interviewed: RefCounts::default(),
            counselled: RefCounts::default(),
            hired: RefCounts::default(),
            training: RefCounts::default(),
            all_waits: Multiset::default(),
        };
        for c in &facts.checkins {
            live.checkin(facts, c);
        }
        let kinds: HashMap<i64, BoothKind> = facts.booths.iter().map(|b| (b.id, b.kind)).collect();
        for t in &facts.tickets {
            live.ticket(t, kinds.get(&t.booth_id).copied(), true);
        }
        live
    }

    /// The range these counters are for.
    pub fn range(&self) -> ReportRange {
        self.range
    }

    /// Takes in one change, `facts` being the facts after it.
    pub fn observe(&mut self, facts: &Facts, applied: &Applied) {
        match applied {
            Applied::Nothing | Applied::LogRewritten => {}
            Applied::Person { attendee_id, old } => {
                if self.first_entry.contains_key(attendee_id) {
                    if let Some(old) = old {
                        self.person(old, false);
                    }
                    if let Some(new) = facts.people.get(attendee_id) {
                        self.person(new, true);
                    }
                }
            }
            Applied::Checkin { index } => {
                if let Some(c) = facts.checkins.get(*index) {
                    self.checkin(facts, c);
                }
            }
            Applied::Booth { booth_id, added } => {
                // Tickets seen before their booth were counted without its kind; a booth
                // always comes first in practice, so starting over is the simple right answer.
                if *added && self.booths.contains_key(booth_id) {
                    *self = Self::build(facts, self.range);
                }
            }
            Applied::Ticket { index, old } => {
                let Some(new) = facts.tickets.get(*index) else {
                    return;
                };
                let kind = facts
                    .booths
                    .iter()
                    .find(|b| b.id == new.booth_id)
                    .map(|b| b.kind);
                if let Some(old) = old {
                    let old_kind = if old.booth_id == new.booth_id {
                        kind
                    } else {
                        facts
                            .booths
                            .iter()
                            .find(|b| b.id == old.booth_id)
                            .map(|b| b.kind)
                    };
                    self.ticket(old, old_kind, false);
                }
                self.ticket(new, kind, true);
            }
        }
    }

    /// The report as of `now`, over `facts` (for the event header, the booths and communes).
    pub fn report(&self, facts: &Facts, now: DateTime<Utc>) -> Report {
        let arrivals = self
            .slots
            .iter()
            .filter(|(_, (_, checkins))| *checkins > 0)
            .map(|((h, m), (people, checkins))| ArrivalSlot {
                start: format!("{h:02}:{m:02}"),
                people: *people,
                checkins: *checkins,
            })
            .collect();
        let tally = &self.people;
        let by_commune = commune_counts(&facts.communes, |row| {
            tally.commune.get(&row).copied().unwrap_or(0)
        });
        let household: Vec<&str> = Household::ALL.iter().map(|h| h.as_str()).collect();
        let ethnic: Vec<&str> = YesNo::ALL.iter().map(|y| y.as_str()).collect();

        let mut booths: Vec<BoothReport> = facts
            .booths
            .iter()
            .map(|b| {
                let empty = BoothTally::default();
                let acc = self.booths.get(&b.id).unwrap_or(&empty);
                let mut outcomes: BTreeMap<String, u32> = Outcome::ALL
                    .iter()
                    .map(|o| (o.as_str().to_string(), 0))
                    .collect();
                for (o, n) in &acc.outcomes {
                    outcomes.insert(o.as_str().to_string(), *n);
                }
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
                    median_wait_s: acc.waits.percentile(50),
                    p90_wait_s: acc.waits.percentile(90),
                    median_service_s: acc.services.percentile(50),
                    outcomes,
                    vacancies: b.vacancies,
                }
            })
            .collect();
        booths.sort_by(|a, b| a.code.cmp(&b.code));
        let employers = facts
            .booths
            .iter()
            .filter(|b| b.kind == BoothKind::Employer);

        let people = to_u32(self.first_entry.len());
        Report {
            event_code: facts.event.code.clone(),
            event_name: facts.event.name.clone(),
            event_date: facts.event.date,
            utc_offset_min: facts.event.utc_offset_min,
            range: self.range,
            generated_at: now,
            people,
            checkins: self.checkins,
            walk_ins: tally.walk_ins,
            pre_registered: people.saturating_sub(tally.walk_ins),
            on_site_now: self.on_site,
            exits: self.exits,
            arrivals,
            by_commune,
            by_household: tally_counts(&household, &tally.household),
            by_gender: tally_counts(&["male", "female", "unknown"], &tally.gender),
            by_age_band: tally_counts(AGE_BANDS, &tally.age_band),
            ethnic_minority: tally_counts(&ethnic, &tally.ethnic),
            booths,
            totals: Totals {
                visits: self.visits,
                interviewed: self.interviewed.len(),
                counselled: self.counselled.len(),
                hired: self.hired.len(),
                training: self.training.len(),
                vacancies_offered: employers.clone().map(|b| b.vacancies).sum(),
                employers: to_u32(employers.count()),
                median_wait_s: self.all_waits.percentile(50),
            },
        }
    }

    fn slot(&mut self, at: DateTime<Utc>) -> &mut (u32, u32) {
        let local = at.with_timezone(&self.offset);
        self.slots
            .entry((local.hour(), local.minute() / 15 * 15))
            .or_default()
    }

    fn checkin(&mut self, facts: &Facts, c: &CheckinFact) {
        // Each person's latest scan: a later (or equal) time replaces it, as in compute.
        let is_in = |d: Direction| d == Direction::In;
        let (was_in, now_in) = match self.last_direction.entry(c.attendee_id) {
            Entry::Vacant(slot) => {
                slot.insert((c.at, c.direction));
                (false, is_in(c.direction))
            }
            Entry::Occupied(mut slot) => {
                let last = slot.get_mut();
                let was = is_in(last.1);
                if c.at >= last.0 {
                    *last = (c.at, c.direction);
                }
                (was, is_in(last.1))
            }
        };
        match (was_in, now_in) {
            (true, false) => self.on_site = self.on_site.saturating_sub(1),
            (false, true) => self.on_site += 1,
            _ => {}
        }

        if !self.range.contains(c.at) {
            return;
        }
        if c.direction == Direction::Out {
            self.exits += 1;
            return;
        }
        self.checkins += 1;
        self.slot(c.at).1 += 1;
        match self.first_entry.get(&c.attendee_id).copied() {
            None => {
                self.first_entry.insert(c.attendee_id, c.at);
                self.slot(c.at).0 += 1;
                if let Some(p) = facts.people.get(&c.attendee_id) {
                    self.person(p, true);
                }
            }
            Some(first) if c.at < first => {
                // An entry stamped before the one first seen (clocks of two stations):
                // the person's arrival moves to the earlier slot.
                let earlier = self.slot(first);
                earlier.0 = earlier.0.saturating_sub(1);
                self.slot(c.at).0 += 1;
                self.first_entry.insert(c.attendee_id, c.at);
            }
            Some(_) => {}
        }
    }

    fn person(&mut self, p: &PersonFacts, add: bool) {
        let t = &mut self.people;
        if p.source == Source::WalkIn {
            bump(&mut t.walk_ins, add);
        }
        bump(t.commune.entry(p.commune_row()).or_default(), add);
        bump(t.household.entry(p.household.as_str()).or_default(), add);
        let gender = p.gender.map_or("unknown", Gender::as_str);
        bump(t.gender.entry(gender).or_default(), add);
        let age = age_on(self.event_date, p.birth_date, p.birth_year);
        bump(t.age_band.entry(age_band(age)).or_default(), add);
        bump(t.ethnic.entry(p.ethnic_minority.as_str()).or_default(), add);
    }

    /// Adds (or with `add` false, takes out) one ticket's share of the counters.
    fn ticket(&mut self, t: &TicketFact, kind: Option<BoothKind>, add: bool) {
        let acc = self.booths.entry(t.booth_id).or_default();
        if t.state == TicketState::Waiting {
            bump(&mut acc.waiting, add);
        }
        if !self.range.contains(t.issued_at) {
            return;
        }
        bump(&mut acc.issued, add);
        match t.state {
            TicketState::Done => bump(&mut acc.served, add),
            TicketState::NoShow => bump(&mut acc.no_show, add),
            TicketState::Cancelled => bump(&mut acc.cancelled, add),
            TicketState::Transferred => bump(&mut acc.transferred, add),
            _ => {}
        }
        if let Some(called) = t.first_called_at {
            let wait = secs_between(t.issued_at, called);
            acc.waits.change(wait, add);
            self.all_waits.change(wait, add);
        }
        if let (TicketState::Done, Some(s), Some(f)) = (t.state, t.started_at, t.finished_at) {
            acc.services.change(secs_between(s, f), add);
        }
        if t.state != TicketState::Done {
            return;
        }
        bump(&mut self.visits, add);
        match kind {
            Some(BoothKind::Employer) => self.interviewed.change(t.attendee_id, add),
            Some(BoothKind::Counselling) => self.counselled.change(t.attendee_id, add),
            _ => {}
        }
        if let Some(o) = t.outcome {
            bump(acc.outcomes.entry(o).or_default(), add);
            match o {
                Outcome::Hired => self.hired.change(t.attendee_id, add),
                Outcome::Training => self.training.change(t.attendee_id, add),
                _ => {}
            }
        }
    }
}

fn bump(n: &mut u32, add: bool) {
    *n = if add {
        n.saturating_add(1)
    } else {
        n.saturating_sub(1)
    };
}

fn tally_counts(keys: &[&str], tally: &HashMap<&'static str, u32>) -> Vec<Count> {
    keys.iter()
        .map(|k| Count {
            key: (*k).to_string(),
            label: (*k).to_string(),
            people: tally.get(k).copied().unwrap_or(0),
        })
        .collect()
}

/// The breakdowns of the people counted.
#[derive(Debug, Clone, Default)]
struct PeopleTally {
    walk_ins: u32,
    commune: HashMap<CommuneRow, u32>,
    household: HashMap<&'static str, u32>,
    gender: HashMap<&'static str, u32>,
    age_band: HashMap<&'static str, u32>,
    ethnic: HashMap<&'static str, u32>,
}

/// One booth's counters.
#[derive(Debug, Clone, Default)]
struct BoothTally {
    issued: u32,
    served: u32,
    no_show: u32,
    cancelled: u32,
    transferred: u32,
    waiting: u32,
    waits: Multiset,
    services: Multiset,
    outcomes: HashMap<Outcome, u32>,
}

/// How many finished tickets make each person count; the count of people is the keys.
#[derive(Debug, Clone, Default)]
struct RefCounts(HashMap<i64, u32>);

impl RefCounts {
    fn change(&mut self, person: i64, add: bool) {
        if add {
            *self.0.entry(person).or_default() += 1;
        } else if let Some(n) = self.0.get_mut(&person) {
            *n -= 1;
            if *n == 0 {
                self.0.remove(&person);
            }
        }
    }

    fn len(&self) -> u32 {
        to_u32(self.0.len())
    }
}

/// Durations in seconds as value → how many, so a percentile is a walk over the distinct
/// values (a few thousand at most) instead of a sort of every ticket.
#[derive(Debug, Clone, Default)]
struct Multiset {
    counts: BTreeMap<u32, u32>,
    len: usize,
}

impl Multiset {
    fn change(&mut self, value: u32, add: bool) {
        if add {
            *self.counts.entry(value).or_default() += 1;
            self.len += 1;
        } else if let Some(n) = self.counts.get_mut(&value) {
            *n -= 1;
            self.len -= 1;
            if *n == 0 {
                self.counts.remove(&value);
            }
        }
    }

    /// Nearest rank, exactly as [`crate::domain::routing::percentile`] over the same values.
    fn percentile(&self, p: u32) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let rank = (usize::try_from(p.min(100)).unwrap_or(100) * self.len)
            .div_ceil(100)
            .max(1);
        let mut seen = 0usize;
        for (value, n) in &self.counts {
            seen += usize::try_from(*n).unwrap_or(usize::MAX);
            if seen >= rank {
                return Some(*value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::routing::percentile;

    #[test]
    fn a_multiset_percentile_is_the_sorted_one() {
        let mut values = vec![30, 5, 5, 900, 61, 61, 61, 0, 7, 12, 3600];
        let mut set = Multiset::default();
        for v in &values {
            set.change(*v, true);
        }
        set.change(61, false);
        set.change(42, false); // not there: no effect
        let at = values.iter().position(|v| *v == 61).unwrap();
        values.remove(at);
        for p in [0, 1, 10, 50, 90, 99, 100] {
            assert_eq!(
                set.percentile(p),
                percentile(&mut values.clone(), p),
                "p{p}"
            );
        }
        assert_eq!(Multiset::default().percentile(50), None);
    }

    #[test]
    fn a_person_counts_once_however_many_tickets() {
        let mut r = RefCounts::default();
        r.change(7, true);
        r.change(7, true);
        r.change(8, true);
        r.change(7, false);
        assert_eq!(r.len(), 2);
        r.change(7, false);
        assert_eq!(r.len(), 1);
    }
}
