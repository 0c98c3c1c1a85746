//! When a channel's daily question is due: a local time (`09:00`) or a cron
//! expression, read in the subscription's own time zone.
//!
//! Both forms name wall-clock times, and both turn them into instants the
//! same way, so daylight saving behaves alike:
//!
//! - a wall-clock time skipped by a spring-forward change fires once, at the
//!   first instant after the gap (02:30 on such a night fires at 03:00);
//! - a wall-clock time repeated by a fall-back change fires once, at its
//!   first occurrence.
//!
//! A firing carries the local date it belongs to: the key under which a
//! daily post is claimed, so one date can never post twice.
//!
//! ```
//! use prepbot::domain::schedule::Schedule;
//! use prepbot::domain::Timezone;
//! let schedule = Schedule::parse("09:00").unwrap();
//! let berlin = Timezone::parse("Europe/Berlin").unwrap();
//! let after = "2026-11-28T12:00:00Z".parse().unwrap();
//! let firing = schedule.next_after(after, berlin).unwrap();
//! assert_eq!(firing.at.to_rfc3339(), "2026-11-29T08:00:00+00:00");
//! assert_eq!(firing.local_date.to_string(), "2026-11-29");
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::cron_fields::{CRON_FORM, to_cron_crate};
use super::text::echo_within;
use super::timezone::Timezone;

/// How far ahead a schedule is searched before it is called one that never
/// fires (a cron for 30 February).
const SEARCH_DAYS: i64 = 366 * 5;

#[derive(Debug, Clone)]
pub enum Schedule {
    /// Every day at this local time.
    DailyAt(NaiveTime),
    /// A cron expression over local wall-clock time; it picks *when* in a
    /// day, while posts stay one per local date.
    Cron {
        expression: String,
        schedule: Box<cron::Schedule>,
    },
}

/// One due time of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Firing {
    pub at: DateTime<Utc>,
    /// The local date the firing belongs to.
    pub local_date: NaiveDate,
}

impl Schedule {
    /// Reads `HH:MM` (24-hour), or a cron expression as crontab writes it
    /// (see `cron_fields`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(format!(
                "the schedule is empty; write a time (HH:MM, such as 09:00) or a cron schedule ({CRON_FORM})"
            ));
        }
        if text.contains(':') && !text.contains(char::is_whitespace) {
            return NaiveTime::parse_from_str(text, "%H:%M")
                .map(Schedule::DailyAt)
                .map_err(|_| {
                    format!(
                        "`{}` is not a time of day; write it as HH:MM, such as 09:00 or 18:30",
                        echo_within(text, 40)
                    )
                });
        }
        let shown = echo_within(text, 40);
        if text.starts_with('@') {
            return Err(format!(
                "`{shown}` is a crontab nickname, which prepbot does not take; write a time \
                 (HH:MM, such as 09:00) or a cron schedule ({CRON_FORM})"
            ));
        }
        // Of the wrong number of fields for cron, the text may have been
        // meant as either form, so the message names both.
        let fields = text.split_whitespace().count();
        if !(5..=7).contains(&fields) {
            return Err(match fields {
                1 => format!(
                    "`{shown}` is neither a time (HH:MM, such as 09:00) nor a cron schedule ({CRON_FORM})"
                ),
                n => format!(
                    "`{shown}` is neither a time (HH:MM, such as 09:00) nor a cron schedule: it \
                     has {n} fields, and a cron schedule has {CRON_FORM}"
                ),
            });
        }
        let expression = to_cron_crate(text)
            .map_err(|problem| format!("`{}`: {problem}", echo_within(text, 60)))?;
        Self::cron(text, &expression)
    }

    fn cron(text: &str, expression: &str) -> Result<Self, String> {
        let schedule = cron::Schedule::from_str(expression).map_err(|error| {
            format!(
                "`{}` is not a cron schedule ({CRON_FORM}): {error}",
                echo_within(text, 60)
            )
        })?;
        Ok(Schedule::Cron {
            expression: text.to_owned(),
            schedule: Box::new(schedule),
        })
    }

    /// The first firing strictly after `after`, or `None` for a schedule
    /// that never fires.
    pub fn next_after(&self, after: DateTime<Utc>, zone: Timezone) -> Option<Firing> {
        let tz = zone.tz();
        let local_after = after.with_timezone(&tz).naive_local();
        // Walk wall-clock candidates from a little before `after` (a time
        // moved forward by a gap can land after it) and keep the first that
        // resolves to an instant after `after`.
        let start = local_after - Duration::hours(3);
        let limit = local_after + Duration::days(SEARCH_DAYS);
        self.wall_clock_times_from(start)
            .take_while(|wall| *wall <= limit)
            .map(|wall| Firing {
                at: resolve(tz, wall),
                local_date: wall.date(),
            })
            .find(|firing| firing.at > after)
    }

    /// Wall-clock times this schedule names, in order, from `start` on.
    fn wall_clock_times_from(
        &self,
        start: NaiveDateTime,
    ) -> Box<dyn Iterator<Item = NaiveDateTime> + '_> {
        match self {
            Schedule::DailyAt(time) => {
                let first = start.date().and_time(*time);
                let first = if first >= start {
                    first
                } else {
                    first + Duration::days(1)
                };
                Box::new((0..).map(move |day| first + Duration::days(day)))
            }
            // cron iterates in a zone of its own; in UTC its times are plain
            // wall-clock times, which `resolve` then places in the real zone.
            Schedule::Cron { schedule, .. } => {
                let from = start.and_utc() - Duration::seconds(1);
                Box::new(schedule.after(&from).map(|at| at.naive_utc()))
            }
        }
    }
}

/// The instant of a wall-clock time in `tz`: its first occurrence when the
/// clock repeats it, the end of the gap when the clock skips it.
pub(crate) fn resolve<Z: TimeZone>(tz: Z, wall: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = wall;
    loop {
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(at) => return at.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            // Skipped: the first valid minute after it is the moment the
            // clock jumped. Gaps are at most a few hours.
            LocalResult::None => probe += Duration::minutes(1),
        }
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::DailyAt(time) => write!(f, "{}", time.format("%H:%M")),
            Schedule::Cron { expression, .. } => f.write_str(expression),
        }
    }
}

impl FromStr for Schedule {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Schedule::parse(text)
    }
}
