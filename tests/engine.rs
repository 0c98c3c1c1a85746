//! The engine's use cases against a real SQLite file each: quizzes,
//! reveals, answer checks, grades, points, leaderboards, stats and reviews.

mod support;

use std::collections::HashSet;

use prepbot::domain::{Difficulty, Grade, Mode};
use prepbot::engine::{
    CardId, EngineError, GradeInput, Period, QUIZ_POINTS, QUIZ_WRONG_CHOICE_POINTS, RankBy,
    ReviewNext, UserError,
};
use support::{member, spawn_app, spawn_app_with, utc, workspace};

fn user_error(result: Result<impl std::fmt::Debug, EngineError>) -> UserError {
    match result {
        Err(EngineError::User(error)) => error,
        other => panic!("expected a user error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_quiz_on_a_topic_alias_draws_a_question_of_that_topic() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = app.quiz(&ada, Some("Attention")).await;
    assert_eq!(card.topic_id, "transformers");
    assert_eq!(card.topic_name, "Transformer Architecture");
    assert!(card.question_id.as_str().starts_with("genai-0"));
    assert!(card.options.is_empty(), "a flashcard has no options");
}

#[tokio::test]
async fn a_misspelt_topic_is_refused_with_the_nearest_suggestion() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let error = user_error(
        app.engine
            .quiz(
                &member("g1", "ada"),
                Some("transfomers"),
                None,
                Mode::Flashcard,
            )
            .await,
    );
    assert_eq!(
        error.to_string(),
        "No topic `transfomers`. Did you mean `transformers`?"
    );
    let error = user_error(
        app.engine
            .quiz(
                &member("g1", "ada"),
                Some("tarnsformers"),
                None,
                Mode::Flashcard,
            )
            .await,
    );
    assert_eq!(
        error.to_string(),
        "No topic `tarnsformers`. Did you mean `transformers`?"
    );
    let error = user_error(
        app.engine
            .quiz(&member("g1", "ada"), Some("cooking"), None, Mode::Flashcard)
            .await,
    );
    assert_eq!(
        error.to_string(),
        "No topic `cooking`. Type /topics to see them all."
    );
}

#[tokio::test]
async fn a_difficulty_with_no_questions_says_which_difficulties_exist() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let error = user_error(
        app.engine
            .quiz(
                &ada,
                Some("transformers"),
                Some(Difficulty::Hard),
                Mode::Flashcard,
            )
            .await,
    );
    assert_eq!(
        error.to_string(),
        "There are no hard questions in `transformers`. Try easy or medium ones."
    );
    let card = app
        .engine
        .quiz(
            &ada,
            Some("transformers"),
            Some(Difficulty::Easy),
            Mode::Flashcard,
        )
        .await
        .unwrap();
    assert_eq!(card.difficulty, Difficulty::Easy);
}

#[tokio::test]
async fn quizzes_do_not_repeat_a_question_until_the_topic_is_used_up() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let mut seen = HashSet::new();
    for _ in 0..8 {
        let card = app.quiz(&ada, Some("transformers")).await;
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
            .await
            .unwrap();
        app.clock.advance(chrono::Duration::minutes(1));
        assert!(
            seen.insert(card.question_id.clone()),
            "{} came back early",
            card.question_id
        );
    }
    assert_eq!(seen.len(), 8, "transformers has 8 questions");
    // The ninth draw starts over with the one practised longest ago.
    let ninth = app.quiz(&ada, Some("transformers")).await;
    assert!(seen.contains(&ninth.question_id));
}

#[tokio::test]
async fn choice_cards_offer_four_different_options_one_of_them_right() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    for topic in ["vaes", "transformers", "deployment", "code-generation"] {
        let card = app
            .engine
            .quiz(&ada, Some(topic), None, Mode::Choice)
            .await
            .unwrap();
        assert_eq!(card.options.len(), 4, "{topic}");
        let distinct: HashSet<&String> = card.options.iter().collect();
        assert_eq!(distinct.len(), 4, "{topic}: {:?}", card.options);
        let reveal = app.engine.reveal(&ada, card.id).await.unwrap();
        let right = reveal
            .correct_option
            .expect("a choice card knows its answer");
        let written = app
            .engine
            .bank()
            .question(&card.question_id)
            .and_then(|q| q.options.clone())
            .expect("every shipped question has written options");
        assert_eq!(card.options[right], written.right, "{topic}");
        for wrong in &written.wrong {
            assert!(card.options.contains(wrong), "{topic}: {wrong}");
        }
        // The options are fixed on the card: a second reveal shows the same.
        assert_eq!(
            app.engine.reveal(&ada, card.id).await.unwrap().options,
            card.options
        );
    }
}

