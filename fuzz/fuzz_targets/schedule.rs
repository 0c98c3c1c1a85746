//! Fuzzes the daily-question schedule: `HH:MM` and cron text as an admin
//! types it, read in any IANA time zone (or text typed as one), from any
//! instant between 1970 and 2200.
//!
//! The input is lines: the schedule; the zone as typed (when it is none, a
//! tz database zone picked by its length); the instant to look from, in
//! seconds since 1970 (taken modulo 230 years); the day's start hour.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use prepbot::domain::cron_fields::to_cron_crate;
use prepbot::domain::schedule::Schedule;
use prepbot::domain::timezone::{DayStartHour, Timezone};

/// 1970 to 2200, in seconds.
const SPAN: i64 = 230 * 365 * 86_400;

fuzz_target!(|text: &str| {
    let mut lines = text.split('\n');
    let mut next = || lines.next().unwrap_or_default();
    let typed_schedule = next();
    let zone_text = next();
    let after_text = next();
    let day_start = next();
    let zone = match Timezone::parse(zone_text) {
        Ok(zone) => {
            // A zone prints as its IANA name, which reads back the same.
            assert_eq!(Timezone::parse(&zone.to_string()), Ok(zone));
            zone
        }
        Err(message) => {
            assert!(!message.is_empty());
            let names = chrono_tz::TZ_VARIANTS;
            let tz = names[zone_text.len() % names.len()];
            Timezone::parse(tz.name()).expect("every tz database name is a zone")
        }
    };
    let _ = Timezone::looks_like_zone(zone_text);
    let _ = Timezone::means_workspace(zone_text);
    if let Ok(hour) = day_start.trim().parse::<u32>() {
        assert_eq!(DayStartHour::new(hour).is_ok(), hour < 24);
    }
    let _ = to_cron_crate(typed_schedule);

    let Ok(schedule) = Schedule::parse(typed_schedule) else {
        return;
    };
    // What a schedule prints (and is stored as) reads back as it.
    let shown = schedule.to_string();
    let again = Schedule::parse(&shown).expect("a schedule's own text parses");
    assert_eq!(again.to_string(), shown);

    let seconds = after_text
        .trim()
        .parse::<i64>()
        .map_or(1_764_547_200, |n| n.rem_euclid(SPAN));
    let after = DateTime::<Utc>::from_timestamp(seconds, 0).expect("in range");
    if let Some(firing) = schedule.next_after(after, zone) {
        // The next firing is after the instant asked about, and asking
        // again from it moves on.
        assert!(firing.at > after, "{firing:?} not after {after}");
        if let Some(next) = schedule.next_after(firing.at, zone) {
            assert!(next.at > firing.at);
            assert!(next.local_date >= firing.local_date);
        }
        // The date a firing is claimed under is never after its own
        // local date (a wall-clock time in a gap moves forward only).
        let local = firing.at.with_timezone(&zone.tz()).date_naive();
        assert!(firing.local_date <= local, "{firing:?} in {zone}");
    }
});
