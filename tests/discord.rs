//! The Discord front-end end to end: the real serenity + poise client,
//! built by `DiscordBot::build`, against the fake Discord in
//! `support/fake_discord.rs` on 127.0.0.1 (REST through prepbot's relay, and
//! the gateway WebSocket), on a real SQLite file per test.

// The fake's GUILD_CREATE is one large `json!`.
#![recursion_limit = "256"]

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/fake_llm.rs"]
mod fake_llm;
mod support;

use std::sync::Arc;
use std::time::Duration;

use axum::http::Method;
use fake_discord::{FakeDiscord, FakeMember};
use prepbot::config::{BaseUrl, DiscordSettings, Secret, Settings};
use prepbot::discord::{DiscordBot, DiscordPoster};
use prepbot::engine::Engine;
use prepbot::scheduler::Scheduler;
use serde_json::{Value, json};
use support::{TestApp, spawn_app, utc};

const GUILD: u64 = 700_000_000_000_000_001;
const OTHER_GUILD: u64 = 700_000_000_000_000_002;
const CHANNEL: u64 = 710_000_000_000_000_001;
const EPHEMERAL: u64 = 1 << 6;

/// The bot running against a fake, on a test app's database.
struct Running {
    fake: FakeDiscord,
    app: TestApp,
    poster: DiscordPoster,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

fn settings_for(fake: &FakeDiscord) -> DiscordSettings {
    DiscordSettings {
        api_base_url: Some(BaseUrl::try_from(fake.base_url()).unwrap()),
        ..DiscordSettings::default()
    }
}

type Connected = (
    DiscordPoster,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
);

async fn connect(fake: &FakeDiscord, engine: Arc<Engine>) -> Connected {
    connect_with(fake, engine, settings_for(fake)).await
}

async fn connect_with(
    fake: &FakeDiscord,
    engine: Arc<Engine>,
    settings: DiscordSettings,
) -> Connected {
    let registrations_before = count_registrations(fake);
    let bot = DiscordBot::build(engine, &settings, &Secret::new("fake-token"))
        .await
        .expect("the client builds");
    let poster = bot.poster();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bot.run(async {
        let _ = stopped.await;
    }));
    // Commands are registered once READY has been handled: from then on
    // interactions are served.
    fake.wait_until("the slash commands to be registered", || {
        (count_registrations(fake) > registrations_before).then_some(())
    })
    .await;
    (poster, stop, task)
}

fn count_registrations(fake: &FakeDiscord) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.method == Method::PUT && r.path.ends_with("/commands"))
        .count()
}

async fn start() -> Running {
    let fake =
        FakeDiscord::start(&[(GUILD, "Study Group"), (OTHER_GUILD, "Elsewhere")], 2_000).await;
    let app = spawn_app(utc("2026-11-28T08:00:00Z")).await;
    let (poster, stop, task) = connect(&fake, app.engine.clone()).await;
    Running {
        fake,
        app,
        poster,
        stop: Some(stop),
        task,
    }
}

impl Running {
    async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = &mut self.task;
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("the bot stops within 10 s")
            .expect("the bot task did not panic")
            .expect("the bot stopped cleanly");
    }
}

fn ada() -> FakeMember {
    FakeMember::new(11, "Ada")
}

/// The custom ids of every button in a reply.
fn button_ids(reply: &Value) -> Vec<String> {
    reply["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|button| button["custom_id"].as_str().map(str::to_owned))
        .collect()
}

fn button_with(reply: &Value, action: &str) -> String {
    button_ids(reply)
        .into_iter()
        .find(|id| id.split(':').nth(1) == Some(action))
        .unwrap_or_else(|| panic!("no `{action}` button in {reply:#}"))
}

fn embed_text(reply: &Value) -> String {
    reply["data"]["embeds"].to_string()
}

fn is_ephemeral(reply: &Value) -> bool {
    reply["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL != 0
}

fn pings_nobody(data: &Value) -> bool {
    let mentions = &data["allowed_mentions"];
    mentions["parse"] == json!([])
        && mentions["users"].as_array().is_none_or(Vec::is_empty)
        && mentions["roles"].as_array().is_none_or(Vec::is_empty)
}

/// `who` draws a quiz and grades it Good from its own card's button ids.
async fn quiz_and_grade_good(bot: &Running, who: &FakeMember) {
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, who, "quiz", json!([]));
    let quiz = bot.fake.callback_for(id).await;
    let good = button_with(&quiz, "reveal").replace("reveal", "grade-good");
    let click = bot.fake.click(GUILD, CHANNEL, who, &good);
    let graded = bot.fake.callback_for(click).await;
    assert!(embed_text(&graded).contains("Graded good"), "{graded:#}");
}

fn topic_option(topic: &str) -> Value {
    json!([{"name": "topic", "type": 3, "value": topic}])
}

#[test]
fn the_fakes_payloads_deserialize_as_serenity_models() {
    use serenity::model::application::Interaction;
    use serenity::model::gateway::Ready;
    use serenity::model::guild::Guild;
    let ready: Ready = serde_json::from_value(fake_discord::ready_json(
        "ws://127.0.0.1:1/gateway",
        &[(GUILD, "Study Group".to_owned())],
    ))
    .expect("READY parses");
    assert_eq!(ready.application.id.get(), fake_discord::APP_ID);
    let guild: Guild = serde_json::from_value(fake_discord::guild_json(GUILD, "Study Group"))
        .expect("GUILD_CREATE parses");
    assert_eq!(guild.name, "Study Group");
    let member = ada();
    for (kind, data, message) in [
        (
            2,
            json!({"id": "5", "name": "quiz", "type": 1, "options": []}),
            None,
        ),
        (
            3,
            json!({"custom_id": "pb1:reveal:1", "component_type": 2}),
            Some(fake_discord::message_json(9, CHANNEL, json!({}))),
        ),
        (
            5,
            json!({"custom_id": "pb1:answer:1", "components": [{"type": 1, "components": [{"type": 4, "custom_id": "answer", "value": "x"}]}]}),
            None,
        ),
    ] {
        let payload =
            fake_discord::interaction_json(42, kind, GUILD, CHANNEL, &member, data, message);
        let parsed: Interaction = serde_json::from_value(payload)
            .unwrap_or_else(|e| panic!("interaction type {kind} parses: {e}"));
        assert_eq!(parsed.id().get(), 42);
    }
}

#[tokio::test]
async fn quiz_transformers_answers_with_a_transformers_question_and_buttons() {
    let mut bot = start().await;
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", topic_option("transformers"));
    let reply = bot.fake.callback_for(id).await;
    assert_eq!(reply["type"], 4, "a message reply: {reply:#}");
    let footer = reply["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap_or_default();
    let question_id = footer.split(' ').next().unwrap_or_default();
    let bank = bot.app.engine.bank();
    let question = bank
        .question(
            &prepbot::domain::QuestionId::parse(question_id)
                .expect("the footer names the question"),
        )
        .expect("a question in the bank");
    assert_eq!(question.topic.as_str(), "transformers", "{reply:#}");
    assert!(embed_text(&reply).contains(&question.question), "{reply:#}");
    assert!(embed_text(&reply).contains("Transformer"), "{reply:#}");
    assert!(
        !is_ephemeral(&reply),
        "the question itself is for the channel"
    );
    assert!(pings_nobody(&reply["data"]), "{reply:#}");
    let ids = button_ids(&reply);
    assert!(ids.iter().any(|i| i.starts_with("pb1:reveal:")), "{ids:?}");
    assert!(ids.iter().any(|i| i.starts_with("pb1:answer:")), "{ids:?}");
    // The server's name came from GUILD_CREATE (an event serenity drops
    // if a role lacks `colors`).
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM workspaces WHERE name = 'Study Group'")
            .await,
        1
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn reveal_answers_privately_and_a_grade_click_stores_an_attempt() {
    let mut bot = start().await;
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", topic_option("transformers"));
    let quiz = bot.fake.callback_for(id).await;

    let click = bot
        .fake
        .click(GUILD, CHANNEL, &ada(), &button_with(&quiz, "reveal"));
    let reveal = bot.fake.callback_for(click).await;
    assert!(
        is_ephemeral(&reveal),
        "the answer is for the clicker only: {reveal:#}"
    );
    assert!(embed_text(&reveal).contains("Model answer"), "{reveal:#}");
    assert!(embed_text(&reveal).contains("Key points"));

    let good = button_ids(&reveal)
        .into_iter()
        .find(|i| i.starts_with("pb1:grade-good:"))
        .expect("a Good button");
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &good);
    let graded = bot.fake.callback_for(click).await;
    assert!(is_ephemeral(&graded));
    assert!(embed_text(&graded).contains("+5 points"), "{graded:#}");
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM attempts WHERE grade = 'good'")
            .await,
        1
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_forged_or_malformed_button_id_is_refused_and_nothing_is_stored() {
    let mut bot = start().await;
    // A real card, drawn in the other server.
    let id = bot
        .fake
        .slash_command(OTHER_GUILD, CHANNEL, &ada(), "quiz", json!([]));
    let elsewhere = bot.fake.callback_for(id).await;
    let foreign_good = button_with(&elsewhere, "reveal").replace("reveal", "grade-good");

    for forged in [
        foreign_good.as_str(),
        "pb1:grade-good:999999",
        "pb1:grade-good:abc",
        "pb1:grade-perfect:1",
        "rm -rf /",
        &format!("pb1:reveal:{}", "9".repeat(1_000)),
        &format!("pb1:{}:1", "x".repeat(1_000)),
        &":".repeat(1_000),
        "pb1:grade-good:1\u{0}",
        "pb1:grade-good:\u{202E}1",
        "pb1:grade-good:'); DROP TABLE attempts;--",
    ] {
        let click = bot.fake.click(GUILD, CHANNEL, &ada(), forged);
        let reply = bot.fake.callback_for(click).await;
        let forged: String = forged.chars().take(40).collect();
        assert!(is_ephemeral(&reply), "{forged}: {reply:#}");
        let text = embed_text(&reply);
        assert!(
            text.contains("not one prepbot recognises") || text.contains("not one of yours"),
            "{forged}: {text}"
        );
    }
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM attempts").await, 0);
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM review_cards").await, 0);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_refused_quiz_is_shown_only_to_the_caller_and_says_what_is_wrong() {
    let mut bot = start().await;
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", topic_option("transformrs"));
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(
        embed_text(&reply).contains("No topic `transformrs`. Did you mean `transformers`?"),
        "{reply:#}"
    );
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM cards").await, 0);
    bot.shut_down().await;
}

fn setup_options(time: &str) -> Value {
    json!([{"name": "setup", "type": 1, "options": [
        {"name": "time", "type": 3, "value": time},
        {"name": "timezone", "type": 3, "value": "Europe/Berlin"},
        {"name": "reveal_after", "type": 4, "value": 60},
    ]}])
}

#[tokio::test]
async fn prepbot_setup_by_a_member_without_manage_server_is_refused_and_stores_nothing() {
    let mut bot = start().await;
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "prepbot", setup_options("09:30"));
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(embed_text(&reply).contains("Manage Server"), "{reply:#}");
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM subscriptions").await, 0);

    let admin = FakeMember::admin(12, "Grace");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &admin, "prepbot", setup_options("09:30"));
    let reply = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&reply).contains("Daily question set up"),
        "{reply:#}"
    );
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM subscriptions").await, 1);

    let registered = bot
        .fake
        .requests()
        .into_iter()
        .find(|r| r.method == Method::PUT && r.path.ends_with("/commands"))
        .expect("registration");
    let prepbot = registered
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "prepbot")
        .cloned()
        .expect("/prepbot registered");
    assert_eq!(prepbot["default_member_permissions"], "32", "{prepbot:#}");
    bot.shut_down().await;
}

