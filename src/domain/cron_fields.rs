//! The fields of a cron expression as crontab users write them (minute,
//! hour, day of month, month, day of week, with 0 or 7 for Sunday and 1 for
//! Monday; optionally seconds first and a year last), checked field by
//! field with messages that name the field, and translated for the `cron`
//! crate, which counts weekdays from 1 = Sunday and wants seconds first.
//!
//! ```
//! use prepbot::domain::cron_fields::to_cron_crate;
//! // 09:00 on weekdays: crontab's 1-5 is Monday to Friday.
//! assert_eq!(to_cron_crate("0 9 * * 1-5").unwrap(), "0 0 9 * * 2,3,4,5,6");
//! ```

/// One of the five fields: its name, its range, and the names it takes.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const FIELDS: [Field; 5] = [
    Field {
        name: "minute",
        min: 0,
        max: 59,
        names: &[],
    },
    Field {
        name: "hour",
        min: 0,
        max: 23,
        names: &[],
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &[
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ],
    },
    Field {
        name: "day-of-week",
        min: 0,
        max: 7,
        names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
    },
];

const SECONDS: Field = Field {
    name: "second",
    min: 0,
    max: 59,
    names: &[],
};
const YEAR: Field = Field {
    name: "year",
    min: 1970,
    max: 2099,
    names: &[],
};

/// What a cron schedule looks like, said the same way everywhere.
pub const CRON_FORM: &str = "5 fields: minute hour day-of-month month day-of-week, such as \
     \"0 9 * * 1-5\" for 09:00 on weekdays; a seconds field may come first and a year last";

/// Checks a crontab expression (5 fields, or 6 with seconds first, or 7
/// with a year last) and returns the same schedule in the `cron` crate's
/// form (seconds first, weekdays from 1 = Sunday).
pub fn to_cron_crate(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let (seconds, five, year) = match parts.len() {
        5 => (None, &parts[..], None),
        6 => (Some(parts[0]), &parts[1..], None),
        7 => (Some(parts[0]), &parts[1..6], Some(parts[6])),
        count => {
            return Err(format!(
                "has {count} field{}; a cron schedule has {CRON_FORM}",
                if count == 1 { "" } else { "s" }
            ));
        }
    };
    let mut out = Vec::new();
    match seconds {
        Some(part) => {
            field_values(part, &SECONDS)?;
            out.push(part.to_owned());
        }
        None => out.push("0".to_owned()),
    }
    for (part, field) in five.iter().zip(&FIELDS) {
        let values = field_values(part, field)?;
        out.push(if field.name == "day-of-week" {
            weekdays_for_cron_crate(part, &values)
        } else {
            part.to_lowercase()
        });
    }
    if let Some(part) = year {
        field_values(part, &YEAR)?;
        out.push(part.to_owned());
    }
    Ok(out.join(" "))
}

/// Every value a field names, after checking each list item.
fn field_values(part: &str, field: &Field) -> Result<Vec<u32>, String> {
    let mut values = Vec::new();
    for item in part.split(',') {
        values.extend(item_values(item, field).map_err(|problem| {
            format!("the {} field `{}` {problem}", field.name, shorten(part))
        })?);
    }
    Ok(values)
}

/// `*`, `*/n`, `a`, `a-b`, `a-b/n` or `a/n`, with names where the field has
/// them.
fn item_values(item: &str, field: &Field) -> Result<Vec<u32>, String> {
    if item.is_empty() {
        return Err("has an empty item (two commas in a row?)".to_owned());
    }
    if let Some(bad) = item
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '*' | '-' | '/')))
    {
        return Err(format!(
            "uses {}; fields take numbers, names, ranges (1-5), lists (1,3) and steps (*/2)",
            shown_char(bad)
        ));
    }
    let (range, step) = match item.split_once('/') {
        Some((range, step)) => (range, Some(number(step, field, true)?)),
        None => (item, None),
    };
    let (low, high) = if range == "*" {
        (field.min, field.max)
    } else if let Some((low, high)) = range.split_once('-') {
        let (low, high) = (value(low, field)?, value(high, field)?);
        if low > high {
            return Err(format!("runs backwards ({low} is after {high})"));
        }
        (low, high)
    } else {
        let low = value(range, field)?;
        // `a/n` means from a to the end of the range in steps of n.
        (low, if step.is_some() { field.max } else { low })
    };
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err("has a step of 0".to_owned());
    }
    Ok((low..=high).step_by(step as usize).collect())
}

