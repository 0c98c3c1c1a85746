//! The bank reloaded while prepbot runs: a bank with faults is refused and
//! the old one keeps serving, a good one swaps in whole, and every card
//! keeps the text it showed.

mod support;

use std::path::Path;
use std::sync::Arc;

use prepbot::domain::{Grade, Mode};
use prepbot::engine::{GradeInput, Since};
use support::{TestApp, member, spawn_app_with, utc};

/// Writes a topic file `{topic}.toml` holding `questions` as (id, answer).
fn write_topic(dir: &Path, topic: &str, questions: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    let mut text = format!(
        "[topic]\nid = \"{topic}\"\nname = \"{topic} questions\"\ndescription = \"About {topic}.\"\n"
    );
    for (id, answer) in questions {
        text += &format!(
            "\n[[questions]]\nid = \"{id}\"\ndifficulty = \"easy\"\nquestion = \"What is {id}?\"\n\
             answer = \"{answer}\"\nkey_points = [\"point of {id}\", \"detail of {id}\"]\n"
        );
    }
    std::fs::write(dir.join(format!("{topic}.toml")), text).unwrap();
}

async fn app_on(bank: &Path) -> TestApp {
    let bank = bank.to_path_buf();
    spawn_app_with(utc("2026-12-01T12:00:00Z"), move |s| {
        s.bank.questions_dir = bank
    })
    .await
}

#[tokio::test]
async fn a_bank_with_faults_is_refused_with_each_fault_and_the_old_bank_keeps_answering() {
    let bank = tempfile::tempdir().unwrap();
    write_topic(bank.path(), "llms", &[("q-1", "One."), ("q-2", "Two.")]);
    let app = app_on(bank.path()).await;
    let ada = member("g1", "ada");

    std::fs::write(
        bank.path().join("llms.toml"),
        "[topic]\nid = \"llms\"\nname = \"LLMs\"\ndescription = \"x\"\n\n[[questions]]\nid = \"q-1\"\n",
    )
    .unwrap();
    let errors = app.engine.reload_bank().await.unwrap_err();

    let text = prepbot::wording::bank_refused(&errors);
    assert!(
        text.contains("llms.toml:"),
        "faults name the file and line: {text}"
    );
    assert!(
        text.contains("the questions in use stay as they were"),
        "{text}"
    );
    assert_eq!(app.engine.bank().questions().len(), 2);
    let card = app
        .engine
        .quiz(&ada, Some("llms"), None, Mode::Flashcard)
        .await
        .unwrap();
    assert!(card.question.starts_with("What is q-"), "{card:?}");
}

#[tokio::test]
async fn a_changed_answer_reaches_the_next_card_while_an_older_card_shows_what_it_showed() {
    let bank = tempfile::tempdir().unwrap();
    write_topic(bank.path(), "llms", &[("q-1", "The old answer.")]);
    let app = app_on(bank.path()).await;
    let ada = member("g1", "ada");
    let old_card = app.engine.quiz_question(&ada, "q-1").await.unwrap();

    write_topic(bank.path(), "llms", &[("q-1", "The corrected answer.")]);
    let changes = app.engine.reload_bank().await.unwrap();
    assert_eq!(changes.changed, vec!["q-1".to_owned()]);
    assert_eq!(
        prepbot::wording::bank_changes(&changes),
        "Reloaded the question bank: 1 question now.\nChanged: q-1."
    );

    let before = app.engine.reveal(&ada, old_card.id).await.unwrap();
    assert_eq!(before.answer, "The old answer.");
    assert_eq!(before.since, Since::Changed);
    assert!(
        prepbot::wording::since_note(before.since)
            .unwrap()
            .contains("this is what you saw")
    );

    let new_card = app.engine.quiz_question(&ada, "q-1").await.unwrap();
    let after = app.engine.reveal(&ada, new_card.id).await.unwrap();
    assert_eq!(after.answer, "The corrected answer.");
    assert_eq!(after.since, Since::Unchanged);
    assert_eq!(prepbot::wording::since_note(after.since), None);
}

