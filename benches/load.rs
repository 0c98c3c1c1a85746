//! Load through the fake Discord (issue 15, part 3): 500 members each
//! drawing a `/quiz` and grading it Good, over and over, for a fixed time.
//! Every member waits for its reply before its next click, so the rate is
//! the highest the bot sustains with 500 people clicking at once.
//!
//! - `plain`: the bot alone.
//! - `backup`: the same while online backups of the bot's database (grown
//!   to 1,000,000 filler attempts first) run back to back, holding a read
//!   snapshot open the whole time; a busy SQLite must make grades wait, not
//!   lose them.
//! - `locked`: the same while another connection holds SQLite's write lock
//!   for 5 s at a time with 1 s between, as a slow disk or a long write
//!   elsewhere would (under the store's 10 s busy timeout).
//!
//! Each phase prints the interactions answered, their rate, the errors (no
//! answer within 30 s, or an answer that is not the expected one), the
//! attempts stored against the grades answered, how many replies were
//! deferred, the latency from the interaction leaving the fake to its first
//! callback and to its final reply (p50, p99, max), and the bot's peak
//! resident memory (VmHWM).
//!
//! `cargo bench --bench load` runs the three phases for 60 s each;
//! `-- plain`, `-- backup` or `-- locked` one; `--seconds N` (or `LOAD_SECONDS`) another
//! length; `LOAD_FILLER` the filler attempts for the backup phase.

// The fake's GUILD_CREATE is one large `json!`.
#![recursion_limit = "256"]

#[path = "../tests/support/fake_discord.rs"]
mod fake_discord;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::Method;
use fake_discord::{APP_ID, FakeDiscord, FakeMember};
use serde_json::{Value, json};
use sqlx::ConnectOptions as _;
use sqlx::sqlite::SqliteConnectOptions;
use tokio::sync::oneshot;

const MEMBERS: u64 = 500;
const GUILD: u64 = 720_000_000_000_000_001;
const CHANNEL: u64 = 720_000_000_000_000_002;
const FIRST_MEMBER: u64 = 730_000_000_000_000_000;
/// Far past Discord's own 15-minute follow-up window is not the point:
/// a reply this late is one a member would have given up on.
const GIVE_UP: Duration = Duration::from_secs(30);

/// How one interaction was answered.
struct Answer {
    /// The first callback: the reply itself, or "thinking…".
    acknowledged: Instant,
    /// The reply with content: the callback, or the edit after a deferral.
    replied: Instant,
    deferred: bool,
    /// The message: embeds and components.
    message: Value,
}

/// Replies by interaction id, matched by one reader of the fake's
/// requests; a reply can arrive before its member starts waiting.
#[derive(Default)]
struct Replies {
    waiting: HashMap<u64, oneshot::Sender<Answer>>,
    arrived: HashMap<u64, Answer>,
    /// Deferred interactions: when "thinking…" was sent.
    thinking: HashMap<u64, Instant>,
}

impl Replies {
    fn deliver(&mut self, id: u64, answer: Answer) {
        match self.waiting.remove(&id) {
            Some(sender) => {
                let _ = sender.send(answer);
            }
            None => {
                self.arrived.insert(id, answer);
            }
        }
    }
}

type Shared = Arc<Mutex<Replies>>;

/// Reads every request the bot makes, in order, and hands each reply to
/// the member waiting for it.
async fn read_replies(fake: FakeDiscord, replies: Shared) {
    let mut seen = 0;
    loop {
        let new = fake.requests_from(seen).await;
        seen += new.len();
        let mut replies = replies.lock().unwrap();
        for request in new {
            let parts: Vec<&str> = request
                .path
                .trim_start_matches("/api/v10/")
                .split('/')
                .collect();
            match (&request.method, parts.as_slice()) {
                (&Method::POST, ["interactions", id, _, "callback"]) => {
                    let Ok(id) = id.parse() else { continue };
                    if matches!(request.body["type"].as_u64(), Some(5 | 6)) {
                        replies.thinking.insert(id, request.at);
                    } else {
                        let answer = Answer {
                            acknowledged: request.at,
                            replied: request.at,
                            deferred: false,
                            message: request.body["data"].clone(),
                        };
                        replies.deliver(id, answer);
                    }
                }
                // After "thinking…", poise sends a command's reply as the
                // first follow-up, which takes the loading message's place;
                // a button's reply edits the original.
                (&Method::PATCH, ["webhooks", app, token, "messages", "@original"])
                | (&Method::POST, ["webhooks", app, token])
                    if *app == APP_ID.to_string() =>
                {
                    let Some(Ok(id)) = token.strip_prefix("token-").map(str::parse) else {
                        continue;
                    };
                    let acknowledged = replies.thinking.remove(&id).unwrap_or(request.at);
                    let answer = Answer {
                        acknowledged,
                        replied: request.at,
                        deferred: true,
                        message: request.body.clone(),
                    };
                    replies.deliver(id, answer);
                }
                _ => {}
            }
        }
    }
}

