//! How instants and days are written in the database: fixed-width UTC text
//! (`2026-11-28T18:30:00.000Z`) that sorts in time order, and `YYYY-MM-DD`.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

const INSTANT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";
const DAY_FORMAT: &str = "%Y-%m-%d";

pub fn instant_text(instant: DateTime<Utc>) -> String {
    instant.format(INSTANT_FORMAT).to_string()
}

pub fn parse_instant(text: &str) -> anyhow::Result<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, INSTANT_FORMAT)
        .map(|naive| naive.and_utc())
        .with_context(|| format!("reading the stored instant `{text}`"))
}

pub fn day_text(day: NaiveDate) -> String {
    day.format(DAY_FORMAT).to_string()
}

pub fn parse_day(text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, DAY_FORMAT)
        .with_context(|| format!("reading the stored day `{text}`"))
}
