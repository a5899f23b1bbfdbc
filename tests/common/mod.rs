//! Helpers shared by the integration-test binaries (`tests/{core,store,cli,tui,e2e}`),
//! included once per binary as `mod common;`. Each binary uses only some of them.
#![allow(dead_code)]

use std::process::Command;

use slawatch_core::policy::{Policy, parse_policy};

pub mod alert_ledger;
pub mod bounded;
pub mod calendars;
pub mod cli;
pub mod forger;
pub mod hostile_text_desk;
pub mod import_kills;
pub mod kill_rig;
pub mod notify_rig;
pub mod soak_check;
pub mod soak_worker;
pub mod store_rig;
pub mod time_desk;
pub mod tmux;
pub mod tui_fixture;

/// The `slawatch` binary under test (its path, for argv lists such as tmux's).
pub const BIN: &str = env!("CARGO_BIN_EXE_slawatch");

/// The one way the tests start the binary: a `Command` for [`BIN`], nothing else set
/// (callers add the arguments and environment; [`cli::Cli`] adds a store, a policy and
/// a user).
pub fn bin() -> Command {
    Command::new(BIN)
}

/// The shipped example policy, `sla.toml.example`.
#[derive(Clone, Copy)]
pub struct ExamplePolicy {
    /// Its path, for `--policy`, `SLAWATCH_POLICY` and `policy check`.
    pub path: &'static str,
    /// Its text, as shipped.
    pub text: &'static str,
}

impl ExamplePolicy {
    /// Parsed (it is valid: `core::policy_errors` checks that).
    pub fn parse(&self) -> Policy {
        parse_policy("sla.toml.example", self.text).expect("the example policy parses")
    }
}

/// The one way the tests load the example policy: its path, text, or parsed form.
pub fn example_policy() -> ExamplePolicy {
    ExamplePolicy {
        path: concat!(env!("CARGO_MANIFEST_DIR"), "/sla.toml.example"),
        text: include_str!("../../sla.toml.example"),
    }
}
