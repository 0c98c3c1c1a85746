//! Logging through tracing: a `RUST_LOG`-style filter and human or JSON
//! lines. The writer is a parameter so tests can capture or silence logs.

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::{LogFormat, LoggingSettings};

/// Builds the subscriber; `RUST_LOG`, when set and valid, wins over the
/// configured filter. `colour` is for terminals only: escape codes in a log
/// file or a JSON collector are noise.
pub fn subscriber<W>(
    settings: &LoggingSettings,
    writer: W,
    colour: bool,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(settings.filter.as_str()));
    let filter = if wire_logs_allowed() {
        filter
    } else {
        cap_wire_crates(filter)
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(colour);
    match settings.format {
        LogFormat::Human => Box::new(builder.finish()),
        LogFormat::Json => Box::new(builder.json().flatten_event(true).finish()),
    }
}

/// The libraries that speak to Discord, Slack and the judge log whole
/// payloads and requests below `info`: members' typed answers, and on some
/// paths their tokens. Their lines are capped at `info` whatever the filter
/// says, unless this variable is set to 1 (for debugging the wire protocol
/// on a test server, never in production).
pub const WIRE_LOGS_VARIABLE: &str = "PREPBOT_LOG_WIRE";

const WIRE_CRATES: &[&str] = &[
    "serenity",
    "poise",
    "slack_morphism",
    "tungstenite",
    "tokio_tungstenite",
    "async_tungstenite",
    "hyper",
    "hyper_util",
    "hyper_rustls",
    "reqwest",
    "h2",
    "rustls",
    "axum",
    "tower",
    "tower_http",
    "sqlx",
];

fn wire_logs_allowed() -> bool {
    std::env::var(WIRE_LOGS_VARIABLE).is_ok_and(|value| value == "1")
}

/// Caps each wire-level crate at `info`. A directive for a crate replaces
/// any the filter already had for it, so `RUST_LOG=trace` or
/// `RUST_LOG=serenity=debug` cannot lift the cap.
fn cap_wire_crates(mut filter: EnvFilter) -> EnvFilter {
    for target in WIRE_CRATES {
        if let Ok(directive) = format!("{target}=info").parse() {
            filter = filter.add_directive(directive);
        }
    }
    filter
}

/// Installs the subscriber for the whole process, writing to stderr so that
/// stdout stays for command output.
pub fn init(settings: &LoggingSettings) {
    // A second init (as in tests that build the app twice) keeps the first.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing::subscriber::set_global_default(subscriber(settings, std::io::stderr, colour));
}
