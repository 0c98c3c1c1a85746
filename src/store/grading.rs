//! The read grading needs, in one round trip: the member, their
//! workspace's zone, the card and the member's review state for its
//! question. Grading is the hottest write path, and with SQLite each
//! statement is a hop to the connection's thread, so one read beats three.

use anyhow::Context as _;
use sqlx::SqliteExecutor;

use super::cards::CardRow;
use super::members::{MemberRow, StreakRow};
use super::review_cards::ReviewCardRow;

pub struct GradingRead {
    pub member: MemberRow,
    pub workspace_timezone: Option<String>,
    pub card: Option<CardRow>,
    pub review: Option<ReviewCardRow>,
    /// The card was drawn by `/review cram` (see `engine::cram`).
    pub crammed: bool,
}

/// `None` when the member has never been seen.
#[tracing::instrument(skip_all)]
pub async fn read(
    db: impl SqliteExecutor<'_>,
    platform: &str,
    workspace_external_id: &str,
    member_external_id: &str,
    card_id: i64,
) -> anyhow::Result<Option<GradingRead>> {
    let row = sqlx::query!(
        r#"SELECT m.id AS "member_id!", m.workspace_id, m.display_name, m.timezone, m.next_timezone,
                  m.next_timezone_from, m.leaderboard_opt_out,
                  m.streak_length, m.streak_best, m.streak_freezes, m.last_practice_day, m.days_practised,
                  w.timezone AS workspace_timezone,
                  c.id AS "card_id?", c.workspace_id AS "card_workspace_id?", c.member_id AS card_member_id,
                  c.question_id AS "card_question_id?", c.context AS "card_context?", c.mode AS "card_mode?",
                  c.choice_options, c.issued_at AS "card_issued_at?", c.shown AS card_shown,
                  r.due AS "due?", r.stability AS "stability?", r.difficulty AS "difficulty?",
                  r.elapsed_days AS "elapsed_days?", r.scheduled_days AS "scheduled_days?", r.reps AS "reps?",
                  r.lapses AS "lapses?", r.state AS "state?", r.last_review AS "last_review?",
                  r.introduced_on AS "introduced_on?",
                  EXISTS (SELECT 1 FROM cram_cards k WHERE k.card_id = c.id) AS "crammed!: bool"
           FROM members m
           JOIN workspaces w ON w.id = m.workspace_id
           LEFT JOIN cards c ON c.id = ?4
           LEFT JOIN review_cards r ON r.member_id = m.id AND r.question_id = c.question_id
           WHERE w.platform = ?1 AND w.external_id = ?2 AND m.external_id = ?3"#,
        platform,
        workspace_external_id,
        member_external_id,
        card_id
    )
    .fetch_optional(db)
    .await
    .context("reading what grading needs")?;
    let Some(row) = row else { return Ok(None) };
    let card = match (
        row.card_id,
        row.card_workspace_id,
        row.card_question_id,
        row.card_context,
        row.card_mode,
        row.card_issued_at,
    ) {
        (
            Some(id),
            Some(workspace_id),
            Some(question_id),
            Some(context),
            Some(mode),
            Some(issued_at),
        ) => Some(CardRow {
            id,
            workspace_id,
            member_id: row.card_member_id,
            question_id,
            context,
            mode,
            choice_options: row.choice_options,
            issued_at,
            shown: row.card_shown,
        }),
        _ => None,
    };
    let review = match (
        &card,
        row.due,
        row.stability,
        row.difficulty,
        row.elapsed_days,
        row.scheduled_days,
        row.reps,
        row.lapses,
        row.state,
        row.last_review,
        row.introduced_on,
    ) {
        (
            Some(card),
            Some(due),
            Some(stability),
            Some(difficulty),
            Some(elapsed_days),
            Some(scheduled_days),
            Some(reps),
            Some(lapses),
            Some(state),
            Some(last_review),
            Some(introduced_on),
        ) => Some(ReviewCardRow {
            member_id: row.member_id,
            question_id: card.question_id.clone(),
            due,
            stability,
            difficulty,
            elapsed_days,
            scheduled_days,
            reps,
            lapses,
            state,
            last_review,
            introduced_on,
        }),
        _ => None,
    };
    let member = MemberRow {
        id: row.member_id,
        workspace_id: row.workspace_id,
        display_name: row.display_name,
        timezone: row.timezone,
        next_timezone: row.next_timezone,
        next_timezone_from: row.next_timezone_from,
        leaderboard_opt_out: row.leaderboard_opt_out,
        streak_length: row.streak_length,
        streak_best: row.streak_best,
        streak_freezes: row.streak_freezes,
        last_practice_day: row.last_practice_day,
        days_practised: row.days_practised,
    };
    Ok(Some(GradingRead {
        member,
        workspace_timezone: row.workspace_timezone,
        card,
        review,
        crammed: row.crammed,
    }))
}

