//! `prepbot console` as a newcomer uses it: a script piped into the binary,
//! on a database of its own.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs the console with `script` on stdin and returns what it printed.
fn console(database: &std::path::Path, script: &str) -> (String, String, Option<i32>) {
    console_bytes(database, "ada", script.as_bytes())
}

/// Runs the console as `name` with raw bytes on stdin.
fn console_bytes(
    database: &std::path::Path,
    name: &str,
    script: &[u8],
) -> (String, String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["console", "--name", name])
        // /stats writes its picture in the working folder: the test's own,
        // so the shipped bank is named by its full path.
        .current_dir(database.parent().expect("the database is in a folder"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/questions"),
        )
        .env("PREPBOT__DATABASE__PATH", database)
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prepbot starts");
    child.stdin.take().unwrap().write_all(script).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (
        text(&output.stdout),
        text(&output.stderr),
        output.status.code(),
    )
}

/// The reply to each line of the script, in order (replies are separated
/// by blank lines; the first block is the welcome).
fn replies(stdout: &str) -> Vec<&str> {
    stdout
        .split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty())
        .skip(1)
        .collect()
}

#[test]
fn a_scripted_session_quizzes_reveals_grades_and_keeps_a_streak() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    let (stdout, stderr, code) = console(
        &database,
        "/quiz transformers\n/reveal\ngood\n/streak\n/quiz transfomers\n/quit\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    // Each expected piece, in the order the script produces them.
    let expected = [
        "\n\nTransformer Architecture · ",
        "?\nThink of your answer, then /reveal it",
        "\n\nModel answer:\n  ",
        "\nKey points:\n  • ",
        "\nHow did you do? Type again, hard, good or easy.\n\n",
        "Graded good. +5 points.\nStreak: 1 day. Next review: ",
        "\n\nStreak: 1 day (best 1 day). Freezes left: 0 of 2. Days practised: 1.\nYou have practised today.\n\n",
        "No topic `transfomers`. Did you mean `transformers`?\n\n",
        "Bye. Keep the streak going!\n\n",
    ];
    let mut from = 0;
    for piece in expected {
        let found = stdout[from..]
            .find(piece)
            .unwrap_or_else(|| panic!("{piece:?} not found after byte {from} in:\n{stdout}"));
        from += found + piece.len();
    }
    assert_eq!(from, stdout.len(), "nothing follows the goodbye");
    assert!(database.exists(), "the database is created on first run");
}

#[test]
fn the_streak_and_points_survive_a_restart_of_the_console() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    console(&database, "/quiz llms\ngood\n");
    let (stdout, _, code) = console(&database, "/streak\n/leaderboard all\n");
    assert_eq!(code, Some(0));
    let replies = replies(&stdout);
    assert!(replies[0].starts_with("Streak: 1 day"), "{stdout}");
    assert!(replies[1].contains("1. ada  5 pts  ← you"), "{stdout}");
}

#[test]
fn unknown_commands_and_misplaced_grades_get_helpful_answers() {
    let folder = tempfile::tempdir().unwrap();
    let (stdout, _, code) = console(
        &folder.path().join("c.db"),
        "/quizz\ngood\n/reveal\n/frobnicate\n/quiz vaes choice\nz\n",
    );
    assert_eq!(code, Some(0), "the end of input ends the session");
    let replies = replies(&stdout);
    assert_eq!(
        replies[0],
        "Unknown command `/quizz`. Did you mean `/quiz`? Type /help for the list."
    );
    assert_eq!(
        replies[1],
        "There is no question to grade; draw one with /quiz."
    );
    assert_eq!(
        replies[2],
        "There is no question to reveal; draw one with /quiz."
    );
    assert_eq!(
        replies[3],
        "Unknown command `/frobnicate`. Type /help for the list."
    );
    assert!(
        replies[4].ends_with("Pick a letter (a, b, c or d)."),
        "{}",
        replies[4]
    );
    assert_eq!(replies[5], "Pick one of the options A, B, C, D.");
}

