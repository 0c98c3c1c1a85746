//! What prepbot says, written once for every front-end: grade outcomes,
//! streaks, leaderboards, progress tables and topic lists as plain text,
//! plus the small phrases (`days`, `letter`, `until`) the front-ends build
//! their own cards from. Nothing here knows a platform; the console prints
//! these as they are, Discord puts them in embeds, Slack in Block Kit.
//!
//! ```
//! assert_eq!(prepbot::wording::days(1), "1 day");
//! assert_eq!(prepbot::wording::letter(2), 'C');
//! ```

mod daily_admin;

use std::collections::HashSet;
use std::fmt::Write;

use chrono::{Duration, NaiveDate};

use crate::domain::streak::{MAX_FREEZES, Streak};
use crate::domain::text::cut;
use crate::engine::{Leaderboard, Outcome, Period, RankBy, Stats, TopicInfo, ZoneChange};

pub use daily_admin::{
    admin_pause_note, channel_time, daily_paused, daily_preview, daily_queued, daily_resumed,
    daily_skipped, status_with_pause,
};

/// The letter of a choice option: 0 is A, 3 is D.
pub fn letter(index: usize) -> char {
    char::from(b'A' + u8::try_from(index).unwrap_or(0))
}

/// What a grade earned, and the streak and next review after it.
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
    let next_review = outcome.next_review.format("%a %-d %b");
    let next = match (outcome.crammed, outcome.grade) {
        (true, crate::domain::Grade::Again | crate::domain::Grade::Hard) => {
            "due now: /review tests it properly".to_owned()
        }
        (true, _) => format!("{next_review}, as before (cramming does not move it)"),
        (false, _) => next_review.to_string(),
    };
    let _ = write!(
        out,
        "\nStreak: {}. Next review: {next}.",
        days(outcome.streak.current),
    );
    out
}

/// The review queue is empty: when the next card comes.
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

/// "1 day", "3 days".
pub fn days(count: u32) -> String {
    counted(count as usize, "day")
}

/// "1 attempt", "2 attempts": a count with its noun in the right number.
pub fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A change of time zone, as the member reads it. `place` is what the
/// front-end calls a workspace ("server" on Discord).
pub fn zone_change(change: &ZoneChange, place: &str) -> String {
    let zone = match change.zone {
        Some(zone) => zone.to_string(),
        None => format!("the {place}'s ({})", change.resolved),
    };
    match change.takes_effect {
        None if change.zone.is_some() => {
            format!("Your time zone is now {zone}; your practice day follows it.")
        }
        None => format!("Your time zone now follows {zone}."),
        Some(at) => {
            let local = at.with_timezone(&change.resolved.tz());
            format!(
                "Your time zone becomes {zone} at {} ({} time), when a new day starts there; \
                 until then your current practice day goes on, so a change of zone never adds a day.",
                local.format("%H:%M on %a %-d %b"),
                change.resolved
            )
        }
    }
}

/// The widest a name is shown in a leaderboard's column.
pub const NAME_COLUMN: usize = 24;

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

/// The board as an aligned text table; `me` marks the reader's own row
/// (empty on a public board, where there is no one reader).
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
    // Names are cut to a column of bounded width: a name's length must never
    // become a format width by itself.
    let names: Vec<String> = board
        .entries
        .iter()
        .map(|e| cut(&e.name, NAME_COLUMN))
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let mut out = title;
    for (entry, name) in board.entries.iter().zip(&names) {
        let value = match board.by {
            RankBy::Points => format!("{} pts", entry.value),
            RankBy::Streak => days(u32::try_from(entry.value).unwrap_or(0)),
        };
        let marker = if entry.name == me { "  ← you" } else { "" };
        let _ = write!(
            out,
            "\n  {:>2}. {:<width$}  {value}{marker}",
            entry.rank, name
        );
    }
    out
}

