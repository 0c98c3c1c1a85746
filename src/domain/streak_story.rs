//! A member's streak told from the start: stretches of practice, missed
//! days a freeze covered, resets, and days an admin excused; and the rule
//! for restoring a streak that prepbot's own downtime broke.
//!
//! The story replays the same rules as `streak::StreakState::replay`, so
//! what it tells always matches the streak members see.
//!
//! ```
//! use chrono::NaiveDate;
//! use prepbot::domain::streak_story::{Chapter, story};
//! let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
//! let told = story(&[day(1), day(2), day(4)], &[], day(5));
//! assert_eq!(told[1], Chapter::Reset { from: day(3), to: day(3), lost: 2, held: 0 });
//! ```

use chrono::{Duration, NaiveDate};

use super::streak::{StreakState, missed_between};

/// One part of a member's streak story, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chapter {
    /// Practice on every day from `from` to `to`; the run stood at `run`
    /// days after it.
    Practised {
        from: NaiveDate,
        to: NaiveDate,
        run: u32,
    },
    /// Days missed, each covered by a freeze; `left` freezes remained.
    Frozen {
        from: NaiveDate,
        to: NaiveDate,
        left: u32,
    },
    /// Days missed with too few freezes (`held`): the run of `lost` days
    /// ended. The last chapter may be a reset still in progress: the days
    /// missed up to yesterday.
    Reset {
        from: NaiveDate,
        to: NaiveDate,
        lost: u32,
        held: u32,
    },
    /// A day an admin excused because prepbot was unavailable.
    Excused { day: NaiveDate },
}

/// The story of a member's streak up to `today` (which is not over, so not
/// yet missed), from their practice days in recorded order and the days
/// excused for them.
pub fn story(recorded: &[NaiveDate], excused: &[NaiveDate], today: NaiveDate) -> Vec<Chapter> {
    let mut excused = excused.to_vec();
    excused.sort_unstable();
    excused.dedup();
    let mut waiting = excused.into_iter().peekable();
    let mut teller = Teller::default();
    for &day in recorded {
        while let Some(bridge) = waiting.next_if(|bridge| *bridge < day) {
            teller.excused(bridge);
        }
        teller.practised(day);
    }
    for bridge in waiting {
        teller.excused(bridge);
    }
    teller.missed_until(today);
    teller.chapters
}

#[derive(Default)]
struct Teller {
    state: StreakState,
    chapters: Vec<Chapter>,
}

impl Teller {
    fn practised(&mut self, day: NaiveDate) {
        if self.state.last_day.is_some_and(|last| day <= last) {
            return;
        }
        let gap = self.missed_until(day);
        self.state = self.state.practised(day);
        let run = self.state.run;
        match self.chapters.last_mut() {
            Some(Chapter::Practised { to, run: at, .. })
                if gap == 0 && *to + Duration::days(1) == day =>
            {
                *to = day;
                *at = run;
            }
            _ => self.chapters.push(Chapter::Practised {
                from: day,
                to: day,
                run,
            }),
        }
    }

    fn excused(&mut self, day: NaiveDate) {
        if self.state.last_day.is_none_or(|last| day <= last) {
            return;
        }
        self.missed_until(day);
        self.state = self.state.excused(day);
        self.chapters.push(Chapter::Excused { day });
    }

    /// Tells the days missed between the last counted day and `day`, and
    /// returns how many there were.
    fn missed_until(&mut self, day: NaiveDate) -> u32 {
        let Some(last) = self.state.last_day.filter(|last| *last < day) else {
            return 0;
        };
        let missed = missed_between(last, day);
        if missed == 0 {
            return 0;
        }
        let from = last + Duration::days(1);
        let to = day - Duration::days(1);
        let held = self.state.freezes;
        self.chapters.push(if missed <= held {
            Chapter::Frozen {
                from,
                to,
                left: held - missed,
            }
        } else {
            Chapter::Reset {
                from,
                to,
                lost: self.state.run,
                held,
            }
        });
        missed
    }
}

/// Why a streak cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The streak has never been reset.
    NoReset,
    /// The last break was restored already (this day was excused).
    AlreadyRestored { day: NaiveDate },
    /// The last reset was not caused by prepbot being unavailable: `up`
    /// are the missed days it was available for most of; `down` the ones
    /// it was not (too few to have caused the reset alone).
    NotDowntime {
        down: Vec<NaiveDate>,
        up: Vec<NaiveDate>,
        held: u32,
    },
}

