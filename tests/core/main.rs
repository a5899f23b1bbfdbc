//! Pure engine tests, no store file and no binary: the business-hours calendar, the SLA
//! clocks and the policy's validation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod calendar_cases;
mod calendar_props;
mod holes_inputs;
mod mail_policy;
mod memory_sizes;
mod policy_errors;
mod sla_clocks;
mod webhooks_policy;
