//! What admins read about a member's streak: its history, a restore, and
//! why a restore was refused.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{days, streak_summary};
use crate::domain::streak_story::{Chapter, Refusal};
use crate::domain::text::cut;
use crate::engine::{Restored, StreakHistory};

/// The most chapters shown; older ones are counted, not listed.
pub const HISTORY_CHAPTERS_SHOWN: usize = 15;

fn date(day: NaiveDate) -> String {
    day.format("%a %-d %b %Y").to_string()
}

/// "Tue 10 Nov 2026" or "Tue 10 Nov 2026 – Wed 11 Nov 2026".
fn span(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        date(from)
    } else {
        format!("{} – {}", date(from), date(to))
    }
}

/// "Tue 10 Nov 2026", "Tue 10 Nov 2026 and Wed 11 Nov 2026", "A, B and C".
fn listed(list: &[NaiveDate]) -> String {
    let names: Vec<String> = list.iter().map(|day| date(*day)).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A member's streak story, newest last, for an admin.
pub fn streak_history(history: &StreakHistory) -> String {
    let mut out = streak_summary(&history.streak);
    if history.chapters.is_empty() {
        out += "\nNo practice recorded yet.";
        return out;
    }
    let hidden = history
        .chapters
        .len()
        .saturating_sub(HISTORY_CHAPTERS_SHOWN);
    if hidden > 0 {
        let _ = write!(out, "\n({hidden} earlier entries not shown.)");
    }
    for chapter in &history.chapters[hidden..] {
        out += "\n";
        out += &match chapter {
            Chapter::Practised { from, to, run } if from == to => {
                format!("{}: practised (run {}).", date(*from), days(*run))
            }
            Chapter::Practised { from, to, run } => format!(
                "{}: practised {} in a row (run {}).",
                span(*from, *to),
                days(((*to - *from).num_days() + 1) as u32),
                days(*run)
            ),
            Chapter::Frozen { from, to, left } => format!(
                "{}: missed; {} covered it ({left} left).",
                span(*from, *to),
                if from == to {
                    "a freeze".to_owned()
                } else {
                    format!("{} freezes", (*to - *from).num_days() + 1)
                }
            ),
            Chapter::Reset { from, to, lost, .. } => format!(
                "{}: missed with no freeze left; the run of {} ended.",
                span(*from, *to),
                days(*lost)
            ),
            Chapter::Excused { day } => {
                let repair = history.repairs.iter().find(|repair| repair.day == *day);
                match repair {
                    Some(repair) => format!(
                        "{}: excused by {} on {} (“{}”); counts for the streak, earns nothing.",
                        date(*day),
                        repair.by,
                        repair.at.format("%-d %b %Y"),
                        cut(&repair.reason, 120)
                    ),
                    None => format!("{}: excused by an admin.", date(*day)),
                }
            }
        };
    }
    out
}

/// The reply to a restore.
pub fn restored(restored: &Restored) -> String {
    format!(
        "Restored {}'s streak: {} {} excused, as prepbot was unavailable for most of {}. \
         {}\nExcused days keep the streak going but earn no points and are not counted as \
         practice days. Reason recorded: “{}”.",
        restored.member,
        listed(&restored.days),
        if restored.days.len() == 1 {
            "is"
        } else {
            "are"
        },
        if restored.days.len() == 1 {
            "it"
        } else {
            "each"
        },
        streak_summary(&restored.streak),
        cut(&restored.reason, 200)
    )
}

/// Why a restore was refused, and what the admin can rely on instead.
pub fn restore_refused(member: &str, refusal: &Refusal) -> String {
    match refusal {
        Refusal::NoReset => {
            format!("{member}'s streak has never been reset, so there is nothing to restore.")
        }
        Refusal::AlreadyRestored { day } => format!(
            "{member}'s last reset was already restored ({} is excused). Only the last reset \
             can be restored, and only once; the streak history shows what happened.",
            date(*day)
        ),
        Refusal::NotDowntime { down, up, .. } if down.is_empty() => format!(
            "Not restored: {member}'s last reset came from missing {}, and prepbot has no record \
             of being down or paused for most of {}. Only a reset caused by prepbot being down or paused can be restored.",
            listed(up),
            if up.len() == 1 {
                "that day"
            } else {
                "those days"
            }
        ),
        Refusal::NotDowntime { down, up, held } => format!(
            "Not restored: prepbot was down or paused for most of {}, but {member} also missed \
             {} while it was available, {}. Only a reset caused by prepbot being down or paused can be restored.",
            listed(down),
            listed(up),
            match held {
                0 => "with no freeze to cover it".to_owned(),
                held => format!(
                    "more than the {} they held could cover",
                    super::counted(*held as usize, "freeze")
                ),
            }
        ),
    }
}
