//! I/O glue that the command line, the dashboard and the headless watcher share: the
//! clock, the policy file and its watcher, loading the open jobs, running a report,
//! writing private files, and the demo data generator.

pub mod clock;
pub mod config_file;
pub mod demo;
pub mod files;
pub mod job_json;
pub mod names;
pub mod open_jobs;
pub mod policy;
pub mod report;
pub mod stdio;