#[tokio::test]
async fn a_removed_question_stays_readable_and_gradable_on_the_card_that_showed_it() {
    let bank = tempfile::tempdir().unwrap();
    write_topic(bank.path(), "llms", &[("q-1", "One."), ("q-2", "Two.")]);
    let app = app_on(bank.path()).await;
    let ada = member("g1", "ada");
    let card = app.engine.quiz_question(&ada, "q-2").await.unwrap();

    write_topic(bank.path(), "llms", &[("q-1", "One.")]);
    let changes = app.engine.reload_bank().await.unwrap();
    assert_eq!(changes.removed, vec!["q-2".to_owned()]);

    let reveal = app.engine.reveal(&ada, card.id).await.unwrap();
    assert_eq!(reveal.question, "What is q-2?");
    assert_eq!(reveal.answer, "Two.");
    assert_eq!(reveal.since, Since::Removed);
    let outcome = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    assert_eq!(outcome.streak.current, 1, "practice on it still counts");
    for _ in 0..20 {
        let drawn = app
            .engine
            .quiz(&ada, None, None, Mode::Flashcard)
            .await
            .unwrap();
        assert_eq!(
            drawn.question_id.as_str(),
            "q-1",
            "a removed question is never drawn"
        );
    }
    assert!(app.engine.quiz_question(&ada, "q-2").await.is_err());
}

#[tokio::test]
async fn a_question_that_moves_topic_takes_its_review_card_with_it() {
    let bank = tempfile::tempdir().unwrap();
    write_topic(bank.path(), "llms", &[("q-1", "One."), ("q-2", "Two.")]);
    write_topic(bank.path(), "rag", &[("q-3", "Three.")]);
    let app = app_on(bank.path()).await;
    let ada = member("g1", "ada");
    let card = app.engine.quiz_question(&ada, "q-2").await.unwrap();
    app.engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Again))
        .await
        .unwrap();

    write_topic(bank.path(), "llms", &[("q-1", "One.")]);
    write_topic(bank.path(), "rag", &[("q-3", "Three."), ("q-2", "Two.")]);
    let changes = app.engine.reload_bank().await.unwrap();
    assert_eq!(changes.moved, vec!["q-2".to_owned()]);

    let stats = app.engine.stats(&ada).await.unwrap();
    let rag = stats.topics.iter().find(|t| t.topic_id == "rag").unwrap();
    assert_eq!(
        rag.practised, 1,
        "the attempt on q-2 now counts under rag: {stats:?}"
    );
    let llms = stats.topics.iter().find(|t| t.topic_id == "llms").unwrap();
    assert_eq!(llms.practised, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloading_during_two_hundred_concurrent_quizzes_loses_or_fails_none_of_them() {
    let bank = tempfile::tempdir().unwrap();
    let questions: Vec<(String, String)> = (1..=30)
        .map(|n| (format!("q-{n}"), format!("Answer {n}.")))
        .collect();
    let refs: Vec<(&str, &str)> = questions
        .iter()
        .map(|(i, a)| (i.as_str(), a.as_str()))
        .collect();
    write_topic(bank.path(), "llms", &refs);
    let app = Arc::new(app_on(bank.path()).await);

    let quizzes: Vec<_> = (0..200)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let who = member("g1", &format!("member-{}", n % 40));
                app.engine
                    .quiz(&who, Some("llms"), None, Mode::Flashcard)
                    .await
            })
        })
        .collect();
    for round in 0..10 {
        let answer = format!("Revised {round}.");
        write_topic(
            bank.path(),
            "llms",
            &[("q-1", answer.as_str()), ("q-2", "Two.")],
        );
        let _ = app.engine.reload_bank().await.unwrap();
        write_topic(bank.path(), "llms", &refs);
        let _ = app.engine.reload_bank().await.unwrap();
    }

    let mut drawn = 0;
    for quiz in quizzes {
        let card = quiz
            .await
            .expect("no quiz panicked")
            .expect("no quiz failed");
        assert!(card.question.starts_with("What is q-"));
        drawn += 1;
    }
    assert_eq!(drawn, 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM cards").await, 200);
}

