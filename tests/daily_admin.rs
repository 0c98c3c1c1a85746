//! An admin steering a channel's daily question through the engine and the
//! scheduler at fixed instants: the preview across daylight-saving
//! changes, skip, pause and resume, queue, and the record of who did what.

mod support;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use prepbot::config::DailySettings;
use prepbot::engine::{
    DailyPost, DailySetup, EngineError, Planned, PostReceipt, PublicReveal, WeeklyRecap,
};
use prepbot::scheduler::{PostError, Poster, Scheduler};
use support::{TestApp, member, spawn_app, utc};

/// Keeps each post in memory.
#[derive(Default)]
struct Posts(Mutex<Vec<DailyPost>>);

#[async_trait::async_trait]
impl Poster for Posts {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        let mut posts = self.0.lock().unwrap();
        posts.push(post.clone());
        Ok(PostReceipt {
            message_id: format!("m{}", posts.len()),
            thread_id: None,
        })
    }

    async fn post_reveal(&self, _reveal: &PublicReveal) -> Result<(), PostError> {
        Ok(())
    }

    async fn post_recap(&self, _recap: &WeeklyRecap) -> Result<(), PostError> {
        Ok(())
    }
}

impl Posts {
    /// (local date, question id) of each post.
    fn dates(&self) -> Vec<(String, String)> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|p| (p.local_date.clone(), p.card.question_id.to_string()))
            .collect()
    }
}

fn admin() -> prepbot::engine::MemberRef {
    member("g1", "Grace")
}

async fn subscribed(start: DateTime<Utc>, schedule: &str, zone: &str) -> TestApp {
    let app = spawn_app(start).await;
    let setup = DailySetup {
        channel_id: "c1".into(),
        schedule: schedule.into(),
        timezone: Some(zone.into()),
        ..DailySetup::default()
    };
    app.engine
        .setup_daily(&admin(), &setup)
        .await
        .expect("a valid setup");
    app
}

fn scheduler(app: &TestApp, posts: &Arc<Posts>) -> Scheduler {
    let settings = DailySettings {
        posts_per_second: std::num::NonZeroU32::new(1_000).unwrap(),
        ..DailySettings::default()
    };
    Scheduler::new(app.engine.clone(), posts.clone(), &settings)
}

