//! The kill -9 soak (issue 15, item 1): the real `prepbot run` binary
//! against the fake Discord in `support/fake_discord.rs`, killed with
//! SIGKILL at random moments and restarted each time, while members grade
//! through the fake and many daily questions fall due. At the end every
//! promise of the exactly-once design is checked against what the fake saw
//! and what the database holds.
//!
//! It takes minutes, so the default `cargo test` leaves it out (ignored);
//! run it with
//! `PREPBOT_SOAK_KILLS=50 cargo test --test soak -- --ignored --nocapture`.
//! `PREPBOT_SOAK_SEED` replays a run (the seed is printed), and
//! `PREPBOT_SOAK_CHANNELS` sets how many channels subscribe (200).

// The fake's GUILD_CREATE is one large `json!`.
#![recursion_limit = "256"]

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/soak.rs"]
mod soak;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use fake_discord::{FakeDiscord, FakeMember};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use soak::{env_number, kill_and_restart, stop_cleanly};

const GUILD: u64 = 700_000_000_000_000_001;
/// Channel `i` of the soak is `FIRST_CHANNEL + i`.
const FIRST_CHANNEL: u64 = 710_000_000_000_000_000;
/// Members taking turns to grade.
const MEMBERS: u64 = 20;
/// Members grading at the same moment.
const GRADERS: u64 = 4;
const FIRST_MEMBER: u64 = 720_000_000_000_000_000;

/// `prepbot run` on the fake with the database in `dir`, its errors
/// written to `dir/run-{run}.log`.
fn start_prepbot(fake: &FakeDiscord, dir: &std::path::Path, run: usize) -> Child {
    soak::start_prepbot(
        dir,
        run,
        &[
            ("DISCORD_TOKEN", "fake-token".to_owned()),
            ("PREPBOT__DISCORD__API_BASE_URL", fake.base_url()),
        ],
    )
}