/// A number or a name, within the field's range.
fn value(text: &str, field: &Field) -> Result<u32, String> {
    let lower = text.to_lowercase();
    if let Some(index) = field.names.iter().position(|name| *name == lower) {
        let first = if field.name == "month" { 1 } else { 0 };
        return Ok(first + index as u32);
    }
    number(text, field, false)
}

fn number(text: &str, field: &Field, is_step: bool) -> Result<u32, String> {
    let what = if is_step { "step" } else { "value" };
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        let names = if field.names.is_empty() {
            String::new()
        } else {
            format!(" or a name ({})", field.names.join(", "))
        };
        return Err(format!(
            "has `{}` where a number{names} belongs",
            shorten(text)
        ));
    }
    match text.parse::<u32>() {
        Ok(n) if is_step && n <= field.max => Ok(n),
        Ok(n) if !is_step && (field.min..=field.max).contains(&n) => Ok(n),
        _ => Err(format!(
            "has the {what} {} outside {} to {}",
            shorten(text),
            if is_step { 1 } else { field.min },
            field.max
        )),
    }
}

/// crontab counts weekdays from 0 = Sunday (7 too); the `cron` crate from
/// 1 = Sunday. Written-out names mean the same in both.
fn weekdays_for_cron_crate(part: &str, values: &[u32]) -> String {
    if part == "*" {
        return "*".to_owned();
    }
    let mut days: Vec<u32> = values.iter().map(|day| day % 7 + 1).collect();
    days.sort_unstable();
    days.dedup();
    days.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Long input is quoted by its start only, and without the invisible
/// characters that would hide what is wrong in it (`shown_char` names them).
fn shorten(text: &str) -> String {
    super::text::echo_within(text, 12)
}

/// A character as a message can show it: invisible and control characters
/// (a NUL, a zero-width space) by their code point, since quoted they look
/// like nothing at all.
fn shown_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() || super::text::is_invisible_format(c) {
        format!("the invisible character U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sunday_is_0_or_7_and_monday_is_1_as_in_crontab() {
        assert_eq!(to_cron_crate("0 9 * * 0").unwrap(), "0 0 9 * * 1");
        assert_eq!(to_cron_crate("0 9 * * 7").unwrap(), "0 0 9 * * 1");
        assert_eq!(to_cron_crate("0 9 * * 1").unwrap(), "0 0 9 * * 2");
        assert_eq!(to_cron_crate("0 9 * * 5-7").unwrap(), "0 0 9 * * 1,6,7");
        assert_eq!(to_cron_crate("30 7 * * MON,fri").unwrap(), "0 30 7 * * 2,6");
    }

    #[test]
    fn each_fault_names_its_field_and_range() {
        assert_eq!(
            to_cron_crate("0 24 * * *").unwrap_err(),
            "the hour field `24` has the value 24 outside 0 to 23"
        );
        assert_eq!(
            to_cron_crate("0 9 * * 5#3").unwrap_err(),
            "the day-of-week field `5#3` uses `#`; fields take numbers, names, ranges (1-5), lists (1,3) and steps (*/2)"
        );
        assert_eq!(
            to_cron_crate("0 99999999999999999999 * * *").unwrap_err(),
            "the hour field `99999999999…` has the value 99999999999… outside 0 to 23"
        );
        assert_eq!(
            to_cron_crate("0 0 * 13 *").unwrap_err(),
            "the month field `13` has the value 13 outside 1 to 12"
        );
        assert!(
            to_cron_crate("0 0 * *")
                .unwrap_err()
                .starts_with("has 4 fields")
        );
        assert_eq!(to_cron_crate("30 0 9 * * 1").unwrap(), "30 0 9 * * 2");
        assert_eq!(
            to_cron_crate("0 0 9 * * 1 2027").unwrap(),
            "0 0 9 * * 2 2027"
        );
        assert_eq!(
            to_cron_crate("*/0 * * * *").unwrap_err(),
            "the minute field `*/0` has a step of 0"
        );
    }
}
