//! The Discord front-end under load, against the fake Discord: the real
//! `prepbot run` binary (release build) in its own process, REST and
//! gateway pointed at the fake on 127.0.0.1.
//!
//! - `quiz`: 1,000 `/quiz` interactions one after another, latency from the
//!   dispatch leaving the fake to the interaction callback reaching it.
//! - `memory`: resident memory of the bot process after READY plus
//!   GUILD_CREATE for 10,000 guilds.
//!
//! `cargo bench --bench discord` runs both; `-- quiz` or `-- memory` one.

// The fake's GUILD_CREATE is one large `json!`.
#![recursion_limit = "256"]

#[path = "../tests/support/fake_discord.rs"]
mod fake_discord;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_discord::{FakeDiscord, FakeMember};
use serde_json::json;

const QUIZZES: usize = 1_000;
const GUILDS: u64 = 10_000;
const FIRST_GUILD: u64 = 700_000_000_000_000_000;
const CHANNEL: u64 = 710_000_000_000_000_001;

/// `prepbot run` against the fake, on a database in `dir`.
fn start_bot(fake: &FakeDiscord, dir: &std::path::Path) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    // Quiet unless asked: PREPBOT__LOGGING__FILTER=info shows the bot's log.
    if std::env::var_os("PREPBOT__LOGGING__FILTER").is_none() {
        command.env("PREPBOT__LOGGING__FILTER", "warn");
    }
    command
        .arg("run")
        .env("DISCORD_TOKEN", "fake-token")
        .env("PREPBOT__DISCORD__API_BASE_URL", fake.base_url())
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

async fn wait_for_registration(fake: &FakeDiscord) {
    fake.wait_until("the slash commands to be registered", || {
        fake.requests()
            .iter()
            .any(|r| r.path.ends_with("/commands"))
            .then_some(())
    })
    .await;
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1_000.0)
}

async fn quiz_latency() {
    let guild = FIRST_GUILD + 1;
    let fake = FakeDiscord::start(&[(guild, "Bench Guild")], 41_250).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot(&fake, dir.path());
    wait_for_registration(&fake).await;
    let members: Vec<FakeMember> = (0..50)
        .map(|i| FakeMember::new(1_000 + i, &format!("member{i}")))
        .collect();
    // A few to warm up connections and caches, not counted.
    for member in members.iter().take(5) {
        let id = fake.slash_command(guild, CHANNEL, member, "quiz", json!([]));
        fake.callback_for(id).await;
    }
    let mut latencies = Vec::with_capacity(QUIZZES);
    let started = Instant::now();
    for i in 0..QUIZZES {
        let member = &members[i % members.len()];
        let sent = Instant::now();
        let id = fake.slash_command(guild, CHANNEL, member, "quiz", json!([]));
        let path = format!("/api/v10/interactions/{id}/");
        let callback = fake
            .wait_for_request("the quiz callback", |r| r.path.starts_with(&path))
            .await;
        assert_eq!(callback.body["type"], 4, "a quiz reply");
        latencies.push(callback.at - sent);
    }
    report("one at a time", started.elapsed(), latencies);

    // The same again, all 1,000 sent at once, as a busy minute squeezed
    // into a moment.
    let mut sent = Vec::with_capacity(QUIZZES);
    let started = Instant::now();
    for i in 0..QUIZZES {
        let member = &members[i % members.len()];
        let at = Instant::now();
        sent.push((
            fake.slash_command(guild, CHANNEL, member, "quiz", json!([])),
            at,
        ));
    }
    let mut latencies = Vec::with_capacity(QUIZZES);
    for (id, at) in sent {
        let path = format!("/api/v10/interactions/{id}/");
        let callback = fake
            .wait_for_request("the quiz callback", |r| r.path.starts_with(&path))
            .await;
        assert_eq!(callback.body["type"], 4, "a quiz reply");
        latencies.push(callback.at - at);
    }
    report("all at once", started.elapsed(), latencies);
    let _ = bot.kill();
    let _ = bot.wait();
}

fn report(how: &str, total: Duration, mut latencies: Vec<Duration>) {
    latencies.sort();
    println!(
        "quiz ({how}): {} /quiz interactions in {:.2} s; dispatch to callback p50 {}, p90 {}, p99 {}, max {}",
        latencies.len(),
        total.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap()),
    );
}

/// VmRSS and VmHWM of a process, in MB.
fn memory_of(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let read = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (read("VmRSS:"), read("VmHWM:"))
}

async fn guild_memory() {
    let names: Vec<(u64, String)> = (0..GUILDS)
        .map(|i| (FIRST_GUILD + i, format!("Study group {i}")))
        .collect();
    let guilds: Vec<(u64, &str)> = names.iter().map(|(id, n)| (*id, n.as_str())).collect();
    let fake = FakeDiscord::start(&guilds, 41_250).await;
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut bot = start_bot(&fake, dir.path());
    wait_for_registration(&fake).await;
    // Events are read in order: once an interaction sent after the last
    // GUILD_CREATE is answered, every guild has been through the bot.
    let last_guild = FIRST_GUILD + GUILDS - 1;
    let member = FakeMember::new(42, "Ada");
    let id = fake.slash_command(last_guild, CHANNEL, &member, "topics", json!([]));
    fake.callback_for(id).await;
    let settled = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss, peak) = memory_of(bot.id());
    println!(
        "memory: READY + {GUILDS} GUILD_CREATE handled in {:.1} s; resident {rss:.1} MB (peak {peak:.1} MB)",
        settled.as_secs_f64()
    );
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
    if wanted("quiz") {
        runtime.block_on(quiz_latency());
    }
    if wanted("memory") {
        runtime.block_on(guild_memory());
    }
}