fn button_ids(reply: &Value) -> Vec<String> {
    reply["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|button| button["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// A grade click the soak sent: which interaction, whose, on which card.
#[derive(Debug, Clone)]
struct Click {
    interaction: u64,
    member: u64,
    card: i64,
}

#[derive(Default)]
struct Traffic {
    quizzes_sent: u64,
    quizzes_answered: u64,
    clicks: Vec<Click>,
}

/// Members drawing a quiz and grading it Good, one after another, until
/// `stop`; whatever the bot does not answer in time is left unanswered (it
/// may have been killed) and the next member goes on.
async fn grade_continuously(
    fake: FakeDiscord,
    channels: u64,
    seed: u64,
    stop: Arc<AtomicBool>,
    traffic: Arc<Mutex<Traffic>>,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9);
    let members: Vec<FakeMember> = (0..MEMBERS)
        .map(|i| FakeMember::new(FIRST_MEMBER + i, &format!("Member{i}")))
        .collect();
    while !stop.load(Ordering::Relaxed) {
        let who = &members[rng.gen_range(0..members.len())];
        let channel = FIRST_CHANNEL + rng.gen_range(0..channels);
        let id = fake.slash_command(GUILD, channel, who, "quiz", json!([]));
        traffic.lock().unwrap().quizzes_sent += 1;
        let Some(quiz) = fake.callback_within(id, Duration::from_secs(2)).await else {
            // The bot is down or starting: try again shortly.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        traffic.lock().unwrap().quizzes_answered += 1;
        let Some(reveal) = button_ids(&quiz)
            .into_iter()
            .find(|id| id.starts_with("pb1:reveal:"))
        else {
            panic!("a quiz card without a reveal button: {quiz:#}");
        };
        let card: i64 = reveal
            .rsplit(':')
            .next()
            .and_then(|card| card.parse().ok())
            .expect("a card id at the end of the button id");
        let good = reveal.replace("reveal", "grade-good");
        let interaction = fake.click(GUILD, channel, who, &good);
        traffic.lock().unwrap().clicks.push(Click {
            interaction,
            member: who.id,
            card,
        });
        // Whether it was answered is read from the fake at the end; waiting
        // here only paces the members.
        let _ = fake
            .callback_within(interaction, Duration::from_secs(1))
            .await;
    }
}

/// Whether the bot answered this grade click with a recorded grade.
fn answered_with_success(fake: &FakeDiscord, interaction: u64) -> bool {
    let path = format!("/api/v10/interactions/{interaction}/");
    fake.find_request(|r| r.path.starts_with(&path) && r.path.ends_with("/callback"))
        .is_some_and(|r| r.status < 300 && r.body["data"]["embeds"].to_string().contains("Graded"))
}

/// The local date a daily post's nonce (`pb{subscription}-{yyyymmdd}`)
/// names.
fn nonce_date(body: &Value) -> Option<NaiveDate> {
    let nonce = body["nonce"].as_str()?;
    let (_, date) = nonce.rsplit_once('-')?;
    NaiveDate::parse_from_str(date, "%Y%m%d").ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "the kill -9 soak takes minutes: PREPBOT_SOAK_KILLS=50 cargo test --test soak -- --ignored"]
async fn prepbot_killed_at_random_moments_posts_each_daily_question_once_and_keeps_every_answered_grade()
 {
    let kills = env_number("PREPBOT_SOAK_KILLS", 50);
    let channels = env_number("PREPBOT_SOAK_CHANNELS", 200);
    let seed = env_number(
        "PREPBOT_SOAK_SEED",
        u64::try_from(Utc::now().timestamp_micros()).unwrap_or(1),
    );
    println!(
        "soak: seed {seed} (PREPBOT_SOAK_SEED={seed} replays the kill times), {kills} kills, {channels} channels"
    );
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    let fake = FakeDiscord::start(&[(GUILD, "Soak Group")], 41_250).await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = start_prepbot(&fake, dir.path(), 0);
    fake.wait_for_request("the slash commands to be registered", |r| {
        r.method == axum::http::Method::PUT && r.path.ends_with("/commands")
    })
    .await;

    // Each channel's daily question falls due at its own second, spread
    // over the time the kills are expected to take, so posts are due
    // before, during and after crashes.
    let kill_phase = Duration::from_millis(kills * 1_600);
    // A setup takes about 65 ms on the fake; the first questions fall
    // due as the kills begin.
    let setting_up = Duration::from_millis(3_000 + channels * 70);
    let first_due = Utc::now() + chrono::Duration::from_std(setting_up).unwrap();
    let admin = FakeMember::admin(12, "Grace");
    let mut due_dates = BTreeMap::new();
    for i in 0..channels {
        let offset = kill_phase.as_millis() as u64 * i / channels.max(1);
        let due = first_due + chrono::Duration::milliseconds(offset as i64);
        let options = json!([{"name": "setup", "type": 1, "options": [
            {"name": "time", "type": 3, "value": due.format("%S %M %H * * *").to_string()},
            {"name": "timezone", "type": 3, "value": "UTC"},
        ]}]);
        let channel = FIRST_CHANNEL + i;
        let id = fake.slash_command(GUILD, channel, &admin, "prepbot", options);
        let reply = fake
            .callback_within(id, Duration::from_secs(20))
            .await
            .unwrap_or_else(|| panic!("no answer to the setup of channel {i}"));
        assert!(
            reply["data"]["embeds"]
                .to_string()
                .contains("Daily question set up"),
            "{reply:#}"
        );
        due_dates.insert(channel, due.date_naive());
    }
    let last_due = first_due + chrono::Duration::milliseconds(kill_phase.as_millis() as i64);
    println!(
        "soak: {channels} daily questions set up in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let stop = Arc::new(AtomicBool::new(false));
    let traffic = Arc::new(Mutex::new(Traffic::default()));
    let graders: Vec<_> = (0..GRADERS)
        .map(|grader| {
            tokio::spawn(grade_continuously(
                fake.clone(),
                channels,
                seed.wrapping_add(grader),
                stop.clone(),
                traffic.clone(),
            ))
        })
        .collect();

    let lifetimes = kill_and_restart(&mut child, kills, &mut rng, |run| {
        start_prepbot(&fake, dir.path(), run)
    })
    .await;

    // The last run catches up on whatever the kills left due, then stops.
    let catch_up = Instant::now() + Duration::from_secs(60);
    loop {
        let missing = due_dates
            .keys()
            .filter(|channel| fake.messages_in(**channel).is_empty())
            .count();
        // A channel still waiting after a minute is reported below, with
        // what the database says of its post.
        if (missing == 0 && Utc::now() > last_due) || Instant::now() > catch_up {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for grader in graders {
        grader.await.expect("the graders finish");
    }
    stop_cleanly(&mut child).await;

    // Posts: one per channel per local date, none without a nonce.
    let mut posts = 0;
    let mut duplicates = Vec::new();
    let mut missing = Vec::new();
    for (channel, due_date) in &due_dates {
        let mut by_date: HashMap<Option<NaiveDate>, usize> = HashMap::new();
        for message in fake.messages_in(*channel) {
            *by_date.entry(nonce_date(&message.body)).or_default() += 1;
            posts += 1;
        }
        if !by_date.contains_key(&Some(*due_date)) {
            missing.push(*channel);
        }
        for (date, count) in by_date {
            if count != 1 || date.is_none() {
                duplicates.push((*channel, date, count));
            }
        }
    }

    // A post sent again after a crash must be recognised by its nonce:
    // every send is a request, only a first one a message.
    let sends = fake
        .requests()
        .iter()
        .filter(|r| r.method == axum::http::Method::POST)
        .filter(|r| {
            r.path
                .strip_prefix("/api/v10/channels/")
                .and_then(|rest| rest.strip_suffix("/messages"))
                .and_then(|channel| channel.parse::<u64>().ok())
                .is_some_and(|channel| due_dates.contains_key(&channel))
        })
        .count();

    // Grades: the database as the last run left it.
    let channel_names: Vec<String> = missing.iter().map(u64::to_string).collect();
    let database = soak::read_database(dir.path(), &channel_names).await;
    let integrity = database.integrity.clone();
    let unsent_posts = database.unsent_posts;
    let last_log = std::fs::read_to_string(dir.path().join(format!("run-{}.log", lifetimes.len())))
        .unwrap_or_default();
    let missing_rows: Vec<_> = missing
        .iter()
        .map(|channel| {
            (
                *channel,
                due_dates[channel],
                database.posts_of[&channel.to_string()].clone(),
            )
        })
        .collect();
    let stored: Vec<(i64, u64)> = database
        .grades
        .iter()
        .map(|(card, external)| (*card, external.parse().expect("a Discord user id")))
        .collect();
    let mut stored_count: HashMap<(i64, u64), usize> = HashMap::new();
    for key in &stored {
        *stored_count.entry(*key).or_default() += 1;
    }
    let traffic = std::mem::take(&mut *traffic.lock().unwrap());
    let sent: HashSet<(i64, u64)> = traffic.clicks.iter().map(|c| (c.card, c.member)).collect();
    let answered: Vec<&Click> = traffic
        .clicks
        .iter()
        .filter(|click| answered_with_success(&fake, click.interaction))
        .collect();
    let lost: Vec<&&Click> = answered
        .iter()
        .filter(|click| stored_count.get(&(click.card, click.member)) != Some(&1))
        .collect();
    let doubled = stored_count.values().filter(|count| **count > 1).count();
    let unsent: Vec<&(i64, u64)> = stored.iter().filter(|key| !sent.contains(key)).collect();
    let streak_mismatches = &database.streak_mismatches;

    let panics = soak::panics(dir.path(), lifetimes.len());
    let mean_life =
        lifetimes.iter().sum::<Duration>().as_secs_f64() / lifetimes.len().max(1) as f64;
    println!(
        "soak: seed {seed}; {kills} SIGKILLs (mean life {mean_life:.2} s) in {:.0} s; \
         {channels} channels, {posts} posts from {sends} sends, {} duplicate and {} missing, \
         {unsent_posts} not marked sent; \
         {} quizzes sent, {} answered; {} grade clicks sent, {} answered with success, \
         {} stored ({} stored though the answer never arrived), {} lost, {} doubled, \
         {} stored without a click; {} members' streaks checked, {} differ; integrity {integrity}",
        started.elapsed().as_secs_f64(),
        duplicates.len(),
        missing.len(),
        traffic.quizzes_sent,
        traffic.quizzes_answered,
        traffic.clicks.len(),
        answered.len(),
        stored.len(),
        stored.len().saturating_sub(answered.len() - lost.len()),
        lost.len(),
        doubled,
        unsent.len(),
        database.members,
        streak_mismatches.len(),
    );
    assert!(panics.is_empty(), "prepbot panicked: {panics:?}");
    assert_eq!(unsent_posts, 0, "daily posts the last run left unsent");
    assert_eq!(integrity, "ok");
    assert!(
        missing.is_empty(),
        "channels without their daily question a minute after the kills \
         (channel, due date, posts claimed): {missing_rows:?}; the last run's log:\n{last_log}"
    );
    assert!(
        duplicates.is_empty(),
        "channels with other than one post a date (channel, date, posts): {duplicates:?}"
    );
    assert!(lost.is_empty(), "answered grades not stored once: {lost:?}");
    assert_eq!(doubled, 0, "a grade stored twice");
    assert!(
        unsent.is_empty(),
        "grades stored without a click: {unsent:?}"
    );
    assert!(
        streak_mismatches.is_empty(),
        "streaks that differ from their replay (member, stored, replayed): {streak_mismatches:?}"
    );
    assert!(
        !answered.is_empty() && posts > 0,
        "the soak measured nothing: no answered grade or no post"
    );
}
