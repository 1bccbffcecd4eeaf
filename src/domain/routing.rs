//! Wait estimates and the order in which the kiosk offers booths (DESIGN §3, Routing).

use serde::{Deserialize, Serialize};

use super::text::fold;

/// What routing needs to know of one booth right now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueLoad {
    /// Tickets waiting in the booth's queue.
    pub waiting: u32,
    /// Desks open to serve the queue.
    pub open_desks: u32,
    /// Median service time (start to finish) of the booth's recent candidates, if any.
    pub recent_median_service_s: Option<u32>,
}

/// Shortest time one candidate is taken to need. Staff who press Start and Done together (or
/// record outcomes afterwards) leave service times of a few seconds, which would tell ten
/// people waiting that their turn comes in "~1 phút".
pub const MIN_SERVICE_S: u32 = 60;

/// Estimated wait, in seconds, for someone with `ahead` people in front of them:
/// people ahead × median service time (at least [`MIN_SERVICE_S`]) ÷ open desks. With no data
/// yet, `default_service_s`. A booth with no open desk gets the estimate of one desk: it is
/// paused, not closed forever.
pub fn estimated_wait_s(ahead: u32, load: &QueueLoad, default_service_s: u32) -> u32 {
    let per_person = load
        .recent_median_service_s
        .map_or(default_service_s, |median| median.max(MIN_SERVICE_S));
    let desks = load.open_desks.max(1);
    let total = u64::from(ahead) * u64::from(per_person);
    u32::try_from(total.div_ceil(u64::from(desks))).unwrap_or(u32::MAX)
}

/// Whole minutes, rounded up, for display ("~8 phút").
pub fn wait_minutes(seconds: u32) -> u32 {
    seconds.div_ceil(60)
}

/// Median of service times; `None` for no data. The input need not be sorted.
pub fn median(values: &mut [u32]) -> Option<u32> {
    percentile(values, 50)
}

/// Nearest-rank percentile (`p` in 0..=100) of `values`; `None` for no data.
pub fn percentile(values: &mut [u32], p: u32) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    // Nearest rank: ceil(p/100 × n), 1-based.
    let rank = (usize::try_from(p.min(100)).unwrap_or(100) * n)
        .div_ceil(100)
        .max(1);
    values.get(rank - 1).copied()
}

/// How many of the attendee's interests the booth's sector tags share, compared folded so
/// "May mặc" and "may mac" agree.
pub fn interest_match(interests: &[String], sectors: &[String]) -> usize {
    let sectors: Vec<String> = sectors.iter().map(|s| fold(s)).collect();
    interests
        .iter()
        .map(|i| fold(i))
        .filter(|i| !i.is_empty() && sectors.contains(i))
        .count()
}

/// One employer booth as the kiosk ranks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    /// Booth code.
    pub code: &'a str,
    /// Sector tags.
    pub sectors: &'a [String],
    /// Current estimated wait for a newcomer.
    pub estimated_wait_s: u32,
}

/// Booth codes in the order to offer them: best interest match first, then shortest wait,
/// then booth code, so the order is stable between two identical frames.
pub fn rank_employers(interests: &[String], candidates: &[Candidate<'_>]) -> Vec<String> {
    let mut scored: Vec<(usize, u32, &str)> = candidates
        .iter()
        .map(|c| {
            (
                interest_match(interests, c.sectors),
                c.estimated_wait_s,
                c.code,
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
    scored
        .into_iter()
        .map(|(_, _, code)| code.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(waiting: u32, desks: u32, median: Option<u32>) -> QueueLoad {
        QueueLoad {
            waiting,
            open_desks: desks,
            recent_median_service_s: median,
        }
    }

    #[test]
    fn wait_is_people_ahead_times_median_over_desks() {
        assert_eq!(estimated_wait_s(4, &load(4, 2, Some(300)), 240), 600);
        assert_eq!(estimated_wait_s(3, &load(3, 2, Some(100)), 240), 150);
    }

    #[test]
    fn services_of_a_few_seconds_count_as_a_minute_each() {
        assert_eq!(estimated_wait_s(10, &load(10, 1, Some(0)), 240), 600);
        assert_eq!(estimated_wait_s(10, &load(10, 2, Some(5)), 240), 300);
    }

    #[test]
    fn before_any_data_the_default_service_time_is_used() {
        assert_eq!(estimated_wait_s(2, &load(2, 1, None), 240), 480);
    }

    #[test]
    fn a_paused_booth_is_estimated_as_one_desk() {
        assert_eq!(estimated_wait_s(2, &load(2, 0, Some(60)), 240), 120);
    }

    #[test]
    fn nobody_ahead_means_no_wait() {
        assert_eq!(estimated_wait_s(0, &load(0, 1, Some(600)), 240), 0);
        assert_eq!(wait_minutes(0), 0);
        assert_eq!(wait_minutes(61), 2);
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut v = vec![50, 10, 40, 30, 20];
        assert_eq!(median(&mut v), Some(30));
        assert_eq!(percentile(&mut v, 90), Some(50));
        assert_eq!(percentile(&mut [7], 90), Some(7));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn employers_matching_interests_come_first_then_shorter_waits() {
        let garments = vec!["May mặc".to_string()];
        let electronics = vec!["Điện tử".to_string()];
        let candidates = [
            Candidate {
                code: "A",
                sectors: &electronics,
                estimated_wait_s: 60,
            },
            Candidate {
                code: "B",
                sectors: &garments,
                estimated_wait_s: 900,
            },
            Candidate {
                code: "C",
                sectors: &electronics,
                estimated_wait_s: 30,
            },
        ];
        let interests = vec!["may mac".to_string()];
        assert_eq!(rank_employers(&interests, &candidates), ["B", "C", "A"]);
        assert_eq!(rank_employers(&[], &candidates), ["C", "A", "B"]);
    }
}