#[test]
fn a_broken_bank_stops_the_console_before_it_starts() {
    let folder = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .arg("console")
        .env("PREPBOT__DATABASE__PATH", folder.path().join("c.db"))
        .env(
            "PREPBOT__BANK__QUESTIONS_DIR",
            "tests/fixtures/banks/bad-difficulty",
        )
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("difficulty `expert` is not one of easy, medium, hard"),
        "{stderr}"
    );
    assert!(stderr.contains("prepbot did not start"), "{stderr}");
    assert!(
        !folder.path().join("c.db").exists(),
        "nothing is written for a bank that does not load"
    );
}

#[test]
fn migrate_creates_the_database_and_says_so() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("data").join("prepbot.db");
    let output = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .arg("migrate")
        .env("PREPBOT__DATABASE__PATH", &database)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("The database {} is up to date.\n", database.display())
    );
    assert!(database.exists());
}

#[test]
fn a_65536_character_name_is_cut_and_the_leaderboard_still_answers() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("c.db");
    let long = "n".repeat(65_536);
    let (_, stderr, code) = console_bytes(&database, &long, b"/quiz llms\ngood\n");
    assert_eq!(code, Some(0), "{stderr}");
    let (stdout, stderr, code) = console(&database, "/leaderboard all\n");
    assert_eq!(code, Some(0), "the board renders for everyone: {stderr}");
    let board = replies(&stdout)[0];
    let line = board
        .lines()
        .find(|line| line.contains("nnn"))
        .unwrap_or_else(|| panic!("the long name is on the board:\n{board}"));
    assert!(line.chars().count() < 60, "cut to a column: {line}");
    assert!(line.contains('…'), "{line}");
}

#[test]
fn control_characters_in_a_name_never_reach_another_members_terminal() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("c.db");
    let (_, stderr, code) = console_bytes(
        &database,
        "\u{1b}[2J\u{7}mallory\u{1b}]0;pwned\u{7}",
        b"/quiz llms\ngood\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let (stdout, _, _) = console(&database, "/leaderboard all\n/topics\n");
    assert!(stdout.contains("mallory"), "{stdout}");
    assert!(
        !stdout.contains(['\u{1b}', '\u{7}']),
        "no escape or bell reaches the terminal: {stdout:?}"
    );
}

#[test]
fn a_line_that_is_not_utf8_is_refused_and_the_card_in_progress_survives() {
    let folder = tempfile::tempdir().unwrap();
    let (stdout, stderr, code) = console_bytes(
        &folder.path().join("c.db"),
        "ada",
        b"/quiz transformers\n\xff\xfe\xfd\n/reveal\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let replies = replies(&stdout);
    assert_eq!(
        replies[1],
        "That line is not valid UTF-8 text, so it was skipped; type it again."
    );
    assert!(replies[2].starts_with("Model answer:"), "{}", replies[2]);
}

#[test]
fn an_overlong_line_is_refused_without_holding_it_in_memory() {
    let folder = tempfile::tempdir().unwrap();
    let mut script = vec![b'x'; 1_000_000];
    script.extend_from_slice(b"\n/topics\n");
    let (stdout, _, code) = console_bytes(&folder.path().join("c.db"), "ada", &script);
    assert_eq!(code, Some(0));
    let replies = replies(&stdout);
    assert_eq!(
        replies[0],
        "That line is 1000000 bytes long, over the 65536-byte limit, so it was skipped."
    );
    assert!(replies[1].starts_with("13 topics"), "{}", replies[1]);
}

#[test]
fn after_quit_the_database_file_alone_holds_every_grade() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("c.db");
    let (_, stderr, code) = console(&database, "/quiz llms\ngood\n/quit\n");
    assert_eq!(code, Some(0), "{stderr}");
    let wal = folder.path().join("c.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the write-ahead log is folded into the database on exit"
    );
    // A copy of the database file alone, as a careless backup would take it.
    let copy = folder.path().join("copy.db");
    std::fs::copy(&database, &copy).unwrap();
    // Opened by prepbot, the copy has ada's grade: had it been left in the
    // log, the copy would be an empty database and her streak 0.
    let (stdout, _, _) = console(&copy, "/streak\n");
    assert!(replies(&stdout)[0].starts_with("Streak: 1 day"), "{stdout}");
}