async fn wait_for(replies: &Shared, id: u64) -> Option<Answer> {
    let receiver = {
        let mut replies = replies.lock().unwrap();
        if let Some(answer) = replies.arrived.remove(&id) {
            return Some(answer);
        }
        let (sender, receiver) = oneshot::channel();
        replies.waiting.insert(id, sender);
        receiver
    };
    let answer = tokio::time::timeout(GIVE_UP, receiver).await.ok()?.ok();
    if answer.is_none() {
        replies.lock().unwrap().waiting.remove(&id);
    }
    answer
}

/// What one member saw.
#[derive(Default)]
struct Tally {
    sent: u64,
    answered: u64,
    graded: u64,
    deferred: u64,
    errors: Vec<String>,
    to_first: Vec<Duration>,
    to_reply: Vec<Duration>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.sent += other.sent;
        self.answered += other.answered;
        self.graded += other.graded;
        self.deferred += other.deferred;
        self.errors.extend(other.errors);
        self.to_first.extend(other.to_first);
        self.to_reply.extend(other.to_reply);
    }

    /// Sends one interaction with `send` and waits for its reply.
    async fn exchange(
        &mut self,
        replies: &Shared,
        what: &str,
        send: impl FnOnce() -> u64,
    ) -> Option<Value> {
        self.sent += 1;
        let sent = Instant::now();
        let id = send();
        let Some(answer) = wait_for(replies, id).await else {
            self.errors.push(format!(
                "{what} (interaction {id}): no reply within {} s",
                GIVE_UP.as_secs()
            ));
            return None;
        };
        self.answered += 1;
        self.deferred += u64::from(answer.deferred);
        self.to_first
            .push(answer.acknowledged.saturating_duration_since(sent));
        self.to_reply
            .push(answer.replied.saturating_duration_since(sent));
        Some(answer.message)
    }
}

fn custom_ids(message: &Value) -> impl Iterator<Item = &str> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .filter_map(|button| button["custom_id"].as_str())
}

/// One member drawing and grading quizzes until `until`.
async fn member(fake: FakeDiscord, replies: Shared, who: FakeMember, until: Instant) -> Tally {
    let mut tally = Tally::default();
    while Instant::now() < until {
        let quiz = tally
            .exchange(&replies, "/quiz", || {
                fake.slash_command(GUILD, CHANNEL, &who, "quiz", json!([]))
            })
            .await;
        let Some(quiz) = quiz else { continue };
        let Some(reveal) = custom_ids(&quiz).find(|id| id.split(':').nth(1) == Some("reveal"))
        else {
            tally
                .errors
                .push(format!("/quiz: a reply without a Reveal button: {quiz}"));
            continue;
        };
        let good = reveal.replace("reveal", "grade-good");
        let graded = tally
            .exchange(&replies, "grade", || {
                fake.click(GUILD, CHANNEL, &who, &good)
            })
            .await;
        let Some(graded) = graded else { continue };
        if graded["embeds"].to_string().contains("Graded good") {
            tally.graded += 1;
        } else {
            tally
                .errors
                .push(format!("grade: not the graded reply: {graded}"));
        }
    }
    tally
}

/// `prepbot run` against the fake, on the database at `database`.
fn start_bot(fake: &FakeDiscord, database: &Path) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    if std::env::var_os("PREPBOT__LOGGING__FILTER").is_none() {
        command.env("PREPBOT__LOGGING__FILTER", "warn");
    }
    command
        .arg("run")
        .env("DISCORD_TOKEN", "fake-token")
        .env("PREPBOT__DISCORD__API_BASE_URL", fake.base_url())
        .env("PREPBOT__DATABASE__PATH", database)
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("prepbot starts")
}

