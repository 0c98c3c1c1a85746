//! Upgrades keep everyone's data: a database made and filled by the
//! previous migrations is opened by today's prepbot, and every streak,
//! attempt and schedule is still there and still works.

mod support;

use std::path::Path;

use prepbot::engine::GradeInput;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// The migrations as they were before the zone changes.
const BEFORE: &[&str] = &["20261128000001_engine.sql", "20261128000002_daily.sql"];

/// The migrations as they were before cards kept their text.
const BEFORE_CARD_TEXT: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
    "20261201000003_reports.sql",
];

/// The migrations as they were before workspace questions.
const BEFORE_WORKSPACE_QUESTIONS: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
    "20261201000003_reports.sql",
    "20261201000004_card_text.sql",
];

/// The migrations as they were before admins could steer the daily question.
const BEFORE_ADMIN_DAILY: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
    "20261201000003_reports.sql",
    "20261201000004_card_text.sql",
    "20261201000005_workspace_questions.sql",
];

/// The migrations as they were before reports.
const BEFORE_REPORTS: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
];

/// Makes `database` with the migrations `before` only, through sqlx's own
/// migrator (so its bookkeeping is what an older prepbot left), and fills
/// it with a member mid-streak, their attempts and a daily schedule.
async fn populated_with_previous_migrations(database: &Path, before: &[&str]) {
    let old = tempfile::tempdir().unwrap();
    for name in before {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(name),
            old.path().join(name),
        )
        .unwrap();
    }
    let options = SqliteConnectOptions::new()
        .filename(database)
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .connect_with(options)
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(old.path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    sqlx::raw_sql(
        "INSERT INTO workspaces (id, platform, external_id, name, timezone, created_at)
             VALUES (1, 'discord', 'g1', 'study group', 'Europe/Berlin', '2026-11-01T09:00:00.000Z');
         INSERT INTO members (id, workspace_id, external_id, display_name, timezone, streak_length,
                              streak_best, streak_freezes, last_practice_day, days_practised, created_at)
             VALUES (1, 1, 'id-ada', 'ada', 'Asia/Tokyo', 3, 5, 1, '2026-11-27', 9,
                     '2026-11-01T09:00:00.000Z');
         INSERT INTO cards (id, workspace_id, member_id, question_id, context, mode, choice_options, issued_at)
             VALUES (1, 1, 1, 'genai-016', 'quiz', 'flashcard', NULL, '2026-11-25T09:00:00.000Z'),
                    (2, 1, 1, 'genai-017', 'quiz', 'choice',
                     'genai-018,genai-017,genai-019,genai-020', '2026-11-26T09:00:00.000Z');
         INSERT INTO attempts (card_id, member_id, question_id, context, grade, points, answered_at, local_day)
             VALUES (1, 1, 'genai-016', 'quiz', 'good', 5, '2026-11-25T09:00:00.000Z', '2026-11-25');
         INSERT INTO subscriptions (id, workspace_id, channel_id, schedule, timezone, topics,
                                    reveal_after_minutes, enabled, created_at, updated_at)
             VALUES (1, 1, 'c1', '09:00', 'Europe/Berlin', 'llms', 60, 1,
                     '2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z');",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn upgrading_keeps_every_streak_attempt_schedule_and_old_choice_card() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE).await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM subscriptions WHERE schedule = '09:00' AND enabled = 1")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM members WHERE next_timezone_from IS NULL")
            .await,
        1,
        "no zone change waits after the upgrade"
    );
    let ada = support::member("g1", "ada");
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.current, streak.best, streak.days_practised),
        (3, 5, 9),
        "the streak as stored before the upgrade"
    );
    // A card issued before the upgrade, with options stored the old way,
    // still reveals and grades.
    let reveal = app
        .engine
        .reveal(&ada, prepbot::engine::CardId(2))
        .await
        .unwrap();
    assert_eq!(reveal.options.len(), 4);
    assert_eq!(reveal.correct_option, Some(1));
    app.engine
        .grade(&ada, prepbot::engine::CardId(2), GradeInput::Choice(1))
        .await
        .unwrap();
    // 03:00 UTC on the 28th is noon in Tokyo: the streak goes on.
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 4);
    let statuses = app.engine.daily_status(&ada).await.unwrap();
    assert_eq!(statuses.len(), 1, "the schedule survives");
}

