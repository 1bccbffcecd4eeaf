//! The programme report (issue 16): fairs held, visits and people across fairs, the target
//! groups and how many of them were reached, jobs and labour supply.
//!
//! It is computed from each fair's own headcount report ([`Report::compute`] over the same
//! facts), so every visit figure is the sum of the fairs' reports, and every people figure
//! the union of their people, counted once by this rule:
//!
//! 1. people with an ID number (CCCD) are the same person wherever that number appears;
//! 2. else people with a phone number are the same person wherever that phone appears;
//! 3. else (neither given) a person is counted once per fair.
//!
//! `matched_by` says how many people each rule identified. A person's commune, household,
//! gender, age band, education and sectors are those of their latest visit.
//!
//! A visit ("lượt người") is one person at one fair: at one fair, visits equal people.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::jobs::{JobsCreated, JobsTally};
use super::source::{DateRange, FairInput};
use crate::domain::{
    BoothKind, Direction, EventKind, Gender, Household, Outcome, TicketState, YesNo,
};
use crate::report::followup::FollowupResult;
use crate::report::{AGE_BANDS, CommuneRow, Report, ReportRange, age_on};

/// One fair's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FairRow {
    pub code: String,
    pub name: String,
    pub kind: EventKind,
    pub date: NaiveDate,
    pub place: String,
    pub organiser: String,
    pub visits: u32,
    pub people: u32,
}

/// One row of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub label: String,
    /// Each person once across the fairs.
    pub people: u32,
    /// Every person at every fair.
    pub visits: u32,
}

/// How many people each matching rule identified.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedBy {
    pub id_number: u32,
    pub phone: u32,
    /// Neither given: counted once per fair.
    pub unmatched: u32,
}

/// The fair reports' totals, summed over fairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeTotals {
    /// Finished booth tickets.
    pub visits: u32,
    pub interviewed: u32,
    pub counselled: u32,
    pub hired: u32,
    /// Tickets finished as shortlisted.
    pub shortlisted: u32,
    pub training: u32,
    pub vacancies_offered: u32,
    pub employers: u32,
}

/// The programme's indicator: target-group people reached by counselling or an employer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetGroup {
    /// People from poor, near-poor and newly-out-of-poverty households.
    pub people: u32,
    /// Of them, those counselled or seen by an employer at any fair.
    pub reached: u32,
    /// `reached / people`, 0 when there are none (the programme aims at 1).
    pub share: f64,
}

/// People by what they bring and what they look for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabourSupply {
    pub by_education: Vec<Row>,
    pub by_sector: Vec<Row>,
}

/// The programme report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeReport {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub generated_at: DateTime<Utc>,
    pub fairs: Vec<FairRow>,
    pub visits: u32,
    pub people: u32,
    pub matched_by: MatchedBy,
    pub by_commune: Vec<Row>,
    pub by_household: Vec<Row>,
    pub ethnic_minority: Vec<Row>,
    pub by_gender: Vec<Row>,
    pub by_age_band: Vec<Row>,
    pub totals: ProgrammeTotals,
    pub target_group: TargetGroup,
    pub labour_supply: LabourSupply,
    /// Jobs created through the fairs, by month and employer (the rule: [`super::jobs`]).
    pub jobs_created: JobsCreated,
}

/// Household categories the programme targets.
pub const TARGET_HOUSEHOLDS: &[Household] =
    &[Household::Poor, Household::NearPoor, Household::Escaped];

/// Who a person is across fairs (see the module doc for the rule), borrowing the numbers
/// from the fairs' inputs: 200,000 visits make no copies of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PersonKey<'a> {
    IdNumber(&'a str),
    Phone(&'a str),
    Unmatched { fair: usize, attendee: i64 },
}

/// A person's attributes at one visit, borrowed from the inputs.
#[derive(Debug, Clone, Copy)]
struct Visit<'a> {
    commune: &'a str,
    household: Household,
    ethnic: YesNo,
    gender: &'static str,
    age_band: &'static str,
    education: &'a str,
    sectors: &'a [String],
}

/// A fast hasher for the report's maps (FxHash's mixing step). Their keys are the fairs' own
/// ids and numbers, read by an organiser's command, so the DoS resistance of the standard
/// SipHash buys nothing here, and hashing was the largest cost of a 200,000-visit report.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 56);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
pub(crate) type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// People and visits per label, keyed by labels borrowed from the inputs.
#[derive(Default)]
struct Tally<'a> {
    counts: FastMap<&'a str, (u32, u32)>,
}

