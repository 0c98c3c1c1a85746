//! Every broken bank in `tests/fixtures/banks/` is refused with the exact
//! `file:line:column: message` of each fault, all reported at once.

use prepbot::bank::{QuestionBank, SourceFile};

/// Loads a fixture (cargo runs tests from the crate root) and returns its
/// error lines; a fixture that loads fails the test.
fn faults_of(fixture: &str) -> Vec<String> {
    let dir = format!("tests/fixtures/banks/{fixture}");
    match QuestionBank::load(dir.as_ref()) {
        Ok(bank) => panic!("{fixture} loaded with {} questions", bank.questions().len()),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn at(fixture: &str, rest: &str) -> String {
    format!("tests/fixtures/banks/{fixture}/{rest}")
}

#[test]
fn broken_toml_syntax_names_the_line_of_the_unclosed_string() {
    assert_eq!(
        faults_of("bad-syntax"),
        [at(
            "bad-syntax",
            "llms.toml:9:44: not valid TOML: invalid basic string, expected `\"`"
        )]
    );
}

#[test]
fn a_question_missing_its_answer_points_at_its_table() {
    assert_eq!(
        faults_of("missing-key"),
        [at(
            "missing-key",
            "llms.toml:6:1: [[questions]]: missing key `answer`"
        )]
    );
}

#[test]
fn a_misspelt_key_is_refused_and_the_allowed_keys_are_listed() {
    assert_eq!(
        faults_of("unknown-key"),
        [at(
            "unknown-key",
            "llms.toml:10:1: [[questions]]: unknown key `anwser`, expected one of `id`, `topic`, `difficulty`, \
             `question`, `answer`, `key_points`, `right_option`, `wrong_options`, `tags`, `example`, `source`"
        )]
    );
}

#[test]
fn an_unknown_top_level_key_is_refused() {
    assert_eq!(
        faults_of("unknown-top-level-key"),
        [at(
            "unknown-top-level-key",
            "llms.toml:1:1: unknown key `title`; a bank file holds one [topic] table and [[questions]] entries (or, in the vocabulary file, [[synonyms]] groups)"
        )]
    );
}

#[test]
fn a_question_id_used_in_two_files_names_both_places() {
    assert_eq!(
        faults_of("duplicate-id-across-files"),
        [at(
            "duplicate-id-across-files",
            "transformers.toml:7:6: duplicate question id `genai-006`; it is already used at \
             tests/fixtures/banks/duplicate-id-across-files/llms.toml:7:6"
        )]
    );
}

#[test]
fn a_difficulty_outside_easy_medium_hard_is_refused() {
    assert_eq!(
        faults_of("bad-difficulty"),
        [at(
            "bad-difficulty",
            "llms.toml:8:14: difficulty `expert` is not one of easy, medium, hard"
        )]
    );
}

#[test]
fn an_answer_of_only_whitespace_counts_as_empty() {
    assert_eq!(
        faults_of("empty-answer"),
        [at("empty-answer", "llms.toml:10:10: `answer` is empty")]
    );
}

#[test]
fn an_answer_over_700_characters_is_refused_with_its_length() {
    assert_eq!(
        faults_of("answer-too-long"),
        [at(
            "answer-too-long",
            "llms.toml:10:10: `answer` is 719 characters long; at most 700 are allowed"
        )]
    );
}

#[test]
fn an_alias_claimed_by_two_topics_names_the_first_owner() {
    assert_eq!(
        faults_of("alias-clash"),
        [at(
            "alias-clash",
            "prompting.toml:5:23: alias `rag` of topic `prompting` also names topic `llms` \
             (tests/fixtures/banks/alias-clash/llms.toml:5:19)"
        )]
    );
}

#[test]
fn an_alias_may_not_shadow_another_topics_id_even_in_a_later_file() {
    assert_eq!(
        faults_of("alias-shadows-topic-id"),
        [at(
            "alias-shadows-topic-id",
            "llms.toml:5:12: alias `transformers` of topic `llms` also names topic `transformers` \
             (tests/fixtures/banks/alias-shadows-topic-id/transformers.toml:2:6)"
        )]
    );
}

#[test]
fn one_key_point_is_too_few() {
    assert_eq!(
        faults_of("too-few-key-points"),
        [at(
            "too-few-key-points",
            "llms.toml:11:14: `key_points` has 1 entry; a question needs 2 to 5"
        )]
    );
}

#[test]
fn six_key_points_are_too_many() {
    assert_eq!(
        faults_of("too-many-key-points"),
        [at(
            "too-many-key-points",
            "llms.toml:11:14: `key_points` has 6 entries; a question needs 2 to 5"
        )]
    );
}

#[test]
fn the_same_key_point_twice_is_refused_whatever_its_case() {
    assert_eq!(
        faults_of("duplicate-key-point"),
        [at(
            "duplicate-key-point",
            "llms.toml:11:33: key point `Neural Network` is listed twice"
        )]
    );
}

#[test]
fn two_files_for_one_topic_are_refused() {
    assert_eq!(
        faults_of("duplicate-topic"),
        [at(
            "duplicate-topic",
            "more-llms.toml:2:6: topic `llms` is already defined at tests/fixtures/banks/duplicate-topic/llms.toml:2:6"
        )]
    );
}

#[test]
fn a_question_naming_an_unknown_topic_gets_a_suggestion() {
    assert_eq!(
        faults_of("unknown-question-topic"),
        [at(
            "unknown-question-topic",
            "llms.toml:8:9: unknown topic `LLMs`; did you mean `llms`?"
        )]
    );
}

#[test]
fn a_file_without_a_topic_table_is_refused() {
    assert_eq!(
        faults_of("missing-topic-table"),
        [at(
            "missing-topic-table",
            "llms.toml:1:1: missing [topic] table; every bank file describes its topic first"
        )]
    );
}

#[test]
fn a_question_id_with_capitals_and_spaces_is_refused() {
    assert_eq!(
        faults_of("bad-question-id"),
        [at(
            "bad-question-id",
            "llms.toml:7:6: question id `GenAI 6` must be lowercase letters and digits in hyphen-separated words \
             (like `genai-016`)"
        )]
    );
}

#[test]
fn a_topic_with_no_questions_is_refused() {
    assert_eq!(
        faults_of("topic-without-questions"),
        [at(
            "topic-without-questions",
            "llms.toml:1:1: topic `llms` has no questions"
        )]
    );
}

#[test]
fn a_source_other_than_seed_or_prepbot_is_refused() {
    assert_eq!(
        faults_of("bad-source"),
        [at(
            "bad-source",
            "llms.toml:12:10: source `wikipedia` is not one of seed, prepbot"
        )]
    );
}

#[test]
fn key_points_written_as_one_string_are_refused_as_the_wrong_type() {
    assert_eq!(
        faults_of("wrong-type"),
        [at(
            "wrong-type",
            "llms.toml:11:14: [[questions]]: invalid type: string \"neural network, trained on text\", expected a list"
        )]
    );
}

#[test]
fn the_same_question_twice_under_different_ids_is_refused() {
    assert_eq!(
        faults_of("duplicate-question-text"),
        [at(
            "duplicate-question-text",
            "llms.toml:16:12: the same question is already asked at \
             tests/fixtures/banks/duplicate-question-text/llms.toml:9:12"
        )]
    );
}

#[test]
fn a_folder_with_no_bank_files_is_refused() {
    assert_eq!(
        faults_of("empty-folder"),
        ["tests/fixtures/banks/empty-folder: no bank files (*.toml) in this folder"]
    );
}

#[test]
fn a_missing_folder_is_refused_with_the_reason() {
    let errors = faults_of("no-such-folder");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .starts_with("tests/fixtures/banks/no-such-folder: cannot read the question folder:"),
        "{}",
        errors[0]
    );
}

#[test]
fn every_fault_of_every_file_is_reported_at_once_in_file_and_line_order() {
    let file = |rest: &str| at("many-faults-at-once", rest);
    assert_eq!(
        faults_of("many-faults-at-once"),
        [
            file("llms.toml:3:8: `name` is empty"),
            file("llms.toml:11:14: `key_points` has 1 entry; a question needs 2 to 5"),
            file(
                "llms.toml:19:1: [[questions]]: unknown key `colour`, expected one of `id`, `topic`, `difficulty`, \
                 `question`, `answer`, `key_points`, `right_option`, `wrong_options`, `tags`, `example`, `source`"
            ),
            file("llms.toml:23:14: difficulty `easiest` is not one of easy, medium, hard"),
            file("llms.toml:24:12: `question` is empty"),
            file("vaes.toml:10:60: not valid TOML: invalid basic string, expected `\"`"),
        ]
    );
}

/// A bank of one topic whose single question carries `extra` lines.
fn one_question_bank(extra: &str) -> Vec<SourceFile> {
    let text = format!(
        "[topic]\nid = \"llms\"\nname = \"LLMs\"\ndescription = \"Large language models.\"\n\n\
         [[questions]]\nid = \"q-1\"\ndifficulty = \"easy\"\nquestion = \"What is a token?\"\n\
         answer = \"A unit of text the model reads, often a subword.\"\n\
         key_points = [\"unit of text\", \"often a subword\"]\n{extra}"
    );
    vec![SourceFile {
        path: "bank/llms.toml".to_owned(),
        text,
    }]
}

fn messages(extra: &str) -> Vec<String> {
    match QuestionBank::from_files(&one_question_bank(extra)) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_question_without_written_options_loads_with_a_warning_at_its_line() {
    let bank = QuestionBank::from_files(&one_question_bank("")).expect("it loads");
    let warnings: Vec<String> = bank.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "bank/llms.toml:7:6: `q-1` has no `right_option` and `wrong_options`; its choice cards borrow other questions' answers as wrong options"
        ]
    );
    assert_eq!(bank.with_written_options(), 0);
}

