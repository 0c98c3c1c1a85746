//! Fuzzes what Slack's HTTP mode reads from the network: the signature
//! check over the raw body, slash commands as form fields, clicks and
//! modal submissions as JSON in a `payload` field, Events API bodies, and
//! the escaping every piece of untrusted text gets before it goes back.
//!
//! The input's first line picks what it is: `signed` (then a signature
//! line, a timestamp line, and the body as bytes), `genuine` (then the
//! clock skew in seconds, a character of the signature to tamper with or
//! an empty line, and a body signed with the right secret); anything else
//! is a body read every way (form fields, `payload` JSON, event JSON).
#![no_main]

use hmac::{KeyInit, Mac};
use libfuzzer_sys::fuzz_target;
use prepbot::slack::decode::{command_event, interaction_event, push_event, verified_body};
use prepbot::slack::escape::{code, escape, mrkdwn};
use slack_morphism::prelude::SlackSigningSecret;
use slack_morphism::signature_verifier::SlackEventSignatureVerifier;

const SECRET: &str = "fuzzing-signing-secret";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn sign(body: &str, timestamp: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("v0:{timestamp}:{body}").as_bytes());
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

/// Every way a body is read; none may panic, whatever it holds.
fn decode_all(text: &str) {
    let _ = command_event(text);
    let _ = interaction_event(text);
    let _ = push_event(text);
}

fn assert_escaped(text: &str) {
    let escaped = escape(text);
    assert!(
        !escaped.contains('<') && !escaped.contains('>'),
        "{escaped:?}"
    );
    let back = escaped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    assert_eq!(back, text);
    let block = code(text);
    assert!(!block.contains("```") && !block.contains('<'), "{block:?}");
    assert!(!mrkdwn(text).contains('<'));
}

/// The next line of `data` and the bytes after it.
fn line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

fn signed(data: &[u8], verifier: &SlackEventSignatureVerifier) {
    let (signature, rest) = line(data);
    let (timestamp, body) = line(rest);
    let signature = text(signature);
    let timestamp = text(timestamp);
    let verified = verified_body(verifier, signature, timestamp, body);
    if let Ok(text) = verified {
        // Only a body signed with the secret passes; a fuzzer cannot
        // forge HMAC-SHA256, so this holds for anything it finds.
        assert_eq!(signature, Some(sign(text, timestamp.unwrap()).as_str()));
    }
    decode_all(&String::from_utf8_lossy(body));
}

fn genuine(data: &[u8], verifier: &SlackEventSignatureVerifier) {
    let (skew, rest) = line(data);
    let (flip, body) = line(rest);
    let skew: i64 = text(skew).and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    let skew = skew.clamp(-100_000, 100_000);
    let flip: Option<usize> = text(flip).and_then(|s| s.trim().parse().ok());
    let body = String::from_utf8_lossy(body);
    let timestamp = (now() + skew).to_string();
    let mut signed = sign(&body, &timestamp);
    if let Some(at) = flip {
        let at = at % signed.len();
        let other = if signed.as_bytes()[at] == b'0' {
            "1"
        } else {
            "0"
        };
        signed.replace_range(at..=at, other);
    }
    let verified = verified_body(verifier, Some(&signed), Some(&timestamp), body.as_bytes());
    // Five minutes of skew are allowed; a second of margin either side
    // for the clock moving during the call.
    if flip.is_some() {
        assert!(verified.is_err(), "a tampered signature passed");
    } else if skew.abs() <= 299 {
        assert_eq!(verified, Ok(&*body));
    } else if skew.abs() >= 302 {
        assert!(verified.is_err(), "a stale request passed");
    }
    decode_all(&body);
}

fuzz_target!(|data: &[u8]| {
    let verifier = SlackEventSignatureVerifier::new(&SlackSigningSecret::new(SECRET.to_owned()));
    let (first, rest) = line(data);
    match first {
        b"signed" => signed(rest, &verifier),
        b"genuine" => genuine(rest, &verifier),
        _ => {
            let body = String::from_utf8_lossy(data);
            decode_all(&body);
            let form = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("payload", &body)
                .finish();
            let _ = interaction_event(&form);
            assert_escaped(&body);
        }
    }
});
