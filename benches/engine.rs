//! The engine's speed and memory targets, measured in one run:
//!
//! - grades per second through the engine, against a bare sqlx insert of the
//!   same attempt row (target: ratio at least 0.5);
//! - a leaderboard of a workspace with 100,000 members and a year of
//!   attempts (target: p99 under 20 ms);
//! - the streak of a member with three years of history (target: under 1 ms);
//! - peak resident memory of `prepbot console` with the shipped bank
//!   (target: under 30 MB).
//!
//! `cargo bench --bench engine` (a plain binary: it prints a report).

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use prepbot::app::App;
use prepbot::config::Settings;
use prepbot::domain::streak::StreakState;
use prepbot::domain::{Grade, Mode};
use prepbot::engine::{
    CardId, GradeInput, ManualClock, MemberRef, Period, Platform, RankBy, WorkspaceRef,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const GRADES: usize = 1_000;
const BOARD_MEMBERS: i64 = 100_000;
const BOARD_QUERIES: usize = 200;
const STREAK_CALLS: usize = 2_000;

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing
    // and only wants to know that this builds and starts.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    // `cargo bench --bench engine -- grading` runs only the sections whose
    // names contain a given word.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let wanted = |name: &str| {
        filters.is_empty() || filters.iter().any(|filter| name.contains(filter.as_str()))
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("prepbot engine benchmarks (release build, files on this machine's disk)\n");
    if wanted("grading") {
        runtime.block_on(grades_against_bare_inserts());
    }
    if wanted("leaderboard") {
        runtime.block_on(leaderboard_of_a_large_workspace());
    }
    if wanted("streak") {
        runtime.block_on(streak_of_three_years());
    }
    if wanted("memory") {
        console_peak_memory();
    }
}

async fn app_at(folder: &std::path::Path, now: DateTime<Utc>) -> (App, Arc<ManualClock>) {
    let mut settings = Settings::default();
    settings.database.path = folder.join("bench.db");
    settings.bank.questions_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questions").into();
    let clock = Arc::new(ManualClock::new(now));
    (App::build(settings, clock.clone()).await.unwrap(), clock)
}

fn member(workspace: &str, name: &str) -> MemberRef {
    let workspace = WorkspaceRef {
        platform: Platform::Discord,
        external_id: workspace.into(),
        name: workspace.into(),
    };
    MemberRef {
        workspace,
        external_id: name.into(),
        display_name: name.into(),
    }
}

/// Engine grades and bare inserts in alternating rounds, so that drift in
/// the machine's disk speed hits both alike; the median round ratio is
/// reported.
async fn grades_against_bare_inserts() {
    const ROUNDS: usize = 5;
    let now: DateTime<Utc> = "2026-11-28T12:00:00Z".parse().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let engine = app_at(folder.path(), now).await.0.engine;
    let bare_folder = tempfile::tempdir().unwrap();
    let bare = app_at(bare_folder.path(), now).await.0.engine;
    let ada = member("g1", "ada");
    let (mut engine_total, mut bare_total) = (Duration::ZERO, Duration::ZERO);
    let mut ratios = Vec::new();
    for _ in 0..ROUNDS {
        let per_round = GRADES / ROUNDS;
        let mut cards = Vec::with_capacity(per_round);
        let mut bare_cards = Vec::with_capacity(per_round);
        for _ in 0..per_round {
            cards.push(
                engine
                    .quiz(&ada, None, None, Mode::Flashcard)
                    .await
                    .unwrap()
                    .id,
            );
            bare_cards.push(
                bare.quiz(&ada, None, None, Mode::Flashcard)
                    .await
                    .unwrap()
                    .id,
            );
        }
        let started = Instant::now();
        for card in &cards {
            engine
                .grade(&ada, *card, GradeInput::Grade(Grade::Good))
                .await
                .unwrap();
        }
        let engine_time = started.elapsed();
        // The same attempt row, inserted bare into a database of the same
        // schema, one autocommitted statement each.
        let pool = bare.store().pool();
        let started = Instant::now();
        for CardId(card) in &bare_cards {
            sqlx::query(
                "INSERT INTO attempts (card_id, member_id, question_id, context, grade, points, answered_at, local_day)
                 VALUES (?, 1, 'genai-001', 'quiz', 'good', 5, '2026-11-28T12:00:00.000Z', '2026-11-28')",
            )
            .bind(card)
            .execute(pool)
            .await
            .unwrap();
        }
        let bare_time = started.elapsed();
        ratios.push(bare_time.as_secs_f64() / engine_time.as_secs_f64());
        engine_total += engine_time;
        bare_total += bare_time;
    }
    ratios.sort_by(f64::total_cmp);
    let rate = |total: Duration| GRADES as f64 / total.as_secs_f64();
    println!(
        "Grading ({GRADES} sequential grades in {ROUNDS} alternating rounds, synchronous=FULL)"
    );
    println!("  engine grade:      {:>8.0} grades/s", rate(engine_total));
    println!("  bare sqlx insert:  {:>8.0} inserts/s", rate(bare_total));
    println!(
        "  ratio:             {:>8.2}   median of rounds {:?} (target >= 0.5)\n",
        ratios[ROUNDS / 2],
        ratios
            .iter()
            .map(|r| (r * 100.0).round() / 100.0)
            .collect::<Vec<_>>()
    );
}

