//! `/metrics` scrape time on a big database: 10,000 daily subscriptions and
//! 100,000 members, with the counters a busy day leaves (every command on
//! both platforms, posts, attempts). Target: under 50 ms a scrape. A
//! scrape reads no table (the database gauge is the file's size), so this
//! measures the exporter's rendering plus the gauges' file look-ups; the
//! `/healthz` time (one write-lock round trip) is shown beside it.
//!
//! `cargo bench --bench metrics` (a plain binary; under a minute).

use std::sync::Arc;
use std::time::{Duration, Instant};

use prepbot::app::App;
use prepbot::config::Settings;
use prepbot::engine::SystemClock;
use prepbot::health::Health;
use prepbot::metric::{self, Daily, Outcome};
use prepbot::ops_server::{Ops, install_recorder, router};

const MEMBERS: usize = 100_000;
const SUBSCRIPTIONS: usize = 10_000;
const SCRAPES: usize = 200;

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(scrape());
}

async fn scrape() {
    let folder = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.database.path = folder.path().join("prepbot.db");
    settings.bank.questions_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questions").into();
    let app = App::build(settings.clone(), Arc::new(SystemClock))
        .await
        .unwrap();
    fill(&app).await;
    let metrics = install_recorder().unwrap();
    busy_day();
    let health = Arc::new(Health::new(chrono::Duration::minutes(5)));
    health.expect_platform("discord");
    health.connected("discord");
    let routes = router(Ops {
        engine: app.engine.clone(),
        health,
        metrics,
        database: settings.database.path.clone(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, routes).await.unwrap() });

    let client = reqwest::Client::new();
    let scrape_times = time(&client, &format!("{base}/metrics")).await;
    let health_times = time(&client, &format!("{base}/healthz")).await;
    let size = std::fs::metadata(&settings.database.path).unwrap().len();
    println!(
        "/metrics with {SUBSCRIPTIONS} subscriptions, {MEMBERS} members ({:.1} MB database): {}",
        size as f64 / 1e6,
        summary(&scrape_times)
    );
    println!("/healthz on the same database: {}", summary(&health_times));
    let p99 = percentile(&scrape_times, 0.99);
    println!(
        "target: a scrape under 50 ms: {}",
        if p99 < Duration::from_millis(50) {
            "met"
        } else {
            "MISSED"
        }
    );
    app.close().await;
}

/// Members and subscriptions written straight in SQL: through the engine
/// the set-up alone would take minutes.
async fn fill(app: &App) {
    let pool = app.engine.store().pool();
    let now = "2026-12-01T08:00:00.000Z";
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
         INSERT INTO workspaces (platform, external_id, name, created_at)
         SELECT 'discord', 'guild-' || i, 'Study group ' || i, ?1 FROM n",
    )
    .bind(now)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO members (workspace_id, external_id, display_name, created_at)
         SELECT 1 + i % 100, 'user-' || i, 'Member ' || i, ?2 FROM n",
    )
    .bind(MEMBERS as i64)
    .bind(now)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO subscriptions (workspace_id, channel_id, schedule, timezone, created_at, updated_at)
         SELECT 1 + i % 100, 'channel-' || i, '09:00', 'Europe/Berlin', ?2, ?2 FROM n",
    )
    .bind(SUBSCRIPTIONS as i64)
    .bind(now)
    .execute(pool)
    .await
    .unwrap();
}

/// Every series a busy day creates: each command on both platforms with
/// each outcome, timed; posts of every outcome; attempts; limits met.
fn busy_day() {
    let commands = [
        "quiz",
        "daily",
        "reveal",
        "answer",
        "review",
        "streak",
        "leaderboard",
        "stats",
        "topics",
        "interview",
        "report",
        "suggest",
        "settings",
        "prepbot setup",
        "prepbot status",
        "prepbot reports",
        "prepbot reload",
    ];
    for (n, name) in commands.iter().cycle().take(20_000).enumerate() {
        let platform = if n % 2 == 0 { "discord" } else { "slack" };
        let outcome = [Outcome::Ok, Outcome::Refused, Outcome::Error][n % 3];
        metric::command(
            name,
            platform,
            outcome,
            Duration::from_micros(200 + n as u64 % 5_000),
        );
        metric::attempt_recorded(platform);
    }
    for what in [Daily::Sent, Daily::Retried, Daily::Failed, Daily::Skipped] {
        metric::daily_posts(what, SUBSCRIPTIONS / 4);
    }
    metric::rate_limited("discord");
    metric::reconnected("discord");
}

/// Each request timed from sending to the last byte of the body, over a
/// kept-alive connection, as Prometheus scrapes.
async fn time(client: &reqwest::Client, url: &str) -> Vec<Duration> {
    let mut times = Vec::with_capacity(SCRAPES);
    for _ in 0..SCRAPES {
        let started = Instant::now();
        let response = client.get(url).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{url}: {}",
            response.status()
        );
        let body = response.text().await.unwrap();
        times.push(started.elapsed());
        assert!(!body.is_empty());
    }
    times.sort();
    times
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn summary(sorted: &[Duration]) -> String {
    format!(
        "median {:.2} ms, p99 {:.2} ms over {} requests",
        percentile(sorted, 0.5).as_secs_f64() * 1e3,
        percentile(sorted, 0.99).as_secs_f64() * 1e3,
        sorted.len()
    )
}
