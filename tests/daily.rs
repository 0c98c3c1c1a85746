//! Daily questions end to end through the engine and the scheduler, with a
//! fake Poster, at fixed instants: every post exactly once, across time
//! zones and daylight saving, crashes, downtime and failing sends.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use prepbot::config::DailySettings;
use prepbot::domain::Grade;
use prepbot::engine::{
    DailyPost, DailySetup, EngineError, GradeInput, MemberRef, PostReceipt, PublicReveal,
    UserError, WeeklyRecap,
};
use prepbot::scheduler::{PostError, Poster, Scheduler};
use support::{TestApp, local, member, spawn_app_with, utc};

/// Posts into memory. Like Discord with `enforce_nonce`, a second send with
/// a nonce it has seen returns the first message instead of a new one.
#[derive(Default)]
struct FakePoster {
    messages: Mutex<Vec<DailyPost>>,
    by_nonce: Mutex<HashMap<String, String>>,
    reveals: Mutex<Vec<PublicReveal>>,
    /// Sends that will fail before one succeeds.
    failures_left: Mutex<u32>,
    /// The channel refuses prepbot for good (removed, deleted, archived).
    refused: Mutex<bool>,
    sends: Mutex<u32>,
}

#[async_trait::async_trait]
impl Poster for FakePoster {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        *self.sends.lock().unwrap() += 1;
        if *self.refused.lock().unwrap() {
            return Err(PostError::channel_refused(
                "the channel refused the post: not_in_channel",
            ));
        }
        {
            let mut failures = self.failures_left.lock().unwrap();
            if *failures > 0 {
                *failures -= 1;
                return Err(PostError::retry("503 Service Unavailable"));
            }
        }
        let mut by_nonce = self.by_nonce.lock().unwrap();
        if let Some(existing) = by_nonce.get(&post.nonce) {
            return Ok(PostReceipt {
                message_id: existing.clone(),
                thread_id: Some(format!("t{existing}")),
            });
        }
        let mut messages = self.messages.lock().unwrap();
        let id = format!("m{}", messages.len() + 1);
        by_nonce.insert(post.nonce.clone(), id.clone());
        messages.push(post.clone());
        Ok(PostReceipt {
            message_id: id.clone(),
            thread_id: Some(format!("t{id}")),
        })
    }

    async fn post_reveal(&self, reveal: &PublicReveal) -> Result<(), PostError> {
        self.reveals.lock().unwrap().push(reveal.clone());
        Ok(())
    }

    // Weekly recaps have their own tests (tests/recap.rs).
    async fn post_recap(&self, _recap: &WeeklyRecap) -> Result<(), PostError> {
        Ok(())
    }
}

impl FakePoster {
    fn posted(&self) -> Vec<DailyPost> {
        self.messages.lock().unwrap().clone()
    }

    /// The question of each visible post, in order.
    fn questions(&self) -> Vec<String> {
        self.posted()
            .iter()
            .map(|p| p.card.question_id.to_string())
            .collect()
    }

    /// (channel, local date, scheduled instant) of each visible post.
    fn summary(&self) -> Vec<(String, String, String)> {
        self.posted()
            .iter()
            .map(|p| {
                (
                    p.channel_id.clone(),
                    p.local_date.clone(),
                    p.scheduled_at.format("%Y-%m-%dT%H:%MZ").to_string(),
                )
            })
            .collect()
    }
}

fn fast_retries() -> DailySettings {
    DailySettings {
        posts_per_second: std::num::NonZeroU32::new(1_000).unwrap(),
        ..DailySettings::default()
    }
}

async fn app_at(start: DateTime<Utc>) -> TestApp {
    spawn_app_with(start, |_| {}).await
}

fn scheduler(app: &TestApp, poster: &Arc<FakePoster>) -> Scheduler {
    Scheduler::new(app.engine.clone(), poster.clone(), &fast_retries())
}

fn admin() -> MemberRef {
    member("g1", "admin")
}

async fn subscribe(app: &TestApp, channel: &str, schedule: &str, zone: &str) {
    let setup = DailySetup {
        channel_id: channel.into(),
        schedule: schedule.into(),
        timezone: Some(zone.into()),
        ..DailySetup::default()
    };
    app.engine
        .setup_daily(&admin(), &setup)
        .await
        .expect("a valid setup");
}

