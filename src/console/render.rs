//! Engine replies as terminal text: plain, no colour, readable when piped.
//! What every front-end says alike is in `crate::wording`; this keeps the
//! console's own layout (indented answers, typed-command hints).

use std::fmt::Write;

use crate::domain::Mode;
use crate::engine::{AnswerCheck, Card, Reveal};
use crate::wording::{self, letter, until};

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

pub fn reveal(reveal: &Reveal) -> String {
    let mut out = format!("Model answer:\n{}", indent(&plain(&reveal.answer)));
    out += "\nKey points:";
    for point in &reveal.key_points {
        let _ = write!(out, "\n  • {point}");
    }
    if let Some(example) = &reveal.example {
        let _ = write!(out, "\nExample: {example}");
    }
    if let Some(note) = wording::since_note(reveal.since) {
        let _ = write!(out, "\n{note}");
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
            wording::key_point_line(found)
        );
    }
    if let Some(note) = wording::judged_note(&check.judged_by) {
        let _ = write!(out, "\n{note}");
    }
    out +=
        "\nReveal the model answer with /reveal, then grade yourself: again, hard, good or easy.";
    out
}

/// The question of a mock interview, and how it goes.
pub fn interview_card(card: &Card) -> String {
    format!(
        "Mock interview · {} · {} · {}\n{}\nAnswer as you would in the interview, in one message; \
         I will ask one follow-up, then sum up.",
        card.topic_name, card.difficulty, card.question_id, card.question
    )
}

/// The end of a mock interview: what was covered, the model answer and
/// the grade prompt. `at_once` when the first answer left nothing to ask.
pub fn interview_summary(summary: &crate::engine::InterviewSummary, at_once: bool) -> String {
    let mut out = String::new();
    if at_once {
        out += crate::wording::NO_FOLLOW_UP;
        out.push('\n');
    }
    out += &crate::wording::interview_summary(summary);
    out += "\n\n";
    out += &reveal(&summary.reveal);
    out
}

/// A review card under its heading; `note` (the interview countdown) goes
/// in the heading's brackets.
pub fn review_card(
    card: &Card,
    due_after: usize,
    new_left: usize,
    is_new: bool,
    note: Option<&str>,
) -> String {
    let kind = if is_new {
        "New question"
    } else {
        "Due for review"
    };
    let note = note.map(|note| format!("; {note}")).unwrap_or_default();
    let mut out = format!("{kind} ({due_after} more due, {new_left} new left today{note})\n");
    out += &self::card(card);
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
        (_, false) => crate::wording::not_running(subscription),
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
    let next = crate::wording::status_with_pause(status, next, str::to_owned);
    let reveal = subscription
        .reveal_after
        .map(|d| format!(", answer revealed {} min after", d.num_minutes()))
        .unwrap_or_default();
    format!(
        "{}: {} {}, {topics}{reveal}; {next}; {} left before the deck repeats",
        subscription.channel_id,
        subscription.schedule,
        subscription.zone,
        crate::wording::counted(status.left_in_deck, "question")
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

/// A due-review reminder, as a line between commands.
pub fn reminder(reminder: &crate::engine::Reminder) -> String {
    format!(
        "Reminder for {}: {} Type /review to start, or /settings reminders off to stop these.",
        reminder.member.display_name,
        crate::wording::reminder(reminder)
    )
}
