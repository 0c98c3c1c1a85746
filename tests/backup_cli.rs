//! `prepbot backup` and `prepbot restore` as an operator runs them.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn prepbot(args: &[&str], database: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(args)
        .env_remove("RUST_LOG")
        .env("PREPBOT__DATABASE__PATH", database)
        .output()
        .expect("prepbot runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A console session that grades one question and quits, so the database
/// holds one attempt.
fn practise_once(database: &std::path::Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["console", "--name", "ada"])
        .env_remove("RUST_LOG")
        .env("PREPBOT__DATABASE__PATH", database)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/quiz\ngood\n/quit\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn backup_writes_a_checked_copy_into_a_folder_and_never_overwrites_one() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    practise_once(&database);
    let backups = folder.path().join("backups");
    std::fs::create_dir(&backups).unwrap();

    let output = prepbot(&["backup", backups.to_str().unwrap()], &database);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(stdout.contains("its integrity check says ok"), "{stdout}");
    let written: Vec<_> = std::fs::read_dir(&backups).unwrap().collect();
    assert_eq!(written.len(), 1);
    let copy = written[0].as_ref().unwrap().path();
    assert!(
        copy.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("prepbot-"),
        "{copy:?}"
    );

    let again = prepbot(&["backup", copy.to_str().unwrap()], &database);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn restore_is_refused_while_a_console_runs_and_then_puts_the_backup_back() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    practise_once(&database);
    let saved = folder.path().join("saved.db");
    assert!(
        prepbot(&["backup", saved.to_str().unwrap()], &database)
            .status
            .success()
    );
    practise_once(&database);

    // A console waiting for input holds the database.
    let mut console = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["console", "--name", "ada"])
        .env_remove("RUST_LOG")
        .env("PREPBOT__DATABASE__PATH", &database)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Its welcome line means the database is open.
    let mut stdout = console.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    let refused = prepbot(&["restore", saved.to_str().unwrap()], &database);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("stop it first"),
        "{}",
        text(&refused.stderr)
    );
    console.stdin.take().unwrap().write_all(b"/quit\n").unwrap();
    assert!(console.wait().unwrap().success());

    let restored = prepbot(&["restore", saved.to_str().unwrap()], &database);
    let said = text(&restored.stdout);
    assert_eq!(
        restored.status.code(),
        Some(0),
        "{}",
        text(&restored.stderr)
    );
    assert!(said.contains("is kept as"), "{said}");

    let bogus = folder.path().join("notes.db");
    std::fs::write(&bogus, b"not a database at all").unwrap();
    let refused = prepbot(&["restore", bogus.to_str().unwrap()], &database);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("notes.db"), "{stderr}");
}
