//! Hostile input, table by table: every row is something a member, an admin
//! or a bank author could type or send, and each must come back as a clear
//! message saying what is wrong, lose nothing already stored, panic nowhere,
//! and come back out of the engine cleaned (no control or invisible
//! characters in what others read). The front-ends' own escaping of
//! mentions and markup is checked in tests/discord.rs and tests/slack.rs.

mod support;

use prepbot::bank::{Draft, QuestionBank};
use prepbot::button_id::ComponentId;
use prepbot::domain::report::ReportReason;
use prepbot::domain::schedule::Schedule;
use prepbot::domain::{Grade, Mode, Timezone};
use prepbot::engine::{Covered, DailySetup, GradeInput, Period, RankBy};
use support::{TestApp, member, spawn_app, utc};

/// Twenty thousand characters: ten times what any typed field takes.
fn huge() -> String {
    "attention ".repeat(2_000)
}

/// Text that tries, each its own way, to break storage or a reader's screen.
const HOSTILE: [(&str, &str); 7] = [
    ("NUL bytes", "nul\u{0}in\u{0}the middle"),
    (
        "zero-width characters",
        "zero\u{200B}width\u{200D}joiner\u{FEFF}",
    ),
    ("a right-to-left override", "\u{202E}desrever\u{202C} text"),
    ("SQL-looking text", "'); DROP TABLE attempts;--"),
    (
        "mentions",
        "@everyone @here <@123> <@&456> <!channel> <!here>",
    ),
    (
        "Markdown",
        "**bold** __under__ ||spoiler|| `code` ```block``` > quote",
    ),
    ("a terminal escape", "\u{1b}[2J\u{1b}]0;title\u{7}bell"),
];

/// Characters that must never reach another member's screen.
fn has_hidden_characters(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// What is wrong with a refusal, if anything: it must be clear (see
/// `assert_clear`) and name `names`.
fn unclear(case: &str, message: &str, names: &str) -> Option<String> {
    let fits = !message.trim().is_empty()
        && message.chars().count() <= 400
        && !has_hidden_characters(message)
        && message.contains(names);
    (!fits).then(|| format!("{case}: {message:?} should name {names:?}"))
}

/// A message fit to show: one short paragraph without hidden characters.
fn assert_clear(case: &str, message: &str) {
    assert!(!message.trim().is_empty(), "{case}: an empty message");
    assert!(
        message.chars().count() <= 400,
        "{case}: a {}-character message: {message}",
        message.chars().count()
    );
    assert!(
        !has_hidden_characters(message) && !message.contains('\n'),
        "{case}: hidden characters or a line break in {message:?}"
    );
}

const TABLES: [&str; 6] = [
    "members",
    "attempts",
    "cards",
    "reports",
    "workspace_questions",
    "subscriptions",
];

/// The rows of every table a member's words could touch.
async fn row_counts(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push(app.count(&format!("SELECT COUNT(*) FROM {table}")).await);
    }
    counts
}

// ---- schedules and time zones -------------------------------------------

