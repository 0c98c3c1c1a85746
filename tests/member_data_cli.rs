//! A member's data in the console (`/settings export`, `/settings delete`
//! then `confirm`) and a workspace's data for its admins (`prepbot export
//! --workspace`), as the binary does them on a database of their own.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs the console as `name`, in `folder`, with `script` on stdin.
fn console(folder: &Path, name: &str, script: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["console", "--name", name])
        .current_dir(folder)
        .env("PREPBOT__DATABASE__PATH", folder.join("console.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prepbot starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn export(folder: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .arg("export")
        .args(args)
        .current_dir(folder)
        .env("PREPBOT__DATABASE__PATH", folder.join("console.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .env_remove("RUST_LOG")
        .output()
        .expect("prepbot runs")
}

fn attempts(folder: &Path) -> i64 {
    let output = Command::new("sqlite3")
        .arg(folder.join("console.db"))
        .arg("SELECT count(*) FROM attempts")
        .output()
        .expect("sqlite3 runs");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_console_writes_the_members_export_in_the_working_folder_and_prints_its_path() {
    let folder = tempfile::tempdir().unwrap();
    let stdout = console(
        folder.path(),
        "ada",
        "/quiz\ngood\n/quiz\nhard\n/settings reminders 08:30\n/settings export\n/quit\n",
    );
    let file = folder.path().join("prepbot-my-data.json");
    assert!(
        stdout.contains(&format!("Written to {}", file.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 graded answers over 1 practice day"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(json["settings"]["reminder_time"], "08:30");
    assert_eq!(json["member"]["display_name"], "ada");

    let elsewhere = folder.path().join("mine.json");
    let stdout = console(
        folder.path(),
        "ada",
        &format!(
            "/settings export {}\n/settings export /no/such/folder/x.json\n/quit\n",
            elsewhere.display()
        ),
    );
    assert!(elsewhere.exists(), "{stdout}");
    assert!(
        stdout.contains("Not written: cannot write /no/such/folder/x.json"),
        "{stdout}"
    );
}

#[test]
fn the_console_deletes_a_members_data_only_after_confirm_and_leaves_others_practice() {
    let folder = tempfile::tempdir().unwrap();
    console(folder.path(), "bob", "/quiz\ngood\n/quit\n");
    let stdout = console(
        folder.path(),
        "ada",
        "/quiz\ngood\n/settings delete\n/settings delete yes\n/quit\n",
    );
    assert!(
        stdout.contains("This deletes everything prepbot keeps about you in this console: 1 graded answer over 1 practice day"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("Type /settings delete confirm to go ahead. Doing nothing deletes nothing."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Nothing deleted: `yes` is not `confirm`."),
        "{stdout}"
    );
    assert_eq!(attempts(folder.path()), 2, "asking deletes nothing");

    let stdout = console(
        folder.path(),
        "ada",
        "/settings delete confirm\n/streak\n/quit\n",
    );
    assert!(
        stdout.contains("Deleted: your data in this console is gone (1 graded answer, 1 review card, your settings and streak)."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Streak: 0 days"),
        "ada starts afresh: {stdout}"
    );
    assert_eq!(attempts(folder.path()), 1, "Bob's answer stays");
}

#[test]
fn prepbot_export_writes_a_workspaces_tables_as_csv_and_as_json() {
    let folder = tempfile::tempdir().unwrap();
    console(
        folder.path(),
        "ada",
        "/quiz\ngood\n/daily setup 09:00 UTC\n/quit\n",
    );
    console(folder.path(), "bob", "/quiz\neasy\n/quiz\nagain\n/quit\n");

    let out = export(folder.path(), &["--workspace", "console", "csv-out"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with(
            "Wrote 2 members, 3 attempts, 1 subscription and 0 daily posts to csv-out"
        ),
        "{stdout}"
    );
    let dir = folder.path().join("csv-out");
    let members = std::fs::read_to_string(dir.join("members.csv")).unwrap();
    let mut lines = members.lines();
    assert!(
        lines.next().unwrap().starts_with(
            "id,external_id,display_name,timezone,leaderboard_opt_out,streak_length,streak_best"
        ),
        "{members}"
    );
    assert_eq!(lines.count(), 2);
    let attempts = std::fs::read_to_string(dir.join("attempts.csv")).unwrap();
    assert_eq!(attempts.lines().count(), 4, "{attempts}");
    let posts = std::fs::read_to_string(dir.join("daily_posts.csv")).unwrap();
    assert!(
        posts.starts_with("id,subscription_id,local_date,"),
        "an empty table keeps its header: {posts}"
    );
    assert!(
        std::fs::read_to_string(dir.join("subscriptions.csv"))
            .unwrap()
            .contains("09:00")
    );

    let out = export(
        folder.path(),
        &[
            "--workspace",
            "console:local",
            "--format",
            "json",
            "json-out",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.path().join("json-out/workspace.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["members"].as_array().unwrap().len(), 2);
    assert_eq!(json["attempts"].as_array().unwrap().len(), 3);
    assert_eq!(json["subscriptions"][0]["schedule"], "09:00");
}

#[test]
fn prepbot_export_refuses_a_workspace_it_does_not_know_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    console(folder.path(), "ada", "/quiz\ngood\n/quit\n");
    let out = export(folder.path(), &["--workspace", "123456", "out"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "prepbot export: no workspace `123456` in the database; the console's is `console`"
        ),
        "{stderr}"
    );
    assert!(!folder.path().join("out").exists());
}