#[test]
fn a_utc_offset_as_a_zone_gets_the_iana_name_that_means_it() {
    let folder = tempfile::tempdir().unwrap();
    let (stdout, _, code) = console(&folder.path().join("c.db"), "/daily setup 09:00 UTC+3\n");
    assert_eq!(code, Some(0));
    let reply = replies(&stdout)[0];
    assert!(reply.contains("`UTC+3` is not a time zone name"), "{reply}");
    assert!(reply.contains("`Etc/GMT-3` for a fixed UTC+3"), "{reply}");
}

#[test]
fn stats_count_in_words_and_show_no_share_before_the_first_grade() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("c.db");
    let (stdout, _, _) = console(&database, "/stats\n/quiz llms\ngood\n/stats\n");
    let before = stdout
        .find("0 attempts, – recalled, 0 points.")
        .unwrap_or_else(|| panic!("no share before any grade:\n{stdout}"));
    let after = stdout
        .find("1 attempt, 100% recalled, 5 points.")
        .unwrap_or_else(|| panic!("one attempt, in the singular:\n{stdout}"));
    assert!(before < after);
}

#[test]
fn a_mock_interview_asks_one_follow_up_on_what_was_missed_then_sums_up_and_grades() {
    let folder = tempfile::tempdir().unwrap();
    let (stdout, stderr, code) = console(
        &folder.path().join("c.db"),
        "/interview genai-018\n\
         each token attends to every other token using queries, keys and values\n\
         softmax of Q times K transpose over root d_k, times V\n\
         good\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let replies = replies(&stdout);
    assert!(
        replies[0].starts_with("Mock interview · Transformer Architecture · medium · genai-018\nWhat is self-attention?"),
        "{}",
        replies[0]
    );
    assert_eq!(
        replies[1],
        "Follow-up: your answer did not get to “each position looks at all positions”. How would you explain that part?"
    );
    assert!(
        replies[2].starts_with(
            "Interview summary: across your answers you covered 2 of 4 key points.\n  ✓ input attends to itself\n  ✗ each position looks at all positions"
        ),
        "{}",
        replies[2]
    );
    assert!(
        replies[2].contains("  ✓ softmax of QK transpose scaled by square root of d_k"),
        "the second answer's point joins the first's: {}",
        replies[2]
    );
    assert!(replies[3].starts_with("Model answer:"), "{}", replies[3]);
    assert!(
        replies
            .iter()
            .any(|r| r.starts_with("Graded good. +5 points.")),
        "it counts as a quiz: {stdout}"
    );
}

#[test]
fn a_report_on_the_current_card_is_stored_listed_marked_and_closed_once() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    let (stdout, stderr, code) = console(
        &database,
        "/quiz genai-018\n\
         /report outdated the context sizes are from 2023\n\
         /quiz genai-018\n\
         /report genai-018 wrong it mixes up keys and values\n\
         /reports\n\
         /reports close 1 fixed in the bank\n\
         /reports close 1\n\
         /reports\n\
         /quiz genai-018\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let replies = replies(&stdout);
    assert!(
        !replies[0].contains("reported"),
        "no mark before any report: {}",
        replies[0]
    );
    assert_eq!(
        replies[1],
        "Thank you: genai-018 is reported as outdated (“the context sizes are from 2023”). The admins here see it in their list of open reports, and the bank's maintainers in theirs."
    );
    assert!(
        replies[2].ends_with("\n⚑ reported"),
        "the console's member is its admin and sees the mark: {}",
        replies[2]
    );
    assert!(
        replies[3].starts_with(
            "You had already reported genai-018 and it is still open, so your report now reads: wrong (“it mixes up keys and values”)."
        ),
        "{}",
        replies[3]
    );
    assert!(
        replies[4].starts_with("1 report open:\n#1 genai-018 · wrong · by ada on "),
        "{}",
        replies[4]
    );
    assert!(
        replies[4].contains("\n  “it mixes up keys and values”\n  Q: "),
        "{}",
        replies[4]
    );
    assert!(
        replies[4].ends_with("Close one with /reports close N [note]."),
        "{}",
        replies[4]
    );
    assert_eq!(
        replies[5],
        "Report #1 on genai-018 (wrong, by ada) is closed with the note “fixed in the bank”."
    );
    assert!(
        replies[6].starts_with("Report 1 is already closed (by ada, "),
        "{}",
        replies[6]
    );
    assert_eq!(
        replies[7],
        "No open reports. When a member reports a question, it shows up here."
    );
    assert!(!replies[8].contains("reported"), "{}", replies[8]);
}

#[test]
fn a_bad_reason_a_bad_number_and_an_unknown_question_get_messages_saying_what_is_wrong() {
    let folder = tempfile::tempdir().unwrap();
    let (stdout, stderr, code) = console(
        &folder.path().join("c.db"),
        "/report wrong\n/report genai-018 wromg\n/report\n/report genai-999 wrong\n/reports close x\n/reports close 7\n/reports frob\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let replies = replies(&stdout);
    assert_eq!(
        replies[0],
        "There is no question in front of you to report; name one, for example: /report genai-018 wrong"
    );
    assert_eq!(
        replies[1],
        "`wromg` is not a reason to report a question; use wrong, unclear, outdated, duplicate or other. \
         Write it as /report [question id] <reason> [what is wrong], for example: /report genai-018 outdated the context sizes are from 2023"
    );
    assert!(
        replies[2].starts_with("Say why you report the question. Write it as /report"),
        "{}",
        replies[2]
    );
    assert_eq!(
        replies[3],
        "There is no question `genai-999`; question ids look like genai-016 (each question shows its id)."
    );
    assert_eq!(
        replies[4],
        "`x` is not a report number; write /reports close 3 [note], with a number from /reports."
    );
    assert_eq!(
        replies[5],
        "There is no report 7 here; the list of open reports shows their numbers."
    );
    assert_eq!(
        replies[6],
        "`/reports frob` is not a reports command; use /reports, or /reports close N [note]."
    );
}

/// `prepbot bank reports` on the console's database.
fn bank_reports(database: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["bank", "reports"])
        .args(args)
        .env("PREPBOT__DATABASE__PATH", database)
        .env_remove("RUST_LOG")
        .output()
        .expect("prepbot starts")
}

#[test]
fn bank_reports_exports_what_members_reported_as_json_and_as_text() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    let (stdout, stderr, code) = console(
        &database,
        "/quiz genai-018\n/report unclear which attention?\n/report genai-016 duplicate\n/reports close 2 same as 17\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    // The card's question as the console showed it, for the bank's text.
    let shown = replies(&stdout)[0].lines().nth(1).unwrap().to_owned();

    let output = bank_reports(&database, &["--json"]);
    assert!(output.status.success(), "{output:?}");
    let all: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2, "{all:#?}");
    let first = &all[0];
    assert_eq!(first["id"], 1);
    assert_eq!(first["question_id"], "genai-018");
    assert_eq!(first["reason"], "unclear");
    assert_eq!(first["text"], "which attention?");
    assert_eq!(first["question"], shown.as_str());
    assert!(!first["answer"].as_str().unwrap().is_empty());
    assert_eq!(first["reporter"], "ada");
    assert_eq!(first["platform"], "console");
    assert_eq!(first["state"], "open");
    assert_eq!(first["closed_at"], serde_json::Value::Null);
    assert!(
        chrono::DateTime::parse_from_rfc3339(first["created_at"].as_str().unwrap()).is_ok(),
        "{first:#}"
    );
    let second = &all[1];
    assert_eq!(second["question_id"], "genai-016");
    assert_eq!(second["text"], serde_json::Value::Null);
    assert_eq!(second["state"], "closed");
    assert_eq!(second["closed_by"], "ada");
    assert_eq!(second["close_note"], "same as 17");

    let open = bank_reports(&database, &["--open", "--json"]);
    let open: serde_json::Value = serde_json::from_slice(&open.stdout).unwrap();
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0], all[0], "the open one, field for field");

    let text = bank_reports(&database, &["--open"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("#1 genai-018 · unclear · open\n  by ada in console (console), "),
        "{text}"
    );
    assert!(text.contains("\n  says: which attention?\n"), "{text}");
    assert!(
        text.contains(&format!("\n  question then: {shown}\n")),
        "{text}"
    );
}