/// Sets up 09:30 Berlin with a 60-minute reveal, then runs the scheduler at
/// 09:30 Berlin (08:30 UTC).
async fn post_todays_daily(bot: &Running) -> Scheduler {
    let admin = FakeMember::admin(12, "Grace");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &admin, "prepbot", setup_options("09:30"));
    bot.fake.callback_for(id).await;
    let scheduler = Scheduler::new(
        bot.app.engine.clone(),
        Arc::new(bot.poster.clone()),
        &Settings::default().daily,
    );
    bot.app.set_time(utc("2026-11-28T08:30:00Z"));
    let report = scheduler.tick(utc("2026-11-28T08:30:00Z")).await;
    assert_eq!(report.sent, 1, "{report:?}");
    scheduler
}

#[tokio::test]
async fn a_scheduled_daily_post_goes_out_once_with_a_thread_and_its_answer_later() {
    let mut bot = start().await;
    let scheduler = post_todays_daily(&bot).await;
    let posts = bot.fake.messages_in(CHANNEL);
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    assert!(post.body["embeds"].to_string().contains("Daily question"));
    assert_eq!(post.body["enforce_nonce"], true);
    assert_eq!(
        post.body["nonce"].as_str().map(str::len).map(|n| n <= 25),
        Some(true)
    );
    assert!(pings_nobody(&post.body));
    let ids: Vec<String> = post.body["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        ids[0].starts_with("pb1:reveal:") && ids[1].starts_with("pb1:answer:"),
        "{ids:?}"
    );
    let threads: Vec<_> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/threads"))
        .collect();
    assert_eq!(threads.len(), 1);
    assert_eq!(
        threads[0].path,
        format!("/api/v10/channels/{CHANNEL}/messages/{}/threads", post.id)
    );

    // More rounds the same day post nothing more.
    for minutes in [1, 10, 30] {
        let at = utc("2026-11-28T08:30:00Z") + chrono::Duration::minutes(minutes);
        bot.app.set_time(at);
        scheduler.tick(at).await;
    }
    assert_eq!(bot.fake.messages_in(CHANNEL).len(), 1);

    // An hour later the answer goes into the thread (whose id is the post's).
    let later = utc("2026-11-28T09:31:00Z");
    bot.app.set_time(later);
    assert_eq!(scheduler.tick(later).await.revealed, 1);
    let in_thread = bot.fake.messages_in(post.id);
    assert_eq!(in_thread.len(), 1, "the answer is posted in the thread");
    assert!(
        in_thread[0].body["embeds"]
            .to_string()
            .contains("The answer")
    );
    assert!(pings_nobody(&in_thread[0].body));
    bot.shut_down().await;
}

#[tokio::test]
async fn a_resend_after_a_crash_between_send_and_mark_shows_one_post() {
    let mut bot = start().await;
    post_todays_daily(&bot).await;
    let first = bot.fake.messages_in(CHANNEL)[0].clone();
    // The crash: the post went out but was never marked; the same claimed
    // post is sent again with the same nonce.
    let engine = &bot.app.engine;
    let claimed = engine
        .todays_daily(
            &support::member(&GUILD.to_string(), "Grace"),
            &CHANNEL.to_string(),
        )
        .await
        .unwrap()
        .expect("today's card");
    let nonce = first.body["nonce"].as_str().unwrap().to_owned();
    let post = prepbot::engine::DailyPost {
        post_id: 1,
        subscription_id: 1,
        workspace_id: 1,
        channel_id: CHANNEL.to_string(),
        local_date: "2026-11-28".to_owned(),
        scheduled_at: utc("2026-11-28T08:30:00Z"),
        nonce,
        card: claimed,
        failed_tries: 0,
        reveal_after: None,
    };
    use prepbot::scheduler::Poster;
    let receipt = bot
        .poster
        .post_daily(&post)
        .await
        .expect("the resend succeeds");
    assert_eq!(
        receipt.message_id,
        first.id.to_string(),
        "Discord returns the first message"
    );
    assert_eq!(
        receipt.thread_id,
        Some(first.id.to_string()),
        "the existing thread is kept"
    );
    assert_eq!(bot.fake.messages_in(CHANNEL).len(), 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_and_the_post_retried_once() {
    let mut bot = start().await;
    bot.fake.rate_limit_next(
        Method::POST,
        &format!("/api/v10/channels/{CHANNEL}/messages"),
        1.0,
    );
    post_todays_daily(&bot).await;
    let sends: Vec<_> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| {
            r.method == Method::POST && r.path == format!("/api/v10/channels/{CHANNEL}/messages")
        })
        .collect();
    assert_eq!(sends.len(), 2, "refused once, then sent");
    assert_eq!(sends[0].status, 429);
    assert_eq!(sends[1].status, 200);
    let waited = sends[1].at - sends[0].at;
    assert!(
        waited >= Duration::from_millis(1_000),
        "waited only {waited:?}"
    );
    assert_eq!(
        bot.fake.messages_in(CHANNEL).len(),
        1,
        "nothing lost, nothing doubled"
    );
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM daily_posts WHERE message_id IS NOT NULL")
            .await,
        1
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_members_answer_and_name_with_everyone_ping_nobody() {
    let mut bot = start().await;
    post_todays_daily(&bot).await;
    let post = bot.fake.messages_in(CHANNEL)[0].clone();
    let answer_id = post.body["components"][0]["components"][1]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let troll = FakeMember::new(13, "@everyone");

    // The Answer button opens a modal ...
    let click = bot.fake.click(GUILD, CHANNEL, &troll, &answer_id);
    let modal = bot.fake.callback_for(click).await;
    assert_eq!(modal["type"], 9, "a modal: {modal:#}");
    assert_eq!(modal["data"]["custom_id"], answer_id.as_str());

    // ... whose answer is checked privately, pinging nobody.
    let text = "@everyone <@&700000000000000001> <@11> attention weighs every token";
    let submit = bot
        .fake
        .submit_modal(GUILD, CHANNEL, &troll, &answer_id, "answer", text);
    let reply = bot.fake.callback_for(submit).await;
    assert!(is_ephemeral(&reply));
    assert!(embed_text(&reply).contains("key points"), "{reply:#}");
    assert!(pings_nobody(&reply["data"]), "{reply:#}");

    // The member's name shows on the public leaderboard, pinging nobody.
    let good = button_ids(&reply)
        .into_iter()
        .find(|i| i.starts_with("pb1:grade-good:"))
        .unwrap();
    let click = bot.fake.click(GUILD, CHANNEL, &troll, &good);
    bot.fake.callback_for(click).await;
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "leaderboard", json!([]));
    let board = bot.fake.callback_for(id).await;
    assert!(embed_text(&board).contains("@everyone"), "{board:#}");
    assert!(!is_ephemeral(&board));
    assert!(pings_nobody(&board["data"]), "{board:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn after_the_gateway_drops_the_bot_reconnects_and_handles_the_next_interaction() {
    let mut bot = start().await;
    assert_eq!(bot.fake.connections(), 1);
    bot.fake.drop_gateway();
    bot.fake
        .wait_until("the bot to come back", || {
            (bot.fake.resumes() + bot.fake.identifies() >= 2).then_some(())
        })
        .await;
    assert_eq!(bot.fake.connections(), 2);
    assert_eq!(
        (bot.fake.identifies(), bot.fake.resumes()),
        (1, 1),
        "serenity resumes the session rather than identifying again"
    );
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "topics", json!([]));
    let reply = bot.fake.callback_for(id).await;
    assert!(embed_text(&reply).contains("transformers"), "{reply:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn after_an_invalid_session_the_bot_identifies_again_and_handles_the_next_interaction() {
    let mut bot = start().await;
    bot.fake.invalidate_session();
    bot.fake
        .wait_until("a second IDENTIFY", || {
            (bot.fake.identifies() >= 2).then_some(())
        })
        .await;
    assert_eq!(bot.fake.resumes(), 0);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "topics", json!([]));
    let reply = bot.fake.callback_for(id).await;
    assert!(embed_text(&reply).contains("transformers"), "{reply:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn buttons_keep_working_after_a_restart() {
    let mut bot = start().await;
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", json!([]));
    let quiz = bot.fake.callback_for(id).await;
    let reveal = button_with(&quiz, "reveal");
    bot.shut_down().await;

    let (poster, stop, task) = connect(&bot.fake, bot.app.engine.clone()).await;
    bot.poster = poster;
    bot.stop = Some(stop);
    bot.task = task;
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &reveal);
    let reply = bot.fake.callback_for(click).await;
    assert!(embed_text(&reply).contains("Model answer"), "{reply:#}");
    let hard = button_ids(&reply)
        .into_iter()
        .find(|i| i.starts_with("pb1:grade-hard:"))
        .unwrap();
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &hard);
    bot.fake.callback_for(click).await;
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM attempts WHERE grade = 'hard'")
            .await,
        1
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn topic_autocomplete_offers_matching_topics() {
    let mut bot = start().await;
    let id = {
        let options = json!([{"name": "topic", "type": 3, "value": "trans", "focused": true}]);
        let data = json!({"id": "77", "name": "quiz", "type": 1, "options": options});
        let id = 555_000;
        bot.fake.dispatch(
            "INTERACTION_CREATE",
            fake_discord::interaction_json(id, 4, GUILD, CHANNEL, &ada(), data, None),
        );
        id
    };
    let reply = bot.fake.callback_for(id).await;
    assert_eq!(reply["type"], 8, "{reply:#}");
    let values: Vec<&str> = reply["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert_eq!(values.first(), Some(&"transformers"), "{reply:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn work_slower_than_the_deadline_is_deferred_then_answered() {
    let mut bot = start().await;
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", json!([]));
    let quiz = bot.fake.callback_for(id).await;
    let good = button_with(&quiz, "reveal").replace("reveal", "grade-good");

    // Another writer holds the database for 2.5 s, so the grade must wait.
    let path = bot.app.dir.path().join("prepbot.db");
    let blocker = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            use sqlx::Connection;
            let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut db)
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(2_500)).await;
            sqlx::query("COMMIT").execute(&mut db).await.unwrap();
        });
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &good);
    let first = bot.fake.callback_for(click).await;
    assert_eq!(first["type"], 5, "deferred first: {first:#}");
    assert!(is_ephemeral(&first));
    let edit = bot
        .fake
        .wait_for_request("the deferred reply", |r| {
            r.method == Method::PATCH
                && r.path
                    .ends_with(&format!("token-{click}/messages/@original"))
        })
        .await;
    assert!(
        edit.body["embeds"].to_string().contains("points"),
        "{:#}",
        edit.body
    );
    assert!(pings_nobody(&edit.body));
    blocker.join().unwrap();
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM attempts").await, 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn the_bot_heartbeats_as_hello_asks_and_keeps_its_one_connection() {
    let fake = FakeDiscord::start(&[(GUILD, "Study Group")], 250).await;
    let app = spawn_app(utc("2026-11-28T08:00:00Z")).await;
    let (_poster, stop, task) = connect(&fake, app.engine.clone()).await;
    fake.wait_until("three heartbeats", || {
        (fake.heartbeats() >= 3).then_some(())
    })
    .await;
    assert_eq!(
        fake.connections(),
        1,
        "acknowledged heartbeats keep the connection"
    );
    let id = fake.slash_command(GUILD, CHANNEL, &ada(), "topics", json!([]));
    assert_eq!(fake.callback_for(id).await["type"], 4);
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn commands_register_in_one_guild_when_a_dev_guild_is_set_and_globally_otherwise() {
    let fake = FakeDiscord::start(&[(GUILD, "Study Group")], 41_250).await;
    let app = spawn_app(utc("2026-11-28T08:00:00Z")).await;
    let settings = DiscordSettings {
        dev_guild_id: std::num::NonZeroU64::new(GUILD),
        ..settings_for(&fake)
    };
    let (_poster, stop, task) = connect_with(&fake, app.engine.clone(), settings).await;
    let registrations: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == Method::PUT)
        .map(|r| r.path)
        .collect();
    assert_eq!(
        registrations,
        [format!(
            "/api/v10/applications/{}/guilds/{GUILD}/commands",
            fake_discord::APP_ID
        )]
    );
    let _ = stop.send(());
    task.await.unwrap().unwrap();

    let (_poster, stop, task) = connect(&fake, app.engine.clone()).await;
    let last = fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.method == Method::PUT)
        .unwrap();
    assert_eq!(
        last.path,
        format!("/api/v10/applications/{}/commands", fake_discord::APP_ID)
    );
    let names: Vec<&str> = last
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    for expected in [
        "quiz",
        "daily",
        "reveal",
        "answer",
        "interview",
        "review",
        "streak",
        "leaderboard",
        "stats",
        "topics",
        "settings",
        "prepbot",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn stats_shows_the_table_and_the_stats_card() {
    let mut bot = start().await;
    quiz_and_grade_good(&bot, &ada()).await;

    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "stats", json!([]));
    let path = format!("/api/v10/interactions/{id}/");
    let callback = bot
        .fake
        .wait_for_request("the stats reply", |r| r.path.starts_with(&path))
        .await;
    assert!(is_ephemeral(&callback.body), "{:#}", callback.body);
    let embed = &callback.body["data"]["embeds"][0];
    assert!(
        embed["description"]
            .as_str()
            .unwrap()
            .contains("1 attempt, 100% recalled, 5 points"),
        "{embed:#}"
    );
    assert_eq!(embed["image"]["url"], "attachment://prepbot-stats.png");
    assert_eq!(callback.files.len(), 1);
    let (name, png) = &callback.files[0];
    assert_eq!(name, "prepbot-stats.png");
    assert_eq!(png_size_and_corner(png).0, 720);
    bot.shut_down().await;
}

