//! The REST relay used when `discord.api_base_url` is set: serenity sends
//! every REST call to it on 127.0.0.1, and it passes them on to the base URL
//! at a steady pace, waiting out a 429's `Retry-After` and trying again.
//!
//! Why a relay: serenity applies its `proxy` setting only with its own rate
//! limiter turned off, and once it is off serenity gives up on a 429 and
//! drops the response headers that say how long to wait. Standing in front
//! of it at the HTTP level covers every call serenity and poise make.
//!
//! A passing 500/502/503 on a call that is safe to repeat (an interaction
//! answer, an edit, a read) is tried again at once: a member's answer
//! otherwise shows "This interaction failed" though their grade counted.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt as _;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Largest request body passed on: Discord's attachment limit plus room for
/// the JSON around it.
const MAX_BODY_BYTES: usize = 26 * 1024 * 1024;
/// A request still limited after this many waits is answered with the 429.
const MAX_RETRIES: u32 = 5;
/// No single wait is longer than this, whatever the server asks.
const MAX_WAIT: Duration = Duration::from_secs(60);
/// The wait when a 429 says nothing about how long.
const DEFAULT_WAIT: Duration = Duration::from_secs(1);
/// Tries again after a server error, for calls safe to repeat; short, as an
/// interaction must be answered within 3 s.
const SERVER_ERROR_RETRIES: u32 = 2;
const SERVER_ERROR_WAIT: Duration = Duration::from_millis(150);
/// Discord's code for an interaction answered already: on a callback tried
/// again it means an earlier try landed after all.
const ALREADY_ACKNOWLEDGED: i64 = 40_060;

/// A running relay; it stops when this is dropped.
pub struct Relay {
    /// What serenity's `proxy` setting should be: `http://127.0.0.1:PORT`.
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    upstream: String,
    client: reqwest::Client,
    pacing: DefaultDirectRateLimiter,
    /// Set by a global 429: every request waits until then.
    paused_until: Mutex<Option<Instant>>,
}

/// Starts a relay on a free local port, passing requests on to `upstream`
/// (a base URL with no trailing slash) at most `per_second` a second, and
/// giving up on one that has no answer after `timeout`.
pub async fn start(
    upstream: &str,
    per_second: NonZeroU32,
    timeout: Duration,
) -> anyhow::Result<Relay> {
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .context("building the HTTP client for the REST relay")?;
    let shared = Arc::new(Shared {
        upstream: upstream.trim_end_matches('/').to_owned(),
        client,
        pacing: RateLimiter::direct(Quota::per_second(per_second)),
        paused_until: Mutex::new(None),
    });
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .context("opening a local port for the REST relay")?;
    let address = listener.local_addr()?;
    let app = axum::Router::new().fallback(forward).with_state(shared);
    // Small requests and answers: send each at once rather than wait to
    // fill a packet (Nagle), which costs tens of milliseconds a call.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY on a relay connection");
        }
    });
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "the Discord REST relay stopped");
        }
    });
    let upstream = crate::config::redact_url(upstream);
    tracing::info!(%address, upstream, "Discord REST calls go through the local relay");
    Ok(Relay {
        url: format!("http://{address}"),
        task,
    })
}

