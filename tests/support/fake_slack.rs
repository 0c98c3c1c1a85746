//! A fake Slack on 127.0.0.1 for end-to-end tests: the Web API methods
//! prepbot calls (under `/api/`), a Socket Mode WebSocket that greets with
//! `hello`, sends envelopes (`slash_commands`, `interactive`,
//! `events_api`) and records each acknowledgement with how long it took,
//! and `response_url` endpoints. It records every call so a test can
//! assert on exactly what the bot sent, answers `ratelimited` or an error
//! code by script, and fails loudly on a call it does not expect: the call
//! is answered `unknown_method` and `assert_no_surprises` panics.
//!
//! Payloads follow Slack's documented shapes; a test in `tests/slack.rs`
//! checks them against slack-morphism's models, which would otherwise drop
//! an envelope it cannot read.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

pub const TEAM: &str = "T0STUDY";
pub const TEAM_DOMAIN: &str = "study-group";
pub const APP_ID: &str = "A0PREPBOT";
pub const BOT_USER: &str = "U0PREPBOT";
pub const BOT_TOKEN: &str = "xoxb-fake-bot-token";
pub const APP_TOKEN: &str = "xapp-fake-app-token";

/// A Web API call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    /// The JSON body, or the query/form fields as a JSON object.
    pub body: Value,
    pub token: Option<String>,
    pub at: Instant,
    /// `ok`, or the error the fake answered.
    pub answer: String,
}

/// A message posted with `chat.postMessage`.
#[derive(Debug, Clone)]
pub struct Posted {
    pub channel: String,
    pub ts: String,
    pub thread_ts: Option<String>,
    pub body: Value,
}

/// A file uploaded through the files upload API.
#[derive(Debug, Clone, Default)]
pub struct Uploaded {
    pub id: String,
    pub name: String,
    /// The length `files.getUploadURLExternal` announced.
    pub length: usize,
    pub bytes: Vec<u8>,
    /// Set by `files.completeUploadExternal`: the title, and the channel
    /// it was shared in (`None`: kept private to the app).
    pub completed: bool,
    pub title: Option<String>,
    pub channel: Option<String>,
}

/// An acknowledgement the bot sent on the socket.
#[derive(Debug, Clone)]
pub struct Ack {
    pub envelope_id: String,
    pub body: Value,
    /// From sending the envelope to receiving its ack.
    pub after: Duration,
}

/// A member of the fake workspace.
#[derive(Debug, Clone)]
pub struct FakeUser {
    pub id: String,
    pub name: String,
    pub admin: bool,
}

impl FakeUser {
    pub fn member(id: &str, name: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            admin: false,
        }
    }

    pub fn admin(id: &str, name: &str) -> Self {
        Self {
            admin: true,
            ..Self::member(id, name)
        }
    }
}

