//! A fake OpenAI-compatible chat-completions server on 127.0.0.1, for the
//! LLM judge's tests: it answers `POST /v1/chat/completions` from a script
//! (a verdict, raw text, an HTTP status, or a delay first), records every
//! request it saw, and counts how many it was serving at once.

#![allow(dead_code)] // each test binary uses its own share of these helpers

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Scripted {
    /// A completion whose message is this verdict, as JSON text.
    Verdict(Value),
    /// A completion whose message is this text, verbatim.
    Content(String),
    /// This status with a short error body.
    Status(u16),
    /// Wait, then answer.
    After(Duration, Box<Scripted>),
}

/// What the fake saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub authorization: Option<String>,
    pub body: Value,
}

impl Seen {
    /// The text of the message with `role`.
    pub fn message(&self, role: &str) -> String {
        self.body["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["role"] == role)
            .and_then(|m| m["content"].as_str())
            .unwrap_or_default()
            .to_owned()
    }
}

#[derive(Default)]
struct Shared {
    script: Mutex<VecDeque<Scripted>>,
    /// Answered when the script is empty.
    otherwise: Mutex<Option<Scripted>>,
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

pub struct FakeLlm {
    /// `http://127.0.0.1:{port}/v1`, as `judge.base_url`.
    pub base_url: String,
    shared: Arc<Shared>,
}

impl FakeLlm {
    pub async fn start() -> Self {
        let shared = Arc::new(Shared::default());
        let app = Router::new()
            .route("/v1/chat/completions", post(complete))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("a bound address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base_url: format!("http://{address}/v1"),
            shared,
        }
    }

    /// Answers the next request with `answer`, after those already queued.
    pub fn then(&self, answer: Scripted) -> &Self {
        self.shared.script.lock().unwrap().push_back(answer);
        self
    }

    /// Answers every request the script does not cover with `answer`.
    pub fn otherwise(&self, answer: Scripted) {
        *self.shared.otherwise.lock().unwrap() = Some(answer);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    /// The most requests it was serving at one moment.
    pub fn most_in_flight(&self) -> usize {
        self.shared.most_in_flight.load(Ordering::SeqCst)
    }
}

/// A verdict in the shape the judge asks for: `(covered, quote)` per key
/// point, in order.
pub fn verdict(
    points: &[(bool, Option<&str>)],
    feedback: &str,
    grade: &str,
    follow_up: Option<&str>,
) -> Scripted {
    let key_points: Vec<Value> = points
        .iter()
        .map(|(covered, quote)| json!({"covered": covered, "quote": quote}))
        .collect();
    Scripted::Verdict(json!({
        "key_points": key_points,
        "feedback": feedback,
        "grade": grade,
        "follow_up": follow_up,
    }))
}

async fn complete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.most_in_flight.fetch_max(now, Ordering::SeqCst);
    // Counted down even when the client hangs up and the request is dropped.
    let _serving = Serving(shared.clone());
    shared.seen.lock().unwrap().push(Seen {
        authorization: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    let next = shared.script.lock().unwrap().pop_front();
    let answer = next
        .or_else(|| shared.otherwise.lock().unwrap().clone())
        .unwrap_or(Scripted::Status(503));
    answer_with(answer).await
}

struct Serving(Arc<Shared>);

impl Drop for Serving {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn answer_with(mut answer: Scripted) -> Response {
    loop {
        match answer {
            Scripted::After(wait, then) => {
                tokio::time::sleep(wait).await;
                answer = *then;
            }
            Scripted::Verdict(value) => return completion(&value.to_string()),
            Scripted::Content(text) => return completion(&text),
            Scripted::Status(code) => {
                let status =
                    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let body = json!({"error": {"message": "scripted failure", "code": code}});
                return (status, axum::Json(body)).into_response();
            }
        }
    }
}

fn completion(content: &str) -> Response {
    axum::Json(json!({
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_764_547_200,
        "model": "fake-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "finish_reason": "stop",
        }],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }))
    .into_response()
}

/// The judge's two verdicts in a mock interview on genai-018: the first
/// answer covers the first two key points and earns a written follow-up;
/// the second covers the other two and ends on `closing_feedback`.
pub fn interview_verdicts(closing_feedback: &str) -> (Scripted, Scripted) {
    let first = verdict(
        &[
            (true, Some("Every token looks at every other token")),
            (true, Some("every other token in the same sequence")),
            (false, None),
            (false, None),
        ],
        "Good intuition; the mechanics are missing.",
        "hard",
        Some("Where do the queries, keys and values come from?"),
    );
    let second = verdict(
        &[
            (false, None),
            (false, None),
            (true, Some("projections of the same input")),
            (true, Some("scaled by root d_k")),
        ],
        closing_feedback,
        "good",
        None,
    );
    (first, second)
}
