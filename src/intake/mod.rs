//! Jobs in and out as files: reading them to import from CSV or JSON lines, and writing
//! jobs and events out in the same shapes.

pub mod ack;
pub mod export;
pub mod imap;
pub mod import;
pub mod mail;
pub mod outbox;