#[test]
fn the_console_sets_an_interview_date_counts_down_and_explains_cramming() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    // The console runs on the real clock: a date ten days from today.
    let date = (chrono::Utc::now() + chrono::Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    let script = format!(
        "/review cram\n/settings interview {date} transformers\n/review\ngood\n/review cram\n/streak\n/settings interview off\n/settings interview 1999-01-01\n/quit\n"
    );
    let (stdout, stderr, code) = console(&database, &script);
    assert_eq!(code, Some(0), "{stderr}");
    let replies = replies(&stdout);
    assert!(
        replies[0].contains("Set your interview date first"),
        "{replies:#?}"
    );
    assert!(
        replies[1].contains("Interview date set:") && replies[1].contains("Transformer"),
        "{replies:#?}"
    );
    assert!(replies[2].contains("interview in "), "{replies:#?}");
    assert!(replies[2].contains("New question"), "{replies:#?}");
    assert!(replies[3].contains("Graded good"), "{replies:#?}");
    assert!(
        replies[4].contains("Nothing left to cram today"),
        "practised today: {replies:#?}"
    );
    assert!(replies[5].contains("Your interview is in "), "{replies:#?}");
    assert!(
        replies[6].contains("Interview date cleared"),
        "{replies:#?}"
    );
    assert!(replies[7].contains("already passed"), "{replies:#?}");
}

