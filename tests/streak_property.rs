//! The streak rules against an independent day-by-day replay, over random
//! practice histories.

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
