//! prepbot: a chatbot that helps people prepare for Generative-AI interviews
//! together. The engine is here; the binary in `main.rs` only wires it up.
//!
//! `scripts/sqlx-prepare` describes the PostgreSQL queries in a build of
//! the store alone (`--cfg prepbot_prepare_postgres`), as the rest still
//! holds SQLite-only queries; see `store::db`.

// A prepare build leaves one dialect's queries out, so what only they use
// looks unused there; ordinary builds warn as usual.
#![cfg_attr(any(prepbot_prepare_sqlite, prepbot_prepare_postgres), allow(unused))]

#[cfg(not(prepbot_prepare_postgres))]
pub mod app;
#[cfg(not(prepbot_prepare_postgres))]
pub mod backups;
#[cfg(not(prepbot_prepare_postgres))]
pub mod bank;
#[cfg(not(prepbot_prepare_postgres))]
pub mod button_id;
#[cfg(not(prepbot_prepare_postgres))]
pub mod cli;
#[cfg(not(prepbot_prepare_postgres))]
pub mod command_log;
pub mod config;
#[cfg(not(prepbot_prepare_postgres))]
pub mod console;
#[cfg(not(prepbot_prepare_postgres))]
pub mod discord;
pub mod domain;
#[cfg(not(prepbot_prepare_postgres))]
pub mod engine;
#[cfg(not(prepbot_prepare_postgres))]
pub mod health;
#[cfg(not(prepbot_prepare_postgres))]
pub mod judge;
#[cfg(not(prepbot_prepare_postgres))]
pub mod liveness;
#[cfg(not(prepbot_prepare_postgres))]
pub mod metric;
#[cfg(not(prepbot_prepare_postgres))]
pub mod ops_server;
#[cfg(not(prepbot_prepare_postgres))]
pub mod picture;
#[cfg(not(prepbot_prepare_postgres))]
pub mod reminders;
#[cfg(not(prepbot_prepare_postgres))]
pub mod scheduler;
#[cfg(not(prepbot_prepare_postgres))]
pub mod slack;
pub mod store;
#[cfg(not(prepbot_prepare_postgres))]
pub mod telemetry;
#[cfg(not(prepbot_prepare_postgres))]
pub mod wording;
