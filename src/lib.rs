//! slawatch: every service job against its contracted SLA — the program. Everything
//! that touches the world lives here: the command line ([`cli`]), the dashboard
//! ([`tui`]), alert delivery ([`alerts`]), work coming in ([`intake`]) and the glue they
//! share ([`service`]). The SLA rules are in `slawatch_core` (pure: no I/O, no clock)
//! and every SQL statement in `slawatch_store`.

pub mod alerts;
pub mod cli;
pub mod intake;
pub mod serve;
pub mod service;
pub mod tui;
