//! slawatch: every service job against its contracted SLA.
//!
//! The pure core — [`calendar`], [`duration`], [`policy`], [`sla`] — does no I/O and
//! never reads the clock; `now` is always a parameter.

pub mod alerts;
pub mod calendar;
pub mod civil;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod display;
pub mod duration;
pub mod importer;
pub mod instant;
pub mod limits;
pub mod policy;
pub mod report;
pub mod reporting;
pub mod sla;
pub mod store;
pub mod tui;
