//! A real SQLite store file through the library: bulk loads, faults and hostile files,
//! the alert engine and the breach forecast over a store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_macros)]

#[path = "../common/mod.rs"]
mod common;

mod alerts_engine;
mod forecast;
mod holes_evidence;
mod holes_revoke;
mod holes_roles;
mod mail_store;
mod memory_rows;
mod store_bulk;
mod store_faults;
mod store_files;
