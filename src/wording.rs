//! Engine replies as terminal text: plain, no colour, readable when piped.

use std::collections::HashSet;
use std::fmt::Write;

use chrono::{Duration, NaiveDate};

use crate::domain::Mode;
use crate::domain::streak::{MAX_FREEZES, Streak};
use crate::engine::{
    AnswerCheck, Card, Leaderboard, Outcome, Period, RankBy, Reveal, Stats, TopicInfo,
};

pub fn welcome(name: &str, questions: usize) -> String {
    format!(
        "prepbot console: {questions} interview questions, practising as {name}.\n\
         Type /quiz to start (or /quiz transformers), /help for every command, /quit to leave."
    )
}

pub fn help(commands: &[(&str, &str)]) -> String {
    let width = commands
        .iter()
        .map(|(usage, _)| usage.len())
        .max()
        .unwrap_or(0);
    let mut out = "Commands:".to_owned();
    for (usage, what) in commands {
        let _ = write!(out, "\n  {usage:<width$}  {what}");
    }
    out
}

/// Markdown bold markers mean nothing in a terminal.
fn plain(markdown: &str) -> String {
    markdown.replace("**", "")
}

pub fn card(card: &Card) -> String {
    let mut out = format!(
        "{} · {} · {}\n{}",
        card.topic_name, card.difficulty, card.question_id, card.question
    );
    match card.mode {
        Mode::Choice => {
            for (index, option) in card.options.iter().enumerate() {
                let _ = write!(out, "\n  {}) {option}", letter(index));
            }
            out += "\nPick a letter (a, b, c or d).";
        }
        Mode::Flashcard => {
            out += "\nThink of your answer, then /reveal it (or type your answer to check its key points).";
        }
    }
    out
}

fn letter(index: usize) -> char {
    char::from(b'A' + u8::try_from(index).unwrap_or(0))
}