#[test]
fn a_right_option_without_wrong_ones_is_refused_at_its_line() {
    assert_eq!(
        messages("right_option = \"A piece of text.\"\n"),
        [
            "bank/llms.toml:12:16: `right_option` needs `wrong_options` beside it (3 written wrong options)"
        ]
    );
}

#[test]
fn two_wrong_options_are_too_few() {
    assert_eq!(
        messages(
            "right_option = \"A piece of text.\"\nwrong_options = [\"A word.\", \"A byte.\"]\n"
        ),
        ["bank/llms.toml:13:17: `wrong_options` has 2 entries; a question needs exactly 3"]
    );
}

#[test]
fn a_wrong_option_that_the_model_answer_states_or_that_repeats_is_refused() {
    assert_eq!(
        messages(
            "right_option = \"A piece of text the model reads.\"\n\
             wrong_options = [\"often a subword\", \"A whole sentence.\", \"a whole sentence.\"]\n"
        ),
        [
            "bank/llms.toml:13:18: wrong option `often a subword` is said by the model answer, so it is not wrong",
            "bank/llms.toml:13:58: wrong option `a whole sentence.` is listed twice",
        ]
    );
}

#[test]
fn a_question_with_written_options_loads_them_in_order() {
    let bank = QuestionBank::from_files(&one_question_bank(
        "right_option = \"A piece of text.\"\nwrong_options = [\"A word.\", \"A byte.\", \"A letter.\"]\n",
    ))
    .expect("it loads");
    let options = bank.questions()[0]
        .options
        .clone()
        .expect("written options");
    assert_eq!(options.right, "A piece of text.");
    assert_eq!(options.wrong, ["A word.", "A byte.", "A letter."]);
    assert!(bank.warnings().is_empty());
}

#[test]
fn links_to_nothing_looping_links_and_folders_named_toml_are_reported_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("questions/vaes.toml", dir.path().join("vaes.toml")).unwrap();
    std::os::unix::fs::symlink("gone.toml", dir.path().join("llms.toml")).unwrap();
    std::os::unix::fs::symlink("loop.toml", dir.path().join("loop.toml")).unwrap();
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let errors = QuestionBank::load(dir.path()).unwrap_err();
    let shown: Vec<String> = errors
        .iter()
        .map(|e| {
            e.to_string()
                .replace(&dir.path().display().to_string(), "BANK")
        })
        .collect();
    assert_eq!(
        shown,
        [
            "BANK/folder.toml: is a folder, not a bank file",
            "BANK/llms.toml: is a symbolic link to gone.toml, which does not exist",
            "BANK/loop.toml: is a symbolic link that loops back on itself",
        ]
    );
}

#[test]
fn a_bank_question_may_not_take_a_workspace_id() {
    assert_eq!(
        faults_of("workspace-id"),
        [at(
            "workspace-id",
            "llms.toml:7:6: question id `ws-1` starts with `ws-`, which is kept for workspaces' own \
             questions; give it the topic's prefix (like `genai-016`)"
        )]
    );
}
