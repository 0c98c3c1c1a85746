//! `prepbot health`: asks a running prepbot's `/healthz` and says what it
//! answered; exit 0 when healthy, 1 when not or unreachable. The Docker
//! image's HEALTHCHECK runs it, so the image needs no curl.

use std::process::ExitCode;
use std::time::Duration;

use crate::config::Settings;

use super::{EXIT_BAD_SETTINGS, EXIT_FAILED};

/// Longer than Docker's default health-check timeout would be pointless.
const TIMEOUT: Duration = Duration::from_secs(10);

pub fn run(settings: &Settings, url: Option<String>) -> ExitCode {
    let Some(url) = url.or_else(|| default_url(settings)) else {
        eprintln!(
            "prepbot health: no address to ask. Set metrics.listen (PREPBOT__METRICS__LISTEN, \
             such as 127.0.0.1:9100) as for `prepbot run`, or give --url http://HOST:PORT"
        );
        return ExitCode::from(EXIT_BAD_SETTINGS);
    };
    let url = healthz_url(&url);
    let asked = super::block_on_value(async {
        let client = reqwest::Client::builder().timeout(TIMEOUT).build()?;
        let response = client.get(&url).send().await?;
        let status = response.status();
        let body = response.text().await?;
        Ok::<_, reqwest::Error>((status, body))
    });
    match asked {
        Err(()) => ExitCode::from(EXIT_FAILED),
        Ok(Ok((status, body))) => {
            let healthy = status == reqwest::StatusCode::OK;
            let verdict = if healthy { "healthy" } else { "NOT healthy" };
            let text = format!("{url}: {status}, {verdict}\n{}\n", body.trim_end());
            let printed = super::print_quietly(&text);
            if healthy {
                printed
            } else {
                ExitCode::from(EXIT_FAILED)
            }
        }
        Ok(Err(error)) => {
            eprintln!(
                "prepbot health: {url} did not answer ({}); is prepbot running with \
                 metrics.listen set?",
                without_url(&error)
            );
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// `metrics.listen`, asked on the loopback address when it listens on all
/// of them (0.0.0.0 or ::).
fn default_url(settings: &Settings) -> Option<String> {
    let mut listen = settings.metrics.listen?;
    if listen.ip().is_unspecified() {
        listen.set_ip(if listen.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    Some(format!("http://{listen}"))
}

/// `http://host:port` or `http://host:port/healthz` both ask `/healthz`.
fn healthz_url(url: &str) -> String {
    let url = url.trim_end_matches('/');
    if url.ends_with("/healthz") {
        url.to_owned()
    } else {
        format!("{url}/healthz")
    }
}

/// reqwest's message names the URL already printed; keep the cause.
fn without_url(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let text = cause.to_string();
    if error.is_timeout() {
        format!("no answer within {} s", TIMEOUT.as_secs())
    } else if error.is_connect() {
        format!("cannot connect: {text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_address_or_the_full_path_both_ask_healthz() {
        assert_eq!(
            healthz_url("http://127.0.0.1:9100"),
            "http://127.0.0.1:9100/healthz"
        );
        assert_eq!(
            healthz_url("http://127.0.0.1:9100/healthz/"),
            "http://127.0.0.1:9100/healthz"
        );
    }

    #[test]
    fn a_listener_on_every_address_is_asked_on_the_loopback() {
        let mut settings = Settings::default();
        settings.metrics.listen = Some("0.0.0.0:9100".parse().unwrap());
        assert_eq!(
            default_url(&settings).as_deref(),
            Some("http://127.0.0.1:9100")
        );
        settings.metrics.listen = None;
        assert_eq!(default_url(&settings), None);
    }
}