/// The console binary on `bank`, driven line by line: each step's input is
/// sent once the output so far contains what the step waits for.
fn console_steps(bank: &Path, steps: &[(&str, &dyn Fn(), &str)]) -> (String, String) {
    use std::io::{BufRead, BufReader, Read, Write};
    let folder = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["console", "--name", "ada"])
        .env("PREPBOT__DATABASE__PATH", folder.path().join("c.db"))
        .env("PREPBOT__BANK__QUESTIONS_DIR", bank)
        .env("RUST_LOG", "info")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("prepbot starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    for (wait_for, then, send) in steps {
        while !seen.contains(wait_for) {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap() == 0 {
                panic!("the console ended before `{wait_for}`:\n{seen}");
            }
            seen += &line;
        }
        then();
        if *send == "HUP" {
            let status = std::process::Command::new("kill")
                .args(["-HUP", &child.id().to_string()])
                .status()
                .unwrap();
            assert!(status.success());
        } else {
            stdin.write_all(send.as_bytes()).unwrap();
            stdin.flush().unwrap();
        }
    }
    drop(stdin);
    stdout.read_to_string(&mut seen).unwrap();
    let mut logs = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(child.wait().unwrap().success(), "{logs}");
    (seen, logs)
}

#[test]
fn the_console_reloads_the_bank_refuses_a_broken_one_and_shows_an_old_card_as_it_was() {
    let bank = tempfile::tempdir().unwrap();
    write_topic(
        bank.path(),
        "llms",
        &[("q-1", "The old answer."), ("q-2", "Two.")],
    );
    let path = bank.path().to_path_buf();
    let change = || {
        write_topic(
            &path,
            "llms",
            &[("q-1", "The corrected answer."), ("q-2", "Two.")],
        )
    };
    let break_it = || std::fs::write(path.join("llms.toml"), "[topic]\nid = \"llms\"\n").unwrap();
    let nothing = || {};

    let (out, _) = console_steps(
        bank.path(),
        &[
            ("Type /quiz", &nothing, "/quiz q-1\n"),
            ("What is q-1?", &change, "/reload\n"),
            ("Changed: q-1.", &nothing, "/reveal\n"),
            ("this is what you saw", &break_it, "/reload\n"),
            (
                "The bank was not reloaded",
                &nothing,
                "/quiz q-1\n/reveal\n/quit\n",
            ),
        ],
    );

    assert!(
        out.contains("Reloaded the question bank: 2 questions now.\nChanged: q-1."),
        "{out}"
    );
    let after_reload = &out[out.find("Changed: q-1.").unwrap()..];
    assert!(
        after_reload.contains("The old answer."),
        "the old card shows what it showed: {out}"
    );
    assert!(
        out.contains("llms.toml:1:1: [topic]: missing key `name`"),
        "the fault is named with its file and line: {out}"
    );
    let last = &out[out.rfind("The bank was not reloaded").unwrap()..];
    assert!(
        last.contains("The corrected answer."),
        "the last good bank keeps serving: {out}"
    );
}

#[cfg(unix)]
#[test]
fn sighup_reloads_the_bank_of_a_running_console() {
    let bank = tempfile::tempdir().unwrap();
    write_topic(bank.path(), "llms", &[("q-1", "One.")]);
    let path = bank.path().to_path_buf();
    let add = || write_topic(&path, "llms", &[("q-1", "One."), ("q-2", "Two.")]);
    let pause = || std::thread::sleep(std::time::Duration::from_millis(500));

    let (out, logs) = console_steps(
        bank.path(),
        &[
            ("Type /quiz", &add, "HUP"),
            ("", &pause, "/quiz q-2\n/quit\n"),
        ],
    );
    assert!(
        logs.contains("SIGHUP: Reloaded the question bank: 2 questions now. Added: q-2."),
        "{logs}"
    );
    assert!(out.contains("What is q-2?"), "{out}");
}
