//! Streaks through the engine at fixed instants: the day-start boundary,
//! daylight-saving changes, freezes, and members who change time zone.

mod support;

use prepbot::domain::Grade;
use prepbot::engine::MemberRef;
use support::{TestApp, local, member, spawn_app, utc};

/// Practises at a local wall-clock time and returns the streak after it.
async fn practise_at(app: &TestApp, who: &MemberRef, zone: &str, wall_clock: &str) -> u32 {
    app.set_time(local(zone, wall_clock));
    app.practise(who, Grade::Good).await.streak.current
}

async fn member_in(app: &TestApp, zone: &str) -> MemberRef {
    let who = member("g1", "ada");
    app.engine
        .set_timezone(&who, Some(zone))
        .await
        .expect("a valid zone");
    who
}

async fn last_recorded_day(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT local_day FROM attempts ORDER BY id DESC LIMIT 1")
        .fetch_one(app.engine.store().pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn practice_at_0359_counts_for_the_day_before_and_at_0400_for_the_new_day() {
    let app = spawn_app(local("Europe/Berlin", "2026-01-13 12:00")).await;
    let ada = member_in(&app, "Europe/Berlin").await;
    assert_eq!(
        practise_at(&app, &ada, "Europe/Berlin", "2026-01-13 12:00").await,
        1
    );
    assert_eq!(
        practise_at(&app, &ada, "Europe/Berlin", "2026-01-14 03:59").await,
        1
    );
    assert_eq!(last_recorded_day(&app).await, "2026-01-13");
    assert_eq!(
        practise_at(&app, &ada, "Europe/Berlin", "2026-01-14 04:00").await,
        2
    );
    assert_eq!(last_recorded_day(&app).await, "2026-01-14");
}

/// Around a daylight-saving change, practice at 03:59 still belongs to the
/// day before and practice at 04:00 to the new day, with no day skipped or
/// counted twice although the night is 23 or 25 hours long.
async fn streak_holds_across(zone: &str, days: [&str; 4]) {
    let app = spawn_app(local(zone, &format!("{} 12:00", days[0]))).await;
    let ada = member_in(&app, zone).await;
    assert_eq!(
        practise_at(&app, &ada, zone, &format!("{} 04:00", days[0])).await,
        1,
        "{zone} {}",
        days[0]
    );
    for (index, day) in days.iter().enumerate().skip(1) {
        let expected = u32::try_from(index).unwrap() + 1;
        assert_eq!(
            practise_at(&app, &ada, zone, &format!("{day} 03:59")).await,
            expected - 1,
            "{zone} {day} 03:59"
        );
        assert_eq!(
            practise_at(&app, &ada, zone, &format!("{day} 04:00")).await,
            expected,
            "{zone} {day} 04:00"
        );
        assert_eq!(last_recorded_day(&app).await, *day, "{zone} {day}");
    }
}

#[tokio::test]
async fn new_york_spring_forward_neither_skips_nor_doubles_a_day() {
    streak_holds_across(
        "America/New_York",
        ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"],
    )
    .await;
}

#[tokio::test]
async fn new_york_fall_back_neither_skips_nor_doubles_a_day() {
    streak_holds_across(
        "America/New_York",
        ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"],
    )
    .await;
}

#[tokio::test]
async fn berlin_spring_forward_neither_skips_nor_doubles_a_day() {
    streak_holds_across(
        "Europe/Berlin",
        ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"],
    )
    .await;
}

#[tokio::test]
async fn sydney_autumn_change_neither_skips_nor_doubles_a_day() {
    streak_holds_across(
        "Australia/Sydney",
        ["2026-04-03", "2026-04-04", "2026-04-05", "2026-04-06"],
    )
    .await;
}

#[tokio::test]
async fn the_repeated_hour_of_a_fall_back_night_belongs_to_the_day_before() {
    let app = spawn_app(local("America/New_York", "2026-10-31 12:00")).await;
    let ada = member_in(&app, "America/New_York").await;
    assert_eq!(
        practise_at(&app, &ada, "America/New_York", "2026-10-31 12:00").await,
        1
    );
    // 01:30 happens twice on 2026-11-01: first in EDT, then in EST.
    let first = local("America/New_York", "2026-11-01 01:30");
    for instant in [first, first + chrono::Duration::hours(1)] {
        app.set_time(instant);
        assert_eq!(app.practise(&ada, Grade::Good).await.streak.current, 1);
        assert_eq!(last_recorded_day(&app).await, "2026-10-31");
    }
}

#[tokio::test]
async fn a_freeze_earned_by_a_seven_day_run_covers_one_missed_day() {
    let app = spawn_app(local("UTC", "2026-06-01 12:00")).await;
    let ada = member("g1", "ada");
    for day in 1..=7 {
        practise_at(&app, &ada, "UTC", &format!("2026-06-{day:02} 12:00")).await;
    }
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!((streak.current, streak.freezes_left), (7, 1));

    // June 8 is missed; on June 9 the freeze has covered it.
    app.set_time(local("UTC", "2026-06-09 12:00"));
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!(
        (streak.current, streak.freezes_left, streak.practised_today),
        (7, 0, false)
    );
    assert_eq!(practise_at(&app, &ada, "UTC", "2026-06-09 12:00").await, 8);

    // June 10 and 11 are missed with no freeze left: the streak is over.
    app.set_time(local("UTC", "2026-06-12 12:00"));
    let streak = app.engine.streak(&ada).await.unwrap();
    assert_eq!((streak.current, streak.best), (0, 8));
    assert_eq!(practise_at(&app, &ada, "UTC", "2026-06-12 12:00").await, 1);
    assert_eq!(
        app.engine.streak(&ada).await.unwrap().best,
        8,
        "the best streak is kept"
    );
}

#[tokio::test]
async fn freezes_are_held_two_at_most() {
    let app = spawn_app(local("UTC", "2026-06-01 12:00")).await;
    let ada = member("g1", "ada");
    for day in 1..=21 {
        practise_at(&app, &ada, "UTC", &format!("2026-06-{day:02} 12:00")).await;
        let freezes = app.engine.streak(&ada).await.unwrap().freezes_left;
        assert_eq!(freezes, (day / 7).min(2), "day {day}");
    }
    // Two missed days are covered; the third is not.
    app.set_time(local("UTC", "2026-06-24 12:00"));
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 21);
    app.set_time(local("UTC", "2026-06-25 12:00"));
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 0);
}

