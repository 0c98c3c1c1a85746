//! Text made safe for Slack. Slack reads `<…>` as a link or a mention
//! (`<!channel>`, `<@U123>`, `<!subteam^S1>`) and `&` as the start of an
//! entity, so every piece of text prepbot did not write itself, a member's
//! answer or name or even a bank question, goes through `escape` before it
//! reaches Slack: shown as typed, notifying nobody.
//!
//! ```
//! use prepbot::slack::escape;
//! assert_eq!(escape("<!channel> & co"), "&lt;!channel&gt; &amp; co");
//! ```

use super::command::MEMBER_COMMANDS;

/// `&`, `<` and `>` as the entities Slack asks for; nothing else changes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

/// Bank text (Markdown with `**bold**`) as Slack mrkdwn (`*bold*`), escaped.
pub fn mrkdwn(markdown: &str) -> String {
    escape(markdown).replace("**", "*")
}

/// Text for a code block: escaped, and with no run of three backticks that
/// would end the block early.
pub fn code(text: &str) -> String {
    escape(text).replace("```", "ˋˋˋ")
}

/// Rewrites the command names in prepbot's own wording to Slack's shape:
/// `/quiz transformers` becomes `/prep quiz transformers`, `/prepbot setup`
/// becomes `/prep setup`. Only for text prepbot wrote.
pub fn slack_commands(text: &str) -> String {
    let text = text.replace("/prepbot ", "/prep ");
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text.as_str();
    while let Some(at) = rest.find('/') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let starts_word = out
            .chars()
            .last()
            .is_none_or(|c| c.is_whitespace() || "(`\"'".contains(c));
        let name_len = after[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len() - 1);
        let name = &after[1..1 + name_len];
        if starts_word && MEMBER_COMMANDS.contains(&name) {
            out.push_str("/prep ");
            out.push_str(name);
        } else {
            out.push('/');
            out.push_str(name);
        }
        rest = &after[1 + name_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mention_form_is_escaped() {
        for typed in [
            "<!channel>",
            "<!here>",
            "<!everyone>",
            "<@U123ABC>",
            "<#C123|general>",
            "<!subteam^S123>",
        ] {
            let safe = escape(typed);
            assert!(!safe.contains('<') && !safe.contains('>'), "{safe}");
        }
        assert_eq!(escape("a && b"), "a &amp;&amp; b");
    }

    #[test]
    fn bank_markdown_becomes_mrkdwn() {
        assert_eq!(mrkdwn("**Attention** is x < y"), "*Attention* is x &lt; y");
    }

    #[test]
    fn command_names_in_shared_wording_gain_the_prep_prefix() {
        assert_eq!(
            slack_commands("Draw one with /quiz, then /reveal it. See /topics."),
            "Draw one with /prep quiz, then /prep reveal it. See /prep topics."
        );
        assert_eq!(
            slack_commands("Start one with /prepbot setup 09:00"),
            "Start one with /prep setup 09:00"
        );
        assert_eq!(slack_commands("a/quiz and /quizzes"), "a/quiz and /quizzes");
        assert_eq!(slack_commands("(/stats)"), "(/prep stats)");
    }

    #[test]
    fn a_code_block_cannot_be_closed_early() {
        assert_eq!(code("```<!here>```").matches("```").count(), 0);
    }
}
