//! Files slawatch writes for people: reports and exports, readable by their owner only,
//! written through a fresh file renamed over the target, never through a link. The
//! helper lives in the store crate, whose backups need it too; this is the program's
//! door to it.

pub use slawatch_store::private_file::{PrivateFile, PrivateFileError, write};
