//! Pieces both pictures are built from.

use super::canvas::{Canvas, Rect, TextStyle, fit};
use super::palette::Palette;

const MARGIN: i32 = 28;
const GAP: i32 = 12;
pub const TILE_HEIGHT: u32 = 70;

/// A row of tiles across the picture, each a big figure over what it
/// counts.
pub fn tiles(canvas: &mut Canvas, palette: &Palette, y: i32, tiles: &[(String, String)]) {
    let count = tiles.len().max(1) as i32;
    let inner = canvas.size().0 as i32 - 2 * MARGIN;
    let width = (inner - GAP * (count - 1)) / count;
    let figure = TextStyle::new(24.0, palette.text).bold();
    let label = TextStyle::new(13.0, palette.muted);
    for (index, (value, meaning)) in tiles.iter().enumerate() {
        let x = MARGIN + index as i32 * (width + GAP);
        canvas.fill(Rect::new(x, y, width as u32, TILE_HEIGHT), palette.panel);
        let room = (width - 28) as f32;
        let left = (x + 14) as f32;
        canvas.text(left, (y + 34) as f32, &fit(value, figure, room), figure);
        canvas.text(left, (y + 56) as f32, &fit(meaning, label, room), label);
    }
}
