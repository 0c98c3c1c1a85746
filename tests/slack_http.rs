//! Slack's HTTP mode end to end: the real `SlackBot` listening on
//! 127.0.0.1 for signed requests, replying through the fake Slack's
//! `response_url`s and Web API, on a real SQLite file per test. A request
//! whose signature is wrong, tampered with, stale or missing gets 401 and
//! leaves nothing behind.

#[path = "support/fake_slack.rs"]
mod fake_slack;
mod support;

use std::time::{Duration, Instant};

use fake_slack::{BOT_TOKEN, FakeSlack, FakeUser};
use hmac::{KeyInit, Mac};
use prepbot::config::{BaseUrl, Secret, SlackCredentials, SlackMode, SlackSettings};
use prepbot::slack::SlackBot;
use serde_json::{Value, json};
use support::{TestApp, spawn_app, utc};

const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL: &str = "C0STUDY";
const ADMIN: &str = "U0ADMIN";

struct Running {
    fake: FakeSlack,
    app: TestApp,
    url: String,
    http: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

async fn start() -> Running {
    let fake = FakeSlack::start(&[
        FakeUser::admin(ADMIN, "Grace"),
        FakeUser::member("U0ADA", "Ada"),
    ])
    .await;
    let app = spawn_app(utc("2026-11-28T08:00:00Z")).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let settings = SlackSettings {
        mode: SlackMode::Http,
        http_listen: Some(listen),
        api_base_url: Some(BaseUrl::try_from(fake.api_base_url()).unwrap()),
        ..SlackSettings::default()
    };
    let credentials = SlackCredentials {
        bot_token: Secret::new(BOT_TOKEN),
        app_token: None,
        signing_secret: Some(Secret::new(SECRET)),
    };
    let bot = SlackBot::build(app.engine.clone(), &settings, &credentials)
        .await
        .expect("the client builds");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bot.run(async {
        let _ = stopped.await;
    }));
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(listen).await.is_err() {
        assert!(Instant::now() < deadline, "prepbot never listened");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Running {
        fake,
        app,
        url: format!("http://{listen}"),
        http: reqwest::Client::new(),
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

    /// POSTs `body` to `path` with the given signature headers; returns
    /// the status and how long the answer took.
    async fn post(
        &self,
        path: &str,
        body: &str,
        signature: Option<(String, String)>,
        content_type: &str,
    ) -> (u16, Duration) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .header("content-type", content_type)
            .body(body.to_owned());
        if let Some((timestamp, signature)) = signature {
            request = request
                .header("x-slack-request-timestamp", timestamp)
                .header("x-slack-signature", signature);
        }
        let started = Instant::now();
        let response = request.send().await.expect("prepbot answers");
        (response.status().as_u16(), started.elapsed())
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The timestamp and signature headers of a request.
type Signed = (String, String);

/// Slack's signature of `body` at `timestamp` with `secret`.
fn sign(secret: &str, timestamp: i64, body: &str) -> (String, String) {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("v0:{timestamp}:{body}").as_bytes());
    let signature = format!("v0={}", hex::encode(mac.finalize().into_bytes()));
    (timestamp.to_string(), signature)
}

/// A slash command as Slack POSTs it: form fields.
fn command_form(fake: &FakeSlack, user: &str, text: &str, respond: u64) -> String {
    let fields =
        fake_slack::command_json(user, CHANNEL, text, &fake.response_url(respond), respond);
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in fields.as_object().unwrap() {
        form.append_pair(key, value.as_str().unwrap());
    }
    form.finish()
}

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn a_correctly_signed_command_is_answered_at_once_and_replied_to() {
    let mut bot = start().await;
    let body = command_form(&bot.fake, "U0ADA", "quiz transformers", 1);
    let (status, took) = bot
        .post(
            "/slack/commands",
            &body,
            Some(sign(SECRET, now(), &body)),
            FORM,
        )
        .await;
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(1), "answered after {took:?}");
    let card = bot.fake.response(1).await;
    assert_eq!(card["response_type"], "in_channel");
    let reveal = card["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .find_map(|e| {
            e["action_id"]
                .as_str()
                .filter(|id| id.contains(":reveal:"))
                .map(str::to_owned)
        })
        .expect("a Reveal button");
    // The click comes back signed too, as a `payload` form field.
    let payload = fake_slack::block_actions_json(
        "U0ADA",
        Some(CHANNEL),
        &reveal,
        Some(&bot.fake.response_url(2)),
        2,
    );
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("payload", &payload.to_string())
        .finish();
    let (status, _) = bot
        .post(
            "/slack/interactions",
            &body,
            Some(sign(SECRET, now(), &body)),
            FORM,
        )
        .await;
    assert_eq!(status, 200);
    let revealed = bot.fake.response(2).await;
    assert_eq!(revealed["response_type"], "ephemeral");
    assert!(revealed.to_string().contains("Model answer"));
    bot.shut_down().await;
}