#[tokio::test]
async fn moving_far_east_holds_the_day_open_until_the_new_zone_starts_one_and_a_freeze_covers_the_skipped_date()
 {
    let app = spawn_app(local("America/New_York", "2026-02-23 12:00")).await;
    let ada = member_in(&app, "America/New_York").await;
    // Nine days in New York, February 23 to March 3: one freeze earned.
    for day in 0..9 {
        let date =
            chrono::NaiveDate::from_ymd_opt(2026, 2, 23).unwrap() + chrono::Duration::days(day);
        practise_at(&app, &ada, "America/New_York", &format!("{date} 12:00")).await;
    }
    // She lands in Tokyo at noon on March 4 (22:00 on the 3rd in New York).
    app.set_time(local("Asia/Tokyo", "2026-03-04 12:00"));
    let change = app
        .engine
        .set_timezone(&ada, Some("Asia/Tokyo"))
        .await
        .unwrap();
    assert_eq!(
        change.takes_effect,
        Some(local("Asia/Tokyo", "2026-03-05 04:00")),
        "New York's March 3 ends first, then Tokyo's next day begins"
    );
    // Until then her New York day goes on: no day is gained by moving.
    for wall_clock in ["2026-03-04 12:30", "2026-03-04 20:00"] {
        let streak = {
            app.set_time(local("Asia/Tokyo", wall_clock));
            app.practise(&ada, Grade::Good).await.streak
        };
        assert_eq!(
            (streak.current, streak.days_practised),
            (9, 9),
            "{wall_clock}"
        );
    }
    assert_eq!(last_recorded_day(&app).await, "2026-03-03");
    // Tokyo's March 5: the trip skipped March 4, and the freeze covers it.
    let after = {
        app.set_time(local("Asia/Tokyo", "2026-03-05 12:00"));
        app.practise(&ada, Grade::Good).await.streak
    };
    assert_eq!(
        (after.current, after.days_practised, after.freezes_left),
        (10, 10, 0)
    );
    assert_eq!(last_recorded_day(&app).await, "2026-03-05");
}

#[tokio::test]
async fn moving_west_neither_breaks_nor_doubles_the_streak() {
    let app = spawn_app(local("Asia/Tokyo", "2026-03-01 12:00")).await;
    let ada = member_in(&app, "Asia/Tokyo").await;
    for day in 1..=4 {
        practise_at(&app, &ada, "Asia/Tokyo", &format!("2026-03-{day:02} 12:00")).await;
    }
    app.engine
        .set_timezone(&ada, Some("America/Los_Angeles"))
        .await
        .unwrap();
    // An hour later it is the evening of March 3 in Los Angeles, but her
    // Tokyo day of March 4 is not over.
    app.set_time(local("Asia/Tokyo", "2026-03-04 13:00"));
    let after = app.practise(&ada, Grade::Good).await.streak;
    assert_eq!((after.current, after.days_practised), (4, 4));
    // Noon on March 4 in Los Angeles is after Tokyo's March 4 ended, but
    // her day stays open until Los Angeles begins its March 5.
    assert_eq!(
        practise_at(&app, &ada, "America/Los_Angeles", "2026-03-04 12:00").await,
        4
    );
    // From Los Angeles' March 5 her days follow Los Angeles.
    assert_eq!(
        practise_at(&app, &ada, "America/Los_Angeles", "2026-03-05 12:00").await,
        5
    );
    assert_eq!(
        practise_at(&app, &ada, "America/Los_Angeles", "2026-03-06 12:00").await,
        6
    );
}

