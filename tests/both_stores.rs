//! The store modules ported to PostgreSQL behave as they do on SQLite: one
//! test body runs on a fresh SQLite file and on a fresh PostgreSQL schema
//! (when `PREPBOT_TEST_POSTGRES` is set, see `support::both_stores`), and
//! what each store returns is compared value for value.

mod support;

use chrono::{DateTime, Utc};
use prepbot::store::{
    admin_actions, attempts, cards, daily_posts, decks, grading, members, period_points,
    review_cards, streak_repairs, subscriptions, time, workspaces,
};
use support::both_stores::{TestDb, on_both};

/// The largest id Discord can hand out (a 64-bit unsigned snowflake, above
/// 2^63): ids are stored as text, so it must come back digit for digit.
const LARGEST_SNOWFLAKE: &str = "18446744073709551615";

/// Every store's result, checked equal to SQLite's.
fn assert_same<T: std::fmt::Debug + PartialEq>(runs: &[(&str, T)]) {
    let (first, expected) = &runs[0];
    for (name, got) in &runs[1..] {
        assert_eq!(got, expected, "{name} differs from {first}");
    }
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("an RFC 3339 instant")
        .with_timezone(&Utc)
}

/// A workspace, a member and a channel's daily question, as most tests
/// need them.
async fn seed(db: &TestDb) -> (i64, i64, i64) {
    let now = "2026-12-01T09:00:00.000Z";
    let workspace = workspaces::ensure(db.db(), "discord", LARGEST_SNOWFLAKE, "Study", now)
        .await
        .unwrap();
    let member = members::ensure(db.db(), workspace.id, LARGEST_SNOWFLAKE, "Ada", now)
        .await
        .unwrap();
    let subscription = subscriptions::upsert(
        db.db(),
        &subscriptions::NewSubscription {
            workspace_id: workspace.id,
            channel_id: LARGEST_SNOWFLAKE,
            schedule: "09:00",
            timezone: "Europe/Berlin",
            topics: None,
            reveal_after_minutes: Some(60),
            now,
        },
    )
    .await
    .unwrap();
    (workspace.id, member.id, subscription.id)
}

