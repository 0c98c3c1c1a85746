//! Time-zone settings: an IANA time zone and the hour a member's day starts.

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// An IANA time zone such as `Europe/Berlin`, checked against the tz database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timezone(Tz);

impl Timezone {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(
                "the time zone is empty; use an IANA name such as `Europe/Berlin` or `UTC`"
                    .to_owned(),
            );
        }
        Tz::from_str(text).map(Timezone).map_err(|_| {
            let shown = super::text::echo(text);
            match offset_hours(text) {
                Some(hours) => format!(
                    "`{shown}` is not a time zone name; use an IANA name: a city such as \
                     `Europe/Moscow`, which follows daylight saving, or `Etc/GMT{}{}` for a \
                     fixed UTC{}{} (these names reverse the sign)",
                    if hours > 0 { "-" } else { "+" },
                    hours.abs(),
                    if hours > 0 { "+" } else { "-" },
                    hours.abs()
                ),
                None => format!(
                    "`{shown}` is not a known time zone; use an IANA name such as `Europe/Berlin` or `UTC`"
                ),
            }
        })
    }

    /// Whether typed text asks to follow the workspace's (or Discord
    /// server's) zone instead of a zone of one's own.
    pub fn means_workspace(text: &str) -> bool {
        ["workspace", "server"]
            .iter()
            .any(|word| text.trim().eq_ignore_ascii_case(word))
    }

    /// Whether typed text looks meant as a time zone (for commands that
    /// take a zone among other words): an IANA name, or an offset such as
    /// `UTC+3`, `GMT-5` or `+05:30`.
    pub fn looks_like_zone(text: &str) -> bool {
        text.contains('/') || text.eq_ignore_ascii_case("utc") || offset_hours(text).is_some()
    }

    pub fn tz(self) -> Tz {
        self.0
    }
}

/// The whole hours of an offset written as `UTC+3`, `GMT-5`, `+03:00` or
/// `-0530` (the hours only, for a suggestion); `None` for anything else.
fn offset_hours(text: &str) -> Option<i32> {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("utc")
        .or_else(|| lower.strip_prefix("gmt"))
        .unwrap_or(&lower);
    let (sign, digits) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' => (-1, &rest[1..]),
        _ => return None,
    };
    let hours: String = digits
        .chars()
        .take_while(char::is_ascii_digit)
        .take(2)
        .collect();
    let remainder = &digits[hours.len()..];
    if hours.is_empty() || !remainder.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    (hours <= 14).then_some(sign * hours)
}

impl Default for Timezone {
    fn default() -> Self {
        Timezone(Tz::UTC)
    }
}

impl TryFrom<String> for Timezone {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Timezone::parse(&text)
    }
}

impl From<Timezone> for String {
    fn from(zone: Timezone) -> Self {
        zone.0.name().to_owned()
    }
}

impl fmt::Display for Timezone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

/// The local hour (0-23) at which a practice day begins; 4 by default, as in
/// Anki, so a late-night session still counts for the day before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct DayStartHour(u32);

impl DayStartHour {
    pub fn new(hour: u32) -> Result<Self, String> {
        if hour < 24 {
            Ok(Self(hour))
        } else {
            Err(format!(
                "day start hour {hour} is not an hour of the day (0 to 23)"
            ))
        }
    }

    pub fn hour(self) -> u32 {
        self.0
    }
}

impl Default for DayStartHour {
    fn default() -> Self {
        Self(4)
    }
}

impl TryFrom<u32> for DayStartHour {
    type Error = String;

    fn try_from(hour: u32) -> Result<Self, Self::Error> {
        DayStartHour::new(hour)
    }
}

impl From<DayStartHour> for u32 {
    fn from(hour: DayStartHour) -> Self {
        hour.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_parse_and_unknown_ones_explain_themselves() {
        assert_eq!(
            Timezone::parse("America/New_York").unwrap().to_string(),
            "America/New_York"
        );
        let error = Timezone::parse("Mars/Olympus").unwrap_err();
        assert!(
            error.contains("`Mars/Olympus` is not a known time zone"),
            "{error}"
        );
    }

    #[test]
    fn an_offset_is_answered_with_the_iana_name_that_means_it() {
        assert_eq!(
            Timezone::parse("UTC+3").unwrap_err(),
            "`UTC+3` is not a time zone name; use an IANA name: a city such as `Europe/Moscow`, \
             which follows daylight saving, or `Etc/GMT-3` for a fixed UTC+3 (these names reverse the sign)"
        );
        assert!(
            Timezone::parse("-05:00")
                .unwrap_err()
                .contains("`Etc/GMT+5` for a fixed UTC-5")
        );
        assert!(Timezone::looks_like_zone("GMT-5"));
        assert!(!Timezone::looks_like_zone("transformers"));
    }

    #[test]
    fn the_day_start_hour_is_an_hour_of_the_day() {
        assert_eq!(DayStartHour::default().hour(), 4);
        assert!(DayStartHour::new(23).is_ok());
        assert!(DayStartHour::new(24).is_err());
    }
}
