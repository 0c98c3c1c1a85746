//! Fuzzes the `/prep` text parser: whatever a member types after `/prep`,
//! including quotes, mentions, times, zones and cron strings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepbot::slack::command::{
    Command, channel_mention, metric_name, name_of, parse, user_mention,
};

/// A name the log or the metrics may carry: prepbot's own words only.
fn assert_own_word(name: &str) {
    assert!(
        name == "help"
            || name == "unknown"
            || name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
        "{name:?}"
    );
    assert!(name.len() <= 16, "{name:?}");
}

fuzz_target!(|text: &str| {
    let command = parse(text);
    // Leading white space outside quotes is no word.
    assert_eq!(parse(&format!("  {text}")), command);
    if text.trim().is_empty() {
        assert_eq!(command, Command::Help);
    }
    // A suggested command (member's or admin's) is one that parses.
    if let Command::Unknown {
        suggestion: Some(name),
        ..
    } = &command
    {
        assert!(!matches!(parse(name), Command::Unknown { .. }), "{name}");
    }
    assert_own_word(name_of(text));
    assert_own_word(metric_name(text));

    // A mention gives back an id of letters and digits only, and an id
    // written as a mention is read back.
    for word in text.split_whitespace() {
        for id in [channel_mention(word), user_mention(word)]
            .into_iter()
            .flatten()
        {
            assert!(!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()));
        }
    }
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric()) {
        assert_eq!(
            channel_mention(&format!("<#{text}|general>")).as_deref(),
            Some(text)
        );
        assert_eq!(user_mention(&format!("<@{text}>")).as_deref(), Some(text));
    }
});