#[tokio::test]
async fn a_reveal_shows_the_model_answer_and_its_key_points() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = app.quiz(&ada, Some("vae")).await;
    let question = app
        .engine
        .bank()
        .question(&card.question_id)
        .unwrap()
        .clone();
    let reveal = app.engine.reveal(&ada, card.id).await.unwrap();
    assert_eq!(reveal.question, question.question);
    assert_eq!(reveal.answer, question.answer);
    assert_eq!(reveal.key_points, question.key_points);
    assert_eq!(reveal.correct_option, None);
}

#[tokio::test]
async fn a_typed_answer_is_checked_against_each_key_point() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = loop {
        let card = app.quiz(&ada, Some("transformers")).await;
        if card.question_id.as_str() == "genai-019" {
            break card;
        }
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
            .await
            .unwrap();
    };
    let recorded_before = app.count("SELECT COUNT(*) FROM attempts").await;
    let check = app
        .engine
        .check_answer(
            &ada,
            card.id,
            "Several heads run in parallel and their outputs get concatenated.",
        )
        .await
        .unwrap();
    let covered: Vec<bool> = check.matches.iter().map(|m| m.covered).collect();
    let expected: Vec<bool> = check
        .matches
        .iter()
        .map(|m| {
            [
                "several attention heads in parallel",
                "outputs concatenated",
                "output projection after concatenation",
            ]
            .contains(&m.key_point.as_str())
        })
        .collect();
    assert_eq!(covered, expected, "{:?}", check.matches);
    assert_eq!(check.covered, 3);
    assert_eq!(
        check.verdict,
        format!(
            "You covered 3 of {} key points; the model answer shows the rest.",
            check.matches.len()
        )
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM attempts").await,
        recorded_before,
        "checking records nothing"
    );
}

#[tokio::test]
async fn an_answer_over_2000_characters_or_empty_is_refused() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = app.quiz(&ada, None).await;
    let error = user_error(
        app.engine
            .check_answer(&ada, card.id, &"x".repeat(2_001))
            .await,
    );
    assert_eq!(
        error.to_string(),
        "Your answer is 2001 characters long; keep it to 2000 or fewer."
    );
    assert!(
        app.engine
            .check_answer(&ada, card.id, &"x".repeat(2_000))
            .await
            .is_ok()
    );
    assert_eq!(
        user_error(app.engine.check_answer(&ada, card.id, "   ").await),
        UserError::EmptyAnswer
    );
}

#[tokio::test]
async fn grading_records_the_attempt_points_streak_and_next_review() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let outcome = app.practise(&ada, Grade::Good).await;
    assert!(!outcome.already_graded);
    assert_eq!(outcome.points, QUIZ_POINTS);
    assert_eq!(outcome.streak.current, 1);
    assert!(outcome.streak.practised_today);
    assert!(outcome.next_review > chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM review_cards").await, 1);
    assert_eq!(
        app.count("SELECT points FROM period_points WHERE period = 'all'")
            .await,
        QUIZ_POINTS
    );
}

#[tokio::test]
async fn grading_the_same_card_twice_counts_once() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = app.quiz(&ada, None).await;
    let first = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    let second = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Easy))
        .await
        .unwrap();
    assert!(!first.already_graded);
    assert!(second.already_graded);
    assert_eq!(
        second.grade,
        Grade::Good,
        "the repeat reports the first grade"
    );
    assert_eq!(second.points, first.points);
    assert_eq!(second.streak.current, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 1);
    assert_eq!(
        app.count("SELECT SUM(points) FROM period_points WHERE period = 'all'")
            .await,
        QUIZ_POINTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_grades_of_one_card_at_the_same_moment_count_exactly_once() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    // Make the member known first, as a real double click would find them.
    app.engine.streak(&ada).await.unwrap();
    for round in 0..20 {
        let card = app.quiz(&ada, None).await;
        let (engine_a, engine_b) = (app.engine.clone(), app.engine.clone());
        let (who_a, who_b) = (ada.clone(), ada.clone());
        let first = tokio::spawn(async move {
            engine_a
                .grade(&who_a, card.id, GradeInput::Grade(Grade::Good))
                .await
        });
        let second = tokio::spawn(async move {
            engine_b
                .grade(&who_b, card.id, GradeInput::Grade(Grade::Hard))
                .await
        });
        let outcomes = [
            first.await.unwrap().unwrap(),
            second.await.unwrap().unwrap(),
        ];
        let counted = outcomes.iter().filter(|o| !o.already_graded).count();
        assert_eq!(counted, 1, "round {round}: {outcomes:?}");
        let attempts = app
            .count(&format!(
                "SELECT COUNT(*) FROM attempts WHERE card_id = {}",
                card.id
            ))
            .await;
        assert_eq!(attempts, 1, "round {round}");
    }
    let points = app
        .count("SELECT points FROM period_points WHERE period = 'all'")
        .await;
    let earned = app.count("SELECT SUM(points) FROM attempts").await;
    assert_eq!(points, earned, "the tally matches the attempts");
}