/// Ticks every `step` from `from` to `to`, as a running bot would.
async fn tick_through(
    app: &TestApp,
    scheduler: &Scheduler,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    step: Duration,
) {
    let mut now = from;
    while now <= to {
        app.set_time(now);
        scheduler.tick(now).await;
        now += step;
    }
}

async fn daily_across(
    zone: &str,
    schedule: &str,
    from_day: &str,
    days: i64,
    expected: &[(&str, &str)],
) {
    let start = local(zone, &format!("{from_day} 00:00"));
    let app = app_at(start).await;
    subscribe(&app, "c1", schedule, zone).await;
    let poster = Arc::new(FakePoster::default());
    let scheduler = scheduler(&app, &poster);
    tick_through(
        &app,
        &scheduler,
        start,
        start + Duration::days(days),
        Duration::minutes(10),
    )
    .await;
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(date, at)| ("c1".to_owned(), date.to_string(), at.to_string()))
        .collect();
    assert_eq!(poster.summary(), expected, "{zone} {schedule}");
}

#[tokio::test]
async fn new_york_posts_once_a_day_through_spring_forward_even_at_a_skipped_time() {
    daily_across(
        "America/New_York",
        "02:30",
        "2026-03-07",
        3,
        &[
            ("2026-03-07", "2026-03-07T07:30Z"),
            ("2026-03-08", "2026-03-08T07:00Z"),
            ("2026-03-09", "2026-03-09T06:30Z"),
        ],
    )
    .await;
}

#[tokio::test]
async fn new_york_posts_once_a_day_through_fall_back_even_at_a_repeated_time() {
    daily_across(
        "America/New_York",
        "01:30",
        "2026-10-31",
        3,
        &[
            ("2026-10-31", "2026-10-31T05:30Z"),
            ("2026-11-01", "2026-11-01T05:30Z"),
            ("2026-11-02", "2026-11-02T06:30Z"),
        ],
    )
    .await;
}

#[tokio::test]
async fn berlin_posts_at_nine_local_on_both_sides_of_its_change() {
    daily_across(
        "Europe/Berlin",
        "09:00",
        "2026-03-28",
        3,
        &[
            ("2026-03-28", "2026-03-28T08:00Z"),
            ("2026-03-29", "2026-03-29T07:00Z"),
            ("2026-03-30", "2026-03-30T07:00Z"),
        ],
    )
    .await;
}

#[tokio::test]
async fn sydney_posts_once_on_the_night_its_clock_goes_back() {
    daily_across(
        "Australia/Sydney",
        "30 2 * * *",
        "2026-04-04",
        3,
        &[
            ("2026-04-04", "2026-04-03T15:30Z"),
            ("2026-04-05", "2026-04-04T15:30Z"),
            ("2026-04-06", "2026-04-05T16:30Z"),
        ],
    )
    .await;
}

#[tokio::test]
async fn two_channels_in_different_zones_post_at_their_own_times() {
    let start = utc("2026-11-27T12:00:00Z");
    let app = app_at(start).await;
    subscribe(&app, "berlin", "09:00", "Europe/Berlin").await;
    subscribe(&app, "tokyo", "09:00", "Asia/Tokyo").await;
    let poster = Arc::new(FakePoster::default());
    let scheduler = scheduler(&app, &poster);
    tick_through(
        &app,
        &scheduler,
        start,
        utc("2026-11-28T12:00:00Z"),
        Duration::minutes(5),
    )
    .await;
    assert_eq!(
        poster.summary(),
        [
            (
                "tokyo".to_owned(),
                "2026-11-28".to_owned(),
                "2026-11-28T00:00Z".to_owned()
            ),
            (
                "berlin".to_owned(),
                "2026-11-28".to_owned(),
                "2026-11-28T08:00Z".to_owned()
            ),
        ]
    );
    let nonces: Vec<String> = poster.posted().iter().map(|p| p.nonce.clone()).collect();
    assert!(
        nonces.iter().all(|n| n.len() <= 25),
        "Discord nonces are at most 25 characters: {nonces:?}"
    );
}

