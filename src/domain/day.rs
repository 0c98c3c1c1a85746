//! A member's practice day: the calendar day in their time zone, starting at
//! the day-start hour rather than at midnight.
//!
//! With the default start of 04:00, practice at 01:30 on Tuesday counts for
//! Monday. The shift is applied to local wall-clock time, so the boundary
//! stays at 04:00 local across daylight-saving changes.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::schedule::resolve;
use super::timezone::{DayStartHour, Timezone};

/// The practice day that `instant` falls in for someone in `zone`.
pub fn practice_day(instant: DateTime<Utc>, zone: Timezone, day_start: DayStartHour) -> NaiveDate {
    let wall_clock = instant.with_timezone(&zone.tz()).naive_local();
    (wall_clock - Duration::hours(i64::from(day_start.hour()))).date()
}

/// The instant a practice day begins in `zone`: the day-start hour on that
/// date, or the end of the gap when daylight saving skips that hour.
pub fn day_begins(day: NaiveDate, zone: Timezone, day_start: DayStartHour) -> DateTime<Utc> {
    let wall = day.and_hms_opt(day_start.hour(), 0, 0).unwrap_or_default();
    resolve(zone.tz(), wall)
}

/// When a change of time zone from `old` to `new`, asked for at `asked`,
/// takes effect: at the first day start in the new zone that is not before
/// the end of the member's current day in the old one.
///
/// So the day in progress is finished in the old zone, and the new zone
/// begins with a whole day of its own: a zone change never creates or
/// fills a practice day, and days stay at least a day's length apart.
pub fn zone_change_takes_effect(
    asked: DateTime<Utc>,
    old: Timezone,
    new: Timezone,
    day_start: DayStartHour,
) -> DateTime<Utc> {
    let old_day = practice_day(asked, old, day_start);
    let old_day_ends = day_begins(old_day + Duration::days(1), old, day_start);
    let new_day = practice_day(old_day_ends, new, day_start);
    let begins = day_begins(new_day, new, day_start);
    if begins >= old_day_ends {
        begins
    } else {
        day_begins(new_day + Duration::days(1), new, day_start)
    }
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
    fn a_zone_change_waits_for_the_old_day_to_end_and_a_new_day_to_begin() {
        let four = DayStartHour::default();
        let new_york = Timezone::parse("America/New_York").unwrap();
        let tokyo = Timezone::parse("Asia/Tokyo").unwrap();
        // 22:00 on March 3 in New York (EST): that day ends at 04:00 on the
        // 4th New York time (09:00 UTC, 18:00 in Tokyo), and Tokyo's next
        // day begins at 04:00 on the 5th, Tokyo time.
        let asked = utc("2026-03-04T03:00:00Z");
        assert_eq!(
            zone_change_takes_effect(asked, new_york, tokyo, four),
            utc("2026-03-04T19:00:00Z")
        );
        // Going west, Los Angeles' next day start after Tokyo's day ends.
        let los_angeles = Timezone::parse("America/Los_Angeles").unwrap();
        assert_eq!(
            zone_change_takes_effect(utc("2026-03-04T04:00:00Z"), tokyo, los_angeles, four),
            utc("2026-03-05T12:00:00Z")
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
