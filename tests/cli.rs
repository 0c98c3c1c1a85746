//! The `prepbot` binary as an operator runs it.

use std::process::{Command, Output};

fn prepbot(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    command.args(args).env_remove("RUST_LOG");
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("PREPBOT__")) {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("prepbot runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn bank_check_on_the_shipped_bank_reports_100_questions_in_13_topics() {
    let output = prepbot(&["bank", "check"], &[]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        stdout.starts_with("questions: 100 questions in 13 topics, all valid\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\ntransformers              8"), "{stdout}");
    assert!(stdout.contains("\ntotal                   100"), "{stdout}");
}

#[test]
fn bank_check_on_a_broken_bank_lists_every_fault_on_stderr_and_exits_1() {
    let output = prepbot(
        &["bank", "check", "tests/fixtures/banks/many-faults-at-once"],
        &[],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr
            .lines()
            .filter(|line| line.starts_with("tests/fixtures/banks/"))
            .count(),
        6,
        "{stderr}"
    );
    assert!(
        stderr.contains("\n6 errors in the question bank\n"),
        "{stderr}"
    );
}

#[test]
fn bank_check_uses_the_configured_folder_by_default() {
    let output = prepbot(
        &["bank", "check"],
        &[(
            "PREPBOT__BANK__QUESTIONS_DIR",
            "tests/fixtures/banks/bad-source",
        )],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("source `wikipedia` is not one of seed, prepbot"));
}

#[test]
fn bad_settings_stop_prepbot_with_exit_2_and_name_the_key() {
    let output = prepbot(
        &["bank", "check"],
        &[("PREPBOT__TIME__DEFAULT_TIMEZONE", "Moon/Base")],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("PREPBOT__TIME__DEFAULT_TIMEZONE"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`Moon/Base` is not a known time zone"),
        "{stderr}"
    );
}

#[test]
fn a_missing_config_file_is_reported_by_name() {
    let output = prepbot(&["--config", "nowhere.toml", "bank", "check"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("config file `nowhere.toml` does not exist"));
}

#[test]
fn config_shows_settings_and_whether_secrets_are_set_without_their_values() {
    let output = prepbot(
        &["config"],
        &[
            ("DISCORD_TOKEN", "very-secret-token"),
            ("SLACK_BOT_TOKEN", ""),
        ],
    );
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout.contains("[time]\ndefault_timezone = \"UTC\"\nday_start_hour = 4\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("# DISCORD_TOKEN: set ([redacted])"),
        "{stdout}"
    );
    assert!(stdout.contains("# SLACK_BOT_TOKEN: not set"), "{stdout}");
    assert!(!stdout.contains("very-secret-token"), "{stdout}");
}

#[test]
fn run_without_a_token_says_what_to_set_and_exits_2() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    command
        .arg("run")
        .env_remove("DISCORD_TOKEN")
        .env_remove("SLACK_BOT_TOKEN")
        .env_remove("SLACK_APP_TOKEN")
        .env_remove("SLACK_SIGNING_SECRET");
    let output = command.output().expect("prepbot runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("Set DISCORD_TOKEN"), "{stderr}");
    assert!(stderr.contains("SLACK_BOT_TOKEN"), "{stderr}");
    assert!(stderr.contains("SLACK_APP_TOKEN"), "{stderr}");
    assert!(stderr.contains("prepbot console"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn run_with_a_slack_token_of_the_wrong_kind_names_the_variable_and_exits_2() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    command
        .arg("run")
        .env_remove("DISCORD_TOKEN")
        .env("SLACK_BOT_TOKEN", "xoxp-a-user-token")
        .env("SLACK_APP_TOKEN", "xapp-1");
    let output = command.output().expect("prepbot runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("SLACK_BOT_TOKEN must be a bot token"),
        "{stderr}"
    );
    assert!(!stderr.contains("xoxp-a-user-token"), "{stderr}");
}

#[test]
fn run_in_socket_mode_without_an_app_token_says_so_and_exits_2() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbot"));
    command
        .arg("run")
        .env_remove("DISCORD_TOKEN")
        .env_remove("SLACK_APP_TOKEN")
        .env("SLACK_BOT_TOKEN", "xoxb-1");
    let output = command.output().expect("prepbot runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("needs SLACK_APP_TOKEN"), "{stderr}");
}