/// Builds a second app on the same database and bank, as a restart would.
async fn restart(app: &TestApp, now: DateTime<Utc>) -> (TestApp, tempfile::TempDir) {
    let database = app.dir.path().join("prepbot.db");
    let restarted = spawn_app_with(now, |settings| settings.database.path = database.clone()).await;
    (restarted, tempfile::tempdir().unwrap())
}

#[tokio::test]
async fn a_crash_between_claiming_and_sending_sends_the_post_once_after_restart() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::hours(1)).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    // The claim is made, then the process dies before sending.
    app.set_time(nine);
    let claims = app
        .engine
        .claim_due_posts(nine, Duration::hours(6))
        .await
        .unwrap();
    assert_eq!(claims.claimed, 1);
    drop(app.engine.clone());

    let (restarted, _keep) = restart(&app, nine + Duration::minutes(3)).await;
    let poster = Arc::new(FakePoster::default());
    let report = scheduler(&restarted, &poster)
        .tick(nine + Duration::minutes(3))
        .await;
    assert_eq!((report.claimed, report.sent), (0, 1), "{report:?}");
    let again = scheduler(&restarted, &poster)
        .tick(nine + Duration::minutes(4))
        .await;
    assert_eq!(again.sent, 0);
    assert_eq!(poster.posted().len(), 1);
    assert_eq!(
        restarted
            .count("SELECT COUNT(*) FROM daily_posts WHERE status = 'sent'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_crash_after_sending_but_before_marking_resends_with_the_same_nonce_and_shows_one_post() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::minutes(1)).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    app.set_time(nine + Duration::seconds(1));
    app.engine
        .claim_due_posts(nine + Duration::seconds(1), Duration::hours(6))
        .await
        .unwrap();
    let poster = Arc::new(FakePoster::default());
    // The post goes out, then the process dies before marking it sent.
    let claimed = app
        .engine
        .unsent_posts(nine + Duration::seconds(1))
        .await
        .unwrap();
    let first = poster.post_daily(&claimed[0]).await.unwrap();

    let (restarted, _keep) = restart(&app, nine + Duration::minutes(2)).await;
    let report = scheduler(&restarted, &poster)
        .tick(nine + Duration::minutes(2))
        .await;
    assert_eq!(report.sent, 1, "the claimed post is sent again");
    assert_eq!(*poster.sends.lock().unwrap(), 2);
    assert_eq!(poster.posted().len(), 1, "the platform shows it once");
    let message: String = sqlx::query_scalar("SELECT message_id FROM daily_posts")
        .fetch_one(restarted.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(message, first.message_id);
}

#[tokio::test]
async fn a_post_missed_during_downtime_goes_out_at_start_up_within_the_catch_up_window() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::hours(2)).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    // Down from 08:00 to 14:30: five and a half hours late, within six.
    let (restarted, _keep) = restart(&app, nine + Duration::minutes(330)).await;
    let poster = Arc::new(FakePoster::default());
    let report = scheduler(&restarted, &poster)
        .tick(nine + Duration::minutes(330))
        .await;
    assert_eq!((report.claimed, report.sent, report.skipped), (1, 1, 0));
    assert_eq!(
        poster.summary(),
        [(
            "c1".to_owned(),
            "2026-11-28".to_owned(),
            "2026-11-28T09:00Z".to_owned()
        )]
    );
}

#[tokio::test]
async fn a_post_missed_for_longer_than_the_window_is_skipped_and_the_next_day_posts_normally() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::hours(2)).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let poster = Arc::new(FakePoster::default());
    let (restarted, _keep) = restart(&app, nine + Duration::hours(7)).await;
    let scheduler = scheduler(&restarted, &poster);
    let report = scheduler.tick(nine + Duration::hours(7)).await;
    assert_eq!((report.claimed, report.sent, report.skipped), (0, 0, 1));
    assert!(poster.posted().is_empty());
    assert_eq!(
        restarted
            .count("SELECT COUNT(*) FROM daily_posts WHERE status = 'skipped'")
            .await,
        1
    );
    let next_day = scheduler.tick(nine + Duration::days(1)).await;
    assert_eq!((next_day.sent, next_day.skipped), (1, 0));
}

