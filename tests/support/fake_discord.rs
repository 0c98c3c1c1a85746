//! A fake Discord on 127.0.0.1 for end-to-end tests and benchmarks: the
//! REST API (as much as prepbot calls) and the gateway WebSocket (HELLO,
//! IDENTIFY, READY, heartbeats, dispatches, RESUME). It records every
//! request so a test can assert on exactly what the bot sent, and it can
//! answer 429s, drop the gateway, and refuse by script. For fault runs it
//! can also answer a share of REST calls with 5xx or 429 (global or per
//! route, with Discord's headers), hold a call open past a client's
//! timeout, and replay a session's missed dispatches on RESUME as Discord
//! does.
//!
//! Payloads follow Discord's documented shapes; `payloads_deserialize`
//! tests in `tests/discord.rs` check them against serenity's own models, as
//! serenity silently drops an event it cannot parse.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

pub const BOT_ID: u64 = 900_000_000_000_000_001;
pub const APP_ID: u64 = 900_000_000_000_000_002;
/// The Manage Server permission bit.
pub const MANAGE_GUILD: u64 = 1 << 5;
/// What an ordinary member may do: view channels, send messages, use
/// application commands.
pub const MEMBER_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 31);
pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const EMBED_LINKS: u64 = 1 << 14;
pub const ATTACH_FILES: u64 = 1 << 15;
pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
pub const CREATE_PUBLIC_THREADS: u64 = 1 << 35;
pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
/// The role prepbot holds besides @everyone, as its invite link grants.
pub const BOT_ROLE_ID: u64 = 900_000_000_000_000_003;
/// What prepbot's role allows unless a test changes it: everything it needs
/// on top of what @everyone has.
pub const BOT_ROLE_PERMISSIONS: u64 = EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS;

/// A request the bot made.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub body: Value,
    pub at: Instant,
    /// The status the fake answered.
    pub status: u16,
    /// Files uploaded with a multipart request: (file name, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

/// A message the fake holds, as posted to a channel.
#[derive(Debug, Clone)]
pub struct Posted {
    pub id: u64,
    pub channel_id: u64,
    pub body: Value,
}

/// Who clicks or types in a test.
#[derive(Debug, Clone)]
pub struct FakeMember {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
}

impl FakeMember {
    pub fn new(id: u64, name: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            permissions: MEMBER_PERMISSIONS,
        }
    }

    pub fn admin(id: u64, name: &str) -> Self {
        Self {
            permissions: MEMBER_PERMISSIONS | MANAGE_GUILD,
            ..Self::new(id, name)
        }
    }
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    messages: Vec<Posted>,
    /// Threads by the message they were started from.
    threads: HashMap<u64, u64>,
    /// (method, path prefix, Retry-After seconds) answered with a 429 once
    /// each, in order.
    scripted_429s: VecDeque<(Method, String, f64)>,
    next_id: u64,
    gateway: GatewayState,
    /// Direct-message channels by the user they reach.
    dm_channels: HashMap<u64, u64>,
    /// Users whose DMs are closed to the bot: a message to them is refused
    /// with Discord's code 50007.
    closed_dms: Vec<u64>,
    /// Permissions of prepbot's own role (`BOT_ROLE_ID`).
    bot_role_permissions: u64,
    /// Channel permission overwrites by channel, as Discord returns them.
    overwrites: HashMap<u64, Vec<Value>>,
    /// Faults answered instead of the real route while set; see
    /// `RestFault`.
    faults: Vec<RestFault>,
    /// With `strict_interactions`: when each interaction was dispatched,
    /// and whether it was acknowledged.
    interactions: HashMap<u64, (Instant, bool)>,
    strict_interactions: bool,
    /// What each interaction's member saw and when: the first message
    /// answered 2xx (a callback's, or the edit after a deferral).
    seen: HashMap<u64, (Instant, Value)>,
}

/// Discord's window for the first answer to an interaction.
pub const INTERACTION_WINDOW: Duration = Duration::from_secs(3);

/// A fault the fake answers a share of matching REST calls with, until
/// `clear_rest_faults`.
#[derive(Debug, Clone)]
pub struct RestFault {
    /// Only calls with this method (`None`: any).
    pub method: Option<Method>,
    /// Only calls whose path (after `/api/v10`) starts with one of these.
    pub prefixes: Vec<String>,
    /// One matching call in `every` gets the fault (1: all of them).
    pub every: u32,
    pub kind: FaultKind,
    /// Matching calls seen so far, to pick every n-th.
    seen: u32,
    /// Faults left to answer (`None`: no limit).
    left: Option<u32>,
}

#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answers with this status (500, 502, 503) and a JSON error body.
    Status(u16),
    /// 429 with `retry_after`; `global` sets `X-RateLimit-Global: true`
    /// and scope `global`, otherwise bucket headers for a per-route limit.
    RateLimited { retry_after: f64, global: bool },
    /// Holds the call open this long before answering. With `landed`, the
    /// call takes effect first (the message is posted) and only the answer
    /// is late, the hardest case for a client that gives up and retries.
    Stall { hold: Duration, landed: bool },
}

impl RestFault {
    pub fn new(method: Option<Method>, prefixes: &[&str], every: u32, kind: FaultKind) -> Self {
        Self {
            method,
            prefixes: prefixes.iter().map(|p| (*p).to_owned()).collect(),
            every: every.max(1),
            kind,
            seen: 0,
            left: None,
        }
    }

    /// Answers the fault at most `n` times, then lets calls through.
    pub fn times(self, n: u32) -> Self {
        Self {
            left: Some(n),
            ..self
        }
    }
}

