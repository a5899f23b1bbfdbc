//! The real binary from the shell, as a dispatcher or a script would run it: every
//! command, its refusals and its output formats.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_macros)]

#[path = "../common/mod.rs"]
mod common;

mod cli_help;
mod cli_policy;
mod clocks_shown;
mod config_file;
mod dates;
mod export_stream;
mod fuzz_regressions;
mod holes_evidence;
mod holes_files;
mod holes_inputs;
mod holes_revoke;
mod holes_roles;
mod hostile_calendars;
mod hostile_text;
mod hostile_times;
mod jobs_cli;
mod list_shares;
mod mail_ingest;
mod mail_outbox;
mod names;
mod owner_only;
mod report;
mod tokens;
mod verify_rows;
