//! A member's practice days as a small PNG picture: a grid with a column a
//! week and Monday at the top, green where they practised, as on a GitHub
//! profile. For front-ends that can show an image beside `/stats`.

use std::collections::HashSet;

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};
use plotters::prelude::*;

/// The picture's file name, as an attachment.
pub const PRACTICE_CALENDAR_FILE: &str = "practice-days.png";

const CELL: u32 = 14;
const GAP: u32 = 3;
const MARGIN: u32 = 10;
/// Discord's embeds are dark or light; a white card with a margin reads on
/// both.
const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
const PRACTISED: RGBColor = RGBColor(0x2E, 0xA0, 0x43);
const MISSED: RGBColor = RGBColor(0xE1, 0xE4, 0xE8);
/// Weeks shown at most, however early `start` is.
const MAX_WEEKS: u32 = 53;

/// The grid from `start` (a Monday) to `today`; days after today are left
/// blank.
pub fn practice_calendar_png(
    start: NaiveDate,
    today: NaiveDate,
    practised: &[NaiveDate],
) -> anyhow::Result<Vec<u8>> {
    let all_weeks = u32::try_from((today - start).num_days() / 7 + 1).unwrap_or(1);
    let weeks = all_weeks.clamp(1, MAX_WEEKS);
    // A longer history shows its latest weeks.
    let start = start + Duration::weeks(i64::from(all_weeks.saturating_sub(weeks)));
    let (width, height) = size(weeks);
    let mut pixels = vec![0_u8; (width * height * 3) as usize];
    {
        let canvas = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        canvas.fill(&BACKGROUND).context("drawing the calendar")?;
        let practised: HashSet<NaiveDate> = practised.iter().copied().collect();
        for week in 0..weeks {
            for weekday in 0..7 {
                let day = start + Duration::days(i64::from(week * 7 + weekday));
                if day > today {
                    continue;
                }
                let colour = if practised.contains(&day) {
                    PRACTISED
                } else {
                    MISSED
                };
                let (x, y) = cell_origin(week, weekday);
                let corner = (x + CELL as i32 - 1, y + CELL as i32 - 1);
                canvas
                    .draw(&Rectangle::new([(x, y), corner], colour.filled()))
                    .context("drawing the calendar")?;
            }
        }
        canvas.present().context("drawing the calendar")?;
    }
    encode_png(&pixels, width, height)
}

fn size(weeks: u32) -> (u32, u32) {
    (
        MARGIN * 2 + weeks * CELL + (weeks - 1) * GAP,
        MARGIN * 2 + 7 * CELL + 6 * GAP,
    )
}

/// The top-left pixel of a day's square.
fn cell_origin(week: u32, weekday: u32) -> (i32, i32) {
    let step = CELL + GAP;
    (
        i32::try_from(MARGIN + week * step).unwrap_or(0),
        i32::try_from(MARGIN + weekday * step).unwrap_or(0),
    )
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().context("encoding the calendar")?;
    writer
        .write_image_data(rgb)
        .context("encoding the calendar")?;
    writer.finish().context("encoding the calendar")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The decoded picture and a pixel reader.
    fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        (info.width, info.height, pixels)
    }

    fn colour_at(pixels: &[u8], width: u32, week: u32, weekday: u32) -> RGBColor {
        let (x, y) = cell_origin(week, weekday);
        let (x, y) = (x as u32 + CELL / 2, y as u32 + CELL / 2);
        let i = ((y * width + x) * 3) as usize;
        RGBColor(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    #[test]
    fn practised_days_are_green_missed_days_grey_and_the_future_blank() {
        // Monday 16 Nov to Saturday 28 Nov 2026: two weeks.
        let start = day("2026-11-16");
        let today = day("2026-11-28");
        let practised = [day("2026-11-16"), day("2026-11-25"), day("2026-11-28")];
        let png_bytes = practice_calendar_png(start, today, &practised).unwrap();
        assert_eq!(&png_bytes[..8], b"\x89PNG\r\n\x1a\n");
        let (width, height, pixels) = decode(&png_bytes);
        assert_eq!((width, height), size(2));
        let at = |week, weekday| colour_at(&pixels, width, week, weekday);
        assert_eq!(at(0, 0), PRACTISED, "Mon 16 Nov");
        assert_eq!(at(0, 1), MISSED, "Tue 17 Nov");
        assert_eq!(at(1, 2), PRACTISED, "Wed 25 Nov");
        assert_eq!(at(1, 5), PRACTISED, "Sat 28 Nov, today");
        assert_eq!(at(1, 6), BACKGROUND, "Sun 29 Nov is still to come");
    }

    #[test]
    fn a_very_long_history_shows_its_latest_year() {
        let today = day("2026-11-28");
        let png_bytes = practice_calendar_png(day("2020-01-06"), today, &[today]).unwrap();
        let (width, _, pixels) = decode(&png_bytes);
        assert_eq!(width, size(MAX_WEEKS).0);
        assert_eq!(colour_at(&pixels, width, MAX_WEEKS - 1, 5), PRACTISED);
    }
}
