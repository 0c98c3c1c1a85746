//! A workspace's own questions: added by an admin or suggested by a member
//! and approved, checked by the bank's rules, then asked in that workspace
//! only — by quiz, daily deck and review — and exported as bank files.

mod support;

use std::collections::HashSet;
use std::io::Write as _;
use std::process::{Command, Stdio};

use chrono::Duration;
use prepbot::bank::Draft;
use prepbot::domain::{Grade, Mode};
use prepbot::engine::{
    DailySetup, EngineError, GradeInput, PostReceipt, QuestionStatus, ReviewNext, UserError,
};
use support::{member, spawn_app, utc};

fn draft() -> Draft {
    Draft {
        topic: "vaes".into(),
        difficulty: "medium".into(),
        question: "Why does a VAE add a KL term to its loss?".into(),
        answer: "It keeps the latent distribution close to the prior, so sampling works.".into(),
        key_points: vec![
            "latent close to the prior".into(),
            "sampling from the prior works".into(),
        ],
    }
}

#[tokio::test]
async fn a_suggestion_approved_is_drawn_by_quiz_on_its_topic_and_by_id_in_its_workspace_only() {
    let app = spawn_app(utc("2026-12-01T09:00:00Z")).await;
    let (ada, admin) = (member("g1", "ada"), member("g1", "root"));
    let outsider = member("g2", "bob");

    let suggested = app.engine.suggest_question(&ada, &draft()).await.unwrap();
    assert_eq!(suggested.id.as_str(), "ws-1");
    assert_eq!(suggested.status, QuestionStatus::Pending);
    // Pending: not asked yet.
    assert!(
        app.engine
            .quiz(&ada, Some("ws-1"), None, Mode::Flashcard)
            .await
            .is_err()
    );
    let pending = app.engine.pending_questions(&ada.workspace).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].suggested_by.as_deref(), Some("ada"));

    let approved = app.engine.approve_question(&admin, 1).await.unwrap();
    assert_eq!(approved.status, QuestionStatus::Approved);
    assert_eq!(approved.decided_by.as_deref(), Some("root"));
    assert!(
        app.engine
            .pending_questions(&ada.workspace)
            .await
            .unwrap()
            .is_empty()
    );

    let by_id = app.quiz(&ada, Some("ws-1")).await;
    assert_eq!(by_id.question, draft().question);
    assert_eq!(by_id.topic_id, "vaes");
    // The topic has three bank questions; the fourth draw is ours.
    let mut seen = HashSet::new();
    for _ in 0..4 {
        let card = app.quiz(&ada, Some("vaes")).await;
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
            .await
            .unwrap();
        seen.insert(card.question_id.to_string());
    }
    assert!(seen.contains("ws-1"), "{seen:?}");
    // The card reveals as any other, with nothing changed since.
    let reveal = app.engine.reveal(&ada, by_id.id).await.unwrap();
    assert_eq!(reveal.since, prepbot::engine::Since::Unchanged);

    // Another workspace never sees it.
    let error = app
        .engine
        .quiz(&outsider, Some("ws-1"), None, Mode::Flashcard)
        .await
        .unwrap_err();
    assert!(
        matches!(error, EngineError::User(UserError::UnknownTopic { .. })),
        "{error:?}"
    );
    for _ in 0..6 {
        let card = app.quiz(&outsider, Some("vaes")).await;
        assert_ne!(card.question_id.as_str(), "ws-1");
    }
}

