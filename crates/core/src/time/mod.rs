//! Time as slawatch counts it: civil dates, instants (Unix seconds) and how people type
//! and read them, SLA window lengths, and countdowns.

pub mod civil;
pub mod countdown;
pub mod duration;
pub mod instant;
pub mod shown;

pub use countdown::{age, countdown, dur, late_by, opt_dur};
