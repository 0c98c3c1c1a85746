//! Preparing for a dated interview: how many days are left, and how many
//! new questions a day `/review` must introduce so that every question of
//! the interview's topics is seen at least once before the date.
//!
//! ```
//! use chrono::NaiveDate;
//! use prepbot::domain::countdown::{new_questions_today, study_days_left};
//! let today = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
//! let interview = NaiveDate::from_ymd_opt(2027, 1, 11).unwrap();
//! assert_eq!(study_days_left(today, interview), 10);
//! // 45 questions unseen at the start of today, 10 days: 5 a day, more than the usual 3.
//! assert_eq!(new_questions_today(3, 45, today, interview), 5);
//! ```

use chrono::NaiveDate;

/// How far ahead an interview date may be set: a date further out is
/// almost certainly a typo (2072 for 2027).
pub const MAX_DAYS_AHEAD: i64 = 730;

/// Practice days left before the interview, today included and the
/// interview's own day excluded (nobody should meet a question for the
/// first time on the morning of the interview). Zero on the day and after.
pub fn study_days_left(today: NaiveDate, interview: NaiveDate) -> i64 {
    (interview - today).num_days().max(0)
}

/// Today's allowance of new questions: the usual `base`, or more when
/// `unseen` questions of the interview's topics (counted as they were at
/// the start of today) cannot all be met before the date at that pace:
/// `ceil(unseen / days left)`. On the interview's day and after, the usual.
pub fn new_questions_today(
    base: u32,
    unseen: usize,
    today: NaiveDate,
    interview: NaiveDate,
) -> u32 {
    let days = study_days_left(today, interview);
    if days == 0 || unseen == 0 {
        return base;
    }
    let days = usize::try_from(days).unwrap_or(usize::MAX);
    let needed = unseen.div_ceil(days);
    base.max(u32::try_from(needed).unwrap_or(u32::MAX))
}

/// Reads an interview date as typed: `YYYY-MM-DD`, neither before `today`
/// nor more than two years after it.
pub fn parse_interview_date(typed: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let typed = typed.trim();
    let date = NaiveDate::parse_from_str(typed, "%Y-%m-%d").map_err(|_| {
        format!(
            "`{}` is not a date; write it as YYYY-MM-DD, such as {}.",
            crate::domain::text::echo(typed),
            (today + chrono::Duration::days(30)).format("%Y-%m-%d")
        )
    })?;
    if date < today {
        return Err(format!(
            "{} has already passed (today is {}); give the date still ahead of you.",
            date.format("%Y-%m-%d"),
            today.format("%Y-%m-%d")
        ));
    }
    if (date - today).num_days() > MAX_DAYS_AHEAD {
        return Err(format!(
            "{} is more than two years away; check the year.",
            date.format("%Y-%m-%d")
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_interview_day_itself_is_not_a_study_day() {
        assert_eq!(study_days_left(day("2027-01-10"), day("2027-01-11")), 1);
        assert_eq!(study_days_left(day("2027-01-11"), day("2027-01-11")), 0);
        assert_eq!(study_days_left(day("2027-01-12"), day("2027-01-11")), 0);
    }

    #[test]
    fn the_budget_grows_only_when_the_usual_pace_would_miss_questions() {
        let today = day("2027-01-01");
        assert_eq!(new_questions_today(5, 20, today, day("2027-01-11")), 5);
        assert_eq!(new_questions_today(1, 21, today, day("2027-01-11")), 3);
        assert_eq!(new_questions_today(1, 7, today, day("2027-01-02")), 7);
        assert_eq!(new_questions_today(2, 7, today, day("2027-01-01")), 2);
        assert_eq!(new_questions_today(2, 0, today, day("2027-01-05")), 2);
    }

    #[test]
    fn dates_in_the_past_too_far_ahead_or_misspelt_are_refused_with_the_reason() {
        let today = day("2026-12-01");
        assert_eq!(
            parse_interview_date(" 2026-12-24 ", today),
            Ok(day("2026-12-24"))
        );
        assert!(
            parse_interview_date("2026-11-30", today)
                .unwrap_err()
                .contains("already passed")
        );
        assert!(
            parse_interview_date("2072-01-01", today)
                .unwrap_err()
                .contains("two years")
        );
        assert!(
            parse_interview_date("24/12/2026", today)
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
    }
}
