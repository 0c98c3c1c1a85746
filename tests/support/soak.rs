//! Shared by the kill -9 soaks and the platform fault runs: starting the
//! real `prepbot run` binary on one database, killing it or stopping it
//! cleanly, and the checks on what the database holds at the end (its
//! integrity, its daily posts, its grades, and streaks replayed from the
//! attempts). What counts as "answered" differs by platform, so each soak
//! decides that itself.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use prepbot::domain::streak::StreakState;
use sqlx::Row;

/// A whole number from the environment, or `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {text:?}")),
        Err(_) => default,
    }
}

/// `prepbot run` with the database in `dir`, its errors written to
/// `dir/run-{run}.log`, these settings, and none of the `PREPBOT__`
/// settings of the environment the test runs in.
pub fn start_prepbot(dir: &Path, run: usize, settings: &[(&str, String)]) -> Child {
    let log = std::fs::File::create(dir.join(format!("run-{run}.log"))).expect("a log file");
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("PREPBOT__")) {
        command.env_remove(name);
    }
    command
        .arg("run")
        .env("PREPBOT__DATABASE__PATH", dir.join("prepbot.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .env("PREPBOT__LOGGING__FILTER", "warn")
        .stdout(Stdio::null())
        .stderr(log);
    for (name, value) in settings {
        command.env(name, value);
    }
    command.spawn().expect("prepbot starts")
}

/// SIGKILL: no goodbye, no flush, as a power cut or the OOM killer.
pub fn kill_hard(child: &mut Child) {
    child.kill().expect("prepbot can be killed");
    child.wait().expect("the killed prepbot is reaped");
}

/// Lets `child` run a random 0.2–3 s, kills it with SIGKILL and starts the
/// next run with `start(run)`, `kills` times; returns each run's life.
pub async fn kill_and_restart(
    child: &mut Child,
    kills: u64,
    rng: &mut impl rand::Rng,
    mut start: impl FnMut(usize) -> Child,
) -> Vec<Duration> {
    let mut lifetimes = Vec::new();
    for _ in 0..kills {
        let lifetime = Duration::from_millis(rng.gen_range(200..3_000));
        tokio::time::sleep(lifetime).await;
        kill_hard(child);
        lifetimes.push(lifetime);
        *child = start(lifetimes.len());
    }
    lifetimes
}

/// SIGTERM, then waits for the clean stop.
pub async fn stop_cleanly(child: &mut Child) {
    let pid = child.id().to_string();
    let signalled = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            assert!(status.success(), "prepbot exited with {status}");
            return;
        }
        assert!(Instant::now() < deadline, "prepbot did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The logs of runs `0..=last` in `dir` that hold a panic.
pub fn panics(dir: &Path, last: usize) -> Vec<String> {
    (0..=last)
        .filter_map(|run| {
            let log = std::fs::read_to_string(dir.join(format!("run-{run}.log"))).ok()?;
            log.contains("panicked")
                .then(|| format!("run {run}: {log}"))
        })
        .collect()
}

/// A daily post as stored: local date, status, sends tried, next try and
/// last error.
pub type PostRow = (String, String, i64, Option<String>, Option<String>);

/// A member's streak as stored, and as replayed from their attempts:
/// length, best, freezes, last practice day, days practised.
pub type StreakFigures = (u32, u32, u32, Option<NaiveDate>, u32);

/// What the database holds after a run, read-only.
pub struct Stored {
    pub integrity: String,
    /// Daily posts not marked `sent`.
    pub unsent_posts: i64,
    /// Every attempt: its card and the member's id on the platform.
    pub grades: Vec<(i64, String)>,
    pub members: usize,
    /// Members whose stored streak differs from its replay: (member,
    /// stored, replayed).
    pub streak_mismatches: Vec<(i64, StreakFigures, StreakFigures)>,
    /// The daily posts of channels the caller asked about.
    pub posts_of: HashMap<String, Vec<PostRow>>,
}

impl Stored {
    /// How many times each (card, member) was stored.
    pub fn grade_counts(&self) -> HashMap<(i64, String), usize> {
        let mut counts: HashMap<(i64, String), usize> = HashMap::new();
        for key in &self.grades {
            *counts.entry(key.clone()).or_default() += 1;
        }
        counts
    }

    /// Grades stored more than once.
    pub fn doubled(&self) -> usize {
        self.grade_counts()
            .values()
            .filter(|count| **count > 1)
            .count()
    }
}

/// Reads `dir/prepbot.db` as the last run left it, with the daily posts of
/// `channels`.
pub async fn read_database(dir: &Path, channels: &[String]) -> Stored {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.join("prepbot.db"))
        .read_only(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("the soak's database opens");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    let unsent_posts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM daily_posts WHERE status <> 'sent'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let mut posts_of = HashMap::new();
    for channel in channels {
        let rows: Vec<PostRow> = sqlx::query_as(
            "SELECT p.local_date, p.status, p.send_attempts, p.next_try_at, p.last_error \
             FROM daily_posts p JOIN subscriptions s ON s.id = p.subscription_id \
             WHERE s.channel_id = ?",
        )
        .bind(channel)
        .fetch_all(&pool)
        .await
        .unwrap();
        posts_of.insert(channel.clone(), rows);
    }
    let grades: Vec<(i64, String)> = sqlx::query(
        "SELECT a.card_id, m.external_id FROM attempts a JOIN members m ON m.id = a.member_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .map(|row| (row.get(0), row.get(1)))
    .collect();

    // Streaks: recomputed from the attempts (and any excused days) they
    // must equal what each member's row says.
    let members: Vec<(i64, i64, i64, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT id, streak_length, streak_best, streak_freezes, last_practice_day, days_practised FROM members",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut streak_mismatches = Vec::new();
    for (id, length, best, freezes, last_day, days) in &members {
        let day = |text: String| NaiveDate::parse_from_str(&text, "%Y-%m-%d").unwrap();
        let practised: Vec<NaiveDate> =
            sqlx::query_scalar("SELECT local_day FROM attempts WHERE member_id = ? ORDER BY id")
                .bind(id)
                .fetch_all(&pool)
                .await
                .unwrap()
                .into_iter()
                .map(day)
                .collect();
        let excused: Vec<NaiveDate> =
            sqlx::query_scalar("SELECT day FROM streak_repairs WHERE member_id = ?")
                .bind(id)
                .fetch_all(&pool)
                .await
                .unwrap()
                .into_iter()
                .map(day)
                .collect();
        let replayed = StreakState::replay(&practised, &excused);
        let stored = (
            *length as u32,
            *best as u32,
            *freezes as u32,
            last_day.clone().map(day),
            *days as u32,
        );
        let expected = (
            replayed.run,
            replayed.best,
            replayed.freezes,
            replayed.last_day,
            replayed.days_practised,
        );
        if stored != expected {
            streak_mismatches.push((*id, stored, expected));
        }
    }
    pool.close().await;
    Stored {
        integrity,
        unsent_posts,
        grades,
        members: members.len(),
        streak_mismatches,
        posts_of,
    }
}