/// Fills `database` (as of the real clock, which the console runs on) with
/// bob practising two days ago and three days ago, and prepbot down from
/// then until today's start, so yesterday was missed while it was down.
async fn bob_missed_yesterday_while_prepbot_was_down(database: &std::path::Path) {
    use prepbot::domain::day::{day_begins, practice_day};
    use prepbot::domain::{DayStartHour, Timezone};
    let (zone, start) = (Timezone::default(), DayStartHour::default());
    let today = practice_day(chrono::Utc::now(), zone, start);
    let at = |days_ago: i64, hours: i64| {
        day_begins(today - chrono::Duration::days(days_ago), zone, start)
            + chrono::Duration::hours(hours)
    };
    let app = support::spawn_app_at(database, at(3, 0)).await;
    let bob = prepbot::engine::MemberRef {
        workspace: prepbot::engine::WorkspaceRef {
            platform: prepbot::engine::Platform::Console,
            external_id: "local".to_owned(),
            name: "console".to_owned(),
        },
        external_id: "bob".to_owned(),
        display_name: "bob".to_owned(),
    };
    let run = app.engine.start_run().await.unwrap();
    for days_ago in [3, 2] {
        app.set_time(at(days_ago, 8));
        app.practise(&bob, prepbot::domain::Grade::Good).await;
        app.engine.still_running(run).await.unwrap();
    }
    app.set_time(at(0, 0));
    app.engine.start_run().await.unwrap();
    app.engine.store().close().await;
}

