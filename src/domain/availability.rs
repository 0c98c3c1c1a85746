//! When prepbot could not serve: stretches of time from its own run records
//! (downtime between one run's last heartbeat and the next start), to which
//! other causes (a paused daily question) can be added as more intervals.
//! A member's day counts as unavailable when such stretches cover most of it.
//!
//! ```
//! use chrono::{DateTime, Duration, Utc};
//! use prepbot::domain::availability::{Run, downtime};
//! let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
//! let runs = [
//!     Run { started: at("2026-11-01T00:00:00Z"), last_seen: at("2026-11-02T10:00:00Z") },
//!     Run { started: at("2026-11-03T12:00:00Z"), last_seen: at("2026-11-04T00:00:00Z") },
//! ];
//! let gaps = downtime(&runs, at("2026-11-04T00:00:30Z"), Duration::minutes(2));
//! assert_eq!(gaps.len(), 1);
//! assert_eq!(gaps[0].from, at("2026-11-02T10:02:00Z"));
//! assert_eq!(gaps[0].to, at("2026-11-03T12:00:00Z"));
//! ```

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::day::day_begins;
use super::timezone::{DayStartHour, Timezone};

/// A stretch of time, `from` up to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// One run of a prepbot process: when it started and when it last said it
/// was alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub started: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// The stretches no run covered, from the first run ever recorded up to
/// `now`. A run covers its start up to its last heartbeat plus `grace`
/// (heartbeats come once a minute, so a live run is never a minute behind).
/// Before the first record nothing is known, and nothing counts as down:
/// a database from before run records were kept shows no downtime at all.
pub fn downtime(runs: &[Run], now: DateTime<Utc>, grace: Duration) -> Vec<Interval> {
    let covered = merged(
        runs.iter()
            .map(|run| Interval {
                from: run.started,
                to: run.last_seen.max(run.started) + grace,
            })
            .collect(),
    );
    let mut gaps: Vec<Interval> = covered
        .windows(2)
        .map(|pair| Interval {
            from: pair[0].to,
            to: pair[1].from,
        })
        .collect();
    if let Some(last) = covered.last().filter(|last| last.to < now) {
        gaps.push(Interval {
            from: last.to,
            to: now,
        });
    }
    gaps
}

/// Whether `intervals` cover more than half of `day` in `zone`: a member
/// could not have been expected to practise on a day prepbot was away for
/// most of.
pub fn unavailable_for_most_of(
    day: NaiveDate,
    zone: Timezone,
    day_start: DayStartHour,
    intervals: &[Interval],
) -> bool {
    let begins = day_begins(day, zone, day_start);
    let ends = day_begins(day + Duration::days(1), zone, day_start);
    let covered: Duration = merged(intervals.to_vec())
        .iter()
        .map(|interval| interval.to.min(ends) - interval.from.max(begins))
        .filter(|overlap| *overlap > Duration::zero())
        .sum();
    covered * 2 > ends - begins
}

/// The same time as one sorted list of stretches that neither overlap nor
/// touch.
fn merged(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.retain(|interval| interval.to > interval.from);
    intervals.sort_by_key(|interval| interval.from);
    let mut out: Vec<Interval> = Vec::with_capacity(intervals.len());
    for interval in intervals {
        match out.last_mut() {
            Some(last) if interval.from <= last.to => last.to = last.to.max(interval.to),
            _ => out.push(interval),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn run(started: &str, last_seen: &str) -> Run {
        Run {
            started: at(started),
            last_seen: at(last_seen),
        }
    }

    #[test]
    fn overlapping_runs_leave_no_gap_and_nothing_before_the_first_run_is_down() {
        let runs = [
            run("2026-11-02T00:00:00Z", "2026-11-02T12:00:00Z"),
            run("2026-11-02T11:00:00Z", "2026-11-03T00:00:00Z"),
        ];
        assert!(downtime(&runs, at("2026-11-03T00:00:30Z"), Duration::minutes(2)).is_empty());
        assert!(downtime(&[], at("2026-11-03T00:00:00Z"), Duration::minutes(2)).is_empty());
    }

    #[test]
    fn a_day_is_unavailable_only_when_more_than_half_of_it_is_covered() {
        let berlin = Timezone::parse("Europe/Berlin").unwrap();
        let four = DayStartHour::default();
        // Nov 10 in Berlin (CET) runs from 03:00Z on the 10th to 03:00Z on the 11th.
        let half = Interval {
            from: at("2026-11-10T03:00:00Z"),
            to: at("2026-11-10T15:00:00Z"),
        };
        assert!(!unavailable_for_most_of(
            day("2026-11-10"),
            berlin,
            four,
            &[half]
        ));
        let more = Interval {
            to: at("2026-11-10T15:01:00Z"),
            ..half
        };
        assert!(unavailable_for_most_of(
            day("2026-11-10"),
            berlin,
            four,
            &[more]
        ));
        // Two pieces that overlap count once.
        let pieces = [
            Interval {
                from: at("2026-11-10T02:00:00Z"),
                to: at("2026-11-10T10:00:00Z"),
            },
            Interval {
                from: at("2026-11-10T09:00:00Z"),
                to: at("2026-11-10T14:00:00Z"),
            },
        ];
        assert!(!unavailable_for_most_of(
            day("2026-11-10"),
            berlin,
            four,
            &pieces
        ));
    }
}