/// The days to excuse to undo the member's last reset, when prepbot was
/// unavailable (`is_down`) for enough of the missed days that the freezes
/// the member held cover the rest; otherwise why not. Only the last reset
/// counts, and a reset followed by an excused day was restored already.
pub fn days_to_excuse(
    chapters: &[Chapter],
    is_down: impl Fn(NaiveDate) -> bool,
) -> Result<Vec<NaiveDate>, Refusal> {
    let last_break = chapters.iter().rev().find_map(|chapter| match chapter {
        Chapter::Reset { from, to, held, .. } => Some(Ok((*from, *to, *held))),
        Chapter::Excused { day } => Some(Err(*day)),
        _ => None,
    });
    let (from, to, held) = match last_break {
        None => return Err(Refusal::NoReset),
        Some(Err(day)) => return Err(Refusal::AlreadyRestored { day }),
        Some(Ok(reset)) => reset,
    };
    let (down, up): (Vec<NaiveDate>, Vec<NaiveDate>) = from
        .iter_days()
        .take_while(|day| *day <= to)
        .partition(|day| is_down(*day));
    if down.is_empty() || up.len() > held as usize {
        return Err(Refusal::NotDowntime { down, up, held });
    }
    Ok(down)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn days(list: &[u32]) -> Vec<NaiveDate> {
        list.iter().map(|d| day(*d)).collect()
    }

    #[test]
    fn the_story_tells_runs_freezes_resets_and_excused_days_in_order() {
        // Seven days earn a freeze; the 8th is covered by it; the 10th and
        // 11th reset the run; the 14th was excused.
        let practised = days(&[1, 2, 3, 4, 5, 6, 7, 9, 12, 13, 15]);
        let told = story(&practised, &days(&[14]), day(17));
        assert_eq!(
            told,
            vec![
                Chapter::Practised {
                    from: day(1),
                    to: day(7),
                    run: 7
                },
                Chapter::Frozen {
                    from: day(8),
                    to: day(8),
                    left: 0
                },
                Chapter::Practised {
                    from: day(9),
                    to: day(9),
                    run: 8
                },
                Chapter::Reset {
                    from: day(10),
                    to: day(11),
                    lost: 8,
                    held: 0
                },
                Chapter::Practised {
                    from: day(12),
                    to: day(13),
                    run: 2
                },
                Chapter::Excused { day: day(14) },
                Chapter::Practised {
                    from: day(15),
                    to: day(15),
                    run: 3
                },
                Chapter::Reset {
                    from: day(16),
                    to: day(16),
                    lost: 3,
                    held: 0
                },
            ]
        );
    }

    #[test]
    fn the_story_agrees_with_the_streak_replay() {
        let practised = days(&[1, 2, 4, 5, 6, 7, 8, 9, 10, 13]);
        let excused = days(&[3, 11, 12]);
        let state = StreakState::replay(&practised, &excused);
        let told = story(&practised, &excused, day(14));
        assert_eq!(
            told.last(),
            Some(&Chapter::Practised {
                from: day(13),
                to: day(13),
                run: state.run
            })
        );
        assert_eq!(
            state.run, 10,
            "excused days bridge the run without adding to it"
        );
        assert_eq!(state.days_practised, 10);
    }

    #[test]
    fn a_reset_on_days_prepbot_was_down_is_restored_by_excusing_them() {
        let told = story(&days(&[1, 2, 3]), &[], day(6));
        // Missed the 4th and 5th; prepbot was down on both.
        let down = |d: NaiveDate| d == day(4) || d == day(5);
        assert_eq!(days_to_excuse(&told, down), Ok(days(&[4, 5])));
        // After the repair the streak is live again, and a second restore
        // is refused.
        let state = StreakState::replay(&days(&[1, 2, 3]), &days(&[4, 5]));
        assert_eq!(state.at(day(6)).current, 3);
        let told = story(&days(&[1, 2, 3]), &days(&[4, 5]), day(6));
        assert_eq!(
            days_to_excuse(&told, down),
            Err(Refusal::AlreadyRestored { day: day(5) })
        );
    }

    #[test]
    fn a_reset_on_days_prepbot_was_up_is_refused() {
        let told = story(&days(&[1, 2, 3, 6]), &[], day(7));
        let down = |d: NaiveDate| d == day(4);
        assert_eq!(
            days_to_excuse(&told, down),
            Err(Refusal::NotDowntime {
                down: days(&[4]),
                up: days(&[5]),
                held: 0
            })
        );
        assert_eq!(
            days_to_excuse(&story(&days(&[1, 2]), &[], day(4)), |_| false),
            Err(Refusal::NotDowntime {
                down: vec![],
                up: days(&[3]),
                held: 0
            })
        );
        assert_eq!(
            days_to_excuse(&story(&days(&[1, 2]), &[], day(3)), |_| true),
            Err(Refusal::NoReset)
        );
    }

    #[test]
    fn a_freeze_held_covers_the_day_prepbot_was_up() {
        // A week earns a freeze; the 8th (up) and 9th (down) were missed.
        let practised = days(&[1, 2, 3, 4, 5, 6, 7, 10]);
        let told = story(&practised, &[], day(11));
        assert_eq!(days_to_excuse(&told, |d| d == day(9)), Ok(days(&[9])));
        let state = StreakState::replay(&practised, &days(&[9]));
        assert_eq!((state.run, state.freezes), (8, 0));
    }
}
