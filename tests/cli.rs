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

/// Runs `prepbot console` with `database` and an empty script.
fn console_on(database: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .arg("console")
        .env("PREPBOT__DATABASE__PATH", database)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_database_path_that_is_empty_or_in_memory_is_refused_with_its_key() {
    for path in ["", ":memory:", "file::memory:?cache=shared"] {
        let output = console_on(path.as_ref());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{path}: {stderr}");
        assert!(
            stderr.contains(
                "invalid value for `database.path` from environment variable PREPBOT__DATABASE__PATH"
            ),
            "{path}: {stderr}"
        );
    }
}

#[test]
fn a_database_path_that_cannot_be_used_is_explained_once_in_words() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("plain-file");
    std::fs::write(&file, "not a folder").unwrap();
    let cases = [
        (
            folder.path().to_path_buf(),
            "is a folder; name a file such as",
        ),
        (
            file.join("prepbot.db"),
            "a part of the path is a file, not a folder",
        ),
    ];
    for (path, expected) in cases {
        let output = console_on(&path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("code: 14"), "no raw SQLite text: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "said once: {stderr}");
    }
}

#[test]
fn a_database_prepbot_may_not_write_is_refused_at_start_up() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    assert_eq!(console_on(&database).status.code(), Some(0));
    let mut permissions = std::fs::metadata(&database).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&database, permissions).unwrap();
    std::fs::set_permissions(folder.path(), {
        let mut p = std::fs::metadata(folder.path()).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut p, 0o755);
        p
    })
    .unwrap();
    // root ignores file modes, so as root the refusal is checked as an
    // ordinary user (nobody), which is who a read-only file stops.
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let output = if is_root {
        std::process::Command::new("runuser")
            .args(["-u", "nobody", "--"])
            .arg(env!("CARGO_BIN_EXE_prepbot"))
            .arg("console")
            .env("PREPBOT__DATABASE__PATH", &database)
            .env(
                "PREPBOT__BANK__QUESTIONS_DIR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
            )
            .stdin(std::process::Stdio::null())
            .output()
            .expect("runuser is there wherever root runs the tests")
    } else {
        console_on(&database)
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is read-only for prepbot (permission denied)"),
        "{stderr}"
    );
}