/// Fills the database with `attempts` attempts of other servers' members,
/// so that a backup of it takes a while. Written in SQL: grading a million
/// times through the bot would be the load run itself.
async fn fill(database: &Path, attempts: i64) -> anyhow::Result<()> {
    let store = prepbot::store::Store::open(database).await?;
    let members = (attempts / 100).max(1);
    sqlx::raw_sql(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
         INSERT INTO workspaces (id, platform, external_id, name, created_at)
             SELECT i, 'discord', 'g' || i, 'server ' || i, '2026-11-01T00:00:00.000Z' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {members})
         INSERT INTO members (id, workspace_id, external_id, display_name, created_at)
             SELECT i, 1 + i % 100, 'm' || i, 'member ' || i, '2026-11-01T00:00:00.000Z' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {attempts})
         INSERT INTO cards (id, workspace_id, member_id, question_id, context, mode, issued_at)
             SELECT i, 1 + ((i - 1) / 100) % 100, 1 + ((i - 1) / 100) % {members},
                    printf('genai-%03d', 1 + i % 100), 'quiz', 'flashcard', '2026-11-02T09:00:00.000Z'
             FROM n;
         INSERT INTO attempts (card_id, member_id, question_id, context, grade, points, answered_at, local_day)
             SELECT id, member_id, question_id, 'quiz', 'good', 5, '2026-11-02T09:01:00.000Z', '2026-11-02'
             FROM cards;"
    ))
    .execute(store.pool())
    .await?;
    store.close().await;
    Ok(())
}

async fn stored_attempts(database: &Path) -> i64 {
    let mut connection = SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .expect("the database opens read-only");
    sqlx::query_scalar("SELECT COUNT(*) FROM attempts")
        .fetch_one(&mut connection)
        .await
        .expect("attempts can be counted")
}

/// Backups of `database` one after another until `stop`; each copy is
/// deleted once made, to spare the disk. Returns how long each took.
async fn back_up_until(database: PathBuf, folder: PathBuf, stop: Arc<AtomicBool>) -> Vec<String> {
    let mut made = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let target = folder.join(format!("copy-{n}.db"));
        match prepbot::store::backup::backup(&database, &target).await {
            Ok(report) => {
                made.push(format!(
                    "{:.1} s ({:.0} MiB)",
                    report.took.as_secs_f64(),
                    report.bytes as f64 / 1_048_576.0
                ));
                let _ = std::fs::remove_file(&target);
            }
            Err(error) => made.push(format!("failed: {error:#}")),
        }
    }
    made
}

/// How long another connection holds SQLite's write lock at a time in the
/// `locked` phase, as a slow disk or a long write elsewhere would: under
/// the store's busy timeout, so grades must wait and go through.
const LOCK_HELD: Duration = Duration::from_secs(5);
const LOCK_FREE: Duration = Duration::from_secs(1);

/// Holds the database's write lock for `LOCK_HELD`, lets go for
/// `LOCK_FREE`, until `stop`; returns how many times it held it.
async fn hold_write_lock(database: PathBuf, stop: Arc<AtomicBool>) -> u32 {
    let mut connection = SqliteConnectOptions::new()
        .filename(&database)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .expect("the database opens");
    let mut held = 0;
    while !stop.load(Ordering::Relaxed) {
        sqlx::raw_sql("BEGIN IMMEDIATE")
            .execute(&mut connection)
            .await
            .expect("the write lock is taken");
        held += 1;
        tokio::time::sleep(LOCK_HELD).await;
        sqlx::raw_sql("COMMIT")
            .execute(&mut connection)
            .await
            .expect("the write lock is let go");
        tokio::time::sleep(LOCK_FREE).await;
    }
    held
}

/// VmHWM of a process in MiB, and a reset of it so the next phase reads
/// its own peak (Linux's `clear_refs` 5).
fn peak_memory(pid: u32, reset: bool) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0);
    if reset {
        let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
    }
    peak
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn latencies(mut all: Vec<Duration>) -> String {
    all.sort();
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1_000.0);
    format!(
        "p50 {} ms, p99 {} ms, max {} ms",
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.99)),
        ms(all.last().copied().unwrap_or_default()),
    )
}