#[derive(Default)]
struct GatewayState {
    /// Sends a frame to the connected bot; `None` closes the connection.
    sender: Option<mpsc::UnboundedSender<Option<String>>>,
    sequence: u64,
    identifies: u32,
    resumes: u32,
    heartbeats: u32,
    connections: u32,
    guilds: Vec<(u64, String)>,
    /// While set, a new gateway connection is refused with a 503, as when
    /// Discord's gateway is down.
    refusing: bool,
    /// The session's dispatches by sequence number, so a RESUME gets what
    /// it missed (Discord replays them); a new IDENTIFY starts afresh.
    history: Vec<(u64, String)>,
    /// Frames replayed on RESUMEs so far.
    replayed: u32,
    /// Whether the open connection has identified or resumed: Discord
    /// sends a connection no dispatch before that.
    live: bool,
}

/// Frames kept for a RESUME at most; Discord's own buffer is bounded too.
const HISTORY_LIMIT: usize = 10_000;

/// The fake; cheap to clone, all clones see the same state.
#[derive(Clone)]
pub struct FakeDiscord {
    pub address: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    changed: Arc<Notify>,
    heartbeat_ms: u64,
}

impl FakeDiscord {
    /// Starts the fake on a free port with these guilds, heartbeats asked
    /// for every `heartbeat_ms`.
    pub async fn start(guilds: &[(u64, &str)], heartbeat_ms: u64) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let inner = Inner {
            next_id: 1_000_000_000_000_000_000,
            bot_role_permissions: BOT_ROLE_PERMISSIONS,
            gateway: GatewayState {
                guilds: guilds
                    .iter()
                    .map(|(id, n)| (*id, (*n).to_owned()))
                    .collect(),
                ..GatewayState::default()
            },
            ..Inner::default()
        };
        let fake = Self {
            address,
            inner: Arc::new(Mutex::new(inner)),
            changed: Arc::new(Notify::new()),
            heartbeat_ms,
        };
        let app = Router::new()
            .route("/gateway", axum::routing::get(gateway))
            .fallback(rest)
            .with_state(fake.clone());
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        fake
    }

    /// What `discord.api_base_url` should be.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn ws_url(&self) -> String {
        format!("ws://{}/gateway", self.address)
    }

    fn next_id(&self) -> u64 {
        let mut inner = self.inner.lock().unwrap();
        inner.next_id += 1;
        inner.next_id
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }

    pub fn messages_in(&self, channel: u64) -> Vec<Posted> {
        let inner = self.inner.lock().unwrap();
        inner
            .messages
            .iter()
            .filter(|m| m.channel_id == channel)
            .cloned()
            .collect()
    }

    pub fn identifies(&self) -> u32 {
        self.inner.lock().unwrap().gateway.identifies
    }

    pub fn resumes(&self) -> u32 {
        self.inner.lock().unwrap().gateway.resumes
    }

    pub fn heartbeats(&self) -> u32 {
        self.inner.lock().unwrap().gateway.heartbeats
    }

    pub fn connections(&self) -> u32 {
        self.inner.lock().unwrap().gateway.connections
    }

    /// The next request to `method` on a path starting with `prefix` is
    /// answered 429 with this `Retry-After`.
    pub fn rate_limit_next(&self, method: Method, prefix: &str, retry_after_seconds: f64) {
        self.inner.lock().unwrap().scripted_429s.push_back((
            method,
            prefix.to_owned(),
            retry_after_seconds,
        ));
    }

    /// Waits until a recorded request passes `matches`, and returns it.
    pub async fn wait_for_request(
        &self,
        what: &str,
        matches: impl Fn(&Recorded) -> bool,
    ) -> Recorded {
        self.wait_until(what, || {
            self.inner
                .lock()
                .unwrap()
                .requests
                .iter()
                .find(|r| matches(r))
                .cloned()
        })
        .await
    }

    /// The requests recorded from index `from` on, waiting for at least one.
    /// A load run keeps its place with this instead of rescanning every
    /// request for every reply it waits for.
    pub async fn requests_from(&self, from: usize) -> Vec<Recorded> {
        loop {
            let notified = self.changed.notified();
            let new = {
                let inner = self.inner.lock().unwrap();
                inner.requests.get(from..).map(<[Recorded]>::to_vec)
            };
            if let Some(new) = new.filter(|n| !n.is_empty()) {
                return new;
            }
            notified.await;
        }
    }

    /// Waits (up to 20 s) until `check` returns something.
    pub async fn wait_until<T>(&self, what: &str, check: impl Fn() -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let notified = self.changed.notified();
            if let Some(found) = check() {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "timed out waiting for {what}; requests so far:\n{}",
                    self.requests()
                        .iter()
                        .map(|r| format!("  {} {} -> {}", r.method, r.path, r.status))
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
    }

    /// The interaction callback for an interaction id, once the bot sent it.
    pub async fn callback_for(&self, interaction_id: u64) -> Value {
        let path = format!("/api/v10/interactions/{interaction_id}/");
        self.wait_for_request("the interaction callback", |r| {
            r.method == Method::POST && r.path.starts_with(&path) && r.path.ends_with("/callback")
        })
        .await
        .body
    }

    /// The first recorded request passing `matches`, if there is one yet.
    pub fn find_request(&self, matches: impl Fn(&Recorded) -> bool) -> Option<Recorded> {
        let inner = self.inner.lock().unwrap();
        inner.requests.iter().find(|r| matches(r)).cloned()
    }

    /// The interaction callback for an interaction id if the bot sends it
    /// within `within`; `None` rather than a panic, for a bot that may be
    /// killed at any moment (the soak).
    pub async fn callback_within(&self, interaction_id: u64, within: Duration) -> Option<Value> {
        let path = format!("/api/v10/interactions/{interaction_id}/");
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let notified = self.changed.notified();
            let found = self.find_request(|r| {
                r.method == Method::POST
                    && r.path.starts_with(&path)
                    && r.path.ends_with("/callback")
            });
            if let Some(found) = found {
                return Some(found.body);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }

    /// Sends a dispatch to the connected bot.
    pub fn dispatch(&self, event: &str, data: Value) {
        let mut inner = self.inner.lock().unwrap();
        inner.gateway.sequence += 1;
        let sequence = inner.gateway.sequence;
        if event == "INTERACTION_CREATE"
            && let Some(id) = data["id"].as_str().and_then(|id| id.parse().ok())
        {
            inner.interactions.insert(id, (Instant::now(), false));
        }
        let frame = json!({"op": 0, "t": event, "s": sequence, "d": data}).to_string();
        inner.gateway.history.push((sequence, frame.clone()));
        if inner.gateway.history.len() > HISTORY_LIMIT {
            inner.gateway.history.remove(0);
        }
        if inner.gateway.live
            && let Some(sender) = &inner.gateway.sender
        {
            let _ = sender.send(Some(frame));
        }
    }

    /// Answers interaction callbacks as Discord does: one sent more than
    /// `INTERACTION_WINDOW` after the interaction was dispatched is refused
    /// (404, Unknown interaction, 10062), and a second one for the same
    /// interaction too (400, already acknowledged, 40060).
    pub fn strict_interactions(&self, strict: bool) {
        self.inner.lock().unwrap().strict_interactions = strict;
    }

    /// The callback's answer under `strict_interactions`, or `None` to
    /// answer it normally.
    fn refuse_callback(&self, path: &str) -> Option<(StatusCode, Value)> {
        let mut inner = self.inner.lock().unwrap();
        if !inner.strict_interactions {
            return None;
        }
        let id: u64 = path
            .trim_start_matches("/api/v10/interactions/")
            .split('/')
            .next()?
            .parse()
            .ok()?;
        let Some((dispatched, acknowledged)) = inner.interactions.get_mut(&id) else {
            return Some(unknown("Unknown interaction", 10062));
        };
        if dispatched.elapsed() > INTERACTION_WINDOW {
            return Some(unknown("Unknown interaction", 10062));
        }
        if *acknowledged {
            return Some((
                StatusCode::BAD_REQUEST,
                json!({"message": "Interaction has already been acknowledged.", "code": 40060}),
            ));
        }
        *acknowledged = true;
        None
    }

    /// Dispatches replayed to a resuming bot so far.
    pub fn replayed(&self) -> u32 {
        self.inner.lock().unwrap().gateway.replayed
    }

    /// Whether a gateway connection is open.
    pub fn gateway_connected(&self) -> bool {
        self.inner.lock().unwrap().gateway.sender.is_some()
    }

    /// From now on, one matching REST call in `fault.every` is answered
    /// with the fault instead.
    pub fn add_rest_fault(&self, fault: RestFault) {
        self.inner.lock().unwrap().faults.push(fault);
    }

    /// Ends every REST fault: calls are answered normally again.
    pub fn clear_rest_faults(&self) {
        self.inner.lock().unwrap().faults.clear();
    }

    /// Op 9 with `d` = `resumable`: `true` asks the bot to reconnect and
    /// RESUME, `false` to IDENTIFY afresh (see `invalidate_session`).
    pub fn invalidate_session_resumable(&self, resumable: bool) {
        let inner = self.inner.lock().unwrap();
        if let Some(sender) = &inner.gateway.sender {
            let _ = sender.send(Some(json!({"op": 9, "d": resumable}).to_string()));
        }
    }

    /// Closes the gateway connection without a goodbye, as a network drop.
    pub fn drop_gateway(&self) {
        let mut inner = self.inner.lock().unwrap();
        if let Some(sender) = inner.gateway.sender.take() {
            let _ = sender.send(None);
        }
    }

    /// Refuses (`true`) or again accepts new gateway connections; an open
    /// one is left alone (see `drop_gateway`).
    pub fn refuse_gateway(&self, refusing: bool) {
        self.inner.lock().unwrap().gateway.refusing = refusing;
    }

    /// Tells the bot its session is over and cannot be resumed (op 9), as
    /// Discord does after a long outage: it must IDENTIFY again.
    pub fn invalidate_session(&self) {
        let inner = self.inner.lock().unwrap();
        if let Some(sender) = &inner.gateway.sender {
            let _ = sender.send(Some(json!({"op": 9, "d": false}).to_string()));
        }
    }

    /// Sends a slash command; returns the interaction id.
    pub fn slash_command(
        &self,
        guild: u64,
        channel: u64,
        who: &FakeMember,
        name: &str,
        options: Value,
    ) -> u64 {
        let id = self.next_id();
        let data = json!({
            "id": self.next_id().to_string(),
            "name": name,
            "type": 1,
            "options": options,
            "guild_id": guild.to_string(),
        });
        self.dispatch(
            "INTERACTION_CREATE",
            interaction_json(id, 2, guild, channel, who, data, None),
        );
        id
    }

    /// Sends a slash command with its `data` written out (for options that
    /// carry `resolved` users); returns the interaction id.
    pub fn slash_command_with_data(
        &self,
        guild: u64,
        channel: u64,
        who: &FakeMember,
        data: Value,
    ) -> u64 {
        let id = self.next_id();
        self.dispatch(
            "INTERACTION_CREATE",
            interaction_json(id, 2, guild, channel, who, data, None),
        );
        id
    }

    /// Clicks a button with this custom id on a message; returns the
    /// interaction id.
    pub fn click(&self, guild: u64, channel: u64, who: &FakeMember, custom_id: &str) -> u64 {
        let id = self.next_id();
        let data = json!({"custom_id": custom_id, "component_type": 2});
        let message = message_json(self.next_id(), channel, json!({"content": ""}));
        self.dispatch(
            "INTERACTION_CREATE",
            interaction_json(id, 3, guild, channel, who, data, Some(message)),
        );
        id
    }

    /// Submits a modal with one text field; returns the interaction id.
    pub fn submit_modal(
        &self,
        guild: u64,
        channel: u64,
        who: &FakeMember,
        custom_id: &str,
        field: &str,
        text: &str,
    ) -> u64 {
        self.submit_form(guild, channel, who, custom_id, &[(field, text)])
    }

    /// Submits a modal with several text fields, one per row as Discord
    /// sends them; returns the interaction id.
    pub fn submit_form(
        &self,
        guild: u64,
        channel: u64,
        who: &FakeMember,
        custom_id: &str,
        fields: &[(&str, &str)],
    ) -> u64 {
        let id = self.next_id();
        let rows: Vec<Value> = fields
            .iter()
            .map(|(field, text)| {
                json!({"type": 1, "components": [
                    {"type": 4, "custom_id": field, "value": text}
                ]})
            })
            .collect();
        let data = json!({
            "custom_id": custom_id,
            "components": rows,
        });
        self.dispatch(
            "INTERACTION_CREATE",
            interaction_json(id, 5, guild, channel, who, data, None),
        );
        id
    }

    /// Closes `user`'s DMs to the bot, as their privacy settings can.
    pub fn close_dms(&self, user: u64) {
        self.inner.lock().unwrap().closed_dms.push(user);
    }

    /// The DM channel with `user`, once the bot has opened it.
    pub fn dm_channel_of(&self, user: u64) -> Option<u64> {
        self.inner.lock().unwrap().dm_channels.get(&user).copied()
    }

    /// Clicks a button on a message in `who`'s DM with the bot: the
    /// interaction names no guild and carries a user, not a member.
    pub fn click_in_dm(&self, channel: u64, who: &FakeMember, custom_id: &str) -> u64 {
        let id = self.next_id();
        let data = json!({"custom_id": custom_id, "component_type": 2});
        let message = message_json(self.next_id(), channel, json!({"content": ""}));
        self.dispatch(
            "INTERACTION_CREATE",
            dm_interaction_json(id, 3, channel, who, data, Some(message)),
        );
        id
    }

    /// Submits a one-field modal opened from a DM; returns the interaction id.
    pub fn submit_modal_in_dm(
        &self,
        channel: u64,
        who: &FakeMember,
        custom_id: &str,
        field: &str,
        text: &str,
    ) -> u64 {
        let id = self.next_id();
        let data = json!({
            "custom_id": custom_id,
            "components": [{"type": 1, "components": [
                {"type": 4, "custom_id": field, "value": text}
            ]}],
        });
        self.dispatch(
            "INTERACTION_CREATE",
            dm_interaction_json(id, 5, channel, who, data, None),
        );
        id
    }

    /// POST /users/@me/channels: the DM channel with `recipient_id`, the
    /// same one each time.
    fn open_dm(&self, body: &Value) -> (StatusCode, Value) {
        let Some(user) = body
            .get("recipient_id")
            .and_then(|id| {
                id.as_str()
                    .map(str::to_owned)
                    .or_else(|| id.as_u64().map(|n| n.to_string()))
            })
            .and_then(|id| id.parse::<u64>().ok())
        else {
            return (
                StatusCode::BAD_REQUEST,
                json!({"message": "Invalid Form Body", "code": 50035}),
            );
        };
        let mut inner = self.inner.lock().unwrap();
        let channel = match inner.dm_channels.get(&user) {
            Some(channel) => *channel,
            None => {
                inner.next_id += 1;
                let channel = inner.next_id;
                inner.dm_channels.insert(user, channel);
                channel
            }
        };
        (
            StatusCode::OK,
            json!({
                "id": channel.to_string(), "type": 1, "last_message_id": null, "flags": 0,
                "recipients": [{
                    "id": user.to_string(), "username": format!("user{user}"),
                    "discriminator": "0", "global_name": null, "avatar": null,
                }],
            }),
        )
    }

    /// Whether `channel` is the DM of a user whose DMs are closed.
    fn dm_refused(&self, channel: u64) -> bool {
        let inner = self.inner.lock().unwrap();
        inner
            .dm_channels
            .iter()
            .any(|(user, dm)| *dm == channel && inner.closed_dms.contains(user))
    }

    /// Sets what prepbot's own role allows (a role lacking ATTACH_FILES…).
    pub fn set_bot_role_permissions(&self, permissions: u64) {
        self.inner.lock().unwrap().bot_role_permissions = permissions;
    }

    /// Adds a channel overwrite denying `deny` to a role (the guild's id
    /// for @everyone, `BOT_ROLE_ID` for prepbot's).
    pub fn deny_in_channel(&self, channel: u64, role: u64, deny: u64) {
        self.inner
            .lock()
            .unwrap()
            .overwrites
            .entry(channel)
            .or_default()
            .push(
                json!({"id": role.to_string(), "type": 0, "allow": "0", "deny": deny.to_string()}),
            );
    }

    /// GET /channels/{id}: a text channel of the first guild, with the
    /// overwrites a test set.
    fn channel(&self, channel: u64) -> Value {
        let inner = self.inner.lock().unwrap();
        let guild = inner.gateway.guilds.first().map_or(0, |(id, _)| *id);
        let overwrites = inner.overwrites.get(&channel).cloned().unwrap_or_default();
        guild_channel_json(channel, guild, overwrites)
    }

    /// GET /guilds/{id}: the guild with @everyone and prepbot's role.
    fn guild(&self, guild: u64) -> Value {
        let inner = self.inner.lock().unwrap();
        let name = inner
            .gateway
            .guilds
            .iter()
            .find(|(id, _)| *id == guild)
            .map_or("guild".to_owned(), |(_, name)| name.clone());
        let mut json = guild_json(guild, &name);
        json["roles"].as_array_mut().unwrap().push(role_json(
            BOT_ROLE_ID,
            "prepbot",
            inner.bot_role_permissions,
        ));
        json
    }

    fn record(&self, recorded: Recorded) {
        let mut inner = self.inner.lock().unwrap();
        if let Some((id, shown)) = shown_to_member(&recorded) {
            inner.seen.entry(id).or_insert((recorded.at, shown));
        }
        inner.requests.push(recorded);
        drop(inner);
        self.changed.notify_waiters();
    }

    /// What the member behind `interaction` was shown, and when the fake
    /// took it: a callback's message or modal, or the edit that follows a
    /// deferral. `None` until one was answered with success.
    pub fn seen_reply(&self, interaction: u64) -> Option<(Instant, Value)> {
        self.inner.lock().unwrap().seen.get(&interaction).cloned()
    }

    /// As `seen_reply`, waiting up to `within` for it.
    pub async fn seen_reply_within(
        &self,
        interaction: u64,
        within: Duration,
    ) -> Option<(Instant, Value)> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let notified = self.changed.notified();
            if let Some(seen) = self.seen_reply(interaction) {
                return Some(seen);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }

    /// The fault this call gets, if a set fault matches it and it is that
    /// fault's n-th call.
    fn fault_for(&self, method: &Method, path: &str) -> Option<FaultKind> {
        let route = path.trim_start_matches("/api/v10");
        let mut inner = self.inner.lock().unwrap();
        inner.faults.iter_mut().find_map(|fault| {
            let matches = fault.method.as_ref().is_none_or(|m| m == method)
                && fault.prefixes.iter().any(|p| route.starts_with(p.as_str()));
            if !matches {
                return None;
            }
            if fault.left == Some(0) {
                return None;
            }
            fault.seen += 1;
            if fault.seen % fault.every != 0 {
                return None;
            }
            if let Some(left) = &mut fault.left {
                *left -= 1;
            }
            Some(fault.kind.clone())
        })
    }

    fn scripted_429(&self, method: &Method, path: &str) -> Option<f64> {
        let mut inner = self.inner.lock().unwrap();
        let position = inner
            .scripted_429s
            .iter()
            .position(|(m, prefix, _)| m == method && path.starts_with(prefix.as_str()))?;
        inner
            .scripted_429s
            .remove(position)
            .map(|(_, _, wait)| wait)
    }

    /// POST /channels/{id}/messages, with `enforce_nonce` as Discord does
    /// it: a nonce already used in the channel returns the first message.
    fn post_message(&self, channel: u64, body: &Value) -> Value {
        let mut inner = self.inner.lock().unwrap();
        let nonce = body.get("nonce").cloned().filter(|n| !n.is_null());
        let enforce = body.get("enforce_nonce").and_then(Value::as_bool) == Some(true);
        if enforce && let Some(nonce) = &nonce {
            let earlier = inner
                .messages
                .iter()
                .find(|m| m.channel_id == channel && m.body.get("nonce") == Some(nonce));
            if let Some(earlier) = earlier {
                return message_json(earlier.id, channel, earlier.body.clone());
            }
        }
        inner.next_id += 1;
        let id = inner.next_id;
        inner.messages.push(Posted {
            id,
            channel_id: channel,
            body: body.clone(),
        });
        message_json(id, channel, body.clone())
    }

    /// POST /channels/{c}/messages/{m}/threads: a thread shares the id of
    /// its message; a second one is refused with Discord's code 160004.
    fn start_thread(&self, channel: u64, message: u64, body: &Value) -> (StatusCode, Value) {
        let mut inner = self.inner.lock().unwrap();
        if inner.threads.contains_key(&message) {
            return (
                StatusCode::BAD_REQUEST,
                json!({"code": 160004, "message": "A thread has already been created for this message"}),
            );
        }
        inner.threads.insert(message, channel);
        let name = body.get("name").cloned().unwrap_or(json!("thread"));
        (
            StatusCode::CREATED,
            json!({
                "id": message.to_string(),
                "guild_id": "1",
                "parent_id": channel.to_string(),
                "type": 11,
                "name": name,
                "owner_id": BOT_ID.to_string(),
                "thread_metadata": {
                    "archived": false, "auto_archive_duration": 1440,
                    "archive_timestamp": "2026-11-28T09:00:00.000000+00:00", "locked": false
                },
                "member_count": 1, "message_count": 0, "rate_limit_per_user": 0,
                "position": 0, "nsfw": false, "flags": 0,
            }),
        )
    }
}

/// The interaction a successful request answered and what it showed: a
/// callback with a message (4), an update (7) or a modal (9), or the edit
/// of a deferred answer. A deferral itself (5, 6) shows only "thinking".
fn shown_to_member(recorded: &Recorded) -> Option<(u64, Value)> {
    if !(200..300).contains(&recorded.status) {
        return None;
    }
    let route = recorded.path.trim_start_matches("/api/v10/");
    let parts: Vec<&str> = route.split('/').collect();
    match (recorded.method.as_str(), parts.as_slice()) {
        ("POST", ["interactions", id, _, "callback"]) => {
            let shown = match recorded.body["type"].as_u64() {
                Some(4 | 7) => recorded.body["data"].clone(),
                Some(9) => recorded.body.clone(),
                _ => return None,
            };
            Some((id.parse().ok()?, shown))
        }
        ("PATCH", ["webhooks", _, token, "messages", "@original"]) => Some((
            token.strip_prefix("token-")?.parse().ok()?,
            recorded.body.clone(),
        )),
        _ => None,
    }
}

/// Every REST call lands here.
async fn rest(State(fake): State<FakeDiscord>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = axum::body::to_bytes(request.into_body(), 30 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let (body, files) = match content_type.split_once("boundary=") {
        Some((kind, boundary)) if kind.starts_with("multipart/form-data") => {
            multipart(&bytes, boundary.trim_matches('"'))
        }
        _ => (
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            Vec::new(),
        ),
    };
    let fault = fake.fault_for(&method, &path);
    let mut rate_limit_headers = None;
    // A scripted 429 is kept for a call no fault answered.
    let scripted = match fault {
        None => fake.scripted_429(&method, &path),
        Some(_) => None,
    };
    let (status, reply, retry_after) = match (fault, scripted) {
        (Some(FaultKind::Status(code)), _) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                json!({"message": "500: Internal Server Error", "code": 0}),
                None,
            )
        }
        (
            Some(FaultKind::RateLimited {
                retry_after,
                global,
            }),
            _,
        ) => {
            rate_limit_headers = Some(global);
            (
                StatusCode::TOO_MANY_REQUESTS,
                json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": global}),
                Some(retry_after),
            )
        }
        (Some(FaultKind::Stall { hold, landed: true }), _) => {
            // The call takes effect and is recorded now; only its answer is
            // late (and never read if the client gave up first).
            let (status, reply) = route(&fake, &method, &path, &body);
            fake.record(Recorded {
                method,
                path,
                body,
                at: Instant::now(),
                status: status.as_u16(),
                files,
            });
            tokio::time::sleep(hold).await;
            return if status == StatusCode::NO_CONTENT {
                status.into_response()
            } else {
                (status, axum::Json(reply)).into_response()
            };
        }
        (
            Some(FaultKind::Stall {
                hold,
                landed: false,
            }),
            _,
        ) => {
            tokio::time::sleep(hold).await;
            let (status, reply) = route(&fake, &method, &path, &body);
            (status, reply, None)
        }
        (None, Some(wait)) => (
            StatusCode::TOO_MANY_REQUESTS,
            json!({"message": "You are being rate limited.", "retry_after": wait, "global": false}),
            Some(wait),
        ),
        (None, None) => {
            let (status, reply) = route(&fake, &method, &path, &body);
            (status, reply, None)
        }
    };
    fake.record(Recorded {
        method,
        path,
        body,
        at: Instant::now(),
        status: status.as_u16(),
        files,
    });
    let mut response = if status == StatusCode::NO_CONTENT {
        status.into_response()
    } else {
        (status, axum::Json(reply)).into_response()
    };
    if let Some(wait) = retry_after {
        let headers = response.headers_mut();
        headers.insert("retry-after", wait.to_string().parse().unwrap());
        match rate_limit_headers {
            Some(true) => {
                headers.insert("x-ratelimit-global", "true".parse().unwrap());
                headers.insert("x-ratelimit-scope", "global".parse().unwrap());
            }
            Some(false) => {
                headers.insert("x-ratelimit-scope", "user".parse().unwrap());
                headers.insert("x-ratelimit-bucket", "fake-route-bucket".parse().unwrap());
                headers.insert("x-ratelimit-limit", "5".parse().unwrap());
                headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
                headers.insert("x-ratelimit-reset-after", wait.to_string().parse().unwrap());
            }
            None => {
                headers.insert("x-ratelimit-scope", "user".parse().unwrap());
            }
        }
    }
    response
}