/// Claims and sends the daily posts due at `at`, as (channel, question id).
async fn post_day(
    app: &support::TestApp,
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<(String, String)> {
    let engine = &app.engine;
    engine
        .claim_due_posts(at, Duration::hours(6))
        .await
        .unwrap();
    let mut out = Vec::new();
    for post in engine.unsent_posts(at).await.unwrap() {
        let receipt = PostReceipt {
            message_id: format!("m{}", post.post_id),
            thread_id: None,
        };
        engine.mark_post_sent(&post, &receipt, at).await.unwrap();
        out.push((post.channel_id, post.card.question_id.to_string()));
    }
    out
}

#[tokio::test]
async fn an_approved_question_joins_that_workspaces_daily_deck_and_never_anothers() {
    let app = spawn_app(utc("2026-12-01T06:00:00Z")).await;
    let (admin_a, admin_b) = (member("g1", "root"), member("g2", "boss"));
    for admin in [&admin_a, &admin_b] {
        let setup = DailySetup {
            channel_id: format!("c-{}", admin.workspace.external_id),
            schedule: "09:00".into(),
            timezone: Some("UTC".into()),
            topics: Some("vaes".into()),
            reveal_after_minutes: None,
        };
        app.engine.setup_daily(admin, &setup).await.unwrap();
    }
    // The first day's deck is dealt before the question exists.
    let mut posted: Vec<(String, String)> = Vec::new();
    let first = utc("2026-12-01T09:00:00Z");
    posted.extend(post_day(&app, first).await);
    app.engine.add_question(&admin_a, &draft()).await.unwrap();
    for n in 1..8 {
        let at = first + Duration::days(n);
        app.set_time(at);
        posted.extend(post_day(&app, at).await);
    }
    let in_a: Vec<&str> = posted
        .iter()
        .filter(|(c, _)| c == "c-g1")
        .map(|(_, q)| q.as_str())
        .collect();
    let in_b: Vec<&str> = posted
        .iter()
        .filter(|(c, _)| c == "c-g2")
        .map(|(_, q)| q.as_str())
        .collect();
    assert_eq!((in_a.len(), in_b.len()), (8, 8), "{posted:?}");
    // Joined the round under way: among the first four posts.
    assert!(in_a[..4].contains(&"ws-1"), "{in_a:?}");
    assert!(!in_b.contains(&"ws-1"), "{in_b:?}");
}

#[tokio::test]
async fn an_approved_question_joins_that_members_reviews() {
    let app = spawn_app(utc("2026-12-01T09:00:00Z")).await;
    let root = member("g1", "root");
    app.engine.add_question(&root, &draft()).await.unwrap();
    let card = app.quiz(&root, Some("ws-1")).await;
    app.engine
        .grade(&root, card.id, GradeInput::Grade(Grade::Again))
        .await
        .unwrap();
    app.set_time(utc("2026-12-03T09:00:00Z"));
    let ReviewNext::Card { card, is_new, .. } = app.engine.review(&root).await.unwrap() else {
        panic!("a card is due");
    };
    assert_eq!((card.question_id.as_str(), is_new), ("ws-1", false));
}

#[tokio::test]
async fn a_suggestion_refused_by_the_validator_says_what_the_validator_says() {
    let app = spawn_app(utc("2026-12-01T09:00:00Z")).await;
    let ada = member("g1", "ada");
    let mut bad = draft();
    bad.difficulty = "expert".into();
    bad.key_points.truncate(1);
    let error = app.engine.suggest_question(&ada, &bad).await.unwrap_err();
    let message = error.message_for_people("test");
    assert!(
        message.contains("difficulty: difficulty `expert` is not one of easy, medium, hard"),
        "{message}"
    );
    assert!(
        message.contains("key_points: `key_points` has 1 entry; a question needs 2 to 5"),
        "{message}"
    );
    let mut unknown = draft();
    unknown.topic = "cooking".into();
    let message = app
        .engine
        .suggest_question(&ada, &unknown)
        .await
        .unwrap_err()
        .message_for_people("test");
    assert!(
        message.contains("unknown topic `cooking`") && message.contains("transformers"),
        "{message}"
    );
    // Asking a bank question again is refused as the bank refuses it.
    let mut twin = draft();
    twin.question = app.quiz(&ada, Some("vaes")).await.question;
    let message = app
        .engine
        .suggest_question(&ada, &twin)
        .await
        .unwrap_err()
        .message_for_people("test");
    assert!(
        message.contains("the same question is already asked"),
        "{message}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM workspace_questions").await,
        0
    );
}