impl<'a> Tally<'a> {
    fn visit(&mut self, label: &'a str) {
        self.counts.entry(label).or_default().1 += 1;
    }
    fn person(&mut self, label: &'a str) {
        self.counts.entry(label).or_default().0 += 1;
    }
    /// Rows for `keys` in order, then any other label seen, sorted.
    fn rows(&self, keys: &[&str]) -> Vec<Row> {
        let mut others: Vec<&str> = self
            .counts
            .keys()
            .copied()
            .filter(|l| !keys.contains(l))
            .collect();
        others.sort_unstable();
        keys.iter()
            .copied()
            .chain(others)
            .map(|label| {
                let (people, visits) = self.counts.get(label).copied().unwrap_or((0, 0));
                Row {
                    label: label.to_string(),
                    people,
                    visits,
                }
            })
            .collect()
    }
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Computes the programme report over the fairs of `inputs` held in `range`.
pub fn compute(inputs: &[FairInput], range: DateRange, now: DateTime<Utc>) -> ProgrammeReport {
    let mut order: Vec<usize> = (0..inputs.len())
        .filter(|&i| range.contains(inputs[i].facts.event.date))
        .collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&inputs[a].facts.event, &inputs[b].facts.event);
        (ea.date, &ea.code).cmp(&(eb.date, &eb.code))
    });

    let mut fairs = Vec::new();
    let mut totals = ProgrammeTotals::default();
    // The latest visit of each person, and whether they were reached at any fair.
    let mut latest: FastMap<PersonKey<'_>, Visit<'_>> = FastMap::default();
    let mut reached: FastSet<PersonKey<'_>> = FastSet::default();
    let mut communes = Tally::default();
    let mut households = Tally::default();
    let mut ethnic = Tally::default();
    let mut genders = Tally::default();
    let mut ages = Tally::default();
    let mut education = Tally::default();
    let mut sectors = Tally::default();
    let mut visits_total = 0u32;
    let mut jobs: JobsTally<PersonKey<'_>> = JobsTally::default();

    for &i in &order {
        let input = &inputs[i];
        let facts = &input.facts;
        let report = Report::compute(facts, ReportRange::all(), now);
        let t = &report.totals;
        totals.visits += t.visits;
        totals.interviewed += t.interviewed;
        totals.counselled += t.counselled;
        totals.hired += t.hired;
        totals.training += t.training;
        totals.vacancies_offered += t.vacancies_offered;
        totals.employers += t.employers;
        totals.shortlisted += report
            .booths
            .iter()
            .map(|b| b.outcomes.get("shortlisted").copied().unwrap_or(0))
            .sum::<u32>();
        visits_total += report.people;
        fairs.push(FairRow {
            code: facts.event.code.clone(),
            name: facts.event.name.clone(),
            kind: facts.event.kind,
            date: facts.event.date,
            place: facts.event.place.clone(),
            organiser: facts.event.organiser.clone(),
            visits: report.people,
            people: report.people,
        });

        // The same people the fair's report counts: anyone with an entry.
        let came: FastSet<i64> = facts
            .checkins
            .iter()
            .filter(|c| c.direction == Direction::In)
            .map(|c| c.attendee_id)
            .collect();
        let booth_kind: HashMap<i64, BoothKind> =
            facts.booths.iter().map(|b| (b.id, b.kind)).collect();
        let seen: FastSet<i64> = facts
            .tickets
            .iter()
            .filter(|t| t.state == TicketState::Done)
            .filter(|t| {
                matches!(
                    booth_kind.get(&t.booth_id),
                    Some(BoothKind::Employer | BoothKind::Counselling)
                )
            })
            .map(|t| t.attendee_id)
            .collect();
        let commune_name: HashMap<i64, &str> = facts
            .communes
            .iter()
            .map(|c| (c.id, c.name.as_str()))
            .collect();
        let mut came: Vec<i64> = came.into_iter().collect();
        came.sort_unstable();
        for attendee in came {
            let Some(p) = facts.people.get(&attendee) else {
                continue;
            };
            let identity = input.identities.get(&attendee);
            let key = person_key(input, i, attendee);
            let visit = Visit {
                commune: match p.commune_row() {
                    CommuneRow::Listed(c) => commune_name.get(&c).copied().unwrap_or("unknown"),
                    CommuneRow::Outside => "outside",
                    CommuneRow::Unknown => "unknown",
                },
                household: p.household,
                ethnic: p.ethnic_minority,
                gender: p.gender.map_or("unknown", Gender::as_str),
                age_band: crate::report::age_band(age_on(
                    facts.event.date,
                    p.birth_date,
                    p.birth_year,
                )),
                education: identity
                    .and_then(|id| non_empty(&id.education))
                    .unwrap_or("unknown"),
                sectors: identity.map_or(&[][..], |id| id.interests.as_slice()),
            };
            communes.visit(visit.commune);
            households.visit(visit.household.as_str());
            ethnic.visit(visit.ethnic.as_str());
            genders.visit(visit.gender);
            ages.visit(visit.age_band);
            education.visit(visit.education);
            for s in visit.sectors {
                sectors.visit(s);
            }
            if seen.contains(&attendee) {
                reached.insert(key);
            }
            latest.insert(key, visit);
        }
        fair_jobs(input, i, &booth_kind, &mut jobs);
    }

    let mut matched_by = MatchedBy::default();
    let mut target = TargetGroup::default();
    for (key, visit) in &latest {
        match key {
            PersonKey::IdNumber(_) => matched_by.id_number += 1,
            PersonKey::Phone(_) => matched_by.phone += 1,
            PersonKey::Unmatched { .. } => matched_by.unmatched += 1,
        }
        communes.person(visit.commune);
        households.person(visit.household.as_str());
        ethnic.person(visit.ethnic.as_str());
        genders.person(visit.gender);
        ages.person(visit.age_band);
        education.person(visit.education);
        for s in visit.sectors {
            sectors.person(s);
        }
        if TARGET_HOUSEHOLDS.contains(&visit.household) {
            target.people += 1;
            if reached.contains(key) {
                target.reached += 1;
            }
        }
    }
    if target.people > 0 {
        target.share = f64::from(target.reached) / f64::from(target.people);
    }
    let household_keys: Vec<&str> = Household::ALL.iter().map(|h| h.as_str()).collect();
    let ethnic_keys: Vec<&str> = YesNo::ALL.iter().map(|y| y.as_str()).collect();
    let mut by_commune = communes.rows(&[]);
    // "outside" and "unknown" last, as in the fair's report.
    by_commune.sort_by_key(|r| match r.label.as_str() {
        "outside" => 1,
        "unknown" => 2,
        _ => 0,
    });

    ProgrammeReport {
        from: range.from,
        to: range.to,
        generated_at: now,
        fairs,
        visits: visits_total,
        people: u32::try_from(latest.len()).unwrap_or(u32::MAX),
        matched_by,
        by_commune,
        by_household: households.rows(&household_keys),
        ethnic_minority: ethnic.rows(&ethnic_keys),
        by_gender: genders.rows(&["male", "female", "unknown"]),
        by_age_band: ages.rows(AGE_BANDS),
        totals,
        target_group: target,
        labour_supply: LabourSupply {
            by_education: education.rows(&[]),
            by_sector: sectors.rows(&[]),
        },
        jobs_created: jobs.finish(),
    }
}

