//! The weekly recap through the engine and the scheduler at fixed
//! instants: posted on Monday at the daily question's time, once per ISO
//! week across rounds, second schedulers and restarts; members hidden from
//! leaderboards left out; switched off per channel.

mod support;

use std::sync::{Arc, Mutex};

use prepbot::config::DailySettings;
use prepbot::domain::Grade;
use prepbot::engine::{
    DailyPost, DailySetup, GradeInput, MemberRef, PostReceipt, PublicReveal, WeeklyRecap,
};
use prepbot::scheduler::{PostError, Poster, Scheduler};
use support::{TestApp, local, member, spawn_app, spawn_app_at};

/// Keeps what it is given; a recap send can be made to fail.
#[derive(Default)]
struct RecapPoster {
    recaps: Mutex<Vec<WeeklyRecap>>,
    failures_left: Mutex<u32>,
}

#[async_trait::async_trait]
impl Poster for RecapPoster {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        Ok(PostReceipt {
            message_id: post.nonce.clone(),
            thread_id: None,
        })
    }

    async fn post_reveal(&self, _reveal: &PublicReveal) -> Result<(), PostError> {
        Ok(())
    }

    async fn post_recap(&self, recap: &WeeklyRecap) -> Result<(), PostError> {
        let mut failures = self.failures_left.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            return Err(PostError::retry("503 Service Unavailable"));
        }
        self.recaps.lock().unwrap().push(recap.clone());
        Ok(())
    }
}

impl RecapPoster {
    fn weeks(&self) -> Vec<(String, String)> {
        self.recaps
            .lock()
            .unwrap()
            .iter()
            .map(|r| (r.channel_id.clone(), r.recap.week.clone()))
            .collect()
    }
}

fn scheduler(app: &TestApp, poster: &Arc<RecapPoster>) -> Scheduler {
    let settings = DailySettings {
        posts_per_second: std::num::NonZeroU32::new(1_000).unwrap(),
        ..DailySettings::default()
    };
    Scheduler::new(app.engine.clone(), poster.clone(), &settings)
}

fn admin() -> MemberRef {
    member("g1", "admin")
}

const ZONE: &str = "Europe/Berlin";

async fn subscribe(app: &TestApp, channel: &str) {
    let setup = DailySetup {
        channel_id: channel.into(),
        schedule: "09:00".into(),
        timezone: Some(ZONE.into()),
        ..DailySetup::default()
    };
    app.engine.setup_daily(&admin(), &setup).await.unwrap();
}

/// A quiz card graded `grade` by `who`.
async fn practise(app: &TestApp, who: &MemberRef, grade: Grade) {
    app.practise(who, grade).await;
}

#[tokio::test]
async fn the_recap_goes_out_once_on_monday_at_the_daily_time_across_rounds_schedulers_and_restarts()
{
    // Wednesday of ISO week 48.
    let app = spawn_app(local(ZONE, "2026-11-25 12:00")).await;
    subscribe(&app, "c1").await;
    let ada = member("g1", "Ada");
    practise(&app, &ada, Grade::Good).await;
    let poster = Arc::new(RecapPoster::default());
    let first = scheduler(&app, &poster);

    first.tick(local(ZONE, "2026-11-29 20:00")).await;
    first.tick(local(ZONE, "2026-11-30 08:59")).await;
    assert!(poster.weeks().is_empty(), "not before Monday's daily time");

    app.set_time(local(ZONE, "2026-11-30 09:00"));
    let report = first.tick(local(ZONE, "2026-11-30 09:00")).await;
    assert_eq!(report.recapped, 1);
    assert_eq!(poster.weeks(), [("c1".to_owned(), "2026-W48".to_owned())]);
    let recap = poster.recaps.lock().unwrap()[0].recap.clone();
    assert_eq!(recap.members_practised, 1);
    assert_eq!(recap.questions_practised, 1);
    assert_eq!(recap.top_points[0].name, "Ada");

    // Again, by the same scheduler, a second one, and after a restart.
    first.tick(local(ZONE, "2026-11-30 09:01")).await;
    let second = scheduler(&app, &poster);
    second.tick(local(ZONE, "2026-11-30 09:02")).await;
    let restarted = spawn_app_at(
        &app.dir.path().join("prepbot.db"),
        local(ZONE, "2026-11-30 10:00"),
    )
    .await;
    let after_restart = Arc::new(RecapPoster::default());
    scheduler(&restarted, &after_restart)
        .tick(local(ZONE, "2026-11-30 10:00"))
        .await;
    assert_eq!(poster.weeks().len(), 1, "one recap for week 48");
    assert!(after_restart.weeks().is_empty());

    // The next Monday recaps week 49.
    first.tick(local(ZONE, "2026-12-07 09:00")).await;
    assert_eq!(
        poster.weeks().last(),
        Some(&("c1".to_owned(), "2026-W49".to_owned()))
    );
    assert_eq!(poster.weeks().len(), 2);
}

