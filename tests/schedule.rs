//! Daily schedules in their own time zones: normal days, the nights when
//! clocks jump, and bad input.

use chrono::{DateTime, Utc};
use prepbot::domain::Timezone;
use prepbot::domain::schedule::Schedule;

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

/// The next `count` firings after `after`, as (UTC instant, local date).
fn firings(schedule: &str, zone: &str, after: &str, count: usize) -> Vec<(String, String)> {
    let schedule = Schedule::parse(schedule).expect("a valid schedule");
    let zone = Timezone::parse(zone).expect("a valid zone");
    let mut at = utc(after);
    let mut out = Vec::new();
    for _ in 0..count {
        let firing = schedule.next_after(at, zone).expect("it fires");
        out.push((
            firing.at.format("%Y-%m-%dT%H:%MZ").to_string(),
            firing.local_date.to_string(),
        ));
        at = firing.at;
    }
    out
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_daily_time_fires_at_that_local_time_every_day() {
    assert_eq!(
        firings("09:00", "Europe/Berlin", "2026-11-27T12:00:00Z", 2),
        pairs(&[
            ("2026-11-28T08:00Z", "2026-11-28"),
            ("2026-11-29T08:00Z", "2026-11-29")
        ])
    );
}

#[test]
fn the_firing_at_exactly_the_current_instant_is_not_next() {
    assert_eq!(
        firings("09:00", "UTC", "2026-11-28T09:00:00Z", 1),
        pairs(&[("2026-11-29T09:00Z", "2026-11-29")])
    );
}

#[test]
fn new_york_spring_forward_fires_a_skipped_time_once_when_the_gap_ends() {
    // 02:30 does not exist on 2026-03-08: the clock jumps from 02:00 EST to
    // 03:00 EDT (07:00 UTC).
    let expected = pairs(&[
        ("2026-03-07T07:30Z", "2026-03-07"),
        ("2026-03-08T07:00Z", "2026-03-08"),
        ("2026-03-09T06:30Z", "2026-03-09"),
    ]);
    assert_eq!(
        firings("02:30", "America/New_York", "2026-03-07T00:00:00Z", 3),
        expected
    );
    assert_eq!(
        firings("30 2 * * *", "America/New_York", "2026-03-07T00:00:00Z", 3),
        expected
    );
}

#[test]
fn new_york_fall_back_fires_a_repeated_time_once() {
    // 01:30 happens twice on 2026-11-01: EDT (05:30 UTC), then EST (06:30).
    let expected = pairs(&[
        ("2026-10-31T05:30Z", "2026-10-31"),
        ("2026-11-01T05:30Z", "2026-11-01"),
        ("2026-11-02T06:30Z", "2026-11-02"),
    ]);
    assert_eq!(
        firings("01:30", "America/New_York", "2026-10-31T00:00:00Z", 3),
        expected
    );
    assert_eq!(
        firings("30 1 * * *", "America/New_York", "2026-10-31T00:00:00Z", 3),
        expected
    );
}

#[test]
fn berlin_spring_forward_fires_a_skipped_time_once_when_the_gap_ends() {
    // 02:00 CET jumps to 03:00 CEST (01:00 UTC) on 2026-03-29.
    assert_eq!(
        firings("02:15", "Europe/Berlin", "2026-03-28T00:00:00Z", 3),
        pairs(&[
            ("2026-03-28T01:15Z", "2026-03-28"),
            ("2026-03-29T01:00Z", "2026-03-29"),
            ("2026-03-30T00:15Z", "2026-03-30"),
        ])
    );
}

#[test]
fn sydney_autumn_change_fires_a_repeated_time_once() {
    // On 2026-04-05, 03:00 AEDT goes back to 02:00 AEST: 02:30 happens at
    // 15:30 UTC (AEDT) and again at 16:30 UTC (AEST) on the 4th.
    assert_eq!(
        firings("02:30", "Australia/Sydney", "2026-04-03T00:00:00Z", 3),
        pairs(&[
            ("2026-04-03T15:30Z", "2026-04-04"),
            ("2026-04-04T15:30Z", "2026-04-05"),
            ("2026-04-05T16:30Z", "2026-04-06"),
        ])
    );
}

#[test]
fn a_time_outside_any_gap_keeps_its_local_hour_across_the_change() {
    // 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer.
    assert_eq!(
        firings("09:00", "America/New_York", "2026-03-07T00:00:00Z", 3),
        pairs(&[
            ("2026-03-07T14:00Z", "2026-03-07"),
            ("2026-03-08T13:00Z", "2026-03-08"),
            ("2026-03-09T13:00Z", "2026-03-09"),
        ])
    );
}

#[test]
fn a_cron_schedule_can_pick_weekdays_and_several_times_a_day() {
    // Weekdays at 09:00 and 17:00; 2026-11-27 is a Friday.
    assert_eq!(
        firings("0 9,17 * * Mon-Fri", "UTC", "2026-11-27T10:00:00Z", 3),
        pairs(&[
            ("2026-11-27T17:00Z", "2026-11-27"),
            ("2026-11-30T09:00Z", "2026-11-30"),
            ("2026-11-30T17:00Z", "2026-11-30"),
        ])
    );
    assert!(
        Schedule::parse("0 0 9 * * *").is_ok(),
        "six fields, seconds first"
    );
}

#[test]
fn bad_schedules_say_what_is_wrong() {
    let error = |text: &str| Schedule::parse(text).unwrap_err();
    assert_eq!(
        error("25:00"),
        "`25:00` is not a time of day; write it as HH:MM, such as 09:00 or 18:30"
    );
    assert_eq!(
        error("9am"),
        "`9am` is neither a time (HH:MM, such as 09:00) nor a cron schedule (5 fields: minute hour \
         day-of-month month day-of-week, such as \"0 9 * * 1-5\" for 09:00 on weekdays; a seconds \
         field may come first and a year last)"
    );
    assert_eq!(
        error("61 9 * * *"),
        "`61 9 * * *`: the minute field `61` has the value 61 outside 0 to 59"
    );
    assert_eq!(
        error("0 9 * * 5#3"),
        "`0 9 * * 5#3`: the day-of-week field `5#3` uses `#`; fields take numbers, names, ranges (1-5), lists (1,3) and steps (*/2)"
    );
}

#[test]
fn a_schedule_that_never_fires_says_so() {
    let never = Schedule::parse("0 9 30 2 *").unwrap(); // 30 February
    assert_eq!(
        never.next_after(utc("2026-01-01T00:00:00Z"), Timezone::default()),
        None
    );
}

#[test]
fn schedules_print_as_written() {
    assert_eq!(Schedule::parse("9:05").unwrap().to_string(), "09:05");
    assert_eq!(
        Schedule::parse("0 9 * * Mon").unwrap().to_string(),
        "0 9 * * Mon"
    );
}
