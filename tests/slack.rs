//! The Slack front-end end to end: the real slack-morphism client, built
//! by `SlackBot::build`, against the fake Slack in `support/fake_slack.rs`
//! on 127.0.0.1 (the Web API, `response_url`s and the Socket Mode
//! WebSocket), on a real SQLite file per test.

#[path = "support/fake_slack.rs"]
mod fake_slack;
mod support;

use std::sync::Arc;
use std::time::Duration;

use fake_slack::{APP_TOKEN, BOT_TOKEN, FakeSlack, FakeUser, Scripted};
use prepbot::config::{BaseUrl, DailySettings, Secret, SlackCredentials, SlackSettings};
use prepbot::engine::DailyPost;
use prepbot::scheduler::{Poster, Scheduler};
use prepbot::slack::{SlackBot, SlackPoster};
use serde_json::{Value, json};
use support::{TestApp, spawn_app, utc};

const CHANNEL: &str = "C0STUDY";
const DAILY: &str = "C0DAILY";
const ADA: &str = "U0ADA";
const BOB: &str = "U0BOB";
const ADMIN: &str = "U0ADMIN";

/// The bot running against a fake, on a test app's database.
struct Running {
    fake: FakeSlack,
    app: TestApp,
    settings: SlackSettings,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

fn credentials() -> SlackCredentials {
    SlackCredentials {
        bot_token: Secret::new(BOT_TOKEN),
        app_token: Some(Secret::new(APP_TOKEN)),
        signing_secret: None,
    }
}

fn people() -> Vec<FakeUser> {
    vec![
        FakeUser::member(ADA, "Ada"),
        FakeUser::member(BOB, "Bob"),
        FakeUser::admin(ADMIN, "Grace"),
    ]
}

async fn start() -> Running {
    start_with(|_| {}).await
}

async fn start_with(adjust: impl FnOnce(&mut SlackSettings)) -> Running {
    let fake = FakeSlack::start(&people()).await;
    let app = spawn_app(utc("2026-11-28T08:00:00Z")).await;
    let mut settings = SlackSettings {
        api_base_url: Some(BaseUrl::try_from(fake.api_base_url()).unwrap()),
        ..SlackSettings::default()
    };
    adjust(&mut settings);
    let bot = SlackBot::build(app.engine.clone(), &settings, &credentials())
        .await
        .expect("the client builds");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bot.run(async {
        let _ = stopped.await;
    }));
    fake.wait_for_connection(1).await;
    Running {
        fake,
        app,
        settings,
        stop: Some(stop),
        task,
    }
}

impl Running {
    async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the bot stops within 10 s")
            .expect("the bot task did not panic")
            .expect("the bot stopped cleanly");
        self.fake.assert_no_surprises();
    }

    /// `/prep {text}` by `user`: checks the envelope is acknowledged with
    /// nothing in it, and returns the reply sent to its `response_url`.
    async fn command(&self, user: &str, text: &str) -> Value {
        let (envelope, respond) = self.fake.slash_command(user, CHANNEL, text);
        let ack = self.fake.ack(&envelope).await;
        assert!(ack.body.get("payload").is_none(), "{:#}", ack.body);
        assert!(
            ack.after < Duration::from_secs(1),
            "ack took {:?}",
            ack.after
        );
        self.fake.response(respond).await
    }

    async fn click(&self, user: &str, action_id: &str) -> Value {
        let (envelope, respond) = self.fake.click(user, CHANNEL, action_id);
        self.fake.ack(&envelope).await;
        self.fake.response(respond).await
    }

    /// Moves the engine's clock and the fake's together.
    fn set_time(&self, at: chrono::DateTime<chrono::Utc>) {
        self.app.set_time(at);
        self.fake.set_time(at);
    }

    async fn count(&self, sql: &str) -> i64 {
        self.app.count(sql).await
    }
}

/// The action ids of every button in a message.
fn action_ids(message: &Value) -> Vec<String> {
    message["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|block| block["elements"].as_array().cloned().unwrap_or_default())
        .filter_map(|element| element["action_id"].as_str().map(str::to_owned))
        .collect()
}

fn action(message: &Value, name: &str) -> String {
    action_ids(message)
        .into_iter()
        .find(|id| id.split(':').nth(1) == Some(name))
        .unwrap_or_else(|| panic!("no `{name}` button in {message:#}"))
}

fn is_private(reply: &Value) -> bool {
    reply["response_type"] == "ephemeral" && reply["replace_original"] == false
}

/// The question id in a card's context line.
fn question_id(card: &Value) -> String {
    let text = card["blocks"].to_string();
    let at = text.find("genai-").expect("a question id on the card");
    text[at..at + 9].to_owned()
}

#[tokio::test]
async fn a_quiz_command_is_acknowledged_at_once_and_answered_with_a_card_of_that_topic() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz transformers").await;
    assert_eq!(card["response_type"], "in_channel", "{card:#}");
    assert_eq!(card["replace_original"], false);
    assert_eq!(card["blocks"][0]["type"], "header");
    let header = card["blocks"][0]["text"]["text"].as_str().unwrap();
    assert!(
        header.starts_with("Quiz: Transformer Architecture ·"),
        "{header}"
    );
    let id = question_id(&card);
    let bank = bot.app.engine.bank();
    let question = bank
        .question(&prepbot::domain::QuestionId::parse(&id).unwrap())
        .expect("the card's question is in the bank");
    assert_eq!(question.topic.as_str(), "transformers");
    action(&card, "reveal");
    action(&card, "answer");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_choice_card_has_one_button_per_option() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz choice llms").await;
    let picks: Vec<String> = action_ids(&card)
        .into_iter()
        .filter(|id| id.contains(":pick-"))
        .collect();
    assert_eq!(picks.len(), 4, "{card:#}");
    let graded = bot.click(ADA, &picks[0]).await;
    assert!(is_private(&graded));
    assert!(graded.to_string().contains("Model answer"), "{graded:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn reveal_shows_the_answer_only_to_the_clicker() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz transformers").await;
    let revealed = bot.click(BOB, &action(&card, "reveal")).await;
    assert!(is_private(&revealed), "{revealed:#}");
    assert!(revealed.to_string().contains("Model answer"));
    for grade in ["again", "hard", "good", "easy"] {
        action(&revealed, &format!("grade-{grade}"));
    }
    assert!(!card.to_string().contains("Model answer"));
    // Nothing went to the channel through the Web API.
    assert!(bot.fake.calls_to("chat.postMessage").is_empty());
    bot.shut_down().await;
}

#[tokio::test]
async fn a_good_click_stores_one_attempt_and_a_double_click_still_one() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz").await;
    let good = action(&card, "reveal").replace("reveal", "grade-good");
    let first = bot.click(ADA, &good).await;
    assert!(is_private(&first));
    assert!(first.to_string().contains("Graded good"), "{first:#}");
    let second = bot.click(ADA, &good).await;
    assert!(second.to_string().contains("already graded"), "{second:#}");
    assert_eq!(bot.count("SELECT COUNT(*) FROM attempts").await, 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn the_answer_modal_checks_the_key_points() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz transformers").await;
    let (envelope, _) = bot.fake.click(ADA, CHANNEL, &action(&card, "answer"));
    bot.fake.ack(&envelope).await;
    let opened = bot.fake.call("views.open", 1).await;
    let view = &opened.body["view"];
    assert_eq!(view["type"], "modal");
    assert_eq!(view["private_metadata"], CHANNEL);
    let id = prepbot::domain::QuestionId::parse(&question_id(&card)).unwrap();
    let point = bot.app.engine.bank().question(&id).unwrap().key_points[0].clone();
    let envelope = bot.fake.submit(ADA, view, &point);
    bot.fake.ack(&envelope).await;
    let feedback = bot.fake.call("chat.postEphemeral", 1).await;
    assert_eq!(feedback.body["channel"], CHANNEL);
    assert_eq!(feedback.body["user"], ADA);
    let text = feedback.body["blocks"].to_string();
    assert!(text.contains(":white_check_mark:"), "{text}");
    assert!(text.contains("grade-good"), "{text}");
    bot.shut_down().await;
}

