//! A member whose streak prepbot's own downtime broke, and one who simply
//! missed a day, built through the engine with the clock moved by hand.
//!
//! The member practises on Nov 1, 2 and 3 (UTC, days from 04:00). With
//! `down`, prepbot's run stops at 13:00 on Nov 3 and the next starts at
//! 06:00 on Nov 5, so all of Nov 4 was downtime; otherwise one run covers
//! every day. The clock ends at 12:00 on Nov 5, the streak reset.

use prepbot::domain::Grade;
use prepbot::engine::MemberRef;

use super::{TestApp, utc};

pub async fn missed_nov_4(app: &TestApp, who: &MemberRef, down: bool) {
    app.set_time(utc("2026-11-01T10:00:00Z"));
    let first = app.engine.start_run().await.expect("the run is recorded");
    for day in 1..=3 {
        app.set_time(utc(&format!("2026-11-0{day}T12:00:00Z")));
        app.practise(who, Grade::Good).await;
        app.engine.still_running(first).await.unwrap();
    }
    let last_seen = if down {
        "2026-11-03T13:00:00Z"
    } else {
        "2026-11-05T12:00:00Z"
    };
    app.set_time(utc(last_seen));
    app.engine.still_running(first).await.unwrap();
    if down {
        app.set_time(utc("2026-11-05T06:00:00Z"));
        let second = app.engine.start_run().await.unwrap();
        app.set_time(utc("2026-11-05T12:00:00Z"));
        app.engine.still_running(second).await.unwrap();
    }
    let streak = app.engine.streak(who).await.unwrap();
    assert_eq!(streak.current, 0, "missing Nov 4 reset the streak");
}
