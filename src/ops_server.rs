//! The operator's endpoint on `metrics.listen`: `GET /healthz` (200 with
//! `{"status": "ok", ...}`, or 503 naming each failing check) and
//! `GET /metrics` (Prometheus text, rendered by metrics-exporter-prometheus
//! from what `metric` recorded). Off unless `metrics.listen` is set.
//!
//! ```text
//! PREPBOT__METRICS__LISTEN=127.0.0.1:9100 prepbot run
//! curl -s 127.0.0.1:9100/healthz   # or: prepbot health
//! ```

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::engine::Engine;
use crate::health::Health;
use crate::metric;

/// What the two routes read.
#[derive(Clone)]
pub struct Ops {
    pub engine: Arc<Engine>,
    pub health: Arc<Health>,
    pub metrics: PrometheusHandle,
    /// The database file, whose size (with its write-ahead log) is a gauge.
    pub database: PathBuf,
}

/// Installs the Prometheus recorder behind the `metrics` facade, once per
/// process (a second call hands back the same handle).
pub fn install_recorder() -> anyhow::Result<PrometheusHandle> {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(metric::COMMAND_SECONDS.to_owned()),
            metric::COMMAND_BUCKETS,
        )
        .context("setting the command latency buckets")?
        .install_recorder()
        .context("installing the metrics recorder")?;
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// The two routes, for `serve` and for tests and benches that call them
/// without a socket.
pub fn router(ops: Ops) -> Router {
    Router::new()
        .route("/healthz", axum::routing::get(healthz))
        .route("/metrics", axum::routing::get(metrics_text))
        .with_state(ops)
}

/// Listens on `listen` until `shutdown` completes.
pub async fn serve(
    listen: std::net::SocketAddr,
    ops: Ops,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| {
            format!("listening for /healthz and /metrics on {listen} (metrics.listen)")
        })?;
    tracing::info!(%listen, "serving /healthz and /metrics");
    axum::serve(listener, router(ops))
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving /healthz and /metrics")
}

async fn healthz(State(ops): State<Ops>) -> Response {
    let database = ops.engine.store().check_writable_now().await;
    let report = ops.health.report(ops.engine.now(), database);
    let status = if report.healthy() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(report.to_json())).into_response()
}

async fn metrics_text(State(ops): State<Ops>) -> Response {
    // Gauges read at scrape time: no database query, only the files' sizes.
    metric::scheduler_lag(ops.health.scheduler_lag(ops.engine.now()));
    metric::database_bytes(database_bytes(&ops.database));
    // Without the exporter's own runtime, histograms are folded in here.
    ops.metrics.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        ops.metrics.render(),
    )
        .into_response()
}

/// The database file and its write-ahead log, which together are what the
/// database takes on disk.
fn database_bytes(path: &std::path::Path) -> u64 {
    let size = |path: &std::path::Path| std::fs::metadata(path).map_or(0, |meta| meta.len());
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    size(path) + size(std::path::Path::new(&wal))
}