#[tokio::test]
async fn upgrading_to_cards_that_keep_their_text_keeps_everything_and_old_cards_follow_the_bank() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_CARD_TEXT).await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM subscriptions").await, 1);
    let ada = support::member("g1", "ada");
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cards WHERE shown IS NULL")
            .await,
        2,
        "cards from before keep no text"
    );
    // An old card follows the bank as it is.
    let reveal = app
        .engine
        .reveal(&ada, prepbot::engine::CardId(1))
        .await
        .unwrap();
    assert_eq!(reveal.since, prepbot::engine::Since::Unchanged);
    assert!(!reveal.answer.is_empty());
    // A new card keeps what it shows.
    app.engine.quiz_question(&ada, "genai-018").await.unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cards WHERE shown LIKE '%self-attention%'")
            .await,
        1
    );
}

#[tokio::test]
async fn upgrading_to_reports_keeps_streaks_attempts_and_schedules_and_takes_reports() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_REPORTS).await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);
    let ada = support::member("g1", "ada");
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.current, streak.best, streak.days_practised),
        (3, 5, 9)
    );
    let statuses = app.engine.daily_status(&ada).await.unwrap();
    assert_eq!(statuses.len(), 1, "the schedule survives");
    assert!(statuses[0].subscription.enabled);

    // The member's last card from before the upgrade is what a report
    // without an id is about.
    let filed = app
        .engine
        .report(
            &ada,
            None,
            prepbot::domain::report::ReportReason::Unclear,
            Some("which options?"),
        )
        .await
        .unwrap();
    assert_eq!(filed.report.question_id, "genai-017");
    assert_eq!(
        filed.report.created_at,
        support::utc("2026-11-28T03:00:00Z")
    );
    let open = app.engine.open_reports(&ada.workspace).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].reporter, "ada");
}

#[tokio::test]
async fn upgrading_to_workspace_questions_keeps_everything_and_takes_new_questions() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_WORKSPACE_QUESTIONS).await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM workspace_questions").await,
        0
    );
    let ada = support::member("g1", "ada");
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 3);
    assert_eq!(app.engine.daily_status(&ada).await.unwrap().len(), 1);

    // The workspace from before the upgrade takes its own questions.
    let draft = prepbot::bank::Draft {
        topic: "llms".into(),
        difficulty: "easy".into(),
        question: "What does a tokenizer hand to the model?".into(),
        answer: "Integer ids of subword pieces.".into(),
        key_points: vec!["integer ids".into(), "subword pieces".into()],
    };
    let added = app.engine.add_question(&ada, &draft).await.unwrap();
    assert_eq!(added.id.as_str(), "ws-1");
    let card = app
        .engine
        .quiz(&ada, Some("ws-1"), None, prepbot::domain::Mode::Flashcard)
        .await
        .unwrap();
    assert_eq!(card.question, draft.question);
}

/// The migrations as they were before reminders.
const BEFORE_REMINDERS: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
    "20261201000003_reports.sql",
    "20261201000004_card_text.sql",
    "20261201000005_workspace_questions.sql",
    "20261201000006_admin_daily.sql",
];

#[tokio::test]
async fn upgrading_to_reminders_keeps_everything_with_reminders_off_until_chosen() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_REMINDERS).await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    let ada = support::member("g1", "ada");
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.current, streak.best, streak.days_practised),
        (3, 5, 9)
    );
    let statuses = app.engine.daily_status(&ada).await.unwrap();
    assert_eq!(statuses.len(), 1, "the schedule survives");
    assert!(statuses[0].subscription.enabled);

    // Off for everyone after the upgrade; a member from before can choose
    // a time, read in their own zone.
    let setting = app.engine.reminder_setting(&ada).await.unwrap();
    assert_eq!(setting.at, None);
    let setting = app.engine.set_reminders(&ada, "07:30").await.unwrap();
    assert_eq!(setting.zone.to_string(), "Asia/Tokyo");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reminder_settings WHERE at = '07:30'")
            .await,
        1
    );
}

/// The migrations as they were before interview dates.
const BEFORE_INTERVIEW_DATES: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
    "20261201000003_reports.sql",
    "20261201000004_card_text.sql",
    "20261201000005_workspace_questions.sql",
    "20261201000006_admin_daily.sql",
    "20261201000007_streak_repairs.sql",
    "20261201000008_reminders.sql",
];