/// A multipart body as Discord reads it: the JSON in the `payload_json`
/// part, and every part with a file name as a file.
fn multipart(body: &[u8], boundary: &str) -> (Value, Vec<(String, Vec<u8>)>) {
    let delimiter = format!("--{boundary}");
    let mut json = Value::Null;
    let mut files = Vec::new();
    for part in split_bytes(body, delimiter.as_bytes()) {
        let Some(header_end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..header_end]);
        let mut content = &part[header_end + 4..];
        if content.ends_with(b"\r\n") {
            content = &content[..content.len() - 2];
        }
        let file_name = headers
            .split("filename=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next());
        if let Some(name) = file_name {
            files.push((name.to_owned(), content.to_vec()));
        } else if headers.contains("name=\"payload_json\"") {
            json = serde_json::from_slice(content).unwrap_or(Value::Null);
        }
    }
    (json, files)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    while let Some(at) = find(body, delimiter) {
        if at > 0 {
            parts.push(&body[..at]);
        }
        body = &body[at + delimiter.len()..];
    }
    parts
}

fn route(fake: &FakeDiscord, method: &Method, path: &str, body: &Value) -> (StatusCode, Value) {
    let parts: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["gateway"]) => (StatusCode::OK, json!({"url": fake.ws_url()})),
        ("GET", ["gateway", "bot"]) => (
            StatusCode::OK,
            json!({"url": fake.ws_url(), "shards": 1, "session_start_limit":
                {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}),
        ),
        ("GET", ["users", "@me"]) => (StatusCode::OK, bot_user()),
        ("GET", ["oauth2", "applications", "@me"]) => (
            StatusCode::OK,
            json!({
                "id": APP_ID.to_string(), "name": "prepbot", "icon": null,
                "description": "", "bot_public": true, "bot_require_code_grant": false,
                "verify_key": "0", "flags": 0, "owner": bot_user(),
            }),
        ),
        ("PUT", ["applications", _, "commands"])
        | ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            let commands: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut command| {
                    command["id"] = json!(fake.next_id().to_string());
                    command["application_id"] = json!(APP_ID.to_string());
                    command["version"] = json!("1");
                    if command.get("type").is_none() {
                        command["type"] = json!(1);
                    }
                    command
                })
                .collect();
            (StatusCode::OK, Value::Array(commands))
        }
        ("POST", ["interactions", _, _, "callback"]) => fake
            .refuse_callback(path)
            .unwrap_or((StatusCode::NO_CONTENT, Value::Null)),
        ("GET", ["channels", channel]) => match channel.parse() {
            Ok(channel) => (StatusCode::OK, fake.channel(channel)),
            Err(_) => unknown("Unknown Channel", 10003),
        },
        ("GET", ["guilds", guild]) => match guild.parse() {
            Ok(guild) => (StatusCode::OK, fake.guild(guild)),
            Err(_) => unknown("Unknown Guild", 10004),
        },
        ("GET", ["guilds", _, "members", user]) if *user == BOT_ID.to_string() => {
            (StatusCode::OK, bot_member_json())
        }
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) | ("POST", ["webhooks", _, _]) => (
            StatusCode::OK,
            message_json(fake.next_id(), 1, body.clone()),
        ),
        ("POST", ["users", "@me", "channels"]) => fake.open_dm(body),
        ("POST", ["channels", channel, "messages"]) => match channel.parse() {
            Ok(channel) if fake.dm_refused(channel) => (
                StatusCode::FORBIDDEN,
                json!({"message": "Cannot send messages to this user", "code": 50007}),
            ),
            Ok(channel) => (StatusCode::OK, fake.post_message(channel, body)),
            Err(_) => unknown("Unknown Channel", 10003),
        },
        ("POST", ["channels", channel, "messages", message, "threads"]) => {
            match (channel.parse(), message.parse()) {
                (Ok(channel), Ok(message)) => fake.start_thread(channel, message, body),
                _ => unknown("Unknown Message", 10008),
            }
        }
        _ => unknown("404: Not Found", 0),
    }
}