/// What the next call to a method is answered with.
#[derive(Debug, Clone)]
pub enum Scripted {
    /// HTTP 429 `ratelimited` with this `Retry-After` in seconds.
    RateLimited(u64),
    /// `{"ok": false, "error": code}`.
    Error(&'static str),
    /// HTTP 500 with `{"ok": false, "error": "fatal_error"}`, as Slack
    /// answers when it is failing itself.
    ServerError,
}

/// How many times Slack sends an envelope again after the first delivery
/// went unacknowledged.
pub const REDELIVERIES: u32 = 3;

/// An envelope sent and not acknowledged yet, with the connection it went
/// out on and how many times it was sent again before.
#[derive(Debug, Clone)]
struct InFlight {
    id: String,
    frame: Value,
    attempt: u32,
    connection: u32,
}

/// An envelope Slack gave up on: unacknowledged after every redelivery.
#[derive(Debug, Clone)]
pub struct GivenUp {
    pub envelope_id: String,
    pub attempts: u32,
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    surprises: Vec<String>,
    /// `response_url` posts by the id in their path.
    responses: Vec<(u64, Value)>,
    messages: Vec<Posted>,
    acks: Vec<Ack>,
    envelopes_sent: HashMap<String, Instant>,
    users: HashMap<String, FakeUser>,
    scripted: VecDeque<(String, Scripted)>,
    socket: Option<mpsc::UnboundedSender<Option<String>>>,
    connections: u32,
    next_id: u64,
    next_ts: u64,
    /// Users who cannot be sent a DM: `chat.postMessage` to them answers
    /// `cannot_dm_user`.
    closed_dms: Vec<String>,
    /// Channels the bot was never added to (it is in every other one).
    channels_without_bot: Vec<String>,
    uploads: Vec<Uploaded>,
    /// Which connection `socket` belongs to.
    socket_connection: u32,
    in_flight: Vec<InFlight>,
    /// Unacknowledged when their connection closed: sent again on the next.
    to_redeliver: Vec<InFlight>,
    given_up: Vec<GivenUp>,
    /// Envelopes sent again, with `retry_attempt`.
    redelivered: Vec<(String, u32)>,
    /// Until when a method (or `response_url`) answers 429, and the
    /// `Retry-After` it gives.
    storms: Vec<(String, Instant, Scripted)>,
    /// Calls answered 429 by a storm or script, by method.
    rate_limited: HashMap<String, u32>,
    /// When each connection closed and when it said `hello`, in order.
    closed_at: Vec<Instant>,
    hello_at: Vec<Instant>,
    /// Message timestamps follow the real clock, as Slack's do.
    real_clock: bool,
}

/// The fake; cheap to clone, all clones see the same state.
#[derive(Clone)]
pub struct FakeSlack {
    pub address: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    changed: Arc<Notify>,
}

impl FakeSlack {
    pub async fn start(users: &[FakeUser]) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let inner = Inner {
            users: users.iter().map(|u| (u.id.clone(), u.clone())).collect(),
            next_ts: 1_764_000_000_000_100,
            ..Inner::default()
        };
        let fake = Self {
            address,
            inner: Arc::new(Mutex::new(inner)),
            changed: Arc::new(Notify::new()),
        };
        let app = Router::new()
            .route("/socket", axum::routing::get(socket))
            .route("/api/{method}", axum::routing::get(web_api).post(web_api))
            .route("/respond/{id}", axum::routing::post(respond))
            .route("/upload/{id}", axum::routing::post(upload))
            .fallback(surprise)
            .with_state(fake.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        fake
    }

    /// What `slack.api_base_url` should be.
    pub fn api_base_url(&self) -> String {
        format!("http://{}/api", self.address)
    }

    fn touch(&self) {
        self.changed.notify_waiters();
    }

    fn next_id(&self) -> u64 {
        let mut inner = self.inner.lock().unwrap();
        inner.next_id += 1;
        inner.next_id
    }

    /// Makes `user` unreachable by direct message.
    pub fn close_dms(&self, user: &str) {
        self.inner.lock().unwrap().closed_dms.push(user.to_owned());
    }

    /// The bot is not a member of `channel`: `conversations.info` says so.
    pub fn remove_bot_from(&self, channel: &str) {
        self.inner
            .lock()
            .unwrap()
            .channels_without_bot
            .push(channel.to_owned());
    }