#[tokio::test]
async fn instants_booleans_and_ids_round_trip_identically_on_both_stores() {
    let runs = on_both(
        "instants_booleans_and_ids_round_trip_identically_on_both_stores",
        |db| async move {
            // Written from two zones with sub-second parts, one on the
            // night Europe leaves summer time; stored as UTC text.
            let instants = [
                instant("2026-10-25T02:30:00.123+02:00"),
                instant("2026-10-25T02:30:00.987654321+01:00"),
                instant("2026-12-31T23:59:59.999-10:00"),
            ];
            let texts: Vec<String> = instants.iter().map(|at| time::instant_text(*at)).collect();
            let name = "Zoë 🎓 \"quoted\" ' and \\ backslash";
            let workspace =
                workspaces::ensure(db.db(), "discord", LARGEST_SNOWFLAKE, name, &texts[0])
                    .await
                    .unwrap();
            let member =
                members::ensure(db.db(), workspace.id, LARGEST_SNOWFLAKE, name, &texts[1])
                    .await
                    .unwrap();
            members::set_leaderboard_opt_out(db.db(), member.id, true)
                .await
                .unwrap();
            let subscription = subscriptions::upsert(
                db.db(),
                &subscriptions::NewSubscription {
                    workspace_id: workspace.id,
                    channel_id: LARGEST_SNOWFLAKE,
                    schedule: "0 30 9 * * Mon-Fri",
                    timezone: "America/St_Johns",
                    topics: Some("rag,agents"),
                    reveal_after_minutes: Some(i64::MAX),
                    now: &texts[2],
                },
            )
            .await
            .unwrap();
            let card = cards::insert(
                db.db(),
                &cards::NewCard {
                    workspace_id: workspace.id,
                    member_id: Some(member.id),
                    question_id: "rag-1",
                    context: "quiz",
                    mode: "choice",
                    choice_options: Some("rag-1,rag-2,llms-3,vaes-4"),
                    issued_at: &texts[0],
                    shown: Some("{\"question\":\"Ünïcode ✓\"}"),
                },
            )
            .await
            .unwrap();
            let mut recorded = Vec::new();
            for correct in [Some(true), Some(false), None] {
                // The choice card first, then a flashcard for each other.
                let card_id = if recorded.is_empty() {
                    card
                } else {
                    cards::insert(
                        db.db(),
                        &cards::NewCard {
                            workspace_id: workspace.id,
                            member_id: Some(member.id),
                            question_id: "rag-1",
                            context: "quiz",
                            mode: "flashcard",
                            choice_options: None,
                            issued_at: &texts[1],
                            shown: None,
                        },
                    )
                    .await
                    .unwrap()
                };
                attempts::insert_first(
                    db.db(),
                    &attempts::NewAttempt {
                        card_id,
                        member_id: member.id,
                        question_id: "rag-1",
                        context: "quiz",
                        grade: "good",
                        choice: correct.map(|_| 3),
                        correct,
                        answered_at: &texts[2],
                        local_day: "2026-12-31",
                        points: i64::MAX,
                        once: None,
                    },
                )
                .await
                .unwrap();
                let row = attempts::find(db.db(), card_id, member.id)
                    .await
                    .unwrap()
                    .unwrap();
                recorded.push((row.grade, row.choice, row.correct, row.points, row.answered_at));
            }
            // FSRS state: doubles must come back bit for bit.
            let review = review_cards::ReviewCardRow {
                member_id: member.id,
                question_id: "rag-1".to_owned(),
                due: texts[2].clone(),
                stability: 0.1 + 0.2,
                difficulty: f64::MIN_POSITIVE,
                elapsed_days: 0,
                scheduled_days: i64::MIN,
                reps: 1,
                lapses: 0,
                state: 2,
                last_review: texts[1].clone(),
                introduced_on: "2026-12-31".to_owned(),
            };
            let periods = ["all".to_owned(), "week:2026-W53".to_owned(), "month:2026-12".to_owned()];
            let mut tx = db.begin().await;
            grading::write_effects(
                &mut tx,
                &grading::GradeEffects {
                    workspace_id: workspace.id,
                    review: &review,
                    points: 10,
                    periods: &periods,
                    streak: None,
                },
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            let stored_review = review_cards::get(db.db(), member.id, "rag-1")
                .await
                .unwrap()
                .unwrap();
            assert_eq!(stored_review.stability.to_bits(), review.stability.to_bits());
            assert_eq!(stored_review.difficulty.to_bits(), review.difficulty.to_bits());

            let (found, zone) = members::find(db.db(), "discord", LARGEST_SNOWFLAKE, LARGEST_SNOWFLAKE)
                .await
                .unwrap()
                .unwrap();
            let read_back: Vec<DateTime<Utc>> = [
                &subscription.updated_at,
                &recorded[0].4,
                &stored_review.last_review,
            ]
            .iter()
            .map(|text| time::parse_instant(text).unwrap())
            .collect();
            assert_eq!(
                read_back,
                vec![
                    instant("2026-12-31T23:59:59.999-10:00"),
                    instant("2026-12-31T23:59:59.999-10:00"),
                    // Kept to the millisecond, as on SQLite.
                    instant("2026-10-25T02:30:00.987+01:00"),
                ]
            );
            format!(
                "{workspace:?}\n{found:?} {zone:?}\n{subscription:?}\n{recorded:?}\n{stored_review:?}\n{:?}",
                cards::get(db.db(), card).await.unwrap()
            )
        },
    )
    .await;
    assert!(runs[0].1.contains(LARGEST_SNOWFLAKE));
    assert!(runs[0].1.contains("leaderboard_opt_out: 1"));
    assert_same(&runs);
}

#[tokio::test]
async fn every_ported_store_function_answers_the_same_on_both_stores() {
    let runs = on_both(
        "every_ported_store_function_answers_the_same_on_both_stores",
        |db| async move {
            let mut said: Vec<String> = Vec::new();
            let mut say = |what: &str, value: &dyn std::fmt::Debug| {
                said.push(format!("{what}: {value:?}"));
            };
            let (workspace, member, subscription) = seed(&db).await;
            let now = "2026-12-02T08:00:00.000Z";

            // workspaces
            say(
                "renamed",
                &workspaces::ensure(db.db(), "discord", LARGEST_SNOWFLAKE, "Renamed", now)
                    .await
                    .unwrap(),
            );
            workspaces::set_timezone(db.db(), workspace, Some("Asia/Kolkata"))
                .await
                .unwrap();
            say(
                "found",
                &workspaces::find(db.db(), "discord", LARGEST_SNOWFLAKE)
                    .await
                    .unwrap(),
            );
            say(
                "missing",
                &workspaces::find(db.db(), "slack", LARGEST_SNOWFLAKE)
                    .await
                    .unwrap(),
            );
            workspaces::ensure(db.db(), "slack", LARGEST_SNOWFLAKE, "Slack", now)
                .await
                .unwrap();
            // PostgreSQL's sequence moves on at every upsert, even one that
            // updates, so a later id may skip numbers there: ids are unique
            // and rising on both, not consecutive. Only the order counts.
            let found = workspaces::with_external_id(db.db(), LARGEST_SNOWFLAKE)
                .await
                .unwrap();
            assert_eq!(found[0].0, workspace);
            assert!(found[1].0 > workspace);
            let platforms: Vec<&str> = found
                .iter()
                .map(|(_, platform)| platform.as_str())
                .collect();
            say("by external id", &platforms);

            // members
            members::set_timezone(
                db.db(),
                member,
                Some("Europe/Paris"),
                Some("Asia/Tokyo"),
                Some(now),
            )
            .await
            .unwrap();
            members::set_theme(db.db(), member, "dark").await.unwrap();
            say("theme", &members::theme(db.db(), member).await.unwrap());
            let other = members::ensure(db.db(), workspace, "42", "Bea", now)
                .await
                .unwrap();
            say(
                "no theme",
                &members::theme(db.db(), other.id).await.unwrap(),
            );
            for (id, length) in [(member, 3), (other.id, 5)] {
                members::set_streak(
                    db.db(),
                    id,
                    &members::StreakRow {
                        length,
                        best: 7,
                        freezes: 1,
                        last_practice_day: Some("2026-12-01"),
                        days_practised: 9,
                    },
                )
                .await
                .unwrap();
            }
            say(
                "board",
                &members::by_streak(db.db(), workspace, 10, 0).await.unwrap(),
            );
            members::set_leaderboard_opt_out(db.db(), other.id, true)
                .await
                .unwrap();
            say(
                "board without Bea",
                &members::by_streak(db.db(), workspace, 10, 0).await.unwrap(),
            );
            say(
                "member",
                &members::find(db.db(), "discord", LARGEST_SNOWFLAKE, LARGEST_SNOWFLAKE)
                    .await
                    .unwrap(),
            );

            // subscriptions
            say("enabled", &subscriptions::enabled(db.db()).await.unwrap());
            subscriptions::pause(db.db(), subscription, "channel deleted", now)
                .await
                .unwrap();
            say(
                "paused",
                &subscriptions::in_workspace(db.db(), workspace)
                    .await
                    .unwrap(),
            );
            say(
                "disable paused",
                &subscriptions::disable(db.db(), workspace, LARGEST_SNOWFLAKE, now)
                    .await
                    .unwrap(),
            );
            let again = subscriptions::NewSubscription {
                workspace_id: workspace,
                channel_id: LARGEST_SNOWFLAKE,
                schedule: "10:00",
                timezone: "UTC",
                topics: Some("llms"),
                reveal_after_minutes: None,
                now,
            };
            say(
                "set up again",
                &subscriptions::upsert(db.db(), &again).await.unwrap(),
            );
            say(
                "disable",
                &subscriptions::disable(db.db(), workspace, LARGEST_SNOWFLAKE, now)
                    .await
                    .unwrap(),
            );
            say(
                "disable twice",
                &subscriptions::disable(db.db(), workspace, LARGEST_SNOWFLAKE, now)
                    .await
                    .unwrap(),
            );
            subscriptions::upsert(db.db(), &again).await.unwrap();

            // decks
            say("no deck", &decks::get(db.db(), subscription).await.unwrap());
            for next_index in [1, 2] {
                let deck = decks::DeckRow {
                    question_ids: "a,b,c".to_owned(),
                    next_index,
                    round: 1,
                };
                decks::save(db.db(), subscription, &deck).await.unwrap();
            }
            say("deck", &decks::get(db.db(), subscription).await.unwrap());

            // cards and daily posts
            let card = cards::insert(
                db.db(),
                &cards::NewCard {
                    workspace_id: workspace,
                    member_id: None,
                    question_id: "llms-1",
                    context: "daily",
                    mode: "flashcard",
                    choice_options: None,
                    issued_at: now,
                    shown: None,
                },
            )
            .await
            .unwrap();
            say("card", &cards::get(db.db(), card).await.unwrap());
            say("no card", &cards::get(db.db(), card + 100).await.unwrap());
            let post = daily_posts::NewPost {
                subscription_id: subscription,
                local_date: "2026-12-02",
                scheduled_at: "2026-12-02T10:00:00.000Z",
                card_id: Some(card),
                status: "claimed",
                now,
            };
            let claimed = daily_posts::claim(db.db(), &post).await.unwrap();
            say("claimed", &claimed.is_some());
            say(
                "claimed twice",
                &daily_posts::claim(db.db(), &post).await.unwrap(),
            );
            say(
                "exists",
                &daily_posts::exists(db.db(), subscription, "2026-12-02")
                    .await
                    .unwrap(),
            );
            say(
                "not yet",
                &daily_posts::exists(db.db(), subscription, "2026-12-03")
                    .await
                    .unwrap(),
            );
            say(
                "unsent",
                &daily_posts::unsent(db.db(), "2026-12-02T10:00:00.000Z")
                    .await
                    .unwrap(),
            );
            say("next try", &daily_posts::next_try(db.db()).await.unwrap());
            let post_id = claimed.unwrap();
            daily_posts::record_failure(db.db(), post_id, "503", "2026-12-02T10:01:00.000Z")
                .await
                .unwrap();
            say(
                "retry",
                &daily_posts::unsent(db.db(), "2026-12-02T10:01:00.000Z")
                    .await
                    .unwrap(),
            );
            daily_posts::mark_sent(
                db.db(),
                post_id,
                LARGEST_SNOWFLAKE,
                Some("1"),
                "2026-12-02T10:01:00.500Z",
                Some("2026-12-02T11:01:00.500Z"),
            )
            .await
            .unwrap();
            say(
                "nothing to retry",
                &daily_posts::next_try(db.db()).await.unwrap(),
            );
            say(
                "next reveal",
                &daily_posts::next_reveal(db.db()).await.unwrap(),
            );
            say(
                "reveal not due",
                &daily_posts::reveals_due(db.db(), "2026-12-02T11:00:00.000Z")
                    .await
                    .unwrap(),
            );
            daily_posts::postpone_reveal(db.db(), post_id, "2026-12-02T11:05:00.000Z")
                .await
                .unwrap();
            say(
                "reveal due",
                &daily_posts::reveals_due(db.db(), "2026-12-02T11:05:00.000Z")
                    .await
                    .unwrap(),
            );
            daily_posts::mark_revealed(db.db(), post_id, "2026-12-02T11:05:00.000Z")
                .await
                .unwrap();
            say(
                "revealed",
                &daily_posts::next_reveal(db.db()).await.unwrap(),
            );
            say(
                "latest sent",
                &daily_posts::latest_sent(db.db(), subscription)
                    .await
                    .unwrap(),
            );
            say(
                "skip ahead",
                &daily_posts::claim_skipped(
                    db.db(),
                    subscription,
                    "2026-12-05",
                    "2026-12-05T10:00:00.000Z",
                    "admin",
                    now,
                )
                .await
                .unwrap()
                .is_some(),
            );
            say(
                "skip a posted date",
                &daily_posts::claim_skipped(
                    db.db(),
                    subscription,
                    "2026-12-02",
                    "2026-12-02T10:00:00.000Z",
                    "admin",
                    now,
                )
                .await
                .unwrap(),
            );
            let lost = daily_posts::claim(
                db.db(),
                &daily_posts::NewPost {
                    local_date: "2026-12-03",
                    scheduled_at: "2026-12-03T10:00:00.000Z",
                    ..post
                },
            )
            .await
            .unwrap()
            .unwrap();
            daily_posts::mark_skipped(db.db(), lost).await.unwrap();
            say(
                "from date",
                &daily_posts::from_date(db.db(), subscription, "2026-12-02")
                    .await
                    .unwrap(),
            );
            say(
                "latest scheduled",
                &daily_posts::latest_scheduled(db.db(), "2026-12-04T00:00:00.000Z")
                    .await
                    .unwrap(),
            );

            // attempts, grading, points
            let first = attempts::NewAttempt {
                card_id: card,
                member_id: member,
                question_id: "llms-1",
                context: "daily",
                grade: "again",
                choice: None,
                correct: None,
                answered_at: "2026-12-02T10:02:00.000Z",
                local_day: "2026-12-02",
                points: 10,
                once: Some(None),
            };
            say(
                "first attempt",
                &attempts::insert_first(db.db(), &first)
                    .await
                    .unwrap()
                    .map(|r| r.points),
            );
            say(
                "double click",
                &attempts::insert_first(db.db(), &first).await.unwrap(),
            );
            let later_card = cards::insert(
                db.db(),
                &cards::NewCard {
                    issued_at: "2026-12-03T10:00:00.000Z",
                    ..cards::NewCard {
                        workspace_id: workspace,
                        member_id: Some(member),
                        question_id: "llms-1",
                        context: "daily",
                        mode: "flashcard",
                        choice_options: None,
                        issued_at: now,
                        shown: None,
                    }
                },
            )
            .await
            .unwrap();
            let again_later = attempts::NewAttempt {
                card_id: later_card,
                grade: "good",
                answered_at: "2026-12-03T10:02:00.000Z",
                local_day: "2026-12-03",
                ..first
            };
            say(
                "points once ever",
                &attempts::insert_first(db.db(), &again_later)
                    .await
                    .unwrap()
                    .map(|r| r.points),
            );
            say(
                "practised",
                &daily_posts::practised(db.db(), card).await.unwrap(),
            );
            say(
                "last practised",
                &attempts::last_practised(db.db(), member).await.unwrap(),
            );
            say(
                "tally",
                &attempts::tally_by_question(db.db(), member).await.unwrap(),
            );
            say(
                "days since",
                &attempts::days_since(db.db(), member, "2026-12-03")
                    .await
                    .unwrap(),
            );
            say(
                "practice days",
                &attempts::practice_days(db.db(), member).await.unwrap(),
            );
            say(
                "counts",
                &attempts::counts_by_day_since(db.db(), member, "2026-12-01")
                    .await
                    .unwrap(),
            );
            let read = grading::read(
                db.db(),
                "discord",
                LARGEST_SNOWFLAKE,
                LARGEST_SNOWFLAKE,
                card,
            )
            .await
            .unwrap()
            .unwrap();
            say(
                "grading read",
                &(
                    &read.member,
                    &read.workspace_timezone,
                    &read.card,
                    &read.review,
                    read.crammed,
                ),
            );
            say(
                "grading read, no card",
                &grading::read(
                    db.db(),
                    "discord",
                    LARGEST_SNOWFLAKE,
                    LARGEST_SNOWFLAKE,
                    card + 100,
                )
                .await
                .unwrap()
                .map(|read| read.card),
            );
            say(
                "grading read, stranger",
                &grading::read(db.db(), "discord", LARGEST_SNOWFLAKE, "7", card)
                    .await
                    .unwrap()
                    .is_none(),
            );
            let review = review_cards::ReviewCardRow {
                member_id: member,
                question_id: "llms-1".to_owned(),
                due: "2026-12-05T10:02:00.000Z".to_owned(),
                stability: 2.5,
                difficulty: 5.25,
                elapsed_days: 0,
                scheduled_days: 3,
                reps: 1,
                lapses: 0,
                state: 1,
                last_review: "2026-12-02T10:02:00.000Z".to_owned(),
                introduced_on: "2026-12-02".to_owned(),
            };
            let periods = [
                "all".to_owned(),
                "week:2026-W49".to_owned(),
                "month:2026-12".to_owned(),
            ];
            for (points, streak) in [(10, Some(4)), (0, None), (5, None)] {
                let mut tx = db.begin().await;
                let streak = streak.map(|length| members::StreakRow {
                    length,
                    best: 7,
                    freezes: 1,
                    last_practice_day: Some("2026-12-02"),
                    days_practised: 10,
                });
                grading::write_effects(
                    &mut tx,
                    &grading::GradeEffects {
                        workspace_id: workspace,
                        review: &review,
                        points,
                        periods: &periods,
                        streak,
                    },
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
            }
            say(
                "review",
                &review_cards::get(db.db(), member, "llms-1").await.unwrap(),
            );
            say(
                "reviews",
                &review_cards::all(db.db(), member).await.unwrap(),
            );
            say(
                "board",
                &period_points::board(db.db(), workspace, "week:2026-W49", 10)
                    .await
                    .unwrap(),
            );
            say(
                "total",
                &period_points::total(db.db(), member, "all").await.unwrap(),
            );
            say(
                "no total",
                &period_points::total(db.db(), other.id, "all")
                    .await
                    .unwrap(),
            );

            // admin actions and streak repairs
            admin_actions::insert(
                db.db(),
                &admin_actions::NewAction {
                    workspace_id: workspace,
                    member_id: member,
                    action: "daily.skip",
                    detail: "skipped",
                    now,
                },
            )
            .await
            .unwrap();
            admin_actions::insert(
                db.db(),
                &admin_actions::NewAction {
                    workspace_id: workspace,
                    member_id: other.id,
                    action: "daily.pause",
                    detail: "paused",
                    now,
                },
            )
            .await
            .unwrap();
            say(
                "actions",
                &admin_actions::latest(db.db(), workspace, 10).await.unwrap(),
            );
            for day in ["2026-11-30", "2026-11-29"] {
                streak_repairs::insert(
                    db.db(),
                    &streak_repairs::NewRepair {
                        member_id: member,
                        day,
                        restored_by: other.id,
                        restored_by_name: "Bea",
                        reason: "outage",
                        created_at: now,
                    },
                )
                .await
                .unwrap();
            }
            say(
                "repairs",
                &streak_repairs::for_member(db.db(), member).await.unwrap(),
            );
            let repeated = streak_repairs::insert(
                db.db(),
                &streak_repairs::NewRepair {
                    member_id: member,
                    day: "2026-11-30",
                    restored_by: other.id,
                    restored_by_name: "Bea",
                    reason: "outage",
                    created_at: now,
                },
            )
            .await;
            say("a day excused twice is refused", &repeated.is_err());
            said
        },
    )
    .await;
    let sqlite = &runs[0].1;
    for expected in [
        "claimed twice: None",
        "double click: None",
        "points once ever: Some(0)",
        "disable twice: false",
        "a day excused twice is refused: true",
    ] {
        assert!(
            sqlite.iter().any(|line| line == expected),
            "{expected} in {sqlite:#?}"
        );
    }
    assert_same(&runs);
}

/// The engine's claim, step for step: lock, look, draw a card, claim,
/// advance the deck, commit. `true` when this writer claimed the date.
async fn claim_as_the_engine_does(
    db: &TestDb,
    subscription: i64,
    workspace: i64,
    date: &str,
) -> bool {
    let mut tx = db.begin().await;
    subscriptions::lock_for_claim(&mut tx, subscription)
        .await
        .unwrap();
    if daily_posts::exists(&mut tx, subscription, date)
        .await
        .unwrap()
    {
        tx.rollback().await.unwrap();
        return false;
    }
    let deck = decks::get(&mut tx, subscription).await.unwrap();
    let next_index = deck.map_or(0, |deck| deck.next_index) + 1;
    let card = cards::insert(
        &mut tx,
        &cards::NewCard {
            workspace_id: workspace,
            member_id: None,
            question_id: "llms-1",
            context: "daily",
            mode: "flashcard",
            choice_options: None,
            issued_at: "2026-12-02T09:00:00.000Z",
            shown: None,
        },
    )
    .await
    .unwrap();
    let scheduled = format!("{date}T09:00:00.000Z");
    let post = daily_posts::NewPost {
        subscription_id: subscription,
        local_date: date,
        scheduled_at: &scheduled,
        card_id: Some(card),
        status: "claimed",
        now: "2026-12-02T09:00:00.000Z",
    };
    let claimed = daily_posts::claim(&mut tx, &post).await.unwrap().is_some();
    let deck = decks::DeckRow {
        question_ids: "a,b".to_owned(),
        next_index,
        round: 1,
    };
    decks::save(&mut tx, subscription, &deck).await.unwrap();
    tx.commit().await.unwrap();
    claimed
}

#[tokio::test]
async fn two_writers_racing_on_the_same_due_posts_claim_each_exactly_once() {
    const DATES: usize = 40;
    let runs = on_both(
        "two_writers_racing_on_the_same_due_posts_claim_each_exactly_once",
        |db| async move {
            let (workspace, _, subscription) = seed(&db).await;
            let second = db.second_writer().await;
            let dates: Vec<String> = (1..=DATES).map(|day| format!("2027-01-{day:02}")).collect();
            let race = |writer: TestDb, dates: Vec<String>| {
                tokio::spawn(async move {
                    let mut won = 0;
                    for date in &dates {
                        won += usize::from(
                            claim_as_the_engine_does(&writer, subscription, workspace, date).await,
                        );
                    }
                    won
                })
            };
            let first = race(db.clone(), dates.clone());
            let other = race(second, dates.clone());
            let (first, other) = (first.await.unwrap(), other.await.unwrap());
            let posts = daily_posts::from_date(db.db(), subscription, "2027-01-01")
                .await
                .unwrap();
            let deck = decks::get(db.db(), subscription).await.unwrap().unwrap();
            // A loser that drew anyway would leave a card no post points to.
            let unclaimed_cards = cards::get(db.db(), (DATES as i64) + 1).await.unwrap();
            (
                first + other,
                posts.len(),
                deck.next_index,
                unclaimed_cards.is_some(),
            )
        },
    )
    .await;
    for (name, (claims, posts, deck_advanced, stray_card)) in &runs {
        assert_eq!(
            *claims, DATES,
            "{name}: every date claimed once between the two writers"
        );
        assert_eq!(*posts, DATES, "{name}: one post per date");
        assert_eq!(
            *deck_advanced, DATES as i64,
            "{name}: the deck moved once per date"
        );
        assert!(!stray_card, "{name}: no card drawn by a writer that lost");
    }
}

#[tokio::test]
async fn a_grade_sent_to_two_writers_at_once_counts_once() {
    let runs = on_both(
        "a_grade_sent_to_two_writers_at_once_counts_once",
        |db| async move {
            let (workspace, member, _) = seed(&db).await;
            let second = db.second_writer().await;
            let mut counted = Vec::new();
            for round in 0..20 {
                let card = cards::insert(
                    db.db(),
                    &cards::NewCard {
                        workspace_id: workspace,
                        member_id: Some(member),
                        question_id: "llms-1",
                        context: "quiz",
                        mode: "flashcard",
                        choice_options: None,
                        issued_at: "2026-12-02T09:00:00.000Z",
                        shown: None,
                    },
                )
                .await
                .unwrap();
                let grade = |writer: TestDb| {
                    tokio::spawn(async move {
                        let mut tx = writer.begin().await;
                        let attempt = attempts::NewAttempt {
                            card_id: card,
                            member_id: member,
                            question_id: "llms-1",
                            context: "quiz",
                            grade: "good",
                            choice: None,
                            correct: None,
                            answered_at: "2026-12-02T09:01:00.000Z",
                            local_day: "2026-12-02",
                            points: 5,
                            once: Some(None),
                        };
                        let recorded = attempts::insert_first(&mut tx, &attempt).await.unwrap();
                        tx.commit().await.unwrap();
                        recorded.map(|recorded| recorded.points)
                    })
                };
                let (a, b) = (grade(db.clone()), grade(second.clone()));
                let (a, b) = (a.await.unwrap(), b.await.unwrap());
                counted.push((round, a.is_some() as u8 + b.is_some() as u8, a.or(b)));
            }
            let tally = attempts::tally_by_question(db.db(), member).await.unwrap();
            (counted, tally)
        },
    )
    .await;
    for (name, (counted, tally)) in &runs {
        for (round, recorded, points) in counted {
            assert_eq!(*recorded, 1, "{name}: round {round} recorded once");
            let expected = if *round == 0 { Some(5) } else { Some(0) };
            assert_eq!(
                *points, expected,
                "{name}: round {round}: points only the first time"
            );
        }
        assert_eq!(tally[0].attempts, 20, "{name}");
    }
    assert_same(&runs);
}
