//! An interview date: the countdown in `/streak`, `/review` and `/stats`,
//! new questions paced so every one of the interview's topics is seen
//! before the date, and `/review cram`, which must never lengthen the FSRS
//! schedule a plain review history would have.

mod support;

use chrono::Duration;
use prepbot::domain::Grade;
use prepbot::engine::{CramNext, GradeInput, ReviewNext, UserError};
use support::{member, spawn_app, spawn_app_with, utc};

/// The member's review cards as (question, due, stability, difficulty,
/// reps, lapses, state), for comparing two histories.
async fn schedule_of(app: &support::TestApp, name: &str) -> Vec<(String, String, f64, f64, i64)> {
    sqlx::query_as::<_, (String, String, f64, f64, i64)>(
        "SELECT r.question_id, r.due, r.stability, r.difficulty, r.reps * 10 + r.lapses
         FROM review_cards r JOIN members m ON m.id = r.member_id
         WHERE m.display_name = ? ORDER BY r.question_id",
    )
    .bind(name)
    .fetch_all(app.engine.store().pool())
    .await
    .unwrap()
}

/// Grades every due card `/review` offers with `grade`, leaving new ones
/// ungraded; returns how many were graded.
async fn review_due(app: &support::TestApp, who: &prepbot::engine::MemberRef) -> usize {
    let mut graded = 0;
    loop {
        match app.engine.review(who).await.unwrap() {
            ReviewNext::Card {
                card,
                is_new: false,
                ..
            } => {
                app.engine
                    .grade(who, card.id, GradeInput::Grade(Grade::Good))
                    .await
                    .unwrap();
                graded += 1;
            }
            _ => return graded,
        }
    }
}

