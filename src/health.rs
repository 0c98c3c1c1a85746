//! The health registry: what `/healthz` answers. Front-ends say when their
//! platform connection comes and goes, the scheduler says when its next
//! round is due, and `report` turns that (with the database check the
//! caller ran) into a verdict at a given instant. It knows no platform's
//! types and does no I/O, so it is the same for Discord, Slack and tests.
//!
//! ```
//! # use prepbot::health::Health;
//! # use chrono::{Duration, TimeZone, Utc};
//! let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
//! let health = Health::new(Duration::minutes(5));
//! health.expect_platform("discord");
//! assert!(!health.report(now, Ok(())).healthy());
//! health.connected("discord");
//! assert!(health.report(now, Ok(())).healthy());
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// Shared by the front-ends, the scheduler and the health endpoint.
#[derive(Debug)]
pub struct Health {
    platforms: Mutex<BTreeMap<&'static str, Connection>>,
    /// When the scheduler's next round should start (or the round under
    /// way started): past it by more than `scheduler_bound`, it is behind.
    scheduler_due: Mutex<Option<DateTime<Utc>>>,
    scheduler_bound: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connection {
    /// Configured, not connected yet since start.
    Starting,
    Connected,
    /// Was connected, lost it; the front-end is trying again.
    Lost,
}

/// One check's verdict: "ok", or what is wrong in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// Every check at one instant, in a fixed order: database, platforms by
/// name, scheduler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    pub fn healthy(&self) -> bool {
        self.checks.iter().all(|check| check.ok)
    }

    /// The body of `/healthz`: `{"status": "ok"|"failing", "failing":
    /// [names], "checks": {name: "ok" or what is wrong}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let failing: Vec<&str> = self
            .checks
            .iter()
            .filter(|check| !check.ok)
            .map(|check| check.name.as_str())
            .collect();
        let checks: serde_json::Map<String, serde_json::Value> = self
            .checks
            .iter()
            .map(|check| (check.name.clone(), check.detail.clone().into()))
            .collect();
        serde_json::json!({
            "status": if failing.is_empty() { "ok" } else { "failing" },
            "failing": failing,
            "checks": checks,
        })
    }
}

impl Health {
    /// `scheduler_bound`: how far past a due round the scheduler may be
    /// before it counts as behind.
    pub fn new(scheduler_bound: Duration) -> Self {
        Self {
            platforms: Mutex::new(BTreeMap::new()),
            scheduler_due: Mutex::new(None),
            scheduler_bound,
        }
    }

    /// A platform this run serves: unhealthy until it first connects.
    pub fn expect_platform(&self, platform: &'static str) {
        if let Ok(mut platforms) = self.platforms.lock() {
            platforms.entry(platform).or_insert(Connection::Starting);
        }
    }

    /// The platform's connection is up.
    pub fn connected(&self, platform: &'static str) {
        if let Ok(mut platforms) = self.platforms.lock() {
            platforms.insert(platform, Connection::Connected);
        }
    }

    /// The platform's connection is down (the front-end keeps trying).
    pub fn disconnected(&self, platform: &'static str) {
        if let Ok(mut platforms) = self.platforms.lock() {
            let state = platforms.entry(platform).or_insert(Connection::Starting);
            if *state == Connection::Connected {
                *state = Connection::Lost;
            }
        }
    }

    /// The scheduler's next round is due at `at` (a round starting now
    /// passes its own start).
    pub fn scheduler_due(&self, at: DateTime<Utc>) {
        if let Ok(mut due) = self.scheduler_due.lock() {
            *due = Some(at);
        }
    }

    /// How far behind its plan the scheduler is at `now`: zero when on time
    /// or when no scheduler runs.
    pub fn scheduler_lag(&self, now: DateTime<Utc>) -> Duration {
        let due = self.scheduler_due.lock().ok().and_then(|due| *due);
        due.map_or(Duration::zero(), |due| (now - due).max(Duration::zero()))
    }

    /// Every check at `now`; `database` is the result of the caller's write
    /// test (an error in words).
    pub fn report(&self, now: DateTime<Utc>, database: Result<(), String>) -> Report {
        let mut checks = vec![Check {
            name: "database".to_owned(),
            ok: database.is_ok(),
            detail: database.err().unwrap_or_else(|| "ok".to_owned()),
        }];
        if let Ok(platforms) = self.platforms.lock() {
            for (platform, state) in platforms.iter() {
                let detail = match state {
                    Connection::Connected => "ok".to_owned(),
                    Connection::Starting => format!("not connected to {platform} yet"),
                    Connection::Lost => {
                        format!("the connection to {platform} was lost; reconnecting")
                    }
                };
                checks.push(Check {
                    name: (*platform).to_owned(),
                    ok: *state == Connection::Connected,
                    detail,
                });
            }
        }
        let lag = self.scheduler_lag(now);
        let behind = lag > self.scheduler_bound;
        checks.push(Check {
            name: "scheduler".to_owned(),
            ok: !behind,
            detail: if behind {
                format!(
                    "the daily-question scheduler is {} s behind (the bound is {} s)",
                    lag.num_seconds(),
                    self.scheduler_bound.num_seconds()
                )
            } else {
                "ok".to_owned()
            },
        });
        Report { checks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn a_platform_is_healthy_only_while_connected_and_is_named_when_not() {
        let health = Health::new(Duration::minutes(5));
        health.expect_platform("discord");
        let report = health.report(at(0), Ok(()));
        assert_eq!(report.to_json()["failing"], serde_json::json!(["discord"]));
        health.connected("discord");
        assert!(health.report(at(0), Ok(())).healthy());
        health.disconnected("discord");
        let body = health.report(at(0), Ok(())).to_json();
        assert_eq!(body["status"], "failing");
        assert_eq!(
            body["checks"]["discord"],
            "the connection to discord was lost; reconnecting"
        );
    }

    #[test]
    fn the_scheduler_is_behind_only_past_the_bound() {
        let health = Health::new(Duration::minutes(5));
        health.scheduler_due(at(0));
        assert!(health.report(at(300), Ok(())).healthy());
        let late = health.report(at(301), Ok(()));
        assert!(!late.healthy());
        assert_eq!(late.to_json()["failing"], serde_json::json!(["scheduler"]));
        assert_eq!(health.scheduler_lag(at(-10)), Duration::zero());
    }

    #[test]
    fn a_database_that_cannot_be_written_fails_with_its_reason() {
        let health = Health::new(Duration::minutes(5));
        let body = health
            .report(at(0), Err("attempt to write a readonly database".into()))
            .to_json();
        assert_eq!(body["failing"], serde_json::json!(["database"]));
        assert_eq!(
            body["checks"]["database"],
            "attempt to write a readonly database"
        );
    }
}
