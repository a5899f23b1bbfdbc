//! The breach forecast: when each open job will likely reach its next stage and its
//! resolution, from how long the same transitions took before, and which jobs that
//! makes late.
//!
//! - [`History`]: per (tier, type), per tier and overall, the business time from entering
//!   a stage (logged, responded, attended) to the stop of each later clock, pauses that
//!   stop the clock left out; median and 80th percentile, trusted from
//!   [`MIN_SAMPLES`] samples, else falling back tier+type → tier → all.
//! - [`forecast_open`]: for each running clock of an open job, the expected stop = `now`
//!   advanced on the tier's calendar by the work queued ahead for its technician (see
//!   [`queues`]) plus the median rest of its stage (the 80th percentile too). A clock not
//!   yet breached whose expected stop passes its deadline is **at risk**, by the
//!   expected overrun in business time.
//! - [`backtest`]: replays history moment by moment, using only what was known then.
//!
//! Pure: jobs, the policy and `now` come in; nothing is read or written.

mod backtest;
mod history;
mod open;
mod stages;

pub use backtest::{Assignments, Backtest, BacktestSpec, Confusion, Prediction, Skipped, backtest};
pub use history::{Basis, Estimate, History, HistoryBuilder, MIN_SAMPLES};
pub use open::{Forecast, Standing, forecast_open, outlook, queues};
pub use stages::{ClockTrace, Sample, Stage, Stop, entered, first_stop, key_at, samples, stage_at};

#[cfg(test)]
mod fixture;