#[tokio::test]
async fn a_post_that_fails_is_retried_with_growing_waits_until_it_goes_out_once() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::minutes(1)).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let poster = Arc::new(FakePoster {
        failures_left: Mutex::new(3),
        ..FakePoster::default()
    });
    let scheduler = scheduler(&app, &poster);
    let mut tried_at = Vec::new();
    let mut now = nine;
    while now <= nine + Duration::minutes(5) {
        let before = *poster.sends.lock().unwrap();
        scheduler.tick(now).await;
        if *poster.sends.lock().unwrap() > before {
            tried_at.push((now - nine).num_seconds());
        }
        now += Duration::seconds(1);
    }
    // Waits of 10, 20 and 40 seconds after each failure.
    assert_eq!(tried_at, [0, 10, 30, 70]);
    assert_eq!(poster.posted().len(), 1);
    assert_eq!(app.count("SELECT send_attempts FROM daily_posts").await, 4);
}

#[tokio::test]
async fn the_deck_uses_every_question_once_then_reshuffles() {
    let start = utc("2026-11-01T00:00:00Z");
    let app = app_at(start).await;
    let setup = DailySetup {
        channel_id: "c1".into(),
        schedule: "09:00".into(),
        timezone: Some("UTC".into()),
        topics: Some("VAE".into()),
        reveal_after_minutes: None,
    };
    let status = app.engine.setup_daily(&admin(), &setup).await.unwrap();
    assert_eq!(status.left_in_deck, 3, "the vaes topic has three questions");
    let poster = Arc::new(FakePoster::default());
    let scheduler = scheduler(&app, &poster);
    for day in 1..=6 {
        scheduler
            .tick(utc(&format!("2026-11-{day:02}T09:00:00Z")))
            .await;
    }
    let questions: Vec<String> = poster.questions();
    assert_eq!(questions.len(), 6);
    let first: std::collections::HashSet<_> = questions[..3].iter().collect();
    let second: std::collections::HashSet<_> = questions[3..].iter().collect();
    assert_eq!(first.len(), 3, "{questions:?}");
    assert_eq!(second.len(), 3, "{questions:?}");
    assert_ne!(
        questions[2], questions[3],
        "a new round does not open with the last question"
    );
    assert!(
        questions
            .iter()
            .all(|q| ["genai-065", "genai-066", "genai-067"].contains(&q.as_str()))
    );
}

/// Writes a one-topic bank of `ids` into `dir`.
fn write_bank(dir: &Path, ids: &[u32]) {
    std::fs::create_dir_all(dir).unwrap();
    let mut text =
        "[topic]\nid = \"llms\"\nname = \"LLMs\"\ndescription = \"Language models.\"\n".to_owned();
    for id in ids {
        text += &format!(
            "\n[[questions]]\nid = \"q-{id}\"\ndifficulty = \"easy\"\nquestion = \"Question {id}?\"\n\
             answer = \"Answer {id}.\"\nkey_points = [\"point {id}\", \"other {id}\"]\n"
        );
    }
    std::fs::write(dir.join("llms.toml"), text).unwrap();
}

#[tokio::test]
async fn a_bank_change_under_a_live_deck_drops_removed_questions_and_adds_new_ones_to_the_round() {
    let bank = tempfile::tempdir().unwrap();
    write_bank(bank.path(), &[1, 2, 3, 4]);
    let start = utc("2026-11-01T00:00:00Z");
    let bank_path = bank.path().to_path_buf();
    let app = spawn_app_with(start, |s| s.bank.questions_dir = bank_path.clone()).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let poster = Arc::new(FakePoster::default());
    for day in 1..=2 {
        scheduler(&app, &poster)
            .tick(utc(&format!("2026-11-{day:02}T09:00:00Z")))
            .await;
    }
    let posted: Vec<String> = poster.questions();
    let unposted: Vec<u32> = (1..=4)
        .filter(|n| !posted.contains(&format!("q-{n}")))
        .collect();
    // One question not yet posted leaves the bank; q-5 joins it.
    let removed = unposted[0];
    let kept: Vec<u32> = (1..=5).filter(|n| *n != removed).collect();
    write_bank(bank.path(), &kept);
    let database = app.dir.path().join("prepbot.db");
    let bank_path = bank.path().to_path_buf();
    let restarted = spawn_app_with(utc("2026-11-03T00:00:00Z"), |s| {
        s.database.path = database.clone();
        s.bank.questions_dir = bank_path.clone();
    })
    .await;
    for day in 3..=4 {
        scheduler(&restarted, &poster)
            .tick(utc(&format!("2026-11-{day:02}T09:00:00Z")))
            .await;
    }
    // Four questions are eligible now: the round ends after the two left
    // in it, and it has held every one of them once.
    let mut posted: Vec<String> = poster.questions();
    posted.sort();
    let expected: Vec<String> = kept.iter().map(|n| format!("q-{n}")).collect();
    assert_eq!(
        posted, expected,
        "each eligible question once, {removed} never"
    );
    let deck_round = restarted.count("SELECT round FROM decks").await;
    assert_eq!(deck_round, 1);
}

