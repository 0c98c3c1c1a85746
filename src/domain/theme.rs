//! A member's choice of look for the pictures prepbot draws for them:
//! dark text on white, or light text on near-black (for a dark chat client).
//!
//! ```
//! use prepbot::domain::theme::Theme;
//! assert_eq!("Dark".parse::<Theme>(), Ok(Theme::Dark));
//! assert_eq!(Theme::default().as_str(), "light");
//! ```

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// The default: a white card reads on both light and dark clients.
    #[default]
    Light,
    Dark,
}

impl Theme {
    /// The word stored in the database and typed in commands.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl FromStr for Theme {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            _ => Err(format!(
                "`{}` is not a picture theme; use light or dark",
                crate::domain::text::echo(text)
            )),
        }
    }
}

impl std::fmt::Display for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