fn unknown(message: &str, code: u32) -> (StatusCode, Value) {
    (
        StatusCode::NOT_FOUND,
        json!({"message": message, "code": code}),
    )
}

async fn gateway(State(fake): State<FakeDiscord>, upgrade: WebSocketUpgrade) -> Response {
    if fake.inner.lock().unwrap().gateway.refusing {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    upgrade.on_upgrade(move |socket| serve_gateway(fake, socket))
}

/// One gateway connection: HELLO, then IDENTIFY -> READY + GUILD_CREATEs or
/// RESUME -> RESUMED, heartbeat ACKs, and dispatches from the test.
async fn serve_gateway(fake: FakeDiscord, mut socket: WebSocket) {
    let (sender, mut outgoing) = mpsc::unbounded_channel::<Option<String>>();
    {
        let mut inner = fake.inner.lock().unwrap();
        inner.gateway.connections += 1;
        inner.gateway.sender = Some(sender.clone());
        inner.gateway.live = false;
    }
    let hello = json!({"op": 10, "d": {"heartbeat_interval": fake.heartbeat_ms}});
    if socket
        .send(WsMessage::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
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
                    WsMessage::Binary(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    WsMessage::Close(_) => break,
                    _ => continue,
                };
                let Ok(payload) = serde_json::from_str::<Value>(&text) else { continue };
                on_gateway_payload(&fake, &sender, &payload);
            }
        }
    }
    let mut inner = fake.inner.lock().unwrap();
    if inner
        .gateway
        .sender
        .as_ref()
        .is_some_and(|current| current.same_channel(&sender))
    {
        inner.gateway.sender = None;
    }
    drop(inner);
    fake.changed.notify_waiters();
}

