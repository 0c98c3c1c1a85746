//! Due-review reminders: once per member and local date across restarts
//! and daylight-saving changes, none when the member practised or nothing
//! is due, a closed DM recorded and not retried; and end to end as a
//! Discord DM, a Slack DM and a console line, with their buttons.

// The fake Discord's GUILD_CREATE is one large `json!`.
#![recursion_limit = "256"]

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/fake_slack.rs"]
mod fake_slack;
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use prepbot::config::{
    BaseUrl, DailySettings, DiscordSettings, Secret, SlackCredentials, SlackSettings,
};
use prepbot::domain::Grade;
use prepbot::engine::{MemberRef, Platform, Reminder};
use prepbot::reminders::{ReminderRunner, ReminderSender, SendError};
use serde_json::{Value, json};
use support::{TestApp, local, member, spawn_app, spawn_app_at, utc};

/// Keeps every reminder it is given; refuses them all as a closed DM when
/// told to.
#[derive(Default)]
struct Inbox {
    received: Mutex<Vec<Reminder>>,
    closed: Mutex<bool>,
}

#[async_trait::async_trait]
impl ReminderSender for Inbox {
    async fn remind(&self, reminder: &Reminder) -> Result<(), SendError> {
        if *self.closed.lock().unwrap() {
            return Err(SendError::blocked("DMs closed"));
        }
        self.received.lock().unwrap().push(reminder.clone());
        Ok(())
    }
}

impl Inbox {
    fn dates(&self) -> Vec<String> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|r| format!("{} {}", r.member.display_name, r.local_date))
            .collect()
    }
}

fn runner(app: &TestApp, inbox: &Arc<Inbox>) -> ReminderRunner {
    ReminderRunner::new(
        app.engine.clone(),
        inbox.clone(),
        &[Platform::Discord],
        &DailySettings::default(),
    )
}

/// Grades a quiz `again` at `at`, so a review card falls due soon after.
async fn miss_one(app: &TestApp, who: &MemberRef, at: DateTime<Utc>) {
    app.set_time(at);
    app.practise(who, Grade::Again).await;
}

async fn tick(app: &TestApp, runner: &ReminderRunner, at: DateTime<Utc>) -> usize {
    app.set_time(at);
    runner.tick(at).await.sent
}

#[tokio::test]
async fn a_reminder_goes_out_once_per_member_and_local_date_across_restarts() {
    let first = spawn_app(utc("2026-11-28T06:00:00Z")).await;
    let ada = member("g1", "ada");
    miss_one(&first, &ada, utc("2026-11-28T06:00:00Z")).await;
    first.engine.set_reminders(&ada, "08:00").await.unwrap();
    let database = first.dir.path().join("prepbot.db");
    let second = spawn_app_at(&database, utc("2026-11-29T08:00:00Z")).await;
    let (inbox_one, inbox_two) = (Arc::new(Inbox::default()), Arc::new(Inbox::default()));
    let (one, two) = (runner(&first, &inbox_one), runner(&second, &inbox_two));

    // The first process claims the day's reminder and dies before sending.
    first.set_time(utc("2026-11-29T08:00:00Z"));
    let claims = first
        .engine
        .claim_due_reminders(
            utc("2026-11-29T08:00:00Z"),
            chrono::Duration::hours(6),
            &[Platform::Discord],
        )
        .await
        .unwrap();
    assert_eq!(claims.claimed, 1);
    // The second sends the claimed reminder; neither claims another.
    assert_eq!(tick(&second, &two, utc("2026-11-29T08:00:30Z")).await, 1);
    assert_eq!(tick(&first, &one, utc("2026-11-29T08:01:00Z")).await, 0);
    assert_eq!(tick(&second, &two, utc("2026-11-29T08:05:00Z")).await, 0);
    let sent = inbox_two.received.lock().unwrap()[0].clone();
    assert_eq!(sent.local_date.to_string(), "2026-11-29");
    assert!(sent.due >= 1, "{sent:?}");
    assert!(sent.nonce.ends_with("-20261129"), "{}", sent.nonce);

    // The next day: once again, by whichever process comes first.
    assert_eq!(tick(&first, &one, utc("2026-11-30T08:00:00Z")).await, 1);
    assert_eq!(tick(&second, &two, utc("2026-11-30T08:00:00Z")).await, 0);
    assert_eq!(inbox_one.dates(), ["ada 2026-11-30"]);
    assert_eq!(inbox_two.dates(), ["ada 2026-11-29"]);
    assert_eq!(
        first
            .count("SELECT COUNT(*) FROM reminders WHERE status = 'sent'")
            .await,
        2
    );
}