async fn forward(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            return failure(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("request body not read: {error}"),
            );
        }
    };
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let url = format!("{}{path}", shared.upstream);
    let headers = passed_on(&parts.headers);
    let paced = counts_against_global_limit(&path);
    let repeatable = safe_to_repeat(&parts.method, &path);
    let mut attempt = 0;
    let mut server_errors = 0;
    loop {
        // A global 429 pauses what the global limit covers; interaction
        // answers are not covered, and held past 3 s they would be lost.
        if paced {
            shared.wait_for_global_pause().await;
            shared.pacing.until_ready().await;
        }
        let sent = shared
            .client
            .request(parts.method.clone(), &url)
            .headers(headers.clone())
            .body(body.clone())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => {
                // The URL may carry credentials; the path says enough.
                let error = error.without_url();
                tracing::warn!(%error, method = %parts.method, path, "Discord REST call failed");
                return failure(
                    StatusCode::BAD_GATEWAY,
                    &format!("upstream unreachable: {error}"),
                );
            }
        };
        let status = response.status();
        if status.is_server_error() && repeatable && server_errors < SERVER_ERROR_RETRIES {
            server_errors += 1;
            tracing::warn!(
                status = status.as_u16(),
                method = %parts.method,
                path,
                attempt = server_errors,
                "Discord answered a server error; trying again"
            );
            tokio::time::sleep(SERVER_ERROR_WAIT * server_errors).await;
            continue;
        }
        if status != StatusCode::TOO_MANY_REQUESTS || attempt == MAX_RETRIES {
            let tried_again = server_errors > 0 && is_interaction_callback(&path);
            return relayed(response, tried_again).await;
        }
        let global = response
            .headers()
            .get("x-ratelimit-global")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
        let header_wait = retry_after_header(response.headers());
        let body_wait = response
            .bytes()
            .await
            .ok()
            .and_then(|b| retry_after_body(&b));
        let wait = header_wait
            .or(body_wait)
            .unwrap_or(DEFAULT_WAIT)
            .min(MAX_WAIT);
        tracing::warn!(
            method = %parts.method,
            path,
            wait_ms = wait.as_millis() as u64,
            global,
            attempt = attempt + 1,
            "Discord said 429 Too Many Requests; waiting before trying again"
        );
        crate::metric::rate_limited("discord");
        if global {
            shared.pause_all(wait).await;
        } else {
            tokio::time::sleep(wait).await;
        }
        attempt += 1;
    }
}

impl Shared {
    async fn wait_for_global_pause(&self) {
        let until = *self.paused_until.lock().await;
        if let Some(until) = until {
            tokio::time::sleep_until(until).await;
        }
    }

    async fn pause_all(&self, wait: Duration) {
        let until = Instant::now() + wait;
        {
            let mut paused = self.paused_until.lock().await;
            if paused.is_none_or(|current| current < until) {
                *paused = Some(until);
            }
        }
        tokio::time::sleep_until(until).await;
    }
}

/// Whether sending a call twice does no harm: an interaction callback
/// (Discord refuses a second with 40060), a thread started from a message
/// (a second is refused with 160004, which the poster takes as the thread
/// found), an edit, a read or a PUT. A channel post is not (the scheduler
/// resends it under its nonce), nor a follow-up message.
fn safe_to_repeat(method: &axum::http::Method, path: &str) -> bool {
    use axum::http::Method;
    let route = path.split('?').next().unwrap_or(path);
    *method == Method::GET
        || *method == Method::PUT
        || *method == Method::PATCH
        || (*method == Method::POST
            && (is_interaction_callback(path) || route.ends_with("/threads")))
}

fn is_interaction_callback(path: &str) -> bool {
    let route = path.split('?').next().unwrap_or(path);
    route
        .trim_start_matches("/api/v10")
        .starts_with("/interactions/")
        && route.ends_with("/callback")
}

/// Interaction answers (callbacks and their webhook follow-ups) are not
/// bound by Discord's global limit; pacing them would only make members
/// wait. A 429 on them is still honoured.
fn counts_against_global_limit(path: &str) -> bool {
    let route = path.split('?').next().unwrap_or(path);
    let route = route.trim_start_matches("/api/v10");
    !(route.starts_with("/interactions/") || route.starts_with("/webhooks/"))
}

/// The request headers worth passing on; the connection-level ones belong
/// to this hop.
fn passed_on(headers: &HeaderMap) -> HeaderMap {
    const HOP_BY_HOP: [HeaderName; 4] = [
        header::HOST,
        header::CONNECTION,
        header::CONTENT_LENGTH,
        header::TRANSFER_ENCODING,
    ];
    let mut kept = headers.clone();
    for name in HOP_BY_HOP {
        kept.remove(name);
    }
    kept
}

