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
        Tz::from_str(text.trim()).map(Timezone).map_err(|_| {
            format!("`{text}` is not a known time zone; use an IANA name such as `Europe/Berlin` or `UTC`")
        })
    }

    pub fn tz(self) -> Tz {
        self.0
    }
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
    fn the_day_start_hour_is_an_hour_of_the_day() {
        assert_eq!(DayStartHour::default().hour(), 4);
        assert!(DayStartHour::new(23).is_ok());
        assert!(DayStartHour::new(24).is_err());
    }
}
