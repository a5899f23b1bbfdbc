//! End to end: the real binary in a real terminal (tmux) and with a real notification
//! server (dunst on a private D-Bus), and the runs that kill, race or soak it. Needs
//! tmux and `../shared/tools/` beside the clone.
//!
//! All of these share one process: tmux sessions are named per `Tui` (a counter), not
//! per process, and the soak's workers rerun this binary with the worker test's full
//! module path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_macros)]

#[path = "../common/mod.rs"]
mod common;

mod alerts_after_kill;
mod alerts_e2e;
mod alerts_watch;
mod api;
mod clock_jumps;
mod closed_jobs;
mod first_run;
mod forecast_worst;
mod hostile_text_live;
mod imap_ingest;
mod imap_starttls;
mod kill_storm;
mod mail_ack;
mod mail_ack_auth;
mod mail_durable;
mod mail_flow;
mod maildir_kill;
mod portal;
mod read_only_dashboard;
mod soak;
mod tui_e2e;
mod webhooks;