#[tokio::test]
async fn the_countdown_shows_in_streak_review_and_stats_until_the_date_has_passed() {
    let app = spawn_app(utc("2026-12-01T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let set = app
        .engine
        .set_interview(&ada, "2026-12-11", Some("llms prompting"))
        .await
        .unwrap();
    assert_eq!(set.days_left, 10);
    assert_eq!(set.topics.len(), 2, "{:?}", set.topics);
    assert_eq!(set.unseen, 18, "10 llms and 8 prompting questions");

    let countdown = app.engine.interview_countdown(&ada).await.unwrap();
    assert_eq!(countdown, Some(set.clone()));
    let stats = app.engine.stats(&ada).await.unwrap();
    assert_eq!(stats.countdown.as_ref().map(|c| c.days_left), Some(10));
    assert!(prepbot::wording::stats(&stats).contains("Your interview is in 10 days"));
    let ReviewNext::Card { countdown, .. } = app.engine.review(&ada).await.unwrap() else {
        panic!("a new question")
    };
    assert_eq!(countdown.map(|c| c.days_left), Some(10));

    app.set_time(utc("2026-12-11T12:00:00Z"));
    let on_the_day = app.engine.interview_countdown(&ada).await.unwrap().unwrap();
    assert_eq!(on_the_day.days_left, 0);
    assert!(prepbot::wording::countdown(&on_the_day).contains("today"));

    app.set_time(utc("2026-12-12T12:00:00Z"));
    assert_eq!(app.engine.interview_countdown(&ada).await.unwrap(), None);
    assert_eq!(app.engine.stats(&ada).await.unwrap().countdown, None);
}

#[tokio::test]
async fn review_meets_every_question_of_the_interview_topics_before_the_date() {
    let app = spawn_app_with(utc("2026-12-01T12:00:00Z"), |settings| {
        settings.review.new_per_day = 2
    })
    .await;
    let ada = member("g1", "ada");
    // 18 questions, 4 study days (the 1st to the 4th): ceil(18 / 4) = 5 a
    // day, more than the usual 2.
    let set = app
        .engine
        .set_interview(&ada, "2026-12-05", Some("llms, prompting"))
        .await
        .unwrap();
    assert_eq!(set.new_per_day, 5);

    let mut per_day = Vec::new();
    for day in 0..4 {
        app.set_time(utc("2026-12-01T12:00:00Z") + Duration::days(day));
        let mut introduced = 0;
        while let ReviewNext::Card { card, is_new, .. } = app.engine.review(&ada).await.unwrap() {
            if is_new {
                assert!(
                    ["llms", "prompting"].contains(&card.topic_id.as_str()),
                    "day {day}: {} is not one of the interview's topics",
                    card.question_id
                );
                introduced += 1;
            }
            app.engine
                .grade(&ada, card.id, GradeInput::Grade(Grade::Easy))
                .await
                .unwrap();
        }
        per_day.push(introduced);
    }
    // The pace is worked out again each day from what is left: 8 unseen
    // over the last 2 days is 4 a day.
    assert_eq!(per_day, [5, 5, 4, 4]);
    let countdown = app.engine.interview_countdown(&ada).await.unwrap().unwrap();
    assert_eq!(countdown.unseen, 0, "every question seen before the date");
    assert!(prepbot::wording::countdown(&countdown).contains("/review cram"));

    // On the day, with the topics covered, the usual allowance goes on to
    // the rest of the bank.
    app.set_time(utc("2026-12-05T12:00:00Z"));
    let ReviewNext::Card { card, is_new, .. } = app.engine.review(&ada).await.unwrap() else {
        panic!("a card")
    };
    if is_new {
        assert!(!["llms", "prompting"].contains(&card.topic_id.as_str()));
    }
}

#[tokio::test]
async fn cram_grades_leave_the_fsrs_schedule_of_a_plain_history_unchanged() {
    let app = spawn_app_with(utc("2026-12-01T12:00:00Z"), |settings| {
        settings.review.new_per_day = 3
    })
    .await;
    let plain = member("g1", "plain");
    let crammer = member("g1", "crammer");
    // Day one: both meet the same three new questions and grade them alike.
    for who in [&plain, &crammer] {
        for _ in 0..3 {
            let ReviewNext::Card { card, is_new, .. } = app.engine.review(who).await.unwrap()
            else {
                panic!("a new question")
            };
            assert!(is_new);
            app.engine
                .grade(who, card.id, GradeInput::Grade(Grade::Good))
                .await
                .unwrap();
        }
    }
    assert_eq!(
        schedule_of(&app, "plain").await.len(),
        3,
        "three review cards each"
    );

    // Day two: the crammer sets a date and crams all three, twice over two
    // days, grading good and easy; the plain member does nothing.
    app.engine
        .set_interview(&crammer, "2026-12-20", None)
        .await
        .unwrap();
    for day in ["2026-12-02T12:00:00Z", "2026-12-03T12:00:00Z"] {
        app.set_time(utc(day));
        let mut crammed = 0;
        while let CramNext::Card { card, .. } = app.engine.cram(&crammer).await.unwrap() {
            let grade = if crammed % 2 == 0 {
                Grade::Good
            } else {
                Grade::Easy
            };
            let outcome = app
                .engine
                .grade(&crammer, card.id, GradeInput::Grade(grade))
                .await
                .unwrap();
            assert!(outcome.crammed);
            crammed += 1;
        }
        assert_eq!(crammed, 3, "each known question once a day");
    }
    assert_eq!(
        schedule_of(&app, "crammer").await,
        schedule_of(&app, "plain").await,
        "cramming changed nothing in the schedule"
    );

    // Then both follow the plain review schedule for a month: the due
    // dates stay identical.
    for day in 4..35 {
        app.set_time(utc("2026-12-01T12:00:00Z") + Duration::days(day));
        let graded_plain = review_due(&app, &plain).await;
        let graded_crammer = review_due(&app, &crammer).await;
        assert_eq!(graded_plain, graded_crammer, "day {day}");
    }
    assert_eq!(
        schedule_of(&app, "crammer").await,
        schedule_of(&app, "plain").await
    );
    // The cram practice itself is on record: six attempts more.
    let attempts = |name: &'static str| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM attempts a JOIN members m ON m.id = a.member_id
                 WHERE m.display_name = ?",
            )
            .bind(name)
            .fetch_one(app.engine.store().pool())
            .await
            .unwrap()
        }
    };
    assert_eq!(attempts("crammer").await, attempts("plain").await + 6);
}