#[tokio::test]
async fn a_member_hidden_from_leaderboards_is_left_out_of_the_recap() {
    let app = spawn_app(local(ZONE, "2026-11-25 12:00")).await;
    subscribe(&app, "c1").await;
    let ada = member("g1", "Ada");
    let hidden = member("g1", "Hidden Harriet");
    practise(&app, &ada, Grade::Good).await;
    practise(&app, &hidden, Grade::Again).await;
    practise(&app, &hidden, Grade::Again).await;
    app.engine
        .set_leaderboard_opt_out(&hidden, true)
        .await
        .unwrap();
    let poster = Arc::new(RecapPoster::default());
    scheduler(&app, &poster)
        .tick(local(ZONE, "2026-11-30 09:00"))
        .await;
    let recap = poster.recaps.lock().unwrap()[0].recap.clone();
    assert_eq!(recap.members_practised, 1);
    assert_eq!(recap.questions_practised, 1);
    let names: Vec<&str> = recap
        .top_points
        .iter()
        .chain(&recap.top_streaks)
        .map(|e| e.name.as_str())
        .collect();
    assert!(names.iter().all(|n| *n == "Ada"), "{names:?}");
    assert!(recap.most_missed.is_none(), "only the hidden member missed");
    let text = prepbot::wording::recap(&recap);
    assert!(!text.contains("Harriet"), "{text}");
    let picture = prepbot::picture::recap_png(&recap).unwrap();
    assert_eq!(&picture[1..4], b"PNG");
}

#[tokio::test]
async fn the_recap_names_the_question_missed_most_often() {
    let app = spawn_app(local(ZONE, "2026-11-25 12:00")).await;
    subscribe(&app, "c1").await;
    let ada = member("g1", "Ada");
    let grace = member("g1", "Grace");
    let card = app
        .engine
        .quiz(&ada, None, None, prepbot::domain::Mode::Flashcard)
        .await
        .unwrap();
    let id = card.question_id.to_string();
    app.engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Again))
        .await
        .unwrap();
    let again = app
        .engine
        .quiz(&grace, Some(&id), None, prepbot::domain::Mode::Flashcard)
        .await
        .unwrap();
    app.engine
        .grade(&grace, again.id, GradeInput::Grade(Grade::Again))
        .await
        .unwrap();
    practise(&app, &grace, Grade::Easy).await;
    app.set_time(local(ZONE, "2026-11-30 10:00"));
    let recap = app.engine.recap_preview(&admin()).await.unwrap();
    let missed = recap.most_missed.clone().expect("a missed question");
    assert_eq!(missed.question_id, id);
    assert_eq!(missed.times, 2);
    assert!(!missed.question.is_empty());
    assert_eq!(recap.members_practised, 2);
    assert_eq!(recap.questions_practised, 3);
    assert!(
        prepbot::wording::recap(&recap)
            .contains(&format!("Most often missed: {id} (missed 2 times)"))
    );
}

#[tokio::test]
async fn a_channel_with_its_recap_switched_off_gets_none_and_one_switched_on_again_does() {
    let app = spawn_app(local(ZONE, "2026-11-25 12:00")).await;
    subscribe(&app, "c1").await;
    subscribe(&app, "c2").await;
    assert!(
        app.engine
            .set_weekly_recap(&admin(), "c2", false)
            .await
            .unwrap()
    );
    assert!(
        !app.engine
            .set_weekly_recap(&admin(), "nowhere", false)
            .await
            .unwrap()
    );
    let poster = Arc::new(RecapPoster::default());
    let scheduler = scheduler(&app, &poster);
    scheduler.tick(local(ZONE, "2026-11-30 09:00")).await;
    assert_eq!(poster.weeks(), [("c1".to_owned(), "2026-W48".to_owned())]);

    assert!(
        app.engine
            .set_weekly_recap(&admin(), "c2", true)
            .await
            .unwrap()
    );
    scheduler.tick(local(ZONE, "2026-12-07 09:00")).await;
    let mut weeks = poster.weeks();
    weeks.sort();
    assert_eq!(
        weeks,
        [
            ("c1".to_owned(), "2026-W48".to_owned()),
            ("c1".to_owned(), "2026-W49".to_owned()),
            ("c2".to_owned(), "2026-W49".to_owned()),
        ]
    );
}

#[tokio::test]
async fn a_channel_set_up_after_mondays_time_waits_for_the_next_monday() {
    let app = spawn_app(local(ZONE, "2026-11-30 11:00")).await;
    subscribe(&app, "c1").await;
    let poster = Arc::new(RecapPoster::default());
    scheduler(&app, &poster)
        .tick(local(ZONE, "2026-11-30 11:00"))
        .await;
    assert!(poster.weeks().is_empty());
}

#[tokio::test]
async fn a_failed_recap_is_tried_again_and_posted_once() {
    let app = spawn_app(local(ZONE, "2026-11-25 12:00")).await;
    subscribe(&app, "c1").await;
    let poster = Arc::new(RecapPoster::default());
    *poster.failures_left.lock().unwrap() = 1;
    let scheduler = scheduler(&app, &poster);
    let failed = scheduler.tick(local(ZONE, "2026-11-30 09:00")).await;
    assert_eq!(failed.recapped, 0);
    let retried = scheduler.tick(local(ZONE, "2026-11-30 10:00")).await;
    assert_eq!(retried.recapped, 1);
    scheduler.tick(local(ZONE, "2026-11-30 11:00")).await;
    assert_eq!(poster.weeks(), [("c1".to_owned(), "2026-W48".to_owned())]);
    // A quiet week says so.
    let recap = poster.recaps.lock().unwrap()[0].recap.clone();
    assert!(recap.is_quiet());
}
