# A small image that runs prepbot as a non-root user.
#   docker build -t prepbot .
#   docker run -v prepbot-data:/data -e DISCORD_TOKEN=... prepbot run
#   docker run -v prepbot-data:/data -e SLACK_BOT_TOKEN=... -e SLACK_APP_TOKEN=... prepbot run
# or `docker compose up -d` with compose.yaml and an .env file.
# tests/dockerfile.rs checks this file, and scripts/dockerfile-build-steps
# runs its two build steps without Docker (both from .ci/run); keep the
# stub step's shell in one RUN line that script can find.

FROM rust:1-slim-bookworm AS build
WORKDIR /src
# Build the dependencies first so that a change to prepbot's own code does
# not rebuild them.
COPY Cargo.toml Cargo.lock ./
# Every [[bench]] in Cargo.toml needs a file for the manifest to load.
RUN mkdir -p src benches && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && for bench in $(grep -A1 '^\[\[bench\]\]' Cargo.toml | sed -n 's/^name = "\(.*\)"/\1/p'); do \
         echo 'fn main() {}' > "benches/$bench.rs"; done \
    && cargo build --release --locked && rm -rf src benches
COPY src ./src
COPY benches ./benches
# The migrations are built into the binary (sqlx::migrate!), so only the
# build stage needs them.
COPY migrations ./migrations
# The pictures' font is built into the binary.
COPY assets ./assets
# Queries are checked at compile time against .sqlx/ (SQLX_OFFLINE is set in
# .cargo/config.toml), so the build needs no database.
COPY .cargo ./.cargo
COPY .sqlx ./.sqlx
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin prepbot \
    && mkdir -p /data && chown prepbot /data
COPY --from=build /src/target/release/prepbot /usr/local/bin/prepbot
COPY questions /opt/prepbot/questions
COPY config.example.toml /opt/prepbot/config.example.toml
ENV PREPBOT__DATABASE__PATH=/data/prepbot.db \
    PREPBOT__BANK__QUESTIONS_DIR=/opt/prepbot/questions \
    PREPBOT__LOGGING__FORMAT=json \
    PREPBOT__METRICS__LISTEN=0.0.0.0:9100
# /healthz and /metrics (Prometheus).
EXPOSE 9100
USER prepbot
WORKDIR /data
VOLUME /data
# prepbot asks its own /healthz (metrics.listen above): no curl needed.
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["prepbot", "health"]
ENTRYPOINT ["prepbot"]
CMD ["run"]