async fn leaderboard_of_a_large_workspace() {
    let folder = tempfile::tempdir().unwrap();
    let now: DateTime<Utc> = "2026-11-28T12:00:00Z".parse().unwrap();
    // Make the workspace and one member through the engine, then fill in
    // the rest directly, on a connection with the journal off: a year of
    // attempts for 100,000 members through the engine would take hours.
    {
        let (app, _clock) = app_at(folder.path(), now).await;
        app.engine
            .streak(&member("big", "seed-member"))
            .await
            .unwrap();
        app.engine.store().pool().close().await;
    }
    let bulk = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(folder.path().join("bench.db"))
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Off)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Off)
        .pragma("cache_size", "-262144");
    let pool = &sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(bulk)
        .await
        .unwrap();
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut tx = pool.begin().await.unwrap();
    // One shared daily card a day, as a study server's daily post would be.
    let first_day = NaiveDate::from_ymd_opt(2025, 11, 29).unwrap();
    for day in 0..365 {
        sqlx::query(
            "INSERT INTO cards (id, workspace_id, question_id, context, mode, issued_at)
             VALUES (?, 1, ?, 'daily', 'flashcard', ?)",
        )
        .bind(day + 1)
        .bind(format!("genai-{:03}", day % 100 + 1))
        .bind(format!(
            "{}T12:00:00.000Z",
            first_day + chrono::Duration::days(day)
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let mut attempts = 0usize;
    for id in 2..=BOARD_MEMBERS + 1 {
        let last_day = first_day + chrono::Duration::days(rng.gen_range(300..365));
        sqlx::query(
            "INSERT INTO members (id, workspace_id, external_id, display_name, streak_length, streak_best,
                                  streak_freezes, last_practice_day, days_practised, created_at)
             VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, '2025-11-29T00:00:00.000Z')",
        )
        .bind(id)
        .bind(format!("user-{id}"))
        .bind(format!("Member {id}"))
        .bind(rng.gen_range(1..60))
        .bind(rng.gen_range(60..90))
        .bind(rng.gen_range(0..3))
        .bind(last_day.to_string())
        .bind(rng.gen_range(20..200))
        .execute(&mut *tx)
        .await
        .unwrap();
        // A year of practice: 30 distinct days a member, 3 million attempts
        // in all, with the points tallies the engine would have kept; one
        // multi-row statement per member for each table.
        let mut practised = std::collections::BTreeSet::new();
        while practised.len() < 30 {
            practised.insert(rng.gen_range(0..365i64));
        }
        let mut tallies: std::collections::BTreeMap<String, i64> =
            std::collections::BTreeMap::new();
        let mut rows = Vec::with_capacity(practised.len());
        for offset in practised {
            let day = first_day + chrono::Duration::days(offset);
            let points: i64 = [5, 10][rng.gen_range(0..2)];
            rows.push((offset, day, points));
            let week = day.iso_week();
            for key in [
                "all".to_owned(),
                format!("week:{}-W{:02}", week.year(), week.week()),
                format!("month:{}", day.format("%Y-%m")),
            ] {
                *tallies.entry(key).or_default() += points;
            }
        }
        attempts += rows.len();
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO attempts (card_id, member_id, question_id, context, grade, points, answered_at, local_day) ",
        );
        insert.push_values(rows, |mut row, (offset, day, points)| {
            row.push_bind(offset + 1)
                .push_bind(id)
                .push_bind(format!("genai-{:03}", offset % 100 + 1))
                .push_bind("daily")
                .push_bind("good")
                .push_bind(points)
                .push_bind(format!("{day}T12:00:00.000Z"))
                .push_bind(day.to_string());
        });
        insert.build().execute(&mut *tx).await.unwrap();
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO period_points (workspace_id, member_id, period, points) ",
        );
        insert.push_values(tallies, |mut row, (period, points)| {
            row.push_bind(1)
                .push_bind(id)
                .push_bind(period)
                .push_bind(points);
        });
        insert.build().execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    pool.close().await;
    let (app, _clock) = app_at(folder.path(), now).await;
    let engine = app.engine;
    println!(
        "Leaderboard (one workspace: {BOARD_MEMBERS} members, {attempts} attempts over a year; built in {:.0?})",
        started.elapsed()
    );
    let workspace = member("big", "seed-member").workspace;
    for (label, period, by) in [
        ("points, this week", Period::Week, RankBy::Points),
        ("points, this month", Period::Month, RankBy::Points),
        ("points, all time", Period::All, RankBy::Points),
        ("current streaks", Period::All, RankBy::Streak),
    ] {
        let mut times = Vec::with_capacity(BOARD_QUERIES);
        for _ in 0..BOARD_QUERIES {
            let started = Instant::now();
            let board = engine
                .leaderboard(&workspace, period, by, 10)
                .await
                .unwrap();
            times.push(started.elapsed());
            assert_eq!(board.entries.len(), 10, "{label}");
        }
        let (p50, p99) = percentiles(&mut times);
        println!("  top 10 by {label:<20} p50 {p50:>9.3?}  p99 {p99:>9.3?}   (target p99 < 20 ms)");
    }
    println!();
}