#[tokio::test]
async fn upgrading_to_interview_dates_keeps_everything_and_takes_a_date() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_INTERVIEW_DATES).await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    let ada = support::member("g1", "ada");
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!((streak.current, streak.best), (3, 5));
    assert_eq!(app.engine.daily_status(&ada).await.unwrap().len(), 1);
    assert_eq!(app.engine.interview_countdown(&ada).await.unwrap(), None);

    let countdown = app
        .engine
        .set_interview(&ada, "2026-12-15", Some("llms"))
        .await
        .unwrap();
    // 03:00 UTC on the 28th is noon in Tokyo, ada's zone.
    assert_eq!(countdown.days_left, 17);
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 3);
}

#[tokio::test]
async fn upgrading_to_admin_daily_controls_keeps_posts_streaks_and_schedules_and_pauses_the_old_subscription()
 {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_ADMIN_DAILY).await;
    // A post sent before the upgrade.
    let options = SqliteConnectOptions::new().filename(&database);
    let pool = SqlitePoolOptions::new()
        .connect_with(options)
        .await
        .unwrap();
    sqlx::raw_sql(
        "INSERT INTO daily_posts (subscription_id, local_date, scheduled_at, card_id, status, claimed_at, sent_at, message_id)
             VALUES (1, '2026-11-27', '2026-11-27T08:00:00.000Z', 1, 'sent', '2026-11-27T08:00:00.000Z',
                     '2026-11-27T08:00:01.000Z', 'm1');",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM daily_posts WHERE status = 'sent' AND skip_reason IS NULL")
            .await,
        1,
        "the post from before keeps its status"
    );
    let ada = support::member("g1", "ada");
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.current, streak.best, streak.days_practised),
        (3, 5, 9)
    );
    let statuses = app.engine.daily_status(&ada).await.unwrap();
    assert_eq!(statuses.len(), 1, "the schedule survives");
    assert_eq!(
        statuses[0].next.map(|f| f.at),
        Some(support::utc("2026-11-28T08:00:00Z"))
    );
    assert!(statuses[0].admin_pause.is_none());

    // The subscription from before takes the new controls.
    let until = chrono::NaiveDate::from_ymd_opt(2026, 11, 29);
    let paused = app
        .engine
        .pause_daily(&ada, "c1", until, Some("upgrade weekend"))
        .await
        .unwrap();
    assert_eq!(
        paused.next.map(|f| f.at),
        Some(support::utc("2026-11-30T08:00:00Z"))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_actions").await, 1);
}

/// The migrations as they were before streak repairs and run records.
const BEFORE_STREAK_REPAIRS: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
    "20261201000003_reports.sql",
    "20261201000004_card_text.sql",
    "20261201000005_workspace_questions.sql",
    "20261201000006_admin_daily.sql",
    "20261201000008_reminders.sql",
    "20261201000009_interview_dates.sql",
];

#[tokio::test]
async fn upgrading_to_streak_repairs_keeps_everything_and_counts_no_day_before_it_as_downtime() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_STREAK_REPAIRS).await;

    // Noon on Nov 30 in Tokyo: Ada last practised on the 27th and has one
    // freeze, so missing the 28th and 29th reset her streak.
    let app = support::spawn_app_at(&database, support::utc("2026-11-30T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(
        app.engine
            .daily_status(&support::member("g1", "ada"))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM bot_runs").await, 0);
    let ada = support::member("g1", "ada");
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.current, streak.best, streak.days_practised),
        (0, 5, 9)
    );

    // Nothing is known of prepbot's runs before the upgrade, so no day
    // then counts as downtime and the reset stands.
    let grace = support::member("g1", "grace");
    let refused = app.engine.restore_streak(&grace, &ada, None).await;
    let message = refused.unwrap_err().message_for_people("test");
    assert!(message.contains("has no record of being down"), "{message}");
    assert_eq!(app.count("SELECT COUNT(*) FROM streak_repairs").await, 0);
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.best, streak.days_practised),
        (5, 9),
        "nothing rewritten"
    );
}

/// The migrations as they were before pictures (theme and weekly recaps).
const BEFORE_PICTURES: &[&str] = &[
    "20261128000001_engine.sql",
    "20261128000002_daily.sql",
    "20261201000001_zone_changes.sql",
    "20261201000002_paused_subscriptions.sql",
    "20261201000003_reports.sql",
    "20261201000004_card_text.sql",
    "20261201000005_workspace_questions.sql",
    "20261201000006_admin_daily.sql",
    "20261201000007_streak_repairs.sql",
    "20261201000008_reminders.sql",
    "20261201000009_interview_dates.sql",
];

