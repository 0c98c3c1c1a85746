//! Lines typed or piped into the console, read with a bound: a line longer
//! than `MAX_LINE_BYTES` or not valid UTF-8 is refused on its own, and the
//! console goes on with the next one.

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// The longest line the console reads; far above any command or answer
/// (answers stop at 2,000 characters), far below what could exhaust memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One line of input, or why it cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Text(String),
    TooLong { bytes: usize },
    NotUtf8,
}

/// Reads lines from `reader`, keeping what it has read of a line in itself,
/// so a read cancelled half-way (the console also waits for daily posts)
/// loses nothing.
pub struct BoundedLines<R> {
    reader: R,
    line: Vec<u8>,
    /// Bytes of the current line past the bound, counted and dropped.
    dropped: usize,
}

impl<R: AsyncBufRead + Unpin> BoundedLines<R> {
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            line: Vec::new(),
            dropped: 0,
        }
    }

    /// The next line without its line ending, or `None` at the end of input.
    pub async fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        loop {
            let available = self.reader.fill_buf().await?;
            if available.is_empty() {
                if self.line.is_empty() && self.dropped == 0 {
                    return Ok(None);
                }
                return Ok(Some(self.finish()));
            }
            let (chunk, ends_line) = match available.iter().position(|&b| b == b'\n') {
                Some(at) => (&available[..at], true),
                None => (available, false),
            };
            let room = MAX_LINE_BYTES.saturating_sub(self.line.len());
            let kept = chunk.len().min(room);
            self.line.extend_from_slice(&chunk[..kept]);
            self.dropped += chunk.len() - kept;
            let used = chunk.len() + usize::from(ends_line);
            self.reader.consume(used);
            if ends_line {
                return Ok(Some(self.finish()));
            }
        }
    }

    fn finish(&mut self) -> Line {
        let bytes = std::mem::take(&mut self.line);
        let dropped = std::mem::take(&mut self.dropped);
        if dropped > 0 {
            return Line::TooLong {
                bytes: bytes.len() + dropped,
            };
        }
        let mut text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return Line::NotUtf8,
        };
        if text.ends_with('\r') {
            text.pop();
        }
        Line::Text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn all_lines(input: &[u8]) -> Vec<Line> {
        let mut lines = BoundedLines::new(input);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            out.push(line);
        }
        out
    }

    #[tokio::test]
    async fn a_line_that_is_not_utf8_is_refused_and_the_next_one_is_read() {
        let lines = all_lines(b"/quiz\n\xff\xfe broken\r\n/streak").await;
        assert_eq!(
            lines,
            [
                Line::Text("/quiz".into()),
                Line::NotUtf8,
                Line::Text("/streak".into())
            ]
        );
    }

    #[tokio::test]
    async fn an_overlong_line_is_counted_not_kept() {
        let mut input = vec![b'a'; MAX_LINE_BYTES * 3];
        input.extend_from_slice(b"\ngood\n");
        let lines = all_lines(&input).await;
        assert_eq!(
            lines,
            [
                Line::TooLong {
                    bytes: MAX_LINE_BYTES * 3
                },
                Line::Text("good".into())
            ]
        );
    }
}
