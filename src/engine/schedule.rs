//! Spaced repetition with FSRS (the `rs-fsrs` crate): a grade moves a
//! member's card for that question to its next due date.
//!
//! prepbot uses FSRS's long-term scheduler: intervals are whole days, so
//! "again" brings a question back tomorrow rather than in a minute, which
//! suits practice in a chat.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card as FsrsCard, FSRS, Parameters, Rating, State};

use crate::domain::Grade;
use crate::store::review_cards::ReviewCardRow;
use crate::store::time;

fn scheduler() -> FSRS {
    FSRS::new(Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    })
}

fn rating(grade: Grade) -> Rating {
    match grade {
        Grade::Again => Rating::Again,
        Grade::Hard => Rating::Hard,
        Grade::Good => Rating::Good,
        Grade::Easy => Rating::Easy,
    }
}

fn state_number(state: State) -> i64 {
    state as i64
}

fn state_of(number: i64) -> State {
    match number {
        1 => State::Learning,
        2 => State::Review,
        3 => State::Relearning,
        _ => State::New,
    }
}

/// The card after `grade` at `now`; a first grade starts a new card.
pub fn next(
    previous: Option<&ReviewCardRow>,
    member_id: i64,
    question_id: &str,
    grade: Grade,
    now: DateTime<Utc>,
    today: &str,
) -> anyhow::Result<ReviewCardRow> {
    let card = match previous {
        Some(row) => FsrsCard {
            due: time::parse_instant(&row.due)?,
            stability: row.stability,
            difficulty: row.difficulty,
            elapsed_days: row.elapsed_days,
            scheduled_days: row.scheduled_days,
            reps: i32::try_from(row.reps).unwrap_or(i32::MAX),
            lapses: i32::try_from(row.lapses).unwrap_or(i32::MAX),
            state: state_of(row.state),
            last_review: time::parse_instant(&row.last_review)?,
        },
        // Built field by field: `Card::new()` reads the system clock.
        None => FsrsCard {
            due: now,
            last_review: now,
            ..FsrsCard::default()
        },
    };
    let next = scheduler().next(card, now, rating(grade)).card;
    Ok(ReviewCardRow {
        member_id,
        question_id: question_id.to_owned(),
        due: time::instant_text(next.due),
        stability: next.stability,
        difficulty: next.difficulty,
        elapsed_days: next.elapsed_days,
        scheduled_days: next.scheduled_days,
        reps: i64::from(next.reps),
        lapses: i64::from(next.lapses),
        state: state_number(next.state),
        last_review: time::instant_text(now),
        introduced_on: previous.map_or_else(|| today.to_owned(), |row| row.introduced_on.clone()),
    })
}