fn on_gateway_payload(
    fake: &FakeDiscord,
    sender: &mpsc::UnboundedSender<Option<String>>,
    payload: &Value,
) {
    let send = |frame: Value| {
        let _ = sender.send(Some(frame.to_string()));
    };
    match payload.get("op").and_then(Value::as_u64) {
        // Heartbeat: what it acknowledges need not be kept for a RESUME.
        Some(1) => {
            let mut inner = fake.inner.lock().unwrap();
            inner.gateway.heartbeats += 1;
            if let Some(seen) = payload["d"].as_u64() {
                inner.gateway.history.retain(|(s, _)| *s > seen);
            }
            drop(inner);
            send(json!({"op": 11}));
        }
        // Identify: READY, then each guild.
        Some(2) => {
            let guilds = {
                let mut inner = fake.inner.lock().unwrap();
                inner.gateway.identifies += 1;
                inner.gateway.sequence = 0;
                inner.gateway.history.clear();
                inner.gateway.guilds.clone()
            };
            let mut sequence = 0;
            let mut dispatch = |event: &str, data: Value| {
                sequence += 1;
                send(json!({"op": 0, "t": event, "s": sequence, "d": data}));
            };
            dispatch("READY", ready_json(&fake.ws_url(), &guilds));
            for (id, name) in &guilds {
                dispatch("GUILD_CREATE", guild_json(*id, name));
            }
            let mut inner = fake.inner.lock().unwrap();
            inner.gateway.sequence = sequence;
            inner.gateway.live = true;
        }
        // Resume: replay what the bot missed after the sequence it names,
        // then carry on where the session was.
        Some(6) => {
            let seen = payload["d"]["seq"].as_u64().unwrap_or(0);
            {
                let mut inner = fake.inner.lock().unwrap();
                inner.gateway.resumes += 1;
                let missed: Vec<String> = inner
                    .gateway
                    .history
                    .iter()
                    .filter(|(s, _)| *s > seen)
                    .map(|(_, frame)| frame.clone())
                    .collect();
                inner.gateway.replayed += missed.len() as u32;
                inner.gateway.sequence += 1;
                // Queued under the lock, so no new dispatch overtakes them.
                for frame in missed {
                    let _ = sender.send(Some(frame));
                }
                let sequence = inner.gateway.sequence;
                let resumed = json!({"op": 0, "t": "RESUMED", "s": sequence, "d": {}});
                let _ = sender.send(Some(resumed.to_string()));
                inner.gateway.live = true;
            };
        }
        _ => {}
    }
    fake.changed.notify_waiters();
}

