//! The streak rules against an independent day-by-day replay, over random
//! practice histories; and, through the engine, the promise that no
//! sequence of time-zone changes and grades earns days faster than time
//! passes.

mod support;

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use prepbot::domain::streak::StreakState;
use proptest::prelude::*;

/// Walks every calendar day from the first practice to `today`: a practised
/// day extends the streak (and every 7th earns a freeze, at most 2); a missed
/// day before today spends a freeze or ends the streak.
fn replay(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> (u32, u32, u32) {
    let Some(&first) = days.first() else {
        return (0, 0, 0);
    };
    let (mut streak, mut best, mut freezes) = (0u32, 0u32, 0u32);
    let mut day = first;
    while day <= today {
        if days.contains(&day) {
            streak += 1;
            if streak % 7 == 0 {
                freezes = (freezes + 1).min(2);
            }
            best = best.max(streak);
        } else if day < today && streak > 0 {
            if freezes > 0 {
                freezes -= 1;
            } else {
                streak = 0;
            }
        }
        day += Duration::days(1);
    }
    (streak, best, freezes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn the_streak_equals_a_day_by_day_replay(
        offsets in prop::collection::btree_set(0i64..150, 0..120),
        days_after in 0i64..6,
    ) {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let days: BTreeSet<NaiveDate> = offsets.iter().map(|&o| start + Duration::days(o)).collect();
        let last = offsets.iter().max().copied().unwrap_or(0);
        let today = start + Duration::days(last + days_after);
        let ordered: Vec<NaiveDate> = days.iter().copied().collect();
        let streak = StreakState::from_days(&ordered).at(today);
        let (current, best, freezes) = replay(&days, today);
        prop_assert_eq!(streak.current, current, "current");
        prop_assert_eq!(streak.best, best, "best");
        prop_assert_eq!(streak.freezes_left, freezes, "freezes");
        prop_assert_eq!(streak.days_practised as usize, days.len());
        prop_assert_eq!(streak.practised_today, days.contains(&today));
    }
}

/// What a member does next in a zone-hopping history.
#[derive(Debug, Clone)]
enum Step {
    Wait { minutes: i64 },
    MoveTo { zone: usize },
    Grade,
}

/// The furthest zones either way, half- and quarter-hour offsets, and zones
/// with daylight saving in both hemispheres.
const ZONES: &[&str] = &[
    "Etc/GMT+12",
    "Etc/GMT-14",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Sydney",
    "UTC",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1i64..1_500).prop_map(|minutes| Step::Wait { minutes }),
        (0..ZONES.len()).prop_map(|zone| Step::MoveTo { zone }),
        Just(Step::Grade),
        Just(Step::Grade),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_sequence_of_zone_changes_earns_more_days_than_hours_allow(
        start_zone in 0..ZONES.len(),
        // Around the northern spring changes of 2026, where days are short.
        start_minutes in 0i64..(40 * 24 * 60),
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let start = support::utc("2026-03-01T00:00:00Z") + Duration::minutes(start_minutes);
            let app = support::spawn_app(start).await;
            let who = support::member("g1", "ada");
            app.engine.set_timezone(&who, Some(ZONES[start_zone])).await.unwrap();
            let mut now = start;
            // (instant, days practised before, days practised after) per grade.
            let mut grades = Vec::new();
            let mut counted = 0u32;
            for step in &steps {
                match *step {
                    Step::Wait { minutes } => {
                        now += Duration::minutes(minutes);
                        app.set_time(now);
                    }
                    Step::MoveTo { zone } => {
                        app.engine.set_timezone(&who, Some(ZONES[zone])).await.unwrap();
                    }
                    Step::Grade => {
                        let outcome = app.practise(&who, prepbot::domain::Grade::Good).await;
                        grades.push((now, counted, outcome.streak.days_practised));
                        counted = outcome.streak.days_practised;
                    }
                }
            }
            for (i, &(from, before, _)) in grades.iter().enumerate() {
                for &(to, _, after) in &grades[i..] {
                    let hours = (to - from).num_seconds() as f64 / 3600.0;
                    let allowed = (hours / 24.0).ceil() as u32 + 1;
                    assert!(
                        after - before <= allowed,
                        "{} practice days between {from} and {to} ({hours:.1} h); at most {allowed}",
                        after - before
                    );
                }
            }
        });
    }
}
