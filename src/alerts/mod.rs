//! Alerts before the breach, against the store and out to people: one round of the
//! alert engine (`cycle`: record the crossings once across every process, claim what
//! this user has not had) and delivery (`deliver`: desktop, terminal, command hook).
//! The rules of what is crossed and what a notice says are in `slawatch_core::alerts`.

pub mod cycle;
pub mod deliver;
pub mod key_set;
