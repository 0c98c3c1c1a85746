//! The daily question in `prepbot console`: set up, posted into the
//! terminal when it falls due, revealed and graded there.

mod support;

use std::sync::Arc;
use std::time::Duration;

use prepbot::config::DailySettings;
use prepbot::console::{Console, ConsolePoster};
use prepbot::scheduler::Scheduler;
use support::{spawn_app, utc};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// Reads the console's output until `needle` appears, and returns all of
/// it so far.
async fn read_until(output: &mut DuplexStream, seen: &mut String, needle: &str) -> String {
    let wait = async {
        while !seen.contains(needle) {
            let mut chunk = [0u8; 4096];
            let read = output.read(&mut chunk).await.expect("the console writes");
            assert!(
                read > 0,
                "the console closed before printing {needle:?}:\n{seen}"
            );
            seen.push_str(&String::from_utf8_lossy(&chunk[..read]));
        }
    };
    tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .unwrap_or_else(|_| panic!("no {needle:?} in:\n{seen}"));
    seen.clone()
}

#[tokio::test]
async fn the_console_shows_the_daily_question_when_it_falls_due_and_grades_it_as_daily_practice() {
    let app = spawn_app(utc("2026-11-28T08:30:00Z")).await;
    let (poster, events) = ConsolePoster::new();
    let scheduler = Scheduler::new(
        app.engine.clone(),
        Arc::new(poster),
        &DailySettings::default(),
    );
    let mut console = Console::new(app.engine.clone(), "ada", false).with_daily(events);
    let (mut keyboard, input) = tokio::io::duplex(4096);
    let (screen, mut output) = tokio::io::duplex(1 << 16);
    let session = tokio::spawn(async move { console.run(BufReader::new(input), screen).await });
    let mut seen = String::new();

    keyboard
        .write_all(b"/daily setup 09:00 UTC transformers\n")
        .await
        .unwrap();
    let text = read_until(&mut output, &mut seen, "before the deck repeats").await;
    assert!(
        text.contains("console: 09:00 UTC, transformers; next Sat 28 Nov 09:00 UTC (in 30 min); 8 questions left"),
        "{text}"
    );

    app.set_time(utc("2026-11-28T09:00:00Z"));
    let report = scheduler.tick(utc("2026-11-28T09:00:00Z")).await;
    assert_eq!(report.sent, 1);
    read_until(
        &mut output,
        &mut seen,
        "Daily question, Sat 28 Nov:\nTransformer Architecture · ",
    )
    .await;

    keyboard.write_all(b"/reveal\ngood\n/quit\n").await.unwrap();
    let text = read_until(&mut output, &mut seen, "Bye. Keep the streak going!").await;
    assert!(text.contains("Model answer:\n"), "{text}");
    assert!(text.contains("Graded good. +10 points."), "{text}");
    session.await.unwrap().unwrap();
}

#[tokio::test]
async fn in_the_console_the_admin_previews_queues_skips_pauses_and_resumes_the_daily_question() {
    let app = spawn_app(utc("2026-11-28T08:30:00Z")).await;
    let (poster, events) = ConsolePoster::new();
    let scheduler = Scheduler::new(
        app.engine.clone(),
        Arc::new(poster),
        &DailySettings::default(),
    );
    let mut console = Console::new(app.engine.clone(), "ada", false).with_daily(events);
    let (mut keyboard, input) = tokio::io::duplex(4096);
    let (screen, mut output) = tokio::io::duplex(1 << 16);
    let session = tokio::spawn(async move { console.run(BufReader::new(input), screen).await });
    let mut seen = String::new();
    let mut say = async |line: &str, needle: &str| {
        keyboard
            .write_all(format!("{line}\n").as_bytes())
            .await
            .unwrap();
        read_until(&mut output, &mut seen, needle).await
    };

    say("/daily setup 09:00 UTC", "before the deck repeats").await;
    let text = say("/daily preview", "as the deck stands now").await;
    assert!(
        text.contains(
            "The next 7 posts:\n  Sat 28 Nov 09:00 UTC  (decided when the deck is next shuffled)"
        ),
        "{text}"
    );
    say(
        "/daily queue genai-018 covered in class",
        "genai-018 is queued: it is the next daily question here, on Sat 28 Nov 09:00 UTC.",
    )
    .await;
    say(
        "/prepbot preview",
        "Sat 28 Nov 09:00 UTC  genai-018\n  Sun 29 Nov 09:00 UTC  genai-",
    )
    .await;
    say(
        "/prepbot skip",
        "Skipped the daily question of Sat 28 Nov 09:00 UTC: nothing is posted then; the next one comes Sun 29 Nov 09:00 UTC.",
    )
    .await;
    say(
        "/daily pause until 29/11",
        "`29/11` is not a date; write it as YYYY-MM-DD, such as 2026-12-24. For example /daily pause until 2026-12-24.",
    )
    .await;
    say(
        "/daily pause until 2026-11-29 holiday",
        "The daily question here is paused through Sun 29 Nov (no post on that day either); the next one comes Mon 30 Nov 09:00 UTC.",
    )
    .await;
    say(
        "/daily status",
        "paused by ada through Sun 29 Nov (holiday)",
    )
    .await;
    say(
        "/daily resume",
        "The daily question here is back: the next one comes Sun 29 Nov 09:00 UTC. The paused days are not made up.",
    )
    .await;

    // Saturday is skipped; Sunday posts the queued question.
    for at in ["2026-11-28T09:00:00Z", "2026-11-29T09:00:00Z"] {
        app.set_time(utc(at));
        scheduler.tick(utc(at)).await;
    }
    let text = read_until(&mut output, &mut seen, "then /reveal it").await;
    keyboard.write_all(b"/quit\n").await.unwrap();
    assert!(text.contains("Daily question, Sun 29 Nov:\n"), "{text}");
    assert!(!text.contains("Daily question, Sat 28 Nov"), "{text}");
    let posted = text.split("Daily question, Sun 29 Nov:\n").nth(1).unwrap();
    assert!(
        posted.lines().next().unwrap().contains("genai-018"),
        "{text}"
    );
    session.await.unwrap().unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM admin_actions").await,
        4,
        "queue, skip, pause and resume"
    );
}