/// One phase: every member clicking for `length`; returns whether it met
/// the targets (no errors, one stored attempt per grade answered).
async fn phase(
    name: &str,
    fake: &FakeDiscord,
    replies: &Shared,
    database: &Path,
    bot: u32,
    length: Duration,
) -> bool {
    let before = stored_attempts(database).await;
    peak_memory(bot, true);
    let started = Instant::now();
    let until = started + length;
    let members: Vec<_> = (0..MEMBERS)
        .map(|i| {
            let who = FakeMember::new(FIRST_MEMBER + i, &format!("member {i}"));
            tokio::spawn(member(fake.clone(), replies.clone(), who, until))
        })
        .collect();
    let mut tally = Tally::default();
    for one in members {
        tally.add(one.await.expect("a member's task finished"));
    }
    let took = started.elapsed();
    let stored = stored_attempts(database).await - before;
    let peak = peak_memory(bot, false);
    println!(
        "{name}: {MEMBERS} members, {:.1} s: {} interactions sent, {} answered ({:.1}/s), {} errors",
        took.as_secs_f64(),
        tally.sent,
        tally.answered,
        tally.answered as f64 / took.as_secs_f64(),
        tally.errors.len(),
    );
    println!(
        "{name}: {} grades answered, {stored} attempts stored; {} replies deferred",
        tally.graded, tally.deferred
    );
    println!("{name}: to first callback {}", latencies(tally.to_first));
    println!("{name}: to the reply      {}", latencies(tally.to_reply));
    println!("{name}: bot peak memory (VmHWM) {peak:.1} MiB");
    for error in tally.errors.iter().take(5) {
        println!("{name}: error: {error}");
    }
    tally.errors.is_empty() && i64::try_from(tally.graded) == Ok(stored)
}

fn settings() -> (Duration, Vec<String>, i64) {
    let mut args = std::env::args().skip(1);
    let mut seconds: u64 = std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let mut phases = Vec::new();
    while let Some(arg) = args.next() {
        if let Some(value) = arg.strip_prefix("--seconds=") {
            seconds = value.parse().expect("--seconds takes a whole number");
        } else if arg == "--seconds" {
            seconds = args
                .next()
                .and_then(|v| v.parse().ok())
                .expect("--seconds takes a whole number");
        } else if !arg.starts_with('-') {
            phases.push(arg);
        }
    }
    let filler = std::env::var("LOAD_FILLER")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    (Duration::from_secs(seconds), phases, filler)
}

fn main() {
    let (length, phases, filler) = settings();
    let wanted = |name: &str| phases.is_empty() || phases.iter().any(|p| p == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let ok = runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("prepbot.db");
        if wanted("backup") {
            let filling = Instant::now();
            fill(&database, filler)
                .await
                .expect("the filler is written");
            println!(
                "filled the database with {filler} attempts in {:.1} s",
                filling.elapsed().as_secs_f64()
            );
        }
        let fake = FakeDiscord::start(&[(GUILD, "Load Guild")], 41_250).await;
        let replies = Shared::default();
        tokio::spawn(read_replies(fake.clone(), replies.clone()));
        let mut bot = start_bot(&fake, &database);
        fake.wait_until("the slash commands to be registered", || {
            fake.requests()
                .iter()
                .any(|r| r.path.ends_with("/commands"))
                .then_some(())
        })
        .await;
        let mut ok = true;
        if wanted("plain") {
            ok &= phase("plain", &fake, &replies, &database, bot.id(), length).await;
        }
        if wanted("backup") {
            let stop = Arc::new(AtomicBool::new(false));
            let copies = dir.path().join("copies");
            std::fs::create_dir(&copies).unwrap();
            let backups = tokio::spawn(back_up_until(database.clone(), copies, stop.clone()));
            ok &= phase("backup", &fake, &replies, &database, bot.id(), length).await;
            stop.store(true, Ordering::Relaxed);
            let made = backups.await.expect("the backups finished");
            println!(
                "backup: {} backups during the phase: {}",
                made.len(),
                made.join(", ")
            );
        }
        if wanted("locked") {
            let stop = Arc::new(AtomicBool::new(false));
            // Alongside rather than spawned: sqlx's connection futures are
            // not provably `Send` for `tokio::spawn` (a known sqlx limit).
            let phase_then_stop = async {
                let met = phase("locked", &fake, &replies, &database, bot.id(), length).await;
                stop.store(true, Ordering::Relaxed);
                met
            };
            let (met, held) =
                tokio::join!(phase_then_stop, hold_write_lock(database.clone(), stop.clone()));
            ok &= met;
            println!("locked: the write lock was held {held} times for {LOCK_HELD:?}, with {LOCK_FREE:?} between");
        }
        let _ = bot.kill();
        let _ = bot.wait();
        ok
    });
    if !ok {
        eprintln!(
            "load: a target was missed (errors, or attempts stored differ from grades answered)"
        );
        std::process::exit(1);
    }
}