pub fn reveal(reveal: &Reveal) -> String {
    let mut out = format!("Model answer:\n{}", indent(&plain(&reveal.answer)));
    out += "\nKey points:";
    for point in &reveal.key_points {
        let _ = write!(out, "\n  • {point}");
    }
    if let Some(example) = &reveal.example {
        let _ = write!(out, "\nExample: {example}");
    }
    match reveal.correct_option {
        Some(index) => {
            let _ = write!(out, "\nThe right option is {}.", letter(index));
        }
        None => out += "\nHow did you do? Type again, hard, good or easy.",
    }
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("  {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn answer_check(check: &AnswerCheck) -> String {
    let mut out = check.verdict.clone();
    for found in &check.matches {
        let _ = write!(
            out,
            "\n  {} {}",
            if found.covered { "✓" } else { "✗" },
            found.key_point
        );
    }
    out +=
        "\nReveal the model answer with /reveal, then grade yourself: again, hard, good or easy.";
    out
}

pub fn outcome(outcome: &Outcome, options: &[String]) -> String {
    let mut out = String::new();
    if outcome.already_graded {
        let _ = write!(
            out,
            "You already graded this one ({}); it counts once.",
            outcome.grade
        );
    } else {
        match (outcome.correct, outcome.correct_option) {
            (Some(true), _) => out += "Right!",
            (Some(false), Some(index)) => {
                let answer = options.get(index).map(String::as_str).unwrap_or_default();
                let _ = write!(out, "Not quite. The answer was {}) {answer}", letter(index));
            }
            _ => {
                let _ = write!(out, "Graded {}.", outcome.grade);
            }
        }
        match outcome.points {
            0 => out += " No points this time: this question already earned its points here.",
            points => {
                let _ = write!(out, " +{points} points.");
            }
        }
    }
    let _ = write!(
        out,
        "\nStreak: {}. Next review: {}.",
        days(outcome.streak.current),
        outcome.next_review.format("%a %-d %b")
    );
    out
}

pub fn review_card(card: &Card, due_after: usize, new_left: usize, is_new: bool) -> String {
    let kind = if is_new {
        "New question"
    } else {
        "Due for review"
    };
    let mut out = format!("{kind} ({due_after} more due, {new_left} new left today)\n");
    out += &self::card(card);
    out
}

pub fn review_done(next_due: Option<NaiveDate>) -> String {
    match next_due {
        Some(day) => format!(
            "Nothing to review right now. Your next card is due {}.",
            day.format("%a %-d %b")
        ),
        None => {
            "Nothing to review yet: grade a few questions and they will come back here.".to_owned()
        }
    }
}

fn days(count: u32) -> String {
    if count == 1 {
        "1 day".to_owned()
    } else {
        format!("{count} days")
    }
}

/// The figures of a streak, with no advice (it may be someone else's).
pub fn streak_summary(streak: &Streak) -> String {
    format!(
        "Streak: {} (best {}). Freezes left: {} of {MAX_FREEZES}. Days practised: {}.",
        days(streak.current),
        days(streak.best),
        streak.freezes_left,
        streak.days_practised
    )
}

/// The caller's own streak, and what to do today.
pub fn streak(streak: &Streak) -> String {
    let mut out = streak_summary(streak);
    if streak.practised_today {
        out += "\nYou have practised today.";
    } else if streak.current > 0 {
        out += "\nPractise today to keep it going.";
    } else {
        out += "\nGrade any question today to start a streak.";
    }
    out
}

pub fn leaderboard(board: &Leaderboard, me: &str) -> String {
    let title = match (board.by, board.period) {
        (RankBy::Streak, _) => "Longest current streaks".to_owned(),
        (RankBy::Points, Period::Week) => "Points this week".to_owned(),
        (RankBy::Points, Period::Month) => "Points this month".to_owned(),
        (RankBy::Points, Period::All) => "Points of all time".to_owned(),
    };
    if board.entries.is_empty() {
        return format!("{title}: nobody yet. Grade a question to get on the board.");
    }
    let width = board
        .entries
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = title;
    for entry in &board.entries {
        let value = match board.by {
            RankBy::Points => format!("{} pts", entry.value),
            RankBy::Streak => days(u32::try_from(entry.value).unwrap_or(0)),
        };
        let marker = if entry.name == me { "  ← you" } else { "" };
        let _ = write!(
            out,
            "\n  {:>2}. {:<width$}  {value}{marker}",
            entry.rank, entry.name
        );
    }
    out
}

pub fn stats(stats: &Stats) -> String {
    let mut out = stats_table(stats);
    out += "\n\nPractice days (# practised, . not, one column a week, Monday at the top):\n";
    out += &calendar(stats.calendar_start, stats.today, &stats.practice_days);
    out
}

/// The totals and the per-topic table, without the calendar (for a
/// front-end that draws the calendar as a picture).
pub fn stats_table(stats: &Stats) -> String {
    let mut out = format!(
        "{} attempts, {}% recalled, {} points. Streak: {} (best {}).\n",
        stats.attempts,
        stats.accuracy_percent(),
        stats.points,
        days(stats.streak.current),
        days(stats.streak.best)
    );
    let width = stats
        .topics
        .iter()
        .map(|t| t.topic_id.len())
        .max()
        .unwrap_or(5);
    let _ = write!(
        out,
        "\n  {:<width$}  practised  recalled  mastered",
        "topic"
    );
    for topic in &stats.topics {
        let practised = format!("{}/{}", topic.practised, topic.questions);
        let recalled = if topic.attempts == 0 {
            "-".to_owned()
        } else {
            format!("{}%", topic.accuracy_percent())
        };
        let _ = write!(
            out,
            "\n  {:<width$}  {practised:>9}  {recalled:>8}  {:>8}",
            topic.topic_id, topic.mastered
        );
    }
    out
}

/// A GitHub-style grid: a row per weekday, a column per week.
fn calendar(start: NaiveDate, today: NaiveDate, practised: &[NaiveDate]) -> String {
    let practised: HashSet<NaiveDate> = practised.iter().copied().collect();
    let weeks = ((today - start).num_days() / 7 + 1).max(1);
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut rows = Vec::new();
    for (weekday, name) in names.iter().enumerate() {
        let mut row = format!("  {name} ");
        for week in 0..weeks {
            let day = start + Duration::days(week * 7 + weekday as i64);
            row.push(if day > today {
                ' '
            } else if practised.contains(&day) {
                '#'
            } else {
                '.'
            });
        }
        rows.push(row.trim_end().to_owned());
    }
    rows.join("\n")
}

pub fn topics(topics: &[TopicInfo]) -> String {
    let width = topics.iter().map(|t| t.id.len()).max().unwrap_or(5);
    let total: usize = topics.iter().map(|t| t.questions).sum();
    let mut out = format!(
        "{} topics, {total} questions. Quiz one with /quiz <topic>.",
        topics.len()
    );
    for topic in topics {
        let _ = write!(
            out,
            "\n  {:<width$}  {:>3}  {}",
            topic.id, topic.questions, topic.name
        );
    }
    out
}

pub fn daily_post(post: &crate::engine::DailyPost) -> String {
    let day = chrono::NaiveDate::parse_from_str(&post.local_date, "%Y-%m-%d")
        .map(|d| d.format("%a %-d %b").to_string());
    format!(
        "Daily question, {}:\n{}",
        day.unwrap_or_else(|_| post.local_date.clone()),
        card(&post.card)
    )
}

pub fn public_reveal(reveal: &crate::engine::PublicReveal) -> String {
    let people = if reveal.practised == 1 {
        "1 member".to_owned()
    } else {
        format!("{} members", reveal.practised)
    };
    let mut out = format!(
        "The answer to today's daily question ({people} practised):\n{}",
        indent(&plain(&reveal.answer))
    );
    out += "\nKey points:";
    for point in &reveal.key_points {
        let _ = write!(out, "\n  • {point}");
    }
    out
}

fn describe_subscription(
    status: &crate::engine::SubscriptionStatus,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let subscription = &status.subscription;
    let topics = subscription.topics_label();
    let next = match (&status.next, subscription.enabled) {
        (_, false) => "stopped".to_owned(),
        (Some(firing), true) => {
            let local = firing.at.with_timezone(&subscription.zone.tz());
            format!(
                "next {} (in {})",
                local.format("%a %-d %b %H:%M %Z"),
                until(firing.at - now)
            )
        }
        (None, true) => "never (the schedule has no future date)".to_owned(),
    };
    let reveal = subscription
        .reveal_after
        .map(|d| format!(", answer revealed {} min after", d.num_minutes()))
        .unwrap_or_default();
    format!(
        "{}: {} {}, {topics}{reveal}; {next}; {} questions left before the deck repeats",
        subscription.channel_id, subscription.schedule, subscription.zone, status.left_in_deck
    )
}

pub fn daily_setup(
    status: &crate::engine::SubscriptionStatus,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    format!(
        "Daily question set up.\n  {}",
        describe_subscription(status, now)
    )
}

pub fn daily_status(
    statuses: &[crate::engine::SubscriptionStatus],
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    if statuses.is_empty() {
        return "No daily question is set up. Start one with /daily setup 09:00 Europe/Berlin"
            .to_owned();
    }
    let mut out = "Daily questions:".to_owned();
    for status in statuses {
        let _ = write!(out, "\n  {}", describe_subscription(status, now));
    }
    out
}

/// "45 s", "12 min", "5 h 30 min".
fn until(wait: chrono::Duration) -> String {
    let seconds = wait.num_seconds().max(0);
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}
