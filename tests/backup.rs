//! Backups taken while members grade, and restores that refuse to replace
//! a database a running prepbot holds.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use prepbot::domain::{Grade, Mode};
use prepbot::engine::GradeInput;
use prepbot::store::backup::{self, RestoreRefused};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _};
use support::{member, spawn_app, utc};

/// The card ids of the attempts stored in the database at `path`.
async fn attempt_cards(path: &std::path::Path) -> Vec<i64> {
    let mut connection = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let cards = sqlx::query_scalar("SELECT card_id FROM attempts ORDER BY card_id")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    cards
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_members_grade_passes_its_check_and_holds_every_grade_acknowledged_before_it()
 {
    let app = spawn_app(utc("2026-12-01T12:00:00Z")).await;
    let database = app.dir.path().join("prepbot.db");
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut graders = Vec::new();
    for n in 0..4 {
        let engine = app.engine.clone();
        let acknowledged = acknowledged.clone();
        let stop = stop.clone();
        graders.push(tokio::spawn(async move {
            let who = member("g1", &format!("member{n}"));
            while !stop.load(Ordering::Relaxed) {
                let card = engine
                    .quiz(&who, None, None, Mode::Flashcard)
                    .await
                    .unwrap();
                engine
                    .grade(&who, card.id, GradeInput::Grade(Grade::Good))
                    .await
                    .unwrap();
                acknowledged.lock().unwrap().push(card.id.0);
            }
        }));
    }
    // Let some grades land, then back up with the graders still going.
    while acknowledged.lock().unwrap().len() < 40 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before: Vec<i64> = acknowledged.lock().unwrap().clone();
    let target = app.dir.path().join("copy.db");
    let report = backup::backup(&database, &target).await.unwrap();
    let after_backup = acknowledged.lock().unwrap().len();
    stop.store(true, Ordering::Relaxed);
    for grader in graders {
        grader.await.unwrap();
    }
    assert!(report.bytes > 0);
    assert!(
        after_backup > before.len(),
        "grading went on during the backup"
    );
    backup::check_integrity(&target).await.unwrap();
    let copied = attempt_cards(&target).await;
    let missing: Vec<&i64> = before.iter().filter(|c| !copied.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not in the backup: {missing:?}"
    );
    assert!(
        !target.with_extension("db.partial").exists(),
        "no partial copy left"
    );

    // A backup never overwrites a file.
    let again = backup::backup(&database, &target).await.unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
}

#[tokio::test]
async fn a_restore_is_refused_while_prepbot_holds_the_database_and_keeps_the_one_it_replaces() {
    let app = spawn_app(utc("2026-12-01T12:00:00Z")).await;
    let folder = tempfile::tempdir().unwrap();
    let database = app.dir.path().join("prepbot.db");
    let ada = member("g1", "ada");
    app.practise(&ada, Grade::Good).await;
    let saved = folder.path().join("one-grade.db");
    backup::backup(&database, &saved).await.unwrap();
    app.practise(&ada, Grade::Good).await;

    let keep = folder.path().join("previous.db");
    let refused = backup::restore(&saved, &database, &keep).await.unwrap_err();
    assert!(matches!(refused, RestoreRefused::InUse(_)), "{refused}");
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 2);

    // Once prepbot has stopped, the restore goes through.
    let dir = app.dir;
    app.engine.store().close().await;
    drop(app.engine);
    let restored = backup::restore(&saved, &database, &keep).await.unwrap();
    assert_eq!(restored.previous.as_deref(), Some(keep.as_path()));
    assert_eq!(
        attempt_cards(&database).await.len(),
        1,
        "the backup's one grade"
    );
    assert_eq!(
        attempt_cards(&keep).await.len(),
        2,
        "the replaced database kept"
    );
    let reopened = support::spawn_app_at(&database, utc("2026-12-01T13:00:00Z")).await;
    assert_eq!(reopened.engine.streak(&ada).await.unwrap().current, 1);
    drop(dir);
}
