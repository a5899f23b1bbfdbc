//! Files slawatch writes for people: reports and exports, readable by their owner only.

use std::path::Path;

/// Creates (or truncates) `path` for writing, readable and writable by the owner only.
///
/// # Errors
/// The file cannot be created.
pub fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
