//! prepbot: a chatbot that helps people prepare for Generative-AI interviews
//! together. The engine is here; the binary in `main.rs` only wires it up.

pub mod app;
pub mod backups;
pub mod bank;
pub mod button_id;
pub mod cli;
pub mod command_log;
pub mod config;
pub mod console;
pub mod discord;
pub mod domain;
pub mod engine;
pub mod health;
pub mod judge;
pub mod liveness;
pub mod metric;
pub mod ops_server;
pub mod picture;
pub mod reminders;
pub mod scheduler;
pub mod slack;
pub mod store;
pub mod telemetry;
pub mod wording;
