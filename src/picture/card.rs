//! A member's `/stats` card: their name, streak, freezes and this month's
//! points; half a year of practice days shaded by cards graded, with
//! month and weekday labels, a legend and today outlined; and a bar per
//! topic for questions practised and mastered. A member with no practice
//! yet gets a short welcome instead of an empty grid.

use chrono::{Datelike, Duration, NaiveDate};

use super::canvas::{Canvas, Rect, TextStyle, fit};
use super::palette::Palette;
use crate::engine::CALENDAR_WEEKS;
use crate::engine::Stats;

/// The picture's file name, as an attachment or a file on disk.
pub const STATS_CARD_FILE: &str = "prepbot-stats.png";

pub const CARD_WIDTH: u32 = 720;
const MARGIN: i32 = 28;
const CELL: u32 = 19;
const PITCH: i32 = 24;
/// Left of the first column: room for the weekday labels.
const GRID_X: i32 = MARGIN + 40;
const GRID_Y: i32 = 236;
const TILES_Y: i32 = 100;
const TOPICS_Y: i32 = 486;
const TOPIC_PITCH: i32 = 24;
const BAR_X: i32 = MARGIN + 180;
const BAR_WIDTH: u32 = 300;
const EMPTY_HEIGHT: u32 = 344;

/// Where things are on a member's card, for drawing it and for reading
/// it back in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardLayout {
    pub width: u32,
    pub height: u32,
    /// No practice yet: the welcome, no calendar and no bars.
    pub welcome: bool,
    /// The Monday of the first column, and today.
    pub start: NaiveDate,
    pub today: NaiveDate,
    pub weeks: u32,
    pub topics: usize,
}

impl CardLayout {
    pub fn of(stats: &Stats) -> Self {
        let weeks_back = ((stats.today - stats.calendar_start).num_days() / 7).max(0);
        let weeks = (weeks_back + 1).min(CALENDAR_WEEKS);
        // A longer history shows its latest weeks.
        let start = stats.calendar_start + Duration::weeks(weeks_back + 1 - weeks);
        let welcome = stats.attempts == 0;
        let height = if welcome {
            EMPTY_HEIGHT
        } else {
            (TOPICS_Y + TOPIC_PITCH * stats.topics.len() as i32 + 12 + MARGIN) as u32
        };
        Self {
            width: CARD_WIDTH,
            height,
            welcome,
            start,
            today: stats.today,
            weeks: weeks as u32,
            topics: stats.topics.len(),
        }
    }

    /// The square of a day in the calendar; `None` outside it (or in the
    /// future, or on the welcome card).
    pub fn day_cell(&self, day: NaiveDate) -> Option<Rect> {
        if self.welcome || day < self.start || day > self.today {
            return None;
        }
        let offset = (day - self.start).num_days();
        let (week, weekday) = ((offset / 7) as i32, (offset % 7) as i32);
        Some(Rect::new(
            GRID_X + week * PITCH,
            GRID_Y + weekday * PITCH,
            CELL,
            CELL,
        ))
    }

    /// The whole length of topic number `index`'s bar.
    pub fn topic_bar(&self, index: usize) -> Option<Rect> {
        (!self.welcome && index < self.topics).then(|| {
            Rect::new(
                BAR_X,
                TOPICS_Y + TOPIC_PITCH * index as i32 + 4,
                BAR_WIDTH,
                12,
            )
        })
    }
}

/// The card as PNG bytes, in the member's theme.
pub fn stats_card_png(stats: &Stats) -> anyhow::Result<Vec<u8>> {
    let layout = CardLayout::of(stats);
    let palette = Palette::of(stats.theme);
    let mut canvas = Canvas::new(layout.width, layout.height, palette.background);
    header(&mut canvas, &palette, stats);
    if layout.welcome {
        welcome(&mut canvas, &palette);
    } else {
        calendar(&mut canvas, &palette, stats, &layout);
        topics(&mut canvas, &palette, stats, &layout);
    }
    canvas.png()
}

fn header(canvas: &mut Canvas, palette: &Palette, stats: &Stats) {
    let width = (CARD_WIDTH as i32 - 2 * MARGIN) as f32;
    let title = TextStyle::new(28.0, palette.text).bold();
    canvas.text(MARGIN as f32, 56.0, &fit(&stats.name, title, width), title);
    let note = TextStyle::new(14.0, palette.muted);
    let subtitle = format!(
        "prepbot practice card · {}",
        stats.today.format("%a %-d %b %Y")
    );
    canvas.text(MARGIN as f32, 80.0, &subtitle, note);
    let streak = &stats.streak;
    super::parts::tiles(
        canvas,
        palette,
        TILES_Y,
        &[
            (days(streak.current), "current streak".to_owned()),
            (days(streak.best), "best streak".to_owned()),
            (
                format!(
                    "{} of {}",
                    streak.freezes_left,
                    crate::domain::streak::MAX_FREEZES
                ),
                "freezes left".to_owned(),
            ),
            (
                stats.points_this_month.to_string(),
                "points this month".to_owned(),
            ),
        ],
    );
}

fn days(count: u32) -> String {
    crate::wording::days(count)
}

