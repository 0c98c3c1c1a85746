//! What prepbot writes to its log never holds a secret or what a member
//! typed: `prepbot run` on Discord and Slack at once, with the LLM judge,
//! at `RUST_LOG=trace`, while members type answers; then every line of its
//! output is searched for the tokens, the judge's key and the answers.

#![recursion_limit = "256"]

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/fake_llm.rs"]
mod fake_llm;
#[path = "support/fake_slack.rs"]
mod fake_slack;
mod support;

use std::time::Duration;

use fake_discord::{FakeDiscord, FakeMember};
use fake_slack::{APP_TOKEN, BOT_TOKEN, FakeSlack, FakeUser};
use serde_json::{Value, json};

const GUILD: u64 = 700_000_000_000_000_001;
const CHANNEL: u64 = 710_000_000_000_000_001;
const SLACK_CHANNEL: &str = "C0000000001";
const DISCORD_TOKEN: &str = "discord-secret-token-7f3a9c";
const JUDGE_KEY: &str = "judge-secret-key-51b2e8";
const DISCORD_ANSWER: &str = "zebracorn attention answer typed on Discord";
const SLACK_ANSWER: &str = "quokkafish attention answer typed on Slack";

fn button(reply: &Value, action: &str) -> String {
    reply["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_owned))
        .find(|id| id.split(':').nth(1) == Some(action))
        .unwrap_or_else(|| panic!("no `{action}` button in {reply:#}"))
}

fn slack_action(message: &Value, action: &str) -> String {
    message["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|block| block["elements"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["action_id"].as_str().map(str::to_owned))
        .find(|id| id.split(':').nth(1) == Some(action))
        .unwrap_or_else(|| panic!("no `{action}` button in {message:#}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_at_trace_level_logs_no_token_no_judge_key_and_no_typed_answer() {
    let discord = FakeDiscord::start(&[(GUILD, "Study Group")], 41_250).await;
    let slack = FakeSlack::start(&[FakeUser::member("U0000000001", "Ada")]).await;
    let llm = fake_llm::FakeLlm::start().await;
    // The judge is down: its key is still sent, and the checker stands in.
    llm.otherwise(fake_llm::Scripted::Status(500));
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("prepbot.log");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_prepbot"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("PREPBOT__")) {
        command.env_remove(name);
    }
    let mut child = command
        .arg("run")
        .env("RUST_LOG", "trace")
        .env("DISCORD_TOKEN", DISCORD_TOKEN)
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("SLACK_APP_TOKEN", APP_TOKEN)
        .env("PREPBOT_JUDGE_API_KEY", JUDGE_KEY)
        .env("PREPBOT__DISCORD__API_BASE_URL", discord.base_url())
        .env("PREPBOT__SLACK__API_BASE_URL", slack.api_base_url())
        .env("PREPBOT__JUDGE__KIND", "llm")
        .env("PREPBOT__JUDGE__BASE_URL", &llm.base_url)
        .env("PREPBOT__JUDGE__MODEL", "interviewer-7b")
        .env("PREPBOT__DATABASE__PATH", dir.path().join("prepbot.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("prepbot starts");
    slack.wait_for_connection(1).await;
    discord
        .wait_for_request("the slash commands to be registered", |r| {
            r.path.ends_with("/commands")
        })
        .await;

    // Discord: a quiz, its Answer button, and a typed answer in the modal.
    let ada = FakeMember::new(11, "Ada");
    let id = discord.slash_command(GUILD, CHANNEL, &ada, "quiz", json!([]));
    let card = discord.callback_for(id).await;
    let answer_id = button(&card, "answer");
    let submit = discord.submit_modal(GUILD, CHANNEL, &ada, &answer_id, "answer", DISCORD_ANSWER);
    discord.callback_for(submit).await;
    discord
        .wait_for_request("the checked answer", |r| {
            r.path.contains(&format!("token-{submit}")) || r.path.contains(&format!("/{submit}/"))
        })
        .await;

    // Slack: the same through Socket Mode and a modal.
    let (envelope, respond) = slack.slash_command("U0000000001", SLACK_CHANNEL, "quiz");
    slack.ack(&envelope).await;
    let card = slack.response(respond).await;
    let (envelope, _) = slack.click("U0000000001", SLACK_CHANNEL, &slack_action(&card, "answer"));
    slack.ack(&envelope).await;
    let opened = slack.call("views.open", 1).await;
    let envelope = slack.submit("U0000000001", &opened.body["view"], SLACK_ANSWER);
    slack.ack(&envelope).await;
    slack.call("chat.postEphemeral", 1).await;
    assert!(
        llm.seen().len() >= 2,
        "both answers went to the judge, with its key"
    );

    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    for _ in 0..100 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();

    let written = std::fs::read_to_string(&log).unwrap();
    // The log does say what happened: each command's span with its
    // latency, and each typed answer by its length.
    for expected in [
        "command{platform=\"discord\"",
        "command=\"quiz\"",
        "command{platform=\"slack\"",
        "command=\"form:answer\"",
        "command=\"form\"",
        "latency_ms=",
        &format!("answer_chars={}", DISCORD_ANSWER.chars().count()),
        &format!("answer_chars={}", SLACK_ANSWER.chars().count()),
    ] {
        assert!(
            written.contains(expected),
            "no `{expected}` in the log:\n{written}"
        );
    }
    for (secret, what) in [
        (DISCORD_TOKEN, "the Discord token"),
        (BOT_TOKEN, "the Slack bot token"),
        (APP_TOKEN, "the Slack app token"),
        (JUDGE_KEY, "the judge's key"),
        ("zebracorn", "the answer typed on Discord"),
        ("quokkafish", "the answer typed on Slack"),
    ] {
        let leaks: Vec<&str> = written.lines().filter(|l| l.contains(secret)).collect();
        assert!(
            leaks.is_empty(),
            "{what} is in {} log lines, such as: {}",
            leaks.len(),
            leaks.first().map(|l| &l[..l.len().min(400)]).unwrap_or("")
        );
    }
}
