//! Turning a deck kept elsewhere into a bank file: a CSV file, or Anki's
//! "Notes in Plain Text" export (tab-separated, `#` header lines, HTML in
//! the fields). Every row that cannot become a question is reported with
//! its line number, and the result is checked by the bank's own rules
//! before anything is written.
//!
//! Columns: a CSV file with a header row names them (`question`, `answer`,
//! and optionally `key_points` separated by `;`, `difficulty`); without a
//! header, and in Anki exports, the first is the question and the second
//! the answer. Questions without key points get them from the answer's
//! sentences, with a comment in the file saying they need a person's look.

use std::fmt;

use super::validate::{
    KEY_POINTS_MAX, KEY_POINTS_MIN, MAX_ANSWER_CHARS, MAX_KEY_POINT_CHARS, MAX_QUESTION_CHARS,
};
use super::{QuestionBank, SourceFile};
use crate::domain::{Difficulty, TopicId};

/// Where a deck comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckFormat {
    Csv,
    /// Anki's plain-text export: tab-separated unless a `#separator:` line
    /// says otherwise.
    AnkiText,
}

impl DeckFormat {
    /// By the file's name: `.csv` is CSV, anything else Anki's text.
    pub fn of_file(name: &str) -> Self {
        if name.to_ascii_lowercase().ends_with(".csv") {
            DeckFormat::Csv
        } else {
            DeckFormat::AnkiText
        }
    }
}

/// What the imported topic is called and how its questions are numbered.
#[derive(Debug, Clone)]
pub struct ImportTopic {
    pub id: TopicId,
    pub name: String,
    pub description: String,
    /// For rows that give none.
    pub difficulty: Difficulty,
}

/// A row that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line of the file where the row starts.
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A deck turned into one bank file.
#[derive(Debug, Clone)]
pub struct Imported {
    pub toml: String,
    pub questions: usize,
    /// Questions whose key points were drawn from the answer.
    pub drawn_key_points: usize,
}

/// One row, read and cleaned.
struct Row {
    line: u64,
    question: String,
    answer: String,
    key_points: Option<Vec<String>>,
    difficulty: Option<String>,
}

/// Which column holds what.
struct Columns {
    question: usize,
    answer: usize,
    key_points: Option<usize>,
    difficulty: Option<usize>,
}