#[test]
fn every_malformed_schedule_is_refused_with_a_message_naming_what_is_wrong() {
    let long = "9".repeat(300);
    let table: [(&str, &str, &str); 18] = [
        ("empty", "", "empty"),
        ("only spaces", "    ", "empty"),
        ("minutes past 59", "99:99", "HH:MM"),
        ("the hour 24", "24:00", "HH:MM"),
        ("a time with seconds", "09:00:00", "HH:MM"),
        ("eight fields", "* * * * * * * *", "it has 8 fields"),
        (
            "a crontab nickname",
            "@reboot",
            "`@reboot` is a crontab nickname",
        ),
        ("a nickname with a time", "@daily 09:00", "crontab nickname"),
        ("seconds out of range", "60 0 9 * * *", "second"),
        ("a year before 1970", "0 0 9 * * * 1969", "year"),
        ("a year field alone past 2099", "0 0 9 * * * 3000", "year"),
        ("Arabic-Indic digits", "٠٩:٠٠", "HH:MM"),
        ("fullwidth digits in cron", "0 ９ * * *", "hour"),
        (
            "a NUL inside a field",
            "0 9 * * 1\u{0}",
            "day-of-week field `1` uses the invisible character U+0000",
        ),
        (
            "a zero-width space inside a field",
            "0 9\u{200B} * * *",
            "hour field `9` uses the invisible character U+200B",
        ),
        (
            "SQL-looking text",
            "'); DROP TABLE attempts;--",
            "it has 4 fields",
        ),
        ("300 digits", &long, "neither a time (HH:MM"),
        ("a right-to-left override", "\u{202E}00:90", "HH:MM"),
    ];
    let wrong: Vec<String> = table
        .into_iter()
        .filter_map(|(case, text, names)| match Schedule::parse(text) {
            Ok(_) => Some(format!("{case}: accepted")),
            Err(error) => unclear(case, &error, names),
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_malformed_time_zone_is_refused_with_a_message_naming_the_zone() {
    let long = format!("Europe/{}", "x".repeat(300));
    let table: [(&str, &str, &str); 10] = [
        ("empty", "", "empty"),
        ("only spaces", "   ", "empty"),
        (
            "a path that climbs",
            "Europe/../etc",
            "not a known time zone",
        ),
        (
            "a path to a file",
            "../../etc/passwd",
            "not a known time zone",
        ),
        ("300 characters", &long, "not a known time zone"),
        (
            "a NUL after a real zone",
            "Europe/Berlin\u{0}",
            "not a known time zone",
        ),
        (
            "a zero-width space inside",
            "Europe/Ber\u{200B}lin",
            "not a known time zone",
        ),
        ("an offset", "UTC+3", "Etc/GMT-3"),
        (
            "SQL-looking text",
            "'); DROP TABLE attempts;--",
            "not a known time zone",
        ),
        (
            "Arabic-Indic digits in an offset",
            "UTC+٣",
            "not a known time zone",
        ),
    ];
    let wrong: Vec<String> = table
        .into_iter()
        .filter_map(|(case, text, names)| match Timezone::parse(text) {
            Ok(_) => Some(format!("{case}: accepted")),
            Err(error) => unclear(case, &error, names),
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test]
async fn a_malformed_setup_leaves_the_working_daily_question_as_it_was() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let admin = member("g1", "admin");
    let setup = |schedule: &str, zone: &str| DailySetup {
        channel_id: "c1".into(),
        schedule: schedule.into(),
        timezone: Some(zone.into()),
        ..DailySetup::default()
    };
    app.engine
        .setup_daily(&admin, &setup("09:00", "Europe/Berlin"))
        .await
        .unwrap();
    let before = row_counts(&app).await;
    let table = [
        ("24:00", "Europe/Berlin"),
        ("@reboot", "Europe/Berlin"),
        ("* * * * * * * *", "Europe/Berlin"),
        ("0 0 0 30 2 *", "Europe/Berlin"),
        ("09:00", "Europe/../etc"),
        ("09:00", ""),
        ("", "UTC"),
    ];
    for (schedule, zone) in table {
        let error = app
            .engine
            .setup_daily(&admin, &setup(schedule, zone))
            .await
            .expect_err(schedule)
            .to_string();
        assert_clear(&format!("{schedule:?} in {zone:?}"), &error);
    }
    assert_eq!(row_counts(&app).await, before);
    let stored: (String, String) = sqlx::query_as("SELECT schedule, timezone FROM subscriptions")
        .fetch_one(app.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(stored, ("09:00".to_owned(), "Europe/Berlin".to_owned()));
}

// ---- custom ids -----------------------------------------------------------

#[test]
fn long_forged_and_malformed_button_ids_are_all_refused() {
    let thousand_digits = format!("pb1:reveal:{}", "9".repeat(1_000));
    let thousand_letters = format!("pb1:{}", "x".repeat(1_000));
    let thousand_colons = ":".repeat(1_000);
    let table: [&str; 20] = [
        "",
        &thousand_digits,
        &thousand_letters,
        &thousand_colons,
        "pb1",
        "pb1:",
        "pb1:reveal",
        "pb1:reveal:",
        "pb1:reveal:0",
        "pb1:reveal:-1",
        "pb1:reveal:01",
        "pb1:reveal:1:2",
        "PB1:reveal:1",
        "pb1:reveal:1\u{0}",
        "pb1:reveal:٣",
        "pb1:grade-perfect:1",
        "pb1:pick-4:1",
        "pb1:followup-256:1",
        "pb1:approve-0",
        "pb1:reveal:9223372036854775808",
    ];
    for text in table {
        let shown: String = text.chars().take(40).collect();
        assert!(ComponentId::parse(text).is_err(), "{shown:?} was taken");
    }
    // The refusal tells the clicker what to do, in one line.
    let message = ComponentId::parse(&thousand_digits)
        .unwrap_err()
        .to_string();
    assert_clear("the refusal", &message);
    assert!(message.contains("/quiz"), "{message}");
}

// ---- 20,000-character text ------------------------------------------------

#[tokio::test]
async fn twenty_thousand_characters_are_refused_everywhere_with_their_length_and_nothing_is_lost() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    app.practise(&ada, Grade::Good).await;
    let card = app.quiz(&ada, None).await;
    let before = row_counts(&app).await;
    let text = huge();
    let engine = &app.engine;
    let draft = |question: String, answer: String| Draft {
        topic: "llms".into(),
        difficulty: "medium".into(),
        question,
        answer,
        key_points: vec!["one point".into(), "another point".into()],
    };
    let errors: Vec<(&str, String)> = vec![
        (
            "a typed answer",
            engine
                .check_answer(&ada, card.id, &text)
                .await
                .unwrap_err()
                .to_string(),
        ),
        (
            "an interview answer",
            engine
                .interview_answer(&ada, card.id, &text)
                .await
                .unwrap_err()
                .to_string(),
        ),
        (
            "a follow-up answer",
            engine
                .interview_follow_up(&ada, card.id, Covered(0), &text)
                .await
                .unwrap_err()
                .to_string(),
        ),
        (
            "a report's text",
            engine
                .report(
                    &ada,
                    Some(card.question_id.as_str()),
                    ReportReason::Unclear,
                    Some(&text),
                )
                .await
                .unwrap_err()
                .to_string(),
        ),
        (
            "a suggested question",
            engine
                .suggest_question(&ada, &draft(text.clone(), "A short answer.".into()))
                .await
                .unwrap_err()
                .to_string(),
        ),
        (
            "a suggested answer",
            engine
                .suggest_question(&ada, &draft("A short question?".into(), text.clone()))
                .await
                .unwrap_err()
                .to_string(),
        ),
    ];
    let wrong: Vec<String> = errors
        .into_iter()
        .filter_map(|(case, error)| unclear(case, &error, "characters long"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(row_counts(&app).await, before);
    // The card is still there to be answered and graded.
    engine
        .check_answer(&ada, card.id, "attention")
        .await
        .unwrap();
    engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
}

// ---- hostile text where it comes back out --------------------------------

#[tokio::test]
async fn hostile_names_come_back_cleaned_on_boards_recaps_and_streaks() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    for (case, text) in HOSTILE {
        let mut who = member("g1", case);
        who.display_name = text.to_owned();
        app.practise(&who, Grade::Good).await;
        assert!(app.engine.streak(&who).await.is_ok(), "{case}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM members").await,
        HOSTILE.len() as i64
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM attempts").await,
        HOSTILE.len() as i64
    );
    let workspace = support::workspace("g1");
    let board = app
        .engine
        .leaderboard(&workspace, Period::All, RankBy::Points, 10)
        .await
        .unwrap();
    assert_eq!(board.entries.len(), HOSTILE.len());
    let text = prepbot::wording::leaderboard(&board, "");
    assert!(!has_hidden_characters(&text), "{text:?}");
    // SQL-looking text is a name like any other, stored as typed.
    assert!(
        board
            .entries
            .iter()
            .any(|e| e.name == "'); DROP TABLE attempts;--"),
        "{text}"
    );
    let recap = app
        .engine
        .recap_preview(&member("g1", "NUL bytes"))
        .await
        .unwrap();
    let text = prepbot::wording::recap(&recap);
    assert!(!has_hidden_characters(&text), "{text:?}");
}

#[tokio::test]
async fn hostile_answers_reports_and_suggestions_are_stored_and_listed_cleaned() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    for (case, text) in HOSTILE {
        let card = app
            .engine
            .quiz(&ada, None, None, Mode::Flashcard)
            .await
            .unwrap();
        let check = app
            .engine
            .check_answer(&ada, card.id, text)
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_clear(case, &check.verdict);
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(Grade::Hard))
            .await
            .unwrap();
        let filed = app
            .engine
            .report(&ada, None, ReportReason::Other, Some(text))
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        let said = prepbot::wording::report_filed(&filed);
        assert!(!has_hidden_characters(&said), "{case}: {said:?}");
        let draft = Draft {
            topic: "llms".into(),
            difficulty: "easy".into(),
            question: format!("What does {text} mean here?"),
            answer: format!("It means {text}, as written."),
            key_points: vec![format!("{text} one"), format!("{text} two")],
        };
        match app.engine.suggest_question(&ada, &draft).await {
            Ok(_) => {}
            Err(error) => assert_clear(case, &error.to_string()),
        }
    }
    let workspace = support::workspace("g1");
    let reports = app.engine.open_reports(&workspace).await.unwrap();
    assert_eq!(reports.len(), HOSTILE.len());
    let listed = prepbot::wording::open_reports(&reports, "/prepbot close-report");
    assert!(!has_hidden_characters(&listed), "{listed:?}");
    assert!(listed.contains("'); DROP TABLE attempts;--"), "{listed}");
    let pending = app.engine.pending_questions(&workspace).await.unwrap();
    let listed = prepbot::wording::pending_questions(&pending, "Approve or reject.");
    assert!(!has_hidden_characters(&listed), "{listed:?}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM attempts").await,
        HOSTILE.len() as i64
    );
}

// ---- bank files -------------------------------------------------------------

#[test]
fn a_bank_file_that_is_not_utf8_is_refused_by_name_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("questions/vaes.toml", dir.path().join("vaes.toml")).unwrap();
    let mut bytes = std::fs::read("questions/llms.toml").unwrap();
    bytes.splice(40..40, [0xff, 0xfe, 0x00, 0xc3]);
    std::fs::write(dir.path().join("llms.toml"), bytes).unwrap();
    let errors = QuestionBank::load(dir.path()).unwrap_err();
    let shown: Vec<String> = errors
        .iter()
        .map(|e| {
            e.to_string()
                .replace(&dir.path().display().to_string(), "BANK")
        })
        .collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(shown[0].starts_with("BANK/llms.toml"), "{shown:?}");
    assert!(shown[0].contains("UTF-8"), "{shown:?}");
}

#[test]
fn hidden_characters_in_a_bank_are_refused_at_their_line_and_markup_or_sql_loads_as_text() {
    for (case, text) in HOSTILE {
        let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
        let escaped: String = escaped
            .chars()
            .map(|c| {
                if c.is_control() {
                    format!("\\u{:04X}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect();
        let file = format!(
            "[topic]\nid = \"llms\"\nname = \"LLMs {escaped}\"\ndescription = \"Large language models.\"\n\n\
             [[questions]]\nid = \"q-1\"\ndifficulty = \"easy\"\nquestion = \"What is {escaped}?\"\n\
             answer = \"A unit of text the model reads, often a subword.\"\n\
             key_points = [\"unit of text\", \"often a subword\"]\n"
        );
        let files = vec![prepbot::bank::SourceFile {
            path: "bank/llms.toml".to_owned(),
            text: file,
        }];
        match QuestionBank::from_files(&files) {
            Ok(bank) => {
                let question = &bank.questions()[0];
                let topic = &bank.topics()[0];
                for shown in [&question.question, &topic.name] {
                    assert!(!has_hidden_characters(shown), "{case}: {shown:?}");
                }
            }
            Err(errors) => {
                for error in errors.iter() {
                    let error = error.to_string();
                    assert_clear(case, &error);
                    assert!(error.starts_with("bank/llms.toml:"), "{case}: {error}");
                    assert!(error.contains("invisible character U+"), "{case}: {error}");
                }
            }
        }
    }
}