#[tokio::test]
async fn streak_of_another_member_speaks_of_them_and_a_bot_is_refused() {
    let mut bot = start().await;
    let grace = FakeMember::new(12, "Grace");
    quiz_and_grade_good(&bot, &grace).await;

    let mention = |user: u64, name: &str, is_bot: bool| {
        json!({"id": "80", "name": "streak", "type": 1, "guild_id": GUILD.to_string(),
        "options": [{"name": "member", "type": 6, "value": user.to_string()}],
        "resolved": {"users": {user.to_string(): {
            "id": user.to_string(), "username": name.to_lowercase(), "discriminator": "0",
            "global_name": name, "avatar": null, "bot": is_bot,
        }}}})
    };
    let ask = |data: Value| {
        bot.fake
            .slash_command_with_data(GUILD, CHANNEL, &ada(), data)
    };
    let id = ask(mention(12, "Grace", false));
    let reply = bot.fake.callback_for(id).await;
    let text = embed_text(&reply);
    assert!(text.contains("Streak · Grace"), "{reply:#}");
    assert!(
        text.contains("Streak: 1 day") && text.contains("Practised today."),
        "{text}"
    );
    assert!(!text.contains("You have"), "{text}");

    let id = ask(mention(fake_discord::BOT_ID, "prepbot", true));
    let reply = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&reply).contains("Bots do not practise"),
        "{reply:#}"
    );
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM members WHERE display_name = 'prepbot'")
            .await,
        0
    );
    bot.shut_down().await;
}

