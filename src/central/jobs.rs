//! Jobs created through the fairs (`jobs_created` in the programme report), by month and by
//! employer. The rule (README, "Jobs created"):
//!
//! 1. A follow-up "started work" (`followup import`) is a job at the employer staff recorded,
//!    in the month of the follow-up's date.
//! 2. A hire on the spot (a finished employer-booth ticket with outcome `hired`) of a person
//!    nobody has followed up at that fair yet is a job at that booth's employer, in the month
//!    of the fair. Once a follow-up of that person at that fair is on file, it decides
//!    instead: "still looking" means the hire did not turn into a job.
//! 3. One person at one employer is one job, however many fairs or rows say so (the people
//!    rule of the report: same ID number, else same phone, else the fair's own person); the
//!    earliest month counts. Employers are compared without case or accents.
//!
//! `started_work` and `hired_on_the_spot` say how many jobs each rule gave.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One row of a jobs table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRow {
    /// A month "YYYY-MM", or an employer's name.
    pub label: String,
    pub jobs: u32,
}

/// The jobs created through the fairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsCreated {
    pub jobs: u32,
    /// Jobs from "started work" follow-ups.
    pub started_work: u32,
    /// Jobs from hires on the spot not followed up yet.
    pub hired_on_the_spot: u32,
    /// Oldest month first.
    pub by_month: Vec<JobRow>,
    /// Most jobs first, then by name.
    pub by_employer: Vec<JobRow>,
}

/// How a job is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    StartedWork,
    HiredOnTheSpot,
}

struct Job {
    employer: String,
    month: String,
    basis: Basis,
    on: NaiveDate,
}

/// Jobs as the fairs' records are walked, one per person and employer.
pub struct JobsTally<K> {
    jobs: HashMap<(K, String), Job>,
}

impl<K: Hash + Eq> Default for JobsTally<K> {
    fn default() -> Self {
        Self {
            jobs: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq> JobsTally<K> {
    fn add(&mut self, person: K, employer: &str, folded: &str, on: NaiveDate, basis: Basis) {
        let employer = employer.trim();
        if employer.is_empty() {
            return;
        }
        let job = Job {
            employer: employer.to_string(),
            month: on.format("%Y-%m").to_string(),
            basis,
            on,
        };
        let key = (person, folded.to_string());
        match self.jobs.get_mut(&key) {
            // A follow-up confirms a hire: the job is known by the follow-up from then on.
            Some(old) if on < old.on || (basis == Basis::StartedWork && old.on == on) => {
                *old = job;
            }
            Some(old) if basis == Basis::StartedWork => old.basis = Basis::StartedWork,
            Some(_) => {}
            None => {
                self.jobs.insert(key, job);
            }
        }
    }

    /// A "started work" follow-up of `person` at `employer`, dated `on`.
    pub fn started_work(&mut self, person: K, employer: &str, on: NaiveDate) {
        let folded = crate::domain::text::fold(employer);
        self.add(person, employer, &folded, on, Basis::StartedWork);
    }

    /// A hire on the spot of a person not followed up at that fair, at a fair held `on`, at
    /// `employer` (`folded`: [`crate::domain::text::fold`] of it, made once a booth).
    pub fn hired_on_the_spot(&mut self, person: K, employer: &str, folded: &str, on: NaiveDate) {
        self.add(person, employer, folded, on, Basis::HiredOnTheSpot);
    }

    /// The tables.
    pub fn finish(self) -> JobsCreated {
        let mut out = JobsCreated::default();
        let mut months: BTreeMap<String, u32> = BTreeMap::new();
        // Folded name -> (first spelling seen in date order, jobs).
        let mut employers: BTreeMap<String, (String, NaiveDate, u32)> = BTreeMap::new();
        for ((_, folded), job) in self.jobs {
            out.jobs += 1;
            match job.basis {
                Basis::StartedWork => out.started_work += 1,
                Basis::HiredOnTheSpot => out.hired_on_the_spot += 1,
            }
            *months.entry(job.month).or_default() += 1;
            let e = employers
                .entry(folded)
                .or_insert_with(|| (job.employer.clone(), job.on, 0));
            if (job.on, &job.employer) < (e.1, &e.0) {
                (e.0, e.1) = (job.employer, job.on);
            }
            e.2 += 1;
        }
        out.by_month = months
            .into_iter()
            .map(|(label, jobs)| JobRow { label, jobs })
            .collect();
        let mut by_employer: Vec<JobRow> = employers
            .into_values()
            .map(|(label, _, jobs)| JobRow { label, jobs })
            .collect();
        by_employer.sort_by(|a, b| b.jobs.cmp(&a.jobs).then_with(|| a.label.cmp(&b.label)));
        out.by_employer = by_employer;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn one_person_at_one_employer_is_one_job_at_its_earliest_month() {
        let mut t = JobsTally::default();
        let fold = crate::domain::text::fold;
        t.hired_on_the_spot(
            "a",
            "Công ty May Tiến Thành",
            &fold("Công ty May Tiến Thành"),
            day(3, 2),
        );
        // Followed up at another fair's list: the same job, now confirmed.
        t.started_work("a", "CÔNG TY MAY TIẾN THÀNH ", day(4, 20));
        t.started_work("b", "Cong ty May Tien Thanh", day(4, 21));
        t.started_work("b", "Xưởng gỗ An Phát", day(5, 1));
        t.hired_on_the_spot(
            "c",
            "Xưởng gỗ An Phát",
            &fold("Xưởng gỗ An Phát"),
            day(3, 9),
        );
        t.started_work("d", "  ", day(4, 1));
        let jobs = t.finish();
        assert_eq!(
            (jobs.jobs, jobs.started_work, jobs.hired_on_the_spot),
            (4, 3, 1)
        );
        let months: Vec<(&str, u32)> = jobs
            .by_month
            .iter()
            .map(|r| (r.label.as_str(), r.jobs))
            .collect();
        assert_eq!(months, [("2026-03", 2), ("2026-04", 1), ("2026-05", 1)]);
        let employers: Vec<(&str, u32)> = jobs
            .by_employer
            .iter()
            .map(|r| (r.label.as_str(), r.jobs))
            .collect();
        assert_eq!(
            employers,
            [("Công ty May Tiến Thành", 2), ("Xưởng gỗ An Phát", 2)]
        );
    }
}