#[tokio::test]
async fn a_rejected_suggestion_is_never_asked() {
    let app = spawn_app(utc("2026-12-01T09:00:00Z")).await;
    let (ada, root) = (member("g1", "ada"), member("g1", "root"));
    app.engine.suggest_question(&ada, &draft()).await.unwrap();
    let rejected = app
        .engine
        .reject_question(&root, 1, Some("too close to vaes-002"))
        .await
        .unwrap();
    assert_eq!(rejected.status, QuestionStatus::Rejected);
    assert_eq!(
        rejected.reject_note.as_deref(),
        Some("too close to vaes-002")
    );
    let again = app.engine.approve_question(&root, 1).await.unwrap_err();
    assert_eq!(
        again.message_for_people("test"),
        "Question ws-1 is already rejected."
    );
    for _ in 0..8 {
        let card = app.quiz(&ada, Some("vaes")).await;
        assert_ne!(card.question_id.as_str(), "ws-1");
    }
    assert!(
        app.engine
            .workspace_questions(&ada.workspace)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_reload_keeps_workspace_questions() {
    let app = spawn_app(utc("2026-12-01T09:00:00Z")).await;
    let root = member("g1", "root");
    app.engine.add_question(&root, &draft()).await.unwrap();
    assert_eq!(app.quiz(&root, Some("ws-1")).await.topic_id, "vaes");
    app.engine.reload_bank().await.unwrap();
    let card = app.quiz(&root, Some("ws-1")).await;
    assert_eq!(card.question, draft().question);
    // A second question after the reload is numbered on.
    let mut second = draft();
    second.question = "What does the reparameterisation trick make possible?".into();
    let added = app.engine.add_question(&root, &second).await.unwrap();
    assert_eq!(added.id.as_str(), "ws-2");
    assert_eq!(
        app.engine
            .workspace_questions(&root.workspace)
            .await
            .unwrap()
            .len(),
        2
    );
}

/// Runs the console binary with `script` on stdin, on `database`.
fn console(database: &std::path::Path, script: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["console", "--name", "ada"])
        .env("PREPBOT__DATABASE__PATH", database)
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

#[test]
fn the_console_adds_suggests_approves_and_quizzes_workspace_questions() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    let stdout = console(
        &database,
        "/add vaes | medium | Why does a VAE add a KL term? | It keeps the latent close to the prior. | latent near the prior; sampling works\n\
         /suggest vaes | easy | What is a latent space? | A compressed space the decoder maps back from. | compressed; decoded back\n\
         /suggest vaes | expert | What? | Nothing. | one\n\
         /add vaes | easy | too few parts\n\
         /pending\n\
         /approve ws-2\n\
         /quiz ws-2\n\
         /reveal\n\
         /quiz ws-1\n\
         /reject 9\n\
         /quit\n",
    );
    let expected = [
        "Added ws-1 to vaes (medium)",
        "your question is suggestion ws-2 (vaes, easy)",
        "That question cannot be added:\n- difficulty: difficulty `expert` is not one of easy, medium, hard",
        "/add needs five parts separated by `|` (you wrote 3)",
        "1 suggestion waiting:\nws-2 · vaes · easy · by ada",
        "Approved ws-2 (vaes)",
        "What is a latent space?",
        "A compressed space the decoder maps back from.",
        "Why does a VAE add a KL term?",
        "There is no question ws-9 here",
    ];
    let mut from = 0;
    for piece in expected {
        let found = stdout[from..]
            .find(piece)
            .unwrap_or_else(|| panic!("{piece:?} not found after byte {from} in:\n{stdout}"));
        from += found + piece.len();
    }
}

#[test]
fn exported_workspace_questions_pass_bank_check() {
    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("console.db");
    console(
        &database,
        "/add vaes | medium | Why does a VAE add a KL term? | It keeps the latent \"close\" to the prior. | latent near the prior; sampling works\n\
         /add ethics | easy | What is a chunk? | A piece of a document, embedded on its own. | piece of a document; embedded on its own\n\
         /quit\n",
    );
    let out = folder.path().join("exported");
    let export = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["bank", "export", "--workspace", "console"])
        .arg(&out)
        .env("PREPBOT__DATABASE__PATH", &database)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&export.stdout);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(stdout.contains("Wrote 2 questions in 2 files"), "{stdout}");
    let check = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["bank", "check"])
        .arg(&out)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        report.contains("2 questions in 2 topics, all valid"),
        "{report}"
    );
    let vaes = std::fs::read_to_string(out.join("vaes.toml")).unwrap();
    assert!(vaes.contains("id = \"vaes-ws1\""), "{vaes}");

    let unknown = Command::new(env!("CARGO_BIN_EXE_prepbot"))
        .args(["bank", "export", "--workspace", "nowhere"])
        .arg(&out)
        .env("PREPBOT__DATABASE__PATH", &database)
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no workspace `nowhere`"));
}