#[tokio::test]
async fn the_console_admin_reads_a_streak_history_and_restores_a_streak_broken_by_downtime_once() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    bob_missed_yesterday_while_prepbot_was_down(&database).await;
    let (stdout, stderr, code) = console(
        &database,
        "/prepbot streak bob history\n/prepbot streak bob restore the laptop was off\n\
         /prepbot streak bob restore\n/prepbot streak carol history\n/prepbot streak\n/prepbot check\n/quit\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let replies = replies(&stdout);
    assert!(
        replies[0].starts_with("Streak history of bob\nStreak: 0 days (best 2 days)."),
        "{stdout}"
    );
    assert!(
        replies[0].contains("missed with no freeze left; the run of 2 days ended."),
        "{stdout}"
    );
    assert!(
        replies[1].starts_with("Restored bob's streak: "),
        "{stdout}"
    );
    assert!(
        replies[1].contains("Streak: 2 days") && replies[1].contains("“the laptop was off”"),
        "{stdout}"
    );
    assert!(replies[2].contains("already restored"), "{stdout}");
    assert!(
        replies[3].starts_with("carol has no practice recorded"),
        "{stdout}"
    );
    assert!(
        replies[4].starts_with("Name the member and what to do."),
        "{stdout}"
    );
    assert_eq!(
        replies[5],
        "prepbot has everything it needs to post daily questions in the console."
    );
}

#[test]
fn stats_writes_the_card_to_a_png_in_the_working_folder_or_where_asked_and_prints_the_path() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("c.db");
    let (stdout, stderr, code) = console(
        &database,
        "/quiz llms\ngood\n/stats\n/stats --out mine.png\n/stats --oops\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("Picture of your progress: prepbot-stats.png"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Picture of your progress: mine.png"),
        "{stdout}"
    );
    assert!(stdout.contains("`--oops` is not understood"), "{stdout}");
    for name in ["prepbot-stats.png", "mine.png"] {
        let png = std::fs::read(folder.path().join(name)).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().width, 720, "{name}");
    }
}

#[test]
fn theme_and_recap_are_set_and_previewed_in_words() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("c.db");
    let (stdout, stderr, code) = console(
        &database,
        "/theme dark\n/theme purple\n/recap off\n/daily setup 09:00 UTC\n/recap off\n/recap\n",
    );
    assert_eq!(code, Some(0), "{stderr}");
    let replies = replies(&stdout);
    assert!(replies[0].contains("drawn dark"), "{stdout}");
    assert!(
        replies[1].contains("`purple` is not a picture theme"),
        "{stdout}"
    );
    assert!(replies[2].contains("has no daily question"), "{stdout}");
    assert!(
        replies[4].contains("no weekly recap from now on"),
        "{stdout}"
    );
    assert!(replies[5].starts_with("Weekly recap"), "{stdout}");
    assert!(replies[5].contains("A quiet week"), "{stdout}");
    assert!(folder.path().join("prepbot-weekly-recap.png").exists());
}

#[test]
fn hostile_lines_get_clear_replies_with_nothing_hidden_and_the_session_goes_on() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("c.db");
    let huge = "attention ".repeat(2_000);
    let lines: [(String, &str); 9] = [
        ("/quiz transformers".into(), "?"),
        (
            format!("/answer {huge}"),
            "19999 characters long; keep it to 2000",
        ),
        (
            "/answer nul\u{0}byte \u{202E}attention\u{200B}".into(),
            "key points",
        ),
        (
            "/quiz \u{1b}[2Jcooking\u{202E}\u{0}".into(),
            "No topic `[2Jcooking`",
        ),
        ("/daily setup 24:00 UTC".into(), "is not a time of day"),
        (
            "/daily setup 09:00 Europe/../etc".into(),
            "is not a known time zone",
        ),
        ("/daily setup \"0 9\u{200B} * * *\" UTC".into(), "U+200B"),
        ("/report '); DROP TABLE reports;-- \u{0}".into(), "reason"),
        ("/streak".into(), "Streak: 0 days"),
    ];
    let script: String = lines.iter().map(|(line, _)| format!("{line}\n")).collect();
    let (stdout, stderr, code) = console(&database, &script);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        !stdout.contains(['\u{0}', '\u{1b}', '\u{202E}', '\u{200B}']),
        "{stdout:?}"
    );
    let replies = replies(&stdout);
    for ((line, says), reply) in lines.iter().zip(&replies) {
        let line: String = line.chars().take(40).collect();
        assert!(reply.contains(says), "{line:?}: {reply}");
    }
}