#[tokio::test]
async fn the_answer_is_revealed_publicly_after_the_delay_with_how_many_practised() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::hours(1)).await;
    let setup = DailySetup {
        channel_id: "c1".into(),
        schedule: "09:00".into(),
        timezone: Some("UTC".into()),
        topics: None,
        reveal_after_minutes: Some(120),
    };
    app.engine.setup_daily(&admin(), &setup).await.unwrap();
    let poster = Arc::new(FakePoster::default());
    let scheduler = scheduler(&app, &poster);
    app.set_time(nine);
    scheduler.tick(nine).await;
    let card = poster.posted()[0].card.clone();
    for name in ["ada", "bob"] {
        app.engine
            .grade(&member("g1", name), card.id, GradeInput::Grade(Grade::Good))
            .await
            .unwrap();
    }
    assert_eq!(
        app.engine
            .todays_daily(&member("g1", "cy"), "c1")
            .await
            .unwrap()
            .map(|c| c.id),
        Some(card.id)
    );
    scheduler.tick(nine + Duration::minutes(119)).await;
    assert!(
        poster.reveals.lock().unwrap().is_empty(),
        "not before the delay"
    );
    scheduler.tick(nine + Duration::minutes(120)).await;
    scheduler.tick(nine + Duration::minutes(121)).await;
    let reveals = poster.reveals.lock().unwrap().clone();
    assert_eq!(reveals.len(), 1, "revealed once");
    assert_eq!(reveals[0].practised, 2);
    assert_eq!(reveals[0].thread_id.as_deref(), Some("tm1"));
    assert_eq!(reveals[0].card.id, card.id);
}

#[tokio::test]
async fn daily_points_count_once_per_member_and_more_than_a_quiz() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::minutes(1)).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let poster = Arc::new(FakePoster::default());
    scheduler(&app, &poster).tick(nine).await;
    let card = poster.posted()[0].card.clone();
    let ada = member("g1", "ada");
    let first = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Hard))
        .await
        .unwrap();
    let again = app
        .engine
        .grade(&ada, card.id, GradeInput::Grade(Grade::Easy))
        .await
        .unwrap();
    assert_eq!(first.points, prepbot::engine::DAILY_POINTS);
    assert!(again.already_graded);
}

#[tokio::test]
async fn stopping_a_daily_question_stops_its_posts_and_status_tells_what_is_next() {
    let start = utc("2026-11-28T08:00:00Z");
    let app = app_at(start).await;
    subscribe(&app, "c1", "09:00", "Europe/Berlin").await;
    let status = app.engine.daily_status(&admin()).await.unwrap();
    assert_eq!(status.len(), 1);
    assert_eq!(
        status[0].next.unwrap().at,
        utc("2026-11-29T08:00:00Z"),
        "08:00 UTC is already past 09:00 Berlin"
    );
    assert_eq!(status[0].left_in_deck, 100);
    assert!(app.engine.stop_daily(&admin(), "c1").await.unwrap());
    assert!(
        !app.engine.stop_daily(&admin(), "c1").await.unwrap(),
        "stopping twice says nothing was running"
    );
    let poster = Arc::new(FakePoster::default());
    scheduler(&app, &poster)
        .tick(utc("2026-11-29T08:00:00Z"))
        .await;
    assert!(poster.posted().is_empty());
    assert!(
        app.engine.daily_status(&admin()).await.unwrap()[0]
            .next
            .is_none()
    );
}

