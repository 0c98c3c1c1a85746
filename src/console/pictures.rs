//! The console's pictures: `/stats` writes the card to a PNG file beside
//! its text, `/theme` picks light or dark, `/recap` previews last week's
//! recap (or switches this channel's on or off), and a weekly recap that
//! falls due is printed and written to a file too.

use std::path::{Path, PathBuf};

use super::Console;
use crate::domain::theme::Theme;
use crate::engine::Recap;
use crate::picture::{RECAP_FILE, STATS_CARD_FILE};
use crate::wording;

impl Console {
    /// `/stats [--out PATH]`: the text, and the card written to PATH
    /// (`prepbot-stats.png` in the working folder if left out).
    pub(super) async fn stats_with_picture(&mut self, rest: &str) -> String {
        let path = match out_path(rest, STATS_CARD_FILE) {
            Ok(path) => path,
            Err(message) => return message,
        };
        match self.engine.stats(&self.me).await {
            Ok(stats) => {
                let text = wording::stats(&stats);
                let written =
                    crate::picture::stats_card_png(&stats).and_then(|png| write(&path, &png));
                format!(
                    "{text}\n\n{}",
                    written_or_why("your progress", &path, written)
                )
            }
            Err(error) => self.failure(error),
        }
    }

    /// `/theme light|dark`.
    pub(super) async fn theme(&mut self, rest: &str) -> String {
        let theme = match rest.trim().parse::<Theme>() {
            Ok(theme) => theme,
            Err(_) if rest.trim().is_empty() => {
                return "Name a theme for your /stats picture: /theme light or /theme dark"
                    .to_owned();
            }
            Err(message) => return message,
        };
        match self.engine.set_theme(&self.me, theme).await {
            Ok(()) => wording::theme_set(theme),
            Err(error) => self.failure(error),
        }
    }

    /// `/recap` previews last week's recap; `/recap on|off` switches the
    /// console channel's weekly recap.
    pub(super) async fn recap(&mut self, rest: &str) -> String {
        let on = match rest.trim().to_ascii_lowercase().as_str() {
            "" => {
                return match self.engine.recap_preview(&self.me).await {
                    Ok(recap) => recap_text(&recap, Path::new(RECAP_FILE)),
                    Err(error) => self.failure(error),
                };
            }
            "on" => true,
            "off" => false,
            _ => {
                return format!(
                    "`{}` is not a recap switch; type /recap for a preview, or /recap on or /recap off.",
                    crate::domain::text::echo(rest)
                );
            }
        };
        match self
            .engine
            .set_weekly_recap(&self.me, super::CHANNEL, on)
            .await
        {
            Ok(found) => wording::recap_switched(on, found),
            Err(error) => self.failure(error),
        }
    }
}

/// A recap's text, with its picture written to `path`.
pub(super) fn recap_text(recap: &Recap, path: &Path) -> String {
    let written = crate::picture::recap_png(recap).and_then(|png| write(path, &png));
    format!(
        "Weekly recap\n{}\n\n{}",
        wording::recap(recap),
        written_or_why("the week", path, written)
    )
}

/// The file named by `--out PATH`, or `default` in the working folder.
fn out_path(rest: &str, default: &str) -> Result<PathBuf, String> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok(PathBuf::from(default));
    }
    match rest.strip_prefix("--out") {
        Some(path) if !path.trim().is_empty() => Ok(PathBuf::from(path.trim())),
        _ => Err(format!(
            "`{}` is not understood; type /stats, or /stats --out my-card.png to choose the file.",
            crate::domain::text::echo(rest)
        )),
    }
}

fn write(path: &Path, png: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, png).map_err(|error| anyhow::anyhow!("{error}"))
}

fn written_or_why(what: &str, path: &Path, written: anyhow::Result<()>) -> String {
    match written {
        Ok(()) => wording::picture_written(what, path),
        Err(error) => format!(
            "The picture could not be written to {}: {error:#}",
            path.display()
        ),
    }
}
