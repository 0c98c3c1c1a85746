//! Planning the next daily post of 100,000 subscriptions: half daily times,
//! half cron expressions, spread over time zones on both sides of a
//! daylight-saving change.
//!
//! `cargo bench --bench schedule`

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use prepbot::domain::Timezone;
use prepbot::domain::schedule::Schedule;

const SUBSCRIPTIONS: usize = 100_000;

fn subscriptions() -> Vec<(Schedule, Timezone)> {
    let zones = [
        "America/New_York",
        "Europe/Berlin",
        "Australia/Sydney",
        "Asia/Kolkata",
        "UTC",
        "America/Los_Angeles",
    ];
    (0..SUBSCRIPTIONS)
        .map(|index| {
            let hour = index % 24;
            let minute = (index * 7) % 60;
            let text = if index % 2 == 0 {
                format!("{hour:02}:{minute:02}")
            } else {
                format!("{minute} {hour} * * Mon-Fri")
            };
            let zone = Timezone::parse(zones[index % zones.len()]).unwrap();
            (Schedule::parse(&text).unwrap(), zone)
        })
        .collect()
}

fn plan(c: &mut Criterion) {
    let all = subscriptions();
    // The Saturday before New York's spring-forward night.
    let now: DateTime<Utc> = "2026-03-07T12:00:00Z".parse().unwrap();
    let earliest = |subscriptions: &[(Schedule, Timezone)]| {
        subscriptions
            .iter()
            .filter_map(|(schedule, zone)| schedule.next_after(now, *zone))
            .map(|f| f.at)
            .min()
    };
    assert!(earliest(&all).is_some());
    let mut group = c.benchmark_group("scheduler");
    group.sample_size(10);
    group.bench_function("plan the next firing of 100,000 subscriptions", |b| {
        b.iter(|| earliest(&all))
    });
    group.finish();
}

criterion_group!(benches, plan);
criterion_main!(benches);
