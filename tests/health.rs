//! `/healthz`, `/metrics` and `prepbot health`, end to end: the real
//! `prepbot run` binary against the fake Discord in
//! `support/fake_discord.rs`, on a real SQLite file per test.

// The fake's GUILD_CREATE is one large `json!`.
#![recursion_limit = "256"]

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use axum::http::Method;
use fake_discord::{FakeDiscord, FakeMember};
use serde_json::{Value, json};

const GUILD: u64 = 700_000_000_000_000_001;
const CHANNEL: u64 = 710_000_000_000_000_001;

/// `prepbot` with no PREPBOT__ settings of the environment it runs in.
fn prepbot() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("PREPBOT__")) {
        command.env_remove(name);
    }
    command
}

/// A port nothing listens on at the moment.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `prepbot run` on the fake, with `/healthz` and `/metrics` on `port`.
fn start_prepbot(fake: &FakeDiscord, dir: &std::path::Path, port: u16) -> Child {
    prepbot()
        .arg("run")
        .env("DISCORD_TOKEN", "fake-token")
        .env("PREPBOT__DISCORD__API_BASE_URL", fake.base_url())
        .env("PREPBOT__DATABASE__PATH", dir.join("prepbot.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .env("PREPBOT__METRICS__LISTEN", format!("127.0.0.1:{port}"))
        .env("PREPBOT__LOGGING__FILTER", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("prepbot starts")
}

async fn get(url: &str) -> Option<(u16, String)> {
    let response = reqwest::get(url).await.ok()?;
    let status = response.status().as_u16();
    Some((status, response.text().await.ok()?))
}

/// Asks `url` until it answers with `status`; the body then.
async fn wait_for_status(url: &str, status: u16, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let answer = get(url).await;
        if let Some((got, body)) = &answer
            && *got == status
        {
            return body.clone();
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {url} never answered {status}; last: {answer:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn exit_status(child: &mut Child, seconds: u64) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "prepbot did not stop within {seconds} s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The value of the one sample of `metric` whose labels include every one
/// of `labels` (`name="value"`), from Prometheus text.
fn sample(text: &str, metric: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| {
            line.strip_prefix(metric)
                .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
        })
        .find(|line| labels.iter().all(|label| line.contains(label)))
        .and_then(|line| line.rsplit(' ').next()?.parse().ok())
}

/// `prepbot health --url URL`: its exit code and what it printed.
async fn health_command(url: &str) -> (Option<i32>, String) {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let output = prepbot()
            .args(["health", "--url", &url])
            .output()
            .expect("prepbot health runs");
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.code(), text)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn prepbot_run_is_healthy_counts_a_command_and_a_daily_post_and_names_discord_when_its_gateway_is_down()
 {
    let fake = FakeDiscord::start(&[(GUILD, "Study Group")], 41_250).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let healthz = format!("{base}/healthz");
    let mut child = start_prepbot(&fake, dir.path(), port);

    let body = wait_for_status(&healthz, 200, "a connected prepbot").await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["status"], "ok", "{body:#}");
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(body["checks"]["discord"], "ok");
    assert_eq!(body["checks"]["scheduler"], "ok");
    let (code, said) = health_command(&base).await;
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("200 OK, healthy"), "{said}");
    fake.wait_until("the slash commands to be registered", || {
        fake.requests()
            .iter()
            .any(|r| r.method == Method::PUT && r.path.ends_with("/commands"))
            .then_some(())
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
        reply["data"]["embeds"]
            .to_string()
            .contains("Daily question set up"),
        "{reply:#}"
    );
    fake.wait_until("the daily post", || {
        fake.messages_in(CHANNEL).into_iter().next()
    })
    .await;

    let metrics = format!("{base}/metrics");
    let text = wait_for_status(&metrics, 200, "the metrics").await;
    assert_eq!(
        sample(
            &text,
            "prepbot_commands_total",
            &[
                r#"command="prepbot setup""#,
                r#"platform="discord""#,
                r#"outcome="ok""#
            ]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "prepbot_command_seconds_count",
            &[r#"command="prepbot setup""#]
        ),
        Some(1.0),
        "{text}"
    );
    let mut sent = sample(&text, "prepbot_daily_posts_total", &[r#"outcome="sent""#]);
    // The post is out when the fake has it; the scheduler counts it a
    // moment later, once it is marked sent.
    let deadline = Instant::now() + Duration::from_secs(10);
    while sent != Some(1.0) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let text = wait_for_status(&metrics, 200, "the metrics").await;
        sent = sample(&text, "prepbot_daily_posts_total", &[r#"outcome="sent""#]);
    }
    assert_eq!(sent, Some(1.0), "one daily post counted as sent");
    let size = sample(&text, "prepbot_database_bytes", &[]).unwrap_or_default();
    assert!(size > 0.0, "the database has a size: {text}");
    assert!(
        !text.contains(&GUILD.to_string()) && !text.contains(&CHANNEL.to_string()),
        "no server or channel id is a label: {text}"
    );

    // The gateway goes down and stays down.
    fake.refuse_gateway(true);
    fake.drop_gateway();
    let body = wait_for_status(&healthz, 503, "a prepbot cut off from Discord").await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["status"], "failing", "{body:#}");
    assert_eq!(body["failing"], json!(["discord"]), "{body:#}");
    assert_eq!(body["checks"]["database"], "ok");
    let (code, said) = health_command(&base).await;
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("NOT healthy") && said.contains("discord"),
        "{said}"
    );

    // It comes back: healthy again, and the reconnect is counted.
    fake.refuse_gateway(false);
    wait_for_status(&healthz, 200, "a prepbot connected again").await;
    let text = wait_for_status(&metrics, 200, "the metrics").await;
    let reconnects = sample(
        &text,
        "prepbot_gateway_reconnects_total",
        &[r#"platform="discord""#],
    );
    assert!(reconnects >= Some(1.0), "{text}");

    let signalled = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let status = exit_status(&mut child, 10).await;
    assert!(status.success(), "prepbot exited with {status}");
}

#[tokio::test]
async fn prepbot_health_fails_with_exit_code_1_when_nothing_answers() {
    let (code, said) = health_command(&format!("http://127.0.0.1:{}", free_port())).await;
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("did not answer"), "{said}");
    assert!(said.contains("metrics.listen"), "{said}");
}

#[tokio::test]
async fn prepbot_health_without_an_address_says_where_to_set_one() {
    let output = tokio::task::spawn_blocking(|| prepbot().arg("health").output().unwrap())
        .await
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("PREPBOT__METRICS__LISTEN"), "{said}");
}