#[tokio::test]
async fn a_quiz_question_earns_points_only_the_first_time() {
    let app = spawn_app_with(utc("2026-11-28T12:00:00Z"), |_| {}).await;
    let ada = member("g1", "ada");
    // vaes has three questions; the fourth draw repeats one.
    let mut points = Vec::new();
    for _ in 0..4 {
        let card = app.quiz(&ada, Some("vaes")).await;
        points.push(
            app.engine
                .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
                .await
                .unwrap()
                .points,
        );
        app.clock.advance(chrono::Duration::minutes(1));
    }
    assert_eq!(points, [QUIZ_POINTS, QUIZ_POINTS, QUIZ_POINTS, 0]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM attempts").await,
        4,
        "the repeat is still recorded"
    );
}

/// Draws a choice card on `topic` and returns it with its right option.
async fn choice_card(
    app: &support::TestApp,
    who: &prepbot::engine::MemberRef,
    topic: &str,
) -> (CardId, usize) {
    let card = app
        .engine
        .quiz(who, Some(topic), None, Mode::Choice)
        .await
        .unwrap();
    let right = app
        .engine
        .reveal(who, card.id)
        .await
        .unwrap()
        .correct_option
        .unwrap();
    (card.id, right)
}

#[tokio::test]
async fn a_wrong_pick_on_a_choice_card_earns_fewer_points_and_grades_again() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let (card, right) = choice_card(&app, &ada, "gans").await;
    let outcome = app
        .engine
        .grade(&ada, card, GradeInput::Choice((right + 1) % 4))
        .await
        .unwrap();
    assert_eq!(outcome.correct, Some(false));
    assert_eq!(outcome.correct_option, Some(right));
    assert_eq!(outcome.grade, Grade::Again);
    assert_eq!(outcome.points, QUIZ_WRONG_CHOICE_POINTS);

    let (card, right) = choice_card(&app, &ada, "gans").await;
    let outcome = app
        .engine
        .grade(&ada, card, GradeInput::Choice(right))
        .await
        .unwrap();
    assert_eq!(
        (outcome.correct, outcome.grade, outcome.points),
        (Some(true), Grade::Good, QUIZ_POINTS)
    );
}

#[tokio::test]
async fn picks_that_do_not_fit_the_card_are_refused_and_record_nothing() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let flashcard = app.quiz(&ada, None).await;
    assert_eq!(
        user_error(
            app.engine
                .grade(&ada, flashcard.id, GradeInput::Choice(0))
                .await
        ),
        UserError::NotAChoiceCard
    );
    let choice = app
        .engine
        .quiz(&ada, None, None, Mode::Choice)
        .await
        .unwrap();
    let error = user_error(
        app.engine
            .grade(&ada, choice.id, GradeInput::Choice(4))
            .await,
    );
    assert_eq!(error.to_string(), "Pick one of the options A, B, C, D.");
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 0);
}

#[tokio::test]
async fn a_card_from_another_workspace_or_one_that_never_existed_is_refused() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let eve = member("g2", "eve");
    let card = app.quiz(&ada, None).await;
    assert_eq!(
        user_error(
            app.engine
                .grade(&eve, card.id, GradeInput::Grade(Grade::Easy))
                .await
        ),
        UserError::UnknownCard
    );
    assert_eq!(
        user_error(app.engine.reveal(&eve, card.id).await),
        UserError::UnknownCard
    );
    assert_eq!(
        user_error(app.engine.reveal(&ada, CardId(9_999)).await),
        UserError::UnknownCard
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 0);
}