/// The question id an embed's footer starts with (`genai-018 · ...`).
fn footer_question_id(reply: &Value) -> String {
    reply["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .and_then(|footer| footer.split(' ').next())
        .unwrap_or_default()
        .to_owned()
}

fn description(reply: &Value) -> String {
    reply["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The value of the embed field called `name`.
fn embed_field(reply: &Value, name: &str) -> Option<String> {
    reply["data"]["embeds"][0]["fields"]
        .as_array()?
        .iter()
        .find(|field| field["name"] == name)
        .and_then(|field| field["value"].as_str())
        .map(str::to_owned)
}

/// `/interview transformers` by Ada: the private card, its Answer button's
/// id, and the answers the tests give about its question.
async fn start_an_interview(bot: &Running) -> (Value, String, support::interview::Answers) {
    support::interview::for_every_question_in(&bot.app.engine, "transformers");
    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        &ada(),
        "interview",
        topic_option("transformers"),
    );
    let card = bot.fake.callback_for(id).await;
    let answer = button_with(&card, "interview");
    let answers = support::interview::answers_for(&bot.app.engine, &footer_question_id(&card))
        .expect("answers for the drawn question");
    (card, answer, answers)
}

#[tokio::test]
async fn a_mock_interview_follows_up_on_what_the_first_answer_missed_then_sums_up_and_its_grade_counts()
 {
    let mut bot = start().await;
    let (card, answer_id, answers) = start_an_interview(&bot).await;
    assert!(is_ephemeral(&card), "Ada's own interview: {card:#}");
    assert!(pings_nobody(&card["data"]), "{card:#}");
    assert!(
        embed_text(&card).contains("Mock interview: Transformer Architecture"),
        "{card:#}"
    );
    assert_eq!(
        button_ids(&card),
        vec![answer_id.clone()],
        "one Answer button"
    );
    let card_id = answer_id.rsplit(':').next().unwrap().to_owned();

    // Answer opens the answer modal ...
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &answer_id);
    let modal = bot.fake.callback_for(click).await;
    assert_eq!(modal["type"], 9, "a modal: {modal:#}");
    assert_eq!(modal["data"]["custom_id"], answer_id.as_str());
    assert_eq!(modal["data"]["title"], "Your answer");

    // ... and an answer that misses a key point is asked about it.
    let submit = bot.fake.submit_modal(
        GUILD,
        CHANNEL,
        &ada(),
        &answer_id,
        "answer",
        &answers.partial,
    );
    let follow_up = bot.fake.callback_for(submit).await;
    assert!(is_ephemeral(&follow_up), "{follow_up:#}");
    assert!(pings_nobody(&follow_up["data"]), "{follow_up:#}");
    assert!(
        description(&follow_up).contains(&answers.missed),
        "the follow-up asks about `{}`: {follow_up:#}",
        answers.missed
    );
    let follow_up_id = format!("pb1:followup-{}:{card_id}", answers.mask());
    assert_eq!(
        button_ids(&follow_up),
        vec![follow_up_id.clone()],
        "the follow-up's button carries what the first answer covered"
    );
    assert_eq!(
        bot.app.count("SELECT COUNT(*) FROM attempts").await,
        0,
        "nothing is recorded between the answers"
    );

    // The follow-up's own modal ...
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &follow_up_id);
    let modal = bot.fake.callback_for(click).await;
    assert_eq!(modal["type"], 9, "a modal: {modal:#}");
    assert_eq!(modal["data"]["custom_id"], follow_up_id.as_str());
    assert_eq!(modal["data"]["title"], "Your follow-up answer");

    // ... ends the interview with what both answers covered together.
    let submit = bot.fake.submit_modal(
        GUILD,
        CHANNEL,
        &ada(),
        &follow_up_id,
        "answer",
        &answers.rest,
    );
    let summary = bot.fake.callback_for(submit).await;
    assert!(is_ephemeral(&summary), "{summary:#}");
    assert!(pings_nobody(&summary["data"]), "{summary:#}");
    let text = description(&summary);
    let total = answers.key_points.len();
    let first = answers.partial_covers.iter().filter(|c| **c).count();
    let both = answers.covered_across_both(&bot.app.engine);
    assert!(both > first, "the second answer adds to the first");
    assert!(
        text.contains(&format!("covered {both} of {total} key points")),
        "{text}"
    );
    for point in &answers.key_points {
        assert!(text.contains(point.as_str()), "`{point}` is listed: {text}");
    }
    assert_eq!(
        embed_field(&summary, "Model answer").as_deref(),
        Some(answers.model_answer.as_str())
    );
    let grades: Vec<String> = ["again", "hard", "good", "easy"]
        .iter()
        .map(|grade| format!("pb1:grade-{grade}:{card_id}"))
        .collect();
    assert_eq!(
        button_ids(&summary),
        grades,
        "the grade buttons, as after a reveal"
    );

    // Grading it counts as practice, like a quiz.
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &grades[2]);
    let graded = bot.fake.callback_for(click).await;
    assert!(embed_text(&graded).contains("Graded good"), "{graded:#}");
    assert!(embed_text(&graded).contains("+5 points"), "{graded:#}");
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM attempts").await, 1);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "streak", json!([]));
    let streak = bot.fake.callback_for(id).await;
    let streak = embed_text(&streak);
    assert!(
        streak.contains("Streak: 1 day") && streak.contains("You have practised today."),
        "{streak}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn an_interview_answer_that_covers_every_key_point_goes_straight_to_the_summary() {
    let mut bot = start().await;
    let (_, answer_id, answers) = start_an_interview(&bot).await;
    let card_id = answer_id.rsplit(':').next().unwrap().to_owned();
    let submit = bot
        .fake
        .submit_modal(GUILD, CHANNEL, &ada(), &answer_id, "answer", &answers.full);
    let summary = bot.fake.callback_for(submit).await;
    assert!(is_ephemeral(&summary), "{summary:#}");
    let text = description(&summary);
    let total = answers.key_points.len();
    assert!(
        text.starts_with("No follow-up needed: your answer reached every key point."),
        "{text}"
    );
    assert!(
        text.contains(&format!("covered {total} of {total} key points")),
        "{text}"
    );
    assert_eq!(
        embed_field(&summary, "Model answer").as_deref(),
        Some(answers.model_answer.as_str())
    );
    let ids = button_ids(&summary);
    assert_eq!(ids.len(), 4, "only the grade buttons: {ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.starts_with("pb1:grade-") && id.ends_with(&format!(":{card_id}"))),
        "{ids:?}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_forged_follow_up_id_is_refused_with_the_usual_words_and_nothing_is_stored() {
    let mut bot = start().await;
    let (_, answer_id, _) = start_an_interview(&bot).await;
    let card = answer_id.rsplit(':').next().unwrap().to_owned();
    let id = bot.fake.slash_command(
        OTHER_GUILD,
        CHANNEL,
        &ada(),
        "interview",
        topic_option("transformers"),
    );
    let elsewhere = button_with(&bot.fake.callback_for(id).await, "interview");
    let foreign = elsewhere.rsplit(':').next().unwrap().to_owned();

    for forged in [
        format!("pb1:followup-256:{card}"),
        format!("pb1:followup-007:{card}"),
        format!("pb1:followup--1:{card}"),
        format!("pb1:followup-0x1:{card}"),
        format!("pb1:followup:{card}"),
        "pb1:followup-1".to_owned(),
    ] {
        let click = bot.fake.click(GUILD, CHANNEL, &ada(), &forged);
        let reply = bot.fake.callback_for(click).await;
        assert!(is_ephemeral(&reply), "{forged}: {reply:#}");
        assert!(
            embed_text(&reply).contains("not one prepbot recognises"),
            "{forged}: {reply:#}"
        );
        // A modal prepbot never opened, submitted all the same.
        let submit = bot
            .fake
            .submit_modal(GUILD, CHANNEL, &ada(), &forged, "answer", "attention");
        let reply = bot.fake.callback_for(submit).await;
        assert!(
            embed_text(&reply).contains("not one prepbot recognises"),
            "{forged}: {reply:#}"
        );
    }
    // A well-formed id on another server's card.
    let submit = bot.fake.submit_modal(
        GUILD,
        CHANNEL,
        &ada(),
        &format!("pb1:followup-1:{foreign}"),
        "answer",
        "attention",
    );
    let reply = bot.fake.callback_for(submit).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(embed_text(&reply).contains("not one of yours"), "{reply:#}");
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM attempts").await, 0);
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM review_cards").await, 0);
    bot.shut_down().await;
}

/// Waits up to `seconds` for a child process to exit.
async fn exit_status(child: &mut std::process::Child, seconds: u64) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "prepbot did not stop within {seconds} s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn prepbot_run_serves_commands_posts_the_daily_question_and_stops_on_sigterm() {
    let fake = FakeDiscord::start(&[(GUILD, "Study Group")], 41_250).await;
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_prepbot"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("PREPBOT__")) {
        command.env_remove(name);
    }
    let mut child = command
        .arg("run")
        .env("DISCORD_TOKEN", "fake-token")
        .env("PREPBOT__DISCORD__API_BASE_URL", fake.base_url())
        .env("PREPBOT__DATABASE__PATH", dir.path().join("prepbot.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .env("PREPBOT__LOGGING__FILTER", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("prepbot starts");
    fake.wait_until("the slash commands to be registered", || {
        (count_registrations(&fake) > 0).then_some(())
    })
    .await;

    // A daily question a few seconds from now, as a cron with seconds.
    let at = chrono::Utc::now() + chrono::Duration::seconds(4);
    let cron = at.format("%S %M %H * * *").to_string();
    let options = json!([{"name": "setup", "type": 1, "options": [
        {"name": "time", "type": 3, "value": cron},
        {"name": "timezone", "type": 3, "value": "UTC"},
    ]}]);
    let admin = FakeMember::admin(12, "Grace");
    let id = fake.slash_command(GUILD, CHANNEL, &admin, "prepbot", options);
    let reply = fake.callback_for(id).await;
    assert!(
        embed_text(&reply).contains("Daily question set up"),
        "{reply:#}"
    );

    let post = fake
        .wait_until("the daily post", || {
            fake.messages_in(CHANNEL).into_iter().next()
        })
        .await;
    assert!(post.body["embeds"].to_string().contains("Daily question"));
    fake.wait_for_request("the thread", |r| {
        r.path == format!("/api/v10/channels/{CHANNEL}/messages/{}/threads", post.id)
    })
    .await;

    let pid = child.id().to_string();
    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let status = exit_status(&mut child, 10).await;
    assert!(status.success(), "prepbot exited with {status}");
    assert_eq!(fake.messages_in(CHANNEL).len(), 1);
    // A clean stop folds the write-ahead log into the database file.
    let wal = dir.path().join("prepbot.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "SIGTERM leaves nothing in the write-ahead log"
    );
}

#[tokio::test]
async fn a_mock_interview_judged_by_the_llm_is_deferred_while_it_thinks_then_asks_its_follow_up() {
    use fake_llm::{FakeLlm, Scripted};
    let llm = FakeLlm::start().await;
    let first = "Every token looks at every other token in the same sequence.";
    let second = "Q, K and V are projections of the same input, scaled by root d_k.";
    // The first verdict takes longer than Discord's deadline allows.
    let (first_verdict, second_verdict) = fake_llm::interview_verdicts("Now complete. @everyone");
    llm.then(Scripted::After(
        Duration::from_millis(2_200),
        Box::new(first_verdict),
    ))
    .then(second_verdict);
    let fake =
        FakeDiscord::start(&[(GUILD, "Study Group"), (OTHER_GUILD, "Elsewhere")], 2_000).await;
    let base_url = llm.base_url.clone();
    let app = support::spawn_app_with(utc("2026-11-28T08:00:00Z"), move |s| {
        s.judge.kind = prepbot::config::JudgeKind::Llm;
        s.judge.base_url = Some(BaseUrl::try_from(base_url).unwrap());
        s.judge.model = Some("interviewer-7b".into());
    })
    .await;
    let (poster, stop, task) = connect(&fake, app.engine.clone()).await;
    let mut bot = Running {
        fake,
        app,
        poster,
        stop: Some(stop),
        task,
    };

    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        &ada(),
        "interview",
        topic_option("genai-018"),
    );
    let card = bot.fake.callback_for(id).await;
    let answer_id = button_with(&card, "interview");
    let card_id = answer_id.rsplit(':').next().unwrap().to_owned();
    let submit = bot
        .fake
        .submit_modal(GUILD, CHANNEL, &ada(), &answer_id, "answer", first);
    let acknowledged = bot.fake.callback_for(submit).await;
    assert_eq!(
        acknowledged["type"], 5,
        "deferred while the judge thinks: {acknowledged:#}"
    );
    assert!(is_ephemeral(&acknowledged));
    let follow_up = bot
        .fake
        .wait_for_request("the follow-up, edited in", |r| {
            r.method == Method::PATCH
                && r.path
                    .ends_with(&format!("token-{submit}/messages/@original"))
        })
        .await;
    let text = follow_up.body["embeds"].to_string();
    assert!(
        text.contains("Follow-up: Where do the queries, keys and values come from?"),
        "{:#}",
        follow_up.body
    );
    let follow_up_id = format!("pb1:followup-3:{card_id}");
    assert!(
        follow_up.body["components"]
            .to_string()
            .contains(&follow_up_id),
        "{:#}",
        follow_up.body
    );

    let submit = bot
        .fake
        .submit_modal(GUILD, CHANNEL, &ada(), &follow_up_id, "answer", second);
    let summary = bot.fake.callback_for(submit).await;
    assert!(pings_nobody(&summary["data"]), "{summary:#}");
    let text = description(&summary);
    assert!(text.contains("covered 4 of 4 key points"), "{text}");
    assert!(
        text.contains("— “scaled by root d_k”"),
        "the judge's quote: {text}"
    );
    assert!(
        text.contains("AI judge (suggests Good): Now complete."),
        "{text}"
    );
    assert!(!text.contains("@everyone"), "{text}");
    let good = format!("pb1:grade-good:{card_id}");
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), &good);
    let graded = bot.fake.callback_for(click).await;
    assert!(embed_text(&graded).contains("points"), "{graded:#}");
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(llm.seen().len(), 2);
    bot.shut_down().await;
}

