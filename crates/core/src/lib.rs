//! slawatch-core: the pure SLA core. No I/O and no clock: `now` is always a parameter,
//! and chrono is built without its `clock` feature, so nothing here can read the time.
//!
//! - [`time`]: civil dates, instants, window lengths, countdowns
//! - [`calendar`]: business-hours arithmetic
//! - [`policy`]: `sla.toml`, its validation and matching a job to a tier
//! - [`sla`]: the clocks of a job at `now`, and why
//! - [`job`]: the job, its statuses and events, the actions and which may follow which
//! - [`board`]: the open jobs judged at `now`
//! - [`alerts`]: which thresholds are crossed and what a notice says
//! - [`report`]: compliance figures, credits, the forecast and their renderers
//! - [`text`]: user text made inert for terminals, spreadsheets and HTML

pub mod alerts;
pub mod board;
pub mod calendar;
pub mod job;
pub mod mail;
pub mod policy;
pub mod report;
pub mod shared;
pub mod sla;
pub mod text;
pub mod time;