#[tokio::test]
async fn another_member_may_practise_a_card_shown_in_their_own_channel() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let (ada, bob) = (member("g1", "ada"), member("g1", "bob"));
    let card = app.quiz(&ada, None).await;
    let graded_by_bob = app
        .engine
        .grade(&bob, card.id, GradeInput::Grade(Grade::Hard))
        .await
        .unwrap();
    let graded_by_ada = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    assert!(!graded_by_bob.already_graded && !graded_by_ada.already_graded);
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 2);
}

#[tokio::test]
async fn the_points_board_ranks_members_shares_ties_and_leaves_out_those_who_opted_out() {
    let app = spawn_app(utc("2026-11-25T12:00:00Z")).await; // a Wednesday
    let (ada, bob, cy, dee) = (
        member("g1", "ada"),
        member("g1", "bob"),
        member("g1", "cy"),
        member("g1", "dee"),
    );
    for _ in 0..3 {
        app.practise(&ada, Grade::Good).await;
    }
    for _ in 0..2 {
        app.practise(&bob, Grade::Again).await;
        app.practise(&cy, Grade::Easy).await;
    }
    app.practise(&dee, Grade::Good).await;
    app.engine
        .set_leaderboard_opt_out(&dee, true)
        .await
        .unwrap();
    let other_server = member("g2", "zed");
    for _ in 0..5 {
        app.practise(&other_server, Grade::Good).await;
    }

    let board = app
        .engine
        .leaderboard(&workspace("g1"), Period::Week, RankBy::Points, 10)
        .await
        .unwrap();
    let rows: Vec<(u32, &str, i64)> = board
        .entries
        .iter()
        .map(|e| (e.rank, e.name.as_str(), e.value))
        .collect();
    assert_eq!(rows, [(1, "ada", 15), (2, "bob", 10), (2, "cy", 10)]);

    let top = app
        .engine
        .leaderboard(&workspace("g1"), Period::All, RankBy::Points, 1)
        .await
        .unwrap();
    assert_eq!(top.entries.len(), 1);
    let nobody = app
        .engine
        .leaderboard(&workspace("never-seen"), Period::All, RankBy::Points, 10)
        .await
        .unwrap();
    assert!(nobody.entries.is_empty());
}

#[tokio::test]
async fn a_new_week_starts_an_empty_weekly_board_while_month_and_all_time_keep_counting() {
    let app = spawn_app(utc("2026-11-22T12:00:00Z")).await; // Sunday
    let ada = member("g1", "ada");
    app.practise(&ada, Grade::Good).await;
    app.set_time(utc("2026-11-23T12:00:00Z")); // Monday
    let week = app
        .engine
        .leaderboard(&workspace("g1"), Period::Week, RankBy::Points, 10)
        .await
        .unwrap();
    assert!(week.entries.is_empty(), "{week:?}");
    let month = app
        .engine
        .leaderboard(&workspace("g1"), Period::Month, RankBy::Points, 10)
        .await
        .unwrap();
    assert_eq!(month.entries[0].value, QUIZ_POINTS);
    app.set_time(utc("2026-12-01T12:00:00Z"));
    let month = app
        .engine
        .leaderboard(&workspace("g1"), Period::Month, RankBy::Points, 10)
        .await
        .unwrap();
    assert!(month.entries.is_empty());
    let all = app
        .engine
        .leaderboard(&workspace("g1"), Period::All, RankBy::Points, 10)
        .await
        .unwrap();
    assert_eq!(all.entries[0].value, QUIZ_POINTS);
}

#[tokio::test]
async fn the_streak_board_shows_live_streaks_only() {
    let app = spawn_app(utc("2026-11-20T12:00:00Z")).await;
    let (ada, bob) = (member("g1", "ada"), member("g1", "bob"));
    for day in 20..=27 {
        app.set_time(utc(&format!("2026-11-{day}T12:00:00Z")));
        app.practise(&ada, Grade::Good).await;
        if day <= 24 {
            app.practise(&bob, Grade::Good).await;
        }
    }
    // Bob's five days ended on the 24th, and he has no freeze; on the 28th
    // only Ada's streak is live.
    app.set_time(utc("2026-11-28T12:00:00Z"));
    let board = app
        .engine
        .leaderboard(&workspace("g1"), Period::All, RankBy::Streak, 10)
        .await
        .unwrap();
    let rows: Vec<(&str, i64)> = board
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e.value))
        .collect();
    assert_eq!(rows, [("ada", 8)]);
}