pub fn bot_user() -> Value {
    json!({
        "id": BOT_ID.to_string(), "username": "prepbot", "discriminator": "0",
        "global_name": null, "avatar": null, "bot": true, "verified": true,
        "mfa_enabled": false, "flags": 0,
    })
}

pub fn ready_json(resume_url: &str, guilds: &[(u64, String)]) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": guilds.iter().map(|(id, _)| json!({"id": id.to_string(), "unavailable": true})).collect::<Vec<_>>(),
        "session_id": "fake-session",
        "resume_gateway_url": resume_url,
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 0},
    })
}

/// A small guild as GUILD_CREATE sends it; the @everyone role carries
/// `colors`, without which serenity drops the event.
pub fn guild_json(id: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(), "name": name, "icon": null, "icon_hash": null,
        "splash": null, "discovery_splash": null, "owner_id": "1",
        "afk_channel_id": null, "afk_timeout": 300,
        "verification_level": 0, "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [{
            "id": id.to_string(), "name": "@everyone", "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false, "icon": null, "unicode_emoji": null, "position": 0,
            "permissions": MEMBER_PERMISSIONS.to_string(), "managed": false,
            "mentionable": false, "flags": 0,
        }],
        "emojis": [], "features": [], "mfa_level": 0, "application_id": null,
        "system_channel_id": null, "system_channel_flags": 0, "rules_channel_id": null,
        "max_presences": null, "max_members": 500000, "vanity_url_code": null,
        "description": null, "banner": null, "premium_tier": 0,
        "premium_subscription_count": 0, "preferred_locale": "en-US",
        "public_updates_channel_id": null, "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50, "nsfw_level": 0, "stickers": [],
        "premium_progress_bar_enabled": false, "safety_alerts_channel_id": null,
        "joined_at": "2026-11-01T00:00:00.000000+00:00", "large": false,
        "unavailable": false, "member_count": 3, "voice_states": [], "members": [],
        "channels": [], "threads": [], "presences": [], "stage_instances": [],
        "guild_scheduled_events": [],
    })
}

