//! Streak rules, computed from the days a member practised.
//!
//! - A streak counts practice days in a row. It is live if the member
//!   practised today or yesterday (today is not over, so not yet missed).
//! - Each missed day spends a freeze if one is left; otherwise the streak
//!   resets. A freeze is earned at every 7th day of a run, holding at most 2.
//! - The best streak is kept.
//! - A day an admin excused (prepbot itself was down; see `streak_story`)
//!   is neither missed nor practised: it bridges the gap, earns nothing and
//!   adds no day to the run.
//!
//! ```
//! use chrono::NaiveDate;
//! use prepbot::domain::streak::StreakState;
//! let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
//! let state = StreakState::from_days(&[day(1), day(2), day(3)]);
//! assert_eq!(state.at(day(4)).current, 3); // yesterday counts
//! assert_eq!(state.at(day(5)).current, 0); // a missed day, no freeze
//! ```

use chrono::NaiveDate;

/// A freeze is earned at every this-many-th day of a run.
pub const DAYS_PER_FREEZE: u32 = 7;
/// Freezes held at most.
pub const MAX_FREEZES: u32 = 2;

/// The streak as of a member's last practice day: everything needed to tell
/// the streak on any later day without reading the history again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreakState {
    /// Days in the run that ends on `last_day`.
    pub run: u32,
    pub best: u32,
    /// Freezes left after `last_day`.
    pub freezes: u32,
    /// The last day that counts for the streak: practised, or excused.
    pub last_day: Option<NaiveDate>,
    pub days_practised: u32,
}

/// A member's streak as seen on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    pub current: u32,
    pub best: u32,
    pub freezes_left: u32,
    pub practised_today: bool,
    pub days_practised: u32,
    pub last_practice_day: Option<NaiveDate>,
}

impl StreakState {
    /// Replays practice days (in any order, repeats allowed).
    pub fn from_days(days: &[NaiveDate]) -> Self {
        let mut sorted = days.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.into_iter().fold(Self::default(), Self::practised)
    }

    /// Replays practice days in the order they were recorded (a day at or
    /// before the last one changes nothing, as when it was graded) with the
    /// excused days (any order) each folded in before the first practice
    /// day after it. Without excused days this is the snapshot grading
    /// keeps up to date one day at a time.
    pub fn replay(recorded: &[NaiveDate], excused: &[NaiveDate]) -> Self {
        let mut excused = excused.to_vec();
        excused.sort_unstable();
        excused.dedup();
        let mut waiting = excused.into_iter().peekable();
        let mut state = Self::default();
        for &day in recorded {
            while let Some(bridge) = waiting.next_if(|bridge| *bridge < day) {
                state = state.excused(bridge);
            }
            state = state.practised(day);
        }
        waiting.fold(state, Self::excused)
    }

    /// The state after an excused `day`: the days missed before it spend
    /// freezes or reset the run as usual, but the day itself is not missed,
    /// adds nothing to the run and earns no freeze. Before any practice, or
    /// at or before `last_day`, it changes nothing.
    pub fn excused(self, day: NaiveDate) -> Self {
        let Some(last) = self.last_day else {
            return self;
        };
        if day <= last {
            return self;
        }
        let mut next = self;
        let missed = missed_between(last, day);
        if missed <= next.freezes {
            next.freezes -= missed;
        } else {
            next.freezes = 0;
            next.run = 0;
        }
        next.last_day = Some(day);
        next
    }

    /// The state after practising on `day`, which is after `last_day`.
    /// A day at or before `last_day` (a member who moved west can record
    /// "yesterday" again) changes nothing.
    pub fn practised(self, day: NaiveDate) -> Self {
        let mut next = self;
        match self.last_day {
            Some(last) if day <= last => return self,
            Some(last) => {
                let missed = missed_between(last, day);
                if missed <= next.freezes {
                    next.freezes -= missed;
                    next.run += 1;
                } else {
                    next.freezes = 0;
                    next.run = 1;
                }
            }
            None => next.run = 1,
        }
        if next.run.is_multiple_of(DAYS_PER_FREEZE) {
            next.freezes = (next.freezes + 1).min(MAX_FREEZES);
        }
        next.best = next.best.max(next.run);
        next.days_practised += 1;
        next.last_day = Some(day);
        next
    }

    /// The streak on `today`: days missed since the last practice spend
    /// freezes, and a streak they cannot cover is over.
    pub fn at(self, today: NaiveDate) -> Streak {
        let (current, freezes_left) = match self.last_day {
            None => (0, 0),
            Some(last) if last >= today => (self.run, self.freezes),
            Some(last) => {
                let missed = missed_between(last, today);
                if missed <= self.freezes {
                    (self.run, self.freezes - missed)
                } else {
                    (0, 0)
                }
            }
        };
        Streak {
            current,
            best: self.best,
            freezes_left,
            practised_today: self.last_day.is_some_and(|last| last >= today),
            days_practised: self.days_practised,
            last_practice_day: self.last_day,
        }
    }
}

/// Whole days strictly between two days.
pub(crate) fn missed_between(earlier: NaiveDate, later: NaiveDate) -> u32 {
    u32::try_from((later - earlier).num_days() - 1).unwrap_or(0)
}
