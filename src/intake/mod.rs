//! Work coming in: jobs to import from CSV or JSON lines.

pub mod import;