#[tokio::test]
async fn prepbot_reload_rereads_the_bank_for_admins_only() {
    let mut bot = start().await;
    let reload = json!([{"name": "reload", "type": 1, "options": []}]);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "prepbot", reload.clone());
    let refused = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&refused).contains("Manage Server"),
        "{refused:#}"
    );

    let admin = FakeMember::admin(12, "Grace");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &admin, "prepbot", reload);
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    let text = embed_text(&reply);
    assert!(text.contains("Bank reloaded"), "{reply:#}");
    assert!(
        text.contains("Reloaded the question bank: 100 questions now.\\nNothing changed."),
        "{reply:#}"
    );
    bot.shut_down().await;
}

/// A command as prepbot registered it with Discord.
fn registered_command(bot: &Running, name: &str) -> Value {
    bot.fake
        .requests()
        .into_iter()
        .find(|r| r.method == Method::PUT && r.path.ends_with("/commands"))
        .expect("registration")
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("/{name} registered"))
}

/// `/report` options as a member fills them: the reason picked from the
/// choices prepbot registered, the question and text typed.
fn report_options(bot: &Running, reason: &str, question: Option<&str>, text: &str) -> Value {
    let report = registered_command(bot, "report");
    let option = report["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "reason")
        .cloned()
        .expect("a reason option");
    let choice = option["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().starts_with(reason))
        .cloned()
        .unwrap_or_else(|| panic!("no `{reason}` choice in {option:#}"));
    let mut options =
        vec![json!({"name": "reason", "type": option["type"], "value": choice["value"]})];
    if let Some(question) = question {
        options.push(json!({"name": "question", "type": 3, "value": question}));
    }
    options.push(json!({"name": "text", "type": 3, "value": text}));
    Value::Array(options)
}

fn admin_subcommand(name: &str, options: Value) -> Value {
    json!([{"name": name, "type": 1, "options": options}])
}

#[tokio::test]
async fn a_report_is_private_admins_list_and_close_it_and_a_member_is_refused_the_admin_commands() {
    let mut bot = start().await;
    let grace = FakeMember::admin(12, "Grace");
    // Ada's last card is genai-018, so a report without an id is on it.
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", topic_option("genai-018"));
    bot.fake.callback_for(id).await;
    let options = report_options(&bot, "outdated", None, "sizes from 2023 @everyone <@&1>");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "report", options);
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(pings_nobody(&reply["data"]), "{reply:#}");
    assert!(
        embed_text(&reply).contains("genai-018 is reported as outdated"),
        "{reply:#}"
    );
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM reports WHERE question_id = 'genai-018' AND reason = 'outdated'")
            .await,
        1
    );

    // A member without Manage Server is refused both admin commands.
    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        &ada(),
        "prepbot",
        admin_subcommand("reports", json!([])),
    );
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(embed_text(&reply).contains("Manage Server"), "{reply:#}");
    assert!(!embed_text(&reply).contains("genai-018"), "{reply:#}");
    let close = admin_subcommand(
        "close-report",
        json!([{"name": "report", "type": 4, "value": 1}, {"name": "note", "type": 3, "value": "mine"}]),
    );
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "prepbot", close.clone());
    let reply = bot.fake.callback_for(id).await;
    assert!(embed_text(&reply).contains("Manage Server"), "{reply:#}");
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM reports WHERE closed_at IS NOT NULL")
            .await,
        0,
        "a refused close changes nothing"
    );

    // The admin's reveal carries the mark; the member's never does.
    let reveal = json!([{"name": "question", "type": 3, "value": "genai-018"}]);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "reveal", reveal.clone());
    let reply = bot.fake.callback_for(id).await;
    assert!(embed_text(&reply).contains("⚑ reported"), "{reply:#}");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "reveal", reveal);
    let reply = bot.fake.callback_for(id).await;
    assert!(!embed_text(&reply).contains("reported"), "{reply:#}");

    // The admin lists it with its number, then closes it once.
    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        &grace,
        "prepbot",
        admin_subcommand("reports", json!([])),
    );
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(
        embed_text(&reply).contains("#1 genai-018 · outdated · by Ada on 28 Nov 2026"),
        "{reply:#}"
    );
    let close = admin_subcommand(
        "close-report",
        json!([{"name": "report", "type": 4, "value": 1}, {"name": "note", "type": 3, "value": "updated the sizes"}]),
    );
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", close.clone());
    let reply = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&reply).contains(
            "Report #1 on genai-018 (outdated, by Ada) is closed with the note “updated the sizes”."
        ),
        "{reply:#}"
    );
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", close);
    let reply = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&reply)
            .contains("Report 1 is already closed (by Grace, 28 Nov 2026 08:00 UTC)."),
        "{reply:#}"
    );
    // Another server's admin cannot see or close it.
    let id = bot.fake.slash_command(
        OTHER_GUILD,
        CHANNEL,
        &grace,
        "prepbot",
        admin_subcommand(
            "close-report",
            json!([{"name": "report", "type": 4, "value": 1}]),
        ),
    );
    let reply = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&reply).contains("There is no report 1 here"),
        "{reply:#}"
    );
    bot.shut_down().await;
}

/// Copies the shipped bank into `dir`, so a test can change it.
fn copy_of_the_shipped_bank(dir: &std::path::Path) {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    for entry in std::fs::read_dir(shipped).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_quizzes_while_the_bank_reloads_all_get_a_card() {
    let bank = tempfile::tempdir().unwrap();
    copy_of_the_shipped_bank(bank.path());
    let fake =
        FakeDiscord::start(&[(GUILD, "Study Group"), (OTHER_GUILD, "Elsewhere")], 2_000).await;
    let bank_path = bank.path().to_path_buf();
    let app = support::spawn_app_with(utc("2026-11-28T08:00:00Z"), move |s| {
        s.bank.questions_dir = bank_path
    })
    .await;
    let settings = DiscordSettings {
        requests_per_second: std::num::NonZeroU32::new(10_000).unwrap(),
        ..settings_for(&fake)
    };
    let (poster, stop, task) = connect_with(&fake, app.engine.clone(), settings).await;
    let mut bot = Running {
        fake,
        app,
        poster,
        stop: Some(stop),
        task,
    };
    let transformers = bank.path().join("transformers.toml");
    let original = std::fs::read_to_string(&transformers).unwrap();
    let admin = FakeMember::admin(12, "Grace");
    let reload = json!([{"name": "reload", "type": 1, "options": []}]);

    let mut quizzes = Vec::new();
    let mut reloads = Vec::new();
    for n in 0..200u64 {
        let member = FakeMember::new(100 + n % 25, "Member");
        quizzes.push(bot.fake.slash_command(
            GUILD,
            CHANNEL,
            &member,
            "quiz",
            topic_option("transformers"),
        ));
        if n % 40 == 0 {
            // Every other reload finds a changed answer.
            let text = if n % 80 == 0 {
                original.replace(
                    "Attention in which a sequence attends to itself",
                    "Attention where a sequence attends to itself",
                )
            } else {
                original.clone()
            };
            // Written whole and renamed into place, as editors save, so a
            // reload still reading the folder never sees half a file.
            let fresh = bank.path().join("transformers.toml.new");
            std::fs::write(&fresh, text).unwrap();
            std::fs::rename(&fresh, &transformers).unwrap();
            reloads.push(
                bot.fake
                    .slash_command(GUILD, CHANNEL, &admin, "prepbot", reload.clone()),
            );
        }
    }

    for id in reloads {
        let reply = bot.fake.callback_for(id).await;
        let text = match reply["type"].as_u64() {
            Some(4) => embed_text(&reply),
            _ => deferred_reply(&bot, id).await,
        };
        assert!(text.contains("Bank reloaded"), "{text}");
    }
    for id in quizzes {
        let reply = bot.fake.callback_for(id).await;
        let text = match reply["type"].as_u64() {
            Some(4) => embed_text(&reply),
            _ => deferred_reply(&bot, id).await,
        };
        assert!(
            text.contains("Transformer Architecture"),
            "quiz {id}: {text}"
        );
    }
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM cards").await, 200);
    bot.shut_down().await;
}

/// The embeds of a deferred reply, once it is edited in.
async fn deferred_reply(bot: &Running, id: u64) -> String {
    let edit = bot
        .fake
        .wait_for_request("the deferred reply", |r| {
            r.method == Method::PATCH && r.path.ends_with(&format!("token-{id}/messages/@original"))
        })
        .await;
    edit.body["embeds"].to_string()
}

/// The question form as a member fills it in.
fn question_form<'a>(question: &'a str, difficulty: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("topic", "rag"),
        ("difficulty", difficulty),
        ("question", question),
        (
            "answer",
            "Split documents into chunks small enough to match one idea, large enough to keep its context, and overlap them a little.",
        ),
        (
            "key_points",
            "match one idea\nkeep its context\n- overlap a little",
        ),
    ]
}