/// Who attendee `attendee` of fair number `fair` is across fairs (the module doc's rule).
fn person_key(input: &FairInput, fair: usize, attendee: i64) -> PersonKey<'_> {
    let identity = input.identities.get(&attendee);
    match (
        identity.and_then(|id| non_empty(&id.id_number)),
        identity.and_then(|id| non_empty(&id.phone)),
    ) {
        (Some(n), _) => PersonKey::IdNumber(n),
        (None, Some(phone)) => PersonKey::Phone(phone),
        (None, None) => PersonKey::Unmatched { fair, attendee },
    }
}

/// One fair's jobs: its "started work" follow-ups, and its hires on the spot of people not
/// followed up there (the rule: [`super::jobs`]).
fn fair_jobs<'a>(
    input: &'a FairInput,
    fair: usize,
    booth_kind: &HashMap<i64, BoothKind>,
    jobs: &mut JobsTally<PersonKey<'a>>,
) {
    let facts = &input.facts;
    let mut followed_up: HashSet<i64> = HashSet::new();
    for f in &input.followups {
        followed_up.insert(f.attendee_id);
        if f.result == FollowupResult::StartedWork {
            let employer = f.employer.as_deref().unwrap_or("");
            jobs.started_work(
                person_key(input, fair, f.attendee_id),
                employer,
                f.contacted_on,
            );
        }
    }
    // Folded once a booth, not once a hire.
    let booth_name: HashMap<i64, (&str, String)> = facts
        .booths
        .iter()
        .map(|b| (b.id, (b.name.as_str(), crate::domain::text::fold(&b.name))))
        .collect();
    for t in &facts.tickets {
        if t.state != TicketState::Done
            || t.outcome != Some(Outcome::Hired)
            || booth_kind.get(&t.booth_id) != Some(&BoothKind::Employer)
            || followed_up.contains(&t.attendee_id)
        {
            continue;
        }
        let Some((employer, folded)) = booth_name.get(&t.booth_id) else {
            continue;
        };
        jobs.hired_on_the_spot(
            person_key(input, fair, t.attendee_id),
            employer,
            folded,
            facts.event.date,
        );
    }
}

/// Counts per label in a breakdown, for tests and scripts comparing reports.
pub fn by_label(rows: &[Row]) -> BTreeMap<String, (u32, u32)> {
    rows.iter()
        .map(|r| (r.label.clone(), (r.people, r.visits)))
        .collect()
}
