//! The Slack front-end under load, against the fake Slack: the real
//! `prepbot run` binary (release build) in its own process, the Web API
//! and `response_url`s pointed at the fake on 127.0.0.1, envelopes over
//! the fake's Socket Mode WebSocket.
//!
//! - `ack`: 1,000 `/prep quiz` envelopes one after another, then 1,000 at
//!   once: envelope sent to its ack received, and to the card reaching the
//!   `response_url`.
//! - `fanout`: 2,000 channels with a daily question at the same second;
//!   every post counted per channel (duplicates, misses) and the rate.
//!
//! `cargo bench --bench slack` runs both; `-- ack` or `-- fanout` one.

#[path = "../tests/support/fake_slack.rs"]
mod fake_slack;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_slack::{FakeSlack, FakeUser};

const QUIZZES: usize = 1_000;
const CHANNELS: usize = 2_000;
const ADMIN: &str = "U0ADMIN";

/// `prepbot run` against the fake, on a database in `dir`.
fn start_bot(fake: &FakeSlack, dir: &std::path::Path) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    // Quiet unless asked: PREPBOT__LOGGING__FILTER=info shows the bot's log.
    if std::env::var_os("PREPBOT__LOGGING__FILTER").is_none() {
        command.env("PREPBOT__LOGGING__FILTER", "warn");
    }
    command
        .arg("run")
        .env_remove("DISCORD_TOKEN")
        .env("SLACK_BOT_TOKEN", fake_slack::BOT_TOKEN)
        .env("SLACK_APP_TOKEN", fake_slack::APP_TOKEN)
        .env("PREPBOT__SLACK__API_BASE_URL", fake.api_base_url())
        .env("PREPBOT__DATABASE__PATH", dir.join("prepbot.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("prepbot starts")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1_000.0)
}

fn members() -> Vec<FakeUser> {
    let mut users: Vec<FakeUser> = (0..50)
        .map(|i| FakeUser::member(&format!("U0M{i:03}"), &format!("member{i}")))
        .collect();
    users.push(FakeUser::admin(ADMIN, "Grace"));
    users
}

async fn ack_latency() {
    let users = members();
    let fake = FakeSlack::start(&users).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot(&fake, dir.path());
    fake.wait_for_connection(1).await;
    // A few to warm up connections and caches (users.info), not counted.
    for user in &users {
        let (_, respond) = fake.slash_command(&user.id, "C0BENCH", "quiz");
        fake.response(respond).await;
    }
    let mut acks = Vec::with_capacity(QUIZZES);
    let mut replies = Vec::with_capacity(QUIZZES);
    let started = Instant::now();
    for i in 0..QUIZZES {
        let user = &users[i % 50];
        let sent = Instant::now();
        let (envelope, respond) = fake.slash_command(&user.id, "C0BENCH", "quiz");
        let ack = fake.ack(&envelope).await;
        acks.push(ack.after);
        fake.response(respond).await;
        replies.push(sent.elapsed());
    }
    report("one at a time", started.elapsed(), acks, replies);

    // All 1,000 at once, as a busy minute squeezed into a moment.
    let started = Instant::now();
    let sent: Vec<(String, u64, Instant)> = (0..QUIZZES)
        .map(|i| {
            let at = Instant::now();
            let (envelope, respond) = fake.slash_command(&users[i % 50].id, "C0BENCH", "quiz");
            (envelope, respond, at)
        })
        .collect();
    let mut acks = Vec::with_capacity(QUIZZES);
    let mut replies = Vec::with_capacity(QUIZZES);
    for (envelope, respond, at) in sent {
        acks.push(fake.ack(&envelope).await.after);
        fake.response(respond).await;
        replies.push(at.elapsed());
    }
    report("all at once", started.elapsed(), acks, replies);
    fake.assert_no_surprises();
    let _ = bot.kill();
    let _ = bot.wait();
}

fn report(how: &str, total: Duration, mut acks: Vec<Duration>, mut replies: Vec<Duration>) {
    acks.sort();
    replies.sort();
    println!(
        "ack ({how}): {} /prep quiz in {:.2} s; envelope to ack p50 {}, p99 {}, max {}; to the card at the response_url p50 {}, p99 {}",
        acks.len(),
        total.as_secs_f64(),
        ms(percentile(&acks, 0.50)),
        ms(percentile(&acks, 0.99)),
        ms(*acks.last().unwrap()),
        ms(percentile(&replies, 0.50)),
        ms(percentile(&replies, 0.99)),
    );
}

async fn fanout() {
    let fake = FakeSlack::start(&members()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot(&fake, dir.path());
    fake.wait_for_connection(1).await;
    // Every channel's daily question at one second, far enough ahead for
    // the setups to finish first.
    let (now, now_instant) = (chrono::Utc::now(), Instant::now());
    let at = chrono::Timelike::with_nanosecond(&(now + chrono::Duration::seconds(45)), 0)
        .expect("zero nanoseconds is valid");
    let firing = now_instant + (at - now).to_std().unwrap_or_default();
    let cron = at.format("%S %M %H * * *").to_string();
    let channels: Vec<String> = (0..CHANNELS).map(|i| format!("C{i:07}")).collect();
    let setup_started = Instant::now();
    for channel in &channels {
        let (_, respond) = fake.slash_command(
            ADMIN,
            channel,
            &format!("setup <#{channel}|c> \"{cron}\" UTC"),
        );
        let reply = fake.response(respond).await;
        assert!(
            reply.to_string().contains("Daily question set up"),
            "{reply}"
        );
    }
    println!(
        "fanout: {CHANNELS} channels set up in {:.1} s",
        setup_started.elapsed().as_secs_f64()
    );
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let posted = fake.calls_to("chat.postMessage").len();
        if posted >= CHANNELS || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Wait a little longer for any duplicate to show.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let calls = fake.calls_to("chat.postMessage");
    let first = calls.first().map(|c| c.at).unwrap();
    let last = calls.last().map(|c| c.at).unwrap();
    let mut duplicates = 0;
    let mut missed = 0;
    let mut most_in_one_channel = 0;
    for channel in &channels {
        let posts = fake.messages_in(channel);
        match posts.len() {
            0 => missed += 1,
            1 => {}
            n => duplicates += n - 1,
        }
        most_in_one_channel = most_in_one_channel.max(posts.len());
    }
    let span = (last - first).as_secs_f64();
    println!(
        "fanout: {} posts to {CHANNELS} channels in {span:.1} s ({:.1}/s); duplicates {duplicates}, missed {missed}; most posts in one channel {most_in_one_channel}; first post {:.2} s after the firing",
        calls.len(),
        calls.len() as f64 / span.max(0.001),
        first.saturating_duration_since(firing).as_secs_f64(),
    );
    fake.assert_no_surprises();
    let _ = bot.kill();
    let _ = bot.wait();
}

fn main() {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if wanted("ack") {
        runtime.block_on(ack_latency());
    }
    if wanted("fanout") {
        runtime.block_on(fanout());
    }
}