/// `/prep interview transformers` by Ada: the private card, its Answer
/// button's id, and the answers the tests give about its question.
async fn start_an_interview(bot: &Running) -> (Value, String, support::interview::Answers) {
    support::interview::for_every_question_in(&bot.app.engine, "transformers");
    let card = bot.command(ADA, "interview transformers").await;
    let answer = action(&card, "interview");
    let answers = support::interview::answers_for(&bot.app.engine, &question_id(&card))
        .expect("answers for the drawn question");
    (card, answer, answers)
}

/// The mrkdwn text of a message's `n`-th block.
fn block_text(message: &Value, n: usize) -> String {
    message["blocks"][n]["text"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Bank text as prepbot shows it in Slack mrkdwn.
fn as_mrkdwn(text: &str) -> String {
    prepbot::slack::escape(text).replace("**", "*")
}

#[tokio::test]
async fn a_mock_interview_on_slack_follows_up_in_a_second_modal_then_sums_up_and_its_grade_counts()
{
    let mut bot = start().await;
    let (card, answer_id, answers) = start_an_interview(&bot).await;
    assert!(is_private(&card), "Ada's own interview: {card:#}");
    let header = card["blocks"][0]["text"]["text"].as_str().unwrap();
    assert!(
        header.starts_with("Mock interview: Transformer Architecture ·"),
        "{header}"
    );
    assert_eq!(
        action_ids(&card),
        vec![answer_id.clone()],
        "one Answer button"
    );
    let card_id = answer_id.rsplit(':').next().unwrap().to_owned();

    // Answer opens the answer modal ...
    let (envelope, _) = bot.fake.click(ADA, CHANNEL, &answer_id);
    bot.fake.ack(&envelope).await;
    let view = bot.fake.call("views.open", 1).await.body["view"].clone();
    assert_eq!(view["callback_id"], answer_id.as_str());
    assert_eq!(view["title"]["text"], "Your answer");
    assert_eq!(view["private_metadata"], CHANNEL);

    // ... and an answer that misses a key point is asked about it.
    let envelope = bot.fake.submit(ADA, &view, &answers.partial);
    bot.fake.ack(&envelope).await;
    let follow_up = bot.fake.call("chat.postEphemeral", 1).await.body;
    assert_eq!(follow_up["channel"], CHANNEL);
    assert_eq!(follow_up["user"], ADA);
    assert!(
        block_text(&follow_up, 0).contains(&as_mrkdwn(&answers.missed)),
        "the follow-up asks about `{}`: {follow_up:#}",
        answers.missed
    );
    let follow_up_id = format!("pb1:followup-{}:{card_id}", answers.mask());
    assert_eq!(
        action_ids(&follow_up),
        vec![follow_up_id.clone()],
        "the follow-up's button carries what the first answer covered"
    );
    assert_eq!(bot.count("SELECT COUNT(*) FROM attempts").await, 0);

    // The follow-up's own modal ...
    let (envelope, _) = bot.fake.click(ADA, CHANNEL, &follow_up_id);
    bot.fake.ack(&envelope).await;
    let view = bot.fake.call("views.open", 2).await.body["view"].clone();
    assert_eq!(view["callback_id"], follow_up_id.as_str());
    assert_eq!(view["title"]["text"], "Your follow-up answer");

    // ... ends the interview with what both answers covered together.
    let envelope = bot.fake.submit(ADA, &view, &answers.rest);
    bot.fake.ack(&envelope).await;
    let summary = bot.fake.call("chat.postEphemeral", 2).await.body;
    assert_eq!(summary["user"], ADA);
    let text = block_text(&summary, 0);
    let total = answers.key_points.len();
    let both = answers.covered_across_both(&bot.app.engine);
    assert!(
        both > answers.partial_covers.iter().filter(|c| **c).count(),
        "the second answer adds to the first"
    );
    assert!(
        text.contains(&format!("covered {both} of {total} key points")),
        "{text}"
    );
    for point in &answers.key_points {
        assert!(
            text.contains(&as_mrkdwn(point)),
            "`{point}` is listed: {text}"
        );
    }
    assert_eq!(
        block_text(&summary, 1),
        format!("*Model answer*\n{}", as_mrkdwn(&answers.model_answer))
    );
    let grades: Vec<String> = ["again", "hard", "good", "easy"]
        .iter()
        .map(|grade| format!("pb1:grade-{grade}:{card_id}"))
        .collect();
    assert_eq!(
        action_ids(&summary),
        grades,
        "the grade buttons, as after a reveal"
    );

    // Grading it counts as practice, like a quiz.
    let graded = bot.click(ADA, &grades[2]).await;
    assert!(is_private(&graded), "{graded:#}");
    assert!(graded.to_string().contains("Graded good"), "{graded:#}");
    assert!(graded.to_string().contains("+5 points"), "{graded:#}");
    assert_eq!(bot.count("SELECT COUNT(*) FROM attempts").await, 1);
    let streak = bot.command(ADA, "streak").await.to_string();
    assert!(
        streak.contains("Streak: 1 day") && streak.contains("You have practised today."),
        "{streak}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn an_interview_answer_on_slack_that_covers_every_key_point_goes_straight_to_the_summary() {
    let mut bot = start().await;
    let (_, answer_id, answers) = start_an_interview(&bot).await;
    let (envelope, _) = bot.fake.click(ADA, CHANNEL, &answer_id);
    bot.fake.ack(&envelope).await;
    let view = bot.fake.call("views.open", 1).await.body["view"].clone();
    let envelope = bot.fake.submit(ADA, &view, &answers.full);
    bot.fake.ack(&envelope).await;
    let summary = bot.fake.call("chat.postEphemeral", 1).await.body;
    let text = block_text(&summary, 0);
    let total = answers.key_points.len();
    assert!(
        text.contains("No follow-up needed: your answer reached every key point."),
        "{text}"
    );
    assert!(
        text.contains(&format!("covered {total} of {total} key points")),
        "{text}"
    );
    let ids = action_ids(&summary);
    assert_eq!(ids.len(), 4, "only the grade buttons: {ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("pb1:grade-")), "{ids:?}");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_forged_follow_up_id_on_slack_is_refused_and_nothing_is_stored() {
    let mut bot = start().await;
    let (_, answer_id, _) = start_an_interview(&bot).await;
    let card = answer_id.rsplit(':').next().unwrap().to_owned();
    for forged in [
        format!("pb1:followup-256:{card}"),
        format!("pb1:followup-01:{card}"),
        "pb1:followup-1".to_owned(),
    ] {
        let reply = bot.click(ADA, &forged).await;
        assert!(is_private(&reply), "{forged}: {reply:#}");
        assert!(
            reply.to_string().contains("not one prepbot recognises"),
            "{forged}: {reply:#}"
        );
    }
    assert!(
        bot.fake.calls_to("views.open").is_empty(),
        "no modal opens on a forged id"
    );
    assert_eq!(bot.count("SELECT COUNT(*) FROM attempts").await, 0);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_non_admin_setup_is_refused_privately_and_stores_nothing() {
    let mut bot = start().await;
    let reply = bot
        .command(ADA, "setup <#C0DAILY|daily> 09:00 Europe/Berlin")
        .await;
    assert!(is_private(&reply), "{reply:#}");
    assert!(
        reply.to_string().contains("Only workspace admins"),
        "{reply:#}"
    );
    assert_eq!(bot.count("SELECT COUNT(*) FROM subscriptions").await, 0);
    let status = bot.command(ADA, "status").await;
    assert!(status.to_string().contains("Only workspace admins"));
    bot.shut_down().await;
}

#[tokio::test]
async fn an_admin_sets_up_the_daily_question_in_the_channel_named() {
    let mut bot = start().await;
    let reply = bot
        .command(
            ADMIN,
            "setup <#C0DAILY|daily> 09:00 Europe/Berlin topics=transformers reveal=30",
        )
        .await;
    assert!(is_private(&reply), "{reply:#}");
    assert!(reply.to_string().contains("<#C0DAILY>"), "{reply:#}");
    assert_eq!(
        bot.count("SELECT COUNT(*) FROM subscriptions WHERE channel_id = 'C0DAILY' AND topics = 'transformers' AND reveal_after_minutes = 30").await,
        1
    );
    let status = bot.command(ADMIN, "status").await;
    assert!(status.to_string().contains("questions left"), "{status:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_member_listed_in_admin_user_ids_may_set_up_the_daily_question() {
    let mut bot = start_with(|s| s.admin_user_ids = vec![BOB.to_owned()]).await;
    let reply = bot.command(BOB, "setup 09:00 UTC").await;
    assert!(
        reply.to_string().contains("Daily question set up"),
        "{reply:#}"
    );
    assert_eq!(bot.count("SELECT COUNT(*) FROM subscriptions").await, 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_misspelt_topic_or_command_gets_did_you_mean() {
    let mut bot = start().await;
    let reply = bot.command(ADA, "quiz transfomers").await;
    assert!(is_private(&reply));
    assert!(
        reply.to_string().contains("Did you mean `transformers`"),
        "{reply:#}"
    );
    let reply = bot.command(ADA, "qiuz").await;
    assert!(reply.to_string().contains("/prep quiz"), "{reply:#}");
    let help = bot.command(ADA, "help").await;
    assert!(help.to_string().contains("transformers"), "{help:#}");
    assert!(
        help.to_string().contains("/prep interview [topic]"),
        "{help:#}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_dropped_socket_reconnects_and_answers_again() {
    let mut bot = start().await;
    bot.fake.drop_socket();
    bot.fake.wait_for_connection(2).await;
    let card = bot.command(ADA, "quiz").await;
    action(&card, "reveal");
    assert_eq!(bot.fake.calls_to("apps.connections.open").len(), 2);
    bot.shut_down().await;
}

#[tokio::test]
async fn mention_text_in_an_answer_and_a_display_name_is_never_echoed_live() {
    let mut bot = start().await;
    bot.fake
        .add_user(FakeUser::member("U0EVE", "<!channel> Eve <@U0ADA>"));
    let card = bot.command("U0EVE", "quiz transformers").await;
    let good = action(&card, "reveal").replace("reveal", "grade-good");
    bot.click("U0EVE", &good).await;
    let board = bot.command(ADA, "leaderboard").await;
    assert_eq!(board["response_type"], "in_channel");
    assert!(
        board.to_string().contains("&lt;!channel&gt; Eve"),
        "{board:#}"
    );
    let streak = bot.command(ADA, "streak <@U0EVE|eve>").await;
    assert!(
        streak.to_string().contains("&lt;!channel&gt;"),
        "{streak:#}"
    );
    // An answer full of mentions, and a topic typed as one.
    let (envelope, _) = bot.fake.click(ADA, CHANNEL, &action(&card, "answer"));
    bot.fake.ack(&envelope).await;
    let view = bot.fake.call("views.open", 1).await.body["view"].clone();
    let envelope = bot.fake.submit(
        ADA,
        &view,
        "<!here> <!everyone> <@U0BOB> <#C0X|x> <!subteam^S1> attention",
    );
    bot.fake.ack(&envelope).await;
    bot.fake.call("chat.postEphemeral", 1).await;
    bot.command(ADA, "quiz <!everyone>").await;
    let sent = bot.fake.everything_sent();
    for live in [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U0BOB>",
        "<@U0ADA>",
        "<#C0X",
        "<!subteam",
    ] {
        assert!(!sent.contains(live), "`{live}` went out live:\n{sent}");
    }
    bot.shut_down().await;
}

/// Sets up the daily question in `DAILY` at 09:00 UTC, revealed after 30
/// minutes, through the admin's command.
async fn daily_at_nine(bot: &Running) {
    let reply = bot
        .command(ADMIN, "setup <#C0DAILY|daily> 09:00 UTC reveal=30")
        .await;
    assert!(reply.to_string().contains("set up"), "{reply:#}");
}

fn scheduler(bot: &Running, poster: SlackPoster) -> Scheduler {
    Scheduler::new(
        bot.app.engine.clone(),
        Arc::new(poster),
        &DailySettings::default(),
    )
}

fn poster_again(bot: &Running, started: chrono::DateTime<chrono::Utc>) -> SlackPoster {
    let client = prepbot::slack::web_client(&bot.settings).unwrap();
    SlackPoster::new(
        client,
        slack_morphism::prelude::SlackApiToken::new(BOT_TOKEN.to_owned().into()),
        started,
    )
}

#[tokio::test]
async fn a_daily_post_is_one_chat_post_message_and_later_one_thread_reply() {
    let mut bot = start().await;
    daily_at_nine(&bot).await;
    let poster = poster_again(&bot, utc("2026-11-28T08:00:00Z"));
    let scheduler = scheduler(&bot, poster);
    let at = utc("2026-11-28T09:00:02Z");
    bot.set_time(at);
    let report = scheduler.tick(at).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let posts = bot.fake.messages_in(DAILY);
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    assert!(post.thread_ts.is_none());
    assert!(
        post.body["blocks"][0]["block_id"]
            .as_str()
            .unwrap()
            .starts_with("prepbot-daily-"),
        "{:#}",
        post.body
    );
    action(&post.body, "reveal");
    // A fresh post needs no look-up in the history.
    assert!(bot.fake.calls_to("conversations.history").is_empty());
    assert_eq!(scheduler.tick(at).await.sent, 0);
    let later = utc("2026-11-28T09:31:00Z");
    bot.set_time(later);
    assert_eq!(scheduler.tick(later).await.revealed, 1);
    let posts = bot.fake.messages_in(DAILY);
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[1].thread_ts.as_deref(), Some(post.ts.as_str()));
    assert!(posts[1].body["blocks"].to_string().contains("The answer"));
    assert_eq!(scheduler.tick(later).await.revealed, 0);
    assert_eq!(bot.fake.calls_to("chat.postMessage").len(), 2);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_rate_limited_post_waits_for_retry_after_and_is_delivered_once() {
    let mut bot = start().await;
    daily_at_nine(&bot).await;
    let scheduler = scheduler(&bot, poster_again(&bot, utc("2026-11-28T08:00:00Z")));
    bot.fake
        .script("chat.postMessage", Scripted::RateLimited(1));
    let at = utc("2026-11-28T09:00:02Z");
    bot.set_time(at);
    assert_eq!(scheduler.tick(at).await.sent, 1);
    let calls = bot.fake.calls_to("chat.postMessage");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].answer, "ratelimited");
    assert!(calls[1].at - calls[0].at >= Duration::from_millis(950));
    assert_eq!(bot.fake.messages_in(DAILY).len(), 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_post_to_a_channel_prepbot_is_not_in_pauses_the_daily_question_with_the_reason_status_shows()
 {
    let mut bot = start().await;
    daily_at_nine(&bot).await;
    let scheduler = scheduler(&bot, poster_again(&bot, utc("2026-11-28T08:00:00Z")));
    bot.fake
        .script("chat.postMessage", Scripted::Error("not_in_channel"));
    let at = utc("2026-11-28T09:00:02Z");
    bot.set_time(at);
    let report = scheduler.tick(at).await;
    assert_eq!((report.sent, report.failed), (0, 1));
    assert_eq!(bot.fake.calls_to("chat.postMessage").len(), 1);
    // Not retried: not in this round, not later, not the next day.
    for later in [
        at,
        at + chrono::Duration::hours(1),
        at + chrono::Duration::days(1),
    ] {
        bot.set_time(later);
        scheduler.tick(later).await;
    }
    assert_eq!(bot.fake.calls_to("chat.postMessage").len(), 1);
    let status = bot.command(ADMIN, "status").await.to_string();
    assert!(
        status.contains("paused: Slack refused the post to C0DAILY: not_in_channel"),
        "{status}"
    );
    assert!(status.contains("invite prepbot to the channel"), "{status}");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_resend_after_a_restart_finds_the_first_post_instead_of_posting_twice() {
    let mut bot = start().await;
    daily_at_nine(&bot).await;
    let at = utc("2026-11-28T09:00:02Z");
    bot.set_time(at);
    let engine = &bot.app.engine;
    engine
        .claim_due_posts(at, chrono::Duration::hours(6))
        .await
        .unwrap();
    let post: DailyPost = engine.unsent_posts(at).await.unwrap().remove(0);
    let first = poster_again(&bot, utc("2026-11-28T08:00:00Z"))
        .post_daily(&post)
        .await
        .unwrap();
    // prepbot "crashed" before marking the post sent; a new process, started
    // after the post was due, sends it again.
    let again = poster_again(&bot, utc("2026-11-28T09:05:00Z"))
        .post_daily(&post)
        .await
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(bot.fake.calls_to("chat.postMessage").len(), 1);
    assert_eq!(bot.fake.calls_to("conversations.history").len(), 1);
    bot.shut_down().await;
}

#[test]
fn the_fakes_payloads_deserialize_as_slack_morphism_models() {
    use slack_morphism::prelude::*;
    let command: SlackCommandEvent = serde_json::from_value(fake_slack::command_json(
        ADA,
        CHANNEL,
        "quiz",
        "http://127.0.0.1:1/respond/1",
        1,
    ))
    .expect("a slash command parses");
    assert_eq!(command.text.as_deref(), Some("quiz"));
    let click: SlackInteractionEvent = serde_json::from_value(fake_slack::block_actions_json(
        ADA,
        Some(CHANNEL),
        "pb1:reveal:1",
        Some("http://127.0.0.1:1/respond/1"),
        1,
    ))
    .expect("a click parses");
    assert!(matches!(click, SlackInteractionEvent::BlockActions(_)));
    let view = json!({
        "type": "modal",
        "title": {"type": "plain_text", "text": "Your answer"},
        "blocks": [],
        "callback_id": "pb1:answer:1",
        "private_metadata": CHANNEL,
    });
    let submit: SlackInteractionEvent =
        serde_json::from_value(fake_slack::view_submission_json(ADA, &view, "x"))
            .expect("a submission parses");
    assert!(matches!(submit, SlackInteractionEvent::ViewSubmission(_)));
    let event: SlackPushEventCallback = serde_json::from_value(json!({
        "token": "verification-token",
        "team_id": fake_slack::TEAM,
        "api_app_id": fake_slack::APP_ID,
        "event": {"type": "app_home_opened", "user": ADA, "channel": "D0ADA", "tab": "home"},
        "type": "event_callback",
        "event_id": "Ev1",
        "event_time": 1_764_000_000,
    }))
    .expect("an event parses");
    assert!(matches!(
        event.event,
        SlackEventCallbackBody::AppHomeOpened(_)
    ));
}

#[tokio::test]
async fn opening_the_app_home_publishes_the_members_streak_and_a_quiz_button() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz").await;
    let good = action(&card, "reveal").replace("reveal", "grade-good");
    bot.click(ADA, &good).await;
    let envelope = bot.fake.event(json!({
        "type": "app_home_opened",
        "user": ADA,
        "channel": "D0ADA",
        "tab": "home",
        "event_ts": "1764000000.000300",
    }));
    bot.fake.ack(&envelope).await;
    let published = bot.fake.call("views.publish", 1).await;
    assert_eq!(published.body["user_id"], ADA);
    let view = &published.body["view"];
    assert_eq!(view["type"], "home");
    let text = view["blocks"].to_string();
    assert!(text.contains("Streak: 1 day"), "{text}");
    assert!(text.contains("Points:"), "{text}");
    // Quiz me draws a card into the member's messages with the app.
    let (envelope, _) = {
        let payload = fake_slack::block_actions_json(ADA, None, "pb1:home-quiz", None, 77);
        (bot.fake.envelope("interactive", payload, false), ())
    };
    bot.fake.ack(&envelope).await;
    let posted = bot.fake.call("chat.postMessage", 1).await;
    assert_eq!(posted.body["channel"], ADA);
    assert!(posted.body["blocks"].to_string().contains("pb1:reveal:"));
    bot.shut_down().await;
}

#[test]
fn the_manifest_declares_prep_socket_mode_and_only_the_scopes_prepbot_uses() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/slack/manifest.yml"))
            .expect("slack/manifest.yml is committed");
    for wanted in [
        "command: /prep",
        "should_escape: true",
        "socket_mode_enabled: true",
        "home_tab_enabled: true",
        "is_enabled: true",
        "- app_home_opened",
    ] {
        assert!(manifest.contains(wanted), "the manifest lacks `{wanted}`");
    }
    let scopes: Vec<&str> = manifest
        .lines()
        .skip_while(|line| line.trim() != "bot:")
        .skip(1)
        .take_while(|line| line.starts_with("      "))
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.strip_prefix("- "))
        .collect();
    assert_eq!(
        scopes,
        [
            "commands",
            "chat:write",
            "users:read",
            "channels:history",
            "groups:history",
            "channels:read",
            "groups:read",
            "files:write"
        ]
    );
}

#[tokio::test]
async fn a_disconnect_request_from_slack_reconnects_and_answers_again() {
    let mut bot = start().await;
    bot.fake.ask_to_reconnect();
    bot.fake.wait_for_connection(2).await;
    let card = bot.command(ADA, "quiz").await;
    action(&card, "reveal");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_button_prepbot_did_not_make_is_refused_privately_and_records_nothing() {
    let mut bot = start().await;
    let reply = bot.click(ADA, "pb1:grade-good:999999").await;
    assert!(is_private(&reply));
    assert!(reply.to_string().contains("Not done"), "{reply:#}");
    let reply = bot.click(ADA, "something-else").await;
    assert!(
        reply.to_string().contains("not one prepbot recognises"),
        "{reply:#}"
    );
    assert!(reply.to_string().contains("/prep quiz"), "{reply:#}");
    assert_eq!(bot.count("SELECT COUNT(*) FROM attempts").await, 0);
    bot.shut_down().await;
}

#[tokio::test]
async fn every_other_subcommand_answers_the_caller_privately() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz").await;
    let id = question_id(&card);
    for (text, expected) in [
        ("daily", "No daily question has been posted"),
        (&*format!("reveal {id}"), "Model answer"),
        ("review", "new left today"),
        ("streak", "Streak"),
        ("stats", "Your progress"),
        ("topics", "/prep quiz &lt;topic&gt;"),
        ("settings Europe/Berlin hide", "Europe/Berlin"),
        ("help", "/prep setup"),
        ("answer", "Nothing to answer"),
    ] {
        let reply = bot.command(ADA, text).await;
        assert!(is_private(&reply), "`{text}`: {reply:#}");
        assert!(
            reply.to_string().contains(expected),
            "`{text}` lacks `{expected}`: {reply:#}"
        );
    }
    bot.shut_down().await;
}

#[tokio::test]
async fn setup_without_words_opens_a_form_whose_submission_starts_the_daily_question() {
    let mut bot = start().await;
    let refused = bot.command(ADA, "setup").await;
    assert!(refused.to_string().contains("Only workspace admins"));
    assert!(bot.fake.calls_to("views.open").is_empty());

    let (envelope, _) = bot.fake.slash_command(ADMIN, CHANNEL, "setup");
    bot.fake.ack(&envelope).await;
    let opened = bot.fake.call("views.open", 1).await;
    let view = &opened.body["view"];
    assert_eq!(view["callback_id"], "pb1-setup");
    assert_eq!(view["private_metadata"], CHANNEL);
    let text = |value: &str| json!({"type": "plain_text_input", "value": value});
    let values = json!({
        "channel": {"channel": {"type": "conversations_select", "selected_conversation": DAILY}},
        "time": {"time": text("09:30")},
        "timezone": {"timezone": text("Europe/Berlin")},
        "topics": {"topics": text("transformers")},
        "reveal": {"reveal": text("45")},
    });
    let envelope = bot.fake.submit_values(ADMIN, view, values);
    bot.fake.ack(&envelope).await;
    let said = bot.fake.call("chat.postEphemeral", 1).await;
    assert_eq!(said.body["channel"], CHANNEL);
    assert_eq!(said.body["user"], ADMIN);
    let said = said.body["blocks"].to_string();
    assert!(said.contains("Daily question set up"), "{said}");
    assert!(said.contains("<#C0DAILY>"), "{said}");
    assert_eq!(
        bot.count("SELECT COUNT(*) FROM subscriptions WHERE channel_id = 'C0DAILY' AND schedule = '09:30' AND timezone = 'Europe/Berlin' AND topics = 'transformers' AND reveal_after_minutes = 45").await,
        1
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn without_the_history_scope_a_possible_resend_is_sent_rather_than_missed() {
    let mut bot = start().await;
    daily_at_nine(&bot).await;
    let at = utc("2026-11-28T09:00:02Z");
    bot.set_time(at);
    let engine = &bot.app.engine;
    engine
        .claim_due_posts(at, chrono::Duration::hours(6))
        .await
        .unwrap();
    let post: DailyPost = engine.unsent_posts(at).await.unwrap().remove(0);
    bot.fake
        .script("conversations.history", Scripted::Error("missing_scope"));
    poster_again(&bot, utc("2026-11-28T09:05:00Z"))
        .post_daily(&post)
        .await
        .expect("the post goes out");
    assert_eq!(bot.fake.calls_to("conversations.history").len(), 1);
    assert_eq!(bot.fake.messages_in(DAILY).len(), 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_reveal_with_no_delay_still_waits_a_second_after_its_post_in_the_same_channel() {
    let mut bot = start().await;
    let reply = bot
        .command(ADMIN, "setup <#C0DAILY|daily> 09:00 UTC reveal=0")
        .await;
    assert!(reply.to_string().contains("set up"), "{reply:#}");
    let scheduler = scheduler(&bot, poster_again(&bot, utc("2026-11-28T08:00:00Z")));
    let at = utc("2026-11-28T09:00:02Z");
    bot.set_time(at);
    let report = scheduler.tick(at).await;
    let report = if report.revealed == 0 {
        scheduler.tick(at).await
    } else {
        report
    };
    assert_eq!(report.revealed, 1, "{report:?}");
    let calls = bot.fake.calls_to("chat.postMessage");
    assert_eq!(calls.len(), 2);
    assert!(
        calls[1].at - calls[0].at >= Duration::from_millis(900),
        "{:?} apart",
        calls[1].at - calls[0].at
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn an_envelope_prepbot_cannot_read_is_still_acknowledged_and_the_bot_goes_on() {
    let mut bot = start().await;
    let envelope = bot.fake.envelope(
        "interactive",
        json!({"type": "block_actions", "not": "what Slack sends"}),
        false,
    );
    bot.fake.ack(&envelope).await;
    let card = bot.command(ADA, "quiz").await;
    action(&card, "reveal");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_question_id_with_choice_gives_that_question_as_a_choice_card() {
    let mut bot = start().await;
    let reply = bot.command(ADA, "quiz genai-018 choice").await;
    let ids = action_ids(&reply);
    assert!(
        ids.iter().filter(|id| id.contains(":pick-")).count() == 4,
        "four option buttons: {ids:?}"
    );
    assert!(
        reply.to_string().contains("What is self-attention?"),
        "{reply:#}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn prep_report_is_private_and_only_admins_list_and_close_reports() {
    let mut bot = start().await;
    let reply = bot
        .command(ADA, "report genai-018 outdated <!channel> sizes from 2023")
        .await;
    assert!(is_private(&reply), "{reply:#}");
    let text = reply.to_string();
    assert!(
        text.contains("genai-018 is reported as outdated"),
        "{reply:#}"
    );
    assert!(
        !text.contains("<!channel>"),
        "typed text pings nobody: {reply:#}"
    );
    let bad = bot.command(ADA, "report genai-018 wromg").await;
    assert!(
        bad.to_string()
            .contains("`wromg` is not a reason to report a question; use wrong, unclear, outdated, duplicate or other."),
        "{bad:#}"
    );

    let refused = bot.command(ADA, "reports").await;
    assert!(
        refused.to_string().contains("Only workspace admins"),
        "{refused:#}"
    );
    let refused = bot.command(ADA, "close-report 1 mine").await;
    assert!(
        refused.to_string().contains("Only workspace admins"),
        "{refused:#}"
    );
    assert_eq!(
        bot.count("SELECT COUNT(*) FROM reports WHERE closed_at IS NULL")
            .await,
        1
    );

    let list = bot.command(ADMIN, "reports").await;
    assert!(is_private(&list), "{list:#}");
    assert!(
        list.to_string().contains("#1 genai-018 · outdated"),
        "{list:#}"
    );
    let closed = bot.command(ADMIN, "close-report 1 updated the sizes").await;
    assert!(
        closed.to_string().contains("Report #1 on genai-018"),
        "{closed:#}"
    );
    assert_eq!(
        bot.count("SELECT COUNT(*) FROM reports WHERE close_note = 'updated the sizes'")
            .await,
        1
    );
    bot.shut_down().await;
}

/// The question form's values as Slack sends them back.
fn question_values(question: &str, difficulty: &str) -> Value {
    let value = |text: &str| json!({"type": "plain_text_input", "value": text});
    json!({
        "topic": {"topic": value("rag")},
        "difficulty": {"difficulty": value(difficulty)},
        "question": {"question": value(question)},
        "answer": {"answer": value("Small enough to match one idea, large enough to keep its context, with a little overlap.")},
        "key_points": {"key_points": value("match one idea\nkeep its context\noverlap")},
    })
}

#[tokio::test]
async fn a_question_suggested_on_slack_is_approved_by_an_admin_and_then_quizzed() {
    let mut bot = start().await;
    let asked = "How do you choose a chunk size for retrieval?";

    let (envelope, _) = bot.fake.slash_command(ADA, CHANNEL, "suggest");
    bot.fake.ack(&envelope).await;
    let view = bot.fake.call("views.open", 1).await.body["view"].clone();
    assert_eq!(view["callback_id"], "pb1:suggest", "{view:#}");
    assert_eq!(view["blocks"].as_array().unwrap().len(), 5);

    let envelope = bot
        .fake
        .submit_values(ADA, &view, question_values(asked, "medium"));
    bot.fake.ack(&envelope).await;
    let saved = bot.fake.call("chat.postEphemeral", 1).await.body;
    assert_eq!(saved["user"], ADA);
    assert!(
        saved
            .to_string()
            .contains("suggestion ws-1 (deployment, medium)"),
        "{saved:#}"
    );

    // The bank's rules, in the bank's words.
    let envelope = bot
        .fake
        .submit_values(ADA, &view, question_values("Why?", "expert"));
    bot.fake.ack(&envelope).await;
    let refused = bot.fake.call("chat.postEphemeral", 2).await.body;
    assert!(
        refused
            .to_string()
            .contains("difficulty `expert` is not one of easy, medium, hard"),
        "{refused:#}"
    );

    // Only an admin approves, whatever the button says.
    let refused = bot.click(ADA, "pb1:approve-1").await;
    assert!(
        refused.to_string().contains("Only workspace admins"),
        "{refused:#}"
    );
    let list = bot.command(ADMIN, "pending").await;
    assert!(list.to_string().contains(asked), "{list:#}");
    assert_eq!(action_ids(&list), vec!["pb1:approve-1", "pb1:reject-1"]);
    let approved = bot.click(ADMIN, "pb1:approve-1").await;
    assert!(
        approved.to_string().contains("Approved ws-1 (deployment)"),
        "{approved:#}"
    );

    let card = bot.command(ADA, "quiz ws-1").await;
    assert!(card.to_string().contains(asked), "{card:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn only_an_admin_opens_the_add_form_on_slack() {
    let mut bot = start().await;
    let refused = bot.command(ADA, "add").await;
    assert!(
        refused.to_string().contains("Only workspace admins"),
        "{refused:#}"
    );
    assert!(bot.fake.calls_to("views.open").is_empty());
    let (envelope, _) = bot.fake.slash_command(ADMIN, CHANNEL, "add");
    bot.fake.ack(&envelope).await;
    let view = bot.fake.call("views.open", 1).await.body["view"].clone();
    assert_eq!(view["callback_id"], "pb1:add");
    let envelope = bot.fake.submit_values(
        ADMIN,
        &view,
        question_values("When is a reranker worth its latency?", "hard"),
    );
    bot.fake.ack(&envelope).await;
    let saved = bot.fake.call("chat.postEphemeral", 1).await.body;
    assert!(
        saved
            .to_string()
            .contains("Added ws-1 to deployment (hard)"),
        "{saved:#}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn an_interview_date_set_on_slack_counts_down_and_cram_leads_from_card_to_card() {
    let mut bot = start().await;
    let set = bot
        .command(ADA, "settings interview 2026-12-08 transformers")
        .await;
    assert!(is_private(&set), "{set:#}");
    let text = set.to_string();
    assert!(
        text.contains("Interview date set: Tue 8 Dec 2026, covering Transformer Architecture"),
        "{text}"
    );
    assert!(
        text.contains("/prep review"),
        "Slack's own command names: {text}"
    );

    let card = bot.command(ADA, "review").await;
    assert!(
        card.to_string().contains("interview in 10 days"),
        "{card:#}"
    );
    let good = action(&card, "reveal").replace("reveal", "grade-good");
    bot.click(ADA, &good).await;

    bot.set_time(utc("2026-11-29T08:00:00Z"));
    let card = bot.command(ADA, "review cram").await;
    assert!(
        card.to_string()
            .contains("Cram · the last question ahead of schedule"),
        "{card:#}"
    );
    let good = action(&card, "reveal").replace("reveal", "grade-good");
    let graded = bot.click(ADA, &good).await;
    assert!(
        graded.to_string().contains("cramming does not move it"),
        "{graded:#}"
    );
    let done = bot.click(ADA, &action(&graded, "cram")).await;
    assert!(
        done.to_string().contains("Nothing left to cram today"),
        "{done:#}"
    );
    let streak = bot.command(ADA, "streak").await;
    assert!(
        streak.to_string().contains("Your interview is in 9 days"),
        "{streak:#}"
    );
    let missing = bot.command(ADA, "settings interview").await;
    assert!(
        missing
            .to_string()
            .contains("/prep settings interview 2027-01-15"),
        "{missing:#}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn on_slack_an_admin_queues_skips_pauses_and_resumes_privately_and_a_member_is_refused() {
    let mut bot = start().await;
    let reply = bot.command(ADMIN, "setup 09:00 UTC").await;
    assert!(reply.to_string().contains("set up"), "{reply:#}");
    for text in ["preview", "queue genai-018", "skip", "pause", "resume"] {
        let refused = bot.command(ADA, text).await;
        assert!(is_private(&refused), "`{text}`: {refused:#}");
        assert!(
            refused.to_string().contains("Only workspace admins"),
            "`{text}`: {refused:#}"
        );
    }
    assert_eq!(bot.count("SELECT COUNT(*) FROM admin_actions").await, 0);

    let preview = bot.command(ADMIN, "preview").await;
    assert!(is_private(&preview), "{preview:#}");
    assert!(
        preview.to_string().contains("Sat 28 Nov 09:00 UTC  "),
        "{preview:#}"
    );
    let queued = bot
        .command(ADMIN, "queue genai-018 we just covered attention")
        .await;
    assert!(is_private(&queued), "{queued:#}");
    assert!(
        queued
            .to_string()
            .contains("genai-018 is queued: it is the next daily question here"),
        "{queued:#}"
    );
    let skipped = bot.command(ADMIN, "skip team offsite").await;
    assert!(
        skipped
            .to_string()
            .contains("Skipped the daily question of Sat 28 Nov 09:00 UTC"),
        "{skipped:#}"
    );
    let bad = bot.command(ADMIN, "pause until 2026-13-01").await;
    assert!(is_private(&bad), "{bad:#}");
    let bad = bad.to_string();
    assert!(bad.contains("`2026-13-01` is not a date"), "{bad}");
    assert!(bad.contains("/prep pause until 2026-12-24"), "{bad}");
    let paused = bot.command(ADMIN, "pause until 2026-11-30 exams").await;
    assert!(
        paused.to_string().contains(
            "paused through Mon 30 Nov (no post on that day either); the next one comes Tue 1 Dec 09:00 UTC."
        ),
        "{paused:#}"
    );
    let status = bot.command(ADMIN, "status").await.to_string();
    assert!(status.contains("through Mon 30 Nov (exams)"), "{status}");
    let resumed = bot.command(ADMIN, "resume").await;
    assert!(
        resumed
            .to_string()
            .contains("back: the next one comes Sun 29 Nov 09:00 UTC"),
        "{resumed:#}"
    );

    // Saturday is skipped; Sunday posts the queued question.
    let scheduler = scheduler(&bot, poster_again(&bot, utc("2026-11-28T08:00:00Z")));
    for at in ["2026-11-28T09:00:02Z", "2026-11-29T09:00:02Z"] {
        bot.set_time(utc(at));
        scheduler.tick(utc(at)).await;
    }
    let posts = bot.fake.messages_in(CHANNEL);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    assert!(posts[0].body["blocks"].to_string().contains("genai-018"));
    assert_eq!(
        bot.count("SELECT COUNT(*) FROM admin_actions WHERE member_id IS NOT NULL")
            .await,
        4
    );
    bot.shut_down().await;
}

/// Ada as the engine knows her in the fake Slack workspace.
fn ada_on_slack() -> prepbot::engine::MemberRef {
    prepbot::engine::MemberRef {
        workspace: prepbot::engine::WorkspaceRef {
            platform: prepbot::engine::Platform::Slack,
            external_id: fake_slack::TEAM.to_owned(),
            name: "study-group".to_owned(),
        },
        external_id: ADA.to_owned(),
        display_name: "Ada".to_owned(),
    }
}

#[tokio::test]
async fn an_admin_restores_a_streak_prepbot_broke_on_slack_and_a_member_is_refused() {
    let mut bot = start().await;
    support::downtime::missed_nov_4(&bot.app, &ada_on_slack(), true).await;
    let refused = bot
        .command(BOB, "streak <@U0ADA|ada> restore the host was down")
        .await;
    assert!(is_private(&refused), "{refused:#}");
    assert!(
        refused.to_string().contains("Only workspace admins"),
        "{refused:#}"
    );
    assert_eq!(bot.count("SELECT COUNT(*) FROM streak_repairs").await, 0);

    let reply = bot
        .command(ADMIN, "streak <@U0ADA|ada> restore the host was down")
        .await;
    assert!(is_private(&reply), "{reply:#}");
    let text = reply.to_string();
    assert!(
        text.contains("Restored Ada's streak: Wed 4 Nov 2026 is excused")
            && text.contains("Streak: 3 days"),
        "{reply:#}"
    );
    assert_eq!(
        bot.count("SELECT COUNT(*) FROM streak_repairs WHERE restored_by_name = 'Grace' AND reason = 'the host was down'")
            .await,
        1
    );
    let again = bot.command(ADMIN, "streak <@U0ADA> restore").await;
    assert!(again.to_string().contains("already restored"), "{again:#}");

    let history = bot.command(ADMIN, "streak <@U0ADA> history").await;
    assert!(is_private(&history), "{history:#}");
    let text = history.to_string();
    assert!(
        text.contains("Streak history · Ada") && text.contains("excused by Grace"),
        "{history:#}"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_restore_on_slack_is_refused_when_prepbot_was_running_on_the_missed_day() {
    let mut bot = start().await;
    support::downtime::missed_nov_4(&bot.app, &ada_on_slack(), false).await;
    let reply = bot.command(ADMIN, "streak <@U0ADA> restore").await;
    assert!(
        reply
            .to_string()
            .contains("prepbot has no record of being down or paused for most of that day"),
        "{reply:#}"
    );
    assert_eq!(bot.count("SELECT COUNT(*) FROM streak_repairs").await, 0);
    bot.shut_down().await;
}

#[tokio::test]
async fn check_says_when_prepbot_is_not_in_the_channel_and_setup_warns_but_stores() {
    let mut bot = start().await;
    let reply = bot.command(ADMIN, "check").await;
    assert!(is_private(&reply), "{reply:#}");
    assert!(
        reply
            .to_string()
            .contains("prepbot has everything it needs"),
        "{reply:#}"
    );

    bot.fake.remove_bot_from(DAILY);
    let reply = bot.command(ADMIN, "check <#C0DAILY|daily>").await;
    let text = reply.to_string();
    assert!(
        text.contains("prepbot is missing 1 thing in <#C0DAILY>")
            && text.contains("prepbot is not a member of this channel")
            && text.contains("/invite @prepbot"),
        "{reply:#}"
    );

    let reply = bot
        .command(ADMIN, "setup <#C0DAILY|daily> 09:00 Europe/Berlin")
        .await;
    let text = reply.to_string();
    assert!(
        text.contains("Daily question set up") && text.contains("Warning: prepbot is missing"),
        "{reply:#}"
    );
    assert!(text.contains("/prep check in the channel"), "{reply:#}");
    assert_eq!(bot.count("SELECT COUNT(*) FROM subscriptions").await, 1);

    let refused = bot.command(ADA, "check").await;
    assert!(refused.to_string().contains("Only workspace admins"));
    bot.shut_down().await;
}

/// The image block of a reply, if it has one: the uploaded file's id.
fn image_file(reply: &Value) -> Option<String> {
    reply["blocks"]
        .as_array()?
        .iter()
        .find(|b| b["type"] == "image")
        .and_then(|b| b["slack_file"]["id"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn stats_uploads_the_card_unshared_and_shows_it_in_the_private_reply() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz").await;
    bot.command(ADA, &format!("reveal {}", question_id(&card)))
        .await;
    let reply = bot.command(ADA, "stats").await;
    assert!(is_private(&reply), "{reply:#}");
    assert!(reply.to_string().contains("Your progress"));
    let file = image_file(&reply).expect("an image block");
    let uploads = bot.fake.uploads();
    assert_eq!(uploads.len(), 1);
    let upload = &uploads[0];
    assert_eq!(upload.id, file);
    assert_eq!(upload.name, "prepbot-stats.png");
    assert!(upload.completed);
    assert_eq!(upload.channel, None, "the card is nobody else's");
    assert_eq!(&upload.bytes[1..4], b"PNG");
    bot.fake.assert_no_surprises();
    bot.shut_down().await;
}

#[tokio::test]
async fn stats_without_files_write_sends_the_text_with_its_calendar() {
    let mut bot = start().await;
    bot.fake.script(
        "files.getUploadURLExternal",
        Scripted::Error("missing_scope"),
    );
    let reply = bot.command(ADA, "stats").await;
    assert!(is_private(&reply), "{reply:#}");
    assert!(image_file(&reply).is_none());
    assert!(reply.to_string().contains("Practice days"), "{reply:#}");
    assert!(bot.fake.uploads().is_empty());
    bot.shut_down().await;
}

#[tokio::test]
async fn settings_dark_and_recap_preview_and_switch_for_admins_only() {
    let mut bot = start().await;
    let reply = bot.command(ADA, "settings dark").await;
    assert!(reply.to_string().contains("drawn dark"), "{reply:#}");
    let refused = bot.command(ADA, "recap").await;
    assert!(
        refused.to_string().contains("Only workspace admins"),
        "{refused:#}"
    );

    daily_at_nine(&bot).await;
    let preview = bot.command(ADMIN, "recap").await;
    assert!(is_private(&preview));
    assert!(preview.to_string().contains("preview"), "{preview:#}");
    assert!(image_file(&preview).is_some());
    let off = bot.command(ADMIN, "recap off").await;
    assert!(
        off.to_string().contains("no daily question"),
        "the command's channel has none: {off:#}"
    );
    let bad = bot.command(ADMIN, "recap sometimes").await;
    assert!(bad.to_string().contains("not a recap switch"), "{bad:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn the_weekly_recap_is_posted_as_text_then_its_picture_shared_in_the_channel() {
    let mut bot = start().await;
    daily_at_nine(&bot).await;
    let poster = poster_again(&bot, utc("2026-11-28T08:00:00Z"));
    let scheduler = scheduler(&bot, poster);
    // Monday 30 Nov, 09:00 UTC.
    let at = utc("2026-11-30T09:00:02Z");
    bot.set_time(at);
    let report = scheduler.tick(at).await;
    assert_eq!(report.recapped, 1, "{report:?}");
    let texts: Vec<String> = bot
        .fake
        .messages_in(DAILY)
        .iter()
        .map(|m| m.body.to_string())
        .filter(|t| t.contains("Weekly recap"))
        .collect();
    assert_eq!(texts.len(), 1);
    assert!(texts[0].contains("A quiet week"), "{}", texts[0]);
    let uploads = bot.fake.uploads();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].name, "prepbot-weekly-recap.png");
    assert_eq!(uploads[0].channel.as_deref(), Some(DAILY));
    assert_eq!(scheduler.tick(at).await.recapped, 0);
    bot.fake.assert_no_surprises();
    bot.shut_down().await;
}

#[tokio::test]
async fn prep_settings_export_sends_the_members_json_privately_in_code_blocks() {
    let mut bot = start().await;
    let card = bot.command(ADA, "quiz").await;
    bot.click(
        ADA,
        &action(&card, "reveal").replace("reveal", "grade-good"),
    )
    .await;

    let reply = bot.command(ADA, "settings export").await;
    assert!(is_private(&reply), "{reply:#}");
    let blocks = reply["blocks"].as_array().unwrap();
    assert!(
        blocks[0]
            .to_string()
            .contains("1 graded answer over 1 practice day"),
        "{reply:#}"
    );
    // The JSON is the code blocks after the heading, put back together.
    let json: String = blocks[1..]
        .iter()
        .map(|block| {
            let text = block["text"]["text"].as_str().unwrap();
            text.trim_start_matches("```")
                .trim_end_matches("```")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect();
    let export: Value = serde_json::from_str(&json).expect("the blocks hold the whole JSON");
    assert_eq!(export["member"]["member_id"], ADA);
    assert_eq!(export["attempts"].as_array().unwrap().len(), 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn prep_settings_delete_asks_first_and_deletes_only_when_the_button_is_pressed() {
    let mut bot = start().await;
    for who in [ADA, BOB] {
        let card = bot.command(who, "quiz").await;
        bot.click(
            who,
            &action(&card, "reveal").replace("reveal", "grade-good"),
        )
        .await;
    }

    let asked = bot.command(ADA, "settings delete").await;
    assert!(is_private(&asked), "{asked:#}");
    assert!(
        asked
            .to_string()
            .contains("This deletes everything prepbot keeps about you in this workspace"),
        "{asked:#}"
    );
    assert_eq!(action_ids(&asked), vec!["pb1:forget".to_owned()]);
    assert_eq!(bot.count("SELECT COUNT(*) FROM attempts").await, 2);

    let done = bot.click(ADA, "pb1:forget").await;
    assert!(is_private(&done), "{done:#}");
    assert!(
        done.to_string()
            .contains("your data in this workspace is gone"),
        "{done:#}"
    );
    assert_eq!(
        bot.count(&format!(
            "SELECT COUNT(*) FROM members WHERE external_id = '{ADA}'"
        ))
        .await,
        0
    );
    assert_eq!(
        bot.count("SELECT COUNT(*) FROM attempts").await,
        1,
        "Bob's stays"
    );
    bot.shut_down().await;
}

#[tokio::test]
async fn a_suggestion_full_of_mentions_and_markup_is_listed_to_admins_escaped_in_a_code_block() {
    let mut bot = start().await;
    let asked = "Is *this* _it_ ~gone~ `code` <!channel> <@U0BOB> @here a good size?";
    let (envelope, _) = bot.fake.slash_command(ADA, CHANNEL, "suggest");
    bot.fake.ack(&envelope).await;
    let view = bot.fake.call("views.open", 1).await.body["view"].clone();
    let envelope = bot.fake.submit_values(
        ADA,
        &view,
        question_values(&format!("{asked}\u{0}\u{202E}"), "medium"),
    );
    bot.fake.ack(&envelope).await;
    let saved = bot.fake.call("chat.postEphemeral", 1).await.body;
    assert!(saved.to_string().contains("suggestion ws-1"), "{saved:#}");
    let list = bot.command(ADMIN, "pending").await;
    let section = list["blocks"][0]["text"]["text"].as_str().unwrap();
    assert!(section.contains("\n```"), "{section}");
    assert!(
        section.contains("Is *this* _it_ ~gone~ `code` &lt;!channel&gt; &lt;@U0BOB&gt; @here"),
        "{section}"
    );
    assert!(!section.contains(['\u{0}', '\u{202E}']), "{section:?}");
    let sent = bot.fake.everything_sent();
    for live in ["<!channel>", "<@U0BOB>"] {
        assert!(!sent.contains(live), "`{live}` went out live");
    }
    bot.shut_down().await;
}

#[tokio::test]
async fn every_malformed_time_and_zone_in_prep_setup_is_refused_and_the_daily_question_stays() {
    let mut bot = start().await;
    daily_at_nine(&bot).await;
    let long_zone = format!("Europe/{}", "x".repeat(300));
    let table: [(String, &str); 8] = [
        ("24:00 UTC".into(), "is not a time of day"),
        ("99:99 UTC".into(), "is not a time of day"),
        ("@reboot UTC".into(), "did not understand `@reboot`"),
        ("٠٩:٠٠ UTC".into(), "did not understand `٠٩:٠٠`"),
        ("09:00 Europe/../etc".into(), "is not a known time zone"),
        (format!("09:00 {long_zone}"), "is not a known time zone"),
        (
            "09:00 '); DROP TABLE subscriptions;--".into(),
            "did not understand `');`",
        ),
        (
            "09:00 <!channel>".into(),
            "did not understand `&lt;!channel&gt;`",
        ),
    ];
    for (words, says) in &table {
        let reply = bot
            .command(ADMIN, &format!("setup <#C0DAILY|daily> {words}"))
            .await
            .to_string();
        assert!(
            !reply.contains("set up") && reply.contains(says),
            "{words}: {reply}"
        );
        assert!(
            !reply.contains("<!channel>") && reply.len() < 3_000,
            "{reply}"
        );
    }
    let stored: (String, String, i64) =
        sqlx::query_as("SELECT schedule, timezone, COUNT(*) FROM subscriptions")
            .fetch_one(bot.app.engine.store().pool())
            .await
            .unwrap();
    assert_eq!(stored, ("09:00".into(), "UTC".into(), 1));
    bot.shut_down().await;
}
