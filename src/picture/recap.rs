//! A channel's weekly recap as a picture: the week, how many members
//! practised and how many cards they graded, the top five by points, the
//! longest live streaks, and the question most often missed. A week with
//! no practice gets a kind word instead of empty lists.

use super::canvas::{Canvas, Rect, TextStyle, fit, text_width};
use super::palette::Palette;
use super::parts::tiles;
use crate::domain::theme::Theme;
use crate::engine::{Recap, RecapEntry};

/// The picture's file name, as an attachment.
pub const RECAP_FILE: &str = "prepbot-weekly-recap.png";

pub const RECAP_WIDTH: u32 = 720;
const MARGIN: i32 = 28;
const LISTS_Y: i32 = 204;
const ROW_PITCH: i32 = 30;
const MISSED_Y: i32 = 400;
pub const RECAP_HEIGHT: u32 = 494;
pub const QUIET_HEIGHT: u32 = 344;

/// The recap as PNG bytes. Channels see it in the light theme, which
/// reads on light and dark clients alike.
pub fn recap_png(recap: &Recap) -> anyhow::Result<Vec<u8>> {
    let palette = Palette::of(Theme::Light);
    let height = if recap.is_quiet() {
        QUIET_HEIGHT
    } else {
        RECAP_HEIGHT
    };
    let mut canvas = Canvas::new(RECAP_WIDTH, height, palette.background);
    let inner = (RECAP_WIDTH as i32 - 2 * MARGIN) as f32;
    let title = TextStyle::new(26.0, palette.text).bold();
    let week_number = recap.week.rsplit('W').next().unwrap_or(&recap.week);
    let heading = format!(
        "Week {} in {}",
        week_number.trim_start_matches('0'),
        recap.workspace_name
    );
    canvas.text(MARGIN as f32, 56.0, &fit(&heading, title, inner), title);
    let note = TextStyle::new(14.0, palette.muted);
    let dates = format!(
        "Weekly recap · {} to {}",
        recap.first_day.format("%a %-d %b"),
        recap.last_day.format("%a %-d %b %Y")
    );
    canvas.text(MARGIN as f32, 80.0, &dates, note);
    tiles(
        &mut canvas,
        &palette,
        100,
        &[
            (
                recap.members_practised.to_string(),
                if recap.members_practised == 1 {
                    "member practised".to_owned()
                } else {
                    "members practised".to_owned()
                },
            ),
            (
                recap.questions_practised.to_string(),
                if recap.questions_practised == 1 {
                    "question practised".to_owned()
                } else {
                    "questions practised".to_owned()
                },
            ),
        ],
    );
    if recap.is_quiet() {
        let panel = Rect::new(MARGIN, 196, RECAP_WIDTH - 2 * MARGIN as u32, 120);
        canvas.fill(panel, palette.panel);
        let x = (MARGIN + 20) as f32;
        canvas.text(
            x,
            236.0,
            "A quiet week",
            TextStyle::new(20.0, palette.text).bold(),
        );
        let body = TextStyle::new(15.0, palette.text);
        canvas.text(
            x,
            266.0,
            "Nobody practised last week. This week's daily questions",
            body,
        );
        canvas.text(
            x,
            290.0,
            "are a good place to start again, one card a day.",
            body,
        );
        return canvas.png();
    }
    let column = (RECAP_WIDTH as i32 - 2 * MARGIN - 24) / 2;
    list(
        &mut canvas,
        &palette,
        MARGIN,
        column,
        "Top five by points",
        &recap.top_points,
        "pts",
    );
    list(
        &mut canvas,
        &palette,
        MARGIN + column + 24,
        column,
        "Longest live streaks",
        &recap.top_streaks,
        "days",
    );
    let heading = TextStyle::new(16.0, palette.text).bold();
    canvas.text(MARGIN as f32, MISSED_Y as f32, "Most often missed", heading);
    let panel = Rect::new(MARGIN, MISSED_Y + 10, RECAP_WIDTH - 2 * MARGIN as u32, 56);
    canvas.fill(panel, palette.panel);
    let x = (MARGIN + 14) as f32;
    let room = inner - 28.0;
    match &recap.most_missed {
        Some(missed) => {
            let times = if missed.times == 1 {
                "missed once".to_owned()
            } else {
                format!("missed {} times", missed.times)
            };
            let line = TextStyle::new(14.0, palette.text).bold();
            canvas.text(
                x,
                (MISSED_Y + 32) as f32,
                &format!("{} · {times}", missed.question_id),
                line,
            );
            let body = TextStyle::new(14.0, palette.text);
            canvas.text(
                x,
                (MISSED_Y + 54) as f32,
                &fit(&missed.question, body, room),
                body,
            );
        }
        None => {
            let body = TextStyle::new(14.0, palette.muted);
            canvas.text(
                x,
                (MISSED_Y + 40) as f32,
                "Nothing was missed all week.",
                body,
            );
        }
    }
    canvas.png()
}

/// A titled list of names with their figures and a bar each, scaled to
/// the first (largest) figure.
fn list(
    canvas: &mut Canvas,
    palette: &Palette,
    x: i32,
    width: i32,
    title: &str,
    entries: &[RecapEntry],
    unit: &str,
) {
    let heading = TextStyle::new(16.0, palette.text).bold();
    canvas.text(x as f32, LISTS_Y as f32, title, heading);
    let name_style = TextStyle::new(14.0, palette.text);
    let figure_style = TextStyle::new(14.0, palette.text).bold();
    let rank_style = TextStyle::new(14.0, palette.muted);
    if entries.is_empty() {
        canvas.text(x as f32, (LISTS_Y + 30) as f32, "Nobody yet.", rank_style);
        return;
    }
    let top = entries.first().map(|e| e.value).unwrap_or(1).max(1);
    for (index, entry) in entries.iter().enumerate() {
        let baseline = LISTS_Y + 30 + index as i32 * ROW_PITCH;
        canvas.text(
            x as f32,
            baseline as f32,
            &format!("{}", index + 1),
            rank_style,
        );
        let figure = format!("{} {unit}", entry.value);
        let figure_width = text_width(&figure, figure_style);
        let right = (x + width) as f32;
        canvas.text(right - figure_width, baseline as f32, &figure, figure_style);
        let name_x = (x + 22) as f32;
        let room = right - figure_width - 12.0 - name_x;
        canvas.text(
            name_x,
            baseline as f32,
            &fit(&entry.name, name_style, room),
            name_style,
        );
        let bar_room = (width - 22) as i64;
        let bar = (bar_room * entry.value.max(0) / top).clamp(2, bar_room) as u32;
        canvas.fill(Rect::new(x + 22, baseline + 5, bar, 4), palette.levels[2]);
    }
}
