//! The dashboard without a terminal: `update(app, msg)` and every view drawn on
//! ratatui's `TestBackend`, against insta snapshots (`tests/tui/snapshots/`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod prefs;
mod update;
mod views;
mod views_detail;
mod views_glance;