/// A role as Discord returns it (with `colors`, as serenity expects).
pub fn role_json(id: u64, name: &str, permissions: u64) -> Value {
    json!({
        "id": id.to_string(), "name": name, "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false, "icon": null, "unicode_emoji": null, "position": 1,
        "permissions": permissions.to_string(), "managed": true,
        "mentionable": false, "flags": 0,
    })
}

/// A text channel as GET /channels/{id} returns it.
pub fn guild_channel_json(channel: u64, guild: u64, overwrites: Vec<Value>) -> Value {
    json!({
        "id": channel.to_string(), "type": 0, "guild_id": guild.to_string(),
        "name": "study", "position": 0, "permission_overwrites": overwrites,
        "topic": null, "nsfw": false, "last_message_id": null, "parent_id": null,
        "rate_limit_per_user": 0, "flags": 0,
    })
}

/// prepbot itself as a member of a guild, holding its role.
pub fn bot_member_json() -> Value {
    json!({
        "user": bot_user(), "nick": null, "avatar": null,
        "roles": [BOT_ROLE_ID.to_string()],
        "joined_at": "2026-11-01T00:00:00.000000+00:00", "premium_since": null,
        "deaf": false, "mute": false, "flags": 0, "pending": false,
        "communication_disabled_until": null,
    })
}

