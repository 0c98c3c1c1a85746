//! A member's practice day: the calendar day in their time zone, starting at
//! the day-start hour rather than at midnight.
//!
//! With the default start of 04:00, practice at 01:30 on Tuesday counts for
//! Monday. The shift is applied to local wall-clock time, so the boundary
//! stays at 04:00 local across daylight-saving changes.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::timezone::{DayStartHour, Timezone};

/// The practice day that `instant` falls in for someone in `zone`.
pub fn practice_day(instant: DateTime<Utc>, zone: Timezone, day_start: DayStartHour) -> NaiveDate {
    let wall_clock = instant.with_timezone(&zone.tz()).naive_local();
    (wall_clock - Duration::hours(i64::from(day_start.hour()))).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn before_the_day_start_hour_counts_for_the_day_before() {
        let berlin = Timezone::parse("Europe/Berlin").unwrap();
        let four = DayStartHour::default();
        // 03:59 and 04:00 Berlin time (CET, UTC+1).
        assert_eq!(
            practice_day(utc("2026-01-15T02:59:00Z"), berlin, four).to_string(),
            "2026-01-14"
        );
        assert_eq!(
            practice_day(utc("2026-01-15T03:00:00Z"), berlin, four).to_string(),
            "2026-01-15"
        );
    }

    #[test]
    fn a_midnight_start_is_the_plain_calendar_day() {
        let utc_zone = Timezone::default();
        let midnight = DayStartHour::new(0).unwrap();
        assert_eq!(
            practice_day(utc("2026-01-15T00:00:00Z"), utc_zone, midnight).to_string(),
            "2026-01-15"
        );
        assert_eq!(
            practice_day(utc("2026-01-14T23:59:59Z"), utc_zone, midnight).to_string(),
            "2026-01-14"
        );
    }
}
