//! Bank errors that name the file, line and column, like a compiler.
//!
//! ```text
//! questions/llms.toml:42:3: `key_points` has 1 entry; a question needs 2 to 5
//! ```

use std::fmt;
use std::ops::Range;

/// One thing wrong with the bank, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankError {
    /// The file as the operator named it (`questions/llms.toml`).
    pub file: String,
    /// 1-based line and column; `None` for faults of a whole file or folder.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every fault found in a bank, in file and line order. A bank with any of
/// them never loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankErrors(pub Vec<BankError>);

impl BankErrors {
    pub fn iter(&self) -> impl Iterator<Item = &BankError> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for BankErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "{count} error{} in the question bank",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for BankErrors {}

/// Turns byte offsets in one file into 1-based line and column numbers.
/// Columns count characters, not bytes, so they match what an editor shows.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, line_starts }
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// One bank file's name and line index: turns spans into located errors.
pub struct FileLocator<'a> {
    pub file: &'a str,
    lines: LineIndex<'a>,
}

impl<'a> FileLocator<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Self {
            file,
            lines: LineIndex::new(text),
        }
    }

    pub fn error(&self, span: &Range<usize>, message: impl Into<String>) -> BankError {
        let position = Some(self.lines.position(span.start));
        BankError {
            file: self.file.to_owned(),
            position,
            message: message.into(),
        }
    }

    /// `questions/llms.toml:12:6`, for messages that point at another place.
    pub fn describe(&self, span: &Range<usize>) -> String {
        let (line, column) = self.lines.position(span.start);
        format!("{}:{line}:{column}", self.file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let index = LineIndex::new("ab\nçd = 1\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        // `ç` is two bytes but one column.
        assert_eq!(index.position(6), (2, 3));
        assert_eq!(index.position(999), (3, 1));
    }

    #[test]
    fn errors_print_like_a_compiler_and_count_themselves() {
        let errors = BankErrors(vec![BankError {
            file: "questions/llms.toml".into(),
            position: Some((42, 3)),
            message: "`answer` is empty".into(),
        }]);
        assert_eq!(
            errors.to_string(),
            "questions/llms.toml:42:3: `answer` is empty\n1 error in the question bank"
        );
    }
}
