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
