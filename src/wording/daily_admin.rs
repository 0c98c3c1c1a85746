//! What prepbot tells an admin who steers a channel's daily question:
//! the preview of coming posts, and the replies to queue, skip, pause and
//! resume. Times are the channel's own clock, with its zone's abbreviation,
//! so a preview across a daylight-saving change shows the change.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Timezone;
use crate::domain::text::cut;
use crate::engine::{AdminPause, DailyPreview, Paused, Planned, Queued, Resumed, SkippedDate};

/// "Tue 1 Dec 09:00 CET": an instant on the channel's clock.
pub fn channel_time(at: DateTime<Utc>, zone: Timezone) -> String {
    at.with_timezone(&zone.tz())
        .format("%a %-d %b %H:%M %Z")
        .to_string()
}

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// "paused by Grace through Fri 4 Dec (exams)": an admin's pause in a
/// few words, for status lines.
pub fn admin_pause_note(pause: &AdminPause) -> String {
    let mut out = "paused".to_owned();
    if let Some(by) = &pause.by {
        let _ = write!(out, " by {}", cut(by, 40));
    }
    match pause.until_date {
        Some(until) => {
            let _ = write!(out, " through {}", day(until));
        }
        None if pause.resumes_at.is_none() => out += " until resumed",
        None => {}
    }
    if let Some(reason) = &pause.reason {
        let _ = write!(out, " ({})", cut(reason, 100));
    }
    out
}

/// A status line's "next …" part, with an admin's pause in front of it
/// while one runs; `escape` makes the pause's words safe where the line
/// goes (Slack's mrkdwn).
pub fn status_with_pause(
    status: &crate::engine::SubscriptionStatus,
    next: String,
    escape: impl Fn(&str) -> String,
) -> String {
    match &status.admin_pause {
        Some(pause) if status.subscription.enabled => {
            let next = if status.next.is_some() {
                next
            } else {
                "no post until an admin resumes it".to_owned()
            };
            format!("{}; {next}", escape(&admin_pause_note(pause)))
        }
        _ => next,
    }
}

/// The coming posts of a channel, one line a date with its question as
/// the deck stands; a run of paused dates is one line. `resume` is how
/// the front-end spells the resume command.
pub fn daily_preview(preview: &DailyPreview, resume: &str) -> String {
    let subscription = &preview.subscription;
    let zone = subscription.zone;
    let mut out = format!(
        "The daily question here: {} {zone}, {}.",
        subscription.schedule,
        subscription.topics_label()
    );
    if let Some(pause) = &preview.pause {
        let _ = write!(out, "\nNow {}.", admin_pause_note(pause));
    }
    let dates = &preview.dates;
    if dates.is_empty() {
        out += "\nNo coming post: the schedule has no further date.";
        return out;
    }
    // (when, what) per line, aligned once all are known.
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut index = 0;
    while index < dates.len() {
        let date = &dates[index];
        match &date.planned {
            Planned::Post { question } => rows.push((
                channel_time(date.firing.at, zone),
                match question {
                    Some(id) => id.to_string(),
                    None => "(decided when the deck is next shuffled)".to_owned(),
                },
            )),
            Planned::Skipped => rows.push((
                channel_time(date.firing.at, zone),
                "skipped by an admin".to_owned(),
            )),
            Planned::Paused => {
                let mut last = index;
                while dates
                    .get(last + 1)
                    .is_some_and(|next| next.planned == Planned::Paused)
                {
                    last += 1;
                }
                let first = day(date.firing.local_date);
                let when = if last > index {
                    format!("{first} – {}", day(dates[last].firing.local_date))
                } else {
                    first
                };
                let open_ended = last + 1 == dates.len()
                    && preview
                        .pause
                        .as_ref()
                        .is_some_and(|p| p.resumes_at.is_none());
                let what = if open_ended {
                    format!("paused, no post from then on until an admin resumes it with {resume}")
                } else {
                    "paused, no post".to_owned()
                };
                rows.push((when, what));
                index = last;
            }
        }
        index += 1;
    }
    let posts = dates
        .iter()
        .filter(|date| matches!(date.planned, Planned::Post { .. }))
        .count();
    let others = dates.len() > posts;
    out += &match (posts, others) {
        (0, _) => "\nNo post is planned:".to_owned(),
        (_, false) => format!("\nThe next {}:", crate::wording::counted(posts, "post")),
        (_, true) => format!(
            "\nThe next {}, with the dates skipped or paused among them:",
            crate::wording::counted(posts, "post")
        ),
    };
    let width = rows
        .iter()
        .map(|(when, _)| when.chars().count())
        .max()
        .unwrap_or(0);
    for (when, what) in &rows {
        let _ = write!(out, "\n  {when:<width$}  {what}");
    }
    if posts > 0 {
        out +=
            "\nQuestions as the deck stands now; a question added to the bank may join in between.";
    }
    out
}

fn next_post(
    next: Option<crate::domain::schedule::Firing>,
    zone: Timezone,
    resume: &str,
) -> String {
    match next {
        Some(firing) => format!("the next one comes {}", channel_time(firing.at, zone)),
        None => format!("no post is planned until an admin resumes it with {resume}"),
    }
}

/// The reply to queuing a question.
pub fn daily_queued(queued: &Queued, resume: &str) -> String {
    let mut out = match queued.at {
        Some(firing) => format!(
            "{} is queued: it is the next daily question here, on {}.",
            queued.question_id,
            channel_time(firing.at, queued.zone)
        ),
        None => format!(
            "{} is queued: it is the first daily question here once an admin resumes it with {resume}.",
            queued.question_id
        ),
    };
    if queued.repeat_in_round {
        out += " It was already posted in this round of the deck, so it comes once more now; the deck does not draw it again this round.";
    } else {
        out += " It moves up in the deck, so it does not come again later in this round.";
    }
    out
}

/// The reply to skipping the next post.
pub fn daily_skipped(skipped: &SkippedDate, resume: &str) -> String {
    format!(
        "Skipped the daily question of {}: nothing is posted then; {}.",
        channel_time(skipped.skipped.at, skipped.zone),
        next_post(skipped.next, skipped.zone, resume)
    )
}

/// The reply to a pause.
pub fn daily_paused(paused: &Paused, resume: &str) -> String {
    let start = if paused.changed {
        "The pause of the daily question here now runs"
    } else {
        "The daily question here is paused"
    };
    match paused.pause.until_date {
        Some(until) => format!(
            "{start} through {} (no post on that day either); {}. The paused days are not made up; {resume} ends the pause sooner.",
            day(until),
            next_post(paused.next, paused.zone, resume)
        ),
        None => format!(
            "{start} until an admin resumes it with {resume}; the paused days are not made up."
        ),
    }
}

/// The reply to a resume.
pub fn daily_resumed(resumed: &Resumed, resume: &str) -> String {
    format!(
        "The daily question here is back: {}. The paused days are not made up.",
        next_post(resumed.next, resumed.zone, resume)
    )
}