#[tokio::test]
async fn a_wrong_secret_a_tampered_body_a_stale_timestamp_or_no_signature_gets_401_and_stores_nothing()
 {
    let mut bot = start().await;
    let body = command_form(&bot.fake, ADMIN, "setup 09:00 UTC", 1);
    let tampered = body.replace("09%3A00", "10%3A00");
    assert_ne!(tampered, body);
    let stale = now() - 6 * 60;
    let attempts: [(&str, &str, Option<Signed>); 5] = [
        (
            "a wrong secret",
            &body,
            Some(sign("not-the-secret", now(), &body)),
        ),
        (
            "a tampered body",
            &tampered,
            Some(sign(SECRET, now(), &body)),
        ),
        ("a stale timestamp", &body, Some(sign(SECRET, stale, &body))),
        ("no signature", &body, None),
        (
            "a signature without its timestamp",
            &body,
            Some((String::new(), sign(SECRET, now(), &body).1)),
        ),
    ];
    for (what, sent, signature) in attempts {
        let (status, _) = bot.post("/slack/commands", sent, signature, FORM).await;
        assert_eq!(status, 401, "{what}");
    }
    for path in ["/slack/interactions", "/slack/events"] {
        let (status, _) = bot.post(path, "{}", None, FORM).await;
        assert_eq!(status, 401, "{path}");
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM subscriptions").await, 0);
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM members").await, 0);
    assert!(bot.fake.responses_to(1).is_empty());
    // The same request, signed properly, goes through.
    let (status, _) = bot
        .post(
            "/slack/commands",
            &body,
            Some(sign(SECRET, now(), &body)),
            FORM,
        )
        .await;
    assert_eq!(status, 200);
    let reply = bot.fake.response(1).await;
    assert!(
        reply.to_string().contains("Daily question set up"),
        "{reply:#}"
    );
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM subscriptions").await, 1);
    bot.shut_down().await;
}

#[tokio::test]
async fn the_events_url_answers_slacks_challenge() {
    let mut bot = start().await;
    let body = json!({"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}).to_string();
    let response = bot
        .http
        .post(format!("{}/slack/events", bot.url))
        .header("content-type", "application/json")
        .header("x-slack-request-timestamp", sign(SECRET, now(), &body).0)
        .header("x-slack-signature", sign(SECRET, now(), &body).1)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let text = response.text().await.unwrap();
    assert_eq!(text, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    let _: Value = serde_json::from_str(&body).unwrap();
    bot.shut_down().await;
}

/// POSTs raw bytes, signed as Slack signs a text body when they are text;
/// returns the status.
async fn post_bytes(bot: &Running, path: &str, body: Vec<u8>) -> u16 {
    let text = String::from_utf8_lossy(&body).into_owned();
    let (timestamp, signature) = sign(SECRET, now(), &text);
    bot.http
        .post(format!("{}{path}", bot.url))
        .header("content-type", FORM)
        .header("x-slack-request-timestamp", timestamp)
        .header("x-slack-signature", signature)
        .body(body)
        .send()
        .await
        .expect("prepbot answers")
        .status()
        .as_u16()
}

#[tokio::test]
async fn form_bodies_that_are_not_utf8_or_carry_forged_ids_are_refused_and_store_nothing() {
    let mut bot = start().await;
    // Raw bytes that are not UTF-8 cannot carry a valid signature: refused
    // before anything is read, on both form endpoints.
    let mut raw = command_form(&bot.fake, ADMIN, "setup 09:00 UTC", 1).into_bytes();
    raw.extend_from_slice(b"&text=\xff\xfe\x00");
    for path in ["/slack/commands", "/slack/interactions"] {
        let status = post_bytes(&bot, path, raw.clone()).await;
        assert_eq!(status, 401, "{path}");
    }
    // Percent-encoded bytes that are not UTF-8 decode to U+FFFD: the topic
    // is refused by name, on one line.
    let body =
        command_form(&bot.fake, "U0ADA", "quiz PLACEHOLDER", 2).replace("PLACEHOLDER", "%FF%FE%00");
    let (status, _) = bot
        .post(
            "/slack/commands",
            &body,
            Some(sign(SECRET, now(), &body)),
            FORM,
        )
        .await;
    assert_eq!(status, 200);
    let reply = bot.fake.response(2).await.to_string();
    assert!(reply.contains("No topic"), "{reply}");
    assert!(!reply.contains("\\u0000"), "{reply}");
    // Forged action ids of every kind get the usual words.
    let forged = [
        format!("pb1:reveal:{}", "9".repeat(1_000)),
        "x".repeat(1_000),
        "pb1:grade-good:1\u{0}".to_owned(),
        "pb1:grade-good:'); DROP TABLE attempts;--".to_owned(),
    ];
    for (index, action) in forged.iter().enumerate() {
        let respond = 3 + index as u64;
        let payload = fake_slack::block_actions_json(
            "U0ADA",
            Some(CHANNEL),
            action,
            Some(&bot.fake.response_url(respond)),
            respond,
        );
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("payload", &payload.to_string())
            .finish();
        let (status, _) = bot
            .post(
                "/slack/interactions",
                &body,
                Some(sign(SECRET, now(), &body)),
                FORM,
            )
            .await;
        assert_eq!(status, 200);
        let reply = bot.fake.response(respond).await.to_string();
        assert!(reply.contains("not one prepbot recognises"), "{reply}");
    }
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM subscriptions").await, 0);
    assert_eq!(bot.app.count("SELECT COUNT(*) FROM attempts").await, 0);
    bot.shut_down().await;
}
