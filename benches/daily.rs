//! Fan-out of one day's daily posts to 10,000 channels through a fake
//! Poster at the default pacing (45 posts a second): the achieved rate
//! (target: at least 0.9 of the configured rate), duplicates and misses
//! (target: none).
//!
//! `cargo bench --bench daily` (a plain binary; about four minutes).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, Utc};
use prepbot::app::App;
use prepbot::config::{DailySettings, Settings};
use prepbot::engine::{
    DailyPost, DailySetup, ManualClock, MemberRef, Platform, PostReceipt, PublicReveal,
    WorkspaceRef,
};
use prepbot::scheduler::{PostError, Poster, Scheduler};

const CHANNELS: usize = 10_000;

/// Records when each post arrived, and its nonce.
#[derive(Default)]
struct CountingPoster {
    arrivals: Mutex<Vec<(Instant, String, String)>>,
}

#[async_trait::async_trait]
impl Poster for CountingPoster {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        self.arrivals.lock().unwrap().push((
            Instant::now(),
            post.nonce.clone(),
            post.channel_id.clone(),
        ));
        Ok(PostReceipt {
            message_id: post.nonce.clone(),
            thread_id: None,
        })
    }

    async fn post_reveal(&self, _reveal: &PublicReveal) -> Result<(), PostError> {
        Ok(())
    }

    async fn post_recap(&self, _recap: &prepbot::engine::WeeklyRecap) -> Result<(), PostError> {
        Ok(())
    }
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(fan_out());
}

async fn fan_out() {
    let folder = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.database.path = folder.path().join("bench.db");
    settings.bank.questions_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questions").into();
    let start: DateTime<Utc> = "2026-11-28T08:00:00Z".parse().unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let app = App::build(settings, clock.clone()).await.unwrap();
    let admin = MemberRef {
        workspace: WorkspaceRef {
            platform: Platform::Discord,
            external_id: "big".into(),
            name: "big".into(),
        },
        external_id: "admin".into(),
        display_name: "admin".into(),
    };
    let setup_started = Instant::now();
    for channel in 0..CHANNELS {
        let setup = DailySetup {
            channel_id: format!("channel-{channel:05}"),
            schedule: "09:00".into(),
            timezone: Some("UTC".into()),
            ..DailySetup::default()
        };
        app.engine.setup_daily(&admin, &setup).await.unwrap();
    }
    let setup_time = setup_started.elapsed();

    let settings = DailySettings::default();
    let rate = f64::from(settings.posts_per_second.get());
    let poster = Arc::new(CountingPoster::default());
    let scheduler = Scheduler::new(app.engine.clone(), poster.clone(), &settings);
    let nine: DateTime<Utc> = "2026-11-28T09:00:00Z".parse().unwrap();
    clock.set(nine);
    let started = Instant::now();
    let report = scheduler.tick(nine).await;
    let tick_time = started.elapsed();

    let arrivals = poster.arrivals.lock().unwrap().clone();
    let nonces: HashSet<&String> = arrivals.iter().map(|(_, nonce, _)| nonce).collect();
    let channels: HashSet<&String> = arrivals.iter().map(|(_, _, channel)| channel).collect();
    let sending = arrivals.last().unwrap().0 - arrivals.first().unwrap().0;
    let achieved = (arrivals.len() - 1) as f64 / sending.as_secs_f64();
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM daily_posts WHERE status = 'sent'")
        .fetch_one(app.engine.store().pool())
        .await
        .unwrap();

    println!("Daily fan-out to {CHANNELS} channels (subscriptions set up in {setup_time:.1?})");
    println!(
        "  one tick at 09:00: claimed {}, sent {}, failed {} in {tick_time:.1?}",
        report.claimed, report.sent, report.failed
    );
    println!(
        "  send phase:        {} posts in {sending:.1?}",
        arrivals.len()
    );
    println!(
        "  achieved rate:     {achieved:.2} posts/s of {rate} configured = {:.3}   (target >= 0.9)",
        achieved / rate
    );
    println!(
        "  duplicates:        {}   (target 0)",
        arrivals.len() - nonces.len()
    );
    println!(
        "  misses:            {}   (target 0; channels posted to: {}, marked sent: {sent})",
        CHANNELS - channels.len(),
        channels.len()
    );
}