async fn streak_of_three_years() {
    let folder = tempfile::tempdir().unwrap();
    let start: DateTime<Utc> = "2023-11-28T12:00:00Z".parse().unwrap();
    let (app, clock) = app_at(folder.path(), start).await;
    let engine = app.engine;
    let ada = member("g1", "ada");
    // Three years of practice on five days out of six, through the engine.
    let mut days = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut day = start;
    while day < start + chrono::Duration::days(3 * 365) {
        if rng.gen_range(0..6) > 0 {
            clock.set(day);
            let card = engine
                .quiz(&ada, None, None, Mode::Flashcard)
                .await
                .unwrap();
            engine
                .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
                .await
                .unwrap();
            days.push(day.date_naive());
        }
        day += chrono::Duration::days(1);
    }
    let mut times = Vec::with_capacity(STREAK_CALLS);
    for _ in 0..STREAK_CALLS {
        let started = Instant::now();
        let streak = engine.streak(&ada).await.unwrap();
        times.push(started.elapsed());
        assert!(streak.days_practised > 700);
    }
    let (p50, p99) = percentiles(&mut times);
    let started = Instant::now();
    let mut replayed = StreakState::default();
    for _ in 0..STREAK_CALLS {
        replayed = std::hint::black_box(StreakState::from_days(std::hint::black_box(&days)));
    }
    let replay = started.elapsed() / STREAK_CALLS as u32;
    println!(
        "Streak (a member with {} practice days over three years)",
        replayed.days_practised
    );
    println!("  engine.streak():            p50 {p50:>9.3?}  p99 {p99:>9.3?}   (target < 1 ms)");
    println!("  full replay from all days:  mean {replay:>8.3?}\n");
}

/// Peak resident memory (VmHWM) of the console after a session of play,
/// read before its input closes.
fn console_peak_memory() {
    let folder = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["console", "--name", "bench"])
        .env("PREPBOT__DATABASE__PATH", folder.path().join("console.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut script = String::new();
    for _ in 0..30 {
        script += "/quiz\n/reveal\ngood\n/quiz choice\na\n";
    }
    script += "/review\n/stats\n/leaderboard all\n/streak\n/topics\n";
    stdin.write_all(script.as_bytes()).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let peak = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap_or("VmHWM: unknown")
        .to_owned();
    drop(stdin);
    child.wait().unwrap();
    println!("Console memory (shipped bank, 150 commands played)");
    println!(
        "  peak resident set: {}   (target < 30 MB)",
        peak.trim_start_matches("VmHWM:").trim()
    );
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |share: f64| {
        times[((times.len() as f64 * share).ceil() as usize)
            .saturating_sub(1)
            .min(times.len() - 1)]
    };
    (at(0.50), at(0.99))
}