/// Turns `text` (the whole file) into a bank file for `topic`, or says
/// every row that cannot be imported.
pub fn import_deck(
    text: &str,
    format: DeckFormat,
    topic: &ImportTopic,
) -> Result<Imported, Vec<RowError>> {
    let rows = read_rows(text, format)?;
    if rows.is_empty() {
        return Err(vec![RowError {
            line: 1,
            message: "the file holds no questions".to_owned(),
        }]);
    }
    let mut errors = Vec::new();
    let mut toml = format!(
        "# Imported by `prepbot bank import`; check it with `prepbot bank check`.\n\n\
         [topic]\nid = {}\nname = {}\ndescription = {}\n",
        quoted(topic.id.as_str()),
        quoted(&topic.name),
        quoted(&topic.description)
    );
    // Where each question starts in the TOML, with the row it came from,
    // so a fault the bank's rules find is told by the deck's line.
    let mut starts: Vec<(usize, u64)> = Vec::new();
    let mut drawn = 0;
    for (index, row) in rows.iter().enumerate() {
        let before = errors.len();
        for (what, text, max) in [
            ("question", &row.question, MAX_QUESTION_CHARS),
            ("answer", &row.answer, MAX_ANSWER_CHARS),
        ] {
            let chars = text.chars().count();
            if chars == 0 {
                errors.push(RowError {
                    line: row.line,
                    message: format!("the {what} is empty"),
                });
            } else if chars > max {
                errors.push(RowError {
                    line: row.line,
                    message: format!("the {what} is {chars} characters; a bank allows {max}"),
                });
            }
        }
        let difficulty = match row.difficulty.as_deref().map(str::trim) {
            None | Some("") => Some(topic.difficulty),
            Some(word) => word
                .parse::<Difficulty>()
                .map_err(|message| {
                    errors.push(RowError {
                        line: row.line,
                        message,
                    })
                })
                .ok(),
        };
        let given = row.key_points.clone().filter(|points| !points.is_empty());
        let key_points = given
            .clone()
            .unwrap_or_else(|| key_points_from(&row.answer));
        if given.is_none() && errors.len() == before && key_points.len() < KEY_POINTS_MIN {
            errors.push(RowError {
                line: row.line,
                message: format!(
                    "no key points are given and the answer has too few sentences to draw {KEY_POINTS_MIN} from; add a key_points column (points separated by ;)"
                ),
            });
        }
        let (Some(difficulty), true) = (difficulty, errors.len() == before) else {
            continue;
        };
        if given.is_none() {
            drawn += 1;
        }
        starts.push((toml.lines().count() + 2, row.line));
        toml += &format!(
            "\n[[questions]]\nid = \"{}-{:03}\"\ndifficulty = \"{difficulty}\"\nquestion = {}\nanswer = {}\n",
            topic.id.as_str(),
            index + 1,
            quoted(&row.question),
            quoted(&row.answer)
        );
        if given.is_none() {
            toml += "# Key points drawn from the answer's sentences: review them.\n";
        }
        let points: Vec<String> = key_points.iter().map(|p| quoted(p)).collect();
        toml += &format!("key_points = [{}]\n", points.join(", "));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The bank's own rules, on the file exactly as it will be written.
    let file = SourceFile {
        path: format!("{}.toml", topic.id.as_str()),
        text: toml.clone(),
    };
    if let Err(faults) = QuestionBank::from_files(&[file]) {
        let line_of = |toml_line: usize| {
            starts
                .iter()
                .rev()
                .find(|(start, _)| *start <= toml_line)
                .map_or(1, |(_, line)| *line)
        };
        return Err(faults
            .iter()
            .map(|fault| RowError {
                line: fault.position.map_or(1, |(line, _)| line_of(line)),
                message: fault.message.clone(),
            })
            .collect());
    }
    Ok(Imported {
        toml,
        questions: rows.len(),
        drawn_key_points: drawn,
    })
}

fn read_rows(text: &str, format: DeckFormat) -> Result<Vec<Row>, Vec<RowError>> {
    let (delimiter, body, headers) = match format {
        DeckFormat::Csv => (b',', text, 0),
        DeckFormat::AnkiText => anki_body(text),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, csv::Position::line) + headers;
                records.push((line, record));
            }
            Err(error) => errors.push(RowError {
                line: error.position().map_or(0, csv::Position::line) + headers,
                message: format!("cannot be read: {error}"),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let header = records.first().and_then(|(_, first)| header_columns(first));
    let skip = usize::from(header.is_some());
    let columns = header.unwrap_or(Columns {
        question: 0,
        answer: 1,
        key_points: None,
        difficulty: None,
    });
    let html = format == DeckFormat::AnkiText;
    let field = |record: &csv::StringRecord, at: Option<usize>| {
        at.and_then(|at| record.get(at)).map(|raw| {
            let text = if html {
                strip_html(raw)
            } else {
                raw.to_owned()
            };
            text.trim().to_owned()
        })
    };
    let mut rows = Vec::new();
    for (line, record) in records.into_iter().skip(skip) {
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() < 2 {
            errors.push(RowError {
                line,
                message: format!(
                    "has {} field; a row needs a question and an answer",
                    record.len()
                ),
            });
            continue;
        }
        rows.push(Row {
            line,
            question: field(&record, Some(columns.question)).unwrap_or_default(),
            answer: field(&record, Some(columns.answer)).unwrap_or_default(),
            key_points: field(&record, columns.key_points).map(|text| {
                text.split([';', '|', '\n'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            }),
            difficulty: field(&record, columns.difficulty),
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Anki's export: `#key:value` header lines at the top (`#separator:`
/// names the separator), then the notes. Returns the separator, the notes,
/// and how many header lines came first, so line numbers match the file.
fn anki_body(text: &str) -> (u8, &str, u64) {
    let mut separator = b'\t';
    let mut rest = text;
    let mut headers = 0;
    while rest.starts_with('#') {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        if let Some(name) = line.strip_prefix("#separator:") {
            separator = match name.trim().to_ascii_lowercase().as_str() {
                "comma" => b',',
                "semicolon" => b';',
                "pipe" => b'|',
                "space" => b' ',
                _ => b'\t',
            };
        }
        headers += 1;
        rest = after;
    }
    (separator, rest, headers)
}

/// The columns a header row names, if the first row is one.
fn header_columns(first: &csv::StringRecord) -> Option<Columns> {
    let names: Vec<String> = first
        .iter()
        .map(|name| name.trim().to_ascii_lowercase().replace([' ', '-'], "_"))
        .collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    Some(Columns {
        question: find(&["question", "front"])?,
        answer: find(&["answer", "back"])?,
        key_points: find(&["key_points", "keypoints", "points"]),
        difficulty: find(&["difficulty", "level"]),
    })
}

/// Up to `KEY_POINTS_MAX` short points from an answer's sentences.
fn key_points_from(answer: &str) -> Vec<String> {
    let mut points: Vec<String> = Vec::new();
    for sentence in answer.split(['.', '!', '?', '\n', ';']) {
        let sentence = sentence.trim().trim_start_matches(['-', '*', '•']).trim();
        if sentence.split_whitespace().count() < 2 {
            continue;
        }
        let point = words_within(sentence, MAX_KEY_POINT_CHARS.min(80));
        if !points.iter().any(|p| p.eq_ignore_ascii_case(&point)) {
            points.push(point);
        }
        if points.len() == KEY_POINTS_MAX.min(4) {
            break;
        }
    }
    points
}

/// The first words of `text` that fit in `max` characters.
fn words_within(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Anki fields are HTML: tags go, line breaks stay, the common entities are
/// spelt out. Anki writes a small, regular subset, which this covers.
fn strip_html(raw: &str) -> String {
    let with_breaks = raw
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<div>", "\n")
        .replace("</div>", "\n")
        .replace("<p>", "\n")
        .replace("</p>", "\n");
    let mut out = String::with_capacity(with_breaks.len());
    let mut in_tag = false;
    for c in with_breaks.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    // Block tags leave empty lines where they open and close.
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic() -> ImportTopic {
        ImportTopic {
            id: TopicId::parse("interviews").unwrap(),
            name: "Our interviews".into(),
            description: "Questions our group collected.".into(),
            difficulty: Difficulty::Medium,
        }
    }

    #[test]
    fn an_anki_export_loses_its_html_and_keeps_its_line_numbers() {
        let text = "#separator:tab\n#html:true\nWhat is <b>RAG</b>?\tRetrieval-augmented generation fetches documents.<br>It grounds answers in them.\n";
        let imported = import_deck(text, DeckFormat::AnkiText, &topic()).unwrap();
        assert!(
            imported.toml.contains("question = \"What is RAG?\""),
            "{}",
            imported.toml
        );
        let parsed: toml::Table = toml::from_str(&imported.toml).unwrap();
        assert_eq!(
            parsed["questions"][0]["answer"].as_str(),
            Some("Retrieval-augmented generation fetches documents.\nIt grounds answers in them.")
        );
        assert_eq!(imported.drawn_key_points, 1);
        assert!(
            imported
                .toml
                .contains("# Key points drawn from the answer's sentences")
        );

        let broken = "#separator:tab\n#html:true\nOnly a question\n";
        let errors = import_deck(broken, DeckFormat::AnkiText, &topic()).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "line 3: has 1 field; a row needs a question and an answer"
        );
    }

    #[test]
    fn a_csv_with_a_header_maps_its_columns_by_name() {
        let text = "difficulty,question,answer,key_points\nhard,What is a KV cache?,It keeps keys and values.,keeps keys and values; avoids recomputation\n";
        let imported = import_deck(text, DeckFormat::Csv, &topic()).unwrap();
        assert!(imported.toml.contains("difficulty = \"hard\""));
        assert!(
            imported
                .toml
                .contains("key_points = [\"keeps keys and values\", \"avoids recomputation\"]")
        );
        assert_eq!(imported.drawn_key_points, 0);
    }

    #[test]
    fn every_bad_row_is_reported_by_its_line() {
        let long = "x ".repeat(400);
        let text = format!(
            "question,answer,difficulty\nGood?,One sentence here. Another sentence there.,easy\nToo long?,{long},easy\nLevel?,One sentence here. Two sentences there.,expert\n"
        );
        let errors = import_deck(&text, DeckFormat::Csv, &topic()).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4], "{errors:?}");
        assert!(
            errors[0]
                .message
                .contains("the answer is 799 characters; a bank allows 700")
        );
        assert!(errors[1].message.contains("expert"));
    }
}
