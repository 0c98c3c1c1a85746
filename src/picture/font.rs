//! The bundled DejaVu Sans, regular and bold, laid out one line at a time
//! with ab_glyph: widths for fitting text, and coverage for drawing it.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The parsed face, once per process. The files are built in and known
/// to parse; if one ever did not, text is left out rather than a panic.
fn face(bold: bool) -> Option<&'static FontRef<'static>> {
    static REGULAR: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static BOLD: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let (cell, bytes) = if bold {
        (&BOLD, BOLD_TTF)
    } else {
        (&REGULAR, REGULAR_TTF)
    };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).ok())
        .as_ref()
}

/// The characters that are drawn: control and invisible characters (which
/// could reorder or hide what is around them) are dropped, white space is
/// one space.
fn drawn(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter_map(|c| {
        if c.is_whitespace() {
            Some(' ')
        } else if crate::domain::text::strip_controls(c.encode_utf8(&mut [0; 4])).is_empty() {
            None
        } else {
            Some(c)
        }
    })
}

/// Calls `each` with every glyph's id and its pen position along the line.
fn lay_out(text: &str, size: f32, bold: bool, mut each: impl FnMut(GlyphId, f32)) -> f32 {
    let Some(face) = face(bold) else {
        return 0.0;
    };
    let scaled = face.as_scaled(PxScale::from(size));
    let mut pen = 0.0;
    let mut previous: Option<GlyphId> = None;
    for c in drawn(text) {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            pen += scaled.kern(previous, id);
        }
        each(id, pen);
        pen += scaled.h_advance(id);
        previous = Some(id);
    }
    pen
}

pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    lay_out(text, size, bold, |_, _| {})
}

/// Draws `text`, handing each covered pixel and its coverage (0 to 1) to
/// `plot`; returns the width drawn.
pub fn draw(
    text: &str,
    x: f32,
    baseline: f32,
    size: f32,
    bold: bool,
    mut plot: impl FnMut(i32, i32, f32),
) -> f32 {
    let Some(face) = face(bold) else {
        return 0.0;
    };
    let scale = PxScale::from(size);
    lay_out(text, size, bold, |id, pen| {
        let glyph = id.with_scale_and_position(scale, point(x + pen, baseline));
        if let Some(outlined) = face.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                plot(
                    bounds.min.x as i32 + gx as i32,
                    bounds.min.y as i32 + gy as i32,
                    coverage,
                );
            });
        }
    })
}

/// `text` as drawn, cut with `…` where it would pass `max_width`.
pub fn fit(text: &str, size: f32, bold: bool, max_width: f32) -> String {
    let whole: String = drawn(text).collect();
    if width(&whole, size, bold) <= max_width {
        return whole;
    }
    let chars: Vec<char> = whole.chars().collect();
    // The longest start that fits with the ellipsis; widths only grow with
    // length, so a binary search finds it in a few layouts.
    let (mut fits, mut too_long) = (0, chars.len());
    while too_long - fits > 1 {
        let mid = (fits + too_long) / 2;
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if width(&candidate, size, bold) <= max_width {
            fits = mid;
        } else {
            too_long = mid;
        }
    }
    let start: String = chars[..fits].iter().collect();
    format!("{}…", start.trim_end())
}
