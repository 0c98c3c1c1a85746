//! How many points a graded attempt earns, and the periods it counts in.
//!
//! Points reward practice, not self-assessment: an honest "again" on a
//! flashcard earns the same as "easy". Only choice cards, which are marked
//! objectively, earn less for a wrong pick. The first graded attempt at a
//! question in a context counts: a daily card once per member, a quiz
//! question once ever, a review once per day.

use chrono::{Datelike, NaiveDate};

use crate::domain::Context;

pub const DAILY_POINTS: i64 = 10;
pub const QUIZ_POINTS: i64 = 5;
pub const QUIZ_WRONG_CHOICE_POINTS: i64 = 2;
pub const REVIEW_POINTS: i64 = 2;

/// Points for a first attempt in `context`; `correct` is set for choice
/// cards only.
pub fn points_for(context: Context, correct: Option<bool>) -> i64 {
    let wrong = correct == Some(false);
    match context {
        Context::Daily if wrong => DAILY_POINTS / 2,
        Context::Daily => DAILY_POINTS,
        Context::Quiz if wrong => QUIZ_WRONG_CHOICE_POINTS,
        Context::Quiz => QUIZ_POINTS,
        Context::Review => REVIEW_POINTS,
    }
}

/// The tallies a day's points add to: all time, its ISO week, its month.
pub fn period_keys(day: NaiveDate) -> [String; 3] {
    ["all".to_owned(), week_key(day), month_key(day)]
}

pub fn week_key(day: NaiveDate) -> String {
    let week = day.iso_week();
    format!("week:{}-W{:02}", week.year(), week.week())
}

pub fn month_key(day: NaiveDate) -> String {
    format!("month:{}-{:02}", day.year(), day.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_iso_weeks_so_new_year_days_can_belong_to_the_year_before() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(period_keys(day), ["all", "week:2026-W53", "month:2027-01"]);
    }

    #[test]
    fn honest_flashcard_grades_earn_full_points_and_wrong_picks_earn_less() {
        assert_eq!(points_for(Context::Quiz, None), QUIZ_POINTS);
        assert_eq!(
            points_for(Context::Quiz, Some(false)),
            QUIZ_WRONG_CHOICE_POINTS
        );
        assert_eq!(points_for(Context::Daily, Some(true)), DAILY_POINTS);
    }
}