#[tokio::test]
async fn no_reminder_goes_out_when_the_member_practised_that_day_or_nothing_is_due() {
    let app = spawn_app(utc("2026-11-28T06:00:00Z")).await;
    let inbox = Arc::new(Inbox::default());
    let reminders = runner(&app, &inbox);
    let (ada, bob) = (member("g1", "ada"), member("g1", "bob"));
    miss_one(&app, &ada, utc("2026-11-28T06:00:00Z")).await;
    app.engine.set_reminders(&ada, "08:00").await.unwrap();
    // Bob never practised: nothing of his is due.
    app.engine.set_reminders(&bob, "08:00").await.unwrap();

    // Ada practises before her reminder time.
    miss_one(&app, &ada, utc("2026-11-29T07:30:00Z")).await;
    app.set_time(utc("2026-11-29T08:00:00Z"));
    let report = reminders.tick(utc("2026-11-29T08:00:00Z")).await;
    assert_eq!((report.sent, report.skipped), (0, 2), "{report:?}");
    assert_eq!(tick(&app, &reminders, utc("2026-11-29T12:00:00Z")).await, 0);
    assert!(inbox.dates().is_empty());

    // The day after, she has not practised yet: reminded.
    assert_eq!(tick(&app, &reminders, utc("2026-11-30T08:00:00Z")).await, 1);
    assert_eq!(inbox.dates(), ["ada 2026-11-30"]);
}

#[tokio::test]
async fn a_reminder_time_the_clock_skips_fires_as_it_jumps_and_a_repeated_one_fires_once() {
    let app = spawn_app(utc("2027-03-20T10:00:00Z")).await;
    let inbox = Arc::new(Inbox::default());
    let reminders = runner(&app, &inbox);
    let ada = member("g1", "ada");
    app.engine
        .set_timezone(&ada, Some("Europe/Berlin"))
        .await
        .unwrap();
    miss_one(&app, &ada, local("Europe/Berlin", "2027-03-26 10:00")).await;
    let setting = app.engine.set_reminders(&ada, "02:30").await.unwrap();
    assert_eq!(setting.zone.to_string(), "Europe/Berlin");

    // 28 March 2027: Berlin's clocks jump from 02:00 to 03:00.
    assert_eq!(tick(&app, &reminders, utc("2027-03-28T00:59:00Z")).await, 0);
    assert_eq!(tick(&app, &reminders, utc("2027-03-28T01:00:00Z")).await, 1);
    assert_eq!(tick(&app, &reminders, utc("2027-03-28T01:30:00Z")).await, 0);
    let sent = inbox.received.lock().unwrap()[0].clone();
    assert_eq!(sent.scheduled_at, utc("2027-03-28T01:00:00Z"));

    // 31 October 2027: 02:30 comes twice in Berlin; one reminder.
    miss_one(&app, &ada, local("Europe/Berlin", "2027-10-29 10:00")).await;
    assert_eq!(tick(&app, &reminders, utc("2027-10-31T00:30:00Z")).await, 1);
    assert_eq!(tick(&app, &reminders, utc("2027-10-31T01:30:00Z")).await, 0);
    assert_eq!(tick(&app, &reminders, utc("2027-10-31T02:30:00Z")).await, 0);
    assert_eq!(inbox.dates(), ["ada 2027-03-28", "ada 2027-10-31"]);
}