#[tokio::test]
async fn stats_count_attempts_and_recall_by_topic_and_list_practice_days() {
    let app = spawn_app(utc("2026-11-26T12:00:00Z")).await;
    let ada = member("g1", "ada");
    for grade in [Grade::Good, Grade::Again] {
        let card = app.quiz(&ada, Some("gans")).await;
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(grade))
            .await
            .unwrap();
    }
    app.set_time(utc("2026-11-28T12:00:00Z"));
    let card = app.quiz(&ada, Some("vaes")).await;
    app.engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Easy))
        .await
        .unwrap();

    let stats = app.engine.stats(&ada).await.unwrap();
    assert_eq!(
        (stats.attempts, stats.recalled, stats.accuracy_percent()),
        (3, 2, 67)
    );
    assert_eq!(stats.points, 3 * QUIZ_POINTS);
    let gans = stats.topics.iter().find(|t| t.topic_id == "gans").unwrap();
    assert_eq!(
        (gans.questions, gans.practised, gans.attempts, gans.recalled),
        (6, 2, 2, 1)
    );
    let days: Vec<String> = stats.practice_days.iter().map(|d| d.to_string()).collect();
    assert_eq!(days, ["2026-11-26", "2026-11-28"]);
    let counts: Vec<(String, u32)> = stats
        .day_counts
        .iter()
        .map(|(d, n)| (d.to_string(), *n))
        .collect();
    assert_eq!(
        counts,
        [("2026-11-26".to_owned(), 2), ("2026-11-28".to_owned(), 1)]
    );
    assert_eq!(
        stats.calendar_start.to_string(),
        "2026-06-01",
        "a Monday, 26 weeks back"
    );
    assert_eq!(stats.streak.current, 1);
}

#[tokio::test]
async fn review_serves_new_questions_up_to_the_daily_allowance_then_due_cards_first() {
    let app = spawn_app_with(utc("2026-11-28T12:00:00Z"), |settings| {
        settings.review.new_per_day = 2
    })
    .await;
    let ada = member("g1", "ada");
    let mut new_ids = Vec::new();
    for _ in 0..2 {
        let ReviewNext::Card { card, is_new, .. } = app.engine.review(&ada).await.unwrap() else {
            panic!("a new card")
        };
        assert!(is_new);
        new_ids.push(card.question_id.to_string());
        app.engine
            .grade(&ada, card.id, GradeInput::Grade(Grade::Again))
            .await
            .unwrap();
    }
    assert_eq!(
        new_ids,
        ["genai-001", "genai-002"],
        "new questions come in bank order"
    );
    let ReviewNext::Done { next_due, .. } = app.engine.review(&ada).await.unwrap() else {
        panic!("nothing left today")
    };
    assert_eq!(
        next_due.map(|d| d.to_string()).as_deref(),
        Some("2026-11-29"),
        "again means tomorrow"
    );

    // Tomorrow both are due, and come before any new question.
    app.set_time(utc("2026-11-29T12:00:00Z"));
    let ReviewNext::Card {
        card,
        due_after,
        new_left,
        is_new,
        ..
    } = app.engine.review(&ada).await.unwrap()
    else {
        panic!("a due card")
    };
    assert!(!is_new);
    assert_eq!(
        (card.question_id.as_str(), due_after, new_left),
        ("genai-001", 1, 2)
    );
}

#[tokio::test]
async fn a_review_earns_points_once_a_day_per_question() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let ReviewNext::Card { card, .. } = app.engine.review(&ada).await.unwrap() else {
        panic!("a card")
    };
    let first = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Again))
        .await
        .unwrap();
    assert_eq!(first.points, prepbot::engine::REVIEW_POINTS);
    // The same question drawn again for review on the same day earns nothing.
    let again = app
        .engine
        .quiz(&ada, None, None, Mode::Flashcard)
        .await
        .unwrap();
    assert_ne!(again.question_id, card.question_id);
    let ReviewNext::Card {
        card: second_card, ..
    } = app.engine.review(&ada).await.unwrap()
    else {
        panic!("a card")
    };
    let second = app
        .engine
        .grade(&ada, second_card.id, GradeInput::Grade(Grade::Good))
        .await
        .unwrap();
    assert_eq!(
        second.points,
        prepbot::engine::REVIEW_POINTS,
        "a different question earns its own points"
    );
}

