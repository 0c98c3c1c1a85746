//! The bank prepbot ships: 100 questions in 13 topics, ids stable, the seed's
//! numbering and sections kept, its scanning errors gone.

use prepbot::bank::QuestionBank;
use prepbot::domain::{QuestionId, QuestionSource};

fn shipped() -> QuestionBank {
    QuestionBank::load("questions".as_ref())
        .unwrap_or_else(|errors| panic!("the shipped bank is broken:\n{errors}"))
}

#[test]
fn the_shipped_bank_has_100_questions_in_13_topics_in_seed_order() {
    let bank = shipped();
    assert_eq!(bank.questions().len(), 100);
    let topics: Vec<&str> = bank
        .topics()
        .iter()
        .map(|topic| topic.id.as_str())
        .collect();
    assert_eq!(
        topics,
        [
            "fundamentals",
            "llms",
            "transformers",
            "training",
            "prompting",
            "evaluation",
            "image-generation",
            "gans",
            "vaes",
            "multimodal",
            "code-generation",
            "ethics",
            "deployment"
        ]
    );
}

#[test]
fn ids_run_from_genai_001_to_genai_100_and_keep_the_seed_sections() {
    let bank = shipped();
    // The seed's sections, by the first question number of each.
    let sections = [
        (1, "fundamentals"),
        (6, "llms"),
        (16, "transformers"),
        (24, "training"),
        (33, "prompting"),
        (41, "evaluation"),
        (49, "image-generation"),
        (59, "gans"),
        (65, "vaes"),
        (68, "multimodal"),
        (72, "code-generation"),
        (76, "ethics"),
        (81, "deployment"),
    ];
    for number in 1..=100 {
        let id = QuestionId::parse(&format!("genai-{number:03}")).unwrap();
        let question = bank
            .question(&id)
            .unwrap_or_else(|| panic!("{id} is missing"));
        let section = sections
            .iter()
            .rev()
            .find(|(first, _)| *first <= number)
            .unwrap()
            .1;
        assert_eq!(
            question.topic.as_str(),
            section,
            "{id} is in the wrong topic"
        );
    }
}

#[test]
fn seed_questions_keep_their_numbers() {
    let bank = shipped();
    let text = |id: &str| {
        bank.question(&QuestionId::parse(id).unwrap())
            .unwrap()
            .question
            .clone()
    };
    assert_eq!(text("genai-001"), "What is Generative AI?");
    assert_eq!(text("genai-016"), "What is a Transformer?");
    assert_eq!(
        text("genai-040"),
        "What is retrieval-augmented generation (RAG)?"
    );
    assert_eq!(text("genai-072"), "What is GitHub Copilot?");
    assert_eq!(text("genai-077"), "What is Constitutional AI?");
    assert_eq!(text("genai-085"), "What are model hosting options?");
}

#[test]
fn the_81_surviving_seed_questions_are_marked_seed_and_the_19_new_ones_prepbot() {
    let bank = shipped();
    let written_by_prepbot: Vec<u32> = (73..=76).chain(86..=100).collect();
    for question in bank.questions() {
        let number: u32 = question
            .id
            .as_str()
            .trim_start_matches("genai-")
            .parse()
            .unwrap();
        let expected = if written_by_prepbot.contains(&number) {
            QuestionSource::Prepbot
        } else {
            QuestionSource::Seed
        };
        assert_eq!(question.source, Some(expected), "{}", question.id);
    }
}

#[test]
fn every_question_has_two_to_five_key_points_and_a_brief_answer() {
    for question in shipped().questions() {
        assert!(
            (2..=5).contains(&question.key_points.len()),
            "{}",
            question.id
        );
        assert!(question.answer.chars().count() <= 700, "{}", question.id);
        assert!(
            question.question.ends_with('?'),
            "{} is not phrased as a question",
            question.id
        );
    }
}

#[test]
fn the_seeds_scanning_errors_are_gone() {
    for question in shipped().questions() {
        let texts = [&question.question, &question.answer]
            .into_iter()
            .chain(question.key_points.iter())
            .chain(question.example.iter());
        for text in texts {
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            assert!(
                !words.contains(&"Al"),
                "{}: \"Al\" for \"AI\" in {text:?}",
                question.id
            );
            assert!(!text.contains("OpenAl"), "{}: {text:?}", question.id);
            assert!(
                !text.contains("All pair programmer"),
                "{}: {text:?}",
                question.id
            );
        }
    }
}

