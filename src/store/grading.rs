//! The read grading needs, in one round trip: the member, their
//! workspace's zone, the card and the member's review state for its
//! question. Grading is the hottest write path, and with SQLite each
//! statement is a hop to the connection's thread, so one read beats three.

use super::db::{Db, on_dialect};
use anyhow::Context as _;

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

/// One row of the grading read, the same on both databases.
struct GradingRow {
    member_id: i64,
    workspace_id: i64,
    display_name: String,
    timezone: Option<String>,
    next_timezone: Option<String>,
    next_timezone_from: Option<String>,
    leaderboard_opt_out: i64,
    streak_length: i64,
    streak_best: i64,
    streak_freezes: i64,
    last_practice_day: Option<String>,
    days_practised: i64,
    workspace_timezone: Option<String>,
    card_id: Option<i64>,
    card_workspace_id: Option<i64>,
    card_member_id: Option<i64>,
    card_question_id: Option<String>,
    card_context: Option<String>,
    card_mode: Option<String>,
    choice_options: Option<String>,
    card_issued_at: Option<String>,
    card_shown: Option<String>,
    due: Option<String>,
    stability: Option<f64>,
    difficulty: Option<f64>,
    elapsed_days: Option<i64>,
    scheduled_days: Option<i64>,
    reps: Option<i64>,
    lapses: Option<i64>,
    state: Option<i64>,
    last_review: Option<String>,
    introduced_on: Option<String>,
    crammed: bool,
}

/// `None` when the member has never been seen.
#[tracing::instrument(skip_all)]
pub async fn read(
    db: impl Into<Db<'_>>,
    platform: &str,
    workspace_external_id: &str,
    member_external_id: &str,
    card_id: i64,
) -> anyhow::Result<Option<GradingRead>> {
    let row = on_dialect!(db, |conn|
        sqlite: sqlx::query_as!(
            GradingRow,
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
        .fetch_optional(conn)
        .await,
        postgres: sqlx::query_as!(
            GradingRow,
            r#"SELECT m.id AS member_id, m.workspace_id, m.display_name, m.timezone, m.next_timezone,
                      m.next_timezone_from, m.leaderboard_opt_out,
                      m.streak_length, m.streak_best, m.streak_freezes, m.last_practice_day, m.days_practised,
                      w.timezone AS workspace_timezone,
                      c.id AS "card_id?", c.workspace_id AS "card_workspace_id?",
                      c.member_id AS "card_member_id?", c.question_id AS "card_question_id?",
                      c.context AS "card_context?", c.mode AS "card_mode?", c.choice_options AS "choice_options?",
                      c.issued_at AS "card_issued_at?", c.shown AS "card_shown?",
                      r.due AS "due?", r.stability AS "stability?", r.difficulty AS "difficulty?",
                      r.elapsed_days AS "elapsed_days?", r.scheduled_days AS "scheduled_days?", r.reps AS "reps?",
                      r.lapses AS "lapses?", r.state AS "state?", r.last_review AS "last_review?",
                      r.introduced_on AS "introduced_on?",
                      EXISTS (SELECT 1 FROM cram_cards k WHERE k.card_id = c.id) AS "crammed!: bool"
               FROM members m
               JOIN workspaces w ON w.id = m.workspace_id
               LEFT JOIN cards c ON c.id = $4
               LEFT JOIN review_cards r ON r.member_id = m.id AND r.question_id = c.question_id
               WHERE w.platform = $1 AND w.external_id = $2 AND m.external_id = $3"#,
            platform,
            workspace_external_id,
            member_external_id,
            card_id
        )
        .fetch_optional(conn)
        .await,
    )
    .context("reading what grading needs")?;
    Ok(row.map(GradingRow::into_read))
}

impl GradingRow {
    fn into_read(self) -> GradingRead {
        let row = self;
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
        GradingRead {
            member,
            workspace_timezone: row.workspace_timezone,
            card,
            review,
            crammed: row.crammed,
        }
    }
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
/// round trip. On SQLite: three statements sent together. Their parameters are plain
/// `?`, which sqlx binds in order across the statements (numbered ones with
/// gaps would not bind past the first statement), so values that two
/// statements share are bound twice. The `WHERE` conditions skip the parts
/// a grade does not need without a second trip to ask.
#[tracing::instrument(skip_all)]
pub async fn write_effects(
    db: impl Into<Db<'_>>,
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
    let changed = on_dialect!(db, |conn|
        sqlite: sqlx::query(SQL)
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
            .execute(conn)
            .await
            .map(|done| done.rows_affected()),
        // PostgreSQL takes one statement per query with parameters, so the
        // three writes are data-modifying CTEs of one statement, which
        // reports what each changed.
        postgres: sqlx::query_scalar!(
            r#"WITH review AS (
                   INSERT INTO review_cards (member_id, question_id, due, stability, difficulty, elapsed_days,
                                             scheduled_days, reps, lapses, state, last_review, introduced_on)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                   ON CONFLICT (member_id, question_id) DO UPDATE SET
                       due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
                       elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
                       reps = excluded.reps, lapses = excluded.lapses, state = excluded.state,
                       last_review = excluded.last_review
                   RETURNING 1
               ), points AS (
                   INSERT INTO period_points (workspace_id, member_id, period, points)
                   SELECT $13, $1, period, $14 FROM unnest($15::text[]) AS period
                   WHERE $14::bigint > 0
                   ON CONFLICT (member_id, period) DO UPDATE SET points = period_points.points + excluded.points
                   RETURNING 1
               ), streak AS (
                   UPDATE members SET streak_length = $16, streak_best = $17, streak_freezes = $18,
                                      last_practice_day = $19, days_practised = $20
                   WHERE id = $1 AND $21
                   RETURNING 1
               )
               SELECT (SELECT COUNT(*) FROM review) + (SELECT COUNT(*) FROM points)
                      + (SELECT COUNT(*) FROM streak) AS "changed!""#,
            member_id,
            &review.question_id,
            &review.due,
            review.stability,
            review.difficulty,
            review.elapsed_days,
            review.scheduled_days,
            review.reps,
            review.lapses,
            review.state,
            &review.last_review,
            &review.introduced_on,
            effects.workspace_id,
            effects.points,
            &effects.periods[..],
            streak.map(|s| s.length),
            streak.map(|s| s.best),
            streak.map(|s| s.freezes),
            streak.and_then(|s| s.last_practice_day),
            streak.map(|s| s.days_practised),
            streak.is_some()
        )
        .fetch_one(conn)
        .await
        .map(|changed| u64::try_from(changed).unwrap_or_default()),
    )
    .context("saving the review card, points and streak")?;
    // One review card, three tallies when points were earned, one member
    // when the streak moved: anything else means a statement was skipped.
    let expected = 1 + if effects.points > 0 { 3 } else { 0 } + u64::from(streak.is_some());
    anyhow::ensure!(
        changed == expected,
        "saving the grade's effects changed {changed} rows, not {expected}"
    );
    Ok(())
}
