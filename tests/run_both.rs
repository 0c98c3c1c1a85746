//! The `prepbot run` binary with Discord and Slack configured at once,
//! against both fakes: a command answered on each, one daily post on each,
//! and SIGTERM stops it cleanly.

// The Discord fake's GUILD_CREATE is one large `json!`.
#![recursion_limit = "256"]

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/fake_slack.rs"]
mod fake_slack;

use std::time::Duration;

use axum::http::Method;
use fake_discord::{FakeDiscord, FakeMember};
use fake_slack::{FakeSlack, FakeUser};
use serde_json::json;

const GUILD: u64 = 700_000_000_000_000_001;
const DISCORD_CHANNEL: u64 = 710_000_000_000_000_001;
const SLACK_CHANNEL: &str = "C0DAILY";

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
async fn prepbot_run_serves_discord_and_slack_side_by_side_and_stops_on_sigterm() {
    let discord = FakeDiscord::start(&[(GUILD, "Study Group")], 41_250).await;
    let slack = FakeSlack::start(&[FakeUser::admin("U0ADMIN", "Grace")]).await;
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_prepbot"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("PREPBOT__")) {
        command.env_remove(name);
    }
    let mut child = command
        .arg("run")
        .env("DISCORD_TOKEN", "fake-token")
        .env("PREPBOT__DISCORD__API_BASE_URL", discord.base_url())
        .env("SLACK_BOT_TOKEN", fake_slack::BOT_TOKEN)
        .env("SLACK_APP_TOKEN", fake_slack::APP_TOKEN)
        .env("PREPBOT__SLACK__API_BASE_URL", slack.api_base_url())
        .env("PREPBOT__DATABASE__PATH", dir.path().join("prepbot.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .env("PREPBOT__LOGGING__FILTER", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("prepbot starts");
    discord
        .wait_until("the slash commands to be registered", || {
            discord
                .requests()
                .iter()
                .any(|r| r.method == Method::PUT && r.path.ends_with("/commands"))
                .then_some(())
        })
        .await;
    slack.wait_for_connection(1).await;

    // A daily question a few seconds from now on each platform, as a cron
    // with seconds.
    let at = chrono::Utc::now() + chrono::Duration::seconds(5);
    let cron = at.format("%S %M %H * * *").to_string();
    let options = json!([{"name": "setup", "type": 1, "options": [
        {"name": "time", "type": 3, "value": cron},
        {"name": "timezone", "type": 3, "value": "UTC"},
    ]}]);
    let admin = FakeMember::admin(12, "Grace");
    let id = discord.slash_command(GUILD, DISCORD_CHANNEL, &admin, "prepbot", options);
    let reply = discord.callback_for(id).await;
    assert!(
        reply["data"]["embeds"]
            .to_string()
            .contains("Daily question set up"),
        "{reply:#}"
    );
    let (_, respond) =
        slack.slash_command("U0ADMIN", SLACK_CHANNEL, &format!("setup \"{cron}\" UTC"));
    let reply = slack.response(respond).await;
    assert!(
        reply.to_string().contains("Daily question set up"),
        "{reply:#}"
    );

    discord
        .wait_until("the Discord daily post", || {
            discord.messages_in(DISCORD_CHANNEL).into_iter().next()
        })
        .await;
    slack
        .wait_until("the Slack daily post", || {
            slack.messages_in(SLACK_CHANNEL).into_iter().next()
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
    assert_eq!(discord.messages_in(DISCORD_CHANNEL).len(), 1);
    assert_eq!(slack.messages_in(SLACK_CHANNEL).len(), 1);
    slack.assert_no_surprises();
}