#[tokio::test]
async fn switching_between_the_furthest_zones_within_a_second_adds_no_practice_day() {
    let app = spawn_app(utc("2026-06-10T12:00:00Z")).await;
    let ada = member_in(&app, "Etc/GMT+12").await;
    app.practise(&ada, Grade::Good).await;
    app.engine
        .set_timezone(&ada, Some("Etc/GMT-14"))
        .await
        .unwrap();
    app.set_time(utc("2026-06-10T12:00:01Z"));
    let after = app.practise(&ada, Grade::Good).await.streak;
    assert_eq!((after.current, after.days_practised), (1, 1));
}

#[tokio::test]
async fn a_second_change_while_one_waits_is_refused_and_the_first_stands() {
    let app = spawn_app(local("Europe/Berlin", "2026-06-10 12:00")).await;
    let ada = member_in(&app, "Europe/Berlin").await;
    app.practise(&ada, Grade::Good).await;
    let first = app
        .engine
        .set_timezone(&ada, Some("Asia/Tokyo"))
        .await
        .unwrap();
    assert!(first.takes_effect.is_some());
    let again = app
        .engine
        .set_timezone(&ada, Some("Asia/Tokyo"))
        .await
        .unwrap();
    assert_eq!(
        again.takes_effect, first.takes_effect,
        "asking twice is one change"
    );
    for other in ["America/New_York", "Europe/Berlin"] {
        let error = app
            .engine
            .set_timezone(&ada, Some(other))
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "Your change of time zone to Asia/Tokyo is already waiting to take effect at 04:00 on Fri 12 Jun (Asia/Tokyo time); you can change it again after that."
        );
    }
    let waiting: Option<String> =
        sqlx::query_scalar("SELECT next_timezone FROM members WHERE external_id = 'id-ada'")
            .fetch_one(app.engine.store().pool())
            .await
            .unwrap();
    assert_eq!(waiting.as_deref(), Some("Asia/Tokyo"));
}

#[tokio::test]
async fn naming_the_zone_ones_days_already_follow_changes_nothing_and_waits_for_nothing() {
    let app = spawn_app(utc("2026-06-10T12:00:00Z")).await;
    let ada = member("g1", "ada");
    app.practise(&ada, Grade::Good).await;
    // Ada follows the default zone, UTC; naming it outright is no change.
    let change = app.engine.set_timezone(&ada, Some("UTC")).await.unwrap();
    assert_eq!(change.takes_effect, None);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM members WHERE next_timezone_from IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn a_reset_on_a_day_prepbot_was_down_is_restored_and_the_repair_survives_grades_and_a_restart()
 {
    let app = spawn_app(utc("2026-11-01T10:00:00Z")).await;
    let (ada, grace) = (member("g1", "ada"), member("g1", "grace"));
    support::downtime::missed_nov_4(&app, &ada, true).await;

    let restored = app
        .engine
        .restore_streak(&grace, &ada, Some("  the host was down\n"))
        .await
        .expect("the reset came from downtime");
    assert_eq!(restored.days, ["2026-11-04".parse().unwrap()]);
    assert_eq!(restored.reason, "the host was down");
    assert_eq!(
        (restored.streak.current, restored.streak.days_practised),
        (3, 3),
        "the excused day bridges the run but is no practice day"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM streak_repairs WHERE restored_by_name = 'grace' AND reason = 'the host was down'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM attempts").await, 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM admin_actions WHERE action = 'streak.restore' AND detail LIKE '%2026-11-04%the host was down'")
            .await,
        1,
        "the restore is on the admin record too"
    );

    let again = app.engine.restore_streak(&grace, &ada, None).await;
    let message = again.unwrap_err().message_for_people("test");
    assert!(message.contains("already restored"), "{message}");
    assert_eq!(app.count("SELECT COUNT(*) FROM streak_repairs").await, 1);

    assert_eq!(app.practise(&ada, Grade::Good).await.streak.current, 4);
    let database = app.dir.path().join("prepbot.db");
    app.engine.store().close().await;
    let restarted = support::spawn_app_at(&database, utc("2026-11-06T12:00:00Z")).await;
    let streak = restarted.engine.streak(&ada).await.unwrap();
    assert_eq!((streak.current, streak.days_practised), (4, 4));

    // A recomputation from the attempts and the repairs agrees.
    let days: Vec<String> = sqlx::query_scalar("SELECT local_day FROM attempts ORDER BY id")
        .fetch_all(restarted.engine.store().pool())
        .await
        .unwrap();
    let days: Vec<chrono::NaiveDate> = days.iter().map(|d| d.parse().unwrap()).collect();
    let replayed =
        prepbot::domain::streak::StreakState::replay(&days, &["2026-11-04".parse().unwrap()])
            .at("2026-11-06".parse().unwrap());
    assert_eq!(replayed, streak);
}