#[tokio::test]
async fn upgrading_to_pictures_keeps_everything_and_gives_each_channel_a_weekly_recap() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    populated_with_previous_migrations(&database, BEFORE_PICTURES).await;

    let app = support::spawn_app_at(&database, support::utc("2026-11-28T03:00:00Z")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    let ada = support::member("g1", "ada");
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 3);
    assert_eq!(app.engine.daily_status(&ada).await.unwrap().len(), 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM subscriptions WHERE weekly_recap = 1")
            .await,
        1
    );

    // The old attempt shows on the card; the theme starts light.
    let stats = app.engine.stats(&ada).await.unwrap();
    assert_eq!(stats.theme, prepbot::domain::theme::Theme::Light);
    assert!(
        stats
            .day_counts
            .contains(&("2026-11-25".parse().unwrap(), 1))
    );
    app.engine
        .set_theme(&ada, prepbot::domain::theme::Theme::Dark)
        .await
        .unwrap();
    assert_eq!(
        app.engine.stats(&ada).await.unwrap().theme,
        prepbot::domain::theme::Theme::Dark
    );
    // The week before the upgrade can be recapped.
    let recap = app.engine.recap_preview(&ada).await.unwrap();
    assert_eq!(recap.week, "2026-W47");
}

#[test]
fn the_postgres_migrations_have_the_versions_and_names_of_the_sqlite_ones() {
    let names = |migrator: &sqlx::migrate::Migrator| -> Vec<(i64, String)> {
        migrator
            .iter()
            .map(|migration| (migration.version, migration.description.to_string()))
            .collect()
    };
    let sqlite = names(&prepbot::store::MIGRATOR);
    assert_eq!(sqlite.len(), 12, "the SQLite migrations are all there");
    assert_eq!(names(&prepbot::store::POSTGRES_MIGRATOR), sqlite);
}

#[tokio::test]
async fn the_postgres_migrations_make_the_tables_columns_and_indexes_sqlite_has() {
    use support::both_stores::{TestDb, on_both};
    let runs = on_both(
        "the_postgres_migrations_make_the_tables_columns_and_indexes_sqlite_has",
        |db| async move {
            // (table, column, type, may be NULL), the type in SQLite's words.
            type Column = (String, String, String, bool);
            let (columns, indexes): (Vec<Column>, Vec<String>) = match &db {
                TestDb::Sqlite { store, .. } => {
                    let columns = sqlx::query_as(
                        "SELECT m.name, p.name, p.type, p.\"notnull\" = 0 AND p.pk = 0
                         FROM sqlite_master m, pragma_table_info(m.name) p
                         WHERE m.type = 'table' AND m.name NOT LIKE '\\_%' ESCAPE '\\'
                         ORDER BY 1, 2",
                    )
                    .fetch_all(store.pool())
                    .await
                    .unwrap();
                    let indexes = sqlx::query_scalar(
                        "SELECT name FROM sqlite_master
                         WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
                    )
                    .fetch_all(store.pool())
                    .await
                    .unwrap();
                    (columns, indexes)
                }
                TestDb::Postgres { pool, .. } => {
                    let columns = sqlx::query_as(
                        "SELECT table_name::text, column_name::text,
                                (CASE data_type WHEN 'bigint' THEN 'INTEGER' WHEN 'text' THEN 'TEXT'
                                                WHEN 'double precision' THEN 'REAL' ELSE data_type END)::text,
                                is_nullable = 'YES'
                         FROM information_schema.columns
                         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_%'
                         ORDER BY table_name::text COLLATE \"C\", column_name::text COLLATE \"C\"",
                    )
                    .fetch_all(pool)
                    .await
                    .unwrap();
                    // Constraint-backed indexes are named by each database
                    // its own way; the ones the migrations name must match.
                    let indexes = sqlx::query_scalar(
                        "SELECT indexname::text FROM pg_indexes
                         WHERE schemaname = current_schema()
                           AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'
                         ORDER BY indexname::text COLLATE \"C\"",
                    )
                    .fetch_all(pool)
                    .await
                    .unwrap();
                    (columns, indexes)
                }
            };
            assert!(columns.len() > 150, "{} columns", columns.len());
            (columns, indexes)
        },
    )
    .await;
    let (first, expected) = &runs[0];
    for (name, got) in &runs[1..] {
        assert_eq!(got, expected, "{name} differs from {first}");
    }
}
