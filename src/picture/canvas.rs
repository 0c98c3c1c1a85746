//! An RGB pixel buffer to draw on: rectangles, outlines and text, each
//! clipped to the canvas, so nothing drawn can fall outside it or panic.

use anyhow::Context as _;

use super::font;

/// A colour, eight bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// A rectangle in pixels: its top-left corner and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    pub fn new(x: i32, y: i32, width: u32, height: u32) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }

    /// The pixel at the middle, for tests that read a colour back.
    pub fn centre(&self) -> (u32, u32) {
        (
            (self.x + self.width as i32 / 2).max(0) as u32,
            (self.y + self.height as i32 / 2).max(0) as u32,
        )
    }

    /// The same rectangle grown by `by` pixels on every side.
    pub fn grown(&self, by: u32) -> Self {
        Self::new(
            self.x - by as i32,
            self.y - by as i32,
            self.width + 2 * by,
            self.height + 2 * by,
        )
    }
}

/// How a piece of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Height of the font in pixels.
    pub size: f32,
    pub bold: bool,
    pub colour: Rgb,
}

impl TextStyle {
    pub fn new(size: f32, colour: Rgb) -> Self {
        Self {
            size,
            bold: false,
            colour,
        }
    }

    pub fn bold(self) -> Self {
        Self { bold: true, ..self }
    }
}

pub struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    pub fn new(width: u32, height: u32, background: Rgb) -> Self {
        let mut pixels = Vec::with_capacity((width * height * 3) as usize);
        for _ in 0..width * height {
            pixels.extend_from_slice(&[background.0, background.1, background.2]);
        }
        Self {
            width,
            height,
            pixels,
        }
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Fills `rect`; the part outside the canvas is dropped.
    pub fn fill(&mut self, rect: Rect, colour: Rgb) {
        let x0 = rect.x.max(0) as u32;
        let y0 = rect.y.max(0) as u32;
        let x1 = (i64::from(rect.x) + i64::from(rect.width)).clamp(0, i64::from(self.width)) as u32;
        let y1 =
            (i64::from(rect.y) + i64::from(rect.height)).clamp(0, i64::from(self.height)) as u32;
        for y in y0..y1 {
            for x in x0..x1 {
                self.put(x, y, colour);
            }
        }
    }

    /// Draws a frame `thickness` pixels wide just inside `rect`.
    pub fn outline(&mut self, rect: Rect, thickness: u32, colour: Rgb) {
        let t = thickness.min(rect.width / 2).min(rect.height / 2);
        let right = rect.x + rect.width as i32 - t as i32;
        let bottom = rect.y + rect.height as i32 - t as i32;
        self.fill(Rect::new(rect.x, rect.y, rect.width, t), colour);
        self.fill(Rect::new(rect.x, bottom, rect.width, t), colour);
        self.fill(Rect::new(rect.x, rect.y, t, rect.height), colour);
        self.fill(Rect::new(right, rect.y, t, rect.height), colour);
    }

    /// Draws one line of text with its baseline at `baseline`, starting at
    /// `x`, and returns its width. Control characters are not drawn.
    pub fn text(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle) -> f32 {
        let (width, height) = (self.width as i32, self.height as i32);
        let pixels = &mut self.pixels;
        font::draw(
            text,
            x,
            baseline,
            style.size,
            style.bold,
            |px, py, coverage| {
                if px < 0 || py < 0 || px >= width || py >= height {
                    return;
                }
                let i = ((py * width + px) * 3) as usize;
                let blend = |under: u8, over: u8| -> u8 {
                    let mixed = f32::from(under) + (f32::from(over) - f32::from(under)) * coverage;
                    mixed.round().clamp(0.0, 255.0) as u8
                };
                pixels[i] = blend(pixels[i], style.colour.0);
                pixels[i + 1] = blend(pixels[i + 1], style.colour.1);
                pixels[i + 2] = blend(pixels[i + 2], style.colour.2);
            },
        )
    }

    /// Draws text ending at `right` (for numbers in a column).
    pub fn text_right(&mut self, right: f32, baseline: f32, text: &str, style: TextStyle) {
        let width = font::width(text, style.size, style.bold);
        self.text(right - width, baseline, text, style);
    }

    fn put(&mut self, x: u32, y: u32, colour: Rgb) {
        let i = ((y * self.width + x) * 3) as usize;
        self.pixels[i] = colour.0;
        self.pixels[i + 1] = colour.1;
        self.pixels[i + 2] = colour.2;
    }

    /// The picture as PNG bytes.
    pub fn png(&self) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Flat colours compress well at the fast setting; the slow one
        // saves little and costs most of the render time.
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().context("encoding the picture")?;
        writer
            .write_image_data(&self.pixels)
            .context("encoding the picture")?;
        writer.finish().context("encoding the picture")?;
        Ok(out)
    }
}

/// The width `text` takes in pixels.
pub fn text_width(text: &str, style: TextStyle) -> f32 {
    font::width(text, style.size, style.bold)
}

/// `text` cut with `…` so that it fits in `max_width` pixels.
pub fn fit(text: &str, style: TextStyle, max_width: f32) -> String {
    font::fit(text, style.size, style.bold, max_width)
}
