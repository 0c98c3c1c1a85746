//! Faults found by attacking prepbot from outside, each kept from coming
//! back: a write that SQLite rolled back by itself, a database upgraded from
//! the previous migrations, names that would break a board.

mod support;

use prepbot::domain::Grade;
use prepbot::engine::{GradeInput, Period, RankBy};
use support::{member, spawn_app, utc};

/// Makes the next grades fail the way a full disk does: SQLite aborts the
/// statement and rolls the whole transaction back by itself.
async fn arm_rollback_fault(app: &support::TestApp, armed: bool) {
    let pool = app.engine.store().pool();
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS fault_switch (armed INTEGER NOT NULL);
         CREATE TRIGGER IF NOT EXISTS full_disk BEFORE INSERT ON attempts
         WHEN (SELECT armed FROM fault_switch) = 1
         BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END;
         DELETE FROM fault_switch;",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO fault_switch (armed) VALUES (?)")
        .bind(i64::from(armed))
        .execute(pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_write_that_sqlite_rolled_back_by_itself_does_not_break_the_writes_after_it() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    arm_rollback_fault(&app, true).await;
    let card = app.quiz(&ada, None).await;
    let failed = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await;
    assert!(failed.is_err(), "the grade fails while the disk is full");
    arm_rollback_fault(&app, false).await;
    // The pool holds four connections; fifteen grades pass through all of
    // them, and every one must work again.
    for round in 0..15 {
        let card = app.quiz(&ada, None).await;
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
            .await
            .unwrap_or_else(|error| panic!("grade {round} after the fault: {error:#}"));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 15);
    // The grade that failed can be made again, once.
    app.engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 16);
}

#[tokio::test]
async fn a_daily_claim_that_fails_midway_leaves_the_pool_usable() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let pool = app.engine.store().pool();
    sqlx::raw_sql(
        "CREATE TRIGGER full_disk_cards BEFORE INSERT ON cards
         BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END;",
    )
    .execute(pool)
    .await
    .unwrap();
    for _ in 0..5 {
        assert!(
            app.engine
                .quiz(&ada, None, None, prepbot::domain::Mode::Flashcard)
                .await
                .is_err()
        );
    }
    sqlx::raw_sql("DROP TRIGGER full_disk_cards")
        .execute(pool)
        .await
        .unwrap();
    for _ in 0..8 {
        app.practise(&ada, Grade::Good).await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 8);
}

#[tokio::test]
async fn names_are_cleaned_and_cut_where_they_enter_the_engine() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let mut long = member("g1", "x");
    long.display_name = format!("\u{1b}[31m{}\u{7}", "n".repeat(65_536));
    app.practise(&long, Grade::Good).await;
    let board = app
        .engine
        .leaderboard(&long.workspace, Period::All, RankBy::Points, 10)
        .await
        .unwrap();
    let name = &board.entries[0].name;
    assert_eq!(name.chars().count(), prepbot::domain::text::MAX_NAME_CHARS);
    assert!(name.starts_with("[31mnnn") && name.ends_with('…'), "{name}");
    // The same person comes back under the same raw name: still one member.
    app.practise(&long, Grade::Good).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM members").await, 1);
}

#[tokio::test]
async fn an_unknown_topic_is_echoed_short_and_on_one_line() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let typed = format!("cooking\n\u{1b}[2J{}", "z".repeat(100_000));
    let error = app.engine.resolve_topic(&typed).unwrap_err().to_string();
    assert!(error.chars().count() < 120, "{error}");
    assert!(!error.contains(['\n', '\u{1b}']), "{error:?}");
}

/// Found by the load run (`benches/load.rs`): 500 members grading at once
/// queue for the pool's four connections, and sqlx logged a warning for
/// every wait over 2 s, thousands of lines a second. Queued grades must all
/// be stored, and only a wait as long as SQLite's busy timeout is a warning.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_grades_queued_for_the_database_is_all_stored_and_waiting_is_no_warning() {
    let app = spawn_app(utc("2026-11-02T09:00:00Z")).await;
    let grades: Vec<_> = (0..200)
        .map(|i| {
            let engine = app.engine.clone();
            tokio::spawn(async move {
                let who = member("T1", &format!("member {i}"));
                let card = engine
                    .quiz(&who, None, None, prepbot::domain::Mode::Flashcard)
                    .await
                    .expect("a quiz card");
                engine
                    .grade(&who, card.id, GradeInput::Grade(Grade::Good))
                    .await
                    .expect("the grade is recorded")
            })
        })
        .collect();
    for grade in grades {
        grade.await.expect("the grade's task finished");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 200);
    let options = app.engine.store().pool().options();
    assert_eq!(
        options.get_acquire_slow_threshold(),
        prepbot::store::BUSY_TIMEOUT
    );
    assert_eq!(options.get_max_connections(), 4);
}

/// Found by the load run's `locked` phase: with the database busy for
/// longer than SQLite's busy timeout, a grade was refused with "database is
/// locked" and not stored. The write lock is held here for one busy timeout
/// and a second more; a grade begun meanwhile waits and is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grade_waits_out_a_write_lock_held_longer_than_the_busy_timeout_and_is_stored() {
    use sqlx::ConnectOptions as _;
    let app = spawn_app(utc("2026-11-02T09:00:00Z")).await;
    let ada = member("T1", "Ada");
    let card = app.quiz(&ada, None).await;
    let database = app.dir.path().join("prepbot.db");
    let mut holder = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&database)
        .connect()
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    let engine = app.engine.clone();
    let who = ada.clone();
    let grade = tokio::spawn(async move {
        engine
            .grade(&who, card.id, GradeInput::Grade(Grade::Good))
            .await
    });
    tokio::time::sleep(prepbot::store::BUSY_TIMEOUT + std::time::Duration::from_secs(1)).await;
    sqlx::query("COMMIT").execute(&mut holder).await.unwrap();
    let outcome = grade.await.expect("the grade's task finished");
    assert!(outcome.is_ok(), "the grade went through: {outcome:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
}