#[test]
fn a_database_from_a_newer_prepbot_is_refused_with_what_to_do() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("prepbot.db");
    assert_eq!(console_on(&database).status.code(), Some(0));
    // A migration this prepbot does not know, as a newer one would leave.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", database.display()))
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (29991231000001, 'from the future', 1, x'00', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    });
    let output = console_on(&database);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("was written by a newer prepbot (migration 29991231000001"),
        "{stderr}"
    );
    assert!(
        stderr.contains("upgrade prepbot, or restore a backup"),
        "{stderr}"
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_instead_of_panicking() {
    for args in [&["config"][..], &["bank", "check"][..]] {
        let (reader, writer) = std::io::pipe().unwrap();
        // The reader is gone before prepbot writes a byte, as with `| true`.
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_prepbot"))
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
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

#[test]
fn bank_try_shows_which_key_points_an_answer_covers_as_text_and_json() {
    let output = prepbot(
        &[
            "bank",
            "try",
            "genai-018",
            "each token attends to every other token using queries, keys and values",
        ],
        &[],
    );
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        stdout.starts_with("genai-018 What is self-attention?\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  covered  input attends to itself\n"),
        "{stdout}"
    );
    assert!(stdout.contains("(built-in key-point checker, "), "{stdout}");

    let output = prepbot(
        &["bank", "try", "--json", "genai-018", "softmax(QKᵀ/√d_k)V"],
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["question_id"], "genai-018");
    assert_eq!(json["judge"], "keypoints");
    let points = json["key_points"].as_array().unwrap();
    assert_eq!(points.len(), 4, "every key point, in the bank's order");
    assert_eq!(
        points[3]["text"],
        "softmax of QK transpose scaled by square root of d_k"
    );
    assert_eq!(points[3]["covered"], true);
    assert_eq!(points[0]["covered"], false);
    assert_eq!(
        json["feedback"],
        "You covered 1 of 4 key points; the model answer shows the rest."
    );
}

#[test]
fn bank_try_with_an_unknown_question_says_what_ids_look_like() {
    let output = prepbot(&["bank", "try", "genai-999", "anything"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(
            "there is no question `genai-999` in questions; question ids look like genai-016"
        ),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn slack_http_mode_without_a_listen_address_is_a_settings_fault_with_exit_2() {
    let output = prepbot(
        &["run"],
        &[
            ("SLACK_BOT_TOKEN", "xoxb-1"),
            ("SLACK_SIGNING_SECRET", "secret"),
            ("PREPBOT__SLACK__MODE", "http"),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("slack.mode = \"http\" needs slack.http_listen"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn bank_import_turns_a_500_row_csv_into_a_topic_that_bank_check_accepts() {
    let folder = tempfile::tempdir().unwrap();
    let deck = folder.path().join("deck.csv");
    let mut csv = "question,answer,key_points,difficulty\n".to_owned();
    for n in 1..=500 {
        let points = if n % 2 == 0 {
            format!("\"technique {n}; solves problem {n}\"")
        } else {
            String::new()
        };
        csv += &format!(
            "\"What is concept {n}, in short?\",\"Concept {n} is a technique for problem {n}. It helps with case {n}, \"\"mostly\"\".\",{points},{}\n",
            ["easy", "medium", "hard"][n % 3]
        );
    }
    std::fs::write(&deck, csv).unwrap();
    let bank = folder.path().join("bank");
    let deck_arg = deck.display().to_string();
    let bank_arg = bank.display().to_string();

    let output = prepbot(
        &[
            "bank",
            "import",
            &deck_arg,
            "--topic",
            "our-interviews",
            &bank_arg,
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("Imported 500 questions into "),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "250 questions had no key points; they were drawn from the answer's sentences"
        ),
        "{stdout}"
    );

    let check = prepbot(&["bank", "check", &bank_arg], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(
        text(&check.stdout).contains("500 questions in 1 topic"),
        "{}",
        text(&check.stdout)
    );
    let written = std::fs::read_to_string(bank.join("our-interviews.toml")).unwrap();
    assert!(written.contains("id = \"our-interviews-500\""));
    let parsed: toml::Table = toml::from_str(&written).unwrap();
    let seventh = &parsed["questions"].as_array().unwrap()[6];
    assert_eq!(
        seventh["answer"].as_str(),
        Some("Concept 7 is a technique for problem 7. It helps with case 7, \"mostly\".")
    );
    assert_eq!(seventh["difficulty"].as_str(), Some("medium"));
}

#[test]
fn bank_import_reads_an_anki_text_export_and_bank_check_accepts_it() {
    let folder = tempfile::tempdir().unwrap();
    let deck = folder.path().join("anki.txt");
    std::fs::write(
        &deck,
        "#separator:tab\n#html:true\n#tags column:3\n\
         What is <b>top-p</b> sampling?\tSampling from the smallest set of tokens whose probabilities add up to p.<br>It adapts the candidate count to the distribution.\tllm\n\
         What does &quot;RLHF&quot; stand for?\tReinforcement learning from human feedback.<div>A reward model trained on preferences guides the policy.</div>\tllm\n",
    )
    .unwrap();
    let bank = folder.path().join("bank");
    let (deck_arg, bank_arg) = (deck.display().to_string(), bank.display().to_string());

    let output = prepbot(
        &[
            "bank",
            "import",
            &deck_arg,
            "--topic",
            "anki",
            "--name",
            "From Anki",
            &bank_arg,
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let check = prepbot(&["bank", "check", &bank_arg], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let written = std::fs::read_to_string(bank.join("anki.toml")).unwrap();
    assert!(
        written.contains("question = \"What is top-p sampling?\""),
        "{written}"
    );
    let parsed: toml::Table = toml::from_str(&written).unwrap();
    let second = &parsed["questions"].as_array().unwrap()[1];
    assert_eq!(
        second["question"].as_str(),
        Some("What does \"RLHF\" stand for?")
    );
    assert_eq!(
        second["answer"].as_str(),
        Some(
            "Reinforcement learning from human feedback.\nA reward model trained on preferences guides the policy."
        )
    );
    assert!(written.contains("name = \"From Anki\""));
}

#[test]
fn bank_import_reports_every_bad_row_by_its_line_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let deck = folder.path().join("deck.csv");
    let long = "word ".repeat(200);
    std::fs::write(
        &deck,
        format!(
            "question,answer,difficulty\n\
             Fine?,One sentence here. Another one there.,easy\n\
             Only a question\n\
             Too long?,{long},easy\n\
             Level?,One sentence here. Another one there.,expert\n"
        ),
    )
    .unwrap();
    let bank = folder.path().join("bank");
    let (deck_arg, bank_arg) = (deck.display().to_string(), bank.display().to_string());

    let output = prepbot(
        &["bank", "import", &deck_arg, "--topic", "ours", &bank_arg],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("deck.csv:line 3: has 1 field; a row needs a question and an answer"),
        "{stderr}"
    );
    assert!(!bank.join("ours.toml").exists(), "nothing is written");
    assert!(stderr.contains("nothing was written"), "{stderr}");

    // With the short row fixed, the other two faults are found, by line.
    std::fs::write(
        &deck,
        format!(
            "question,answer,difficulty\n\
             Fine?,One sentence here. Another one there.,easy\n\
             Too long?,{long},easy\n\
             Level?,One sentence here. Another one there.,expert\n"
        ),
    )
    .unwrap();
    let output = prepbot(
        &["bank", "import", &deck_arg, "--topic", "ours", &bank_arg],
        &[],
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("deck.csv:line 3: the answer is 999 characters; a bank allows 700"),
        "{stderr}"
    );
    assert!(
        stderr.contains("deck.csv:line 4: difficulty `expert` is not one of easy, medium, hard"),
        "{stderr}"
    );
    assert!(stderr.contains("2 rows of "), "{stderr}");
    assert!(!bank.join("ours.toml").exists());
}