    pub fn add_user(&self, user: FakeUser) {
        self.inner
            .lock()
            .unwrap()
            .users
            .insert(user.id.clone(), user);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    pub fn messages_in(&self, channel: &str) -> Vec<Posted> {
        let inner = self.inner.lock().unwrap();
        inner
            .messages
            .iter()
            .filter(|m| m.channel == channel)
            .cloned()
            .collect()
    }

    pub fn acks(&self) -> Vec<Ack> {
        self.inner.lock().unwrap().acks.clone()
    }

    pub fn connections(&self) -> u32 {
        self.inner.lock().unwrap().connections
    }

    /// Everything the bot sent anywhere: Web API bodies and `response_url`
    /// posts, as text, for checks that something never went out.
    pub fn everything_sent(&self) -> String {
        let inner = self.inner.lock().unwrap();
        let mut all: Vec<String> = inner
            .calls
            .iter()
            .map(|c| format!("{}: {}", c.method, c.body))
            .collect();
        all.extend(
            inner
                .responses
                .iter()
                .map(|(id, body)| format!("response {id}: {body}")),
        );
        all.join("\n")
    }

    /// Message timestamps follow `at` from now on, as Slack's clock would
    /// if it agreed with the test's.
    pub fn set_time(&self, at: chrono::DateTime<chrono::Utc>) {
        let micros = u64::try_from(at.timestamp_micros()).unwrap_or(0);
        let mut inner = self.inner.lock().unwrap();
        inner.next_ts = inner.next_ts.max(micros);
    }

    /// Panics if the bot called anything the fake does not know.
    /// Files uploaded so far, in order.
    pub fn uploads(&self) -> Vec<Uploaded> {
        self.inner.lock().unwrap().uploads.clone()
    }

    pub fn assert_no_surprises(&self) {
        let surprises = self.inner.lock().unwrap().surprises.clone();
        assert!(surprises.is_empty(), "unexpected calls: {surprises:#?}");
    }

    /// The next call to `method` is answered as scripted.
    pub fn script(&self, method: &str, answer: Scripted) {
        self.inner
            .lock()
            .unwrap()
            .scripted
            .push_back((method.to_owned(), answer));
    }

    pub async fn wait_until<T>(&self, what: &str, check: impl Fn() -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let notified = self.changed.notified();
            if let Some(found) = check() {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "timed out waiting for {what}; calls so far:\n{}",
                    self.calls()
                        .iter()
                        .map(|c| format!("  {} -> {}", c.method, c.answer))
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
    }

    /// Waits until the bot holds a socket connection (the `connections`-th).
    pub async fn wait_for_connection(&self, connections: u32) {
        self.wait_until("the Socket Mode connection", || {
            let inner = self.inner.lock().unwrap();
            (inner.connections >= connections && inner.socket.is_some()).then_some(())
        })
        .await;
    }

    /// The reply posted to a `response_url`, once the bot sent it.
    pub async fn response(&self, id: u64) -> Value {
        self.wait_until("a response_url reply", || {
            let inner = self.inner.lock().unwrap();
            inner
                .responses
                .iter()
                .find(|(at, _)| *at == id)
                .map(|(_, body)| body.clone())
        })
        .await
    }

    /// The responses to a `response_url` so far.
    pub fn responses_to(&self, id: u64) -> Vec<Value> {
        let inner = self.inner.lock().unwrap();
        inner
            .responses
            .iter()
            .filter(|(at, _)| *at == id)
            .map(|(_, body)| body.clone())
            .collect()
    }

    /// The `n`-th call (from 1) to `method`, once made.
    pub async fn call(&self, method: &str, n: usize) -> Call {
        self.wait_until(&format!("call {n} to {method}"), || {
            self.calls_to(method).get(n - 1).cloned()
        })
        .await
    }

    /// The ack of an envelope, once the bot sent it.
    pub async fn ack(&self, envelope_id: &str) -> Ack {
        self.wait_until("an envelope's ack", || {
            let inner = self.inner.lock().unwrap();
            inner
                .acks
                .iter()
                .find(|a| a.envelope_id == envelope_id)
                .cloned()
        })
        .await
    }

    /// Closes the socket without a goodbye, as a network drop.
    pub fn drop_socket(&self) {
        let mut inner = self.inner.lock().unwrap();
        if let Some(sender) = inner.socket.take() {
            let _ = sender.send(None);
        }
    }

    /// Asks the bot to reconnect, as Slack does before it cycles a
    /// connection (`disconnect`, `refresh_requested`).
    pub fn ask_to_reconnect(&self) {
        let frame = json!({
            "type": "disconnect",
            "reason": "refresh_requested",
            "debug_info": {"host": "fake-slack"},
        });
        let inner = self.inner.lock().unwrap();
        if let Some(sender) = &inner.socket {
            let _ = sender.send(Some(frame.to_string()));
        }
    }

    /// Sends an envelope on the socket; returns its id.
    pub fn envelope(&self, kind: &str, payload: Value, accepts_response_payload: bool) -> String {
        self.try_envelope(kind, payload, accepts_response_payload)
            .expect("the bot is connected")
    }

    /// Sends an envelope if a socket is open; `None` if not. Once sent, an
    /// envelope is redelivered until acknowledged, as Slack does.
    pub fn try_envelope(
        &self,
        kind: &str,
        payload: Value,
        accepts_response_payload: bool,
    ) -> Option<String> {
        let id = format!("env-{}", self.next_id());
        let frame = json!({
            "envelope_id": id,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
        });
        let mut inner = self.inner.lock().unwrap();
        let sender = inner.socket.clone()?;
        inner.envelopes_sent.insert(id.clone(), Instant::now());
        let connection = inner.socket_connection;
        inner.in_flight.push(InFlight {
            id: id.clone(),
            frame: frame.clone(),
            attempt: 0,
            connection,
        });
        // A socket closing this instant leaves the envelope in flight, to
        // be redelivered.
        let _ = sender.send(Some(frame.to_string()));
        Some(id)
    }

    /// Whether the bot holds a socket right now. Slack answers a member's
    /// command or click with an error of its own (`dispatch_failed`) when
    /// it has no connection to send it on.
    pub fn is_connected(&self) -> bool {
        self.inner.lock().unwrap().socket.is_some()
    }

    /// `slash_command`, or `None` when no socket is open (Slack tells the
    /// member it could not reach the app; prepbot never hears of it).
    pub fn try_slash_command(
        &self,
        user: &str,
        channel: &str,
        text: &str,
    ) -> Option<(String, u64)> {
        let respond = self.next_id();
        let payload = command_json(user, channel, text, &self.response_url(respond), respond);
        let id = self.try_envelope("slash_commands", payload, true)?;
        Some((id, respond))
    }

    /// `click`, or `None` when no socket is open.
    pub fn try_click(&self, user: &str, channel: &str, action_id: &str) -> Option<(String, u64)> {
        let respond = self.next_id();
        let payload = block_actions_json(
            user,
            Some(channel),
            action_id,
            Some(&self.response_url(respond)),
            respond,
        );
        let id = self.try_envelope("interactive", payload, false)?;
        Some((id, respond))
    }

    /// Closes the socket with a `disconnect` envelope giving `reason`
    /// (`refresh_requested`, `warning`, `link_disabled`); the bot is
    /// expected to close it and connect again.
    pub fn disconnect_because(&self, reason: &str) {
        let frame = json!({
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": "fake-slack"},
        });
        let inner = self.inner.lock().unwrap();
        if let Some(sender) = &inner.socket {
            let _ = sender.send(Some(frame.to_string()));
        }
    }

    /// From now until `until`, every call to `method` (or `response_url`
    /// for the reply URLs) is answered HTTP 429 `ratelimited` with this
    /// `Retry-After`.
    pub fn rate_limit_until(&self, method: &str, until: Instant, retry_after: u64) {
        self.inner.lock().unwrap().storms.push((
            method.to_owned(),
            until,
            Scripted::RateLimited(retry_after),
        ));
    }

    /// From now until `until`, every call to `method` is answered `answer`.
    pub fn fail_until(&self, method: &str, until: Instant, answer: Scripted) {
        self.inner
            .lock()
            .unwrap()
            .storms
            .push((method.to_owned(), until, answer));
    }

    /// How many calls to `method` (or `response_url`) were answered 429.
    pub fn rate_limited(&self, method: &str) -> u32 {
        self.inner
            .lock()
            .unwrap()
            .rate_limited
            .get(method)
            .copied()
            .unwrap_or(0)
    }

    /// Message timestamps follow the real clock from now on, for runs of
    /// the real binary, whose clock is the real one.
    pub fn use_real_clock(&self) {
        self.inner.lock().unwrap().real_clock = true;
    }

    /// The replies posted to a `response_url`, once there is one; `None`
    /// if none came within `limit`.
    pub async fn response_within(&self, id: u64, limit: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notified = self.changed.notified();
            if let Some(first) = self.responses_to(id).into_iter().next() {
                return Some(first);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }

    /// Envelopes sent again after their connection closed unacknowledged,
    /// with their `retry_attempt`.
    pub fn redelivered(&self) -> Vec<(String, u32)> {
        self.inner.lock().unwrap().redelivered.clone()
    }

    /// Envelopes never acknowledged through all redeliveries.
    pub fn given_up(&self) -> Vec<GivenUp> {
        self.inner.lock().unwrap().given_up.clone()
    }

    /// Envelopes sent and not acknowledged yet, on any connection or
    /// waiting for the next.
    pub fn unacknowledged(&self) -> usize {
        let inner = self.inner.lock().unwrap();
        inner.in_flight.len() + inner.to_redeliver.len()
    }

    /// When each connection closed and when each said `hello`, in order.
    pub fn connection_times(&self) -> (Vec<Instant>, Vec<Instant>) {
        let inner = self.inner.lock().unwrap();
        (inner.closed_at.clone(), inner.hello_at.clone())
    }

    pub fn response_url(&self, id: u64) -> String {
        format!("http://{}/respond/{id}", self.address)
    }

    /// `/prep {text}` typed by `user` in `channel`; returns the envelope id
    /// and the id of its `response_url`.
    pub fn slash_command(&self, user: &str, channel: &str, text: &str) -> (String, u64) {
        let respond = self.next_id();
        let payload = command_json(user, channel, text, &self.response_url(respond), respond);
        (self.envelope("slash_commands", payload, true), respond)
    }

    /// `user` clicks the button `action_id` on a message in `channel`;
    /// returns the envelope id and the id of its `response_url`.
    pub fn click(&self, user: &str, channel: &str, action_id: &str) -> (String, u64) {
        let respond = self.next_id();
        let payload = block_actions_json(
            user,
            Some(channel),
            action_id,
            Some(&self.response_url(respond)),
            respond,
        );
        (self.envelope("interactive", payload, false), respond)
    }

    /// `user` submits the modal `view` (as the bot opened it) with `answer`
    /// typed in its text box.
    pub fn submit(&self, user: &str, view: &Value, answer: &str) -> String {
        let payload = view_submission_json(user, view, answer);
        self.envelope("interactive", payload, true)
    }

    /// `user` submits the modal `view` with these `state.values` (by block
    /// id, then action id).
    pub fn submit_values(&self, user: &str, view: &Value, values: Value) -> String {
        let mut payload = view_submission_json(user, view, "");
        payload["view"]["state"] = json!({ "values": values });
        self.envelope("interactive", payload, true)
    }

    /// An Events API event from the workspace.
    pub fn event(&self, event: Value) -> String {
        let payload = json!({
            "token": "verification-token",
            "team_id": TEAM,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": format!("Ev{}", self.next_id()),
            "event_time": 1_764_000_000,
        });
        self.envelope("events_api", payload, false)
    }
}

pub fn command_json(user: &str, channel: &str, text: &str, response_url: &str, n: u64) -> Value {
    json!({
        "token": "verification-token",
        "team_id": TEAM,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel,
        "channel_name": "study",
        "user_id": user,
        "user_name": "someone",
        "command": "/prep",
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": format!("{n}.trigger"),
    })
}

pub fn block_actions_json(
    user: &str,
    channel: Option<&str>,
    action_id: &str,
    response_url: Option<&str>,
    n: u64,
) -> Value {
    let mut payload = json!({
        "type": "block_actions",
        "team": {"id": TEAM, "domain": TEAM_DOMAIN},
        "user": {"id": user, "username": "someone", "name": "someone", "team_id": TEAM},
        "api_app_id": APP_ID,
        "token": "verification-token",
        "trigger_id": format!("{n}.trigger"),
        "actions": [{
            "type": "button",
            "action_id": action_id,
            "block_id": "b1",
            "text": {"type": "plain_text", "text": "A button"},
            "action_ts": "1764000000.000200",
        }],
    });
    match channel {
        Some(channel) => {
            payload["container"] = json!({
                "type": "message",
                "message_ts": "1764000000.000100",
                "channel_id": channel,
                "is_ephemeral": false,
            });
            payload["channel"] = json!({"id": channel, "name": "study"});
        }
        None => {
            payload["container"] = json!({"type": "view", "view_id": "V0HOME"});
        }
    }
    if let Some(url) = response_url {
        payload["response_url"] = json!(url);
    }
    payload
}

/// A new number for each modal submission, for its `trigger_id`.
fn next_submission() -> u64 {
    static SUBMISSIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    SUBMISSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

pub fn view_submission_json(user: &str, view: &Value, answer: &str) -> Value {
    let mut view = view.clone();
    view["id"] = json!("V0MODAL");
    view["team_id"] = json!(TEAM);
    view["hash"] = json!("1764000000.abcd");
    view["state"] =
        json!({"values": {"answer": {"answer": {"type": "plain_text_input", "value": answer}}}});
    json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": TEAM_DOMAIN},
        "user": {"id": user, "username": "someone", "name": "someone", "team_id": TEAM},
        "api_app_id": APP_ID,
        "token": "verification-token",
        // Slack gives each submission its own trigger.
        "trigger_id": format!("{}.submission-trigger", next_submission()),
        "view": view,
    })
}

fn user_json(user: &FakeUser) -> Value {
    json!({
        "id": user.id,
        "team_id": TEAM,
        "name": user.name.to_lowercase(),
        "real_name": user.name,
        "deleted": false,
        "is_admin": user.admin,
        "is_owner": false,
        "is_primary_owner": false,
        "is_bot": false,
        "profile": {"display_name": user.name, "real_name": user.name},
    })
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
}

/// The call's fields: a JSON body, a form body, or the query string.
fn fields(query: Option<&str>, body: &[u8]) -> Value {
    if let Ok(json) = serde_json::from_slice::<Value>(body)
        && json.is_object()
    {
        return json;
    }
    let text = if body.is_empty() {
        query.unwrap_or_default().to_owned()
    } else {
        String::from_utf8_lossy(body).into_owned()
    };
    let map: serde_json::Map<String, Value> = url::form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    Value::Object(map)
}

fn ok(mut body: Value) -> Response {
    body["ok"] = json!(true);
    axum::Json(body).into_response()
}

fn error(code: &str) -> Response {
    axum::Json(json!({"ok": false, "error": code})).into_response()
}

async fn web_api(
    State(fake): State<FakeSlack>,
    Path(method): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let body = fields(query.as_deref(), &body);
    let token = bearer(&headers);
    let scripted = fake.scripted_for(&method);
    let (response, answer) = match scripted {
        Some(Scripted::RateLimited(seconds)) => (
            (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", seconds.to_string())],
                axum::Json(json!({"ok": false, "error": "ratelimited"})),
            )
                .into_response(),
            "ratelimited".to_owned(),
        ),
        Some(Scripted::Error(code)) => (error(code), code.to_owned()),
        Some(Scripted::ServerError) => (
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(json!({"ok": false, "error": "fatal_error"})),
            )
                .into_response(),
            "fatal_error".to_owned(),
        ),
        None => answer(&fake, &method, &body, token.as_deref()),
    };
    {
        let mut inner = fake.inner.lock().unwrap();
        if answer == "unknown_method" || answer == "invalid_auth" {
            inner.surprises.push(format!("{method} ({answer}): {body}"));
        }
        inner.calls.push(Call {
            method,
            body,
            token,
            at: Instant::now(),
            answer,
        });
    }
    fake.touch();
    response
}

impl FakeSlack {
    /// What a call to `method` is answered with instead of its usual
    /// answer: a storm under way, else the next script for it. A 429 is
    /// counted.
    fn scripted_for(&self, method: &str) -> Option<Scripted> {
        let mut inner = self.inner.lock().unwrap();
        let now = Instant::now();
        let storm = inner
            .storms
            .iter()
            .find(|(m, until, _)| m == method && *until > now)
            .map(|(_, _, answer)| answer.clone());
        let scripted = storm.or_else(|| {
            let position = inner.scripted.iter().position(|(m, _)| m == method);
            position
                .and_then(|at| inner.scripted.remove(at))
                .map(|(_, s)| s)
        });
        if let Some(Scripted::RateLimited(_)) = scripted {
            *inner.rate_limited.entry(method.to_owned()).or_default() += 1;
        }
        scripted
    }
}

fn rate_limited_response(seconds: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [("retry-after", seconds.to_string())],
        axum::Json(json!({"ok": false, "error": "ratelimited"})),
    )
        .into_response()
}

/// The fake's answer to a Web API call it was not scripted for.
fn answer(fake: &FakeSlack, method: &str, body: &Value, token: Option<&str>) -> (Response, String) {
    let wants_app_token = method == "apps.connections.open";
    let expected = if wants_app_token {
        APP_TOKEN
    } else {
        BOT_TOKEN
    };
    if token != Some(expected) {
        return (error("invalid_auth"), "invalid_auth".to_owned());
    }
    let text = |key: &str| body[key].as_str().unwrap_or_default().to_owned();
    let response = match method {
        "auth.test" => ok(json!({
            "url": "https://study-group.slack.com/",
            "team": "Study Group",
            "user": "prepbot",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": "B0PREPBOT",
        })),
        "apps.connections.open" => ok(json!({"url": format!("ws://{}/socket", fake.address)})),
        "users.info" => {
            let user = fake.inner.lock().unwrap().users.get(&text("user")).cloned();
            match user {
                Some(user) => ok(json!({"user": user_json(&user)})),
                None => return (error("user_not_found"), "user_not_found".to_owned()),
            }
        }
        "chat.postMessage" => {
            let channel = text("channel");
            if !channel.starts_with('C') && !channel.starts_with('U') {
                return (error("channel_not_found"), "channel_not_found".to_owned());
            }
            if fake.inner.lock().unwrap().closed_dms.contains(&channel) {
                return (error("cannot_dm_user"), "cannot_dm_user".to_owned());
            }
            let ts = {
                let mut inner = fake.inner.lock().unwrap();
                inner.next_ts += 100;
                if inner.real_clock {
                    let now = u64::try_from(chrono::Utc::now().timestamp_micros()).unwrap_or(0);
                    inner.next_ts = inner.next_ts.max(now);
                }
                let ts = inner.next_ts;
                let ts = format!("{}.{:06}", ts / 1_000_000, ts % 1_000_000);
                inner.messages.push(Posted {
                    channel: channel.clone(),
                    ts: ts.clone(),
                    thread_ts: body["thread_ts"].as_str().map(str::to_owned),
                    body: body.clone(),
                });
                ts
            };
            ok(json!({
                "channel": channel,
                "ts": ts,
                "message": {"type": "message", "ts": ts, "text": body["text"], "user": BOT_USER, "bot_id": "B0PREPBOT"},
            }))
        }
        "chat.postEphemeral" => ok(json!({"message_ts": "1764000000.000900"})),
        "conversations.info" => {
            let channel = text("channel");
            if !channel.starts_with('C') {
                return (error("channel_not_found"), "channel_not_found".to_owned());
            }
            let member = !fake
                .inner
                .lock()
                .unwrap()
                .channels_without_bot
                .contains(&channel);
            ok(json!({"channel": {
                "id": channel, "name": "study", "created": 1_764_000_000,
                "is_channel": true, "is_private": false, "is_archived": false,
                "is_member": member,
            }}))
        }
        "files.getUploadURLExternal" => {
            let mut inner = fake.inner.lock().unwrap();
            let id = format!("F0{}", inner.uploads.len() + 1);
            inner.uploads.push(Uploaded {
                id: id.clone(),
                name: text("filename"),
                length: text("length").parse().unwrap_or(0),
                ..Uploaded::default()
            });
            ok(json!({"file_id": id, "upload_url": format!("http://{}/upload/{id}", fake.address)}))
        }
        "files.completeUploadExternal" => {
            let mut inner = fake.inner.lock().unwrap();
            let mut done = Vec::new();
            for file in body["files"].as_array().cloned().unwrap_or_default() {
                let id = file["id"].as_str().unwrap_or_default();
                let Some(upload) = inner.uploads.iter_mut().find(|u| u.id == id) else {
                    return (error("file_not_found"), "file_not_found".to_owned());
                };
                // Slack refuses a file whose bytes never arrived or differ
                // in length from what was announced.
                if upload.bytes.is_empty() || upload.bytes.len() != upload.length {
                    return (error("file_upload_failed"), "file_upload_failed".to_owned());
                }
                upload.completed = true;
                upload.title = file["title"].as_str().map(str::to_owned);
                upload.channel = body["channel_id"].as_str().map(str::to_owned);
                done.push(json!({"id": upload.id, "name": upload.name, "title": upload.title}));
            }
            ok(json!({"files": done}))
        }
        "views.open" | "views.publish" => {
            let mut view = body["view"].clone();
            view["id"] = json!("V0MODAL");
            view["team_id"] = json!(TEAM);
            view["hash"] = json!("1764000000.abcd");
            view["state"] = json!({"values": {}});
            ok(json!({"view": view}))
        }
        "conversations.history" => {
            let channel = text("channel");
            let oldest: f64 = text("oldest").parse().unwrap_or(0.0);
            let inner = fake.inner.lock().unwrap();
            let messages: Vec<Value> = inner
                .messages
                .iter()
                .rev()
                .filter(|m| m.channel == channel && m.thread_ts.is_none())
                .filter(|m| m.ts.parse::<f64>().unwrap_or(0.0) >= oldest)
                .map(|m| {
                    json!({
                        "type": "message",
                        "ts": m.ts,
                        "text": m.body["text"],
                        "user": BOT_USER,
                        "bot_id": "B0PREPBOT",
                        "blocks": m.body["blocks"],
                    })
                })
                .collect();
            ok(json!({"messages": messages, "has_more": false}))
        }
        _ => return (error("unknown_method"), "unknown_method".to_owned()),
    };
    (response, "ok".to_owned())
}

async fn respond(
    State(fake): State<FakeSlack>,
    Path(id): Path<u64>,
    body: axum::body::Bytes,
) -> Response {
    // A storm or a script for `response_url` refuses the reply, which is
    // then not recorded: the member did not see it.
    if let Some(Scripted::RateLimited(seconds)) = fake.scripted_for("response_url") {
        fake.touch();
        return rate_limited_response(seconds);
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    fake.inner.lock().unwrap().responses.push((id, body));
    fake.touch();
    ok(json!({}))
}

/// The upload URL: takes the file's bytes and answers as Slack does, in
/// plain text.
async fn upload(
    State(fake): State<FakeSlack>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let found = {
        let mut inner = fake.inner.lock().unwrap();
        match inner.uploads.iter_mut().find(|u| u.id == id) {
            Some(upload) => {
                upload.bytes = body.to_vec();
                true
            }
            None => {
                inner.surprises.push(format!("upload to unknown file {id}"));
                false
            }
        }
    };
    fake.touch();
    if found {
        (StatusCode::OK, format!("OK - {}", body.len())).into_response()
    } else {
        (StatusCode::NOT_FOUND, "no such upload").into_response()
    }
}

async fn surprise(State(fake): State<FakeSlack>, request: axum::extract::Request) -> Response {
    let what = format!("{} {}", request.method(), request.uri());
    fake.inner.lock().unwrap().surprises.push(what);
    fake.touch();
    (StatusCode::NOT_FOUND, "not a Slack endpoint").into_response()
}

async fn socket(State(fake): State<FakeSlack>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| serve_socket(fake, socket))
}

/// One Socket Mode connection: `hello`, then the test's envelopes, and the
/// bot's acks recorded with their delay.
async fn serve_socket(fake: FakeSlack, mut socket: WebSocket) {
    let (sender, mut outgoing) = mpsc::unbounded_channel::<Option<String>>();
    let hello = json!({
        "type": "hello",
        "num_connections": 1,
        "debug_info": {"host": "fake-slack", "approximate_connection_time": 18060},
        "connection_info": {"app_id": APP_ID},
    });
    if socket
        .send(WsMessage::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    let connection = {
        let mut inner = fake.inner.lock().unwrap();
        inner.connections += 1;
        inner.socket = Some(sender);
        inner.socket_connection = inner.connections;
        inner.hello_at.push(Instant::now());
        redeliver(&mut inner);
        inner.connections
    };
    fake.touch();
    serve_frames(&fake, &mut socket, &mut outgoing).await;
    {
        let mut inner = fake.inner.lock().unwrap();
        if inner.socket_connection == connection {
            inner.socket = None;
        }
        inner.closed_at.push(Instant::now());
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut inner.in_flight)
            .into_iter()
            .partition(|envelope| envelope.connection == connection);
        inner.in_flight = kept;
        for envelope in gone {
            if envelope.attempt < REDELIVERIES {
                inner.to_redeliver.push(envelope);
            } else {
                inner.given_up.push(GivenUp {
                    envelope_id: envelope.id,
                    attempts: envelope.attempt + 1,
                });
            }
        }
        // The bot may have opened its next connection before this one
        // finished closing.
        redeliver(&mut inner);
    }
    fake.touch();
}

/// Sends what earlier connections left unacknowledged on the open socket,
/// marked as a retry, as Slack does up to `REDELIVERIES` times.
fn redeliver(inner: &mut Inner) {
    let Some(sender) = inner.socket.clone() else {
        return;
    };
    let connection = inner.socket_connection;
    for mut envelope in std::mem::take(&mut inner.to_redeliver) {
        envelope.attempt += 1;
        envelope.connection = connection;
        envelope.frame["retry_attempt"] = json!(envelope.attempt);
        envelope.frame["retry_reason"] = json!("timeout");
        inner
            .redelivered
            .push((envelope.id.clone(), envelope.attempt));
        let _ = sender.send(Some(envelope.frame.to_string()));
        inner.in_flight.push(envelope);
    }
}

/// Relays the test's frames to the bot and records its acks, until either
/// side ends the connection.
async fn serve_frames(
    fake: &FakeSlack,
    socket: &mut WebSocket,
    outgoing: &mut mpsc::UnboundedReceiver<Option<String>>,
) {
    loop {
        tokio::select! {
            frame = outgoing.recv() => match frame {
                Some(Some(text)) => {
                    if socket.send(WsMessage::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                // A drop: no close frame, the TCP connection just ends.
                Some(None) | None => break,
            },
            received = socket.recv() => {
                let Some(Ok(message)) = received else { break };
                let text = match message {
                    WsMessage::Text(text) => text.to_string(),
                    WsMessage::Close(_) => break,
                    _ => continue,
                };
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                let Some(id) = body["envelope_id"].as_str().map(str::to_owned) else {
                    fake.inner.lock().unwrap().surprises.push(format!("socket frame without an envelope id: {text}"));
                    continue;
                };
                let mut inner = fake.inner.lock().unwrap();
                let after = inner.envelopes_sent.get(&id).map(Instant::elapsed).unwrap_or_default();
                inner.in_flight.retain(|envelope| envelope.id != id);
                inner.acks.push(Ack { envelope_id: id, body, after });
                drop(inner);
                fake.touch();
            }
        }
    }
}
