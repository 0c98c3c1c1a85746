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
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(colour);
    match settings.format {
        LogFormat::Human => Box::new(builder.finish()),
        LogFormat::Json => Box::new(builder.json().flatten_event(true).finish()),
    }
}

/// Installs the subscriber for the whole process, writing to stderr so that
/// stdout stays for command output.
pub fn init(settings: &LoggingSettings) {
    // A second init (as in tests that build the app twice) keeps the first.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing::subscriber::set_global_default(subscriber(settings, std::io::stderr, colour));
}
