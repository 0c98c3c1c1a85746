//! Drawing one `/stats` card (a busy member: half a year of practice, 14
//! topics) and one weekly recap, PNG encoding included, as each front-end
//! does before it attaches or uploads them.
//!
//! `cargo bench --bench pictures`

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use prepbot::domain::streak::Streak;
use prepbot::domain::theme::Theme;
use prepbot::engine::{MissedQuestion, Recap, RecapEntry, Stats, TopicStats};

fn busy_member() -> Stats {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 6, 8).unwrap();
    let day_counts: Vec<(NaiveDate, u32)> = (0..=(today - start).num_days())
        .filter(|offset| offset % 5 != 3)
        .map(|offset| (start + Duration::days(offset), (offset % 9) as u32))
        .collect();
    let topics = (0..14)
        .map(|index| TopicStats {
            topic_id: format!("topic-{index}"),
            name: format!("Topic number {index} with a longer name"),
            questions: 8,
            practised: index % 9,
            attempts: 20,
            recalled: 14,
            mastered: (index % 9).min(index % 4),
        })
        .collect();
    Stats {
        name: "Ada Lovelace, preparing for a research engineer interview".to_owned(),
        attempts: 280,
        recalled: 196,
        points: 1_420,
        points_this_month: 35,
        streak: Streak {
            current: 42,
            best: 77,
            freezes_left: 1,
            practised_today: true,
            days_practised: 140,
            last_practice_day: Some(today),
        },
        topics,
        calendar_start: start,
        today,
        practice_days: day_counts.iter().map(|(day, _)| *day).collect(),
        day_counts,
        theme: Theme::Dark,
        countdown: None,
    }
}

fn busy_week() -> Recap {
    let entry = |name: &str, value| RecapEntry {
        name: name.to_owned(),
        value,
    };
    Recap {
        workspace_name: "GenAI interview study group".to_owned(),
        week: "2026-W48".to_owned(),
        first_day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        last_day: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        members_practised: 23,
        questions_practised: 318,
        top_points: ["Ada", "Grace", "Alan", "Edsger", "Barbara"]
            .iter()
            .zip([140, 120, 95, 60, 45])
            .map(|(name, points)| entry(name, points))
            .collect(),
        top_streaks: ["Grace", "Ada", "Ken", "Dennis", "Margaret"]
            .iter()
            .zip([61, 42, 30, 12, 7])
            .map(|(name, days)| entry(name, days))
            .collect(),
        most_missed: Some(MissedQuestion {
            question_id: "genai-018".to_owned(),
            question: "Why does attention scale with the square of the sequence length, and what do sparse or linear variants give up?".to_owned(),
            times: 9,
        }),
    }
}

fn pictures(c: &mut Criterion) {
    let stats = busy_member();
    let recap = busy_week();
    assert!(prepbot::picture::stats_card_png(&stats).is_ok());
    assert!(prepbot::picture::recap_png(&recap).is_ok());
    let mut group = c.benchmark_group("pictures");
    group.bench_function("one /stats card, 26 weeks and 14 topics", |b| {
        b.iter(|| prepbot::picture::stats_card_png(&stats).unwrap())
    });
    group.bench_function("one weekly recap", |b| {
        b.iter(|| prepbot::picture::recap_png(&recap).unwrap())
    });
    group.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