#[tokio::test]
async fn a_reset_on_a_day_prepbot_was_running_is_not_restored_and_nothing_is_stored() {
    let app = spawn_app(utc("2026-11-01T10:00:00Z")).await;
    let (ada, grace) = (member("g1", "ada"), member("g1", "grace"));
    support::downtime::missed_nov_4(&app, &ada, false).await;
    let refused = app.engine.restore_streak(&grace, &ada, None).await;
    let message = refused.unwrap_err().message_for_people("test");
    assert_eq!(
        message,
        "Not restored: ada's last reset came from missing Wed 4 Nov 2026, and prepbot has no record \
         of being down or paused for most of that day. Only a reset caused by prepbot being down or paused can be restored."
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM streak_repairs").await, 0);
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 0);
}

#[tokio::test]
async fn the_history_tells_the_practice_the_missed_day_and_the_repair_with_who_and_why() {
    let app = spawn_app(utc("2026-11-01T10:00:00Z")).await;
    let (ada, grace) = (member("g1", "ada"), member("g1", "grace"));
    support::downtime::missed_nov_4(&app, &ada, true).await;
    let history = app.engine.streak_history(&grace, &ada).await.unwrap();
    assert_eq!(
        prepbot::wording::streak_history(&history),
        "Streak: 0 days (best 3 days). Freezes left: 0 of 2. Days practised: 3.\
         \nSun 1 Nov 2026 – Tue 3 Nov 2026: practised 3 days in a row (run 3 days).\
         \nWed 4 Nov 2026: missed with no freeze left; the run of 3 days ended."
    );
    app.engine
        .restore_streak(&grace, &ada, Some("host down"))
        .await
        .unwrap();
    let history = app.engine.streak_history(&grace, &ada).await.unwrap();
    let text = prepbot::wording::streak_history(&history);
    assert!(
        text.ends_with(
            "\nWed 4 Nov 2026: excused by grace on 5 Nov 2026 (“host down”); counts for the streak, earns nothing."
        ),
        "{text}"
    );
    assert!(text.starts_with("Streak: 3 days (best 3 days)."), "{text}");

    let stranger = member("g1", "zed");
    let unknown = app.engine.streak_history(&grace, &stranger).await;
    assert!(
        unknown
            .unwrap_err()
            .message_for_people("test")
            .starts_with("zed has no practice recorded"),
    );
}

#[tokio::test]
async fn a_reset_on_a_day_the_daily_question_was_paused_is_restored() {
    let app = spawn_app(utc("2026-11-01T10:00:00Z")).await;
    let (ada, grace) = (member("g1", "ada"), member("g1", "grace"));
    let run = app.engine.start_run().await.unwrap();
    let setup = prepbot::engine::DailySetup {
        channel_id: "c1".to_owned(),
        schedule: "09:00".to_owned(),
        timezone: Some("UTC".to_owned()),
        topics: None,
        reveal_after_minutes: None,
    };
    app.engine.setup_daily(&grace, &setup).await.unwrap();
    for day in 1..=3 {
        app.set_time(utc(&format!("2026-11-0{day}T12:00:00Z")));
        app.practise(&ada, Grade::Good).await;
        app.engine.still_running(run).await.unwrap();
    }
    // Paused from the evening of the 3rd through the 4th; prepbot ran all along.
    app.set_time(utc("2026-11-03T20:00:00Z"));
    app.engine
        .pause_daily(&grace, "c1", "2026-11-04".parse().ok(), Some("exam week"))
        .await
        .unwrap();
    app.set_time(utc("2026-11-05T12:00:00Z"));
    app.engine.still_running(run).await.unwrap();
    assert_eq!(app.engine.streak(&ada).await.unwrap().current, 0);

    let restored = app.engine.restore_streak(&grace, &ada, None).await.unwrap();
    assert_eq!(restored.days, ["2026-11-04".parse().unwrap()]);
    assert_eq!(restored.streak.current, 3);
}