#[tokio::test]
async fn a_suggested_question_is_approved_by_an_admin_and_then_quizzed_here_only() {
    let mut bot = start().await;
    let asked = "How do you choose a chunk size for retrieval?";

    // A member opens the form and suggests a question.
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "suggest", json!([]));
    let form = bot.fake.callback_for(id).await;
    assert_eq!(form["type"], 9, "a modal: {form:#}");
    assert_eq!(form["data"]["custom_id"], "pb1:suggest");
    assert_eq!(form["data"]["components"].as_array().unwrap().len(), 5);
    let submit = bot.fake.submit_form(
        GUILD,
        CHANNEL,
        &ada(),
        "pb1:suggest",
        &question_form(asked, "medium"),
    );
    let saved = bot.fake.callback_for(submit).await;
    assert!(is_ephemeral(&saved), "{saved:#}");
    assert!(
        embed_text(&saved).contains("your question is suggestion ws-1 (deployment, medium)"),
        "{saved:#}"
    );

    // A suggestion that breaks the bank's rules gets the bank's words.
    let submit = bot.fake.submit_form(
        GUILD,
        CHANNEL,
        &ada(),
        "pb1:suggest",
        &question_form("Why?", "expert"),
    );
    let refused = bot.fake.callback_for(submit).await;
    assert!(
        embed_text(&refused).contains("difficulty `expert` is not one of easy, medium, hard"),
        "{refused:#}"
    );

    // Nobody but an admin approves it, whatever the button claims.
    let click = bot.fake.click(GUILD, CHANNEL, &ada(), "pb1:approve-1");
    let refused = bot.fake.callback_for(click).await;
    assert!(
        embed_text(&refused).contains("Manage Server"),
        "{refused:#}"
    );

    let grace = FakeMember::admin(12, "Grace");
    let pending = json!([{"name": "pending", "type": 1, "options": []}]);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", pending);
    let list = bot.fake.callback_for(id).await;
    assert!(embed_text(&list).contains(asked), "{list:#}");
    assert_eq!(button_ids(&list), vec!["pb1:approve-1", "pb1:reject-1"]);
    let click = bot.fake.click(GUILD, CHANNEL, &grace, "pb1:approve-1");
    let approved = bot.fake.callback_for(click).await;
    assert!(
        embed_text(&approved).contains("Approved ws-1 (deployment)"),
        "{approved:#}"
    );

    // Now it is asked here, by id and on its topic, and never elsewhere.
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", topic_option("ws-1"));
    let card = bot.fake.callback_for(id).await;
    assert!(embed_text(&card).contains(asked), "{card:#}");
    let id = bot
        .fake
        .slash_command(OTHER_GUILD, CHANNEL, &ada(), "quiz", topic_option("ws-1"));
    let elsewhere = bot.fake.callback_for(id).await;
    assert!(!embed_text(&elsewhere).contains(asked), "{elsewhere:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn an_admin_adds_a_question_through_the_form_and_a_member_cannot() {
    let mut bot = start().await;
    let asked = "When is a reranker worth its latency?";
    let submit = bot.fake.submit_form(
        GUILD,
        CHANNEL,
        &ada(),
        "pb1:add",
        &question_form(asked, "hard"),
    );
    let refused = bot.fake.callback_for(submit).await;
    assert!(
        embed_text(&refused).contains("Manage Server"),
        "{refused:#}"
    );

    let grace = FakeMember::admin(12, "Grace");
    let add = json!([{"name": "add", "type": 1, "options": []}]);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", add);
    let form = bot.fake.callback_for(id).await;
    assert_eq!(form["data"]["custom_id"], "pb1:add", "{form:#}");
    let submit = bot.fake.submit_form(
        GUILD,
        CHANNEL,
        &grace,
        "pb1:add",
        &question_form(asked, "hard"),
    );
    let saved = bot.fake.callback_for(submit).await;
    assert!(
        embed_text(&saved).contains("Added ws-1 to deployment (hard)"),
        "{saved:#}"
    );
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "quiz", topic_option("ws-1"));
    assert!(embed_text(&bot.fake.callback_for(id).await).contains(asked));
    bot.shut_down().await;
}

/// The value Discord sends for the choice of `command`'s `option` whose
/// name starts with `choice`.
fn choice_option(bot: &Running, command: &str, option: &str, choice: &str) -> Value {
    let registered = registered_command(bot, command);
    let found = registered["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == option)
        .cloned()
        .unwrap_or_else(|| panic!("no `{option}` option in {registered:#}"));
    let value = found["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().starts_with(choice))
        .map(|c| c["value"].clone())
        .unwrap_or_else(|| panic!("no `{choice}` choice in {found:#}"));
    json!({"name": option, "type": found["type"], "value": value})
}

#[tokio::test]
async fn an_interview_date_counts_down_in_review_and_streak_and_cram_leads_from_card_to_card() {
    let mut bot = start().await;
    let ask = |command: &str, options: Value| {
        bot.fake
            .slash_command(GUILD, CHANNEL, &ada(), command, options)
    };
    let id = ask(
        "settings",
        json!([{"name": "interview", "type": 3, "value": "2026-12-08"},
               {"name": "interview_topics", "type": 3, "value": "transformers"}]),
    );
    let set = bot.fake.callback_for(id).await;
    let text = embed_text(&set);
    assert!(is_ephemeral(&set));
    assert!(
        text.contains("Interview date set: Tue 8 Dec 2026, covering Transformer Architecture"),
        "{text}"
    );
    assert!(text.contains("Your interview is in 10 days"), "{text}");

    // A new question from the interview's topic, with the countdown under it.
    let id = ask("review", json!([]));
    let card = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&card).contains("interview in 10 days"),
        "{card:#}"
    );
    let good = button_with(&card, "reveal").replace("reveal", "grade-good");
    let graded = bot
        .fake
        .callback_for(bot.fake.click(GUILD, CHANNEL, &ada(), &good))
        .await;
    assert!(button_ids(&graded).contains(&"pb1:review".to_owned()));

    // The next day, cramming serves it ahead of schedule and leads on.
    bot.app.set_time(utc("2026-11-29T08:00:00Z"));
    let cram = choice_option(&bot, "review", "mode", "cram");
    let id = ask("review", json!([cram]));
    let card = bot.fake.callback_for(id).await;
    let text = embed_text(&card);
    assert!(
        text.contains("Cram · the last question ahead of schedule"),
        "{text}"
    );
    assert!(
        text.contains("your review dates stay as they are"),
        "{text}"
    );
    let good = button_with(&card, "reveal").replace("reveal", "grade-good");
    let graded = bot
        .fake
        .callback_for(bot.fake.click(GUILD, CHANNEL, &ada(), &good))
        .await;
    assert!(
        embed_text(&graded).contains("as before (cramming does not move it)"),
        "{graded:#}"
    );
    let next = button_with(&graded, "cram");
    let done = bot
        .fake
        .callback_for(bot.fake.click(GUILD, CHANNEL, &ada(), &next))
        .await;
    assert!(
        embed_text(&done).contains("Nothing left to cram today"),
        "{done:#}"
    );

    let id = ask("streak", json!([]));
    let streak = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&streak).contains("Your interview is in 9 days"),
        "{streak:#}"
    );
    bot.shut_down().await;
}

/// `/prepbot <name>` by `who` in the test channel; returns the reply.
async fn prepbot_command(bot: &Running, who: &FakeMember, name: &str, options: Value) -> Value {
    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        who,
        "prepbot",
        admin_subcommand(name, options),
    );
    bot.fake.callback_for(id).await
}

#[tokio::test]
async fn members_without_manage_server_are_refused_preview_queue_skip_pause_and_resume() {
    let mut bot = start().await;
    let grace = FakeMember::admin(12, "Grace");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", setup_options("09:30"));
    bot.fake.callback_for(id).await;
    let question = json!([{"name": "question", "type": 3, "value": "genai-018"}]);
    for (name, options) in [
        ("preview", json!([])),
        ("queue", question),
        ("skip", json!([])),
        ("pause", json!([])),
        ("resume", json!([])),
    ] {
        let reply = prepbot_command(&bot, &ada(), name, options).await;
        assert!(is_ephemeral(&reply), "{name}: {reply:#}");
        assert!(
            embed_text(&reply).contains("Manage Server"),
            "{name}: {reply:#}"
        );
    }
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM admin_actions").await, 0);
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM daily_pauses").await, 0);
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM daily_posts").await, 0);
    bot.shut_down().await;
}

#[tokio::test]
async fn an_admin_queues_skips_pauses_and_resumes_the_daily_question_and_the_posts_follow() {
    let mut bot = start().await;
    let grace = FakeMember::admin(12, "Grace");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", setup_options("09:30"));
    bot.fake.callback_for(id).await;

    let preview = prepbot_command(&bot, &grace, "preview", json!([])).await;
    assert!(is_ephemeral(&preview), "{preview:#}");
    let text = embed_text(&preview);
    assert!(text.contains("The next 7 posts:"), "{preview:#}");
    assert!(text.contains("Sat 28 Nov 09:30 CET"), "{preview:#}");

    let queued = prepbot_command(
        &bot,
        &grace,
        "queue",
        json!([{"name": "question", "type": 3, "value": "genai-018"}]),
    )
    .await;
    assert!(is_ephemeral(&queued), "{queued:#}");
    assert!(
        embed_text(&queued).contains(
            "genai-018 is queued: it is the next daily question here, on Sat 28 Nov 09:30 CET."
        ),
        "{queued:#}"
    );
    let unknown = prepbot_command(
        &bot,
        &grace,
        "queue",
        json!([{"name": "question", "type": 3, "value": "genai-18"}]),
    )
    .await;
    assert!(
        embed_text(&unknown).contains("There is no question `genai-18`. Did you mean genai-018?"),
        "{unknown:#}"
    );

    let skipped = prepbot_command(
        &bot,
        &grace,
        "skip",
        json!([{"name": "reason", "type": 3, "value": "study day @everyone"}]),
    )
    .await;
    assert!(is_ephemeral(&skipped), "{skipped:#}");
    assert!(
        embed_text(&skipped).contains(
            "Skipped the daily question of Sat 28 Nov 09:30 CET: nothing is posted then; the next one comes Sun 29 Nov 09:30 CET."
        ),
        "{skipped:#}"
    );

    let bad_date = prepbot_command(
        &bot,
        &grace,
        "pause",
        json!([{"name": "until", "type": 3, "value": "30.11.2026"}]),
    )
    .await;
    assert!(
        embed_text(&bad_date).contains("`30.11.2026` is not a date; write it as YYYY-MM-DD"),
        "{bad_date:#}"
    );
    let paused = prepbot_command(
        &bot,
        &grace,
        "pause",
        json!([{"name": "until", "type": 3, "value": "2026-11-30"}]),
    )
    .await;
    assert!(
        embed_text(&paused).contains("paused through Mon 30 Nov (no post on that day either); the next one comes Tue 1 Dec 09:30 CET."),
        "{paused:#}"
    );
    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        &grace,
        "prepbot",
        admin_subcommand("status", json!([])),
    );
    let status = embed_text(&bot.fake.callback_for(id).await);
    assert!(
        status.contains("paused by Grace through Mon 30 Nov"),
        "{status}"
    );

    let resumed = prepbot_command(&bot, &grace, "resume", json!([])).await;
    assert!(
        embed_text(&resumed)
            .contains("The daily question here is back: the next one comes Sun 29 Nov 09:30 CET."),
        "{resumed:#}"
    );

    // Saturday is skipped; Sunday posts the queued question.
    let scheduler = Scheduler::new(
        bot.app.engine.clone(),
        Arc::new(bot.poster.clone()),
        &Settings::default().daily,
    );
    for at in ["2026-11-28T08:30:00Z", "2026-11-29T08:30:00Z"] {
        bot.app.set_time(utc(at));
        scheduler.tick(utc(at)).await;
    }
    let posts = bot.fake.messages_in(CHANNEL);
    assert_eq!(posts.len(), 1);
    assert!(posts[0].body["embeds"].to_string().contains("Sun 29 Nov"));
    assert!(posts[0].body["embeds"].to_string().contains("genai-018"));
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM admin_actions a JOIN members m ON m.id = a.member_id WHERE m.display_name = 'Grace'")
            .await,
        4,
        "queue, skip, pause and resume, each with who did it"
    );
    bot.shut_down().await;
}