/// What a first grade changes besides the attempt itself.
pub struct GradeEffects<'a> {
    pub workspace_id: i64,
    pub review: &'a ReviewCardRow,
    /// Points to add to the member's all-time, week and month tallies
    /// (nothing is added for 0).
    pub points: i64,
    pub periods: &'a [String; 3],
    /// The new streak snapshot, or `None` when the grade did not move it.
    pub streak: Option<StreakRow<'a>>,
}

/// Writes the review card, the points tallies and the streak snapshot in one
/// round trip: three statements sent together. Their parameters are plain
/// `?`, which sqlx binds in order across the statements (numbered ones with
/// gaps would not bind past the first statement), so values that two
/// statements share are bound twice. The `WHERE` conditions skip the parts
/// a grade does not need without a second trip to ask.
#[tracing::instrument(skip_all)]
pub async fn write_effects(
    db: impl SqliteExecutor<'_>,
    effects: &GradeEffects<'_>,
) -> anyhow::Result<()> {
    const SQL: &str = "
        INSERT INTO review_cards (member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
                                  reps, lapses, state, last_review, introduced_on)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (member_id, question_id) DO UPDATE SET
            due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
            elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days, reps = excluded.reps,
            lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review;
        INSERT INTO period_points (workspace_id, member_id, period, points)
        SELECT ?, ?, period, ? FROM (SELECT ? AS period UNION ALL SELECT ? UNION ALL SELECT ?)
        WHERE ? > 0
        ON CONFLICT (member_id, period) DO UPDATE SET points = points + excluded.points;
        UPDATE members SET streak_length = ?, streak_best = ?, streak_freezes = ?, last_practice_day = ?,
                           days_practised = ?
        WHERE id = ? AND ?;";
    let review = effects.review;
    let streak = effects.streak.as_ref();
    let member_id = review.member_id;
    let result = sqlx::query(SQL)
        // review_cards
        .bind(member_id)
        .bind(&review.question_id)
        .bind(&review.due)
        .bind(review.stability)
        .bind(review.difficulty)
        .bind(review.elapsed_days)
        .bind(review.scheduled_days)
        .bind(review.reps)
        .bind(review.lapses)
        .bind(review.state)
        .bind(&review.last_review)
        .bind(&review.introduced_on)
        // period_points
        .bind(effects.workspace_id)
        .bind(member_id)
        .bind(effects.points)
        .bind(&effects.periods[0])
        .bind(&effects.periods[1])
        .bind(&effects.periods[2])
        .bind(effects.points)
        // members
        .bind(streak.map(|s| s.length))
        .bind(streak.map(|s| s.best))
        .bind(streak.map(|s| s.freezes))
        .bind(streak.and_then(|s| s.last_practice_day))
        .bind(streak.map(|s| s.days_practised))
        .bind(member_id)
        .bind(streak.is_some())
        .execute(db)
        .await
        .context("saving the review card, points and streak")?;
    // One review card, three tallies when points were earned, one member
    // when the streak moved: anything else means a statement was skipped.
    let expected = 1 + if effects.points > 0 { 3 } else { 0 } + u64::from(streak.is_some());
    anyhow::ensure!(
        result.rows_affected() == expected,
        "saving the grade's effects changed {} rows, not {expected}",
        result.rows_affected()
    );
    Ok(())
}
