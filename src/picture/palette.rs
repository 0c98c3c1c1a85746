//! The colours of each theme. Calendar shades run from "no cards" to "six
//! or more" and stay apart in both themes, so the four levels read at a
//! glance and in a test that reads pixels back.

use super::canvas::Rgb;
use crate::domain::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub background: Rgb,
    /// Tiles and empty bars, a step away from the background.
    pub panel: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    /// Calendar shades: none, 1-2, 3-5, 6 or more cards graded that day.
    pub levels: [Rgb; 4],
    /// The frame around today in the calendar.
    pub today: Rgb,
    /// Topic bars: questions practised, and those mastered.
    pub practised: Rgb,
    pub mastered: Rgb,
}

impl Palette {
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Self {
                background: Rgb(0xFF, 0xFF, 0xFF),
                panel: Rgb(0xF3, 0xF4, 0xF6),
                text: Rgb(0x1F, 0x23, 0x28),
                muted: Rgb(0x59, 0x63, 0x6E),
                levels: [
                    Rgb(0xE3, 0xE6, 0xEA),
                    Rgb(0x9B, 0xE9, 0xA8),
                    Rgb(0x30, 0xA1, 0x4E),
                    Rgb(0x16, 0x5C, 0x2A),
                ],
                today: Rgb(0xD9, 0x48, 0x0F),
                practised: Rgb(0x9E, 0xC5, 0xFE),
                mastered: Rgb(0x1F, 0x5F, 0xD6),
            },
            Theme::Dark => Self {
                background: Rgb(0x16, 0x1B, 0x22),
                panel: Rgb(0x24, 0x2A, 0x33),
                text: Rgb(0xE6, 0xED, 0xF3),
                muted: Rgb(0x9A, 0xA4, 0xAF),
                levels: [
                    Rgb(0x2D, 0x33, 0x3B),
                    Rgb(0x0E, 0x60, 0x2D),
                    Rgb(0x26, 0xA6, 0x41),
                    Rgb(0x6C, 0xE8, 0x7C),
                ],
                today: Rgb(0xFF, 0x9E, 0x4A),
                practised: Rgb(0x3A, 0x5F, 0x96),
                mastered: Rgb(0x58, 0xA6, 0xFF),
            },
        }
    }

    /// The shade for a day with `cards` graded.
    pub fn shade(&self, cards: u32) -> Rgb {
        self.levels[shade_level(cards)]
    }
}

/// Which of the four shades a day gets: 0, 1-2, 3-5, 6 or more.
pub fn shade_level(cards: u32) -> usize {
    match cards {
        0 => 0,
        1..=2 => 1,
        3..=5 => 2,
        _ => 3,
    }
}