#[test]
fn topics_are_found_by_alias_name_or_id_in_any_case() {
    let bank = shipped();
    let found = |typed: &str| {
        bank.find_topic(typed)
            .map(|topic| topic.id.as_str().to_owned())
    };
    assert_eq!(found("transformer").as_deref(), Some("transformers"));
    assert_eq!(found("Attention").as_deref(), Some("transformers"));
    assert_eq!(
        found("Transformer Architecture").as_deref(),
        Some("transformers")
    );
    assert_eq!(found("RAG").as_deref(), Some("deployment"));
    assert_eq!(
        found("image generation").as_deref(),
        Some("image-generation")
    );
    assert_eq!(found("fine_tuning").as_deref(), Some("training"));
    assert_eq!(found("transfomers"), None);
}

#[test]
fn every_model_answer_covers_all_its_own_key_points() {
    let bank = shipped();
    let mut misses = Vec::new();
    for question in bank.questions() {
        let matches = bank.checker().check(&question.answer, &question.key_points);
        for m in matches.iter().filter(|m| !m.covered) {
            misses.push(format!("{}: {}", question.id, m.key_point));
        }
    }
    assert!(
        misses.is_empty(),
        "model answers that miss their own key points:\n{}",
        misses.join("\n")
    );
}

#[test]
fn every_question_has_a_short_right_option_and_three_distinct_wrong_ones() {
    let bank = shipped();
    for question in bank.questions() {
        let id = &question.id;
        assert!((2..=5).contains(&question.key_points.len()), "{id}");
        let options = question
            .options
            .as_ref()
            .unwrap_or_else(|| panic!("{id} has no written options"));
        let right = options.right.to_lowercase();
        assert!(
            options.right.ends_with('.') && !options.right.trim_end_matches('.').contains(". "),
            "{id}: the right option is one sentence: {}",
            options.right
        );
        let answer = question.answer.to_lowercase();
        let mut seen = vec![right.clone()];
        for wrong in &options.wrong {
            let wrong = wrong.to_lowercase();
            assert!(!seen.contains(&wrong), "{id}: `{wrong}` twice");
            assert!(
                !right.contains(&wrong),
                "{id}: `{wrong}` is in the right option"
            );
            assert!(!answer.contains(&wrong), "{id}: `{wrong}` is in the answer");
            seen.push(wrong);
        }
    }
}

#[test]
fn choice_options_are_alike_in_length_so_form_gives_nothing_away() {
    let bank = shipped();
    for question in bank.questions() {
        let options = question.options.as_ref().unwrap();
        let lengths: Vec<usize> = std::iter::once(&options.right)
            .chain(&options.wrong)
            .map(|o| o.chars().count())
            .collect();
        let (shortest, longest) = (
            *lengths.iter().min().unwrap(),
            *lengths.iter().max().unwrap(),
        );
        assert!(
            longest * 10 <= shortest * 16,
            "{}: option lengths {lengths:?} differ by more than 60%",
            question.id
        );
        let right = options.right.chars().count();
        assert!(
            right < longest || lengths.iter().filter(|&&l| l == longest).count() > 1 || {
                // The right option may be the longest only by a little.
                let second = lengths.iter().filter(|&&l| l != longest).max().unwrap();
                right * 100 <= second * 115
            },
            "{}: the right option stands out as the longest: {lengths:?}",
            question.id
        );
    }
}

#[test]
fn no_text_calls_anything_latest_or_current_without_a_year() {
    let dated = [
        "latest",
        "newest",
        "state-of-the-art",
        "state of the art",
        "currently",
    ];
    let bank = shipped();
    let mut found = Vec::new();
    for question in bank.questions() {
        let options = question.options.as_ref().unwrap();
        let texts = [&question.question, &question.answer, &options.right]
            .into_iter()
            .chain(&options.wrong)
            .chain(&question.key_points)
            .chain(&question.example);
        for text in texts {
            for sentence in text.split(['.', '\n', ';']) {
                let lower = sentence.to_lowercase();
                let has_year = lower.split(|c: char| !c.is_ascii_digit()).any(|digits| {
                    digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"))
                });
                if !has_year && dated.iter().any(|word| contains_word(&lower, word)) {
                    found.push(format!("{}: {}", question.id, sentence.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "undated claims:\n{}", found.join("\n"));
}

/// `word` in `text` as a whole word (not "latestness").
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