/// Ada as the engine knows her on the fake Discord's server.
fn ada_on_discord() -> prepbot::engine::MemberRef {
    prepbot::engine::MemberRef {
        workspace: prepbot::engine::WorkspaceRef {
            platform: prepbot::engine::Platform::Discord,
            external_id: GUILD.to_string(),
            name: "Study Group".to_owned(),
        },
        external_id: ada().id.to_string(),
        display_name: ada().name,
    }
}

/// `/prepbot streak member:Ada action:<choice> [reason]`, the choice picked
/// from those prepbot registered.
fn admin_streak_data(bot: &Running, action: &str, reason: Option<&str>) -> Value {
    let prepbot = registered_command(bot, "prepbot");
    let streak = prepbot["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "streak")
        .cloned()
        .expect("/prepbot streak registered");
    let option = streak["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "action")
        .cloned()
        .expect("an action option");
    let choice = option["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().starts_with(action))
        .cloned()
        .unwrap_or_else(|| panic!("no `{action}` choice in {option:#}"));
    let mut options = vec![
        json!({"name": "member", "type": 6, "value": ada().id.to_string()}),
        json!({"name": "action", "type": option["type"], "value": choice["value"]}),
    ];
    if let Some(reason) = reason {
        options.push(json!({"name": "reason", "type": 3, "value": reason}));
    }
    json!({"id": "81", "name": "prepbot", "type": 1, "guild_id": GUILD.to_string(),
    "options": [{"name": "streak", "type": 1, "options": options}],
    "resolved": {"users": {ada().id.to_string(): {
        "id": ada().id.to_string(), "username": "ada", "discriminator": "0",
        "global_name": "Ada", "avatar": null, "bot": false,
    }}}})
}

#[tokio::test]
async fn an_admin_restores_a_streak_prepbot_broke_once_reads_its_history_and_a_member_is_refused() {
    let mut bot = start().await;
    support::downtime::missed_nov_4(&bot.app, &ada_on_discord(), true).await;
    let grace = FakeMember::admin(12, "Grace");

    let data = admin_streak_data(&bot, "restore", Some("the host was down"));
    let id = bot
        .fake
        .slash_command_with_data(GUILD, CHANNEL, &ada(), data.clone());
    let refused = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&refused).contains("Manage Server"),
        "{refused:#}"
    );
    assert_eq!(
        bot.app.count("SELECT COUNT(*) FROM streak_repairs").await,
        0
    );

    let id = bot
        .fake
        .slash_command_with_data(GUILD, CHANNEL, &grace, data.clone());
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    let text = embed_text(&reply);
    assert!(text.contains("Streak restored · Ada"), "{reply:#}");
    assert!(
        text.contains("Restored Ada's streak: Wed 4 Nov 2026 is excused")
            && text.contains("Streak: 3 days"),
        "{text}"
    );
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM streak_repairs WHERE restored_by_name = 'Grace' AND reason = 'the host was down'")
            .await,
        1
    );
    assert_eq!(
        bot.app
            .engine
            .streak(&ada_on_discord())
            .await
            .unwrap()
            .current,
        3
    );

    let id = bot
        .fake
        .slash_command_with_data(GUILD, CHANNEL, &grace, data);
    let again = bot.fake.callback_for(id).await;
    assert!(embed_text(&again).contains("already restored"), "{again:#}");

    let id = bot.fake.slash_command_with_data(
        GUILD,
        CHANNEL,
        &grace,
        admin_streak_data(&bot, "history", None),
    );
    let history = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&history), "{history:#}");
    let text = embed_text(&history);
    assert!(text.contains("Streak history · Ada"), "{history:#}");
    assert!(
        text.contains("practised 3 days in a row")
            && text.contains("Wed 4 Nov 2026: excused by Grace"),
        "{text}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_restore_is_refused_when_prepbot_was_running_on_the_missed_day() {
    let mut bot = start().await;
    support::downtime::missed_nov_4(&bot.app, &ada_on_discord(), false).await;
    let grace = FakeMember::admin(12, "Grace");
    let data = admin_streak_data(&bot, "restore", None);
    let id = bot
        .fake
        .slash_command_with_data(GUILD, CHANNEL, &grace, data);
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(
        embed_text(&reply)
            .contains("prepbot has no record of being down or paused for most of that day"),
        "{reply:#}"
    );
    assert_eq!(
        bot.app.count("SELECT COUNT(*) FROM streak_repairs").await,
        0
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn prepbot_check_names_each_missing_permission_and_setup_warns_but_stores() {
    let mut bot = start().await;
    let grace = FakeMember::admin(12, "Grace");
    let check = json!([{"name": "check", "type": 1, "options": []}]);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", check.clone());
    let reply = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&reply), "{reply:#}");
    assert!(
        embed_text(&reply).contains("prepbot has everything it needs"),
        "{reply:#}"
    );

    // @everyone may not send here, and prepbot's role lost Attach Files.
    bot.fake
        .deny_in_channel(CHANNEL, GUILD, fake_discord::SEND_MESSAGES);
    bot.fake
        .set_bot_role_permissions(fake_discord::BOT_ROLE_PERMISSIONS & !fake_discord::ATTACH_FILES);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", check.clone());
    let text = embed_text(&bot.fake.callback_for(id).await);
    assert!(text.contains("prepbot is missing 2 things"), "{text}");
    assert!(
        text.contains("Send Messages: prepbot cannot post here"),
        "{text}"
    );
    assert!(
        text.contains("Attach Files: prepbot cannot attach"),
        "{text}"
    );
    for granted in [
        "View Channel",
        "Embed Links",
        "Create Public Threads",
        "in Threads",
    ] {
        assert!(!text.contains(granted), "{granted} is granted: {text}");
    }

    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", setup_options("09:30"));
    let text = embed_text(&bot.fake.callback_for(id).await);
    assert!(text.contains("Daily question set up"), "{text}");
    assert!(
        text.contains("Warning: prepbot is missing 2 things") && text.contains("/prepbot check"),
        "{text}"
    );
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM subscriptions").await, 1);

    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "prepbot", check);
    let refused = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&refused).contains("Manage Server"),
        "{refused:#}"
    );
    bot.shut_down().await;
}

#[test]
fn the_fakes_permission_payloads_deserialize_as_serenity_models() {
    use serenity::model::channel::Channel;
    use serenity::model::guild::{Member, PartialGuild};
    let channel: Channel = serde_json::from_value(fake_discord::guild_channel_json(
        CHANNEL,
        GUILD,
        vec![json!({"id": GUILD.to_string(), "type": 0, "allow": "0", "deny": "2048"})],
    ))
    .expect("a channel parses");
    assert_eq!(channel.guild().unwrap().permission_overwrites.len(), 1);
    let mut guild = fake_discord::guild_json(GUILD, "Study Group");
    guild["roles"]
        .as_array_mut()
        .unwrap()
        .push(fake_discord::role_json(
            fake_discord::BOT_ROLE_ID,
            "prepbot",
            fake_discord::BOT_ROLE_PERMISSIONS,
        ));
    let guild: PartialGuild = serde_json::from_value(guild).expect("a guild parses");
    assert_eq!(guild.roles.len(), 2);
    let member: Member =
        serde_json::from_value(fake_discord::bot_member_json()).expect("a member parses");
    assert_eq!(member.roles.len(), 1);
}

/// A PNG's width and the colour of its top-left corner.
fn png_size_and_corner(png_bytes: &[u8]) -> (u32, [u8; 3]) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    (info.width, [pixels[0], pixels[1], pixels[2]])
}

