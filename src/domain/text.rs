//! Text that came from a person (display names, typed topics and ids) made
//! safe to store and to show to others: no control characters, no invisible
//! direction overrides, and a bounded length.
//!
//! ```
//! use prepbot::domain::text::{clean_display_name, echo};
//! assert_eq!(clean_display_name("  Ada\u{1b}[31m  Lovelace \u{7}"), "Ada[31m Lovelace");
//! assert_eq!(echo(&"x".repeat(100)).chars().count(), 40);
//! ```

/// The longest display name prepbot keeps; longer names are cut with `…`.
pub const MAX_NAME_CHARS: usize = 64;

/// The longest piece of typed text (a topic, a question id) echoed back in
/// a message; longer text is cut with `…`.
pub const MAX_ECHO_CHARS: usize = 40;

/// A display name as prepbot stores and shows it: control and invisible
/// formatting characters removed, runs of white space made one space, cut to
/// `MAX_NAME_CHARS`. A name with nothing left becomes "member".
pub fn clean_display_name(raw: &str) -> String {
    let cleaned = one_line(raw);
    if cleaned.is_empty() {
        return "member".to_owned();
    }
    cut(&cleaned, MAX_NAME_CHARS)
}

/// Typed text as it may be quoted back to the person: on one line, without
/// control characters, and short.
pub fn echo(raw: &str) -> String {
    echo_within(raw, MAX_ECHO_CHARS)
}

/// As `echo`, cut to `max` characters instead.
pub fn echo_within(raw: &str, max: usize) -> String {
    cut(&one_line(raw), max)
}

/// Removes control characters other than newlines and tabs, and invisible
/// characters that reorder or hide text, from text bound for a terminal or
/// a chat message.
pub fn strip_controls(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_invisible_format(c)))
        .collect()
}

/// Cuts `text` to at most `max` characters, ending with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// One line of visible text: control and invisible characters dropped,
/// white space collapsed, ends trimmed.
fn one_line(raw: &str) -> String {
    let visible: String = raw
        .chars()
        .filter(|&c| c.is_whitespace() || !(c.is_control() || is_invisible_format(c)))
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Zero-width characters and bidirectional overrides: invisible, yet they
/// can hide or reverse the text around them (a name that flips a board).
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_is_cut_to_the_limit_with_an_ellipsis() {
        let name = clean_display_name(&"n".repeat(65_536));
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with('…'));
    }

    #[test]
    fn control_and_direction_characters_never_reach_a_name() {
        let name = clean_display_name("\u{202E}evil\u{0}\u{1b}[2J\nname\u{200B}");
        assert_eq!(name, "evil[2J name");
    }

    #[test]
    fn a_name_of_nothing_visible_becomes_member() {
        assert_eq!(clean_display_name(" \u{7}\u{200B} "), "member");
    }

    #[test]
    fn stripping_keeps_newlines_and_tabs() {
        assert_eq!(strip_controls("a\u{1b}]0;x\u{7}\n\tb\u{0}"), "a]0;x\n\tb");
    }
}