/// Totals, the per-topic table and the practice calendar as text.
pub fn stats(stats: &Stats) -> String {
    let mut out = stats_table(stats);
    out += "\n\nPractice days (# practised, . not, one column a week, Monday at the top):\n";
    out += &calendar(stats.calendar_start, stats.today, &stats.practice_days);
    out
}

/// The totals and the per-topic table, without the calendar (for a
/// front-end that draws the calendar as a picture).
pub fn stats_table(stats: &Stats) -> String {
    // With nothing graded there is no share to show, not a 0%.
    let recalled = if stats.attempts == 0 {
        "–".to_owned()
    } else {
        format!("{}%", stats.accuracy_percent())
    };
    let mut out = format!(
        "{}, {recalled} recalled, {} points. Streak: {} (best {}).\n",
        counted(stats.attempts as usize, "attempt"),
        stats.points,
        days(stats.streak.current),
        days(stats.streak.best)
    );
    if let Some(countdown) = &stats.countdown {
        out += &crate::wording::countdown(countdown);
        out += "\n";
    }
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

/// Topics with their question counts, as an aligned table.
pub fn topics(topics: &[TopicInfo]) -> String {
    topics_for(topics, "/quiz <topic>")
}

/// The topic table, its first line naming the command that quizzes a topic
/// where that command is spelt differently (Slack's `/prep quiz <topic>`).
pub fn topics_for(topics: &[TopicInfo], quiz_usage: &str) -> String {
    let width = topics.iter().map(|t| t.id.len()).max().unwrap_or(5);
    let total: usize = topics.iter().map(|t| t.questions).sum();
    let mut out = format!(
        "{} topics, {total} questions. Quiz one with {quiz_usage}.",
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

/// "45 s", "12 min", "5 h 30 min".
pub fn until(wait: chrono::Duration) -> String {
    let seconds = wait.num_seconds().max(0);
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}

/// The mock interview's one follow-up: the LLM judge's question when it
/// wrote a good one, else one on the first key point the answer did not
/// reach.
pub fn follow_up(follow_up: &crate::engine::FollowUp) -> String {
    match &follow_up.asked {
        Some(question) => format!("Follow-up: {question}"),
        None => format!(
            "Follow-up: your answer did not get to “{}”. How would you explain that part?",
            follow_up.key_point
        ),
    }
}

/// Said before the summary when the first answer of a mock interview
/// reached every key point, so there is nothing to follow up.
pub const NO_FOLLOW_UP: &str = "No follow-up needed: your answer reached every key point.";

/// What both answers of a mock interview covered, point by point.
pub fn interview_summary(summary: &crate::engine::InterviewSummary) -> String {
    let mut out = format!(
        "Interview summary: across your answers you covered {} of {} key points.",
        summary.covered,
        summary.matches.len()
    );
    for found in &summary.matches {
        let mark = if found.covered { "✓" } else { "✗" };
        let _ = write!(out, "\n  {mark} {}", key_point_line(found));
    }
    if let Some(note) = judged_note(&summary.judged_by) {
        let _ = write!(out, "\n{note}");
    }
    out
}

/// A key point, with the judge's quote from the answer when it gave one:
/// `KV cache — “keeps the keys and values”`.
pub fn key_point_line(found: &crate::domain::key_points::KeyPointMatch) -> String {
    match &found.evidence {
        Some(quote) => format!("{} — “{quote}”", found.key_point),
        None => found.key_point.clone(),
    }
}

/// What the judge added to the key points, or why the built-in checker
/// judged instead; nothing when the built-in checker is the only judge.
pub fn judged_note(judged_by: &crate::engine::JudgedBy) -> Option<String> {
    use crate::engine::JudgedBy;
    match judged_by {
        JudgedBy::KeyPoints => None,
        JudgedBy::Llm(verdict) => {
            let mut note = "AI judge".to_owned();
            if let Some(grade) = verdict.suggested_grade {
                let _ = write!(note, " (suggests {})", capitalised(grade.as_str()));
            }
            if verdict.feedback.is_empty() {
                note += ": no comment.";
            } else {
                let _ = write!(note, ": {}", verdict.feedback);
            }
            if verdict.unproven > 0 {
                let _ = write!(
                    note,
                    " ({} it called covered without quoting your answer {} counted as missed.)",
                    counted(verdict.unproven, "key point"),
                    if verdict.unproven == 1 { "is" } else { "are" }
                );
            }
            Some(note)
        }
        JudgedBy::Fallback(failure) => Some(format!(
            "The AI judge {failure}, so the built-in key-point checker judged this answer."
        )),
    }
}

/// A daily question that is not running: stopped by an admin, or paused
/// because the platform refused the channel (with what to do).
pub fn not_running(subscription: &crate::engine::Subscription) -> String {
    match &subscription.paused_reason {
        Some(reason) => format!("paused: {reason}"),
        None => "stopped".to_owned(),
    }
}

/// "Good" for "good": a word as a button label.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "; answer revealed in the thread 120 min after", or nothing.
pub fn reveal_in_thread(subscription: &crate::engine::Subscription) -> String {
    subscription
        .reveal_after
        .map(|d| {
            format!(
                "; answer revealed in the thread {} min after",
                d.num_minutes()
            )
        })
        .unwrap_or_default()
}

/// What a reload of the bank changed, for the admin who asked.
pub fn bank_changes(changes: &crate::engine::BankChanges) -> String {
    let list = |ids: &[String]| {
        let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
        let more = ids.len().saturating_sub(shown.len());
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    let mut out = format!(
        "Reloaded the question bank: {} now.",
        counted(changes.questions, "question")
    );
    for (label, ids) in [
        ("Added", &changes.added),
        ("Removed", &changes.removed),
        ("Changed", &changes.changed),
        ("Moved to another topic", &changes.moved),
    ] {
        if !ids.is_empty() {
            let _ = write!(out, "\n{label}: {}.", list(ids));
        }
    }
    if changes.added.is_empty()
        && changes.removed.is_empty()
        && changes.changed.is_empty()
        && changes.moved.is_empty()
    {
        out += "\nNothing changed.";
    }
    out
}

/// A bank that failed to reload: its faults, and that nothing changed.
pub fn bank_refused(errors: &crate::bank::BankErrors) -> String {
    format!(
        "{errors}\nThe bank was not reloaded; the questions in use stay as they were. Fix the lines above and reload again."
    )
}

/// Under a reveal whose question the bank has changed or dropped since the
/// card showed it.
pub fn since_note(since: crate::engine::Since) -> Option<&'static str> {
    match since {
        crate::engine::Since::Unchanged => None,
        crate::engine::Since::Changed => Some(
            "The bank's text of this question has changed since this card was drawn; this is what you saw. Draw it again for the new version.",
        ),
        crate::engine::Since::Removed => {
            Some("This question has since been removed from the bank; this is what you saw.")
        }
    }
}
/// The reply to a member's report: what was recorded, and that admins see it.
pub fn report_filed(filed: &crate::engine::Filed) -> String {
    let report = &filed.report;
    let first = if filed.updated {
        format!(
            "You had already reported {} and it is still open, so your report now reads: {}",
            report.question_id, report.reason
        )
    } else {
        format!(
            "Thank you: {} is reported as {}",
            report.question_id, report.reason
        )
    };
    let note = report
        .text
        .as_deref()
        .map(|text| format!(" (“{}”)", cut(text, 120)))
        .unwrap_or_default();
    format!(
        "{first}{note}. The admins here see it in their list of open reports, and the bank's maintainers in theirs."
    )
}

/// One report in a list: its number, the question, why, who and when.
pub fn report_line(report: &crate::engine::Report) -> String {
    let mut out = format!(
        "#{} {} · {} · by {} on {}",
        report.id,
        report.question_id,
        report.reason,
        report.reporter,
        report.created_at.format("%-d %b %Y")
    );
    if let Some(text) = &report.text {
        let _ = write!(out, "\n  “{}”", cut(text, 200));
    }
    let _ = write!(out, "\n  Q: {}", cut(&report.question, 120));
    out
}

/// An admin's list of open reports, and how to close one.
pub fn open_reports(reports: &[crate::engine::Report], close_usage: &str) -> String {
    if reports.is_empty() {
        return "No open reports. When a member reports a question, it shows up here.".to_owned();
    }
    let mut out = format!("{} open:", counted(reports.len(), "report"));
    for report in reports {
        let _ = write!(out, "\n{}", report_line(report));
    }
    let _ = write!(out, "\nClose one with {close_usage}.");
    out
}

/// The reply when an admin closes a report.
pub fn report_closed(report: &crate::engine::Report) -> String {
    let note = report
        .closed
        .as_ref()
        .and_then(|closed| closed.note.as_deref())
        .map(|note| format!(" with the note “{}”", cut(note, 200)))
        .unwrap_or_default();
    format!(
        "Report #{} on {} ({}, by {}) is closed{note}.",
        report.id, report.question_id, report.reason, report.reporter
    )
}

/// The discreet mark admins see on a question with open reports.
pub const REPORTED_MARK: &str = "⚑ reported";

/// The reply when an admin adds a question (approved at once) or a member
/// suggests one (waiting for an admin).
pub fn question_submitted(question: &crate::engine::WorkspaceQuestion) -> String {
    match question.status {
        crate::engine::QuestionStatus::Approved => format!(
            "Added {} to {} ({}). It joins this workspace's quizzes, daily questions and \
             reviews; ask it now with /quiz {}.",
            question.id, question.topic, question.difficulty, question.id
        ),
        _ => format!(
            "Thank you: your question is suggestion {} ({}, {}). An admin approves or rejects it \
             from the list of pending questions.",
            question.id, question.topic, question.difficulty
        ),
    }
}

/// The suggestions waiting for an admin, with how to decide on them.
pub fn pending_questions(questions: &[crate::engine::WorkspaceQuestion], usage: &str) -> String {
    if questions.is_empty() {
        return "No suggestions wait for approval. When a member suggests a question, it shows up here."
            .to_owned();
    }
    let mut out = format!("{} waiting:", counted(questions.len(), "suggestion"));
    for question in questions {
        let _ = write!(
            out,
            "\n{} · {} · {} · by {}\n  Q: {}\n  A: {}\n  Key points: {}",
            question.id,
            question.topic,
            question.difficulty,
            question
                .suggested_by
                .as_deref()
                .unwrap_or("a removed member"),
            cut(&question.question, 200),
            cut(&question.answer, 300),
            question.key_points.join("; ")
        );
    }
    let _ = write!(out, "\n{usage}");
    out
}

/// The reply when an admin approves or rejects a suggestion.
pub fn question_decided(question: &crate::engine::WorkspaceQuestion) -> String {
    match question.status {
        crate::engine::QuestionStatus::Approved => format!(
            "Approved {} ({}). It joins this workspace's quizzes, daily questions and reviews.",
            question.id, question.topic
        ),
        _ => {
            let note = question
                .reject_note
                .as_deref()
                .map(|note| format!(" with the note “{}”", cut(note, 200)))
                .unwrap_or_default();
            format!("Rejected {}{note}; it will not be asked.", question.id)
        }
    }
}

/// Where a member stands before their interview, in a line or two.
pub fn countdown(countdown: &crate::engine::Countdown) -> String {
    let date = countdown.date.format("%a %-d %b %Y");
    let when = match countdown.days_left {
        0 => "Your interview is today. Good luck: you prepared for this.".to_owned(),
        1 => format!("Your interview is tomorrow ({date})."),
        n => format!("Your interview is in {n} days ({date})."),
    };
    if countdown.days_left == 0 {
        return when;
    }
    let scope = if countdown.topics.is_empty() {
        "the bank".to_owned()
    } else {
        and_list(&countdown.topics)
    };
    let pace = match countdown.unseen {
        0 => format!(
            "You have seen every question in {scope}; /review cram goes over them ahead of schedule."
        ),
        unseen => format!(
            "{} in {scope} not seen yet: /review brings {} new a day to meet every one before the date.",
            counted(unseen, "question"),
            countdown.new_per_day
        ),
    };
    format!("{when}\n{pace}")
}

/// The reply to setting an interview date.
pub fn interview_set(countdown: &crate::engine::Countdown) -> String {
    let topics = if countdown.topics.is_empty() {
        "every topic".to_owned()
    } else {
        and_list(&countdown.topics)
    };
    format!(
        "Interview date set: {}, covering {topics}.\n{}",
        countdown.date.format("%a %-d %b %Y"),
        crate::wording::countdown(countdown)
    )
}

/// The reply to `/settings interview …`.
pub fn interview_setting(setting: &crate::engine::InterviewSetting) -> String {
    match setting {
        crate::engine::InterviewSetting::Set(countdown) => interview_set(countdown),
        crate::engine::InterviewSetting::Cleared(had_one) => interview_cleared(*had_one),
    }
}

/// The reply to clearing the interview date.
pub fn interview_cleared(had_one: bool) -> String {
    if had_one {
        "Interview date cleared; /review goes back to its usual pace.".to_owned()
    } else {
        "You had no interview date set.".to_owned()
    }
}

/// The heading line of a cram card.
pub fn cram_heading(left: usize) -> String {
    match left {
        0 => "Cram · the last question ahead of schedule for today".to_owned(),
        n => format!("Cram · {} more ahead of schedule", counted(n, "question")),
    }
}

/// When /review cram has nothing left to serve.
pub fn cram_nothing(due: usize, countdown: &crate::engine::Countdown) -> String {
    let first = match due {
        0 => "Nothing left to cram today: every question you know in your interview's topics was practised today or has not been met yet.".to_owned(),
        n => format!(
            "Nothing to cram: {} {} due now; /review takes those first, and counts them properly.",
            counted(n, "question"),
            if n == 1 { "is" } else { "are" }
        ),
    };
    format!("{first}\n{}", crate::wording::countdown(countdown))
}

/// The countdown in a few words, for a card's footer.
pub fn countdown_short(countdown: &crate::engine::Countdown) -> String {
    match countdown.days_left {
        0 => "interview today".to_owned(),
        1 => "interview tomorrow".to_owned(),
        n => format!("interview in {n} days"),
    }
}

/// The member's own streak, with their interview countdown under it.
pub fn streak_with_countdown(
    streak: &Streak,
    countdown: Option<&crate::engine::Countdown>,
) -> String {
    match countdown {
        Some(countdown) => format!(
            "{}\n{}",
            crate::wording::streak(streak),
            crate::wording::countdown(countdown)
        ),
        None => crate::wording::streak(streak),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A due-review reminder, as its member reads it in a direct message (or
/// the console); the front-end adds its buttons.
pub fn reminder(reminder: &crate::engine::Reminder) -> String {
    let due = match reminder.due {
        1 => "1 review is".to_owned(),
        n => format!("{n} reviews are"),
    };
    format!(
        "{due} due and you have not practised yet today. A few minutes now keeps the pile small \
         and your streak going."
    )
}

/// A member's reminder choice, for `/settings`; `command` is how this
/// front-end spells the settings command (`/settings`, `/prep settings`).
pub fn reminder_setting(setting: &crate::engine::ReminderSetting, command: &str) -> String {
    let zone = setting.zone;
    match (setting.at, &setting.blocked) {
        (None, _) => format!(
            "Reminders are off. To get one on days when reviews are due and you have not \
             practised, choose a time in your zone ({zone}): {command} reminders 08:00"
        ),
        (Some(at), None) => format!(
            "Reminders at {} ({zone}), privately, on days when reviews are due and you have not \
             practised yet. Stop them with {command} reminders off",
            at.format("%H:%M")
        ),
        (Some(at), Some(blocked)) => format!(
            "Reminders at {} ({zone}) are paused: prepbot could not send you a direct message on \
             {} ({}). Allow direct messages from prepbot, then choose the time again: {command} \
             reminders {}",
            at.format("%H:%M"),
            blocked.since.with_timezone(&zone.tz()).format("%a %-d %b"),
            cut(&blocked.reason, 120),
            at.format("%H:%M")
        ),
    }
}

/// What stopping reminders (the button or `off`) says.
pub fn reminders_stopped(command: &str) -> String {
    format!(
        "Reminders are off; prepbot will not remind you again. Turn them back on with {command} reminders 08:00"
    )
}

mod channel_check;
mod streak_repair;
pub use channel_check::{channel_check, check_failed, setup_warning};
pub use streak_repair::{HISTORY_CHAPTERS_SHOWN, restore_refused, restored, streak_history};
/// The weekly recap as text, beside its picture (and instead of it where
/// pictures cannot be shown). Names come cleaned from the store.
pub fn recap(recap: &crate::engine::Recap) -> String {
    let mut out = format!(
        "{} in {}, {} to {}.",
        recap.week,
        recap.workspace_name,
        recap.first_day.format("%a %-d %b"),
        recap.last_day.format("%a %-d %b %Y")
    );
    if recap.is_quiet() {
        out += "\nA quiet week: nobody practised. This week's daily questions are a good place to start again.";
        return out;
    }
    let _ = write!(
        out,
        "\n{} practised, {} in all.",
        counted(recap.members_practised as usize, "member"),
        counted(recap.questions_practised as usize, "question")
    );
    let list = |title: &str, entries: &[crate::engine::RecapEntry], unit: &str| {
        let mut text = format!("\n\n{title}:");
        if entries.is_empty() {
            text += "\n  nobody yet";
        }
        for (index, entry) in entries.iter().enumerate() {
            let _ = write!(
                text,
                "\n  {}. {} – {} {unit}",
                index + 1,
                entry.name,
                entry.value
            );
        }
        text
    };
    out += &list("Top five by points", &recap.top_points, "points");
    out += &list("Longest live streaks", &recap.top_streaks, "days");
    match &recap.most_missed {
        Some(missed) => {
            let times = if missed.times == 1 {
                "once".to_owned()
            } else {
                format!("{} times", missed.times)
            };
            let _ = write!(
                out,
                "\n\nMost often missed: {} (missed {times}): {}",
                missed.question_id,
                cut(&missed.question, 200)
            );
        }
        None => out += "\n\nNothing was missed all week.",
    }
    out
}

/// What `/settings theme` says once the theme is saved.
pub fn theme_set(theme: crate::domain::theme::Theme) -> String {
    format!("Your /stats pictures are drawn {theme} from now on.")
}

/// Where the console wrote a picture; `what` it shows, such as "your
/// progress".
pub fn picture_written(what: &str, path: &std::path::Path) -> String {
    format!("Picture of {what}: {}", path.display())
}

/// What `/prepbot recap on|off` says.
pub fn recap_switched(on: bool, found: bool) -> String {
    match (found, on) {
        (false, _) => {
            "This channel has no daily question, so it has no weekly recap; set one up first."
                .to_owned()
        }
        (true, true) => {
            "This channel gets a weekly recap on Mondays at the daily question's time.".to_owned()
        }
        (true, false) => "This channel gets no weekly recap from now on.".to_owned(),
    }
}

mod member_data;
pub use member_data::{
    DELETE_BUTTON, data_deleted, data_exported, delete_question, export_cut, export_written,
};