#[tokio::test]
async fn a_cron_that_never_fires_is_refused_and_the_working_schedule_stays() {
    let app = app_at(utc("2026-11-28T08:00:00Z")).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let never = DailySetup {
        channel_id: "c1".into(),
        schedule: "0 0 31 2 *".into(),
        timezone: Some("UTC".into()),
        ..DailySetup::default()
    };
    let error = app.engine.setup_daily(&admin(), &never).await.unwrap_err();
    assert!(
        error.to_string().starts_with("`0 0 31 2 *` never fires"),
        "{error}"
    );
    let status = app.engine.daily_status(&admin()).await.unwrap();
    assert_eq!(status[0].subscription.schedule.to_string(), "09:00");
    assert_eq!(status[0].next.unwrap().at, utc("2026-11-28T09:00:00Z"));
}

#[tokio::test]
async fn crontab_weekdays_count_monday_as_1_and_sunday_as_0() {
    // Saturday 28 November 2026.
    let app = app_at(utc("2026-11-28T08:00:00Z")).await;
    subscribe(&app, "c1", "0 9 * * 1", "UTC").await;
    let next = app.engine.daily_status(&admin()).await.unwrap()[0]
        .next
        .unwrap();
    assert_eq!(next.at, utc("2026-11-30T09:00:00Z"), "Monday the 30th");
    subscribe(&app, "c1", "0 9 * * 0", "UTC").await;
    let next = app.engine.daily_status(&admin()).await.unwrap()[0]
        .next
        .unwrap();
    assert_eq!(next.at, utc("2026-11-29T09:00:00Z"), "Sunday the 29th");
}

#[tokio::test]
async fn after_todays_post_the_status_names_tomorrow_even_for_a_schedule_that_fires_again_today() {
    let app = app_at(utc("2026-11-28T08:00:00Z")).await;
    subscribe(&app, "c1", "0 9,15,21 * * *", "UTC").await;
    let poster = Arc::new(FakePoster::default());
    let scheduler = scheduler(&app, &poster);
    app.set_time(utc("2026-11-28T09:00:00Z"));
    scheduler.tick(utc("2026-11-28T09:00:00Z")).await;
    assert_eq!(poster.posted().len(), 1);
    app.set_time(utc("2026-11-28T10:00:00Z"));
    let next = app.engine.daily_status(&admin()).await.unwrap()[0]
        .next
        .unwrap();
    assert_eq!(next.at, utc("2026-11-29T09:00:00Z"), "not 15:00 today");
}

#[tokio::test]
async fn a_channel_that_refuses_prepbot_pauses_its_daily_question_with_the_reason_until_set_up_again()
 {
    let app = app_at(utc("2026-11-28T08:00:00Z")).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let poster = Arc::new(FakePoster::default());
    *poster.refused.lock().unwrap() = true;
    let scheduler = scheduler(&app, &poster);
    let at = utc("2026-11-28T09:00:00Z");
    app.set_time(at);
    let report = scheduler.tick(at).await;
    assert_eq!((report.sent, report.failed), (0, 1));
    assert_eq!(*poster.sends.lock().unwrap(), 1);
    // Not tried again, that day or the next.
    for minutes in [1, 10, 60, 24 * 60] {
        let later = at + Duration::minutes(minutes);
        app.set_time(later);
        scheduler.tick(later).await;
    }
    assert_eq!(
        *poster.sends.lock().unwrap(),
        1,
        "a refused channel is not retried"
    );
    let status = &app.engine.daily_status(&admin()).await.unwrap()[0];
    assert!(!status.subscription.enabled);
    assert_eq!(
        status.subscription.paused_reason.as_deref(),
        Some("the channel refused the post: not_in_channel")
    );
    assert_eq!(
        prepbot::wording::not_running(&status.subscription),
        "paused: the channel refused the post: not_in_channel"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM daily_posts WHERE status = 'skipped'")
            .await,
        1
    );
    // Fixed by the admin and set up again: running, and the reason is gone.
    *poster.refused.lock().unwrap() = false;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let status = &app.engine.daily_status(&admin()).await.unwrap()[0];
    assert!(status.subscription.enabled);
    assert_eq!(status.subscription.paused_reason, None);
}

