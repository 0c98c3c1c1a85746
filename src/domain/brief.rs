//! The short form of a model answer: its first sentence, without markdown.
//! Choice cards offer these as options.

/// Options longer than this are cut at a word, with an ellipsis.
pub const MAX_BRIEF_CHARS: usize = 160;

/// The first sentence of the first non-empty line of `answer`, with markdown
/// emphasis and list markers removed.
pub fn brief(answer: &str) -> String {
    let line = answer
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    let line = line.trim_start_matches(['-', '*', ' ']).replace("**", "");
    let sentence = first_sentence(&line);
    shorten(sentence.trim(), MAX_BRIEF_CHARS)
}

fn first_sentence(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (at, _) in line.match_indices(". ") {
        // "e.g. this" is not the end of a sentence; a capital after the
        // full stop usually is.
        if bytes.get(at + 2).is_some_and(u8::is_ascii_uppercase) {
            return &line[..=at];
        }
    }
    line
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…`.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&at| at > max / 2)
        .map_or(cut.as_str(), |at| &cut[..at]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brief_is_the_first_sentence_without_markdown() {
        let answer = "A neural network trained on text. It predicts the next token.";
        assert_eq!(brief(answer), "A neural network trained on text.");
        assert_eq!(
            brief("**Traditional AI** classifies; generative AI creates.\n\n- more"),
            "Traditional AI classifies; generative AI creates."
        );
    }

    #[test]
    fn long_briefs_are_cut_at_a_word_with_an_ellipsis() {
        let long = "word ".repeat(60);
        let cut = brief(&long);
        assert!(cut.chars().count() <= MAX_BRIEF_CHARS, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
    }
}