/// `Retry-After` in seconds; Discord sends fractions (`0.35`).
fn retry_after_header(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    seconds(text.trim().parse().ok()?)
}

/// `retry_after` in a 429's JSON body, in seconds.
fn retry_after_body(body: &[u8]) -> Option<Duration> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    seconds(value.get("retry_after")?.as_f64()?)
}

fn seconds(value: f64) -> Option<Duration> {
    (value.is_finite() && value >= 0.0).then(|| Duration::from_secs_f64(value.min(3600.0)))
}

/// Discord's answer passed back. A callback `tried_again` after a server
/// error that Discord calls already acknowledged was answered by the
/// earlier try: that is success, not an error to log.
async fn relayed(response: reqwest::Response, tried_again: bool) -> Response {
    let status = response.status();
    let mut headers = response.headers().clone();
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::TRANSFER_ENCODING);
    headers.remove(header::CONNECTION);
    match response.bytes().await {
        Ok(bytes) if tried_again && error_code(&bytes) == Some(ALREADY_ACKNOWLEDGED) => {
            tracing::info!(
                "a retried interaction answer was already acknowledged: the first try landed"
            );
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(bytes) => {
            let mut relayed = Response::new(Body::from(bytes));
            *relayed.status_mut() = status;
            *relayed.headers_mut() = headers;
            relayed
        }
        Err(error) => failure(
            StatusCode::BAD_GATEWAY,
            &format!("upstream response not read: {error}"),
        ),
    }
}

/// The `code` of a Discord error body.
fn error_code(body: &[u8]) -> Option<i64> {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()?
        .get("code")?
        .as_i64()
}

/// An error in the shape of Discord's own, so serenity reports it plainly.
fn failure(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "code": 0, "message": format!("prepbot relay: {message}") });
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_in_fractional_seconds_from_the_header() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, "0.35".parse().unwrap());
        assert_eq!(
            retry_after_header(&headers),
            Some(Duration::from_millis(350))
        );
    }

    #[test]
    fn retry_after_falls_back_to_the_json_body() {
        let body = br#"{"message":"You are being rate limited.","retry_after":1.5,"global":false}"#;
        assert_eq!(retry_after_body(body), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after_body(b"not json"), None);
    }

    #[test]
    fn interaction_answers_are_not_paced_but_channel_posts_are() {
        assert!(!counts_against_global_limit(
            "/api/v10/interactions/1/token/callback"
        ));
        assert!(!counts_against_global_limit(
            "/api/v10/webhooks/2/token/messages/@original"
        ));
        assert!(counts_against_global_limit("/api/v10/channels/3/messages"));
        assert!(counts_against_global_limit(
            "/api/v10/applications/2/commands"
        ));
    }

    #[test]
    fn only_calls_that_do_no_harm_twice_are_repeated_after_a_server_error() {
        use axum::http::Method;
        assert!(safe_to_repeat(
            &Method::POST,
            "/api/v10/interactions/1/token/callback"
        ));
        assert!(safe_to_repeat(
            &Method::PATCH,
            "/api/v10/webhooks/2/token/messages/@original"
        ));
        assert!(safe_to_repeat(&Method::GET, "/api/v10/channels/3"));
        assert!(safe_to_repeat(
            &Method::POST,
            "/api/v10/channels/3/messages/4/threads"
        ));
        assert!(!safe_to_repeat(
            &Method::POST,
            "/api/v10/channels/3/messages"
        ));
        assert!(!safe_to_repeat(&Method::POST, "/api/v10/webhooks/2/token"));
    }

    #[test]
    fn a_negative_or_absurd_retry_after_is_not_trusted() {
        assert_eq!(seconds(-1.0), None);
        assert_eq!(seconds(f64::NAN), None);
        assert_eq!(seconds(1e9), Some(Duration::from_secs(3600)));
    }
}
