//! Logs go where they are told, as human lines or as JSON objects.

use std::io::Write;
use std::sync::{Arc, Mutex};

use prepbot::config::{LogFormat, LoggingSettings};

/// A writer that keeps what was logged, for reading back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_one_event(format: LogFormat) -> String {
    let captured = Captured::default();
    let sink = captured.clone();
    let settings = LoggingSettings {
        format,
        ..LoggingSettings::default()
    };
    let subscriber = prepbot::telemetry::subscriber(&settings, move || sink.clone(), false);
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(channel = "daily", "posted the daily question");
        tracing::debug!("below the default filter, so not written");
    });
    String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
}

#[test]
fn json_logs_are_one_object_per_line_with_the_event_fields() {
    let written = log_one_event(LogFormat::Json);
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 1, "{written}");
    let event: serde_json::Value = serde_json::from_str(lines[0]).expect("a JSON object");
    assert_eq!(event["message"], "posted the daily question");
    assert_eq!(event["channel"], "daily");
    assert_eq!(event["level"], "INFO");
}

#[test]
fn human_logs_are_plain_lines() {
    let written = log_one_event(LogFormat::Human);
    assert_eq!(written.lines().count(), 1, "{written}");
    assert!(written.contains("posted the daily question"), "{written}");
    assert!(written.contains("channel=\"daily\""), "{written}");
}