#[tokio::test]
async fn a_question_missed_while_cramming_comes_due_at_once_with_its_memory_figures_kept() {
    let app = spawn_app(utc("2026-12-01T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let ReviewNext::Card { card, .. } = app.engine.review(&ada).await.unwrap() else {
        panic!("a new question")
    };
    app.engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    let before = schedule_of(&app, "ada").await;
    app.engine
        .set_interview(&ada, "2026-12-24", None)
        .await
        .unwrap();

    app.set_time(utc("2026-12-02T12:00:00Z"));
    let CramNext::Card { card, left, .. } = app.engine.cram(&ada).await.unwrap() else {
        panic!("the known question, ahead of schedule")
    };
    assert_eq!(left, 0);
    let outcome = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Again))
        .await
        .unwrap();
    assert!(prepbot::wording::outcome(&outcome, &[]).contains("due now"));
    let after = schedule_of(&app, "ada").await;
    assert_eq!(after[0].1, "2026-12-02T12:00:00.000Z", "due at once");
    assert_eq!(
        (after[0].2, after[0].3, after[0].4),
        (before[0].2, before[0].3, before[0].4),
        "stability, difficulty, reps and lapses as they were"
    );
    // Plain review now tests it properly, and only then does FSRS move it.
    let ReviewNext::Card { card, is_new, .. } = app.engine.review(&ada).await.unwrap() else {
        panic!("the missed question, due")
    };
    assert!(!is_new);
    app.engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Again))
        .await
        .unwrap();
    assert_eq!(schedule_of(&app, "ada").await[0].4, before[0].4 + 10 + 1);
}

#[tokio::test]
async fn cram_leaves_due_questions_to_review_and_serves_nothing_twice_a_day() {
    let app = spawn_app_with(utc("2026-12-01T12:00:00Z"), |settings| {
        settings.review.new_per_day = 2
    })
    .await;
    let ada = member("g1", "ada");
    // One question graded "again" (due tomorrow), one "easy" (due later).
    for grade in [Grade::Again, Grade::Easy] {
        let ReviewNext::Card { card, .. } = app.engine.review(&ada).await.unwrap() else {
            panic!("a new question")
        };
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(grade))
            .await
            .unwrap();
    }
    app.engine
        .set_interview(&ada, "2026-12-30", None)
        .await
        .unwrap();
    app.set_time(utc("2026-12-02T12:00:00Z"));
    let CramNext::Card { card, .. } = app.engine.cram(&ada).await.unwrap() else {
        panic!("the easy one, ahead of schedule")
    };
    assert_eq!(card.question_id.as_str(), "genai-002");
    app.engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    let CramNext::Nothing { due, countdown } = app.engine.cram(&ada).await.unwrap() else {
        panic!("nothing more today")
    };
    assert_eq!(due, 1, "the again card waits for /review");
    let text = prepbot::wording::cram_nothing(due, &countdown);
    assert!(text.contains("1 question is due now"), "{text}");
}

#[tokio::test]
async fn cram_needs_a_date_and_bad_dates_are_refused_with_the_reason() {
    let app = spawn_app(utc("2026-12-01T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let refused = app.engine.cram(&ada).await.unwrap_err();
    assert!(
        matches!(
            refused,
            prepbot::engine::EngineError::User(UserError::NoInterviewToCram)
        ),
        "{refused:?}"
    );
    for (typed, reason) in [
        ("2026-11-30", "already passed"),
        ("2031-01-01", "two years"),
        ("next friday", "YYYY-MM-DD"),
    ] {
        let refused = app
            .engine
            .set_interview(&ada, typed, None)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains(reason), "{typed}: {refused}");
    }
    let unknown = app
        .engine
        .set_interview(&ada, "2026-12-20", Some("transfomers"))
        .await
        .unwrap_err();
    assert!(unknown.to_string().contains("transformers"), "{unknown}");
    assert_eq!(app.engine.interview_countdown(&ada).await.unwrap(), None);

    app.engine
        .set_interview(&ada, "2026-12-20", None)
        .await
        .unwrap();
    let cleared = app
        .engine
        .interview_setting(&ada, "off", None)
        .await
        .unwrap();
    assert_eq!(cleared, prepbot::engine::InterviewSetting::Cleared(true));
    assert_eq!(app.engine.interview_countdown(&ada).await.unwrap(), None);
}