fn welcome(canvas: &mut Canvas, palette: &Palette) {
    let panel = Rect::new(MARGIN, 196, CARD_WIDTH - 2 * MARGIN as u32, 120);
    canvas.fill(panel, palette.panel);
    let x = (MARGIN + 20) as f32;
    canvas.text(
        x,
        236.0,
        "No practice yet",
        TextStyle::new(20.0, palette.text).bold(),
    );
    let body = TextStyle::new(15.0, palette.text);
    canvas.text(
        x,
        266.0,
        "Grade your first card with /quiz or today's /daily,",
        body,
    );
    canvas.text(
        x,
        290.0,
        "and this card fills in with your practice days and topics.",
        body,
    );
}

fn calendar(canvas: &mut Canvas, palette: &Palette, stats: &Stats, layout: &CardLayout) {
    let heading = TextStyle::new(16.0, palette.text).bold();
    let small = TextStyle::new(13.0, palette.muted);
    canvas.text(
        MARGIN as f32,
        204.0,
        &format!("Cards graded, last {} weeks", layout.weeks),
        heading,
    );
    // Month names over the week holding each month's first day.
    let mut free_from = i32::MIN;
    for week in 0..layout.weeks as i64 {
        let monday = layout.start + Duration::weeks(week);
        let first_of_month = (0..7)
            .map(|d| monday + Duration::days(d))
            .find(|day| day.day() == 1);
        let label_day = match (week, first_of_month) {
            (_, Some(day)) => day,
            // The first column names its month unless a new one starts soon.
            (0, None) if monday.day() < 20 => monday,
            _ => continue,
        };
        let x = GRID_X + week as i32 * PITCH;
        if x < free_from {
            continue;
        }
        let name = label_day.format("%b").to_string();
        let used = canvas.text(x as f32, 226.0, &name, small);
        free_from = x + used as i32 + 6;
    }
    for (row, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        let baseline = GRID_Y + row as i32 * PITCH + 14;
        canvas.text(MARGIN as f32, baseline as f32, name, small);
    }
    let counts: std::collections::HashMap<NaiveDate, u32> =
        stats.day_counts.iter().copied().collect();
    for offset in 0..i64::from(layout.weeks) * 7 {
        let day = layout.start + Duration::days(offset);
        if let Some(cell) = layout.day_cell(day) {
            canvas.fill(cell, palette.shade(counts.get(&day).copied().unwrap_or(0)));
        }
    }
    if let Some(cell) = layout.day_cell(layout.today) {
        canvas.outline(cell.grown(2), 2, palette.today);
    }
    // The legend: a swatch and its meaning for each shade, then today.
    let baseline = 428.0;
    let label = TextStyle::new(14.0, palette.muted);
    let mut x = MARGIN as f32;
    x += canvas.text(x, baseline, "Cards a day:", label) + 10.0;
    for (shade, meaning) in palette
        .levels
        .iter()
        .zip(["none", "1–2", "3–5", "6 or more"])
    {
        canvas.fill(Rect::new(x as i32, baseline as i32 - 12, 14, 14), *shade);
        x += 20.0;
        x += canvas.text(x, baseline, meaning, label) + 14.0;
    }
    let swatch = Rect::new(x as i32, baseline as i32 - 12, 14, 14);
    canvas.fill(swatch, palette.levels[0]);
    canvas.outline(swatch, 2, palette.today);
    canvas.text(x + 20.0, baseline, "today", label);
}

fn topics(canvas: &mut Canvas, palette: &Palette, stats: &Stats, layout: &CardLayout) {
    let heading = TextStyle::new(16.0, palette.text).bold();
    let small = TextStyle::new(13.0, palette.muted);
    canvas.text(MARGIN as f32, 470.0, "Topic mastery", heading);
    // The key, on the heading's line.
    let mut x = BAR_X as f32;
    for (colour, meaning) in [
        (palette.practised, "questions practised"),
        (palette.mastered, "mastered"),
    ] {
        canvas.fill(Rect::new(x as i32, 459, 12, 12), colour);
        x += 17.0;
        x += canvas.text(x, 470.0, meaning, small) + 14.0;
    }
    canvas.text(x, 470.0, "· % of attempts recalled", small);
    let name_style = TextStyle::new(14.0, palette.text);
    for (index, topic) in stats.topics.iter().enumerate() {
        let Some(bar) = layout.topic_bar(index) else {
            continue;
        };
        let baseline = (bar.y + 12) as f32;
        canvas.text(
            MARGIN as f32,
            baseline,
            &fit(&topic.name, name_style, (BAR_X - MARGIN - 12) as f32),
            name_style,
        );
        canvas.fill(bar, palette.panel);
        // A topic with no questions (all retired) draws an empty bar.
        let share = |part: usize| -> u32 {
            (BAR_WIDTH as usize * part.min(topic.questions))
                .checked_div(topic.questions)
                .unwrap_or(0) as u32
        };
        canvas.fill(
            Rect::new(bar.x, bar.y, share(topic.practised), bar.height),
            palette.practised,
        );
        canvas.fill(
            Rect::new(bar.x, bar.y, share(topic.mastered), bar.height),
            palette.mastered,
        );
        let recalled = if topic.attempts == 0 {
            "–".to_owned()
        } else {
            format!("{}%", topic.accuracy_percent())
        };
        let figures = format!(
            "{}/{} · {} · {} mastered",
            topic.practised, topic.questions, recalled, topic.mastered
        );
        let right = (CARD_WIDTH as i32 - MARGIN) as f32;
        let left = (bar.x + bar.width as i32 + 10) as f32;
        canvas.text(left, baseline, &fit(&figures, small, right - left), small);
    }
}