#[tokio::test]
async fn a_member_whose_dms_are_closed_is_recorded_and_not_tried_the_next_day() {
    let app = spawn_app(utc("2026-11-28T06:00:00Z")).await;
    let inbox = Arc::new(Inbox::default());
    let reminders = runner(&app, &inbox);
    let ada = member("g1", "ada");
    miss_one(&app, &ada, utc("2026-11-28T06:00:00Z")).await;
    app.engine.set_reminders(&ada, "08:00").await.unwrap();
    *inbox.closed.lock().unwrap() = true;

    app.set_time(utc("2026-11-29T08:00:00Z"));
    let report = reminders.tick(utc("2026-11-29T08:00:00Z")).await;
    assert_eq!((report.sent, report.blocked), (0, 1), "{report:?}");
    let setting = app.engine.reminder_setting(&ada).await.unwrap();
    let text = prepbot::wording::reminder_setting(&setting, "/settings");
    assert!(text.contains("are paused"), "{text}");
    assert!(text.contains("Sun 29 Nov"), "{text}");

    // Not tried the next day, even once DMs would work again...
    *inbox.closed.lock().unwrap() = false;
    let report = reminders.tick(utc("2026-11-30T08:00:00Z")).await;
    assert_eq!(report, Default::default());
    // ...until the member chooses the time again.
    app.set_time(utc("2026-11-30T09:00:00Z"));
    app.engine.set_reminders(&ada, "08:00").await.unwrap();
    assert_eq!(tick(&app, &reminders, utc("2026-12-01T08:00:00Z")).await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reminders WHERE status = 'blocked'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_reminder_time_that_is_not_a_time_is_refused_and_the_old_one_kept() {
    let app = spawn_app(utc("2026-11-28T06:00:00Z")).await;
    let ada = member("g1", "ada");
    app.engine.set_reminders(&ada, "08:00").await.unwrap();
    let error = app
        .engine
        .set_reminders(&ada, "8 in the morning")
        .await
        .unwrap_err()
        .message_for_people("test");
    assert!(
        error.contains("`8 in the morning` is not a reminder time; write it as HH:MM"),
        "{error}"
    );
    let setting = app.engine.reminder_setting(&ada).await.unwrap();
    assert_eq!(setting.at.unwrap().to_string(), "08:00:00");
}

// ---- Discord ----

const GUILD: u64 = 700_000_000_000_000_001;
const CHANNEL: u64 = 710_000_000_000_000_001;
const EPHEMERAL: u64 = 1 << 6;

struct OnDiscord {
    fake: fake_discord::FakeDiscord,
    app: TestApp,
    reminders: ReminderRunner,
    sender: prepbot::discord::DiscordReminders,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

async fn on_discord() -> OnDiscord {
    let fake = fake_discord::FakeDiscord::start(&[(GUILD, "Study Group")], 2_000).await;
    let app = spawn_app(utc("2026-11-28T06:00:00Z")).await;
    let settings = DiscordSettings {
        api_base_url: Some(BaseUrl::try_from(fake.base_url()).unwrap()),
        ..DiscordSettings::default()
    };
    let bot = prepbot::discord::DiscordBot::build(
        app.engine.clone(),
        &settings,
        &Secret::new("fake-token"),
    )
    .await
    .expect("the client builds");
    let sender = bot.reminders();
    let reminders = ReminderRunner::new(
        app.engine.clone(),
        Arc::new(sender.clone()),
        &[Platform::Discord],
        &DailySettings::default(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bot.run(async {
        let _ = stopped.await;
    }));
    fake.wait_until("the slash commands to be registered", || {
        fake.requests()
            .iter()
            .any(|r| r.method == axum::http::Method::PUT && r.path.ends_with("/commands"))
            .then_some(())
    })
    .await;
    OnDiscord {
        fake,
        app,
        reminders,
        sender,
        stop: Some(stop),
        task,
    }
}

impl OnDiscord {
    async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the bot stops within 10 s")
            .expect("the bot task did not panic")
            .expect("the bot stopped cleanly");
    }

    async fn settings(&self, who: &fake_discord::FakeMember, options: Value) -> String {
        let id = self
            .fake
            .slash_command(GUILD, CHANNEL, who, "settings", options);
        let reply = self.fake.callback_for(id).await;
        assert!(is_ephemeral(&reply), "{reply:#}");
        reply["data"]["embeds"].to_string()
    }

    /// `who` draws a quiz in the server and grades it Again.
    async fn miss_one(&self, who: &fake_discord::FakeMember) {
        let id = self
            .fake
            .slash_command(GUILD, CHANNEL, who, "quiz", json!([]));
        let quiz = self.fake.callback_for(id).await;
        let again = button_with(&quiz["data"], "reveal").replace("reveal", "grade-again");
        let click = self.fake.click(GUILD, CHANNEL, who, &again);
        self.fake.callback_for(click).await;
    }

    async fn click_in_dm(&self, channel: u64, who: &fake_discord::FakeMember, id: &str) -> Value {
        let click = self.fake.click_in_dm(channel, who, id);
        let reply = self.fake.callback_for(click).await;
        assert!(is_ephemeral(&reply) || reply["type"] == 5, "{reply:#}");
        reply
    }
}

fn is_ephemeral(reply: &Value) -> bool {
    reply["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL != 0
}

/// The custom ids of every button in a message or reply's `data`.
fn button_ids(data: &Value) -> Vec<String> {
    data["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|button| button["custom_id"].as_str().map(str::to_owned))
        .collect()
}

fn button_with(data: &Value, action: &str) -> String {
    button_ids(data)
        .into_iter()
        .find(|id| {
            let name = id.split(':').nth(1).unwrap_or_default();
            name == action || name.split('-').next() == Some(action)
        })
        .unwrap_or_else(|| panic!("no `{action}` button in {data:#}"))
}

#[tokio::test]
async fn a_discord_reminder_is_a_dm_whose_buttons_open_a_review_and_stop_reminders() {
    let mut bot = on_discord().await;
    let ada = fake_discord::FakeMember::new(11, "Ada");
    bot.miss_one(&ada).await;
    let said = bot
        .settings(
            &ada,
            json!([{"name": "reminders", "type": 3, "value": "08:00"}]),
        )
        .await;
    assert!(said.contains("Reminders at 08:00 (UTC)"), "{said}");

    assert_eq!(
        bot.reminders.tick(utc("2026-11-29T07:59:00Z")).await.sent,
        0
    );
    bot.app.set_time(utc("2026-11-29T08:00:00Z"));
    assert_eq!(
        bot.reminders.tick(utc("2026-11-29T08:00:00Z")).await.sent,
        1
    );
    let dm = bot.fake.dm_channel_of(11).expect("a DM channel was opened");
    let messages = bot.fake.messages_in(dm);
    assert_eq!(messages.len(), 1);
    let body = &messages[0].body;
    let text = body["embeds"].to_string();
    assert!(
        text.contains("1 review is due and you have not practised yet today"),
        "{text}"
    );
    assert!(text.contains("Study Group"), "{text}");
    assert_eq!(body["enforce_nonce"], true);

    // Next review opens the due card in the DM; its buttons work there.
    let review = bot
        .click_in_dm(dm, &ada, &button_with(body, "review"))
        .await;
    assert!(
        review["data"]["embeds"].to_string().contains("Review"),
        "{review:#}"
    );
    let reveal = bot
        .click_in_dm(dm, &ada, &button_with(&review["data"], "reveal"))
        .await;
    assert!(
        reveal["data"]["embeds"]
            .to_string()
            .contains("Model answer"),
        "{reveal:#}"
    );
    let good = bot
        .click_in_dm(dm, &ada, &button_with(&reveal["data"], "grade-good"))
        .await;
    assert!(
        good["data"]["embeds"].to_string().contains("Graded good"),
        "{good:#}"
    );

    // Stop reminders: one click, a confirmation, and none the next day.
    let stopped = bot
        .click_in_dm(dm, &ada, &button_with(body, "noremind"))
        .await;
    assert!(
        stopped["data"]["embeds"]
            .to_string()
            .contains("Reminders are off"),
        "{stopped:#}"
    );
    bot.app.set_time(utc("2026-12-01T08:00:00Z"));
    let report = bot.reminders.tick(utc("2026-12-01T08:00:00Z")).await;
    assert_eq!(report, Default::default());
    assert_eq!(bot.fake.messages_in(dm).len(), 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_discord_reminder_resent_after_a_crash_shows_once() {
    let mut bot = on_discord().await;
    let ada = fake_discord::FakeMember::new(11, "Ada");
    bot.miss_one(&ada).await;
    bot.settings(
        &ada,
        json!([{"name": "reminders", "type": 3, "value": "08:00"}]),
    )
    .await;
    let at = utc("2026-11-29T08:00:00Z");
    bot.app.set_time(at);
    // Claimed and sent, then the process died before marking it sent.
    let engine = &bot.app.engine;
    engine
        .claim_due_reminders(at, chrono::Duration::hours(6), &[Platform::Discord])
        .await
        .unwrap();
    let claimed = engine
        .unsent_reminders(at, &[Platform::Discord])
        .await
        .unwrap();
    bot.sender.remind(&claimed[0]).await.unwrap();
    // The next round resends it with the same nonce: one message.
    assert_eq!(bot.reminders.tick(at).await.sent, 1);
    let dm = bot.fake.dm_channel_of(11).unwrap();
    assert_eq!(bot.fake.messages_in(dm).len(), 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn a_closed_discord_dm_pauses_reminders_and_settings_says_so() {
    let mut bot = on_discord().await;
    let ada = fake_discord::FakeMember::new(11, "Ada");
    bot.miss_one(&ada).await;
    bot.settings(
        &ada,
        json!([{"name": "reminders", "type": 3, "value": "08:00"}]),
    )
    .await;
    bot.fake.close_dms(11);
    bot.app.set_time(utc("2026-11-29T08:00:00Z"));
    let report = bot.reminders.tick(utc("2026-11-29T08:00:00Z")).await;
    assert_eq!((report.sent, report.blocked), (0, 1), "{report:?}");

    let opened = |fake: &fake_discord::FakeDiscord| {
        fake.requests()
            .iter()
            .filter(|r| r.path.ends_with("/users/@me/channels"))
            .count()
    };
    assert_eq!(opened(&bot.fake), 1);
    bot.app.set_time(utc("2026-11-30T08:00:00Z"));
    bot.reminders.tick(utc("2026-11-30T08:00:00Z")).await;
    assert_eq!(opened(&bot.fake), 1, "tried again the next day");

    let said = bot.settings(&ada, json!([])).await;
    assert!(
        said.contains("Reminders at 08:00 (UTC) are paused"),
        "{said}"
    );
    assert!(said.contains("Allow direct messages"), "{said}");
    bot.shut_down().await;
}

// ---- Slack ----

const ADA: &str = "U0ADA";
const BOB: &str = "U0BOB";
const SLACK_CHANNEL: &str = "C0STUDY";

struct OnSlack {
    fake: fake_slack::FakeSlack,
    app: TestApp,
    reminders: ReminderRunner,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

async fn on_slack() -> OnSlack {
    let fake = fake_slack::FakeSlack::start(&[
        fake_slack::FakeUser::member(ADA, "Ada"),
        fake_slack::FakeUser::member(BOB, "Bob"),
    ])
    .await;
    let app = spawn_app(utc("2026-11-28T06:00:00Z")).await;
    let settings = SlackSettings {
        api_base_url: Some(BaseUrl::try_from(fake.api_base_url()).unwrap()),
        ..SlackSettings::default()
    };
    let credentials = SlackCredentials {
        bot_token: Secret::new(fake_slack::BOT_TOKEN),
        app_token: Some(Secret::new(fake_slack::APP_TOKEN)),
        signing_secret: None,
    };
    let bot = prepbot::slack::SlackBot::build(app.engine.clone(), &settings, &credentials)
        .await
        .expect("the client builds");
    let reminders = ReminderRunner::new(
        app.engine.clone(),
        Arc::new(bot.reminders()),
        &[Platform::Slack],
        &DailySettings::default(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bot.run(async {
        let _ = stopped.await;
    }));
    fake.wait_for_connection(1).await;
    OnSlack {
        fake,
        app,
        reminders,
        stop: Some(stop),
        task,
    }
}

impl OnSlack {
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

    async fn command(&self, user: &str, text: &str) -> Value {
        let (envelope, respond) = self.fake.slash_command(user, SLACK_CHANNEL, text);
        self.fake.ack(&envelope).await;
        self.fake.response(respond).await
    }

    async fn click(&self, user: &str, channel: &str, action_id: &str) -> Value {
        let (envelope, respond) = self.fake.click(user, channel, action_id);
        self.fake.ack(&envelope).await;
        self.fake.response(respond).await
    }

    async fn miss_one(&self, user: &str) {
        let card = self.command(user, "quiz").await;
        let again = action(&card, "reveal").replace("reveal", "grade-again");
        self.click(user, SLACK_CHANNEL, &again).await;
    }
}

fn action(message: &Value, name: &str) -> String {
    message["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|block| block["elements"].as_array().cloned().unwrap_or_default())
        .filter_map(|element| element["action_id"].as_str().map(str::to_owned))
        .find(|id| {
            let action = id.split(':').nth(1).unwrap_or_default();
            action == name || action.split('-').next() == Some(name)
        })
        .unwrap_or_else(|| panic!("no `{name}` button in {message:#}"))
}

#[tokio::test]
async fn a_slack_reminder_is_a_dm_whose_buttons_open_a_review_and_stop_reminders() {
    let mut bot = on_slack().await;
    bot.miss_one(ADA).await;
    let said = bot.command(ADA, "settings reminders 08:00").await;
    assert!(
        said.to_string().contains("Reminders at 08:00 (UTC)"),
        "{said:#}"
    );

    bot.app.set_time(utc("2026-11-29T08:00:00Z"));
    bot.fake.set_time(utc("2026-11-29T08:00:00Z"));
    assert_eq!(
        bot.reminders.tick(utc("2026-11-29T08:00:00Z")).await.sent,
        1
    );
    let messages = bot.fake.messages_in(ADA);
    assert_eq!(messages.len(), 1);
    let body = &messages[0].body;
    assert!(
        body.to_string()
            .contains("1 review is due and you have not practised yet today"),
        "{body:#}"
    );

    let review = bot.click(ADA, "D0ADA", &action(body, "review")).await;
    assert!(review.to_string().contains("Review"), "{review:#}");
    action(&review, "reveal");
    let stopped = bot.click(ADA, "D0ADA", &action(body, "noremind")).await;
    assert!(
        stopped.to_string().contains("Reminders are off"),
        "{stopped:#}"
    );
    let said = bot.command(ADA, "settings").await;
    assert!(said.to_string().contains("Reminders are off."), "{said:#}");
    bot.shut_down().await;
}

#[tokio::test]
async fn a_closed_slack_dm_pauses_reminders_and_settings_says_so() {
    let mut bot = on_slack().await;
    bot.miss_one(BOB).await;
    bot.command(BOB, "settings reminders 08:00").await;
    bot.fake.close_dms(BOB);
    bot.app.set_time(utc("2026-11-29T08:00:00Z"));
    let report = bot.reminders.tick(utc("2026-11-29T08:00:00Z")).await;
    assert_eq!((report.sent, report.blocked), (0, 1), "{report:?}");
    bot.app.set_time(utc("2026-11-30T08:00:00Z"));
    let report = bot.reminders.tick(utc("2026-11-30T08:00:00Z")).await;
    assert_eq!(report, Default::default());
    assert_eq!(bot.fake.calls_to("chat.postMessage").len(), 1);
    let said = bot.command(BOB, "settings").await.to_string();
    assert!(said.contains("are paused"), "{said}");
    assert!(said.contains("cannot_dm_user"), "{said}");
    bot.shut_down().await;
}

// ---- Console ----

#[tokio::test]
async fn the_console_shows_a_reminder_line_and_settings_turns_reminders_on_and_off() {
    use tokio::io::{AsyncWriteExt, BufReader};
    let app = spawn_app(utc("2026-11-28T06:00:00Z")).await;
    let me = MemberRef {
        workspace: prepbot::engine::WorkspaceRef {
            platform: Platform::Console,
            external_id: "local".to_owned(),
            name: "console".to_owned(),
        },
        external_id: "ada".to_owned(),
        display_name: "ada".to_owned(),
    };
    miss_one(&app, &me, utc("2026-11-28T06:00:00Z")).await;
    let (poster, events) = prepbot::console::ConsolePoster::new();
    let reminders = ReminderRunner::new(
        app.engine.clone(),
        Arc::new(poster),
        &[Platform::Console],
        &DailySettings::default(),
    );
    let mut console =
        prepbot::console::Console::new(app.engine.clone(), "ada", false).with_daily(events);
    let (mut keyboard, input) = tokio::io::duplex(4096);
    let (screen, mut output) = tokio::io::duplex(1 << 16);
    let session = tokio::spawn(async move { console.run(BufReader::new(input), screen).await });
    let mut seen = String::new();
    keyboard
        .write_all(b"/settings reminders 8am\n")
        .await
        .unwrap();
    read_until(&mut output, &mut seen, "`8am` is not a reminder time").await;
    keyboard
        .write_all(b"/settings reminders 08:00\n")
        .await
        .unwrap();
    read_until(&mut output, &mut seen, "Reminders at 08:00 (UTC)").await;
    app.set_time(utc("2026-11-29T08:00:00Z"));
    assert_eq!(reminders.tick(utc("2026-11-29T08:00:00Z")).await.sent, 1);
    read_until(
        &mut output,
        &mut seen,
        "Reminder for ada: 1 review is due and you have not practised yet today.",
    )
    .await;
    keyboard
        .write_all(b"/settings reminders off\n/settings\n/quit\n")
        .await
        .unwrap();
    let text = read_until(&mut output, &mut seen, "Bye.").await;
    assert!(text.contains("Reminders are off. To get one"), "{text}");
    session.await.unwrap().unwrap();
}

/// Reads the console's output until `needle` appears; returns all so far.
async fn read_until(
    output: &mut tokio::io::DuplexStream,
    seen: &mut String,
    needle: &str,
) -> String {
    use tokio::io::AsyncReadExt;
    let wait = async {
        while !seen.contains(needle) {
            let mut chunk = [0u8; 4096];
            let read = output.read(&mut chunk).await.expect("the console writes");
            assert!(read > 0, "the console closed before {needle:?}:\n{seen}");
            seen.push_str(&String::from_utf8_lossy(&chunk[..read]));
        }
    };
    if tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .is_err()
    {
        panic!("no {needle:?} in:\n{seen}");
    }
    seen.clone()
}
