//! The one spelling rule shared by question ids, topic ids, aliases and tags.
//!
//! A slug is lowercase ASCII letters and digits in hyphen-separated words:
//! `genai-016`, `image-generation`, `rag`.

/// The longest slug accepted; long enough for any sensible id, short enough
/// to fit in a Discord custom id alongside an action.
pub const MAX_SLUG_LEN: usize = 48;

/// Why a string is not a slug, phrased to follow "`xyz` ...".
pub fn slug_problem(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some("is empty");
    }
    if text.len() > MAX_SLUG_LEN {
        return Some("is longer than 48 characters");
    }
    let well_formed = text.split('-').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if well_formed {
        None
    } else {
        Some("must be lowercase letters and digits in hyphen-separated words")
    }
}

/// Folds what a person types (`Image Generation`, `image_generation`) into
/// slug form, so look-ups forgive case, spaces and underscores.
pub fn fold_to_slug(text: &str) -> String {
    let lowered = text.trim().to_lowercase().replace([' ', '_'], "-");
    lowered
        .split('-')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_words_joined_by_hyphens_are_slugs() {
        assert_eq!(slug_problem("genai-016"), None);
        assert_eq!(slug_problem("rag"), None);
    }

    #[test]
    fn capitals_spaces_and_stray_hyphens_are_not_slugs() {
        for bad in ["Genai-016", "genai 016", "-rag", "rag-", "a--b", "ü"] {
            assert!(slug_problem(bad).is_some(), "{bad} was accepted");
        }
        assert_eq!(slug_problem(""), Some("is empty"));
    }

    #[test]
    fn typed_topic_names_fold_to_slugs() {
        assert_eq!(fold_to_slug("  Image Generation "), "image-generation");
        assert_eq!(fold_to_slug("code_generation"), "code-generation");
        assert_eq!(fold_to_slug("LLMs"), "llms");
    }
}
