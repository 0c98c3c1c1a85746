//! Shared by the engine tests: an app on a fresh SQLite file and a clock
//! that stands still until told to move.

#![allow(dead_code)] // each test binary uses its own share of these helpers

pub mod both_stores;
pub mod downtime;
pub mod interview;
pub mod labelled;

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use prepbot::app::App;
use prepbot::config::Settings;
use prepbot::domain::{Grade, Mode};
use prepbot::engine::{
    Card, Engine, GradeInput, ManualClock, MemberRef, Outcome, Platform, WorkspaceRef,
};
use tempfile::TempDir;

pub struct TestApp {
    pub engine: Arc<Engine>,
    pub clock: Arc<ManualClock>,
    /// Holds the database file; dropped with the test.
    pub dir: TempDir,
}

/// An app on its own database in a temporary folder, the shipped bank, and
/// the clock at `start`.
pub async fn spawn_app(start: DateTime<Utc>) -> TestApp {
    spawn_app_with(start, |_| {}).await
}

pub async fn spawn_app_with(start: DateTime<Utc>, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = dir.path().join("prepbot.db");
    build(dir, &database, start, None, adjust).await
}

/// As `spawn_app_with`, sending `judge_key` to the LLM judge if the
/// settings configure one.
pub async fn spawn_app_with_key(
    start: DateTime<Utc>,
    judge_key: &str,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = dir.path().join("prepbot.db");
    let key = Some(prepbot::config::Secret::new(judge_key));
    build(dir, &database, start, key, adjust).await
}

/// An app on an existing database file (for upgrade tests).
pub async fn spawn_app_at(database: &std::path::Path, start: DateTime<Utc>) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    build(dir, database, start, None, |_| {}).await
}

/// The app on `database` with the shipped bank, its settings adjusted.
async fn build(
    dir: TempDir,
    database: &std::path::Path,
    start: DateTime<Utc>,
    judge_key: Option<prepbot::config::Secret>,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings::default();
    settings.database.path = database.to_owned();
    settings.bank.questions_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questions").into();
    adjust(&mut settings);
    let clock = Arc::new(ManualClock::new(start));
    let app = App::build_with_key(settings, clock.clone(), judge_key)
        .await
        .expect("the app builds");
    TestApp {
        engine: app.engine,
        clock,
        dir,
    }
}

pub fn utc(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

/// The instant of a local wall-clock time in `zone`; for a time that occurs
/// twice (a fall-back night) the first.
pub fn local(zone: &str, wall_clock: &str) -> DateTime<Utc> {
    let zone: Tz = zone.parse().expect("a zone");
    let naive =
        NaiveDateTime::parse_from_str(wall_clock, "%Y-%m-%d %H:%M").expect("YYYY-MM-DD HH:MM");
    zone.from_local_datetime(&naive)
        .earliest()
        .expect("a time that exists")
        .with_timezone(&Utc)
}

pub fn workspace(id: &str) -> WorkspaceRef {
    WorkspaceRef {
        platform: Platform::Discord,
        external_id: id.to_owned(),
        name: format!("server {id}"),
    }
}

pub fn member(workspace_id: &str, name: &str) -> MemberRef {
    MemberRef {
        workspace: workspace(workspace_id),
        external_id: format!("id-{name}"),
        display_name: name.to_owned(),
    }
}

impl TestApp {
    pub fn set_time(&self, instant: DateTime<Utc>) {
        self.clock.set(instant);
    }

    pub async fn quiz(&self, who: &MemberRef, topic: Option<&str>) -> Card {
        self.engine
            .quiz(who, topic, None, Mode::Flashcard)
            .await
            .expect("a quiz card")
    }

    /// Draws a quiz card and grades it.
    pub async fn practise(&self, who: &MemberRef, grade: Grade) -> Outcome {
        let card = self.quiz(who, None).await;
        self.engine
            .grade(who, card.id, GradeInput::Grade(grade))
            .await
            .expect("the grade is recorded")
    }

    /// Runs one SQL count against the test's database.
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(self.engine.store().pool())
            .await
            .expect("the count runs")
    }
}
