//! Reading Slack's signed HTTP requests: the signature check over the raw
//! body, then the body as Slack's models. Pure functions, apart from the
//! clock the signature's freshness is checked against, so the fuzz targets
//! (`fuzz/fuzz_targets/slack_payloads.rs`) reach exactly what a forged or
//! garbled request reaches.

use std::collections::HashMap;

use slack_morphism::prelude::*;
use slack_morphism::signature_verifier::SlackEventSignatureVerifier;

/// The body as text if `signature` is Slack's over `v0:{timestamp}:{body}`
/// and the timestamp is fresh; else why not, for the log (never the body).
pub fn verified_body<'a>(
    verifier: &SlackEventSignatureVerifier,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &'a [u8],
) -> Result<&'a str, String> {
    let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
        return Err("missing signature headers".to_owned());
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return Err("a body that is not UTF-8".to_owned());
    };
    verifier
        .verify(signature, text, timestamp)
        .map(|()| text)
        .map_err(|error| error.to_string())
}

/// Form fields as a JSON object, for serde to read as Slack's models.
pub fn form(text: &str) -> serde_json::Value {
    let fields: HashMap<String, String> = url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect();
    serde_json::json!(fields)
}

/// A slash command, posted as form fields.
pub fn command_event(text: &str) -> serde_json::Result<SlackCommandEvent> {
    serde_json::from_value(form(text))
}

/// A click or modal submission: JSON in the form field `payload`.
pub fn interaction_event(text: &str) -> serde_json::Result<SlackInteractionEvent> {
    let payload = form(text)["payload"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    serde_json::from_str(&payload)
}

/// An Events API request: JSON as the whole body.
pub fn push_event(text: &str) -> serde_json::Result<SlackPushEvent> {
    serde_json::from_str(text)
}