#[tokio::test]
async fn a_setup_made_after_todays_time_starts_tomorrow() {
    let app = app_at(utc("2026-11-28T10:00:00Z")).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let poster = Arc::new(FakePoster::default());
    let report = scheduler(&app, &poster)
        .tick(utc("2026-11-28T10:00:05Z"))
        .await;
    assert_eq!(
        report,
        prepbot::scheduler::TickReport::default(),
        "today's 09:00 predates the setup"
    );
}

#[tokio::test]
async fn bad_setups_are_refused_with_what_is_wrong() {
    let app = app_at(utc("2026-11-28T10:00:00Z")).await;
    let refused = |setup: DailySetup| {
        let engine = app.engine.clone();
        async move {
            match engine.setup_daily(&admin(), &setup).await {
                Err(EngineError::User(error)) => error.to_string(),
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
    };
    let base = DailySetup {
        channel_id: "c1".into(),
        schedule: "09:00".into(),
        ..DailySetup::default()
    };
    assert_eq!(
        refused(DailySetup {
            schedule: "9 o'clock".into(),
            ..base.clone()
        })
        .await,
        "`9 o'clock` is neither a time (HH:MM, such as 09:00) nor a cron schedule: it has 2 fields, and a cron schedule has 5 fields: minute hour day-of-month month day-of-week, such as \"0 9 * * 1-5\" for 09:00 on weekdays; a seconds field may come first and a year last"
    );
    assert_eq!(
        refused(DailySetup {
            schedule: "0 25 * * *".into(),
            ..base.clone()
        })
        .await,
        "`0 25 * * *`: the hour field `25` has the value 25 outside 0 to 23"
    );
    assert!(
        refused(DailySetup {
            timezone: Some("Mars/Base".into()),
            ..base.clone()
        })
        .await
        .contains("not a known time zone")
    );
    assert_eq!(
        refused(DailySetup {
            topics: Some("transformers, gnas".into()),
            ..base.clone()
        })
        .await,
        "No topic `gnas`. Did you mean `gans`?"
    );
    assert_eq!(
        refused(DailySetup {
            reveal_after_minutes: Some(2_000),
            ..base.clone()
        })
        .await,
        "A reveal 2000 minutes after the post is too late; use at most 1440 (a day)."
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM subscriptions").await,
        0,
        "nothing is stored for a refused setup"
    );
    let _ = UserError::NoChannel;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_scheduler_plans_again_when_a_subscription_is_set_up_and_posts_on_time() {
    use prepbot::engine::SystemClock;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = prepbot::config::Settings::default();
    settings.database.path = dir.path().join("prepbot.db");
    settings.bank.questions_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questions").into();
    let app = prepbot::app::App::build(settings, Arc::new(SystemClock))
        .await
        .unwrap();
    let poster = Arc::new(FakePoster::default());
    let scheduler = Arc::new(Scheduler::new(
        app.engine.clone(),
        poster.clone(),
        &fast_retries(),
    ));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    // With nothing to do, the scheduler would sleep for an hour.
    let running = tokio::spawn({
        let scheduler = scheduler.clone();
        async move { scheduler.run(async { stopped.await.unwrap_or(()) }).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // A cron with seconds, two seconds from now in UTC.
    let at = Utc::now() + Duration::seconds(2);
    let setup = DailySetup {
        channel_id: "c1".into(),
        schedule: at.format("%S %M %H * * *").to_string(),
        timezone: Some("UTC".into()),
        ..DailySetup::default()
    };
    app.engine.setup_daily(&admin(), &setup).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), running)
        .await
        .expect("run stops when told")
        .unwrap();
    let posted = poster.posted();
    assert_eq!(posted.len(), 1, "the setup woke the scheduler");
    assert_eq!(posted[0].scheduled_at.timestamp(), at.timestamp());
}

#[tokio::test]
async fn a_subscription_that_cannot_be_read_is_logged_and_the_other_channels_still_post() {
    let nine = utc("2026-11-28T09:00:00Z");
    let app = app_at(nine - Duration::hours(1)).await;
    subscribe(&app, "broken", "09:00", "UTC").await;
    subscribe(&app, "fine", "09:00", "UTC").await;
    // Damage one row behind the engine's back, as a bad manual edit would.
    sqlx::query("UPDATE subscriptions SET schedule = 'every morning' WHERE channel_id = 'broken'")
        .execute(app.engine.store().pool())
        .await
        .unwrap();
    let poster = Arc::new(FakePoster::default());
    let report = scheduler(&app, &poster).tick(nine).await;
    assert_eq!((report.claimed, report.sent), (1, 1));
    assert_eq!(
        poster.summary(),
        [(
            "fine".to_owned(),
            "2026-11-28".to_owned(),
            "2026-11-28T09:00Z".to_owned()
        )]
    );
}

#[tokio::test]
async fn a_reload_under_a_live_deck_drops_the_removed_question_from_every_later_post() {
    let bank = tempfile::tempdir().unwrap();
    write_bank(bank.path(), &[1, 2, 3, 4]);
    let bank_path = bank.path().to_path_buf();
    let app = spawn_app_with(utc("2026-11-01T00:00:00Z"), |s| {
        s.bank.questions_dir = bank_path.clone()
    })
    .await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    let poster = Arc::new(FakePoster::default());
    let scheduler = scheduler(&app, &poster);
    scheduler.tick(utc("2026-11-01T09:00:00Z")).await;
    let first = poster.questions();
    let removed = (1..=4)
        .find(|n| !first.contains(&format!("q-{n}")))
        .unwrap();
    let kept: Vec<u32> = (1..=4).filter(|n| *n != removed).collect();
    write_bank(bank.path(), &kept);
    app.engine.reload_bank().await.expect("a good bank reloads");

    // Three rounds of the three questions left, without a restart.
    for day in 2..=10 {
        scheduler
            .tick(utc(&format!("2026-11-{day:02}T09:00:00Z")))
            .await;
    }
    let posted = poster.questions();
    assert_eq!(posted.len(), 10);
    assert!(
        posted[1..].iter().all(|q| *q != format!("q-{removed}")),
        "q-{removed} never posted after it left: {posted:?}"
    );
}

/// Posts like `FakePoster`, but each send takes `takes` on the clock, as a
/// slow channel or a round of many posts does.
struct SlowPoster {
    inner: FakePoster,
    clock: Arc<prepbot::engine::ManualClock>,
    takes: Duration,
}

#[async_trait::async_trait]
impl Poster for SlowPoster {
    async fn post_daily(&self, post: &DailyPost) -> Result<PostReceipt, PostError> {
        self.clock.advance(self.takes);
        self.inner.post_daily(post).await
    }

    async fn post_reveal(&self, reveal: &PublicReveal) -> Result<(), PostError> {
        self.inner.post_reveal(reveal).await
    }

    async fn post_recap(&self, recap: &WeeklyRecap) -> Result<(), PostError> {
        self.inner.post_recap(recap).await
    }
}

// Found by the kill -9 soak (tests/soak.rs): after a restart, the round
// sending the posts missed while down outlasted the next channels' times,
// and those channels then waited for the next hourly wake-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_falling_due_while_a_slow_round_is_sending_goes_out_right_after_it() {
    let app = app_at(utc("2026-03-02T08:59:00Z")).await;
    subscribe(&app, "c1", "09:00", "UTC").await;
    subscribe(&app, "c2", "09:01", "UTC").await;
    app.set_time(utc("2026-03-02T09:00:00Z"));
    // The setups left a wake-up waiting; take it, so that only the plan
    // after the first round can bring the second.
    app.engine.daily_changes().notified().await;
    let poster = Arc::new(SlowPoster {
        inner: FakePoster::default(),
        clock: app.clock.clone(),
        takes: Duration::minutes(2),
    });
    let scheduler = Scheduler::new(app.engine.clone(), poster.clone(), &fast_retries());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running =
        tokio::spawn(async move { scheduler.run(async { stopped.await.unwrap_or(()) }).await });
    // Sending c1 moves the clock to 09:02, past c2's 09:01. Without the fix
    // the scheduler would sleep for an hour; wait no longer than a minute.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while poster.inner.posted().len() < 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.send(()).unwrap();
    running.await.unwrap();
    let channels: Vec<String> = poster
        .inner
        .summary()
        .into_iter()
        .map(|(channel, date, at)| format!("{channel} {date} {at}"))
        .collect();
    assert_eq!(
        channels,
        [
            "c1 2026-03-02 2026-03-02T09:00Z",
            "c2 2026-03-02 2026-03-02T09:01Z"
        ]
    );
}