#[tokio::test]
async fn a_time_zone_that_does_not_exist_is_refused_with_a_hint() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let error = user_error(app.engine.set_timezone(&ada, Some("Europe/Atlantis")).await);
    assert_eq!(
        error.to_string(),
        "`Europe/Atlantis` is not a known time zone; use an IANA name such as `Europe/Berlin` or `UTC`"
    );
    assert_eq!(
        app.engine
            .set_timezone(&ada, Some("Asia/Tokyo"))
            .await
            .unwrap()
            .zone
            .map(|z| z.to_string())
            .as_deref(),
        Some("Asia/Tokyo")
    );
}

#[tokio::test]
async fn the_stored_streak_matches_a_replay_of_the_recorded_practice_days() {
    let app = spawn_app(utc("2026-11-01T12:00:00Z")).await;
    let ada = member("g1", "ada");
    for day in [1, 2, 3, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 18] {
        app.set_time(utc(&format!("2026-11-{day:02}T12:00:00Z")));
        app.practise(&ada, Grade::Good).await;
    }
    let stored = app.engine.streak(&ada).await.unwrap();
    let days: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT local_day FROM attempts ORDER BY id")
            .fetch_all(app.engine.store().pool())
            .await
            .unwrap();
    let days: Vec<chrono::NaiveDate> = days.iter().map(|d| d.parse().unwrap()).collect();
    let replayed = prepbot::domain::streak::StreakState::from_days(&days)
        .at(chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap());
    assert_eq!(stored, replayed);
}

#[tokio::test]
async fn topic_completion_offers_ids_first_then_alias_and_name_matches() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ids = |typed: &str| {
        app.engine
            .complete_topic(typed)
            .into_iter()
            .map(|t| t.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("tra"), ["transformers", "training"]);
    assert_eq!(ids("rag"), ["deployment"], "an alias finds its topic");
    assert_eq!(ids("Image Gen"), ["image-generation"]);
    assert_eq!(ids("").len(), 13, "nothing typed offers every topic");
}

