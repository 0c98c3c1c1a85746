//! The pictures prepbot draws: a member's `/stats` card and a channel's
//! weekly recap, as PNG bytes. Each front-end attaches or uploads them
//! beside the same figures in text, which stays for screen readers and
//! clients that show no images.
//!
//! Drawing is plain: filled and outlined rectangles and text on an RGB
//! buffer, with the bundled DejaVu Sans (`assets/fonts/`), so a picture
//! looks the same on every machine and needs no system fonts.
//!
//! ```
//! use prepbot::domain::theme::Theme;
//! use prepbot::picture::{Canvas, Palette, Rect};
//! let palette = Palette::of(Theme::Light);
//! let mut canvas = Canvas::new(40, 20, palette.background);
//! canvas.fill(Rect::new(0, 0, 10, 10), palette.levels[3]);
//! let png = canvas.png().unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

mod canvas;
pub mod card;
mod font;
mod palette;
mod parts;
pub mod recap;

pub use canvas::{Canvas, Rect, Rgb, TextStyle};
pub use card::{STATS_CARD_FILE, stats_card_png};
pub use palette::Palette;
pub use recap::{RECAP_FILE, recap_png};
