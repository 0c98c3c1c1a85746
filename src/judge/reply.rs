//! Reading the endpoint's reply: the chat-completions envelope, then the
//! JSON verdict inside its message. Anything that does not fit is
//! `Malformed`; what it means is checked later, in the engine.

use serde::Deserialize;

use crate::domain::Grade;
use crate::engine::{JudgeReply, JudgedPoint};

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

#[derive(Deserialize)]
struct Verdict {
    key_points: Vec<Point>,
    #[serde(default)]
    feedback: String,
    #[serde(default)]
    grade: Option<String>,
    #[serde(default)]
    follow_up: Option<String>,
}

#[derive(Deserialize)]
struct Point {
    covered: bool,
    #[serde(default)]
    quote: Option<String>,
}

/// Why a reply could not be read, for the log (never shown to members).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("the reply is not a chat completion: {0}")]
    Envelope(String),
    #[error("the reply has no message text")]
    Empty,
    #[error("the message is not the verdict JSON asked for: {0}")]
    Verdict(String),
}

/// The verdict in a chat-completions response body.
pub fn parse(body: &[u8]) -> Result<JudgeReply, Unreadable> {
    let completion: Completion =
        serde_json::from_slice(body).map_err(|error| Unreadable::Envelope(error.to_string()))?;
    let content = completion
        .choices
        .into_iter()
        .next()
        .and_then(|choice| choice.message.content)
        .filter(|text| !text.trim().is_empty())
        .ok_or(Unreadable::Empty)?;
    let verdict: Verdict = serde_json::from_str(without_code_fence(&content))
        .map_err(|error| Unreadable::Verdict(error.to_string()))?;
    Ok(JudgeReply {
        points: verdict
            .key_points
            .into_iter()
            .map(|point| JudgedPoint {
                covered: point.covered,
                quote: point.quote.filter(|quote| !quote.trim().is_empty()),
            })
            .collect(),
        feedback: verdict.feedback,
        grade: verdict
            .grade
            .as_deref()
            .and_then(|g| g.parse::<Grade>().ok()),
        follow_up: verdict.follow_up.filter(|text| !text.trim().is_empty()),
    })
}

/// Many models wrap JSON in a Markdown code fence even when told not to.
fn without_code_fence(content: &str) -> &str {
    let trimmed = content.trim();
    let Some(inner) = trimmed.strip_prefix("```") else {
        return trimmed;
    };
    let inner = inner.strip_prefix("json").unwrap_or(inner);
    inner.strip_suffix("```").unwrap_or(inner).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completion(content: &str) -> Vec<u8> {
        serde_json::json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn a_verdict_in_a_code_fence_is_read() {
        let body = completion(
            "```json\n{\"key_points\": [{\"covered\": true, \"quote\": \"KV cache\"}], \"feedback\": \"Good.\", \"grade\": \"Good\", \"follow_up\": null}\n```",
        );
        let reply = parse(&body).unwrap();
        assert_eq!(reply.points.len(), 1);
        assert_eq!(reply.points[0].quote.as_deref(), Some("KV cache"));
        assert_eq!(reply.grade, Some(Grade::Good));
        assert_eq!(reply.follow_up, None);
    }

    #[test]
    fn prose_instead_of_json_is_unreadable() {
        assert!(matches!(
            parse(&completion("I think the answer is quite good!")),
            Err(Unreadable::Verdict(_))
        ));
        assert!(matches!(parse(b"<html>"), Err(Unreadable::Envelope(_))));
        assert_eq!(parse(&completion("  ")), Err(Unreadable::Empty));
    }
}