#[tokio::test]
async fn a_workspace_time_zone_sets_the_day_of_members_who_chose_none() {
    let app = spawn_app(utc("2026-11-28T02:00:00Z")).await;
    let (ada, bob) = (member("g1", "ada"), member("g1", "bob"));
    app.engine
        .set_workspace_timezone(&ada, "America/Los_Angeles")
        .await
        .unwrap();
    app.engine
        .set_timezone(&bob, Some("Europe/Berlin"))
        .await
        .unwrap();
    // 02:00 UTC is 18:00 on the 27th in Los Angeles and 03:00 on the 28th in
    // Berlin, which is still the 27th's practice day there.
    app.practise(&ada, Grade::Good).await;
    app.practise(&bob, Grade::Good).await;
    let days: Vec<String> = sqlx::query_scalar("SELECT local_day FROM attempts ORDER BY id")
        .fetch_all(app.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(days, ["2026-11-27", "2026-11-27"]);
    app.set_time(utc("2026-11-28T04:00:00Z")); // 05:00 in Berlin, 20:00 the 27th in Los Angeles
    app.practise(&ada, Grade::Good).await;
    app.practise(&bob, Grade::Good).await;
    let days: Vec<String> = sqlx::query_scalar("SELECT local_day FROM attempts ORDER BY id")
        .fetch_all(app.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(
        days,
        ["2026-11-27", "2026-11-27", "2026-11-27", "2026-11-28"]
    );
    let error = user_error(app.engine.set_workspace_timezone(&ada, "PST").await);
    assert!(
        error
            .to_string()
            .starts_with("`PST` is not a known time zone"),
        "{error}"
    );
}

#[tokio::test]
async fn a_question_named_by_id_gives_a_flashcard_and_an_unknown_id_says_what_ids_look_like() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = app
        .engine
        .quiz_question(&ada, " genai-016 ")
        .await
        .expect("genai-016 is in the bank");
    assert_eq!(card.question_id.as_str(), "genai-016");
    assert_eq!(card.mode, Mode::Flashcard);
    let reveal = app.engine.reveal(&ada, card.id).await.unwrap();
    assert!(
        reveal.answer.contains("self-attention"),
        "{}",
        reveal.answer
    );

    for typed in ["genai-999", "transformers", ""] {
        let error = user_error(app.engine.quiz_question(&ada, typed).await);
        assert_eq!(
            error.to_string(),
            format!(
                "There is no question `{typed}`; question ids look like genai-016 (each question shows its id)."
            )
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM cards").await, 1);
}

#[tokio::test]
async fn a_question_id_in_place_of_a_topic_asks_that_question_in_the_mode_asked() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = app
        .engine
        .quiz(&ada, Some("GENAI-018"), None, Mode::Choice)
        .await
        .unwrap();
    assert_eq!(card.question_id.as_str(), "genai-018");
    assert_eq!(card.options.len(), 4, "a choice card, as asked");
    let again = app
        .engine
        .quiz(&ada, Some("genai-018"), None, Mode::Flashcard)
        .await
        .unwrap();
    assert_eq!(again.question_id.as_str(), "genai-018");
    assert!(again.options.is_empty());
}

#[tokio::test]
async fn an_interview_answer_that_covers_everything_needs_no_follow_up() {
    let app = spawn_app(utc("2026-11-28T12:00:00Z")).await;
    let ada = member("g1", "ada");
    let card = app
        .engine
        .quiz(&ada, Some("genai-018"), None, Mode::Flashcard)
        .await
        .unwrap();
    let question = app
        .engine
        .bank()
        .question(&card.question_id)
        .unwrap()
        .clone();
    let step = app
        .engine
        .interview_answer(&ada, card.id, &question.answer)
        .await
        .unwrap();
    let prepbot::engine::InterviewStep::Done(summary) = step else {
        panic!("the model answer itself leaves nothing to ask: {step:?}");
    };
    assert_eq!(summary.covered, question.key_points.len());
    assert_eq!(summary.reveal.answer, question.answer);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM attempts").await,
        0,
        "nothing stored before the grade"
    );
}

#[tokio::test]
async fn a_second_report_while_the_first_is_open_updates_it_and_a_closed_one_allows_a_new_one() {
    use prepbot::domain::report::ReportReason;
    let app = spawn_app(utc("2026-11-28T08:00:00Z")).await;
    let ada = member("g1", "ada");
    let grace = member("g1", "grace");
    let first = app
        .engine
        .report(&ada, Some("GENAI-018"), ReportReason::Wrong, None)
        .await
        .unwrap();
    assert!(!first.updated);
    app.set_time(utc("2026-11-28T09:00:00Z"));
    let again = app
        .engine
        .report(
            &ada,
            Some("genai-018"),
            ReportReason::Unclear,
            Some(" too\nvague "),
        )
        .await
        .unwrap();
    assert!(again.updated);
    assert_eq!(again.report.id, first.report.id);
    assert_eq!(again.report.reason, ReportReason::Unclear);
    assert_eq!(again.report.text.as_deref(), Some("too vague"));
    assert_eq!(
        again.report.created_at,
        utc("2026-11-28T08:00:00Z"),
        "when it was first reported stays"
    );
    // Another member's report on the same question is their own.
    let other = app
        .engine
        .report(&grace, Some("genai-018"), ReportReason::Wrong, None)
        .await
        .unwrap();
    assert_ne!(other.report.id, first.report.id);
    assert!(
        app.engine
            .is_reported(&workspace("g1"), "genai-018")
            .await
            .unwrap()
    );
    assert!(
        !app.engine
            .is_reported(&workspace("g2"), "genai-018")
            .await
            .unwrap()
    );

    app.engine
        .close_report(&grace, first.report.id, None)
        .await
        .unwrap();
    let after = app
        .engine
        .report(&ada, Some("genai-018"), ReportReason::Outdated, None)
        .await
        .unwrap();
    assert!(!after.updated, "a closed report is not reopened");
    assert_eq!(
        app.engine
            .open_reports(&workspace("g1"))
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_report_note_over_500_characters_is_refused_and_nothing_is_stored() {
    use prepbot::domain::report::ReportReason;
    let app = spawn_app(utc("2026-11-28T08:00:00Z")).await;
    let ada = member("g1", "ada");
    let long = "x".repeat(501);
    let error = user_error(
        app.engine
            .report(&ada, Some("genai-018"), ReportReason::Other, Some(&long))
            .await,
    );
    assert_eq!(
        error.to_string(),
        "Your note is 501 characters long; keep it to 500 or fewer."
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);
}