fn member_json(who: &FakeMember) -> Value {
    json!({
        "user": {
            "id": who.id.to_string(), "username": who.name.to_lowercase(),
            "discriminator": "0", "global_name": who.name, "avatar": null,
        },
        "nick": null, "avatar": null, "roles": [],
        "joined_at": "2026-11-01T00:00:00.000000+00:00", "premium_since": null,
        "deaf": false, "mute": false, "flags": 0, "pending": false,
        "permissions": who.permissions.to_string(),
        "communication_disabled_until": null,
    })
}

/// A message as Discord returns it.
pub fn message_json(id: u64, channel: u64, body: Value) -> Value {
    json!({
        "id": id.to_string(), "channel_id": channel.to_string(),
        "author": bot_user(),
        "content": body.get("content").cloned().unwrap_or(json!("")),
        "timestamp": "2026-11-28T09:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "pinned": false, "type": 0, "flags": 0,
        "components": body.get("components").cloned().unwrap_or(json!([])),
        "nonce": body.get("nonce").cloned().unwrap_or(Value::Null),
    })
}

/// An interaction of `kind` (2 command, 3 component, 5 modal submit).
pub fn interaction_json(
    id: u64,
    kind: u8,
    guild: u64,
    channel: u64,
    who: &FakeMember,
    data: Value,
    message: Option<Value>,
) -> Value {
    let mut interaction = json!({
        "id": id.to_string(), "application_id": APP_ID.to_string(), "type": kind,
        "data": data, "guild_id": guild.to_string(),
        "channel": {"id": channel.to_string(), "type": 0, "name": "study", "guild_id": guild.to_string()},
        "channel_id": channel.to_string(), "member": member_json(who),
        "token": format!("token-{id}"), "version": 1,
        "app_permissions": "2251799813685247", "locale": "en-US", "guild_locale": "en-US",
        "entitlements": [], "authorizing_integration_owners": {"0": guild.to_string()},
        "context": 0, "attachment_size_limit": 26214400,
    });
    if let Some(message) = message {
        interaction["message"] = message;
    }
    interaction
}

/// An interaction of `kind` in `who`'s DM with the bot: no guild, a user
/// rather than a member.
pub fn dm_interaction_json(
    id: u64,
    kind: u8,
    channel: u64,
    who: &FakeMember,
    data: Value,
    message: Option<Value>,
) -> Value {
    let user = member_json(who)["user"].clone();
    let mut interaction = json!({
        "id": id.to_string(), "application_id": APP_ID.to_string(), "type": kind,
        "data": data,
        "channel": {"id": channel.to_string(), "type": 1, "recipients": [user.clone()]},
        "channel_id": channel.to_string(), "user": user,
        "token": format!("token-{id}"), "version": 1,
        "app_permissions": "2251799813685247", "locale": "en-US",
        "entitlements": [], "authorizing_integration_owners": {"0": "1"},
        "context": 1, "attachment_size_limit": 26214400,
    });
    if let Some(message) = message {
        interaction["message"] = message;
    }
    interaction
}