/// `option` filled with `choice`, as Discord sends it, for a registered
/// command (under the subcommand in `path`, if any).
fn choice_value(bot: &Running, command: &str, path: &[&str], option: &str, choice: &str) -> Value {
    let mut node = registered_command(bot, command);
    for step in path {
        node = node["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == *step)
            .cloned()
            .unwrap_or_else(|| panic!("no `{step}` in {node:#}"));
    }
    let option = node["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == option)
        .cloned()
        .unwrap_or_else(|| panic!("no `{option}` option in {node:#}"));
    let value = option["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().starts_with(choice))
        .map(|c| c["value"].clone())
        .unwrap_or_else(|| panic!("no `{choice}` choice in {option:#}"));
    json!({"name": option["name"], "type": option["type"], "value": value})
}

#[tokio::test]
async fn settings_theme_dark_draws_the_next_stats_card_dark() {
    let mut bot = start().await;
    quiz_and_grade_good(&bot, &ada()).await;
    let dark = choice_value(&bot, "settings", &[], "theme", "dark");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "settings", json!([dark]));
    let reply = bot.fake.callback_for(id).await;
    assert!(embed_text(&reply).contains("drawn dark"), "{reply:#}");

    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "stats", json!([]));
    let path = format!("/api/v10/interactions/{id}/");
    let callback = bot
        .fake
        .wait_for_request("the stats reply", |r| r.path.starts_with(&path))
        .await;
    let (_, corner) = png_size_and_corner(&callback.files[0].1);
    let dark = prepbot::picture::Palette::of(prepbot::domain::theme::Theme::Dark).background;
    assert_eq!(corner, [dark.0, dark.1, dark.2]);
    bot.shut_down().await;
}

#[tokio::test]
async fn the_weekly_recap_is_posted_in_the_daily_channel_with_its_picture_on_monday() {
    let mut bot = start().await;
    let scheduler = post_todays_daily(&bot).await;
    quiz_and_grade_good(&bot, &ada()).await;
    // Monday 30 Nov, 09:30 Berlin: the daily question, then the recap.
    bot.app.set_time(utc("2026-11-30T08:30:00Z"));
    let report = scheduler.tick(utc("2026-11-30T08:30:00Z")).await;
    assert_eq!(report.recapped, 1, "{report:?}");
    let recap = bot
        .fake
        .messages_in(CHANNEL)
        .into_iter()
        .find(|m| m.body["embeds"].to_string().contains("Weekly recap"))
        .expect("a recap in the channel");
    let embeds = recap.body["embeds"].to_string();
    assert!(embeds.contains("2026-W48"), "{embeds}");
    assert!(embeds.contains("Ada"), "{embeds}");
    assert_eq!(
        recap.body["embeds"][0]["image"]["url"],
        "attachment://prepbot-weekly-recap.png"
    );
    assert!(pings_nobody(&recap.body));
    let upload = bot
        .fake
        .requests()
        .into_iter()
        .find(|r| {
            r.files
                .iter()
                .any(|(name, _)| name == "prepbot-weekly-recap.png")
        })
        .expect("the picture uploaded with the message");
    assert_eq!(png_size_and_corner(&upload.files[0].1).0, 720);
    // Another round on Monday posts no second recap.
    scheduler.tick(utc("2026-11-30T09:30:00Z")).await;
    let recaps = bot
        .fake
        .messages_in(CHANNEL)
        .iter()
        .filter(|m| m.body["embeds"].to_string().contains("Weekly recap"))
        .count();
    assert_eq!(recaps, 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn prepbot_recap_previews_last_week_privately_and_switches_the_channel_off() {
    let mut bot = start().await;
    post_todays_daily(&bot).await;
    let admin = FakeMember::admin(12, "Grace");
    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        &admin,
        "prepbot",
        admin_subcommand("recap", json!([])),
    );
    let path = format!("/api/v10/interactions/{id}/");
    let preview = bot
        .fake
        .wait_for_request("the recap preview", |r| r.path.starts_with(&path))
        .await;
    assert!(is_ephemeral(&preview.body), "{:#}", preview.body);
    assert!(
        preview.body["data"]["embeds"]
            .to_string()
            .contains("preview")
    );
    assert_eq!(preview.files[0].0, "prepbot-weekly-recap.png");

    let off = choice_value(&bot, "prepbot", &["recap"], "weekly", "off");
    let id = bot.fake.slash_command(
        GUILD,
        CHANNEL,
        &admin,
        "prepbot",
        admin_subcommand("recap", json!([off])),
    );
    let reply = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&reply).contains("no weekly recap from now on"),
        "{reply:#}"
    );
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM subscriptions WHERE weekly_recap = 0")
            .await,
        1
    );
    bot.shut_down().await;
}

/// `/settings data:<choice>` as a member picks it from the choices
/// prepbot registered.
fn data_option(bot: &Running, choice: &str) -> Value {
    let settings = registered_command(bot, "settings");
    let option = settings["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "data")
        .cloned()
        .expect("a data option");
    let picked = option["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == choice)
        .cloned()
        .unwrap_or_else(|| panic!("no `{choice}` choice in {option:#}"));
    json!([{"name": "data", "type": option["type"], "value": picked["value"]}])
}

#[tokio::test]
async fn settings_data_export_attaches_the_members_json_privately() {
    let mut bot = start().await;
    quiz_and_grade_good(&bot, &ada()).await;

    let options = data_option(&bot, "export my data");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "settings", options);
    let path = format!("/api/v10/interactions/{id}/");
    let callback = bot
        .fake
        .wait_for_request("the export", |r| r.path.starts_with(&path))
        .await;
    assert!(is_ephemeral(&callback.body), "{:#}", callback.body);
    assert!(
        embed_text(&callback.body).contains("1 graded answer over 1 practice day"),
        "{:#}",
        callback.body
    );
    assert_eq!(callback.files.len(), 1);
    let (name, bytes) = &callback.files[0];
    assert_eq!(name, "prepbot-my-data.json");
    let export: Value = serde_json::from_slice(bytes).expect("the file is JSON");
    assert_eq!(export["member"]["member_id"], ada().id.to_string());
    assert_eq!(export["attempts"].as_array().unwrap().len(), 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn settings_data_delete_asks_first_and_deletes_only_when_the_button_is_pressed() {
    let mut bot = start().await;
    let grace = FakeMember::new(12, "Grace");
    quiz_and_grade_good(&bot, &ada()).await;
    quiz_and_grade_good(&bot, &grace).await;

    let options = data_option(&bot, "delete my data");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &ada(), "settings", options);
    let asked = bot.fake.callback_for(id).await;
    assert!(is_ephemeral(&asked), "{asked:#}");
    assert!(
        embed_text(&asked).contains(
            "This deletes everything prepbot keeps about you in this server: 1 graded answer"
        ),
        "{asked:#}"
    );
    assert_eq!(button_ids(&asked), vec!["pb1:forget".to_owned()]);
    assert_eq!(
        bot.app.count("SELECT COUNT(*) FROM attempts").await,
        2,
        "asking deletes nothing"
    );

    let click = bot.fake.click(GUILD, CHANNEL, &ada(), "pb1:forget");
    let done = bot.fake.callback_for(click).await;
    assert!(is_ephemeral(&done), "{done:#}");
    assert!(
        embed_text(&done).contains("Deleted: your data in this server is gone"),
        "{done:#}"
    );
    assert_eq!(
        bot.app
            .count("SELECT COUNT(*) FROM members WHERE external_id = '11'")
            .await,
        0
    );
    assert_eq!(
        bot.app.count("SELECT COUNT(*) FROM attempts").await,
        1,
        "Grace's answer stays"
    );

    let options = json!([{"name": "data", "type": 4, "value": 0}, {"name": "timezone", "type": 3, "value": "UTC"}]);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "settings", options);
    let refused = bot.fake.callback_for(id).await;
    assert!(
        embed_text(&refused).contains("Give `data` on its own"),
        "{refused:#}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_hostile_name_shows_cleaned_and_literal_in_another_members_streak() {
    let mut bot = start().await;
    let hostile = "\u{202E}**Grace**\u{200B} ||x|| <@11> @everyone";
    let grace = FakeMember::new(12, hostile);
    quiz_and_grade_good(&bot, &grace).await;
    let data = json!({"id": "80", "name": "streak", "type": 1, "guild_id": GUILD.to_string(),
    "options": [{"name": "member", "type": 6, "value": "12"}],
    "resolved": {"users": {"12": {
        "id": "12", "username": "grace", "discriminator": "0",
        "global_name": hostile, "avatar": null, "bot": false,
    }}}});
    let id = bot
        .fake
        .slash_command_with_data(GUILD, CHANNEL, &ada(), data);
    let reply = bot.fake.callback_for(id).await;
    let title = reply["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        title, r"Streak · \*\*Grace\*\* \|\|x\|\| \<\@11\> \@everyone",
        "{reply:#}"
    );
    assert!(pings_nobody(&reply["data"]), "{reply:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_suggestion_full_of_markup_and_mentions_is_listed_to_admins_as_typed_in_a_code_block() {
    let mut bot = start().await;
    let asked = "Is **this** ||hidden|| `code` <@11> <@&1> @everyone a good chunk size?";
    let submit = bot.fake.submit_form(
        GUILD,
        CHANNEL,
        &ada(),
        "pb1:suggest",
        &question_form(&format!("{asked}\u{0}\u{202E}"), "medium"),
    );
    let saved = bot.fake.callback_for(submit).await;
    assert!(embed_text(&saved).contains("suggestion ws-1"), "{saved:#}");
    let grace = FakeMember::admin(12, "Grace");
    let pending = json!([{"name": "pending", "type": 1, "options": []}]);
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &grace, "prepbot", pending);
    let list = bot.fake.callback_for(id).await;
    let description = list["data"]["embeds"][0]["description"].as_str().unwrap();
    assert!(description.starts_with("```\n"), "{description}");
    assert!(description.contains(asked), "{description}");
    assert!(
        !description.contains(['\u{0}', '\u{202E}']),
        "{description:?}"
    );
    assert!(pings_nobody(&list["data"]), "{list:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn every_malformed_time_and_zone_in_setup_is_refused_privately_and_the_daily_question_stays()
{
    let mut bot = start().await;
    let admin = FakeMember::admin(12, "Grace");
    let id = bot
        .fake
        .slash_command(GUILD, CHANNEL, &admin, "prepbot", setup_options("09:30"));
    bot.fake.callback_for(id).await;
    let long_zone = format!("Europe/{}", "x".repeat(300));
    let table: [(&str, &str, &str); 10] = [
        ("", "Europe/Berlin", "the schedule is empty"),
        ("24:00", "Europe/Berlin", "is not a time of day"),
        ("99:99", "Europe/Berlin", "is not a time of day"),
        ("@reboot", "Europe/Berlin", "crontab nickname"),
        ("* * * * * * * *", "Europe/Berlin", "it has 8 fields"),
        ("0 9\u{200B} * * *", "Europe/Berlin", "U+200B"),
        ("٠٩:٠٠", "Europe/Berlin", "is not a time of day"),
        ("09:30", "Europe/../etc", "is not a known time zone"),
        ("09:30", " ", "the time zone is empty"),
        ("09:30", &long_zone, "is not a known time zone"),
    ];
    for (time, zone, says) in table {
        let options = json!([{"name": "setup", "type": 1, "options": [
            {"name": "time", "type": 3, "value": time},
            {"name": "timezone", "type": 3, "value": zone},
        ]}]);
        let id = bot
            .fake
            .slash_command(GUILD, CHANNEL, &admin, "prepbot", options);
        let reply = bot.fake.callback_for(id).await;
        assert!(is_ephemeral(&reply), "{time:?} {zone:?}: {reply:#}");
        let text = embed_text(&reply);
        assert!(text.contains(says), "{time:?} {zone:?}: {text}");
        assert!(!text.contains("\\u200b") && text.len() < 1_000, "{text}");
    }
    let stored: (String, String, i64) =
        sqlx::query_as("SELECT schedule, timezone, COUNT(*) FROM subscriptions")
            .fetch_one(bot.app.engine.store().pool())
            .await
            .unwrap();
    assert_eq!(stored, ("09:30".into(), "Europe/Berlin".into(), 1));
    bot.shut_down().await;
}