/// Ticks every ten minutes from `from` to `to`, as a running bot would.
async fn run(app: &TestApp, scheduler: &Scheduler, from: &str, to: &str) {
    let (mut now, to) = (utc(from), utc(to));
    while now <= to {
        app.set_time(now);
        scheduler.tick(now).await;
        now += Duration::minutes(10);
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn refusal(error: EngineError) -> String {
    error.message_for_people("test")
}

#[tokio::test]
async fn the_preview_shows_seven_posts_at_nine_berlin_time_across_the_spring_change() {
    let app = subscribed(utc("2026-03-25T12:00:00Z"), "09:00", "Europe/Berlin").await;
    let preview = app.engine.daily_preview(&admin(), "c1").await.unwrap();
    let at: Vec<String> = preview
        .dates
        .iter()
        .map(|d| d.firing.at.format("%d %H:%M").to_string())
        .collect();
    assert_eq!(
        at,
        [
            "26 08:00", "27 08:00", "28 08:00", "29 07:00", "30 07:00", "31 07:00", "01 07:00"
        ]
    );
    let text = prepbot::wording::daily_preview(&preview, "/prepbot resume");
    assert!(text.contains("Sat 28 Mar 09:00 CET "), "{text}");
    assert!(text.contains("Sun 29 Mar 09:00 CEST"), "{text}");
    assert!(text.contains("The next 7 posts:"), "{text}");
}

#[tokio::test]
async fn the_preview_keeps_a_skipped_time_at_the_end_of_the_gap_and_nine_through_the_autumn_change()
{
    let app = subscribed(utc("2026-03-28T12:00:00Z"), "02:30", "Europe/Berlin").await;
    let preview = app.engine.daily_preview(&admin(), "c1").await.unwrap();
    // 02:30 does not exist on 29 March: the post comes when the clock
    // jumps to 03:00 (01:00 UTC).
    assert_eq!(preview.dates[0].firing.at, utc("2026-03-29T01:00:00Z"));
    assert_eq!(preview.dates[1].firing.at, utc("2026-03-30T00:30:00Z"));

    let app = subscribed(utc("2026-10-23T12:00:00Z"), "09:00", "Europe/Berlin").await;
    let preview = app.engine.daily_preview(&admin(), "c1").await.unwrap();
    let at: Vec<DateTime<Utc>> = preview.dates.iter().map(|d| d.firing.at).collect();
    assert_eq!(at[0], utc("2026-10-24T07:00:00Z"));
    assert_eq!(at[1], utc("2026-10-25T08:00:00Z"), "CET from 25 October");
    assert_eq!(at.len(), 7);
}

#[tokio::test]
async fn a_skip_makes_no_post_that_day_and_the_next_day_posts() {
    let app = subscribed(utc("2026-12-01T06:00:00Z"), "09:00", "UTC").await;
    let skipped = app
        .engine
        .skip_daily(&admin(), "c1", Some("team offsite"))
        .await
        .unwrap();
    assert_eq!(skipped.skipped.local_date, day("2026-12-01"));
    assert_eq!(
        skipped.next.map(|f| f.at),
        Some(utc("2026-12-02T09:00:00Z"))
    );
    let text = prepbot::wording::daily_skipped(&skipped, "/prepbot resume");
    assert_eq!(
        text,
        "Skipped the daily question of Tue 1 Dec 09:00 UTC: nothing is posted then; the next one comes Wed 2 Dec 09:00 UTC."
    );
    let preview = app.engine.daily_preview(&admin(), "c1").await.unwrap();
    assert_eq!(preview.dates[0].planned, Planned::Skipped);

    let posts = Arc::new(Posts::default());
    let scheduler = scheduler(&app, &posts);
    run(
        &app,
        &scheduler,
        "2026-12-01T06:00:00Z",
        "2026-12-02T12:00:00Z",
    )
    .await;
    let dates: Vec<String> = posts.dates().into_iter().map(|(d, _)| d).collect();
    assert_eq!(dates, ["2026-12-02"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM daily_posts WHERE local_date = '2026-12-01' AND status = 'skipped' AND skip_reason = 'admin'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM admin_actions a JOIN members m ON m.id = a.member_id WHERE m.display_name = 'Grace' AND a.action = 'daily.skip' AND a.detail LIKE '%2026-12-01%team offsite'")
            .await,
        1
    );
}

#[tokio::test]
async fn after_todays_post_a_skip_takes_the_next_one_and_a_second_skip_the_one_after() {
    let app = subscribed(utc("2026-12-01T06:00:00Z"), "09:00", "UTC").await;
    let posts = Arc::new(Posts::default());
    let scheduler = scheduler(&app, &posts);
    run(
        &app,
        &scheduler,
        "2026-12-01T09:00:00Z",
        "2026-12-01T09:10:00Z",
    )
    .await;
    let first = app.engine.skip_daily(&admin(), "c1", None).await.unwrap();
    let second = app.engine.skip_daily(&admin(), "c1", None).await.unwrap();
    assert_eq!(first.skipped.local_date, day("2026-12-02"));
    assert_eq!(second.skipped.local_date, day("2026-12-03"));
    run(
        &app,
        &scheduler,
        "2026-12-01T09:20:00Z",
        "2026-12-04T10:00:00Z",
    )
    .await;
    let dates: Vec<String> = posts.dates().into_iter().map(|(d, _)| d).collect();
    assert_eq!(dates, ["2026-12-01", "2026-12-04"]);
}

#[tokio::test]
async fn a_pause_through_a_date_stops_posts_then_they_resume_the_day_after() {
    let app = subscribed(utc("2026-12-01T10:00:00Z"), "09:00", "Europe/Berlin").await;
    let paused = app
        .engine
        .pause_daily(&admin(), "c1", Some(day("2026-12-03")), Some("exam week"))
        .await
        .unwrap();
    assert_eq!(paused.next.map(|f| f.at), Some(utc("2026-12-04T08:00:00Z")));
    let text = prepbot::wording::daily_paused(&paused, "/prepbot resume");
    assert!(
        text.starts_with("The daily question here is paused through Thu 3 Dec (no post on that day either); the next one comes Fri 4 Dec 09:00 CET."),
        "{text}"
    );
    let preview = app.engine.daily_preview(&admin(), "c1").await.unwrap();
    let planned: Vec<&Planned> = preview.dates.iter().map(|d| &d.planned).collect();
    assert_eq!(planned[..2], [&Planned::Paused, &Planned::Paused]);
    assert!(matches!(planned[2], Planned::Post { .. }));
    let text = prepbot::wording::daily_preview(&preview, "/prepbot resume");
    assert!(text.contains("Wed 2 Dec – Thu 3 Dec"), "{text}");
    assert!(text.contains("paused, no post"), "{text}");
    assert!(
        text.contains("Now paused by Grace through Thu 3 Dec (exam week)."),
        "{text}"
    );

    let posts = Arc::new(Posts::default());
    let scheduler = scheduler(&app, &posts);
    run(
        &app,
        &scheduler,
        "2026-12-01T10:00:00Z",
        "2026-12-05T12:00:00Z",
    )
    .await;
    let dates: Vec<String> = posts.dates().into_iter().map(|(d, _)| d).collect();
    assert_eq!(dates, ["2026-12-04", "2026-12-05"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM daily_posts WHERE skip_reason = 'paused'")
            .await,
        2
    );

    // The period stays queryable for the workspace.
    let workspace = app
        .count("SELECT workspace_id FROM subscriptions WHERE channel_id = 'c1'")
        .await;
    let pauses = app
        .engine
        .pauses_between(
            workspace,
            utc("2026-11-30T00:00:00Z"),
            utc("2026-12-10T00:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(
        pauses,
        [(utc("2026-12-01T10:00:00Z"), utc("2026-12-03T23:00:00Z"))]
    );
    let none = app
        .engine
        .pauses_between(
            workspace,
            utc("2026-12-04T00:00:00Z"),
            utc("2026-12-10T00:00:00Z"),
        )
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");
}

#[tokio::test]
async fn a_resume_restarts_at_the_next_firing_without_catching_up_the_paused_days() {
    let app = subscribed(utc("2026-12-01T10:00:00Z"), "09:00", "UTC").await;
    let paused = app
        .engine
        .pause_daily(&admin(), "c1", None, None)
        .await
        .unwrap();
    assert_eq!(paused.next, None);
    let posts = Arc::new(Posts::default());
    let scheduler = scheduler(&app, &posts);
    run(
        &app,
        &scheduler,
        "2026-12-01T10:00:00Z",
        "2026-12-03T09:30:00Z",
    )
    .await;
    assert!(posts.dates().is_empty());
    let preview = app.engine.daily_preview(&admin(), "c1").await.unwrap();
    assert_eq!(
        preview.dates.len(),
        1,
        "a pause until resumed ends the plan"
    );
    let text = prepbot::wording::daily_preview(&preview, "/prepbot resume");
    assert!(
        text.contains("until an admin resumes it with /prepbot resume"),
        "{text}"
    );
    let status = app.engine.daily_status(&admin()).await.unwrap();
    assert!(status[0].admin_pause.is_some());
    assert_eq!(status[0].next, None);

    // Resumed at 09:30, after today's time: today's post is not made up.
    app.set_time(utc("2026-12-03T09:30:00Z"));
    let resumed = app
        .engine
        .resume_daily(&admin(), "c1", Some("exams over"))
        .await
        .unwrap();
    assert_eq!(
        resumed.next.map(|f| f.at),
        Some(utc("2026-12-04T09:00:00Z"))
    );
    // Today's firing fell in the pause: it is not made up.
    run(
        &app,
        &scheduler,
        "2026-12-03T09:40:00Z",
        "2026-12-04T09:10:00Z",
    )
    .await;
    let dates: Vec<String> = posts.dates().into_iter().map(|(d, _)| d).collect();
    assert_eq!(dates, ["2026-12-04"]);
    let again = app.engine.resume_daily(&admin(), "c1", None).await;
    assert_eq!(
        refusal(again.unwrap_err()),
        "The daily question in this channel is not paused, so there is nothing to resume."
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM admin_actions WHERE action IN ('daily.pause', 'daily.resume')"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn a_queued_question_is_posted_next_and_not_again_in_the_round() {
    let app = subscribed(utc("2026-12-01T06:00:00Z"), "09:00", "UTC").await;
    let posts = Arc::new(Posts::default());
    let scheduler = scheduler(&app, &posts);
    run(
        &app,
        &scheduler,
        "2026-12-01T09:00:00Z",
        "2026-12-01T09:10:00Z",
    )
    .await;
    let queued = app
        .engine
        .queue_daily(&admin(), "c1", "genai-018", Some("we covered attention"))
        .await
        .unwrap();
    assert_eq!(queued.question_id.as_str(), "genai-018");
    assert_eq!(queued.at.map(|f| f.at), Some(utc("2026-12-02T09:00:00Z")));
    let preview = app.engine.daily_preview(&admin(), "c1").await.unwrap();
    assert_eq!(
        preview.dates[0].planned,
        Planned::Post {
            question: Some(prepbot::domain::QuestionId::parse("genai-018").unwrap())
        }
    );
    // Every post of the hundred-question round, from the second day on.
    let mut now = utc("2026-12-02T09:00:00Z");
    for _ in 0..99 {
        app.set_time(now);
        scheduler.tick(now).await;
        now += Duration::days(1);
    }
    let questions: Vec<String> = posts.dates().into_iter().map(|(_, q)| q).collect();
    assert_eq!(questions[1], "genai-018");
    assert_eq!(
        questions.iter().filter(|q| *q == "genai-018").count(),
        1,
        "once in the round"
    );
    let distinct: std::collections::HashSet<&String> = questions.iter().collect();
    assert_eq!(
        distinct.len(),
        100,
        "the round is still every question once"
    );
}

#[tokio::test]
async fn queue_refuses_an_unknown_id_with_a_suggestion_and_a_question_off_the_channels_topics() {
    let app = spawn_app(utc("2026-12-01T06:00:00Z")).await;
    let setup = DailySetup {
        channel_id: "c1".into(),
        schedule: "09:00".into(),
        timezone: Some("UTC".into()),
        topics: Some("transformers".into()),
        ..DailySetup::default()
    };
    app.engine.setup_daily(&admin(), &setup).await.unwrap();
    let unknown = app
        .engine
        .queue_daily(&admin(), "c1", "genai-18", None)
        .await
        .unwrap_err();
    assert_eq!(
        refusal(unknown),
        "There is no question `genai-18`. Did you mean genai-018?"
    );
    let off_topic = app
        .engine
        .bank()
        .questions()
        .iter()
        .find(|q| q.topic.as_str() != "transformers")
        .unwrap()
        .clone();
    let refused = app
        .engine
        .queue_daily(&admin(), "c1", off_topic.id.as_str(), None)
        .await
        .unwrap_err();
    let text = refusal(refused);
    assert!(
        text.contains("but this channel's daily question takes only transformers"),
        "{text}"
    );
    let nowhere = app
        .engine
        .queue_daily(&admin(), "elsewhere", "genai-018", None)
        .await
        .unwrap_err();
    assert!(refusal(nowhere).contains("/prepbot setup"));
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_actions").await, 0);
}

#[tokio::test]
async fn a_pause_ending_on_a_past_day_is_refused_and_a_second_pause_changes_the_end() {
    let app = subscribed(utc("2026-12-05T10:00:00Z"), "09:00", "UTC").await;
    let past = app
        .engine
        .pause_daily(&admin(), "c1", Some(day("2026-12-04")), None)
        .await
        .unwrap_err();
    assert_eq!(
        refusal(past),
        "The pause cannot end on 2026-12-04: that day has passed (today is 2026-12-05 in UTC). Give today or a later date, as YYYY-MM-DD."
    );
    app.engine
        .pause_daily(&admin(), "c1", Some(day("2026-12-10")), None)
        .await
        .unwrap();
    let changed = app
        .engine
        .pause_daily(&admin(), "c1", Some(day("2026-12-07")), None)
        .await
        .unwrap();
    assert!(changed.changed);
    assert_eq!(
        changed.next.map(|f| f.at),
        Some(utc("2026-12-08T09:00:00Z"))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM daily_pauses").await, 1);
}

#[tokio::test]
async fn an_approved_workspace_question_can_be_queued_and_a_pending_one_is_refused() {
    let app = subscribed(utc("2026-12-01T06:00:00Z"), "09:00", "UTC").await;
    let draft = |question: &str| prepbot::bank::Draft {
        topic: "llms".into(),
        difficulty: "easy".into(),
        question: question.into(),
        answer: "Integer ids of subword pieces.".into(),
        key_points: vec!["integer ids".into(), "subword pieces".into()],
    };
    let added = app
        .engine
        .add_question(&admin(), &draft("What does a tokenizer hand to the model?"))
        .await
        .unwrap();
    let suggested = app
        .engine
        .suggest_question(
            &member("g1", "Ada"),
            &draft("What does a tokenizer hand back to the model?"),
        )
        .await
        .unwrap();
    let queued = app
        .engine
        .queue_daily(&admin(), "c1", added.id.as_str(), None)
        .await
        .unwrap();
    assert_eq!(queued.question_id, added.id);
    let refused = app
        .engine
        .queue_daily(&admin(), "c1", suggested.id.as_str(), None)
        .await
        .unwrap_err();
    assert_eq!(
        refusal(refused),
        format!(
            "{} is pending, not approved; only approved questions of this workspace can be posted. Approve it first from the pending questions.",
            suggested.id
        )
    );
    let posts = Arc::new(Posts::default());
    run(
        &app,
        &scheduler(&app, &posts),
        "2026-12-01T09:00:00Z",
        "2026-12-01T09:10:00Z",
    )
    .await;
    assert_eq!(posts.dates()[0].1, added.id.as_str());
}
